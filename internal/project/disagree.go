package project

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Disagreements are the units where coders differ, with the agreement of
// the same comparison.
type Disagreements struct {
	// Coders are the coders compared; AllCoders every coder of the
	// project, to choose from.
	Coders, AllCoders []string
	// Units counts the units in scope.
	Units int
	Items []analysis.Disagreement
	// Agreement is the code's (its sub-codes rolled up), or every code's
	// pooled; nil with fewer than two coders.
	Agreement *agreement.Summary
}

// Disagreements lists the units on which the coders differ (analysis
// Disagreements) with their agreement. A coder or code the project does
// not have is an InvalidError.
func (p *Project) Disagreements(ctx context.Context, opt analysis.ReliabilityOptions) (*Disagreements, error) {
	d, err := p.st.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	out := &Disagreements{AllCoders: coders(d)}
	rel, err := d.Reliability(opt)
	if err == nil {
		out.Items, err = d.Disagreements(opt)
	}
	if errors.Is(err, analysis.ErrFilter) {
		return nil, InvalidError{err}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	out.Coders, out.Units = rel.Coders, rel.Units
	if len(rel.Coders) >= 2 && len(rel.Codes) > 0 {
		data := rel.Overall
		if opt.Code != "" {
			data = rel.Codes[0].Data // the code itself, its sub-codes rolled up
		}
		if sum, err := agreement.Summarize(data, agreement.Nominal, agreement.BootstrapOptions{}); err == nil {
			out.Agreement = &sum
		}
	}
	return out, nil
}

// Resolved is what a resolution changed.
type Resolved struct {
	Removed, Added []coding.Coding
	// Summary is the audit log's words for it (ids and counts).
	Summary string
}

// Resolve resolves a disagreement as r says, in one transaction logged
// under the store's actor (the coder resolving). A piece of a coder's own
// coding keeps its memo; copies and recodes have none.
func (p *Project) Resolve(ctx context.Context, dis analysis.Disagreement, r analysis.Resolution) (*Resolved, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cb, err := p.st.Codebook()
	if err != nil {
		return nil, err
	}
	paths := make(map[int64]string, len(cb))
	known := map[string]bool{}
	for _, e := range cb {
		paths[e.ID], known[e.Path] = e.Path, true
	}
	if r.Kind == analysis.Recode && !known[r.Code] {
		return nil, InvalidError{fmt.Errorf("recode: no code %q", r.Code)}
	}
	src, err := p.st.Source(fmt.Sprint(dis.Source))
	if err != nil {
		return nil, err
	}
	ch, err := dis.Plan(r, []rune(src.Text), paths)
	if err != nil {
		return nil, InvalidError{err}
	}
	list, err := p.st.Codings(store.CodingFilter{Source: fmt.Sprint(dis.Source)})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]coding.Coding, len(list))
	for _, c := range list {
		byID[c.ID] = c
	}
	add := make([]store.NewCoding, len(ch.Add))
	for i, a := range ch.Add {
		add[i] = store.NewCoding{Source: fmt.Sprint(dis.Source), Code: a.Code, Start: a.Start, End: a.End, Coder: a.Coder}
		if from, ok := byID[a.From]; ok && from.Coder == a.Coder {
			add[i].Memo = from.Memo
		}
	}
	res := &Resolved{Summary: resolveSummary(dis, r, cb)}
	res.Removed, res.Added, err = p.st.ChangeCodings(res.Summary, ch.Remove, add)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// resolveSummary names a resolution by ids for the audit log: never the
// words of the unit.
func resolveSummary(dis analysis.Disagreement, r analysis.Resolution, cb []store.CodebookEntry) string {
	var at []string
	for _, sp := range dis.Spans {
		at = append(at, fmt.Sprintf("%d-%d", sp.Start, sp.End))
	}
	how := "keep " + r.Coder
	switch r.Kind {
	case analysis.KeepAll:
		how = "keep every coder's"
	case analysis.Recode:
		for _, e := range cb {
			if e.Path == r.Code {
				how = fmt.Sprintf("recode as code %d", e.ID)
			}
		}
	}
	return fmt.Sprintf("resolve disagreement of %s on source %d at %s: %s", strings.Join(dis.Coders, ","), dis.Source, strings.Join(at, ","), how)
}

// SourceAgreement is each source's agreement (every code pooled, sentence
// units) where two or more coders coded it, by source id.
func (p *Project) SourceAgreement(ctx context.Context) (map[int64]agreement.Summary, error) {
	d, err := p.st.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	if len(coders(d)) < 2 {
		return map[int64]agreement.Summary{}, nil // nothing to compare: no need to build the data
	}
	rel, err := d.Reliability(analysis.ReliabilityOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	out := map[int64]agreement.Summary{}
	if len(rel.Coders) < 2 {
		return out, nil
	}
	// Each source's share of every code's data, pooled as for the
	// project's overall (analysis.PoolReliability), source by source.
	per := map[int64]*agreement.Data{}
	for _, c := range rel.Codes {
		c.Data.EachCell(func(unit, coder, value string) {
			src := rel.UnitSource[unit]
			if per[src] == nil {
				per[src] = agreement.NewData()
			}
			_ = per[src].Add(c.Code+" | "+unit, coder, value) // one value per cell: cannot fail
		})
	}
	for src, data := range per {
		if data.CodersWithValues() < 2 {
			continue
		}
		sum, err := agreement.Summarize(data, agreement.Nominal, agreement.BootstrapOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s: source %d: %w", p.st.Path(), src, err)
		}
		out[src] = sum
	}
	return out, nil
}

// coders are the project's coders, sorted.
func coders(d *analysis.Dataset) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range d.Codings {
		if !seen[c.Coder] {
			seen[c.Coder] = true
			out = append(out, c.Coder)
		}
	}
	sort.Strings(out)
	return out
}
