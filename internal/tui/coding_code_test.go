package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

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
	mustContain(t, h.view(), "1  Immigration documents", "2  Legal assistance", "9› Police and public-s") // marked: coded at the cursor
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
