package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// showIdentifiers opens the Identifiers screen and runs its scan.
func (h *harness) showIdentifiers() *identifiersView {
	h.t.Helper()
	h.run(h.m.switchTo(tabIdentifiers))
	h.noError()
	v := h.m.idents
	if !v.loaded || v.scanning || len(v.pending) == 0 {
		h.t.Fatalf("scan: loaded %v, scanning %v, %d pending", v.loaded, v.scanning, len(v.pending))
	}
	return v
}

// listed is the store's entry for term, if any.
func (h *harness) listed(term string) (store.Identifier, bool) {
	h.t.Helper()
	list, err := h.s.Identifiers()
	if err != nil {
		h.t.Fatal(err)
	}
	for _, id := range list {
		if strings.EqualFold(id.Term, term) {
			return id, true
		}
	}
	return store.Identifier{}, false
}

func pendingHas(v *identifiersView, term string) bool {
	for _, s := range v.pending {
		if s.Term == term {
			return true
		}
	}
	return false
}

func TestIdentifiersAcceptAndUndo(t *testing.T) {
	h := newHarness(t)
	v := h.showIdentifiers()
	sg := v.pending[0]
	if _, ok := h.listed(sg.Term); ok {
		t.Fatalf("%q is on the list before the test", sg.Term)
	}
	h.keys("a")
	h.noError()
	id, ok := h.listed(sg.Term)
	if !ok || id.Kind != sg.Kind || id.Replacement != "" || id.AddedBy != testCoder {
		t.Fatalf("after a: %+v, %v; want %s with the placeholder, by %s", id, ok, sg.Kind, testCoder)
	}
	if pendingHas(v, sg.Term) {
		t.Fatal("an accepted term is still suggested")
	}
	if v.cursor != 0 {
		t.Fatalf("cursor %d: the next suggestion should come under it", v.cursor)
	}
	mustContain(t, h.view(), "identifier list: a "+string(sg.Kind)+" shown as "+redact.Placeholder(sg.Kind))
	h.keys("u")
	h.noError()
	if _, ok := h.listed(sg.Term); ok {
		t.Fatal("undo left the term on the list")
	}
	if !pendingHas(v, sg.Term) {
		t.Fatal("undo did not bring the suggestion back")
	}
	h.keys("ctrl+r")
	if _, ok := h.listed(sg.Term); !ok {
		t.Fatal("redo did not put the term back on the list")
	}
}

func TestIdentifiersEdit(t *testing.T) {
	h := newHarness(t)
	v := h.showIdentifiers()
	h.keys("j")
	sg := v.pending[1]
	h.keys("e")
	if !h.m.capturing() {
		t.Fatal("e opened no prompt")
	}
	h.typeText("[a city]")
	h.keys("enter")
	h.noError()
	id, ok := h.listed(sg.Term)
	if !ok || id.Replacement != "[a city]" || id.Kind != sg.Kind {
		t.Fatalf("after e: %+v, %v", id, ok)
	}
	// e on its entry in the list changes the replacement again
	for i, l := range v.list {
		if l.Term == sg.Term {
			v.cursor = len(v.pending) + i
		}
	}
	h.keys("e")
	h.typeText("-2") // after the old value
	h.keys("enter")
	if id, _ := h.listed(sg.Term); id.Replacement != "[a city]-2" {
		t.Fatalf("edit on the list: %+v", id)
	}
	// esc leaves the list as it was
	h.keys("e", "esc")
	if id, _ := h.listed(sg.Term); id.Replacement != "[a city]-2" || h.m.capturing() {
		t.Fatalf("esc: %+v", id)
	}
}

func TestIdentifiersDismiss(t *testing.T) {
	h := newHarness(t)
	v := h.showIdentifiers()
	sg := v.pending[0]
	h.keys("d")
	h.noError()
	id, ok := h.listed(sg.Term)
	if !ok || id.Kind != redact.KindKeep {
		t.Fatalf("after d: %+v, %v; want kept", id, ok)
	}
	kept, err := h.s.KeptTerms()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains("\x00"+strings.Join(kept, "\x00")+"\x00", "\x00"+sg.Term+"\x00") {
		t.Fatalf("kept terms %q lack %q", kept, sg.Term)
	}
	// a new scan never suggests it again
	h.keys("r")
	h.noError()
	for _, s := range v.all {
		if strings.EqualFold(s.Term, sg.Term) {
			t.Fatalf("the scan suggests the dismissed %q again", sg.Term)
		}
	}
}

