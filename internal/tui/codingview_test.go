package tui

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// The coding view is tested on ottawa-fg of the demo project. Its first
// sentences: 0-18 the facilitator's opening (turn 0), 19-22 Rana (turn 1),
// 23-25 Daniel (turn 2), 26-28 Leyla (turn 3). None of them is coded in the
// demo. Expectations are computed from the store's sentences and turns, not
// from the view's own helpers.

const (
	police       = "Risks of activism and transnational repression/Police and public-safety response"
	threats      = "Risks of activism and transnational repression/Threats to self or family"
	surveillance = "Risks of activism and transnational repression/Surveillance and digital threats"
	selfCens     = "Risks of activism and transnational repression/Self-censorship"
	immigration  = "Adaptation and support systems/Immigration documents and delays"
	legal        = "Adaptation and support systems/Legal assistance"
	mentorship   = "Recognition and capacity building/Mentorship"
	peerSupport  = "Recognition and capacity building/Peer support"
	adaptation   = "Adaptation and support systems"
)

// firstOfTurn is the first sentence of a turn.
func firstOfTurn(sents []coding.Sentence, turn int) int {
	for i, s := range sents {
		if s.Turn == turn {
			return i
		}
	}
	return -1
}

// openOttawa returns a harness with ottawa-fg open.
func openOttawa(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.open("ottawa-fg")
	return h
}

func TestOpenPutsCursorOnFirstParticipantSentence(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	if v.cursor != 19 || h.sentence(19) != "Hello, I am Rana." {
		t.Fatalf("cursor on %d %q, want the first participant sentence 19", v.cursor, h.sentence(v.cursor))
	}
	mustContain(t, h.view(), "Coding: ottawa-fg", "00:02:14 Speaker 1 · OTT-01", "Hello, I am Rana.",
		"ottawa-fg · Ottawa/OTT-1 · coder tester · 0% coded (0/355)")
}

func TestMoveKeys(t *testing.T) {
	tests := []struct {
		name  string
		from  int
		keys  []string
		want  func(sents []coding.Sentence) int
		multi bool // send the keys as one multi-rune message
	}{
		{"j", 19, []string{"j"}, func([]coding.Sentence) int { return 20 }, false},
		{"down", 19, []string{"down"}, func([]coding.Sentence) int { return 20 }, false},
		{"k", 20, []string{"k"}, func([]coding.Sentence) int { return 19 }, false},
		{"up", 20, []string{"up"}, func([]coding.Sentence) int { return 19 }, false},
		{"k at the top stays", 0, []string{"k"}, func([]coding.Sentence) int { return 0 }, false},
		{"J next turn", 20, []string{"J"}, func(s []coding.Sentence) int { return firstOfTurn(s, 2) }, false},
		{"} next turn", 20, []string{"}"}, func(s []coding.Sentence) int { return firstOfTurn(s, 2) }, false},
		{"K to the start of this turn", 21, []string{"K"}, func(s []coding.Sentence) int { return firstOfTurn(s, 1) }, false},
		{"K from a turn's start to the previous turn", 23, []string{"K"}, func(s []coding.Sentence) int { return firstOfTurn(s, 1) }, false},
		{"{ previous turn", 23, []string{"{"}, func(s []coding.Sentence) int { return firstOfTurn(s, 1) }, false},
		{"K K", 21, []string{"K", "K"}, func(s []coding.Sentence) int { return firstOfTurn(s, 0) }, false},
		{"g top", 30, []string{"g"}, func([]coding.Sentence) int { return 0 }, false},
		{"home top", 30, []string{"home"}, func([]coding.Sentence) int { return 0 }, false},
		{"G bottom", 19, []string{"G"}, func(s []coding.Sentence) int { return len(s) - 1 }, false},
		{"end bottom", 19, []string{"end"}, func(s []coding.Sentence) int { return len(s) - 1 }, false},
		{"j at the bottom stays", 19, []string{"G", "j"}, func(s []coding.Sentence) int { return len(s) - 1 }, false},
		{"J in the last turn stays", 19, []string{"G", "J"}, func(s []coding.Sentence) int { return len(s) - 1 }, false},
		{"jjj typed fast (one message)", 19, []string{"jjj"}, func([]coding.Sentence) int { return 22 }, true},
		{"jJk typed fast (one message)", 19, []string{"jJk"}, func(s []coding.Sentence) int { return firstOfTurn(s, 2) - 1 }, true},
	}
	h := openOttawa(t)
	src, err := h.s.Source("ottawa-fg")
	if err != nil {
		t.Fatal(err)
	}
	sents, err := h.s.Sentences(src.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.goToSentence(tt.from)
			h.keys(tt.keys...)
			v := h.cv()
			if want := tt.want(sents); v.cursor != want {
				t.Errorf("cursor %d, want %d", v.cursor, want)
			}
			// The cursor sentence is on screen.
			checkCursorVisible(t, h)
		})
	}
}

// checkCursorVisible fails unless the cursor sentence's first line is
// within the transcript rows.
func checkCursorVisible(t *testing.T, h *harness) {
	t.Helper()
	v := h.cv()
	li := v.lidx.lineOf(v.sents[v.cursor].Start)
	if li < v.top || li >= v.top+v.bodyHeight() {
		t.Errorf("cursor sentence %d (line %d) is off screen: top %d, %d rows", v.cursor, li, v.top, v.bodyHeight())
	}
	l := v.lines[li]
	first := strings.TrimSpace(string(v.runes[l.start:l.end]))
	if !strings.Contains(h.view(), first) {
		t.Errorf("the view does not show the cursor line %q", first)
	}
}

