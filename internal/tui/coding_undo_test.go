package tui

import (
	"strings"
	"testing"
)

// undoCase is one kind of action with what the store must show when it is
// done and when it is undone.
type undoCase struct {
	name   string
	setup  func(h *harness) // not undone by the test
	act    func(h *harness)
	done   func(h *harness) bool
	undone func(h *harness) bool
}

// undoHelpers read the store for the undo cases.
type undoHelpers struct {
	has        func(h *harness, sent int, code, coder string) bool
	codingMemo func(h *harness) string
	spanMemo   func(h *harness) string
}

func newUndoHelpers() undoHelpers {
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
	return undoHelpers{has, codingMemo, spanMemo}
}

// undoCases are every undoable action of the coding view.
func undoCases() []undoCase {
	u := newUndoHelpers()
	has, codingMemo := u.has, u.codingMemo
	list := []undoCase{
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
	}
	return append(list, memoUndoCases(u)...)
}

func memoUndoCases(u undoHelpers) []undoCase {
	has, spanMemo := u.has, u.spanMemo
	_ = has
	return []undoCase{
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
