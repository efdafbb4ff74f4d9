package tui

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

func TestSearchKeys(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	lower := strings.ToLower(string(v.runes))
	var offs []int // rune offsets of "refugee"
	for i, r := 0, []rune(lower); i+7 <= len(r); i++ {
		if string(r[i:i+7]) == "refugee" {
			offs = append(offs, i)
		}
	}
	if len(offs) < 3 {
		t.Fatalf("only %d matches", len(offs))
	}
	sentOf := func(off int) int { return sort.Search(len(v.sents), func(i int) bool { return v.sents[i].End > off }) }
	h.keys("/")
	if v.mode != modePrompt || v.promptFor != promptSearch {
		t.Fatalf("/: mode %v", v.mode)
	}
	h.typeText("Refugee") // case-insensitive; "n" typed here is text
	h.keys("enter")
	if v.cursor != sentOf(offs[0]) || v.cursor != 21 {
		t.Fatalf("search: cursor %d, want %d", v.cursor, sentOf(offs[0]))
	}
	mustContain(t, h.view(), fmt.Sprintf("match 1 of %d", len(offs)))
	// n goes to the next match after the cursor sentence.
	want := -1
	for _, o := range offs {
		if o >= v.sents[v.cursor].End {
			want = sentOf(o)
			break
		}
	}
	h.keys("n")
	if v.cursor != want {
		t.Fatalf("n: cursor %d, want %d", v.cursor, want)
	}
	h.keys("n")
	second := v.cursor
	h.keys("N")
	if v.cursor != want {
		t.Errorf("N: cursor %d, want %d", v.cursor, want)
	}
	h.keys("n")
	if v.cursor != second {
		t.Errorf("n after N: cursor %d, want %d", v.cursor, second)
	}
	// Wrap around at the end and at the start.
	h.keys("G", "n")
	if v.cursor != sentOf(offs[0]) {
		t.Errorf("n from the bottom: cursor %d, want the first match %d", v.cursor, sentOf(offs[0]))
	}
	mustContain(t, h.view(), "search wrapped to the top")
	h.keys("g", "N")
	if v.cursor != sentOf(offs[len(offs)-1]) {
		t.Errorf("N from the top: cursor %d, want the last match %d", v.cursor, sentOf(offs[len(offs)-1]))
	}
	// The search is shown again when / is pressed, and esc clears it, so
	// that n is the in-vivo key again.
	h.keys("/")
	if v.prompt.input.Value() != "Refugee" {
		t.Errorf("/ again starts from %q", v.prompt.input.Value())
	}
	h.keys("esc", "esc")
	if v.search != "" || len(v.matches) != 0 {
		t.Errorf("esc kept the search %q", v.search)
	}
	h.keys("n")
	if v.mode != modePrompt || v.promptFor != promptNewCode {
		t.Errorf("n after esc: mode %v prompt %v", v.mode, v.promptFor)
	}
}

// TestSearchNotFound: a search with no match says so and leaves the cursor.
func TestSearchNotFound(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	cur := v.cursor
	h.keys("/")
	h.typeText("zebra crossing")
	h.keys("enter")
	if v.cursor != cur {
		t.Error("a failed search moved the cursor")
	}
	mustContain(t, h.view(), `"zebra crossing" not found`)
}

func TestSearchAccentedText(t *testing.T) {
	h := newHarness(t)
	h.open("montreal-fg")
	v := h.cv()
	h.keys("/")
	h.typeText("ÉTÉ")
	h.keys("enter")
	if len(v.matches) == 0 {
		t.Fatal("no match for ÉTÉ in the French transcript")
	}
	s := v.sents[v.cursor]
	if !strings.Contains(strings.ToLower(string(v.runes[s.Start:s.End])), "été") {
		t.Errorf("cursor sentence %q does not contain été", string(v.runes[s.Start:s.End]))
	}
}