func TestPageKeys(t *testing.T) {
	for _, pair := range [][2]string{{"pgdown", "pgup"}, {"ctrl+d", "ctrl+u"}} {
		t.Run(pair[0], func(t *testing.T) {
			h := openOttawa(t)
			v := h.cv()
			page := v.bodyHeight() - 2
			top0, cur0 := v.top, v.cursor
			h.keys(pair[0])
			// A page, less the lines kept to show the cursor sentence whole.
			if d := v.top - top0; d < page-3 || d > page {
				t.Errorf("%s: top moved by %d, want about %d", pair[0], d, page)
			}
			if v.cursor <= cur0 {
				t.Errorf("%s: cursor %d did not move down from %d", pair[0], v.cursor, cur0)
			}
			checkCursorVisible(t, h)
			top1 := v.top
			h.keys(pair[1])
			if d := top1 - v.top; d < page-3 || d > page {
				t.Errorf("%s: top moved by %d, want about %d", pair[1], d, page)
			}
			checkCursorVisible(t, h)
			// Paging past either end stops there with the cursor on screen.
			for range 200 {
				h.keys(pair[0])
			}
			if v.top+v.bodyHeight() != len(v.lines) {
				t.Errorf("after paging to the end: top %d + %d rows != %d lines", v.top, v.bodyHeight(), len(v.lines))
			}
			checkCursorVisible(t, h)
			for range 200 {
				h.keys(pair[1])
			}
			if v.top != 0 {
				t.Errorf("after paging to the start: top %d", v.top)
			}
			checkCursorVisible(t, h)
		})
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	top, cur := v.top, v.cursor
	h.send(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress, X: 10, Y: 5})
	if v.top != top+3 || v.cursor != cur {
		t.Errorf("wheel down: top %d cursor %d, want top %d cursor %d", v.top, v.cursor, top+3, cur)
	}
	h.send(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress, X: 10, Y: 5})
	h.send(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress, X: 10, Y: 5})
	if v.top != max(top-3, 0) || v.cursor != cur {
		t.Errorf("wheel up twice: top %d cursor %d, want top %d cursor %d", v.top, v.cursor, max(top-3, 0), cur)
	}
	for range 100 {
		h.send(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	}
	if v.top != 0 {
		t.Errorf("wheel up past the start: top %d", v.top)
	}
	for range 2000 {
		h.send(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	}
	if v.top != len(v.lines)-v.bodyHeight() {
		t.Errorf("wheel down past the end: top %d, want %d", v.top, len(v.lines)-v.bodyHeight())
	}
	if got := len(strings.Split(h.view(), "\n")); got != 30 {
		t.Errorf("view has %d lines after scrolling to the end", got)
	}
}

// rowOf returns the screen row (the tab bar is row 0) of the first line
// of sentence i, which must be on screen.
func rowOf(t *testing.T, h *harness, i int) int {
	t.Helper()
	v := h.cv()
	li := v.lidx.lineOf(v.sents[i].Start)
	if li < v.top || li >= v.top+v.bodyHeight() {
		t.Fatalf("sentence %d is not on screen", i)
	}
	return li - v.top + 1
}

// click presses and releases the left button at a cell.
func click(h *harness, x, y int) {
	h.send(tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	h.send(tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease})
}

func TestMouseClickMovesCursor(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	// Click on the first line of a few visible sentences, three cells into
	// the text: the cursor goes to the sentence under that cell (which may
	// be the end of the previous sentence on that line).
	for _, target := range []int{17, 21, 5} {
		y := rowOf(t, h, target)
		l := v.lines[v.top+y-1]
		x := marginWidth + 3
		off := l.start + 3 // ASCII text: one cell per code point
		want := sort.Search(len(v.sents), func(i int) bool { return v.sents[i].End > off })
		click(h, x, y)
		if v.cursor != want {
			t.Errorf("click at (%d,%d) on %q: cursor %d, want %d", x, y, string(v.runes[l.start:l.end]), v.cursor, want)
		}
		if v.selecting {
			t.Error("a click selects")
		}
	}
	// Clicks outside the text (tab bar, margin, panel, status) do nothing.
	cur := v.cursor
	for _, p := range [][2]int{{10, 0}, {1, 5}, {marginWidth + v.textWidth() + 5, 5}, {10, 28}, {10, 29}} {
		click(h, p[0], p[1])
		if v.cursor != cur {
			t.Errorf("click at %v moved the cursor to %d", p, v.cursor)
		}
	}
}

func TestMouseDragSelectsAndCodes(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	y1, y2 := rowOf(t, h, 19), rowOf(t, h, 21)
	x := marginWidth + 2
	// Make sure the cells are inside sentences 19 and 21.
	if got := v.sentenceAt(v.lines[v.top+y1-1].start + 2); got != 19 {
		t.Fatalf("row %d starts in sentence %d", y1, got)
	}
	h.send(tea.MouseMsg{X: x, Y: y1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	h.send(tea.MouseMsg{X: x + 30, Y: y2, Button: tea.MouseButtonLeft, Action: tea.MouseActionMotion})
	h.send(tea.MouseMsg{X: x + 30, Y: y2, Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease})
	want := v.sentenceAt(v.lines[v.top+y2-1].start + 30)
	if !v.selecting || v.selStart != v.sents[19].Start || v.selEnd != v.sents[want].End {
		t.Fatalf("drag: selecting %v [%d,%d), want [%d,%d)", v.selecting, v.selStart, v.selEnd, v.sents[19].Start, v.sents[want].End)
	}
	// A motion after the release does not extend the selection.
	h.send(tea.MouseMsg{X: x, Y: y2 + 2, Button: tea.MouseButtonNone, Action: tea.MouseActionMotion})
	if v.selEnd != v.sents[want].End {
		t.Errorf("motion after release changed the selection")
	}
	h.keys("c")
	h.typeText("peer")
	h.keys("enter")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", v.sents[19].Start, v.sents[want].End, peerSupport, testCoder); !ok {
		t.Errorf("the dragged selection was not coded in the store: %+v", h.storeCodings("ottawa-fg", testCoder))
	}
}

func TestSelectionKeys(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	src, _ := h.s.Source("ottawa-fg")
	turns, _ := h.s.Turns(src.ID)
	sel := func() string { return string(v.runes[v.selStart:v.selEnd]) }
	type step struct {
		key        string
		selecting  bool
		start, end int // sentence indices; -1: not checked
		text       string
	}
	tests := []struct {
		name  string
		from  int
		steps []step
	}{
		{"v j j k", 20, []step{
			{"v", true, 20, 20, ""},
			{"j", true, 20, 21, ""},
			{"j", true, 20, 22, ""},
			{"k", true, 20, 21, ""},
		}},
		{"v k k goes above the anchor", 20, []step{
			{"v", true, 20, 20, ""},
			{"k", true, 19, 20, ""},
			{"k", true, 18, 20, ""},
			{"j", true, 19, 20, ""},
			{"j", true, 20, 20, ""},
			{"j", true, 20, 21, ""},
		}},
		{"esc cancels", 20, []step{
			{"v", true, 20, 20, ""},
			{"j", true, 20, 21, ""},
			{"esc", false, -1, -1, ""},
		}},
		{"v again cancels", 20, []step{
			{"v", true, 20, 20, ""},
			{"v", false, -1, -1, ""},
		}},
		{"b trims and w grows by word", 19, []step{
			{"v", true, -1, -1, "Hello, I am Rana."},
			{"b", true, -1, -1, "Hello, I am"},
			{"b", true, -1, -1, "Hello, I"},
			{"w", true, -1, -1, "Hello, I am"},
			{"w", true, -1, -1, "Hello, I am Rana"},
			{"w", true, -1, -1, "Hello, I am Rana. I"},
			{"w", true, -1, -1, "Hello, I am Rana. I have"},
		}},
		{"b keeps at least a word", 29, []step{
			{"v", true, -1, -1, "Viktor."},
			{"b", true, -1, -1, "Viktor."},
		}},
		{"w and b without a selection do nothing", 19, []step{
			{"w", false, -1, -1, ""},
			{"b", false, -1, -1, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.keys("esc")
			h.goToSentence(tt.from)
			for _, s := range tt.steps {
				h.keys(s.key)
				if v.selecting != s.selecting {
					t.Fatalf("after %q: selecting %v", s.key, v.selecting)
				}
				if s.start >= 0 && (v.selStart != v.sents[s.start].Start || v.selEnd != v.sents[s.end].End) {
					t.Errorf("after %q: selection [%d,%d) %q, want sentences %d-%d", s.key, v.selStart, v.selEnd, sel(), s.start, s.end)
				}
				if s.text != "" && sel() != s.text {
					t.Errorf("after %q: selection %q, want %q", s.key, sel(), s.text)
				}
			}
		})
	}
	t.Run("t selects the turn", func(t *testing.T) {
		h.keys("esc")
		h.goToSentence(21)
		h.keys("t")
		turn := turns[1]
		if !v.selecting || v.selStart != turn.Start || v.selEnd != turn.End {
			t.Errorf("t: [%d,%d), want turn 1 [%d,%d)", v.selStart, v.selEnd, turn.Start, turn.End)
		}
		// w does not grow past the turn.
		h.keys("w")
		if v.selEnd != turn.End {
			t.Errorf("w grew the selection out of its turn to %d", v.selEnd)
		}
		h.keys("esc")
		if v.selecting {
			t.Error("esc did not cancel")
		}
	})
}

func TestPickerFiltersFuzzyAndApplies(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	h.keys("j") // sentence 20
	h.keys("c")
	if v.mode != modePicker || !h.m.capturing() {
		t.Fatalf("c: mode %v", v.mode)
	}
	mustContain(t, h.view(), "Apply code", "Peer support")
	all := len(v.picker.shown)
	if all != 20 {
		t.Errorf("the picker lists %d codes, want the 20 of the codebook", all)
	}
	// Fuzzy: "secol" is not a substring of any code but matches
	// "Secure collaboration platform"; "q" typed in the picker is text.
	h.typeText("secol")
	if len(v.picker.shown) == 0 || len(v.picker.shown) >= all {
		t.Fatalf("filtering kept %d of %d", len(v.picker.shown), all)
	}
	if got := v.picker.items[v.picker.shown[0]].value; got != "Recognition and capacity building/Secure collaboration platform" {
		t.Errorf("best match of \"secol\" is %q", got)
	}
	view := h.view()
	mustContain(t, view, "› secol", "Secure collaboration")
	if strings.Contains(view, "Legal assistance") {
		t.Error("a filtered-out code is still listed")
	}
	h.keys("backspace", "backspace", "backspace", "backspace", "backspace")
	if len(v.picker.shown) != all {
		t.Errorf("clearing the filter shows %d", len(v.picker.shown))
	}
	// A query as one multi-rune message (pasted or typed fast) goes to the
	// input whole.
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qself")})
	if v.picker.input.Value() != "qself" || h.quit {
		t.Errorf("typing in the picker: input %q, quit %v", v.picker.input.Value(), h.quit)
	}
	h.keys("esc")
	if v.mode != modeNormal {
		t.Fatalf("esc did not close the picker")
	}
	if got := h.storeCodings("ottawa-fg", testCoder); len(got) != 0 {
		t.Fatalf("esc applied a code: %+v", got)
	}
	// Arrow keys move in the list; enter applies the highlighted code to
	// the cursor sentence.
	h.keys("c")
	h.typeText("Self-cens")
	if got := v.picker.items[v.picker.shown[0]].value; got != selfCens {
		t.Fatalf("best match of Self-cens is %q", got)
	}
	h.keys("enter")
	h.noError()
	s := v.sents[20]
	c, ok := h.findCoding("ottawa-fg", s.Start, s.End, selfCens, testCoder)
	if !ok {
		t.Fatalf("no coding in the store: %+v", h.storeCodings("ottawa-fg", testCoder))
	}
	if c.Text != h.sentence(20) {
		t.Errorf("stored text %q", c.Text)
	}
	view = h.view()
	mustContain(t, view, "Self-censorship · tester", "saved 10:30:00", "» coded Self-censorship", "(1/355)")
	// Enter on an empty match list does nothing.
	h.keys("c")
	h.typeText("zzzzzz")
	h.keys("enter")
	if v.mode != modePicker {
		t.Error("enter with no match closed the picker")
	}
	h.keys("esc")
}

func TestPickerAppliesToSelection(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	h.keys("v", "j", "j", "c")
	h.typeText("legal")
	h.keys("enter")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", v.sents[19].Start, v.sents[21].End, legal, testCoder); !ok {
		t.Fatalf("selection not coded: %+v", h.storeCodings("ottawa-fg", testCoder))
	}
	if v.selecting {
		t.Error("the selection is still on after coding it")
	}
	// One coding, three sentences coded.
	mustContain(t, h.view(), "(3/355)")
}

// TestQuickCodeKeys: the keys 1-9 go to the first nine codes without
// sub-codes in codebook order, and stay there when codings change (issue
// 10, item 5: they followed coding counts, so one coding moved them).
func TestQuickCodeKeys(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	cb, err := h.s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	parents := map[int64]bool{}
	for _, e := range cb {
		parents[e.ParentID] = true
	}
	var leaves []string
	for _, e := range cb {
		if !parents[e.ID] {
			leaves = append(leaves, e.Path)
		}
	}
	if leaves[0] != immigration || leaves[1] != legal {
		t.Fatalf("unexpected demo codebook: %v", leaves[:2])
	}
	for round := 0; round < 2; round++ { // the second round after nine codings
		for d := 1; d <= 9; d++ {
			at := 19 + 9*round + d
			h.goToSentence(at)
			h.keys(fmt.Sprint(d))
			h.noError()
			s := v.sents[at]
			if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, leaves[d-1], testCoder); !ok {
				t.Errorf("round %d, key %d: no coding %s on sentence %d", round, d, leaves[d-1], at)
			}
		}
		if round == 0 {
			h.keys("u") // the counts change again
		}
	}
	// The panel shows each code after its key.
	mustContain(t, h.view(), "1  Immigration documents", "2  Legal assistance", "9  Police and public-s")
}

func TestQuickCodeWithoutCode(t *testing.T) {
	h := openOttawa(t)
	// A codebook with one code: the other digits explain themselves.
	h.send(codebookLoadedMsg{entries: []store.CodebookEntry{{Code: coding.Code{ID: 1, Name: "A", Path: "A"}}}})
	h.keys("2")
	if n := len(h.storeCodings("ottawa-fg", testCoder)); n != 0 {
		t.Fatalf("a digit without a code coded")
	}
	mustContain(t, h.view(), "no code has the key 2")
}

func TestNewInVivoCode(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	h.goToSentence(21) // "I came as a resettled refugee with my two children."
	h.keys("v", "b", "b", "b", "b", "n")
	if v.mode != modePrompt || v.promptFor != promptNewCode {
		t.Fatalf("n: mode %v", v.mode)
	}
	if got := v.prompt.input.Value(); got != "I came as a resettled refugee" {
		t.Errorf("in-vivo name %q, want the selected words", got)
	}
	mustContain(t, h.view(), "new code  I came as a resettled refugee")
	// The name is editable: drop "I came as a ", keep the rest.
	h.keys("home")
	for range len("I came as a ") {
		h.keys("delete")
	}
	if got := v.prompt.input.Value(); got != "resettled refugee" {
		t.Fatalf("edited name %q", got)
	}
	h.keys("enter")
	h.noError()
	start, end := v.sents[21].Start, v.sents[21].Start+len([]rune("I came as a resettled refugee"))
	if _, ok := h.codebookEntry("resettled refugee"); !ok {
		t.Fatal("the new code is not in the store's codebook")
	}
	c, ok := h.findCoding("ottawa-fg", start, end, "resettled refugee", testCoder)
	if !ok {
		t.Fatalf("no in-vivo coding in the store: %+v", h.storeCodings("ottawa-fg", testCoder))
	}
	if c.Text != "I came as a resettled refugee" {
		t.Errorf("coded text %q", c.Text)
	}
	// The view knows the code (reloaded codebook) and shows it here.
	found := false
	for _, e := range v.codebook {
		found = found || e.Path == "resettled refugee"
	}
	if !found {
		t.Error("the view's codebook lacks the new code")
	}
	mustContain(t, h.view(), "resettled refugee · tester")

	// Esc and an empty name create nothing.
	h.keys("j", "n", "esc")
	h.keys("n", "ctrl+u", "enter")
	cb, _ := h.s.Codebook()
	if len(cb) != 21 {
		t.Errorf("codebook has %d codes, want 21", len(cb))
	}
}

func TestNewCodeReplacesSlash(t *testing.T) {
	h := newHarness(t)
	name := importSource(t, h, "slash.txt", "Facilitator: Go on.\n\nSpeaker 1: Work and/or study permits took months.\n")
	h.open(name)
	v := h.cv()
	// A selection holding "/" must not make a nested code by accident.
	h.keys("g", "j", "v", "n")
	if got := v.prompt.input.Value(); got != "Work and-or study permits took months" {
		t.Errorf("in-vivo name %q", got)
	}
	h.keys("enter")
	h.noError()
	if _, ok := h.codebookEntry("Work and-or study permits took months"); !ok {
		t.Error("the code was not created at the top level")
	}
}

func TestRemoveKey(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	s := v.sents[19]
	h.keys("x")
	mustContain(t, h.view(), "no coding here")

	// One coding under the cursor: x removes it at once.
	h.keys("9")
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder); !ok {
		t.Fatal("setup: no coding")
	}
	h.keys("x")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder); ok {
		t.Fatal("x did not remove the coding from the store")
	}
	mustContain(t, h.view(), "» removed Police and public-safety response", "not coded")

	// Two codings: x asks which.
	h.keys("9", "8", "x")
	if v.mode != modeChooser {
		t.Fatalf("x with two codings: mode %v", v.mode)
	}
	view := h.view()
	mustContain(t, view, "Remove which coding?", "1 Police and public-safety", "2 Surveillance and digital")
	h.keys("esc")
	if n := len(h.storeCodings("ottawa-fg", testCoder)); v.mode != modeNormal || n != 2 {
		t.Fatalf("esc in the chooser: mode %v, %d codings", v.mode, n)
	}
	h.keys("x", "2")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, surveillance, testCoder); ok {
		t.Error("choice 2 did not remove Surveillance")
	}
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder); !ok {
		t.Error("choice 2 removed Police too")
	}
	// j/k and enter choose too.
	h.keys("8", "x", "j", "enter")
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, surveillance, testCoder); ok {
		t.Error("j enter did not remove the second coding")
	}
}

