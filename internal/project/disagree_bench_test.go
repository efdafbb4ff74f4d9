package project

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// BenchmarkDisagreements reads what the Compare screen and the Sources
// screen's alpha column read, on a project of 100 sources (600,000 words)
// and 20,000 codings by two coders: the units where the coders differ
// with their agreement, and the agreement per source.
func BenchmarkDisagreements(b *testing.B) {
	pr, err := Create(filepath.Join(b.TempDir(), "big.fwp"), store.Options{})
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
	files := make([]Transcript, 100)
	for i := range files {
		files[i] = Transcript{Path: fmt.Sprintf("s%03d.txt", i), Data: []byte(benchTranscript(r, 6_000)), Meta: coding.SourceMeta{Group: fmt.Sprint("G", i%10)}}
	}
	imported, err := pr.ImportTranscripts(b.Context(), files, ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ncs := make([]store.NewCoding, 20_000)
	for i := range ncs {
		src := imported[r.IntN(len(imported))].Source
		start := r.IntN(len([]rune(src.Text)) - 200)
		ncs[i] = store.NewCoding{Source: src.Name, Code: leaves[r.IntN(len(leaves))], Start: start, End: start + 20 + r.IntN(180), Coder: []string{"lea", "sam"}[i%2]}
	}
	if _, err := s.ApplyAll(ncs); err != nil {
		b.Fatal(err)
	}
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
