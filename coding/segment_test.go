package coding

import (
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// texts returns the text of each sentence.
func texts(text string, sents []Sentence) []string {
	var out []string
	for _, s := range sents {
		out = append(out, Slice(text, s.Start, s.End))
	}
	return out
}

// checkInvariants fails t unless sents are indexed in order, inside their
// turns, non-overlapping and trimmed.
func checkInvariants(t *testing.T, text string, turns []Turn, sents []Sentence) {
	t.Helper()
	prevEnd := 0
	for i, s := range sents {
		if s.Index != i {
			t.Errorf("sentence %d has index %d", i, s.Index)
		}
		if s.Turn < 0 || s.Turn >= len(turns) {
			t.Fatalf("sentence %d in turn %d of %d", i, s.Turn, len(turns))
		}
		tu := turns[s.Turn]
		if s.Start < tu.Start || s.End > tu.End || s.Start >= s.End {
			t.Errorf("sentence %d [%d,%d) outside its turn [%d,%d)", i, s.Start, s.End, tu.Start, tu.End)
		}
		if s.Start < prevEnd {
			t.Errorf("sentence %d starts at %d before the previous end %d", i, s.Start, prevEnd)
		}
		prevEnd = s.End
		if got := Slice(text, s.Start, s.End); got != strings.TrimSpace(got) || strings.Contains(got, "\n\n") {
			t.Errorf("sentence %d %q is not trimmed or crosses a blank line", i, got)
		}
	}
}

func TestSegment(t *testing.T) {
	for _, c := range []struct {
		name  string
		text  string
		turns [][2]int // nil: one turn over the whole text
		lang  string
		want  []string
		turn  []int // each sentence's turn, when it matters
	}{
		{
			name:  "two turns",
			text:  "Hello there. I waited seven months. Dr. Amal helped me.\n\nYes. Moi aussi, j'ai attendu.\nAnd a second line",
			turns: [][2]int{{0, 55}, {57, -1}},
			want:  []string{"Hello there.", "I waited seven months.", "Dr. Amal helped me.", "Yes.", "Moi aussi, j'ai attendu.", "And a second line"},
			turn:  []int{0, 0, 0, 1, 1, 1},
		},
		{
			name:  "no full stop at a turn's end",
			text:  "I was followed\n\nBy whom",
			turns: [][2]int{{0, 14}, {16, 23}},
			want:  []string{"I was followed", "By whom"},
			turn:  []int{0, 1},
		},
		{
			name: "blank line inside a turn",
			text: "We waited\n\nfor months and months\n \t\nthen it came",
			want: []string{"We waited", "for months and months", "then it came"},
		},
		{
			name: "accents",
			text: "Élise a dit ça. Très bien.",
			want: []string{"Élise a dit ça.", "Très bien."},
		},
		{
			name:  "separators belong to no sentence",
			text:  "P1: One. Two.\nP2: Three.",
			turns: [][2]int{{4, 13}, {18, 24}},
			want:  []string{"One.", "Two.", "Three."},
			turn:  []int{0, 0, 1},
		},
		{
			// "etc." is an abbreviation in the French model only.
			name: "French model",
			text: "Les papiers, les cartes etc. et puis on est partis. Il a aidé.",
			lang: "fr",
			want: []string{"Les papiers, les cartes etc. et puis on est partis.", "Il a aidé."},
		},
		{
			name: "French region subtag",
			text: "Les papiers, les cartes etc. et puis on est partis.",
			lang: "fr-CA",
			want: []string{"Les papiers, les cartes etc. et puis on est partis."},
		},
		{
			name: "ellipsis before a capital, and No.",
			text: "I just... For a long time I was alone. No. Then there is no crime, sir.",
			want: []string{"I just...", "For a long time I was alone.", "No.", "Then there is no crime, sir."},
		},
		{
			name: "English inside a French group",
			text: "Thank you. Really. Et c'est là que... comment dire. « C'est fini. » Puis rien.",
			lang: "fr",
			want: []string{"Thank you.", "Really.", "Et c'est là que... comment dire.", "« C'est fini. »", "Puis rien."},
		},
		{
			name: "empty and white-space turns",
			text: "   \n\n",
			want: nil,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			turns := []Turn{{Start: 0, End: utf8.RuneCountInString(c.text)}}
			if c.turns != nil {
				turns = nil
				for i, tu := range c.turns {
					end := tu[1]
					if end < 0 {
						end = utf8.RuneCountInString(c.text)
					}
					turns = append(turns, Turn{Index: i, Start: tu[0], End: end})
				}
			}
			got, err := Segment(c.text, turns, c.lang)
			if err != nil {
				t.Fatal(err)
			}
			if g := texts(c.text, got); strings.Join(g, "|") != strings.Join(c.want, "|") {
				t.Fatalf("sentences:\n got %q\nwant %q", g, c.want)
			}
			checkInvariants(t, c.text, turns, got)
			for i, want := range c.turn {
				if got[i].Turn != want {
					t.Errorf("sentence %d in turn %d, want %d", i, got[i].Turn, want)
				}
			}
		})
	}
}

