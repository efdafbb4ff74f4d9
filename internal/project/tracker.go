package project

import (
	"context"
	"fmt"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// Tracker is the recommendations with their evidence, in id order.
type Tracker struct {
	Recs []tracker.Recommendation
	// Evidence[i] is the evidence of Recs[i], counted on the whole
	// project (no filter).
	Evidence []analysis.Evidence
	// Dataset is what the evidence was counted on.
	Dataset *analysis.Dataset
}

// Tracker reads the recommendations and the project's data in one read
// transaction, then computes each recommendation's evidence with quotes
// quotes (0 for counts only).
func (p *Project) Tracker(ctx context.Context, quotes int) (*Tracker, error) {
	recs, d, err := p.st.TrackerData(ctx)
	if err != nil {
		return nil, err
	}
	if recs == nil {
		recs = []tracker.Recommendation{}
	}
	evs, err := analysis.EvidenceOf(d, recs, quotes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	return &Tracker{Recs: recs, Evidence: evs, Dataset: d}, nil
}

// Recommendation finds one recommendation by id ("R3", "r3" or "3") with
// its evidence and quotes (analysis.EvidenceQuotes of them).
func (p *Project) Recommendation(ctx context.Context, ref string) (tracker.Recommendation, analysis.Evidence, error) {
	r, err := p.st.Recommendation(ref)
	if err != nil {
		return r, analysis.Evidence{}, err
	}
	d, err := p.st.Dataset(ctx)
	if err != nil {
		return r, analysis.Evidence{}, err
	}
	evs, err := analysis.EvidenceOf(d, []tracker.Recommendation{r}, analysis.EvidenceQuotes)
	if err != nil {
		return r, analysis.Evidence{}, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	return r, evs[0], nil
}
