package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
)

var benchWords = strings.Fields(`we waited months for documents and the lawyer said legal aid would not cover
the appeal my family back home received calls from people who knew my address here the police
listened but did not understand transnational repression je ne parle plus de politique au téléphone
mentorship networking training and a secure platform would help us keep our organisation alive`)

// benchTranscript writes a labelled transcript of about n bytes.
func benchTranscript(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if r.IntN(6) == 0 {
			b.WriteString("Facilitator: ")
		} else {
			fmt.Fprintf(&b, "P%d: ", 1+r.IntN(9))
		}
		for s := 0; s < 1+r.IntN(5); s++ {
			k := 6 + r.IntN(14)
			for w := 0; w < k; w++ {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(benchWords[r.IntN(len(benchWords))])
			}
			b.WriteString(". ")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// BenchmarkOpenAndListCodings opens a project of 500 sources and 100,000
// codings and lists the codings of one code with their text, as
// `fieldwork codings PROJECT --code C` does.
func BenchmarkOpenAndListCodings(b *testing.B) {
	p := filepath.Join(b.TempDir(), "big.fwp")
	s, err := Create(p, Options{})
	if err != nil {
		b.Fatal(err)
	}
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
	r := rand.New(rand.NewPCG(3, 4))
	items := make([]NewSource, 500)
	for i := range items {
		name := fmt.Sprintf("s%03d.txt", i)
		text := benchTranscript(r, 6_000)
		doc, err := transcript.Read(name, []byte(text))
		if err != nil {
			b.Fatal(err)
		}
		src, turns := coding.FromTranscript(name, doc, coding.SourceMeta{Group: fmt.Sprint("G", i%40)})
		items[i] = NewSource{Source: src, Turns: turns, Sentences: turnSentences(turns)}
	}
	if _, err := s.ImportSources(b.Context(), items); err != nil {
		b.Fatal(err)
	}
	ncs := make([]NewCoding, 100_000)
	for i := range ncs {
		it := items[r.IntN(len(items))]
		n := len([]rune(it.Source.Text))
		start := r.IntN(n - 200)
		ncs[i] = NewCoding{Source: it.Source.Name, Code: leaves[r.IntN(len(leaves))], Start: start, End: start + 20 + r.IntN(180), Coder: []string{"lea", "sam"}[i%2]}
	}
	if _, err := s.ApplyAll(ncs); err != nil {
		b.Fatal(err)
	}
	s.Close()
	want := leaves[3]
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		list, err := s.Codings(CodingFilter{Code: want})
		if err != nil || len(list) < 1000 {
			b.Fatalf("%d codings, %v", len(list), err)
		}
		s.Close()
	}
}
