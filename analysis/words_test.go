package analysis

import (
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// TestWordStartsCount checks the indexed count against coding.WordCount on
// every span of texts with words cut at both ends, elisions, hyphens and
// accents.
func TestWordStartsCount(t *testing.T) {
	for _, text := range []string{
		"",
		"one",
		"  we waited -- months, for l'aide ; self-help’s café 42.",
		"Je n'ai rien dit. Ça va?\n\nP2 said: well-known…",
	} {
		w := newWordStarts(text)
		r := []rune(text)
		for a := 0; a <= len(r); a++ {
			for b := a; b <= len(r); b++ {
				if got, want := w.count(a, b), coding.WordCount(string(r[a:b])); got != want {
					t.Fatalf("%q [%d,%d) %q: %d words, coding.WordCount says %d", text, a, b, string(r[a:b]), got, want)
				}
			}
		}
		if got := w.count(-3, len(r)+5); got != coding.WordCount(text) {
			t.Errorf("%q: clipped whole count %d, want %d", text, got, coding.WordCount(text))
		}
	}
}