func TestIdentifiersRemove(t *testing.T) {
	h := newHarness(t)
	v := h.showIdentifiers()
	if len(v.list) == 0 {
		t.Fatal("the demo has no identifier list")
	}
	h.keys("x") // on a suggestion: nothing happens
	before, _ := h.s.Identifiers()
	mustContain(t, h.view(), "d dismisses it")
	h.keys("G")
	last := v.list[len(v.list)-1]
	h.keys("x")
	h.noError()
	if _, ok := h.listed(last.Term); ok {
		t.Fatalf("x left %q on the list", last.Term)
	}
	after, _ := h.s.Identifiers()
	if len(after) != len(before)-1 {
		t.Fatalf("the list went from %d to %d entries", len(before), len(after))
	}
	h.keys("u")
	if id, ok := h.listed(last.Term); !ok || id.Kind != last.Kind || id.Replacement != last.Replacement {
		t.Fatalf("undo of remove: %+v, %v; want %+v", id, ok, last)
	}
}

// TestIdentifiersScroll: at 80x24 the cursor's row stays in sight down to
// the list's end, and the screen keeps its size.
func TestIdentifiersScroll(t *testing.T) {
	h := newHarness(t)
	h.resize(80, 24)
	v := h.showIdentifiers()
	n := v.rowCount()
	if n < 24 {
		t.Fatalf("only %d rows: nothing to scroll", n)
	}
	for i := 0; i < n-1; i++ {
		h.keys("j")
		view := h.view()
		checkSize(t, view, 80, 24)
		sg, id := v.current()
		term := ""
		if sg != nil {
			term = sg.Term
		} else {
			term = id.Term
		}
		if !strings.Contains(view, term) {
			t.Fatalf("row %d (%q) is not in sight:\n%s", v.cursor, term, view)
		}
	}
	if v.cursor != n-1 {
		t.Fatalf("cursor %d after %d j, want %d", v.cursor, n-1, n-1)
	}
	h.keys("g")
	mustContain(t, h.view(), "Suggested:", v.pending[0].Term)
}

// TestIdentifiersIdle: the scan runs in a command while the spinner turns;
// once it is done, a tick is not re-issued and the screen asks for nothing.
func TestIdentifiersIdle(t *testing.T) {
	h := newHarness(t)
	cmd := h.m.switchTo(tabIdentifiers)
	if cmd == nil || !h.m.loading {
		t.Fatal("showing the screen started no scan and no spinner")
	}
	mustContain(t, h.view(), "scanning the sources")
	h.run(cmd)
	h.noError()
	if h.m.loading || h.m.idents.scanning {
		t.Fatal("still loading after the scan")
	}
	if _, cmd := h.m.Update(spinner.TickMsg{}); cmd != nil {
		t.Fatal("an idle screen re-issued a tick")
	}
	if cmd := h.m.switchTo(tabIdentifiers); cmd != nil {
		t.Fatal("showing a scanned screen again scans again")
	}
	h.keys("j", "k")
	if _, cmd := h.m.Update(spinner.TickMsg{}); cmd != nil {
		t.Fatal("moving re-issued a tick")
	}
}

// TestIdentifiersNoSpeech: the screen shows terms, never the words around
// them.
func TestIdentifiersNoSpeech(t *testing.T) {
	h := newHarness(t)
	h.resize(160, 45)
	h.showIdentifiers()
	view := h.view()
	docs, err := h.s.SourceTexts()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		for _, sent := range strings.Split(d.Text, ".") {
			if w := strings.Fields(sent); len(w) >= 6 && strings.Contains(view, strings.Join(w[:6], " ")) {
				t.Fatalf("the view quotes %q", strings.Join(w[:6], " "))
			}
		}
	}
}
