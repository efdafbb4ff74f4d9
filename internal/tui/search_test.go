package tui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// searchFor opens the Search screen and runs a pattern.
func searchFor(h *harness, pattern string) *searchView {
	h.t.Helper()
	h.run(h.m.switchTo(tabSearch))
	h.keys("/")
	h.typeText(pattern)
	h.keys("enter")
	h.noError()
	v := h.m.search
	if v.res == nil {
		h.t.Fatalf("no results after searching %q (note %q)", pattern, v.note)
	}
	return v
}

// setFilter sets a filter through the f chooser and its picker.
func setFilter(h *harness, option, value string) {
	h.t.Helper()
	h.keys("f", option)
	h.typeText(value)
	h.keys("enter")
	h.noError()
}

// labelOf maps every speaker label of the demo to its participant id.
func labelsOf(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	list, err := s.Participants()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range list {
		for _, l := range p.Labels {
			out[l] = p.ID
		}
	}
	return out
}

func TestSearchRegexListsHitsWithIDsNotLabels(t *testing.T) {
	h := newHarness(t)
	v := searchFor(h, "police|rcmp")
	if v.res.Total == 0 || v.res.Sources < 2 {
		t.Fatalf("found %d in %d sources", v.res.Total, v.res.Sources)
	}
	re := regexp.MustCompile(`(?i)police|rcmp`)
	for _, hit := range v.res.Hits {
		if !re.MatchString(hit.Text) || len(hit.Matches) == 0 {
			t.Fatalf("hit without a match: %+v", hit)
		}
		if hit.Facilitator || hit.Participant == "" {
			t.Errorf("facilitator or unlabelled speech listed by default: %+v", hit)
		}
	}
	view := h.view()
	mustContain(t, view, "/police|rcmp/", "results in", v.res.Hits[0].Participant+" · "+v.res.Hits[0].City)
	// Heads name participants by id: the demo's labels (first names in
	// Montreal, "Speaker 3" in Ottawa) never head a result.
	for label := range labelsOf(t, h.s) {
		for _, line := range strings.Split(view, "\n") {
			if strings.Contains(line, "[ ]") && strings.Contains(line, " "+label+" ·") {
				t.Errorf("a result is headed by the speaker label %q: %q", label, line)
			}
		}
	}
}

func TestSearchFilters(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabSearch))
	v := h.m.search
	h.keys("/", "enter")
	if v.res != nil {
		t.Fatalf("an empty query listed %d sentences", v.res.Total)
	}
	setFilter(h, "3", "Ottawa") // city
	all := v.res.Total
	for _, hit := range v.res.Hits {
		if hit.City != "Ottawa" || hit.Source != "ottawa-fg" {
			t.Fatalf("city filter kept %+v", hit)
		}
	}
	setFilter(h, "5", "gender=non-binary") // attribute
	for _, hit := range v.res.Hits {
		if hit.Participant != "OTT-09" {
			t.Fatalf("attribute filter kept %s", hit.Participant)
		}
	}
	if v.res.Total == 0 || v.res.Total >= all {
		t.Fatalf("attribute filter: %d of %d", v.res.Total, all)
	}
	mustContain(t, h.view(), "filters: city Ottawa · gender=non-binary")
	// Code and coder: every hit overlaps a coding by sam of the code.
	h.keys("f", "7") // clear
	setFilter(h, "1", "Self-censorship")
	setFilter(h, "2", "sam")
	if v.res.Total == 0 {
		t.Fatal("no sentence coded Self-censorship by sam")
	}
	sams := h.storeCodingsOf("Self-censorship", "sam")
	for _, hit := range v.res.Hits {
		ok := false
		for _, c := range sams {
			if c.SourceID == hit.SourceID && c.Start < hit.End && hit.Start < c.End {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("hit %s %d-%d overlaps no coding by sam", hit.Source, hit.Start, hit.End)
		}
	}
	// Facilitators' speech comes in on request.
	h.keys("f", "7")
	setFilter(h, "3", "Toronto")
	without := v.res.Total
	h.keys("f", "6")
	if v.res.Total <= without {
		t.Fatalf("with facilitators %d, without %d", v.res.Total, without)
	}
}

