package analysis

import (
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// benchRecs are six recommendations over the benchmark project's codes,
// linked to two to five sub-codes each (ids 2-8 are Theme 1's codes, 10-16
// Theme 2's, 18-24 Theme 3's), one to a whole theme.
func benchRecs() []tracker.Recommendation {
	link := func(ids ...int64) []tracker.LinkedCode {
		out := make([]tracker.LinkedCode, len(ids))
		for i, id := range ids {
			out[i] = tracker.LinkedCode{ID: id}
		}
		return out
	}
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	return []tracker.Recommendation{
		{ID: "R1", Status: tracker.StatusInProgress, Priority: tracker.PriorityHigh, Due: day, Codes: link(2, 3, 4)},
		{ID: "R2", Status: tracker.StatusAccepted, Priority: tracker.PriorityMedium, Due: day.AddDate(0, 3, 0), Codes: link(8, 16)},
		{ID: "R3", Status: tracker.StatusBlocked, Priority: tracker.PriorityHigh, Due: day.AddDate(0, 1, 0), Codes: link(10, 11, 12, 13, 14)},
		{ID: "R4", Status: tracker.StatusInProgress, Priority: tracker.PriorityMedium, Codes: link(17)},
		{ID: "R5", Status: tracker.StatusProposed, Priority: tracker.PriorityHigh, Codes: link(22, 12)},
		{ID: "R6", Status: tracker.StatusDone, Priority: tracker.PriorityLow, Codes: link(24)},
	}
}

// BenchmarkEvidence: the evidence of six recommendations (counts and three
// quotes each) on 1,000,000 codings, from a prepared analysis, and the
// report's whole tracker table.
func BenchmarkEvidence(b *testing.B) {
	d := benchDataset()
	a, err := New(d, Options{})
	if err != nil {
		b.Fatal(err)
	}
	recs := benchRecs()
	b.Run("counts", func(b *testing.B) {
		for b.Loop() {
			for i := range recs {
				a.Evidence(recs[i].CodeIDs(), 0)
			}
		}
	})
	b.Run("with-quotes", func(b *testing.B) {
		for b.Loop() {
			for i := range recs {
				a.Evidence(recs[i].CodeIDs(), EvidenceQuotes)
			}
		}
	})
	b.Run("tracker", func(b *testing.B) {
		today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
		for b.Loop() {
			a.Tracker(recs, today)
		}
	})
}
