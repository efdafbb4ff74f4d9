package tui

import (
	"sort"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
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
}

// TestSelectTurnKey: t selects the whole turn, and w stays in it.
func TestSelectTurnKey(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	src, _ := h.s.Source("ottawa-fg")
	turns, _ := h.s.Turns(src.ID)
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
}
