package project

import (
	"context"
	"errors"
	"fmt"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// Analyse loads the project's data and prepares the analysis under opt. A
// filter that matches nothing the project has is an InvalidError.
func (p *Project) Analyse(ctx context.Context, opt analysis.Options) (*analysis.Analysis, error) {
	d, err := p.st.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	return p.analyse(d, opt)
}

func (p *Project) analyse(d *analysis.Dataset, opt analysis.Options) (*analysis.Analysis, error) {
	a, err := analysis.New(d, opt)
	if errors.Is(err, analysis.ErrFilter) {
		return nil, InvalidError{err}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	return a, nil
}

// Report builds the report of the project under opt: its tables and, when
// the project has recommendations, the tracker (ro.Recommendations is
// filled here). Without ro.Title, the project's title (its settings) is
// the report's. The data and the recommendations are read in one
// transaction. A report option that does not fit the data is an
// InvalidError.
func (p *Project) Report(ctx context.Context, opt analysis.Options, ro report.Options) (*report.Report, error) {
	return p.ReportScanning(ctx, opt, ro, nil)
}

// ReportScanning is Report with the entity scan run beside the report's
// reads and analysis: sc, the identifier screen built without the scan
// (Screen(false)), gets what the scan finds before the report is built
// and screened. A first report after an import then scans its new sources
// on the processor the analysis leaves free. With sc nil it is Report.
func (p *Project) ReportScanning(ctx context.Context, opt analysis.Options, ro report.Options, sc *redact.Screen) (*report.Report, error) {
	var wait func() ([]redact.Term, error)
	if sc != nil {
		wait = p.st.StartEntityScan(ctx)
	}
	recs, d, err := p.st.TrackerData(ctx, "")
	if err == nil {
		var a *analysis.Analysis
		if a, err = p.analyse(d, opt); err == nil {
			return p.buildReport(a, recs, ro, sc, wait)
		}
	}
	if wait != nil {
		wait() // the scan stores what it found, for the next output
	}
	return nil, err
}

// buildReport builds the report of a, once the scan (if wait is set) has
// given sc its terms.
func (p *Project) buildReport(a *analysis.Analysis, recs []tracker.Recommendation, ro report.Options, sc *redact.Screen, wait func() ([]redact.Term, error)) (*report.Report, error) {
	if wait != nil {
		found, err := wait()
		if err != nil {
			return nil, err
		}
		sc.Add(found...)
	}
	ro.Recommendations = recs
	if ro.Title == "" {
		set, err := p.st.Settings()
		if err != nil {
			return nil, err
		}
		ro.Title = set.Title
	}
	r, err := report.Build(a, ro)
	if err != nil {
		return nil, InvalidError{err}
	}
	return r, nil
}
