package analysis

import (
	"slices"
	"strings"
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

// TestTermSplitterIsProseTerms: splitting field by field gives what
// prose's tokenizer gives on the whole text, in order.
func TestTermSplitterIsProseTerms(t *testing.T) {
	texts := []string{
		"",
		"   ",
		"We waited -- months, for l'aide ; self-help’s café 42.",
		"Je n'ai rien dit.  Ça va?\n\nP2 said: well-known… “Don’t” they'll (maybe) $100 [sic] :-) (-8",
		"Surveillance\tplatform\u00a0encrypted&rsquo;s network's lawyer’s «cité» — d’accord, qu'elle",
	}
	ts := termSplitter{}
	var all []string
	for _, text := range texts {
		want := proseTerms(text)
		if got := ts.add(text, nil); !slices.Equal(got, want) {
			t.Errorf("%q:\n got %q\nwant %q", text, got, want)
		}
		all = append(all, text)
	}
	// passages joined by new lines, as the themes used to split them
	var got []string
	for _, text := range all {
		got = ts.add(text, got)
	}
	if want := proseTerms(strings.Join(all, "\n") + "\n"); !slices.Equal(got, want) {
		t.Errorf("joined:\n got %q\nwant %q", got, want)
	}
}
