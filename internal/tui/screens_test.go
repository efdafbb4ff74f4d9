package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// ---- Sources ----

func TestSourcesScreen(t *testing.T) {
	h := newHarness(t)
	if h.m.active != tabSources || h.m.loading {
		t.Fatalf("start: on %s, loading %v", h.m.active, h.m.loading)
	}
	view := h.view()
	mustContain(t, view, "source", "city", "group", "participants", "coded by tester",
		"montreal-fg  Montreal  MTL-1  2026-03-14", "ottawa-fg", "toronto-fg", "0% ░░░░░░░░░░")
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"enter"}, "montreal-fg"},
		{[]string{"j", "enter"}, "ottawa-fg"},
		{[]string{"down", "down", "enter"}, "toronto-fg"},
		{[]string{"G", "k", "enter"}, "ottawa-fg"},
		{[]string{"G", "j", "j", "enter"}, "toronto-fg"},
		{[]string{"G", "g", "k", "enter"}, "montreal-fg"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, " "), func(t *testing.T) {
			h.run(h.m.switchTo(tabSources))
			h.keys("g")
			h.keys(tt.keys...)
			h.noError()
			if h.m.active != tabCoding || h.cv().src.Name != tt.want {
				t.Fatalf("on %s with %v, want the coding view on %s", h.m.active, h.cv().src, tt.want)
			}
			if h.m.loading {
				t.Error("still loading")
			}
			mustContain(t, h.view(), "Coding: "+tt.want)
		})
	}
}

func TestSourcesProgressFollowsCoding(t *testing.T) {
	h := newHarness(t)
	h.keys("j", "enter")
	h.keys("v", "G", "1") // the whole rest of the transcript
	h.noError()
	h.keys("shift+tab")
	if h.m.active != tabSources {
		t.Fatal("shift+tab did not go to Sources")
	}
	prog, err := h.s.CodingProgress(testCoder)
	if err != nil {
		t.Fatal(err)
	}
	src, _ := h.s.Source("ottawa-fg")
	p := prog[src.ID]
	want := fmt.Sprintf("%3d%% %s", p[0]*100/p[1], bar(p[0], p[1], 10))
	if p[0] == 0 || !strings.Contains(h.view(), want) {
		t.Errorf("Sources does not show %q for ottawa-fg:\n%s", want, h.view())
	}
}

// ---- Codebook ----

// codebookAt opens the Codebook screen with the cursor on path.
func codebookAt(t *testing.T, h *harness, path string) {
	t.Helper()
	if h.m.active != tabCodebook {
		h.run(h.m.switchTo(tabCodebook))
	}
	h.keys("g")
	v := h.m.codebook
	for v.entries[v.cursor].Path != path {
		before := v.cursor
		h.keys("j")
		if v.cursor == before {
			t.Fatalf("no code %q on the Codebook screen", path)
		}
	}
}

func TestCodebookAdd(t *testing.T) {
	h := newHarness(t)
	codebookAt(t, h, adaptation)
	// A starts a sub-code of the code under the cursor.
	h.keys("A")
	v := h.m.codebook
	if v.prompt == nil || v.prompt.input.Value() != adaptation+"/" {
		t.Fatalf("A: prompt %+v", v.prompt.input.Value())
	}
	h.typeText("Childcare")
	h.keys("enter")
	h.noError()
	e, ok := h.codebookEntry(adaptation + "/Childcare")
	if !ok || e.Depth != 1 {
		t.Fatalf("the new code is not in the store: %+v", e)
	}
	mustContain(t, h.view(), "added "+adaptation+"/Childcare", "Childcare")
	// a starts empty: a top-level code.
	h.keys("a")
	h.typeText("Language")
	h.keys("enter")
	if _, ok := h.codebookEntry("Language"); !ok {
		t.Error("top-level code not added")
	}
	// Esc adds nothing; a duplicate is an error shown, not a crash.
	h.keys("a", "esc")
	h.keys("a")
	h.typeText("Language")
	h.keys("enter")
	if h.m.err == nil {
		t.Error("adding a duplicate code shows no error")
	}
	h.keys("esc")
	cb, _ := h.s.Codebook()
	if len(cb) != 22 {
		t.Errorf("%d codes, want 22", len(cb))
	}
	// The coding view's picker knows the new codes.
	h.open("ottawa-fg")
	h.keys("c")
	h.typeText("Childcare")
	h.keys("enter")
	h.noError()
	s := h.cv().sents[19]
	if _, ok := h.findCoding("ottawa-fg", s.Start, s.End, adaptation+"/Childcare", testCoder); !ok {
		t.Error("could not apply the code added on the Codebook screen")
	}
}

