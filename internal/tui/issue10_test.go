package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Tests of the workbench defects of issue 10, each at the level of Update.

// TestQuotesAfterCodingWaitsIdle: issue 10, item 1. After a coding, the
// Quotes screen said "Press c to choose a code." for good, c did nothing,
// and the app burnt a core: every codebook read re-asked for the codebook
// (the screen's stale mark was never cleared), a loop of commands that ran
// on after leaving the screen. The harness fails on such a loop.
func TestQuotesAfterCodingWaitsIdle(t *testing.T) {
	h := openOttawa(t)
	h.keys("9") // a coding: the other screens go stale
	h.noError()
	h.keys("tab", "tab") // Codebook, Quotes
	v := h.m.quotes
	if h.m.active != tabQuotes || v.picker == nil {
		t.Fatalf("on %s, picker open %v", h.m.active, v.picker != nil)
	}
	mustContain(t, h.view(), "Quotes of code")
	h.keys("esc")
	mustContain(t, h.view(), "Press c to choose a code.")
	h.keys("c")
	if v.picker == nil {
		t.Fatal("c did not open the picker")
	}
	h.keys("esc")
	// Waiting costs nothing: no command is left to run, and a spinner
	// tick (there is nothing loading) is not re-issued.
	if _, cmd := h.m.Update(spinner.TickMsg{}); cmd != nil {
		t.Error("an idle screen re-issues the spinner's tick")
	}
	h.keys("tab")
	if _, cmd := h.m.Update(spinner.TickMsg{}); cmd != nil {
		t.Error("an idle screen re-issues the spinner's tick after leaving Quotes")
	}
}

// manySources makes a project with n short transcripts.
func manySources(t *testing.T, n int) *store.Store {
	t.Helper()
	s, err := store.Create(filepath.Join(t.TempDir(), "many.fwp"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var files []project.Transcript
	for i := 1; i <= n; i++ {
		files = append(files, project.Transcript{Path: fmt.Sprintf("group-%02d.txt", i),
			Data: []byte(fmt.Sprintf("Moderator: Welcome.\nP1: We met in group %d. It went well.\n", i)),
			Meta: coding.SourceMeta{Group: fmt.Sprintf("G%02d", i), City: "Ottawa"}})
	}
	if _, err := project.New(s).ImportTranscripts(t.Context(), files, project.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSourcesScroll: issue 10, item 4. With 40 sources at 100x30 the
// cursor row left the screen.
func TestSourcesScroll(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := manySources(t, 40)
			h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock})}
			h.resize(size[0], size[1])
			h.run(h.m.Init())
			for i := 1; i <= 40; i++ {
				view := h.view()
				checkSize(t, view, size[0], size[1])
				mustContain(t, view, fmt.Sprintf("group-%02d", i), "enter open")
				if i < 40 {
					h.keys("j")
				}
			}
			h.keys("enter")
			if h.cv().src == nil || h.cv().src.Name != "group-40" {
				t.Fatalf("enter on the last row opened %v", h.cv().src)
			}
			h.keys("shift+tab", "g")
			mustContain(t, h.view(), "group-01")
			h.keys("G")
			mustContain(t, h.view(), "group-40")
		})
	}
}

// TestUsableAt80x24: issue 10, item 4. The progress column, the key
// hints and the recommendation detail were cut at 80x24.
func TestUsableAt80x24(t *testing.T) {
	h := recsHarness(t)
	h.resize(80, 24)
	h.run(h.m.switchTo(tabSources))
	view := h.view()
	for _, name := range []string{"montreal-fg", "ottawa-fg", "toronto-fg"} {
		if !strings.Contains(view, name) {
			t.Errorf("no %s", name)
		}
	}
	mustContain(t, view, "coded", "0% ░░░░░", "enter open")
	// Every entry of a recommendation's log can be read: the detail
	// scrolls.
	h.run(h.m.switchTo(tabRecs))
	h.keys("enter")
	r, _, _ := h.m.recs.current()
	seen := ""
	for range 10 {
		seen += " " + strings.Join(strings.Fields(h.view()), " ")
		h.keys("pgdown")
	}
	for _, f := range r.Log {
		words := strings.Fields(f.Summary())
		if len(words) > 3 {
			words = words[len(words)-3:]
		}
		if last := strings.Join(words, " "); !strings.Contains(seen, last) {
			t.Errorf("the end of a log entry (%q) is never shown", last)
		}
	}
	mustContain(t, h.view(), "esc back")
}

