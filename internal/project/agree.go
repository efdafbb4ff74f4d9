package project

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
)

// AgreementOptions choose what Agreement compares.
type AgreementOptions struct {
	// Unit is sentence (the default), turn or source.
	Unit analysis.Unit
	// Coders are the coders compared (two or more); empty means every
	// coder.
	Coders []string
	// Code keeps one code and the codes under it; empty keeps them all.
	Code string
	// Bootstrap asks for Krippendorff's bootstrap of alpha.
	Bootstrap agreement.BootstrapOptions
}

// Agreement is an agreement report: one summary per code and the pooled
// overall, with the reliability data they were computed from.
type Agreement struct {
	// Unit is the unit of a project's report ("" for a file of data).
	Unit  analysis.Unit
	Level agreement.Level
	// Coders are the coders compared, in order.
	Coders []string
	// Units counts a project's units in scope.
	Units int
	Codes []CodeAgreement
	// Overall pools every code; nil for a file of data without codes.
	Overall *agreement.Summary
	// Data is the reliability data, per code.
	Data []analysis.CodeReliability
}

// CodeAgreement is the summary of one code ("" for a file without codes).
type CodeAgreement struct {
	Code    string
	Summary agreement.Summary
}

// Agreement computes intercoder agreement on the project's codings, per
// code and overall (nominal alpha: coded or not). Naming a coder or code
// the project does not have, or fewer than two coders, is an InvalidError;
// a project coded by fewer than two coders is an error.
func (p *Project) Agreement(ctx context.Context, opt AgreementOptions) (*Agreement, error) {
	if opt.Unit != "" {
		if _, err := analysis.ParseAgreementUnit(string(opt.Unit)); err != nil {
			return nil, InvalidError{err}
		}
	}
	if opt.Coders != nil && len(opt.Coders) < 2 {
		return nil, InvalidError{fmt.Errorf("agreement needs two or more coders, got %d", len(opt.Coders))}
	}
	d, err := p.st.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	rel, err := d.Reliability(analysis.ReliabilityOptions{Unit: opt.Unit, Coders: opt.Coders, Code: opt.Code})
	if errors.Is(err, analysis.ErrFilter) {
		return nil, InvalidError{err}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	if len(rel.Coders) < 2 {
		who := "the project has no codings"
		if len(rel.Coders) == 1 {
			who = "every coding is by " + rel.Coders[0]
		}
		return nil, fmt.Errorf("%s: agreement needs two or more coders; %s", p.st.Path(), who)
	}
	a, err := summarizeCodes(rel.Codes, agreement.Nominal, opt.Bootstrap, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	a.Unit, a.Coders, a.Units = rel.Unit, rel.Coders, rel.Units
	return a, nil
}

// AgreementOnData computes agreement on a CSV file of reliability data
// (unit, coder, value and optionally code) read from r; name names the
// file in errors. With a code column, every code is summarised and pooled
// into the overall.
func AgreementOnData(name string, r io.Reader, level agreement.Level, boot agreement.BootstrapOptions) (*Agreement, error) {
	codes, err := analysis.ReadReliabilityCSV(name, r)
	if err != nil {
		return nil, err
	}
	withCodes := codes[0].Code != ""
	a, err := summarizeCodes(codes, level, boot, withCodes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		for _, coder := range c.Data.Coders() {
			if !seen[coder] {
				seen[coder] = true
				a.Coders = append(a.Coders, coder)
			}
		}
	}
	return a, nil
}

// summarizeCodes summarises each code's data and, when pool is set, their
// pooled overall (analysis.PoolReliability).
func summarizeCodes(codes []analysis.CodeReliability, level agreement.Level, boot agreement.BootstrapOptions, pool bool) (*Agreement, error) {
	a := &Agreement{Level: level, Data: codes}
	for _, c := range codes {
		sum, err := agreement.Summarize(c.Data, level, boot)
		if err != nil {
			if c.Code == "" {
				return nil, err
			}
			return nil, fmt.Errorf("code %q: %w", c.Code, err)
		}
		a.Codes = append(a.Codes, CodeAgreement{Code: c.Code, Summary: sum})
	}
	if !pool {
		return a, nil
	}
	overall, err := analysis.PoolReliability(codes)
	if err != nil {
		return nil, err
	}
	sum, err := agreement.Summarize(overall, level, boot)
	if err != nil {
		return nil, fmt.Errorf("overall: %w", err)
	}
	a.Overall = &sum
	return a, nil
}
