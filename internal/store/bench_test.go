package store

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchProject writes a project of 20 sources (a facilitator and ten
// speakers each, 400 sentences of invented words), 18 codes, and, when
// codings > 0, that many distinct codings by two coders; it returns the
// file and the rows that a codings import of it would read.
func benchProject(b *testing.B, codings int) (string, []CodingRow) {
	b.Helper()
	dir := b.TempDir()
	path := filepath.Join(dir, "bench.fwp")
	s, err := Create(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	words := strings.Fields("we need help with documents lawyer hearing permit work housing family threat police phone")
	rng := rand.New(rand.NewPCG(7, 15))
	var items []NewSource
	for i := 0; i < 20; i++ {
		var text strings.Builder
		for t := 0; t < 100; t++ {
			who := fmt.Sprintf("P%d", 1+t%10)
			if t%8 == 0 {
				who = "Facilitator"
			}
			text.WriteString(who + ":")
			for k := 0; k < 4; k++ {
				for w := 0; w < 6+rng.IntN(10); w++ {
					text.WriteString(" " + words[rng.IntN(len(words))])
				}
				text.WriteString(".")
			}
			text.WriteString("\n")
		}
		items = append(items, newSource(b, fmt.Sprintf("fg-%02d", i), fmt.Sprintf("G%02d", i), text.String()))
	}
	if _, err := s.ImportSources(b.Context(), items); err != nil {
		b.Fatal(err)
	}
	var codes []string
	for t := 1; t <= 3; t++ {
		for c := 1; c <= 6; c++ {
			p := fmt.Sprintf("Theme %d/Code %d.%d", t, t, c)
			if _, err := s.AddCode(p, CodeFields{}); err != nil {
				b.Fatal(err)
			}
			codes = append(codes, p)
		}
	}
	seen := map[CodingRow]bool{}
	rows := make([]CodingRow, 0, codings)
	for len(rows) < codings {
		it := items[rng.IntN(len(items))]
		t := it.Turns[rng.IntN(len(it.Turns))]
		a := t.Start + rng.IntN(max(1, (t.End-t.Start)/2))
		r := CodingRow{Source: it.Source.Name, Start: a, End: a + 1 + rng.IntN(t.End-a), Code: codes[rng.IntN(len(codes))], Coder: []string{"lea", "sam"}[rng.IntN(2)]}
		if !seen[r] {
			seen[r] = true
			r.Line = len(rows) + 2
			rows = append(rows, r)
		}
	}
	return path, rows
}

func batches(rows []CodingRow) func() ([]CodingRow, error) {
	return func() ([]CodingRow, error) {
		n := min(len(rows), bulkBatch)
		out := rows[:n]
		rows = rows[n:]
		return out, nil
	}
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkImportCodings records 100,000 codings in one transaction (the
// goal: at least 100,000 a second).
func BenchmarkImportCodings(b *testing.B) {
	const n = 100_000
	base, rows := benchProject(b, n)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), fmt.Sprintf("p%d.fwp", i))
		copyFile(b, base, p)
		s, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.ImportCodings(b.Context(), batches(rows), false)
		if err != nil || res.Codings != n {
			b.Fatal(res, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "codings/s")
}

// codedProject is a project of 100,000 codings (benchProject's), built once.
func codedProject(b *testing.B) string {
	b.Helper()
	p, rows := benchProject(b, 100_000)
	s, err := Open(p, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.ImportCodings(b.Context(), batches(rows), false); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkOpenAndListCode opens a project of 100,000 codings and lists one
// code's codings with their text, as `fieldwork codings P --code C` does
// (the goal: under 100 ms).
func BenchmarkOpenAndListCode(b *testing.B) {
	p := codedProject(b)
	for b.Loop() {
		s, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		list, err := s.Codings(CodingFilter{Code: "Theme 2/Code 2.3"})
		if err != nil || len(list) == 0 {
			b.Fatal(len(list), err)
		}
		s.Close()
	}
}

// BenchmarkDataset loads what the tables are computed from, 100,000
// codings included.
func BenchmarkDataset(b *testing.B) {
	p := codedProject(b)
	s, err := Open(p, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	for b.Loop() {
		d, err := s.Dataset(b.Context())
		if err != nil || len(d.Codings) != 100_000 {
			b.Fatal(err)
		}
	}
}
