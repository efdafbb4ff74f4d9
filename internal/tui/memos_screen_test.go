package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

const legalAssistance = "Adaptation and support systems/Legal assistance"

func (h *harness) save() { h.t.Helper(); h.send(tea.KeyMsg{Type: tea.KeyCtrlS}) }

// memosScreen opens the Memos screen of a fresh demo.
func memosScreen(t *testing.T) (*harness, *memosView) {
	t.Helper()
	h := newHarness(t)
	h.run(h.m.switchTo(tabMemos))
	h.noError()
	return h, h.m.memos
}

// storeMemo finds a memo in the project by what it is on.
func (h *harness) storeMemo(kind store.MemoKind, target string) (store.Memo, bool) {
	h.t.Helper()
	for _, m := range h.storeMemos() {
		if m.Kind == kind && m.Target() == target {
			return m, true
		}
	}
	return store.Memo{}, false
}

func TestMemosAddOnEveryTarget(t *testing.T) {
	h, v := memosScreen(t)
	before := len(v.list)
	for _, tt := range []struct {
		choice string // 1 project, 2 code, 3 participant, 4 source
		query  string // typed into the picker
		value  string // picked
		kind   store.MemoKind
		target string
	}{
		{"1", "", "", store.MemoProject, "project"},
		{"2", "legal assis", legalAssistance, store.MemoCode, "code " + legalAssistance},
		{"3", "MTL-01", "MTL-01", store.MemoParticipant, "participant MTL-01"},
		{"4", "ottawa", "", store.MemoSource, "source ottawa-fg"},
	} {
		t.Run(string(tt.kind), func(t *testing.T) {
			h.keys("a")
			if v.kinds == nil || !h.m.capturing() {
				t.Fatal("a asked nothing")
			}
			mustContain(t, h.view(), "A memo on…", "1 the project", "3 a participant (by id)")
			h.keys(tt.choice)
			if tt.kind != store.MemoProject {
				if v.picker == nil {
					t.Fatal("no picker of targets")
				}
				if tt.kind == store.MemoParticipant && strings.Contains(h.view(), "Élise") {
					t.Error("the participant picker shows a speaker label")
				}
				h.typeText(tt.query)
				if tt.value != "" {
					h.pickValue(v.picker, tt.value)
				}
				h.keys("enter")
			}
			if v.editor == nil {
				t.Fatal("no editor")
			}
			mustContain(t, h.view(), "new memo on", "ctrl+s save")
			h.typeText("First line about " + string(tt.kind))
			h.keys("enter")
			h.typeText("q and tab stay in the memo")
			h.keys("tab")
			h.save()
			h.noError()
			if h.quit || v.editor != nil {
				t.Fatalf("quit %v, editor still open %v", h.quit, v.editor != nil)
			}
			m, ok := h.storeMemo(tt.kind, tt.target)
			want := "First line about " + string(tt.kind) + "\nq and tab stay in the memo"
			if !ok || m.Text != want || m.Author != testCoder {
				t.Fatalf("store: %+v (found %v), want %q on %s", m, ok, want, tt.target)
			}
			cur, _ := v.current()
			if cur.Ref() != m.Ref() {
				t.Errorf("cursor on %s, want the new memo %s", cur.Ref(), m.Ref())
			}
			mustContain(t, h.view(), m.Ref()+" "+tt.target+" · "+testCoder, "✎ First line about "+string(tt.kind), "     q and tab stay in the memo",
				"memo added on "+tt.target)
		})
	}
	if len(v.list) != before+4 {
		t.Errorf("%d memos listed, want %d", len(v.list), before+4)
	}
	// The project's memo comes first, then codes, then participants.
	var kinds []string
	for _, m := range v.list[:3] {
		kinds = append(kinds, string(m.Kind))
	}
	if strings.Join(kinds, ",") != "project,code,participant" {
		t.Errorf("order %v", kinds)
	}
}