// TestWideSidebar: issue 10, item 4. At 160 columns the sidebar stayed 40
// columns wide.
func TestWideSidebar(t *testing.T) {
	h := openOttawa(t)
	h.resize(160, 45)
	if w := h.cv().panelWidth(); w < 50 {
		t.Errorf("panel %d columns wide at 160", w)
	}
	checkSize(t, h.view(), 160, 45)
	checkPanelAligned(t, h)
}

// TestCodebookUndo: issue 10, item 6. u did nothing on the Codebook
// screen: codebook edits were not in the undo history.
func TestCodebookUndo(t *testing.T) {
	h := newHarness(t)
	before, _ := h.codebookEntry(mentorship)
	codebookAt(t, h, mentorship)
	steps := []struct {
		name string
		do   func()
		done func() bool
	}{
		{"add", func() { h.keys("a"); h.typeText("Language"); h.keys("enter") },
			func() bool { _, ok := h.codebookEntry("Language"); return ok }},
		{"rename", func() { codebookAt(t, h, mentorship); h.keys("r", "ctrl+u"); h.typeText("Mentoring"); h.keys("enter") },
			func() bool { _, ok := h.codebookEntry("Recognition and capacity building/Mentoring"); return ok }},
		{"edit", func() {
			codebookAt(t, h, "Recognition and capacity building/Mentoring")
			h.keys("e", "ctrl+u")
			h.typeText("New definition.")
			h.keys("enter", "esc")
		}, func() bool {
			e, _ := h.codebookEntry("Recognition and capacity building/Mentoring")
			return e.Definition == "New definition."
		}},
		{"move", func() { codebookAt(t, h, "Recognition and capacity building/Mentoring"); h.keys("M", "enter") },
			func() bool { _, ok := h.codebookEntry("Mentoring"); return ok }},
		{"delete", func() { codebookAt(t, h, "Language"); h.keys("d") },
			func() bool { _, ok := h.codebookEntry("Language"); return !ok }},
	}
	for _, s := range steps {
		s.do()
		h.noError()
		if !s.done() {
			t.Fatalf("%s: not done", s.name)
		}
	}
	for i := len(steps) - 1; i >= 0; i-- {
		h.keys("u")
		h.noError()
		if steps[i].done() {
			t.Errorf("u did not undo the %s", steps[i].name)
		}
		mustContain(t, h.view(), "undone: ")
	}
	after, ok := h.codebookEntry(mentorship)
	if !ok || after.ID != before.ID || after.Definition != before.Definition || after.Codings != before.Codings {
		t.Errorf("after undoing everything: %+v, want %+v", after, before)
	}
	if _, ok := h.codebookEntry("Language"); ok {
		t.Error("the added code is still there")
	}
	h.keys("u")
	mustContain(t, h.view(), "nothing to undo")
	// Redo brings them back in order.
	for _, s := range steps {
		h.keys("ctrl+r")
		h.noError()
		if !s.done() {
			t.Errorf("ctrl+r did not redo the %s", s.name)
		}
	}
}

// TestMoveKeepsCursor: issue 10, item 9. After M the cursor lost the code.
func TestMoveKeepsCursor(t *testing.T) {
	h := newHarness(t)
	e, _ := h.codebookEntry(mentorship)
	codebookAt(t, h, mentorship)
	h.keys("M", "enter") // to the top level: it moves to the end
	h.noError()
	v := h.m.codebook
	if cur, _ := v.current(); cur.ID != e.ID {
		t.Errorf("the cursor is on %s, not on the moved code", cur.Path)
	}
}

