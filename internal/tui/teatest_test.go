package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
)

// These flows run the app in a real tea.Program (teatest) at 100x30 and
// read what it prints. WaitFor consumes the output it has read, and the
// renderer repaints only the lines that changed, so each wait looks for
// text on a line the previous step changed, in the output stripped of
// escape sequences.

func startProgram(t *testing.T) (*teatest.TestModel, *harness) {
	t.Helper()
	s := openDemo(t)
	m := New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	// The harness is used only for its store helpers here.
	return tm, &harness{t: t, s: s, m: m}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return strings.Contains(ansi.Strip(string(b)), text)
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

func press(tm *teatest.TestModel, names ...string) {
	for _, n := range names {
		tm.Send(keyMsg(n))
	}
}

// typeRunes types text rune by rune (teatest's Type splits bytes).
func typeRunes(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func finalModel(t *testing.T, tm *teatest.TestModel) *Model {
	t.Helper()
	fm, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !ok {
		t.Fatal("the final model is not a *Model")
	}
	return fm
}

func TestFlowOpenCodeQuit(t *testing.T) {
	tm, h := startProgram(t)
	waitFor(t, tm, "toronto-fg   Toronto   TOR-1")
	press(tm, "j", "enter")
	waitFor(t, tm, "00:02:14 Speaker 1 · OTT-01")
	// The cursor is on "Hello, I am Rana."; code the next sentence with the
	// picker.
	press(tm, "j", "c")
	waitFor(t, tm, "Apply code")
	typeRunes(tm, "legal")
	waitFor(t, tm, "› legal")
	press(tm, "enter")
	waitFor(t, tm, "» coded Legal assistance")
	press(tm, "q")

	fm := finalModel(t, tm)
	v := fm.coding
	if fm.active != tabCoding || v.src == nil || v.src.Name != "ottawa-fg" || v.cursor != 20 {
		t.Fatalf("final model: tab %s, source %v, cursor %d", fm.active, v.src, v.cursor)
	}
	if v.mode != modeNormal || v.c.hist.pos != 1 || v.c.hist.busy || v.lastSave != "10:30:00" {
		t.Errorf("final model: mode %v, history %d busy %v, last save %q", v.mode, v.c.hist.pos, v.c.hist.busy, v.lastSave)
	}
	s := v.sents[20]
	c, ok := h.findCoding("ottawa-fg", s.Start, s.End, legal, testCoder)
	if !ok || c.Text != "I have been in Ottawa four years now." {
		t.Fatalf("the store has no such coding: %+v", h.storeCodings("ottawa-fg", testCoder))
	}
	if n := len(h.storeCodings("", testCoder)); n != 1 {
		t.Errorf("%d codings by the tester, want 1", n)
	}
}

func TestFlowInVivoUndoRedoFrench(t *testing.T) {
	tm, h := startProgram(t)
	waitFor(t, tm, "montreal-fg  Montreal  MTL-1")
	press(tm, "enter")
	waitFor(t, tm, "Coding: montreal-fg")
	// Select two sentences, make an in-vivo code with an accented name.
	press(tm, "v", "j", "n")
	waitFor(t, tm, "new code")
	press(tm, "ctrl+u")
	typeRunes(tm, "Silence au téléphone")
	waitFor(t, tm, "Silence au téléphone")
	press(tm, "enter")
	waitFor(t, tm, "» coded Silence au téléphone")
	press(tm, "u")
	waitFor(t, tm, "» undone: coded Silence au téléphone (new code)")
	press(tm, "ctrl+r")
	waitFor(t, tm, "» redone: coded Silence au téléphone (new code)")
	press(tm, "ctrl+c")

	fm := finalModel(t, tm)
	v := fm.coding
	if v.src.Name != "montreal-fg" || v.c.hist.pos != 1 || len(v.c.hist.entries) != 1 {
		t.Fatalf("final model: source %s, history %d/%d", v.src.Name, v.c.hist.pos, len(v.c.hist.entries))
	}
	if _, ok := h.codebookEntry("Silence au téléphone"); !ok {
		t.Fatal("the in-vivo code is not in the store")
	}
	list := h.storeCodings("montreal-fg", testCoder)
	if len(list) != 1 || list[0].Code != "Silence au téléphone" {
		t.Fatalf("store codings: %+v", list)
	}
	first := v.sentenceAt(list[0].Start)
	if list[0].Start != v.sents[first].Start || list[0].End != v.sents[first+1].End {
		t.Errorf("coded [%d,%d), want sentences %d-%d", list[0].Start, list[0].End, first, first+1)
	}
}