func TestCodebookRename(t *testing.T) {
	h := newHarness(t)
	before, _ := h.codebookEntry(mentorship)
	codebookAt(t, h, mentorship)
	h.keys("r")
	if got := h.m.codebook.prompt.input.Value(); got != "Mentorship" {
		t.Fatalf("r starts from %q", got)
	}
	h.keys("ctrl+u")
	h.typeText("Mentoring")
	h.keys("enter")
	h.noError()
	after, ok := h.codebookEntry("Recognition and capacity building/Mentoring")
	if !ok || after.ID != before.ID || after.Codings != before.Codings {
		t.Fatalf("rename: %+v (before %+v)", after, before)
	}
	if _, ok := h.codebookEntry(mentorship); ok {
		t.Error("the old path is still there")
	}
	codings, _ := h.s.Codings(store.CodingFilter{Code: "Recognition and capacity building/Mentoring"})
	if len(codings) != before.Codings {
		t.Errorf("%d codings under the new name, want %d", len(codings), before.Codings)
	}
	mustContain(t, h.view(), "renamed Mentorship to Mentoring")
	// The coding view shows the new name once it is shown again.
	h.open("ottawa-fg")
	h.keys("tab", "shift+tab")
	if !strings.Contains(h.view(), "Mentoring") {
		t.Error("the coding view's codebook has the old name")
	}
}

func TestCodebookEditFields(t *testing.T) {
	h := newHarness(t)
	codebookAt(t, h, mentorship)
	old, _ := h.codebookEntry(mentorship)
	v := h.m.codebook
	h.keys("e")
	fields := []struct {
		label, old, new string
	}{
		{"definition", old.Definition, "Being guided by someone who knows the field here."},
		{"inclusion", old.Inclusion, "Formal or informal mentors."},
		{"exclusion", old.Exclusion, "Peer groups (Peer support)."},
		{"example", old.Example, "She showed me how grants work."},
		{"colour", old.Color, "#123456"},
	}
	for _, f := range fields {
		if v.prompt == nil || v.prompt.label != f.label {
			t.Fatalf("expected the %s prompt, got %+v", f.label, v.prompt)
		}
		if v.prompt.input.Value() != f.old {
			t.Errorf("%s starts from %q, want %q", f.label, v.prompt.input.Value(), f.old)
		}
		h.keys("ctrl+u")
		h.typeText(f.new)
		h.keys("enter")
		h.noError()
	}
	if v.prompt != nil {
		t.Error("a prompt is still open after the colour")
	}
	e, _ := h.codebookEntry(mentorship)
	got := []string{e.Definition, e.Inclusion, e.Exclusion, e.Example, e.Color}
	for i, f := range fields {
		if got[i] != f.new {
			t.Errorf("%s in the store: %q, want %q", f.label, got[i], f.new)
		}
	}
	mustContain(t, h.view(), "definition Being guided", "colour     #123456")

	// Esc stops the sequence; what was entered before stays saved.
	h.keys("e", "ctrl+u")
	h.typeText("New definition")
	h.keys("enter", "ctrl+u")
	h.typeText("never saved")
	h.keys("esc")
	e, _ = h.codebookEntry(mentorship)
	if e.Definition != "New definition" || e.Inclusion != "Formal or informal mentors." {
		t.Errorf("after esc: definition %q, inclusion %q", e.Definition, e.Inclusion)
	}
	// A bad colour is refused with an error.
	h.keys("e", "enter", "enter", "enter", "enter", "ctrl+u")
	h.typeText("red")
	h.keys("enter")
	if h.m.err == nil {
		t.Error("colour \"red\" accepted")
	}
	h.keys("esc")
	if e, _ := h.codebookEntry(mentorship); e.Color != "#123456" {
		t.Errorf("colour now %q", e.Color)
	}
}

