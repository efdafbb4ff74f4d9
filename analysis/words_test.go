package analysis

import (
	"fmt"
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

// TestTermSplitterIsProseTerms: splitting field by field counts the terms
// prose's tokenizer finds in the whole text.
func TestTermSplitterIsProseTerms(t *testing.T) {
	texts := []string{
		"",
		"   ",
		"We waited -- months, for l'aide ; self-help’s café 42.",
		"Je n'ai rien dit.  Ça va?\n\nP2 said: well-known… “Don’t” they'll (maybe) $100 [sic] :-) (-8",
		"Surveillance\tplatform\u00a0encrypted&rsquo;s network's lawyer’s «cité» — d’accord, qu'elle months months",
	}
	counts := func(ws []string) map[string]int {
		m := map[string]int{}
		for _, w := range ws {
			m[w]++
		}
		return m
	}
	ts := newTermSplitter()
	all := map[string]int{}
	for _, text := range texts {
		want := counts(proseTerms(text))
		got := map[string]int{}
		n := ts.count([]rune(text), got)
		ts.count([]rune(text), all)
		if fmt.Sprint(got) != fmt.Sprint(want) || n != len(proseTerms(text)) {
			t.Errorf("%q:\n got %v (%d)\nwant %v", text, got, n, want)
		}
	}
	// passages joined by new lines, as the themes used to split them
	if want := counts(proseTerms(strings.Join(texts, "\n") + "\n")); fmt.Sprint(all) != fmt.Sprint(want) {
		t.Errorf("joined:\n got %v\nwant %v", all, want)
	}
}

// quickTerms is the word split of sentence vectors written plainly: runs
// of letters, digits, apostrophes and hyphens, through term.
func quickTerms(r []rune) []string {
	var out []string
	start := -1
	for i := 0; i <= len(r); i++ {
		if i < len(r) && isWordRune(r[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if w, ok := term(string(r[start:i])); ok {
				out = append(out, w)
			}
			start = -1
		}
	}
	return out
}

// TestSentenceVectors: each sentence's vector counts the words quickTerms
// finds in it, however often a token was seen before.
func TestSentenceVectors(t *testing.T) {
	text := "We waited -- months, for l'aide ; self-help’s café 42. Lawyers LAWYERS lawyers' waited?\n" +
		"Je n'ai rien dit. Ça va? P2 said: well-known… the the months Months months."
	d := &Dataset{Project: "v",
		Sources:      []Source{{ID: 1, Name: "s", Text: text}},
		Participants: []Participant{{ID: "P"}},
	}
	r := []rune(text)
	var starts []int
	for i := 0; i < len(r); i += 17 {
		starts = append(starts, i)
	}
	for i, a := range starts {
		b := len(r)
		if i+1 < len(starts) {
			b = starts[i+1]
		}
		d.Sentences = append(d.Sentences, Sentence{Source: 1, Index: i, Turn: 0, Start: a, End: b})
	}
	d.Turns = []Turn{{Source: 1, Index: 0, Participant: "P", Start: 0, End: len(r)}}
	an, err := New(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.s.sents) != len(starts) {
		t.Fatalf("%d sentences in scope, want %d", len(an.s.sents), len(starts))
	}
	v := an.vocab()
	for pass := 0; pass < 2; pass++ {
		for i, se := range an.s.sents {
			x, _ := v.sentence(an, i)
			want := map[string]float64{}
			for _, w := range quickTerms(r[se.start:se.end]) {
				want[w]++
			}
			got := map[string]float64{}
			for n, id := range x.ids {
				for w, wid := range v.ids {
					if wid == id {
						got[w] = x.cnt[n]
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("sentence %d %q: %v, want %v", i, string(r[se.start:se.end]), got, want)
			}
		}
		v.vecs = make([]*sparse, len(v.vecs)) // again, every token seen
	}
}