func TestRemoveAnotherCodersCoding(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	// lea's coding with a memo at [3679,3769).
	i := v.sentenceAt(3679)
	h.goToSentence(i)
	here := v.codingsHere()
	if len(here) != 1 || here[0].Coder != "lea" {
		t.Fatalf("setup: %+v", here)
	}
	h.keys("x")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", 3679, 3769, immigration, "lea"); ok {
		t.Fatal("lea's coding is still in the store")
	}
	h.keys("u")
	h.noError()
	c, ok := h.findCoding("ottawa-fg", 3679, 3769, immigration, "lea")
	if !ok || !strings.HasPrefix(c.Memo, "Obtaining documents is itself a security risk") {
		t.Fatalf("undo did not restore lea's coding with its memo: %+v %v", c, ok)
	}
}

func TestMemoOnSentence(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	src, _ := h.s.Source("ottawa-fg")
	s := v.sents[20]
	spanMemos := func() []store.Memo {
		var out []store.Memo
		for _, m := range h.storeMemos() {
			if !m.OnCoding && m.SourceID == src.ID && m.Start == s.Start && m.End == s.End {
				out = append(out, m)
			}
		}
		return out
	}
	h.keys("j", "m")
	if v.mode != modePrompt || v.promptFor != promptSpanMemo {
		t.Fatalf("m on an uncoded sentence: mode %v prompt %v", v.mode, v.promptFor)
	}
	h.typeText("Four years: still early in settlement")
	h.keys("enter")
	h.noError()
	got := spanMemos()
	if len(got) != 1 || got[0].Text != "Four years: still early in settlement" || got[0].Author != testCoder {
		t.Fatalf("store memos: %+v", got)
	}
	mustContain(t, h.view(), "✎ Four years: still early", "memo saved")

	// m again edits it, starting from the old text.
	h.keys("m")
	if got := v.prompt.input.Value(); got != "Four years: still early in settlement" {
		t.Errorf("editing starts from %q", got)
	}
	h.keys("ctrl+u")
	h.typeText("Edited")
	h.keys("enter")
	if got := spanMemos(); len(got) != 1 || got[0].Text != "Edited" {
		t.Fatalf("edited memo: %+v", got)
	}
	// Esc leaves it.
	h.keys("m", "ctrl+u", "esc")
	if got := spanMemos(); len(got) != 1 || got[0].Text != "Edited" {
		t.Fatalf("esc changed the memo: %+v", got)
	}
	// An empty memo deletes it.
	h.keys("m", "ctrl+u", "enter")
	if got := spanMemos(); len(got) != 0 {
		t.Fatalf("emptied memo still there: %+v", got)
	}
	if strings.Contains(h.view(), "✎") {
		t.Error("the view still shows the deleted memo")
	}
}

