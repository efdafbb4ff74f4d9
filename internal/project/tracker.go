package project

import (
	"context"
	"fmt"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Tracker is the recommendations with their evidence, in id order.
type Tracker struct {
	Recs []tracker.Recommendation
	// Evidence[i] is the evidence of Recs[i], counted on the whole
	// project as the coders in Scope coded it, as tables count.
	Evidence []analysis.Evidence
	// Scope is the coders counted: the project's default coders, or
	// every coder.
	Scope CoderScope
	// Dataset is what the evidence was counted on.
	Dataset *analysis.Dataset
}

// Tracker reads the recommendations and the project's data in one read
// transaction, then computes each recommendation's evidence with quotes
// quotes (0 for counts only).
func (p *Project) Tracker(ctx context.Context, quotes int) (*Tracker, error) {
	recs, d, err := p.st.TrackerData(ctx, "")
	if err != nil {
		return nil, err
	}
	if recs == nil {
		recs = []tracker.Recommendation{}
	}
	scope, err := p.CoderScope(nil, "")
	if err != nil {
		return nil, err
	}
	evs, err := analysis.EvidenceOf(d, recs, quotes, scope.Coders)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	return &Tracker{Recs: recs, Evidence: evs, Scope: scope, Dataset: d}, nil
}

// Recommendation finds one recommendation by id ("R3", "r3" or "3") with
// its evidence and quotes (analysis.EvidenceQuotes of them), read in one
// transaction with the data, counted as Tracker counts (CoderScope).
func (p *Project) Recommendation(ctx context.Context, ref string) (tracker.Recommendation, analysis.Evidence, error) {
	recs, d, err := p.st.TrackerData(ctx, ref)
	if err == nil && len(recs) != 1 {
		err = fmt.Errorf("recommendation %s: %w", ref, store.ErrNotFound)
	}
	if err != nil {
		return tracker.Recommendation{}, analysis.Evidence{}, err
	}
	scope, err := p.CoderScope(nil, "")
	if err != nil {
		return recs[0], analysis.Evidence{}, err
	}
	evs, err := analysis.EvidenceOf(d, recs, analysis.EvidenceQuotes, scope.Coders)
	if err != nil {
		return recs[0], analysis.Evidence{}, fmt.Errorf("%s: %w", p.st.Path(), err)
	}
	return recs[0], evs[0], nil
}
