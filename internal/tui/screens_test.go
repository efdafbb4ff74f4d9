package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
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
	mustContain(t, h.view(), fmt.Sprintf("Delete Mentorship with its sub-codes and %d coding(s)?", before.Total),
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
	mustContain(t, h.view(), fmt.Sprintf("deleted %s and %d coding(s)", mentorship, before.Total))
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

// ---- Quotes ----

func TestQuotesScreen(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabQuotes))
	v := h.m.quotes
	if v.picker == nil {
		t.Fatal("the Quotes screen did not ask for a code")
	}
	mustContain(t, h.view(), "Quotes of code", "Self-censorship (14)")
	h.typeText("self-cens")
	h.pickValue(v.picker, selfCens)
	h.keys("enter")
	h.noError()
	want, _ := h.s.Codings(store.CodingFilter{Code: selfCens})
	if v.code != selfCens || len(v.quotes) != passages(want) || len(want) != 14 || passages(want) != 13 {
		t.Fatalf("quotes of %q: %d, want %d", v.code, len(v.quotes), passages(want))
	}
	view := h.view()
	q0 := v.quotes[0]
	mustContain(t, view, fmt.Sprintf("%s — 13 passage(s)", selfCens),
		fmt.Sprintf("%s · %s %s · %s %d-%d · %s", q0.participant, q0.city, q0.group, q0.coding.Source, q0.coding.Start, q0.coding.End, q0.coding.Coder),
		"“"+oneLine(q0.coding.Text)[:40])
	if q0.participant == "" || strings.HasPrefix(q0.participant, "?") {
		t.Errorf("no speaker for the first quote: %+v", q0)
	}
	// Move to a quote in another source and jump to it.
	for range len(v.quotes) + 2 {
		h.keys("j")
	}
	if v.cursor != len(v.quotes)-1 {
		t.Fatalf("j stops at %d of %d", v.cursor, len(v.quotes))
	}
	mustContain(t, h.view(), "“"+oneLine(v.quotes[v.cursor].coding.Text)[:30])
	h.keys("k", "enter")
	q := v.quotes[len(v.quotes)-2]
	h.noError()
	cv := h.cv()
	if h.m.active != tabCoding || cv.src.Name != q.coding.Source {
		t.Fatalf("enter: on %s, source %v, want %s", h.m.active, cv.src, q.coding.Source)
	}
	s := cv.sents[cv.cursor]
	if !(s.End > q.coding.Start && (cv.cursor == 0 || cv.sents[cv.cursor-1].End <= q.coding.Start)) {
		t.Errorf("cursor on [%d,%d), want the sentence at %d", s.Start, s.End, q.coding.Start)
	}
	checkCursorVisible(t, h)
	// The quote's code is named in the panel.
	mustContain(t, h.view(), "Self-censorship · "+q.coding.Coder)

	// Back on Quotes, c picks another code; the list follows the coding
	// just made.
	h.keys("9")
	h.run(h.m.switchTo(tabQuotes))
	if len(v.quotes) != 13 {
		t.Errorf("after coding Police: %d Self-censorship quotes", len(v.quotes))
	}
	h.keys("c")
	if v.picker == nil {
		t.Fatal("c did not open the picker")
	}
	h.typeText("police")
	h.pickValue(v.picker, police)
	h.keys("enter")
	want, _ = h.s.Codings(store.CodingFilter{Code: police})
	if len(v.quotes) != passages(want) || len(want) != 21 {
		t.Errorf("police: %d quotes, want %d", len(v.quotes), passages(want))
	}
	// A theme retrieves its sub-codes' passages.
	h.keys("c")
	h.typeText("Risks")
	h.pickValue(v.picker, "Risks of activism and transnational repression")
	h.keys("enter")
	theme, _ := h.s.Codings(store.CodingFilter{Code: "Risks of activism and transnational repression"})
	if len(theme) != 69 || len(v.quotes) != passages(theme) {
		t.Errorf("theme: %d quotes, want %d", len(v.quotes), passages(theme))
	}
	// Esc in the picker keeps the list.
	h.keys("c", "esc")
	if v.picker != nil || len(v.quotes) != passages(theme) {
		t.Error("esc in the Quotes picker")
	}
}

// passages counts the distinct spans of codings: the Quotes screen lists
// a passage coded by two coders once.
func passages(list []coding.Coding) int {
	seen := map[[3]int64]bool{}
	for _, c := range list {
		seen[[3]int64{c.SourceID, int64(c.Start), int64(c.End)}] = true
	}
	return len(seen)
}

// ---- Memos ----