func TestMemoOnSelection(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	h.keys("v", "j", "m")
	h.typeText("Rana's arrival")
	h.keys("enter")
	h.noError()
	found := false
	for _, m := range h.storeMemos() {
		found = found || (m.Start == v.sents[19].Start && m.End == v.sents[20].End && m.Text == "Rana's arrival")
	}
	if !found {
		t.Error("no memo on the selection in the store")
	}
}

func TestMemoOnCoding(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	s := v.sents[19]
	h.keys("9", "m")
	if v.mode != modeChooser {
		t.Fatalf("m on a coded sentence: mode %v", v.mode)
	}
	mustContain(t, h.view(), "Memo on…", "1 Police and public-safety r", "2 this sentence / selection")
	if got := v.chooser.options[0]; got != "Police and public-safety response (tester)" {
		t.Errorf("chooser option 1 is %q", got)
	}
	h.keys("1")
	if v.mode != modePrompt || v.promptFor != promptCodingMemo {
		t.Fatalf("chooser 1: mode %v", v.mode)
	}
	h.typeText("Police as protection, not threat")
	h.keys("enter")
	h.noError()
	c, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder)
	if !ok || c.Memo != "Police as protection, not threat" {
		t.Fatalf("coding memo in the store: %+v", c)
	}
	found := false
	for _, m := range h.storeMemos() {
		found = found || (m.OnCoding && m.ID == c.ID && m.Code == police && m.Author == testCoder)
	}
	if !found {
		t.Error("Memos() does not list the coding memo")
	}
	mustContain(t, h.view(), "✎ Police as protection")
	// Editing it starts from the old text.
	h.keys("m", "1")
	if got := v.prompt.input.Value(); got != "Police as protection, not threat" {
		t.Errorf("edit starts from %q", got)
	}
	h.keys("esc")
	// Choice 2 writes a memo on the sentence instead.
	h.keys("m", "2")
	if v.mode != modePrompt || v.promptFor != promptSpanMemo {
		t.Fatalf("chooser 2: mode %v prompt %v", v.mode, v.promptFor)
	}
	h.typeText("on the sentence")
	h.keys("enter")
	found = false
	for _, m := range h.storeMemos() {
		found = found || (!m.OnCoding && m.Start == s.Start && m.End == s.End && m.Text == "on the sentence")
	}
	if !found {
		t.Error("no sentence memo in the store")
	}
}

