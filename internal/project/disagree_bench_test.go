package project

import (
	"path/filepath"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// BenchmarkDisagreements reads what the Compare screen and the Sources
// screen's alpha column read, on a project of 100 sources (600,000 words)
// and 20,000 codings by two coders: the units where the coders differ
// with their agreement, and the agreement per source.
func BenchmarkDisagreements(b *testing.B) {
	pr, _ := benchProject(b, filepath.Join(b.TempDir(), "big.fwp"), 100, 20_000, 5, false)
	defer pr.Close()
	b.ResetTimer()
	for b.Loop() {
		ds, err := pr.Disagreements(b.Context(), analysis.ReliabilityOptions{})
		if err != nil || len(ds.Items) < 1000 {
			b.Fatalf("%v", err)
		}
		if _, err := pr.SourceAgreement(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}