func TestMemosEditUndoRedo(t *testing.T) {
	h, v := memosScreen(t)
	m0, _ := v.current()
	if !m0.OnCoding {
		t.Fatalf("first demo memo %+v is not a coding memo", m0)
	}
	h.keys("e")
	if v.editor == nil || v.editor.ta.Value() != m0.Text {
		t.Fatal("e did not open the memo's text")
	}
	mustContain(t, h.view(), "memo "+m0.Ref()+" on coding", "ctrl+s save", "esc cancel")
	// esc leaves the memo as it was
	h.typeText("zzz")
	h.keys("esc")
	if got, _ := h.s.Memo(m0.Ref()); got.Text != m0.Text || v.editor != nil {
		t.Fatalf("esc saved %q", got.Text)
	}
	mustContain(t, h.view(), "not saved")
	h.keys("e", "end")
	h.keys("enter")
	h.typeText("Second line.")
	h.save()
	h.noError()
	want := m0.Text + "\nSecond line."
	if got, _ := h.s.Memo(m0.Ref()); got.Text != want {
		t.Fatalf("after the edit %q, want %q", got.Text, want)
	}
	mustContain(t, h.view(), "memo saved", "     Second line.")
	h.keys("u")
	h.noError()
	if got, _ := h.s.Memo(m0.Ref()); got.Text != m0.Text {
		t.Errorf("undo left %q", got.Text)
	}
	mustContain(t, h.view(), "undone: memo saved")
	h.keys("ctrl+r")
	if got, _ := h.s.Memo(m0.Ref()); got.Text != want {
		t.Errorf("redo left %q", got.Text)
	}
	// The coding view shows the edited memo on its coding.
	h.keys("enter")
	h.noError()
	if h.m.active != tabCoding || h.cv().src.Name != m0.Source {
		t.Fatalf("enter: on %s", h.m.active)
	}
	for _, c := range h.cv().codings.list {
		if c.ID == m0.ID && c.Memo != want {
			t.Errorf("the coding view has %q", c.Memo)
		}
	}
	// Blank text is not saved.
	h.run(h.m.switchTo(tabMemos))
	h.keys("e", "ctrl+u")
	for range 200 {
		h.keys("backspace")
	}
	h.save()
	if got, _ := h.s.Memo(m0.Ref()); got.Text != want {
		t.Errorf("a blank edit saved %q", got.Text)
	}
	mustContain(t, h.view(), "an empty memo is not saved")
}

func TestMemosDeleteAsksAndUndoes(t *testing.T) {
	h, v := memosScreen(t)
	pm, err := h.s.AddMemo(store.MemoTarget{Kind: store.MemoParticipant, Ref: "MTL-02"}, "lea", "Asked\nto be called back")
	if err != nil {
		t.Fatal(err)
	}
	h.run(loadMemosCmd(h.s))
	h.keys("g")
	if cur, _ := v.current(); cur.Ref() != pm.Ref() {
		t.Fatalf("the participant memo is not first: %s", cur.Ref())
	}
	n := len(v.list)
	h.keys("d")
	if v.confirm == nil {
		t.Fatal("d did not ask")
	}
	mustContain(t, h.view(), "Delete memo "+pm.Ref()+" on participant MTL-02?", "1 delete", "2 keep it")
	h.keys("esc")
	if _, err := h.s.Memo(pm.Ref()); err != nil || len(v.list) != n {
		t.Fatalf("esc deleted: %v", err)
	}
	h.keys("d", "2")
	if _, err := h.s.Memo(pm.Ref()); err != nil {
		t.Fatalf("keep deleted: %v", err)
	}
	h.keys("d", "1")
	h.noError()
	if _, err := h.s.Memo(pm.Ref()); err == nil || len(v.list) != n-1 {
		t.Fatalf("delete: memo still there (%d listed)", len(v.list))
	}
	mustContain(t, h.view(), "memo deleted on participant MTL-02")
	h.keys("u")
	h.noError()
	back, err := h.s.Memo(pm.Ref())
	if err != nil || back.Text != pm.Text || back.Author != "lea" || len(v.list) != n {
		t.Fatalf("undo: %+v, %v (%d listed)", back, err, len(v.list))
	}
	// A coding's memo: deleting it clears the memo, the coding stays.
	h.keys("j")
	cm, _ := v.current()
	h.keys("d", "1")
	if _, err := h.s.Memo(cm.Ref()); err == nil {
		t.Fatal("the coding memo is still there")
	}
	if _, ok := h.findCoding(cm.Source, cm.Start, cm.End, cm.Code, cm.Author); !ok {
		t.Error("deleting the memo removed the coding")
	}
	h.keys("u")
	if got, err := h.s.Memo(cm.Ref()); err != nil || got.Text != cm.Text {
		t.Errorf("undo of the coding memo: %+v, %v", got, err)
	}
}