// undoCase is one kind of action with what the store must show when it is
// done and when it is undone.
type undoCase struct {
	name   string
	setup  func(h *harness) // not undone by the test
	act    func(h *harness)
	done   func(h *harness) bool
	undone func(h *harness) bool
}

func undoCases() []undoCase {
	has := func(h *harness, sent int, code, coder string) bool {
		s := h.cv().sents[sent]
		_, ok := h.findCoding("ottawa-fg", s.Start, s.End, code, coder)
		return ok
	}
	codingMemo := func(h *harness) string {
		s := h.cv().sents[19]
		c, _ := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder)
		return c.Memo
	}
	spanMemo := func(h *harness) string {
		s := h.cv().sents[19]
		for _, m := range h.storeMemos() {
			if !m.OnCoding && m.Source == "ottawa-fg" && m.Start == s.Start && m.End == s.End {
				return m.Text
			}
		}
		return ""
	}
	return []undoCase{
		{
			name: "apply",
			act:  func(h *harness) { h.keys("9") },
			done: func(h *harness) bool { return has(h, 19, police, testCoder) },
			undone: func(h *harness) bool {
				return !has(h, 19, police, testCoder) && len(h.storeCodings("ottawa-fg", testCoder)) == 0
			},
		},
		{
			name:   "apply with the picker",
			act:    func(h *harness) { h.keys("c"); h.typeText("mentor"); h.keys("enter") },
			done:   func(h *harness) bool { return has(h, 19, mentorship, testCoder) },
			undone: func(h *harness) bool { return !has(h, 19, mentorship, testCoder) },
		},
		{
			name:   "remove",
			setup:  func(h *harness) { h.keys("9") },
			act:    func(h *harness) { h.keys("x") },
			done:   func(h *harness) bool { return !has(h, 19, police, testCoder) },
			undone: func(h *harness) bool { return has(h, 19, police, testCoder) },
		},
		{
			name:  "coding memo",
			setup: func(h *harness) { h.keys("9") },
			act: func(h *harness) {
				h.keys("m", "1")
				h.typeText("a memo")
				h.keys("enter")
			},
			done:   func(h *harness) bool { return codingMemo(h) == "a memo" },
			undone: func(h *harness) bool { return has(h, 19, police, testCoder) && codingMemo(h) == "" },
		},
		{
			name: "sentence memo",
			act: func(h *harness) {
				h.keys("m")
				h.typeText("a note")
				h.keys("enter")
			},
			done:   func(h *harness) bool { return spanMemo(h) == "a note" },
			undone: func(h *harness) bool { return spanMemo(h) == "" },
		},
		{
			name: "sentence memo edited",
			setup: func(h *harness) {
				h.keys("m")
				h.typeText("first")
				h.keys("enter")
			},
			act: func(h *harness) {
				h.keys("m", "ctrl+u")
				h.typeText("second")
				h.keys("enter")
			},
			done:   func(h *harness) bool { return spanMemo(h) == "second" },
			undone: func(h *harness) bool { return spanMemo(h) == "first" },
		},
		{
			name: "new in-vivo code",
			act: func(h *harness) {
				h.keys("v", "b", "n")
				h.keys("enter")
			},
			done: func(h *harness) bool {
				_, ok := h.codebookEntry("Hello, I am")
				return ok && testerUsed(h, "Hello, I am")
			},
			undone: func(h *harness) bool {
				_, ok := h.codebookEntry("Hello, I am")
				return !ok && len(h.storeCodings("ottawa-fg", testCoder)) == 0
			},
		},
	}
}

// testerUsed reports whether the test coder coded anything with code.
func testerUsed(h *harness, code string) bool {
	for _, c := range h.storeCodings("ottawa-fg", testCoder) {
		if c.Code == code {
			return true
		}
	}
	return false
}

func TestUndoRedoEachAction(t *testing.T) {
	for _, tc := range undoCases() {
		t.Run(tc.name, func(t *testing.T) {
			h := openOttawa(t)
			v := h.cv()
			if tc.setup != nil {
				tc.setup(h)
			}
			tc.act(h)
			h.noError()
			if !tc.done(h) {
				t.Fatal("the action is not in the store")
			}
			// The undo and redo notes repeat the action's own note (issue
			// 10, item 9: "undone: memo saved" but "undone: removed ...").
			did := v.note
			// Undo, redo, undo, redo: the ids of re-created codings are
			// followed through the history.
			for round := 1; round <= 2; round++ {
				h.keys("u")
				h.noError()
				if !tc.undone(h) {
					t.Fatalf("round %d: u did not undo in the store", round)
				}
				if want := "undone: " + did; !strings.HasPrefix(v.note, want) {
					t.Errorf("round %d: the note says %q, want %q", round, v.note, want)
				}
				h.keys("ctrl+r")
				h.noError()
				if !tc.done(h) {
					t.Fatalf("round %d: ctrl+r did not redo in the store", round)
				}
				if want := "redone: " + did; !strings.HasPrefix(v.note, want) {
					t.Errorf("round %d: the note says %q, want %q", round, v.note, want)
				}
			}
			h.keys("ctrl+r")
			mustContain(t, h.view(), "nothing to redo")
			// The view agrees with the store.
			mine := 0
			for _, c := range v.codings.list {
				if c.Coder == testCoder {
					mine++
				}
			}
			if n := len(h.storeCodings("ottawa-fg", testCoder)); mine != n {
				t.Errorf("the view has %d codings of the tester, the store %d", mine, n)
			}
		})
	}
}

