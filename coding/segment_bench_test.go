package coding

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchTranscript builds a synthetic transcript of about size bytes: turns of
// one to four invented sentences, some spanning two lines, separated by
// blank lines, with its turns.
func benchTranscript(size int) (string, []Turn) {
	sentences := []string{
		"I have been in Canada for four years, and the waiting was the hardest part.",
		"Nous avons attendu le permis de travail pendant sept mois, c'est très long.",
		"Dr. Amal at the clinic helped me with the forms, but the lawyer had forty other files.",
		"So my question is: who protects us when the threats come by phone?",
		"We met at 5 p.m. on Tuesday; nobody came",
	}
	var b strings.Builder
	var turns []Turn
	pos := 0
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString("\n\n")
			pos += 2
		}
		start := pos
		for k := 0; k <= i%4; k++ {
			if k > 0 {
				sep := " "
				if k == 2 {
					sep = "\n"
				}
				b.WriteString(sep)
				pos++
			}
			s := sentences[(i+k)%len(sentences)]
			b.WriteString(s)
			pos += utf8.RuneCountInString(s)
		}
		turns = append(turns, Turn{Index: len(turns), Start: start, End: pos})
	}
	return b.String(), turns
}

// BenchmarkSegment measures a large transcript (1 MiB) and a typical one
// (32 KiB, where loading a model per call used to dominate).
func BenchmarkSegment(b *testing.B) {
	for _, size := range []int{1 << 20, 32 << 10} {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			text, turns := benchTranscript(size)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Segment(text, turns, "en"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
