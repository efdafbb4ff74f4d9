package project

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// BenchmarkSearch searches a project of 500 sources (3 MB) and 100,000
// codings from the TUI's Search screen: a regular expression with a code
// filter, the dataset read in one transaction each time.
func BenchmarkSearch(b *testing.B) {
	p := filepath.Join(b.TempDir(), "big.fwp")
	pr, err := Create(p, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer pr.Close()
	s := pr.Store()
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		b.Fatal(err)
	}
	cb, _ := s.Codebook()
	var leaves []string
	for _, c := range cb {
		if c.Depth == 1 {
			leaves = append(leaves, c.Path)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	files := make([]Transcript, 500)
	for i := range files {
		files[i] = Transcript{Path: fmt.Sprintf("s%03d.txt", i), Data: []byte(benchTranscript(r, 6_000)),
			Meta: coding.SourceMeta{Group: fmt.Sprint("G", i%40), City: []string{"Ottawa", "Toronto", "Montreal"}[i%3]}}
	}
	imported, err := pr.ImportTranscripts(b.Context(), files, ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ncs := make([]store.NewCoding, 100_000)
	for i := range ncs {
		src := imported[r.IntN(len(imported))].Source
		start := r.IntN(len([]rune(src.Text)) - 200)
		ncs[i] = store.NewCoding{Source: src.Name, Code: leaves[r.IntN(len(leaves))], Start: start, End: start + 20 + r.IntN(180), Coder: []string{"lea", "sam"}[i%2]}
	}
	if _, err := s.ApplyAll(ncs); err != nil {
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