func TestMemosScrollAt80x24(t *testing.T) {
	h, v := memosScreen(t)
	h.resize(80, 24)
	if _, err := h.s.AddMemo(store.MemoTarget{Kind: store.MemoProject}, "lea", strings.Repeat("A long line of the project memo. ", 12)+"\n\nlast"); err != nil {
		t.Fatal(err)
	}
	h.run(loadMemosCmd(h.s))
	for i := range v.shown {
		view := h.view()
		if got := len(strings.Split(view, "\n")); got != 24 {
			t.Fatalf("memo %d: %d lines", i, got)
		}
		m, _ := v.current()
		mustContain(t, view, string([]rune(" " + memoHead(m))[:20]))
		for _, l := range strings.Split(view, "\n") {
			if w := len([]rune(l)); w > 80 {
				t.Fatalf("a line of %d cells: %q", w, l)
			}
		}
		h.keys("j")
	}
	if v.cursor != len(v.shown)-1 {
		t.Errorf("j stops at %d of %d", v.cursor, len(v.shown))
	}
	h.keys("g")
	mustContain(t, h.view(), " M1 project · lea", "     last")
	// The delete question takes two lines and keeps the window's height.
	h.keys("d")
	view := h.view()
	if got := len(strings.Split(view, "\n")); got != 24 {
		t.Errorf("delete question: %d lines", got)
	}
	mustContain(t, view, "Delete memo M1 on project?", "› 1 delete", "2 keep it")
	h.keys("esc")
	// The editor fits the window too.
	h.keys("e")
	view = h.view()
	if got := len(strings.Split(view, "\n")); got != 24 {
		t.Errorf("editor: %d lines", got)
	}
	mustContain(t, view, "ctrl+s save")
}

func TestMemosNoneYet(t *testing.T) {
	s := openDemo(t)
	for _, m := range mustMemos(t, s) {
		if _, err := s.DeleteMemo(m.Ref()); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock})}
	h.resize(100, 30)
	h.run(h.m.Init())
	h.run(h.m.switchTo(tabMemos))
	mustContain(t, h.view(), "0 memos", "No memos yet: a adds one")
	h.keys("e", "d", "enter") // nothing to edit, delete or open
	h.noError()
	if h.m.memos.Capturing() {
		t.Error("a key on an empty list opened something")
	}
}

func mustMemos(t *testing.T, s *store.Store) []store.Memo {
	t.Helper()
	list, err := s.Memos()
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestMemosEnterEditsMemosWithoutPlace: enter on a memo on the project, a
// code or a participant opens the editor (they have no transcript place).
func TestMemosEnterEditsMemosWithoutPlace(t *testing.T) {
	h, v := memosScreen(t)
	if _, err := h.s.AddMemo(store.MemoTarget{Kind: store.MemoCode, Ref: "Legal assistance"}, "lea", "about the code"); err != nil {
		t.Fatal(err)
	}
	h.run(loadMemosCmd(h.s))
	h.keys("g", "enter")
	if h.m.active != tabMemos || v.editor == nil {
		t.Fatalf("enter on a code memo: on %s, editor %v", h.m.active, v.editor != nil)
	}
	mustContain(t, h.view(), fmt.Sprintf("memo %s on code %s · lea", v.editing.Ref(), legalAssistance))
}