func TestCodebookMove(t *testing.T) {
	h := newHarness(t)
	before, _ := h.codebookEntry(mentorship)
	codebookAt(t, h, mentorship)
	h.keys("M")
	p := h.m.codebook.picker
	if p == nil {
		t.Fatal("M opened no picker")
	}
	mustContain(t, h.view(), "Move Mentorship under", "(top level: a theme)")
	for _, idx := range p.shown {
		if p.items[idx].value == mentorship {
			t.Error("a code can be moved under itself")
		}
	}
	h.keys("enter") // (top level: a theme)
	h.noError()
	e, ok := h.codebookEntry("Mentorship")
	if !ok || e.ID != before.ID || e.Depth != 0 {
		t.Fatalf("move to the top: %+v", e)
	}
	mustContain(t, h.view(), "moved to Mentorship")
	// And under another theme, chosen by typing.
	codebookAt(t, h, "Mentorship")
	h.keys("M")
	h.typeText("adaptation")
	h.pickValue(h.m.codebook.picker, adaptation)
	h.keys("enter")
	h.noError()
	if e, ok := h.codebookEntry(adaptation + "/Mentorship"); !ok || e.Codings != before.Codings {
		t.Errorf("move under %s: %+v", adaptation, e)
	}
	// Esc moves nothing.
	codebookAt(t, h, adaptation+"/Mentorship")
	h.keys("M", "esc")
	if _, ok := h.codebookEntry(adaptation + "/Mentorship"); !ok || h.m.codebook.picker != nil {
		t.Error("esc in the move picker")
	}
}

func TestCodebookMerge(t *testing.T) {
	h := newHarness(t)
	from, _ := h.codebookEntry(mentorship)
	into, _ := h.codebookEntry(peerSupport)
	codingsBefore, _ := h.s.Codings(store.CodingFilter{})
	codebookAt(t, h, mentorship)
	h.keys("ctrl+g")
	if h.m.codebook.picker == nil {
		t.Fatal("ctrl+g opened no picker")
	}
	mustContain(t, h.view(), "Merge Mentorship into")
	h.typeText("peer support")
	h.pickValue(h.m.codebook.picker, peerSupport)
	h.keys("enter")
	h.noError()
	if _, ok := h.codebookEntry(mentorship); ok {
		t.Error("the merged code is still there")
	}
	after, _ := h.codebookEntry(peerSupport)
	codingsAfter, _ := h.s.Codings(store.CodingFilter{})
	dropped := len(codingsBefore) - len(codingsAfter) // duplicates merged away
	if after.Codings != into.Codings+from.Codings-dropped {
		t.Errorf("Peer support has %d codings, want %d+%d-%d", after.Codings, into.Codings, from.Codings, dropped)
	}
	mustContain(t, h.view(), "merged into "+peerSupport)
}

