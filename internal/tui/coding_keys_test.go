package tui

import (
	"fmt"
	"strings"
	"testing"
)

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
	order := []tab{tabCoding, tabCodebook, tabQuotes, tabSearch, tabParticipants, tabIdentifiers, tabMemos, tabCompare, tabRecs, tabSources}
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

// TestListScreenHelpOverlays: on a list screen or Compare, `?` lists that
// screen's keys and none of the coding view's, and fits 80x24.
func TestListScreenHelpOverlays(t *testing.T) {
	for _, tc := range []struct {
		tab  tab
		want []string
	}{
		{tabCodebook, []string{"up", "down"}},
		{tabMemos, []string{"down", "screens"}},
		{tabCompare, []string{"keep coder N's coding", "keep both (all)", "recode…"}},
		{tabRecs, []string{"down", "screens"}},
	} {
		h := openOttawa(t)
		h.resize(80, 24)
		h.run(h.m.switchTo(tc.tab))
		h.keys("?")
		view := h.view()
		mustContain(t, view, append(tc.want, "any key closes this help", "shift+tab")...)
		checkSize(t, h.m.View(), 80, 24)
		for _, coding := range []string{"selection +word", "next uncoded sentence", "apply code by its key"} {
			if strings.Contains(view, coding) {
				t.Errorf("tab %d: the help shows the coding view's %q:\n%s", tc.tab, coding, view)
			}
		}
	}
}