// The English model does not know "etc." and so cuts a French sentence
// there: the language chooses the model.
func TestSegmentLanguageChoosesModel(t *testing.T) {
	text := "Il est arrivé avec ses enfants, etc. et leur grand-mère."
	turns := []Turn{{Start: 0, End: utf8.RuneCountInString(text)}}
	en, err := Segment(text, turns, "en")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := Segment(text, turns, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(en) != 2 || len(fr) != 1 {
		t.Fatalf("English %q, French %q", texts(text, en), texts(text, fr))
	}
}

func TestSegmentBadTurns(t *testing.T) {
	text := "One. Two."
	for name, turns := range map[string][]Turn{
		"past the end":     {{Start: 0, End: 20}},
		"start past":       {{Start: 12, End: 14}},
		"out of order":     {{Start: 5, End: 9}, {Start: 0, End: 4}},
		"overlapping":      {{Start: 0, End: 6}, {Start: 5, End: 9}},
		"end before start": {{Start: 4, End: 2}},
	} {
		if _, err := Segment(text, turns, ""); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Many turns go through several workers; the result must not depend on
// how they are scheduled.
func TestSegmentParallelMatchesSerial(t *testing.T) {
	text, turns := benchTranscript(64 << 10)
	par, err := Segment(text, turns, "en")
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	ser, err := Segment(text, turns, "en")
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if len(par) != len(ser) {
		t.Fatalf("%d sentences in parallel, %d serially", len(par), len(ser))
	}
	for i := range par {
		if par[i] != ser[i] {
			t.Fatalf("sentence %d: %+v in parallel, %+v serially", i, par[i], ser[i])
		}
	}
	checkInvariants(t, text, turns, par)
	if len(par) < len(turns) {
		t.Fatalf("%d sentences for %d turns", len(par), len(turns))
	}
}

func FuzzSegment(f *testing.F) {
	f.Add("Hello there. Dr. Amal helped me.\n\nYes.", 3, "en")
	f.Add("J'ai vu M. Tremblay. « Non. » Puis rien…", 0, "fr")
	f.Add("\n\n \n", 1, "")
	f.Fuzz(func(t *testing.T, text string, cuts int, lang string) {
		if !utf8.ValidString(text) {
			return
		}
		// Turns: the text cut into up to cuts+1 pieces at newlines.
		n := utf8.RuneCountInString(text)
		var turns []Turn
		start, pos := 0, 0
		for _, r := range text {
			pos++
			if r == '\n' && len(turns) < cuts%8 {
				turns = append(turns, Turn{Index: len(turns), Start: start, End: pos - 1})
				start = pos
			}
		}
		turns = append(turns, Turn{Index: len(turns), Start: start, End: n})
		sents, err := Segment(text, turns, lang)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, text, turns, sents)
	})
}

// A splitter that panics (here, one without a model) fails the turn with
// an error, not the program.
func TestSegmentTurnTokenizerPanics(t *testing.T) {
	s := segmenter{sp: &punktSplitter{}}
	out, err := s.turn(nil, "One. Two.", 0, 0)
	if err == nil || out != nil || !strings.Contains(err.Error(), "sentence tokenizer failed") {
		t.Fatalf("got %v, %v", out, err)
	}
}

// WordCount's ASCII table and rune path count as the rune loop that
// defines a word character.
func FuzzWordCount(f *testing.F) {
	f.Add("l'immigration, Jean-Baptiste et 42 ans’ — \xff ok")
	f.Fuzz(func(t *testing.T, s string) {
		want, in := 0, false
		for _, r := range s {
			w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
			if w && !in {
				want++
			}
			in = w
		}
		if got := WordCount(s); got != want {
			t.Fatalf("WordCount(%q) = %d, want %d", s, got, want)
		}
	})
}