// TestCodeColoursAndLabels: issue 10, item 7 and issue 17. Sibling codes
// got the same colour; codes are told apart by a label as well as a
// colour, in the margin and the panel.
func TestCodeColoursAndLabels(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	size := map[int64]int{} // codes in each theme, the theme included
	for _, e := range v.codebook {
		size[e.ParentID]++
		size[e.ID]++
	}
	for _, palette := range Palettes() {
		looks := codeLooks(v.codebook, palette)
		labels := map[rune]string{}
		for i, e := range v.codebook {
			l := looks[e.ID]
			if other, ok := labels[l.label]; ok {
				t.Errorf("%s: %s and %s share the label %c", palette, other, e.Path, l.label)
			}
			labels[l.label] = e.Path
			if e.ParentID != 0 && looks[e.ParentID].color == l.color && palette != "codebook" {
				t.Errorf("%s: %s has its theme's colour", palette, e.Path)
			}
			for _, o := range v.codebook[:i] {
				related := o.ID == e.ParentID || (o.ParentID == e.ParentID && e.ParentID != 0)
				fits := e.ParentID == 0 || size[e.ParentID] <= len(palettes[palette])
				if related && fits && looks[o.ID].color == l.color && palette != "codebook" {
					t.Errorf("%s: %s and %s share the colour %s", palette, o.Path, e.Path, l.color)
				}
			}
		}
	}
	h.goToSentence(19)
	h.keys("9", "8")
	line := strings.Split(h.view(), "\n")[v.lidx.lineOf(v.sents[19].Start)-v.top+1]
	if !strings.HasPrefix(line, "98") {
		t.Errorf("the margin does not show the keys of the two codes: %q", line)
	}
	mustContain(t, h.view(), "9 Police and public-saf", "8 Surveillance and dig")
}

// TestQuotesWholePassages: issue 10, item 8. Quotes showed one line each,
// and a passage coded by two coders twice.
func TestQuotesWholePassages(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabQuotes))
	h.typeText("self-cens")
	h.pickValue(h.m.quotes.picker, selfCens)
	h.keys("enter")
	v := h.m.quotes
	var both *quote
	for i := range v.quotes {
		if len(v.quotes[i].coders) == 2 && both == nil {
			both = &v.quotes[i]
			for v.cursor < i {
				h.keys("j")
			}
		}
	}
	if both == nil {
		t.Fatal("no passage lists two coders")
	}
	mustContain(t, h.view(), both.coders[0]+", "+both.coders[1])
	// A long passage is shown whole, wrapped, with its context.
	h.resize(60, 40)
	for i := range v.quotes {
		if len([]rune(v.quotes[i].coding.Text)) > 120 {
			for v.cursor < i {
				h.keys("j")
			}
			break
		}
	}
	q := v.quotes[v.cursor]
	view := strings.Join(strings.Fields(h.view()), " ")
	words := strings.Fields(q.coding.Text)
	mustContain(t, view, strings.Join(words[len(words)-3:], " "))
	if len(q.before) > 0 {
		mustContain(t, view, strings.Fields(q.before[len(q.before)-1])[0])
	}
	// Space shows more context, and folds it again.
	lines := lineCount(strings.TrimRight(h.m.quotes.View(), "\n "))
	folded := len(v.quoteLines(v.cursor, q))
	h.keys(" ")
	if len(v.quoteLines(v.cursor, q)) <= folded && len(q.before)+len(q.after) > 2 {
		t.Errorf("space did not expand the context (%d lines)", folded)
	}
	h.keys(" ")
	if n := len(v.quoteLines(v.cursor, q)); n != folded {
		t.Errorf("space again: %d lines, want %d", n, folded)
	}
	_ = lines
}

// TestUndoCodebookFromCodingView: the history is one for the session: u in
// the coding view undoes a rename made on the Codebook screen, and the
// coding view shows the old name again.
func TestUndoCodebookFromCodingView(t *testing.T) {
	h := newHarness(t)
	codebookAt(t, h, police)
	h.keys("r", "ctrl+u")
	h.typeText("Police response")
	h.keys("enter")
	h.open("ottawa-fg")
	h.goToSentence(19)
	h.keys("9")
	mustContain(t, h.view(), "Police response · tester")
	h.keys("u", "u") // the coding, then the rename
	h.noError()
	if _, ok := h.codebookEntry(police); !ok {
		t.Fatal("the rename was not undone")
	}
	mustContain(t, h.view(), "undone: renamed Police and public-safety response to Police response", "Police and public-saf")
}
