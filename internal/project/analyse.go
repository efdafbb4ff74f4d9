package project

import (
	"context"
	"errors"
	"fmt"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
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
	recs, d, err := p.st.TrackerData(ctx, "")
	if err != nil {
		return nil, err
	}
	a, err := p.analyse(d, opt)
	if err != nil {
		return nil, err
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
