package transcript

import (
	"fmt"
	"strings"
	"testing"
)

// labelledTranscript generates a labelled text transcript of about size
// bytes: speaker turns with timestamps, continuation lines, French labels
// and accented text.
func labelledTranscript(size int) []byte {
	speakers := []string{"Moderator", "P1", "P2", "Speaker 3", "Jean-Baptiste ", "Élise", "**Dr. Amal**"}
	sentences := []string{
		"I have been in Canada for four years, and the waiting was the hardest part.",
		"Nous avons attendu le permis de travail pendant sept mois, c'est très long.",
		"Note: the participant paused here for a long moment before going on.",
		"The legal clinic helped me with the forms, but the lawyer had forty other files.",
		"So my question is: who protects us when the threats come by phone?",
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		s := speakers[i%len(speakers)]
		fmt.Fprintf(&b, "[%02d:%02d:%02d] %s: %s", i/3600%100, i/60%60, i%60, s, sentences[i%len(sentences)])
		if i%3 == 0 {
			b.WriteString("\n" + sentences[(i+2)%len(sentences)])
		}
		if i%4 == 0 {
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func BenchmarkReadText(b *testing.B) {
	data := labelledTranscript(5 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc, err := Read("bench.txt", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Turns) == 0 {
			b.Fatal("no turns")
		}
	}
}

func TestBenchmarkTranscriptParses(t *testing.T) {
	data := labelledTranscript(64 << 10)
	doc, err := Read("bench.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if msg := invariants(doc); msg != "" {
		t.Fatal(msg)
	}
	lines := strings.Count(string(data), "] ")
	if len(doc.Turns) != lines {
		t.Errorf("%d turns for %d labelled lines", len(doc.Turns), lines)
	}
	for _, tu := range doc.Turns[:7] {
		if !tu.HasTime || strings.ContainsAny(tu.Speaker, "*:") {
			t.Errorf("turn %+v", tu)
		}
	}
}