func TestFilterKeys(t *testing.T) {
	h := openOttawa(t)
	v := h.cv()
	// [3490,3540) is coded by lea and by sam.
	h.goToSentence(v.sentenceAt(3500))
	coders := func() string {
		var out []string
		for _, c := range v.codingsHere() {
			out = append(out, c.Coder)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	if got := coders(); got != "lea,sam" {
		t.Fatalf("setup: coders here %q", got)
	}
	h.keys("f")
	if v.mode != modePicker {
		t.Fatalf("f: mode %v", v.mode)
	}
	mustContain(t, h.view(), "Show only", "(everything)", "coder: lea", "coder: sam")
	h.typeText("coder: sam")
	if got := v.picker.items[v.picker.shown[0]].value; got != "\x00coder:sam" {
		t.Fatalf("best match %q", got)
	}
	h.keys("enter")
	if v.filterCoder != "sam" || coders() != "sam" {
		t.Fatalf("filter sam: filterCoder %q, coders here %q", v.filterCoder, coders())
	}
	view := h.view()
	mustContain(t, view, "filter sam", "1 Immigration documents and d")
	if strings.Contains(view, "· lea") {
		t.Error("lea's coding is shown under a sam filter")
	}
	// x honours the filter: it removes sam's coding without asking.
	h.keys("x")
	h.noError()
	if _, ok := h.findCoding("ottawa-fg", 3490, 3540, immigration, "sam"); ok {
		t.Error("x did not remove sam's coding")
	}
	if _, ok := h.findCoding("ottawa-fg", 3416, 3540, immigration, "lea"); !ok {
		t.Error("x removed lea's coding, hidden by the filter")
	}
	h.keys("u")
	// Filter to one code (with its sub-codes).
	h.keys("f")
	h.typeText("Risks of activism")
	h.pickValue(&v.picker, "Risks of activism and transnational repression")
	h.keys("enter")
	if v.filterCode != "Risks of activism and transnational repression" {
		t.Fatalf("filterCode %q", v.filterCode)
	}
	if got := coders(); got != "" {
		t.Errorf("the Immigration codings are shown under a Risks filter: %q", got)
	}
	for _, c := range v.codings.list {
		if v.visible(c) && !strings.HasPrefix(c.Code, "Risks of activism") {
			t.Errorf("visible under the filter: %s", c.Code)
		}
	}
	mustContain(t, h.view(), "filter Risks of activism and transnat")
	// (everything) clears both.
	h.keys("f", "enter")
	if v.filterCode != "" || v.filterCoder != "" || coders() != "lea,sam" {
		t.Errorf("(everything): filter %q %q, coders %q", v.filterCode, v.filterCoder, coders())
	}
	// Esc in the filter picker changes nothing.
	h.keys("f", "esc")
	if v.filterCode != "" || v.mode != modeNormal {
		t.Error("esc in the filter picker")
	}
}

// pickValue moves an open picker's cursor to the item with this value.
func (h *harness) pickValue(p *picker, value string) {
	h.t.Helper()
	for i, idx := range p.shown {
		if p.items[idx].value == value {
			for p.cursor < i {
				h.keys("down")
			}
			for p.cursor > i {
				h.keys("up")
			}
			return
		}
	}
	h.t.Fatalf("the picker does not list %q", value)
}

func TestNextPreviousUncoded(t *testing.T) {
	s := openDemo(t)
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: "lea", Renderer: plainRenderer(), Now: fixedClock})}
	h.resize(100, 30)
	h.run(h.m.Init())
	h.open("ottawa-fg")
	v := h.cv()
	src, _ := s.Source("ottawa-fg")
	turns, _ := s.Turns(src.ID)
	leas, _ := s.Codings(store.CodingFilter{Source: "ottawa-fg", Coder: "lea"})
	uncoded := func(i int) bool {
		sn := v.sents[i]
		t := turns[sn.Turn]
		if t.Facilitator || t.Participant == "" {
			return false
		}
		for _, c := range leas {
			if c.Start < sn.End && c.End > sn.Start {
				return false
			}
		}
		return true
	}
	var want []int
	for i := range v.sents {
		if uncoded(i) {
			want = append(want, i)
		}
	}
	// lea coded some sentences: ] must skip them.
	skipped := false
	for k := 1; k < len(want); k++ {
		skipped = skipped || want[k] != want[k-1]+1
	}
	if !skipped {
		t.Fatal("setup: no coded sentence between uncoded ones")
	}
	h.keys("g")
	var got []int
	for {
		before := v.cursor
		h.keys("]")
		if v.cursor == before {
			break
		}
		got = append(got, v.cursor)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("] visits %v\nwant %v", got, want)
	}
	mustContain(t, h.view(), "no uncoded participant sentence that way")
	got = got[:0]
	h.keys("G")
	if uncoded(v.cursor) {
		got = append(got, v.cursor) // the start counts as visited
	}
	for {
		before := v.cursor
		h.keys("[")
		if v.cursor == before {
			break
		}
		got = append(got, v.cursor)
	}
	for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
		got[i], got[j] = got[j], got[i]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("[ visits %v\nwant %v", got, want)
	}
	// Coding a sentence takes it out of the way.
	h.keys("g", "]")
	first := v.cursor
	h.keys("9", "g", "]")
	if v.cursor == first {
		t.Error("] stops on a sentence just coded")
	}
}