func TestUndoWholeSessionHistory(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	s := v.sents[19]
	// apply, memo on it, another apply elsewhere, remove the first.
	h.keys("9", "m", "1")
	h.typeText("memo")
	h.keys("enter", "j", "7", "k", "x")
	h.noError()
	if n := len(h.storeCodings("ottawa-fg", testCoder)); n != 1 {
		t.Fatalf("setup: %d codings", n)
	}
	h.keys("u") // the remove: the coding comes back with its memo
	c, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder)
	if !ok || c.Memo != "memo" {
		t.Fatalf("undo remove: %+v %v", c, ok)
	}
	h.keys("u", "u") // the second apply, then the memo
	c, _ = h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder)
	if n := len(h.storeCodings("ottawa-fg", testCoder)); n != 1 || c.Memo != "" {
		t.Fatalf("undo apply and memo: %d codings, memo %q", n, c.Memo)
	}
	h.keys("u") // the first apply
	if n := len(h.storeCodings("ottawa-fg", testCoder)); n != 0 {
		t.Fatalf("undo everything: %d codings left", n)
	}
	h.keys("u")
	mustContain(t, h.view(), "nothing to undo")
	// Redo it all: the memo goes to the re-created coding.
	h.keys("ctrl+r", "ctrl+r", "ctrl+r", "ctrl+r")
	h.noError()
	if n := len(h.storeCodings("ottawa-fg", testCoder)); n != 1 {
		t.Fatalf("redo everything: %d codings", n)
	}
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder); ok {
		t.Error("redo everything: the removed coding is back")
	}
	if _, ok := h.findCoding("ottawa-fg", v.sents[20].Start, v.sents[20].End, threats, testCoder); !ok {
		t.Error("redo everything: the second coding is missing")
	}
	// A new action after an undo drops the redo branch.
	h.keys("u", "u", "j", "8", "ctrl+r")
	mustContain(t, h.view(), "nothing to redo")
}

func TestActionsWaitForTheSave(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	// While an action is being saved, a second one is refused rather than
	// raced.
	_, cmd := h.m.Update(keyMsg("9"))
	if cmd == nil {
		t.Fatal("1 returned no command")
	}
	_, cmd2 := h.m.Update(keyMsg("8"))
	if cmd2 != nil {
		t.Error("a second action was started while the first was saving")
	}
	mustContain(t, h.view(), "still saving")
	// Nothing shows as coded before the save is done.
	if len(v.codings.list) != len(h.storeCodings("ottawa-fg", "")) {
		t.Error("the view shows a coding before it is saved")
	}
	h.run(cmd)
	if _, ok := h.findCoding("ottawa-fg", v.sents[19].Start, v.sents[19].End, police, testCoder); !ok {
		t.Error("the first action was not saved")
	}
}

func TestFailedSaveIsNotShownAsDone(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	before := len(v.codings.list)
	h.s.Close()
	h.keys("9")
	if h.m.err == nil {
		t.Fatal("no error shown for a failed save")
	}
	if len(v.codings.list) != before {
		t.Error("the view shows a coding the store refused")
	}
	view := h.view()
	mustContain(t, view, "error: ")
	if strings.Contains(view, "saved 10:30:00") {
		t.Error("the status line claims a save")
	}
	// Any key dismisses the error; the next action is not blocked.
	h.keys("esc")
	if h.m.err != nil || v.c.hist.busy {
		t.Errorf("after esc: err %v busy %v", h.m.err, v.c.hist.busy)
	}
}

func TestSearchKeys(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	lower := strings.ToLower(string(v.runes))
	var offs []int // rune offsets of "refugee"
	for i, r := 0, []rune(lower); i+7 <= len(r); i++ {
		if string(r[i:i+7]) == "refugee" {
			offs = append(offs, i)
		}
	}
	if len(offs) < 3 {
		t.Fatalf("only %d matches", len(offs))
	}
	sentOf := func(off int) int { return sort.Search(len(v.sents), func(i int) bool { return v.sents[i].End > off }) }
	h.keys("/")
	if v.mode != modePrompt || v.promptFor != promptSearch {
		t.Fatalf("/: mode %v", v.mode)
	}
	h.typeText("Refugee") // case-insensitive; "n" typed here is text
	h.keys("enter")
	if v.cursor != sentOf(offs[0]) || v.cursor != 21 {
		t.Fatalf("search: cursor %d, want %d", v.cursor, sentOf(offs[0]))
	}
	mustContain(t, h.view(), fmt.Sprintf("match 1 of %d", len(offs)))
	// n goes to the next match after the cursor sentence.
	want := -1
	for _, o := range offs {
		if o >= v.sents[v.cursor].End {
			want = sentOf(o)
			break
		}
	}
	h.keys("n")
	if v.cursor != want {
		t.Fatalf("n: cursor %d, want %d", v.cursor, want)
	}
	h.keys("n")
	second := v.cursor
	h.keys("N")
	if v.cursor != want {
		t.Errorf("N: cursor %d, want %d", v.cursor, want)
	}
	h.keys("n")
	if v.cursor != second {
		t.Errorf("n after N: cursor %d, want %d", v.cursor, second)
	}
	// Wrap around at the end and at the start.
	h.keys("G", "n")
	if v.cursor != sentOf(offs[0]) {
		t.Errorf("n from the bottom: cursor %d, want the first match %d", v.cursor, sentOf(offs[0]))
	}
	mustContain(t, h.view(), "search wrapped to the top")
	h.keys("g", "N")
	if v.cursor != sentOf(offs[len(offs)-1]) {
		t.Errorf("N from the top: cursor %d, want the last match %d", v.cursor, sentOf(offs[len(offs)-1]))
	}
	// The search is shown again when / is pressed, and esc clears it, so
	// that n is the in-vivo key again.
	h.keys("/")
	if v.prompt.input.Value() != "Refugee" {
		t.Errorf("/ again starts from %q", v.prompt.input.Value())
	}
	h.keys("esc", "esc")
	if v.search != "" || len(v.matches) != 0 {
		t.Errorf("esc kept the search %q", v.search)
	}
	h.keys("n")
	if v.mode != modePrompt || v.promptFor != promptNewCode {
		t.Errorf("n after esc: mode %v prompt %v", v.mode, v.promptFor)
	}
	h.keys("esc")
	// A search with no match says so and leaves the cursor.
	cur := v.cursor
	h.keys("/")
	h.typeText("zebra crossing")
	h.keys("enter")
	if v.cursor != cur {
		t.Error("a failed search moved the cursor")
	}
	mustContain(t, h.view(), `"zebra crossing" not found`)
}

func TestSearchAccentedText(t *testing.T) {
	h := newHarness(t)
	h.open("montreal-fg")
	v := h.cv()
	h.keys("/")
	h.typeText("ÉTÉ")
	h.keys("enter")
	if len(v.matches) == 0 {
		t.Fatal("no match for ÉTÉ in the French transcript")
	}
	s := v.sents[v.cursor]
	if !strings.Contains(strings.ToLower(string(v.runes[s.Start:s.End])), "été") {
		t.Errorf("cursor sentence %q does not contain été", string(v.runes[s.Start:s.End]))
	}
}

