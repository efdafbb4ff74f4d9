package project

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
)

// BenchmarkScreenedReport is `fieldwork report P --format html` on a
// project of 500 sources of 6,000 random words in three cities and 100,000
// codings, after a first screened output has stored the entity scans:
// building the identifier screen from the stored scans, then loading,
// computing and rendering the report through it.
func BenchmarkScreenedReport(b *testing.B) {
	pr, _ := benchProject(b, filepath.Join(b.TempDir(), "r.fwp"), 500, 100_000, 3, true)
	defer pr.Close()
	if _, err := pr.Screen(true); err != nil { // the first output scans and stores
		b.Fatal(err)
	}
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	b.Run("screen", func(b *testing.B) {
		for b.Loop() {
			if _, err := pr.Screen(true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("report", func(b *testing.B) {
		for b.Loop() {
			sc, err := pr.Screen(true)
			if err != nil {
				b.Fatal(err)
			}
			r, err := pr.Report(b.Context(), analysis.Options{}, report.Options{Screen: sc.Func(), Today: today})
			if err != nil {
				b.Fatal(err)
			}
			if err := report.WriteHTML(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