func (h *harness) storeCodingsOf(code, coder string) []codingRef {
	h.t.Helper()
	list, err := h.s.Codings(store.CodingFilter{Code: code, Coder: coder})
	if err != nil {
		h.t.Fatal(err)
	}
	out := make([]codingRef, len(list))
	for i, c := range list {
		out[i] = codingRef{c.SourceID, c.Start, c.End}
	}
	return out
}

type codingRef struct {
	SourceID   int64
	Start, End int
}

func TestSearchBadPatternSaysSo(t *testing.T) {
	h := newHarness(t)
	h.run(h.m.switchTo(tabSearch))
	h.keys("/")
	h.typeText("(unclosed")
	h.keys("enter")
	h.noError()
	mustContain(t, h.view(), "search pattern \"(unclosed\"")
}

func TestSearchCodeAllIsOneUndo(t *testing.T) {
	h := newHarness(t)
	v := searchFor(h, "lawyer")
	n := v.res.Total
	if n < 3 {
		t.Fatalf("only %d results", n)
	}
	before := len(h.storeCodings("", testCoder))
	h.keys("c")
	h.typeText("Mentorship")
	h.keys("enter")
	h.noError()
	made := len(h.storeCodings("", testCoder)) - before
	if made != n {
		t.Fatalf("coded %d of %d results", made, n)
	}
	mustContain(t, h.view(), "coded "+strconv.Itoa(n)+" passages with Mentorship")
	h.keys("u")
	h.noError()
	if got := len(h.storeCodings("", testCoder)) - before; got != 0 {
		t.Fatalf("one undo left %d of the batch", got)
	}
	mustContain(t, h.view(), "undone: coded "+strconv.Itoa(n)+" passages")
	h.keys("ctrl+r")
	if got := len(h.storeCodings("", testCoder)) - before; got != n {
		t.Fatalf("redo made %d of %d", got, n)
	}
	// Coding them again does nothing, and says so.
	h.keys("c")
	h.typeText("Mentorship")
	h.keys("enter")
	mustContain(t, h.view(), "nothing to do")
	// The redone batch's new ids are followed: undo removes them all.
	h.keys("u")
	if got := len(h.storeCodings("", testCoder)) - before; got != 0 {
		t.Fatalf("undo after redo left %d", got)
	}
	// The coding view of an open source shows the batch.
	h.keys("ctrl+r")
	h.open(v.res.Hits[0].Source)
	found := false
	for _, c := range h.cv().codings.list {
		if c.Coder == testCoder && c.Code == "Capacity building/Mentorship" || strings.HasSuffix(c.Code, "/Mentorship") && c.Coder == testCoder {
			found = true
		}
	}
	if !found {
		t.Error("the coding view does not show the batch")
	}
}

func TestSearchCodeMarkedFewBySpread(t *testing.T) {
	h := newHarness(t)
	v := searchFor(h, "lawyer")
	h.keys("space", "j", "space") // marks results 0 and 2
	if len(v.marked) != 2 {
		t.Fatalf("%d marked", len(v.marked))
	}
	mustContain(t, h.view(), "[x]", "2 marked")
	h.keys("s") // spread: turn
	h.keys("c")
	mustContain(t, h.view(), "Code 2 marked results (by turn) with")
	h.typeText("Peer support")
	h.keys("enter")
	h.noError()
	var got []codingRef
	for _, c := range h.storeCodings("", testCoder) {
		got = append(got, codingRef{c.SourceID, c.Start, c.End})
	}
	want := []codingRef{{v.res.Hits[0].SourceID, v.res.Hits[0].TurnStart, v.res.Hits[0].TurnEnd},
		{v.res.Hits[2].SourceID, v.res.Hits[2].TurnStart, v.res.Hits[2].TurnEnd}}
	if v.res.Hits[0].TurnStart == v.res.Hits[2].TurnStart && v.res.Hits[0].SourceID == v.res.Hits[2].SourceID {
		want = want[:1]
	}
	if len(got) != len(want) {
		t.Fatalf("coded %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("coding %d: %v, want %v", i, got[i], want[i])
		}
	}
	if len(v.marked) != 0 {
		t.Error("the marks stay after coding")
	}
}