func TestFilterKeys(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	// [3490,3540) is coded by lea and by sam.
	h.goToSentence(v.sentenceAt(3500))
	coders := func() string {
		var out []string
		for _, c := range v.codingsHere() {
			out = append(out, c.Coder)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	if got := coders(); got != "lea,sam" {
		t.Fatalf("setup: coders here %q", got)
	}
	h.keys("f")
	if v.mode != modePicker {
		t.Fatalf("f: mode %v", v.mode)
	}
	mustContain(t, h.view(), "Show only", "(everything)", "coder: lea", "coder: sam")
	h.typeText("coder: sam")
	if got := v.picker.items[v.picker.shown[0]].value; got != "\x00coder:sam" {
		t.Fatalf("best match %q", got)
	}
	h.keys("enter")
	if v.filterCoder != "sam" || coders() != "sam" {
		t.Fatalf("filter sam: filterCoder %q, coders here %q", v.filterCoder, coders())
	}
	view := h.view()
	mustContain(t, view, "filter sam", "1 Immigration documents and d")
	if strings.Contains(view, "· lea") {
		t.Error("lea's coding is shown under a sam filter")
	}
	// x honours the filter: it removes sam's coding without asking.
	h.keys("x")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", 3490, 3540, immigration, "sam"); ok {
		t.Error("x did not remove sam's coding")
	}
	if _, ok := h.findCoding("ottawa-fg", 3416, 3540, immigration, "lea"); !ok {
		t.Error("x removed lea's coding, hidden by the filter")
	}
	h.keys("u")
	// Filter to one code (with its sub-codes).
	h.keys("f")
	h.typeText("Risks of activism")
	h.pickValue(&v.picker, "Risks of activism and transnational repression")
	h.keys("enter")
	if v.filterCode != "Risks of activism and transnational repression" {
		t.Fatalf("filterCode %q", v.filterCode)
	}
	if got := coders(); got != "" {
		t.Errorf("the Immigration codings are shown under a Risks filter: %q", got)
	}
	for _, c := range v.codings.list {
		if v.visible(c) && !strings.HasPrefix(c.Code, "Risks of activism") {
			t.Errorf("visible under the filter: %s", c.Code)
		}
	}
	mustContain(t, h.view(), "filter Risks of activism and transnat")
	// (everything) clears both.
	h.keys("f", "enter")
	if v.filterCode != "" || v.filterCoder != "" || coders() != "lea,sam" {
		t.Errorf("(everything): filter %q %q, coders %q", v.filterCode, v.filterCoder, coders())
	}
	// Esc in the filter picker changes nothing.
	h.keys("f", "esc")
	if v.filterCode != "" || v.mode != modeNormal {
		t.Error("esc in the filter picker")
	}
}

// pickValue moves an open picker's cursor to the item with this value.
func (h *harness) pickValue(p *picker, value string) {
	h.t.Helper()
	for i, idx := range p.shown {
		if p.items[idx].value == value {
			for p.cursor < i {
				h.keys("down")
			}
			for p.cursor > i {
				h.keys("up")
			}
			return
		}
	}
	h.t.Fatalf("the picker does not list %q", value)
}

func TestNextPreviousUncoded(t *testing.T) {
	s := openDemo(t)
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: "lea", Renderer: plainRenderer(), Now: fixedClock})}
	h.resize(100, 30)
	h.run(h.m.Init())
	h.open("ottawa-fg")
	v := h.cv()
	src, _ := s.Source("ottawa-fg")
	turns, _ := s.Turns(src.ID)
	leas, _ := s.Codings(store.CodingFilter{Source: "ottawa-fg", Coder: "lea"})
	uncoded := func(i int) bool {
		sn := v.sents[i]
		t := turns[sn.Turn]
		if t.Facilitator || t.Participant == "" {
			return false
		}
		for _, c := range leas {
			if c.Start < sn.End && c.End > sn.Start {
				return false
			}
		}
		return true
	}
	var want []int
	for i := range v.sents {
		if uncoded(i) {
			want = append(want, i)
		}
	}
	// lea coded some sentences: ] must skip them.
	skipped := false
	for k := 1; k < len(want); k++ {
		skipped = skipped || want[k] != want[k-1]+1
	}
	if !skipped {
		t.Fatal("setup: no coded sentence between uncoded ones")
	}
	h.keys("g")
	var got []int
	for {
		before := v.cursor
		h.keys("]")
		if v.cursor == before {
			break
		}
		got = append(got, v.cursor)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("] visits %v\nwant %v", got, want)
	}
	mustContain(t, h.view(), "no uncoded participant sentence that way")
	got = got[:0]
	h.keys("G")
	if uncoded(v.cursor) {
		got = append(got, v.cursor) // the start counts as visited
	}
	for {
		before := v.cursor
		h.keys("[")
		if v.cursor == before {
			break
		}
		got = append(got, v.cursor)
	}
	for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
		got[i], got[j] = got[j], got[i]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("[ visits %v\nwant %v", got, want)
	}
	// Coding a sentence takes it out of the way.
	h.keys("g", "]")
	first := v.cursor
	h.keys("9", "g", "]")
	if v.cursor == first {
		t.Error("] stops on a sentence just coded")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			h := openOttawa(t)
			h.keys(k)
			if !h.quit {
				t.Errorf("%s did not quit", k)
			}
		})
	}
	t.Run("q in a prompt is text, ctrl+c still quits", func(t *testing.T) {
		h := openOttawa(t)
		h.keys("/", "q")
		if h.quit || h.cv().prompt.input.Value() != "q" {
			t.Fatalf("q in the search prompt: quit %v, input %q", h.quit, h.cv().prompt.input.Value())
		}
		h.keys("ctrl+c")
		if !h.quit {
			t.Error("ctrl+c in a prompt did not quit")
		}
	})
	t.Run("q on every screen", func(t *testing.T) {
		for tb := tabSources; tb < tabCount; tb++ {
			h := openOttawa(t)
			h.run(h.m.switchTo(tb))
			if h.m.capturing() {
				h.keys("esc") // the Quotes picker
			}
			h.keys("q")
			if !h.quit {
				t.Errorf("q on %s did not quit", tb)
			}
		}
	})
}

func TestHelpOverlay(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := openOttawa(t)
			h.resize(size[0], size[1])
			cur := h.cv().cursor
			h.keys("?")
			if !h.m.showHelp {
				t.Fatal("? did not open the help")
			}
			view := h.view()
			// Every binding of the key map is in the overlay.
			for _, group := range h.m.c.keys.FullHelp() {
				for _, b := range group {
					hk := b.Help()
					if !strings.Contains(view, hk.Key) || !strings.Contains(view, hk.Desc) {
						t.Errorf("the help lacks %q %q", hk.Key, hk.Desc)
					}
				}
			}
			mustContain(t, view, "any key closes this help")
			checkSize(t, view, size[0], size[1])
			// Any key closes it and does nothing else.
			h.keys("j")
			if h.m.showHelp || h.cv().cursor != cur {
				t.Errorf("j closed the help: %v, cursor %d (was %d)", !h.m.showHelp, h.cv().cursor, cur)
			}
			h.keys("?", "q")
			if h.quit {
				t.Error("q closing the help quit the app")
			}
		})
	}
}

