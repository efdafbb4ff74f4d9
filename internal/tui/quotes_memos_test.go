package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

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
	mustContain(t, view, fmt.Sprintf("%s — 13 passages", selfCens),
		fmt.Sprintf("%s · %s %s · %s %d-%d · %s", q0.participant, q0.city, q0.group, q0.coding.Source, q0.coding.Start, q0.coding.End, q0.coding.Coder),
		"“"+textfit.OneLine(q0.coding.Text)[:40])
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
	mustContain(t, h.view(), "“"+textfit.OneLine(v.quotes[v.cursor].coding.Text)[:30])
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
	mustContain(t, h.view(), "26 memos", fmt.Sprintf("%s %s %d-%d · coding %s · %s", m0.Ref(), m0.Source, m0.Start, m0.End, leafName(m0.Code), m0.Author),
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
	mustContain(t, h.view(), fmt.Sprintf(`%d memos matching "Diaspora" (esc clears)`, len(want)))
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
}

// TestMemosFilterNothing: a filter matching nothing; enter does nothing.
func TestMemosFilterNothing(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabMemos))
	h.keys("/")
	h.typeText("nothing matches this")
	h.keys("enter", "enter")
	if h.m.active != tabMemos {
		t.Error("enter on an empty list left the screen")
	}
	mustContain(t, h.view(), "0 memos")
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
	mustContain(t, h.view(), "Recognition and capacity building/Mentoring — 6 passages")
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