func TestMemosScreen(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabMemos))
	v := h.m.memos
	all := h.storeMemos()
	if len(v.list) != len(all) || len(v.shown) != len(all) || len(all) != 26 {
		t.Fatalf("%d memos listed, %d shown, store %d", len(v.list), len(v.shown), len(all))
	}
	m0 := all[0]
	mustContain(t, h.view(), "26 memo(s)", fmt.Sprintf("%s %d-%d · coding %s · %s", m0.Source, m0.Start, m0.End, m0.Code, m0.Author),
		"✎ "+m0.Text[:30])
	// / filters (case-insensitive, over text, source, code and author).
	h.keys("/")
	if !h.m.capturing() {
		t.Fatal("/ opened no prompt")
	}
	h.typeText("Diaspora")
	h.keys("enter")
	var want []string
	for _, m := range all {
		if strings.Contains(strings.ToLower(m.Text+" "+m.Source+" "+m.Code+" "+m.Author), "diaspora") {
			want = append(want, m.Text)
		}
	}
	var got []string
	for _, i := range v.shown {
		got = append(got, v.list[i].Text)
	}
	if len(want) == 0 || len(want) == len(all) || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("filter diaspora: %d shown, want %d", len(got), len(want))
	}
	mustContain(t, h.view(), fmt.Sprintf(`%d memo(s) matching "Diaspora" (esc clears)`, len(want)))
	// enter opens the place of the memo under the cursor.
	h.keys("j")
	m := v.list[v.shown[v.cursor]]
	h.keys("enter")
	h.noError()
	cv := h.cv()
	if h.m.active != tabCoding || cv.src.Name != m.Source {
		t.Fatalf("enter: on %s %v, want %s", h.m.active, cv.src, m.Source)
	}
	s := cv.sents[cv.cursor]
	if !(s.End > m.Start && (cv.cursor == 0 || cv.sents[cv.cursor-1].End <= m.Start)) {
		t.Errorf("cursor on [%d,%d), want the sentence at %d", s.Start, s.End, m.Start)
	}
	mustContain(t, h.view(), "✎ "+m.Text[:20])
	// Esc clears the filter.
	h.run(h.m.switchTo(tabMemos))
	h.keys("esc")
	if v.filter != "" || len(v.shown) != len(all) {
		t.Errorf("esc: filter %q, %d shown", v.filter, len(v.shown))
	}
	// A memo written in the coding view shows up, and opens its place.
	h.open("toronto-fg")
	at := h.cv().cursor
	h.keys("m")
	h.typeText("zz a fresh sentence memo")
	h.keys("enter")
	h.run(h.m.switchTo(tabMemos))
	h.keys("/")
	h.typeText("fresh")
	h.keys("enter")
	if len(v.shown) != 1 {
		t.Fatalf("the new memo: %d shown", len(v.shown))
	}
	mustContain(t, h.view(), "· passage · "+testCoder, "✎ zz a fresh sentence memo")
	h.keys("g")
	h.open("ottawa-fg")
	h.run(h.m.switchTo(tabMemos))
	h.keys("enter")
	if h.cv().src.Name != "toronto-fg" || h.cv().cursor != at {
		t.Errorf("enter on the new memo: %s sentence %d, want toronto-fg %d", h.cv().src.Name, h.cv().cursor, at)
	}
	// A filter matching nothing: enter does nothing.
	h.run(h.m.switchTo(tabMemos))
	h.keys("/")
	h.typeText("nothing matches this")
	h.keys("enter", "enter")
	if h.m.active != tabMemos {
		t.Error("enter on an empty list left the screen")
	}
	mustContain(t, h.view(), "0 memo(s)")
}

// TestQuotesFollowCodebookEdits: the Quotes screen keeps showing its code
// after the code is renamed or moved on the Codebook screen, and forgets
// it when the code is merged away, instead of failing to load it.
func TestQuotesFollowCodebookEdits(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabQuotes))
	h.typeText("mentorship")
	h.pickValue(h.m.quotes.picker, mentorship)
	h.keys("enter")
	if h.m.quotes.code != mentorship || len(h.m.quotes.quotes) != 6 { // 9 codings, 6 passages
		t.Fatalf("setup: %q %d", h.m.quotes.code, len(h.m.quotes.quotes))
	}
	codebookAt(t, h, mentorship)
	h.keys("r", "ctrl+u")
	h.typeText("Mentoring")
	h.keys("enter")
	h.noError()
	h.run(h.m.switchTo(tabQuotes))
	h.noError()
	if v := h.m.quotes; v.code != "Recognition and capacity building/Mentoring" || len(v.quotes) != 6 {
		t.Fatalf("after the rename: code %q, %d quotes", v.code, len(v.quotes))
	}
	mustContain(t, h.view(), "Recognition and capacity building/Mentoring — 6 passage(s)")
	// Merged away: the screen asks for a code again.
	codebookAt(t, h, "Recognition and capacity building/Mentoring")
	h.keys("ctrl+g")
	h.typeText("peer")
	h.pickValue(h.m.codebook.picker, peerSupport)
	h.keys("enter")
	h.noError()
	h.run(h.m.switchTo(tabQuotes))
	h.noError()
	if v := h.m.quotes; v.picker == nil {
		t.Errorf("after the merge: code %q, no picker", v.code)
	}
}

// TestInitialSource: Options.Source opens that source at once; an unknown
// one is an error on screen, not a crash.
func TestInitialSource(t *testing.T) {
	for _, tt := range []struct{ ref, want string }{{"toronto-fg", "toronto-fg"}, {"3", "toronto-fg"}, {"nowhere", ""}} {
		t.Run(tt.ref, func(t *testing.T) {
			s := openDemo(t)
			h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock, Source: tt.ref})}
			h.resize(100, 30)
			h.run(h.m.Init())
			if h.m.active != tabCoding || h.m.loading {
				t.Fatalf("on %s, loading %v", h.m.active, h.m.loading)
			}
			if tt.want == "" {
				if h.m.err == nil || !strings.Contains(h.view(), "error: ") {
					t.Fatalf("no error shown for source %q", tt.ref)
				}
				h.keys("esc", "tab") // still usable
				if h.m.active != tabCodebook || h.m.err != nil {
					t.Errorf("after the error: on %s", h.m.active)
				}
				return
			}
			h.noError()
			if h.cv().src.Name != tt.want {
				t.Errorf("opened %s, want %s", h.cv().src.Name, tt.want)
			}
		})
	}
}