func TestTabKeys(t *testing.T) {
	h := newHarness(t)
	order := []tab{tabCoding, tabCodebook, tabQuotes, tabMemos, tabRecs, tabSources}
	for _, want := range order {
		h.keys("tab")
		if h.m.capturing() {
			h.keys("esc") // the Quotes picker opens on first visit
		}
		if h.m.active != want {
			t.Fatalf("tab: on %s, want %s", h.m.active, want)
		}
		if !strings.Contains(strings.Split(h.view(), "\n")[0], want.String()) {
			t.Errorf("the tab bar does not show %s", want)
		}
	}
	for i := len(order) - 2; i >= 0; i-- {
		h.keys("shift+tab")
		if h.m.capturing() {
			h.keys("esc")
		}
		if h.m.active != order[i] {
			t.Fatalf("shift+tab: on %s, want %s", h.m.active, order[i])
		}
	}
	// A tab typed in a prompt does not switch screens.
	h = openOttawa(t)
	h.keys("/", "tab")
	if h.m.active != tabCoding {
		t.Error("tab in the search prompt switched screens")
	}
	// The coding tab without a source says what to do.
	h = newHarness(t)
	h.keys("tab")
	mustContain(t, h.view(), "Choose a source on the Sources screen")
	for _, k := range []string{"j", "c", "x", "m", "u", "/", "1"} {
		h.keys(k)
	}
	h.noError()
}

func TestCodingElsewhereRefreshesOtherScreens(t *testing.T) {
	h := openOttawa(t)
	h.keys("9")
	h.keys("shift+tab") // Sources
	mustContain(t, h.view(), "ottawa-fg    Ottawa    OTT-1  2026-03-21  9             5229   75")
	h.keys("tab", "tab") // Codebook
	e := h.m.codebook.entries
	for _, x := range e {
		if x.Path == police && x.Codings != 21 {
			t.Errorf("the Codebook screen shows %d codings of Police, want 21", x.Codings)
		}
	}
}

// TestPickerRanksCodeNames: typing the start of a code's own name puts
// that code first, even under a long theme name; a query with the theme
// still works through the path.
func TestPickerRanksCodeNames(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	tests := []struct{ query, want string }{
		{"sur", surveillance},
		{"surv", surveillance},
		{"pee", peerSupport},
		{"men", mentorship},
		{"leg", legal},
		{"self", selfCens},
		{"pol", police},
		{"threat", threats},
		{"immig", immigration},
		{"adapt", adaptation},
		{"risks/self", selfCens},
		{"recognition/peer", peerSupport},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			h.keys("c")
			h.typeText(tt.query)
			if len(v.picker.shown) == 0 {
				t.Fatalf("no match")
			}
			if got := v.picker.items[v.picker.shown[0]].value; got != tt.want {
				var list []string
				for _, i := range v.picker.shown {
					list = append(list, v.picker.items[i].value)
				}
				t.Errorf("first match %q, want %q; list:\n%s", got, tt.want, strings.Join(list, "\n"))
			}
			h.keys("esc")
		})
	}
}

// TestPickerCursorFollowsTyping: after moving down the list, typing a new
// query puts the cursor back on the best match, so that enter applies what
// the user sees first.
func TestPickerCursorFollowsTyping(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	h.keys("c", "down", "down", "down", "down")
	h.typeText("e")
	if len(v.picker.shown) < 5 || v.picker.cursor != 0 {
		t.Errorf("after typing: cursor %d of %d, want 0", v.picker.cursor, len(v.picker.shown))
	}
	h.keys("down", "down", "down", "down")
	h.typeText("er s")
	h.keys("enter")
	h.noError()
	s := v.sents[19]
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, peerSupport, testCoder); !ok {
		t.Errorf("applied %+v, want %s", h.storeCodings("ottawa-fg", testCoder), peerSupport)
	}
}

// TestFilterFollowsRename: a code filter on the coding view still shows
// the code's codings after the code is renamed on the Codebook screen.
func TestFilterFollowsRename(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	h.keys("f")
	h.typeText("legal")
	h.pickValue(&v.picker, legal)
	h.keys("enter")
	visible := func() int {
		n := 0
		for _, c := range v.codings.list {
			if v.visible(c) {
				n++
			}
		}
		return n
	}
	before := visible()
	if before == 0 {
		t.Fatal("setup: no Legal assistance coding in ottawa-fg")
	}
	codebookAt(t, h, legal)
	h.keys("r", "ctrl+u")
	h.typeText("Legal aid")
	h.keys("enter")
	h.noError()
	h.run(h.m.switchTo(tabCoding))
	h.noError()
	if v.filterCode != adaptation+"/Legal aid" || visible() != before {
		t.Errorf("after the rename: filter %q shows %d codings, want %d", v.filterCode, visible(), before)
	}
}

// TestHeightOnlyResizeKeepsCursorVisible: a window made shorter (same
// width) keeps the cursor sentence on screen.
func TestHeightOnlyResizeKeepsCursorVisible(t *testing.T) {
	h := openOttawa(t)
	h.resize(100, 60)
	v := h.cv()
	// Put the cursor near the bottom of the tall window.
	h.goToSentence(19)
	for v.lidx.lineOf(v.sents[v.cursor].Start)-v.top < 45 {
		h.keys("j")
	}
	h.resize(100, 24)
	checkCursorVisible(t, h)
	checkSize(t, h.view(), 100, 24)
}

// TestUndoAcrossSources: the history belongs to the session, not to the
// source on screen: a coding made in one source is undone (and redone) from
// another, and a code renamed meanwhile does not get in the way.
func TestUndoAcrossSources(t *testing.T) {
	h := openOttawa(t)
	s := h.cv().sents[19]
	h.keys("9")
	h.noError()
	first, ok := h.findCoding("ottawa-fg", s.Start, s.End, police, testCoder)
	if !ok {
		t.Fatal("setup: no coding")
	}
	h.open("toronto-fg")
	if _, err := h.m.c.store.RenameCode(police, "Police response"); err != nil {
		t.Fatal(err)
	}
	h.keys("u")
	h.noError()
	if list := h.storeCodings("ottawa-fg", testCoder); len(list) != 0 {
		t.Fatalf("undo from another source left %d codings", len(list))
	}
	if !strings.Contains(h.view(), "in ottawa-fg") {
		t.Errorf("the note does not say which source:\n%s", h.view())
	}
	h.keys("ctrl+r")
	h.noError()
	list := h.storeCodings("ottawa-fg", testCoder)
	if len(list) != 1 || list[0].Start != first.Start || !strings.HasSuffix(list[0].Code, "/Police response") {
		t.Fatalf("redo from another source: %+v", list)
	}
}
