package tui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestMask: with Options.Mask the coding view and the quotes show the
// masked text, which keeps its length, so codings stay on their words.
func TestMask(t *testing.T) {
	s := openDemo(t)
	srcs, err := s.Sources()
	if err != nil || len(srcs) == 0 {
		t.Fatal(srcs, err)
	}
	src, err := s.Source(srcs[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	// the first word of five letters or more stands for a name
	var word string
	for _, w := range strings.Fields(src.Text) {
		if w = strings.Trim(w, ".,;:!?“”\"'"); utf8.RuneCountInString(w) >= 5 {
			word = w
			break
		}
	}
	bullets := strings.Repeat("•", utf8.RuneCountInString(word))
	mask := func(s string) string { return strings.ReplaceAll(s, word, bullets) }
	h := newHarness(t)
	h.m = New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock, Mask: mask})
	h.resize(100, 30)
	h.run(h.m.Init())
	h.open(src.Name)
	h.noError()
	v := h.cv()
	if len(v.runes) != utf8.RuneCountInString(src.Text) {
		t.Fatalf("the masked text has %d code points, the source %d", len(v.runes), utf8.RuneCountInString(src.Text))
	}
	if strings.Contains(string(v.runes), word) || !strings.Contains(h.view(), bullets) {
		t.Errorf("%q is not masked in the coding view:\n%s", word, h.view())
	}
	// without a mask the word is there (the test can see a leak)
	plain := newHarness(t)
	plain.open(src.Name)
	if !strings.Contains(string(plain.cv().runes), word) {
		t.Fatalf("the unmasked view lacks %q", word)
	}
}