func TestCodebookDelete(t *testing.T) {
	h := newHarness(t)
	before, _ := h.codebookEntry(mentorship)
	codebookAt(t, h, mentorship)
	h.keys("d")
	v := h.m.codebook
	if v.confirm == nil {
		t.Fatal("d on a used code did not ask")
	}
	mustContain(t, h.view(), fmt.Sprintf("Delete Mentorship with its sub-codes and %d codings?", before.Total),
		"1 yes, delete", "› 2 no, keep it")
	// The default answer keeps it.
	h.keys("enter")
	if _, ok := h.codebookEntry(mentorship); !ok || v.confirm != nil {
		t.Fatal("enter on the default answer deleted the code")
	}
	// Esc keeps it; k then enter deletes.
	h.keys("d", "esc")
	if _, ok := h.codebookEntry(mentorship); !ok {
		t.Fatal("esc deleted the code")
	}
	h.keys("d", "k")
	mustContain(t, h.view(), "› 1 yes, delete")
	h.keys("enter")
	h.noError()
	if _, ok := h.codebookEntry(mentorship); ok {
		t.Fatal("the code was not deleted")
	}
	if left, _ := h.s.Codings(store.CodingFilter{}); len(left) != 222-before.Total {
		t.Errorf("%d codings left, want %d", len(left), 222-before.Total)
	}
	mustContain(t, h.view(), fmt.Sprintf("deleted %s and %d codings", mentorship, before.Total))
	// 1 answers at once.
	codebookAt(t, h, peerSupport)
	h.keys("d", "1")
	if _, ok := h.codebookEntry(peerSupport); ok {
		t.Error("d 1 did not delete")
	}
	// An unused leaf goes without asking.
	h.keys("a", "ctrl+u")
	h.typeText("Recognition and capacity building/Unused")
	h.keys("enter")
	codebookAt(t, h, "Recognition and capacity building/Unused")
	h.keys("d")
	if v.confirm != nil {
		t.Error("d on an unused code asks")
	}
	if _, ok := h.codebookEntry("Recognition and capacity building/Unused"); ok {
		t.Error("the unused code was not deleted")
	}
	// A theme with its sub-codes asks, and takes them all.
	codebookAt(t, h, "Recognition and capacity building")
	h.keys("d", "1")
	h.noError()
	cb, _ := h.s.Codebook()
	for _, e := range cb {
		if strings.HasPrefix(e.Path, "Recognition and capacity building") {
			t.Errorf("%s survived the deletion of its theme", e.Path)
		}
	}
}

func TestCodebookNavigation(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabCodebook))
	v := h.m.codebook
	h.keys("G")
	if v.cursor != len(v.entries)-1 {
		t.Errorf("G: cursor %d", v.cursor)
	}
	mustContain(t, h.view(), "Recognition and capacity building/Peer support")
	h.keys("g", "j", "down", "k")
	if v.cursor != 1 {
		t.Errorf("g j down k: cursor %d", v.cursor)
	}
	// Keys that need a code do nothing on an empty codebook.
	v.entries, v.cursor = []store.CodebookEntry{}, 0
	h.keys("r", "e", "M", "ctrl+g", "d", "j")
	if h.m.capturing() {
		t.Error("a form opened on an empty codebook")
	}
}

// TestCodebookWholeCode: space shows the selected code's fields in full
// (below the list they are cut to a share of the room), and scrolls.
func TestCodebookWholeCode(t *testing.T) {
	h := newHarness(t)
	h.resize(80, 24)
	codebookAt(t, h, mentorship)
	long := strings.Repeat("A long definition that goes on. ", 20) + "The last words."
	h.keys("e", "ctrl+u")
	h.typeText(long)
	h.keys("enter", "esc")
	h.noError()
	if strings.Contains(h.view(), "The last words.") {
		t.Fatal("the list's detail shows the whole definition already")
	}
	h.keys(" ")
	seen := ""
	for range 5 {
		seen += " " + strings.Join(strings.Fields(h.view()), " ")
		h.keys("pgdown")
	}
	mustContain(t, seen, "The last words.", "definition")
	h.keys("esc")
	if h.m.codebook.whole {
		t.Error("esc did not go back to the list")
	}
	mustContain(t, h.view(), "whole code")
}