func TestSearchEnterOpensTheSentence(t *testing.T) {
	h := newHarness(t)
	v := searchFor(h, "lawyer")
	h.keys("j")
	hit := v.res.Hits[1]
	h.keys("enter")
	h.noError()
	if h.m.active != tabCoding || h.cv().src.Name != hit.Source {
		t.Fatalf("on %s with %v", h.m.active, h.cv().src)
	}
	if s := h.cv().sents[h.cv().cursor]; s.Start != hit.Start {
		t.Errorf("cursor on %d-%d, want the sentence at %d", s.Start, s.End, hit.Start)
	}
}

func TestSearchListScrolls(t *testing.T) {
	h := newHarness(t)
	h.resize(80, 24)
	v := searchFor(h, "the")
	if len(v.res.Hits) < 30 {
		t.Fatalf("%d results", len(v.res.Hits))
	}
	h.keys("G")
	last := v.res.Hits[len(v.res.Hits)-1]
	view := h.view()
	checkSize(t, h.m.View(), 80, 24)
	mustContain(t, view, last.Participant+" · "+last.City+" · "+last.Source+" "+strconv.Itoa(last.Start))
	h.keys("g")
	mustContain(t, h.view(), v.res.Hits[0].Source+" "+strconv.Itoa(v.res.Hits[0].Start))
}

func TestSearchGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		name := "search-" + strconv.Itoa(size[0]) + "x" + strconv.Itoa(size[1])
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.resize(size[0], size[1])
			searchFor(h, "document")
			setFilter(h, "3", "Toronto")
			h.keys("j", "space")
			checkSize(t, h.m.View(), size[0], size[1])
			checkGolden(t, name, h.m.View())
		})
	}
}

// TestSearchBatchFollowsARedoneCoding: a coding of a batch removed and
// brought back by undo gets a new id; undoing the batch then removes it
// under that id.
func TestSearchBatchFollowsARedoneCoding(t *testing.T) {
	h := newHarness(t)
	v := searchFor(h, "lawyer")
	h.keys("c")
	h.typeText("Mentorship")
	h.keys("enter")
	n := len(h.storeCodings("", testCoder))
	if n != v.res.Total {
		t.Fatalf("batch made %d of %d", n, v.res.Total)
	}
	first := v.res.Hits[0]
	h.keys("g", "enter") // to the first result's sentence
	here := h.cv().codingsHere()
	pick := -1
	for i, c := range here {
		if c.Coder == testCoder {
			pick = i
		}
	}
	if pick < 0 {
		t.Fatalf("no coding by %s at %s %d", testCoder, first.Source, first.Start)
	}
	h.keys("x")
	if len(here) > 1 {
		h.keys(strconv.Itoa(pick + 1))
	}
	h.noError()
	if got := len(h.storeCodings("", testCoder)); got != n-1 {
		t.Fatalf("after x: %d codings", got)
	}
	h.keys("u") // the removed coding comes back with a new id
	h.noError()
	h.run(h.m.switchTo(tabSearch))
	h.keys("u") // the whole batch goes, that coding with it
	h.noError()
	if got := len(h.storeCodings("", testCoder)); got != 0 {
		t.Fatalf("after undoing the batch: %d codings left", got)
	}
	h.keys("ctrl+r", "ctrl+r") // redo the batch, then the removal
	h.noError()
	if got := len(h.storeCodings("", testCoder)); got != n-1 {
		t.Fatalf("after redoing both: %d codings, want %d", got, n-1)
	}
}

// TestScreenHelpOverlays: on the Search, Participants and Quotes screens,
// `?` lists their own keys, and fits 80x24.
func TestScreenHelpOverlays(t *testing.T) {
	cases := []struct {
		name string
		show func(h *harness)
		want []string
	}{
		{"search", func(h *harness) { searchFor(h, "police") }, []string{"space", "mark", "s", "spread", "f", "filter", "esc", "unmark", "c", "code…", "ctrl+r"}},
		{"participants", func(h *harness) { showPeople(h) }, []string{"F", "facilitator or not", "b", "bind label to an id", "edit attribute"}},
		{"quotes", func(h *harness) { quotesOf(h, selfCens) }, []string{"E", "export passages", "more context", "jump to transcript"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.resize(80, 24)
			tc.show(h)
			h.keys("?")
			view := h.view()
			mustContain(t, view, tc.want...)
			mustContain(t, view, "any key closes this help", "shift+tab")
			checkSize(t, h.m.View(), 80, 24)
			h.keys("?")
		})
	}
}
