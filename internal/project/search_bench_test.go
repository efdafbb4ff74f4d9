package project

import (
	"path/filepath"
	"testing"
)

// BenchmarkSearch searches a project of 500 sources (3 MB) and 100,000
// codings from the TUI's Search screen: a regular expression with a code
// filter, the dataset read in one transaction each time.
func BenchmarkSearch(b *testing.B) {
	pr, _ := benchProject(b, filepath.Join(b.TempDir(), "big.fwp"), 500, 100_000, 5, true)
	defer pr.Close()
	cb, err := pr.Store().Codebook()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		q    SearchQuery
	}{
		{"pattern", SearchQuery{Pattern: `lawyer|police|famil(y|le)`, City: "Ottawa"}},
		{"pattern+code", SearchQuery{Pattern: `lawyer|police|famil(y|le)`, Code: cb[0].Path, City: "Ottawa"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				res, err := pr.Search(b.Context(), bc.q)
				if err != nil || res.Total < 100 {
					b.Fatalf("%v: %+v", err, res)
				}
			}
		})
	}
}
