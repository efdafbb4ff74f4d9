package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// recsDay is the demo tracker's day: R1 and R3 are overdue on it.
var recsDay = time.Date(2026, 11, 23, 9, 15, 0, 0, time.UTC)

// recsHarness opens the app on a copy of the demo with the clock on
// recsDay and shows the Recommendations tab.
func recsHarness(t *testing.T) *harness {
	t.Helper()
	s := openDemo(t)
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: func() time.Time { return recsDay }})}
	h.resize(100, 30)
	h.run(h.m.Init())
	h.keys("shift+tab") // Sources → Recommendations, the last tab
	if h.m.active != tabRecs || !h.m.recs.loaded() {
		t.Fatalf("the Recommendations tab did not open (on %s, err %v)", h.m.active, h.m.err)
	}
	return h
}

// order lists the ids of the table, top to bottom.
func (h *harness) recsOrder() string {
	v := h.m.recs
	var ids []string
	for _, i := range v.rows {
		ids = append(ids, v.recs[i].ID)
	}
	return strings.Join(ids, " ")
}

func (h *harness) recsCurrent() *tracker.Recommendation {
	h.t.Helper()
	r, _, ok := h.m.recs.current()
	if !ok {
		h.t.Fatal("no recommendation under the cursor")
	}
	return r
}

func (h *harness) storeRec(id string) tracker.Recommendation {
	h.t.Helper()
	r, err := h.s.Recommendation(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

func TestRecsTable(t *testing.T) {
	h := recsHarness(t)
	h.noError()
	view := h.view()
	mustContain(t, view, "Recommendations", "6 recommendations · 2 overdue · as of 2026-11-23 · sorted by due date",
		"R1   Streamline immigration", "54d late", "23d late", "in 22d", "strong", "moderate",
		"R1 · Streamline immigration pathways with legal help and fast documents", "owner Settlement partnerships lead · due 2026-09-30 (overdue by 54 days)",
		"evidence strong — 16 of 27 participants, 3 of 3 cities, 40 codings",
		"last follow-up 2026-09-22 anouk: Document-help guide drafted")
	// Overdue first (the most overdue first), then by due date, done last.
	if got := h.recsOrder(); got != "R1 R3 R4 R2 R5 R6" {
		t.Errorf("order %s", got)
	}
	checkSize(t, view, 100, 30)
	h.keys("j", "j")
	if h.recsCurrent().ID != "R4" {
		t.Errorf("j j: on %s, want R4", h.recsCurrent().ID)
	}
	h.keys("G")
	if h.recsCurrent().ID != "R6" {
		t.Errorf("G: on %s", h.recsCurrent().ID)
	}
	h.keys("g")
	if h.recsCurrent().ID != "R1" {
		t.Errorf("g: on %s", h.recsCurrent().ID)
	}
}

// TestRecsSort: o cycles due date → priority → status → due date, and the
// cursor stays on the same recommendation.
func TestRecsSort(t *testing.T) {
	h := recsHarness(t)
	h.keys("j", "j", "j") // R2
	tests := []struct{ order, ids, note string }{
		{"priority", "R1 R3 R5 R4 R2 R6", "sorted by priority"},
		{"status", "R5 R2 R1 R4 R3 R6", "sorted by status"},
		{"due date", "R1 R3 R4 R2 R5 R6", "sorted by due date"},
	}
	for _, tc := range tests {
		h.keys("o")
		if h.m.recs.order.String() != tc.order || h.recsOrder() != tc.ids {
			t.Errorf("o: sorted by %s: %s, want %s: %s", h.m.recs.order, h.recsOrder(), tc.order, tc.ids)
		}
		if h.recsCurrent().ID != "R2" {
			t.Errorf("sorted by %s, the cursor moved to %s", tc.order, h.recsCurrent().ID)
		}
		mustContain(t, h.view(), tc.note)
	}
}

// TestRecsDetail: enter shows the recommendation with its evidence quotes
// and log; j/k choose a quote; enter on it opens its place in the
// transcript; esc goes back to the table.
func TestRecsDetail(t *testing.T) {
	h := recsHarness(t)
	h.keys("j", "enter") // R3
	if !h.m.recs.detail {
		t.Fatal("enter did not open the detail")
	}
	view := h.view()
	mustContain(t, view, "R3 · A multi-stakeholder task force", "blocked since 2026-10-14 · high priority · due 2026-10-31 (overdue by 23 days)", "owner: Program director",
		"Evidence: strong — 22 of 27 participants in 3 of 3 cities (Montreal, Ottawa, Toronto); 54 codings",
		"› “Last year, after I published", "— OTT-01, Ottawa", "— TOR-08, Toronto", "Log (4)",
		"2026-10-14  helene   in progress → blocked: Public Safety has not named a contact")
	checkSize(t, view, 100, 30)
	for _, name := range []string{"Leyla", "Rana", "Speaker 3"} { // speaker labels and pseudonyms never appear
		if strings.Contains(view, name) {
			t.Errorf("the detail names %q", name)
		}
	}
	h.keys("j")
	if h.m.recs.quote != 1 {
		t.Fatalf("j: quote %d, want 1", h.m.recs.quote)
	}
	h.keys("j", "j", "j") // stays on the last one
	if h.m.recs.quote != 2 {
		t.Errorf("quote %d after j past the end", h.m.recs.quote)
	}
	h.keys("k")
	_, ev, _ := h.m.recs.current()
	q := ev.Quotes[1]
	h.keys("enter")
	h.noError()
	if h.m.active != tabCoding || !h.cv().loaded() || h.cv().src.Name != q.Source {
		t.Fatalf("enter on a quote: on %s, source %v", h.m.active, h.cv().src)
	}
	se := h.cv().sents[h.cv().cursor]
	if q.Start < se.Start || q.Start >= se.End {
		t.Errorf("the cursor is on sentence %d-%d, the quote starts at %d", se.Start, se.End, q.Start)
	}
	// Back on the tab, the detail is still there; esc returns to the table.
	h.run(h.m.switchTo(tabRecs))
	if !h.m.recs.detail {
		t.Error("the detail closed when the tab was left")
	}
	h.keys("esc")
	if h.m.recs.detail || h.recsCurrent().ID != "R3" {
		t.Errorf("esc: detail %v, on %s", h.m.recs.detail, h.recsCurrent().ID)
	}
	h.keys("enter", "backspace")
	if h.m.recs.detail {
		t.Error("backspace did not close the detail")
	}
}

// TestRecsSetStatus: s opens the status chooser, the choice asks for a
// note, and enter saves both in one transaction with the app's coder and
// clock.
func TestRecsSetStatus(t *testing.T) {
	h := recsHarness(t)
	before := len(h.storeRec("R1").Log)
	h.keys("s")
	if !h.m.capturing() || h.m.recs.chooser == nil {
		t.Fatal("s did not open the status chooser")
	}
	view := h.view()
	mustContain(t, view, "R1 is in progress; new status:", "› 3 in progress", "5 done")
	checkSize(t, view, 100, 30)
	h.keys("q") // a key that means nothing to the chooser: it stays, the app does not quit
	if h.quit || h.m.recs.chooser == nil {
		t.Fatal("q in the chooser quit or closed it")
	}
	h.keys("j", "j", "enter") // done
	if h.m.recs.prompt == nil || h.m.recs.pending != tracker.StatusDone {
		t.Fatalf("no note prompt after choosing (pending %q)", h.m.recs.pending)
	}
	mustContain(t, h.view(), "in progress → done: note")
	h.typeText("Clinic runs monthly.")
	h.keys("enter")
	h.noError()
	r := h.storeRec("R1")
	last, _ := r.LastFollowUp()
	if r.Status != tracker.StatusDone || len(r.Log) != before+1 || last.From != tracker.StatusInProgress ||
		last.To != tracker.StatusDone || last.Note != "Clinic runs monthly." || last.Author != testCoder || !last.At.Equal(recsDay) {
		t.Errorf("saved %s, log %+v", r.Status, last)
	}
	mustContain(t, h.view(), "R1: in progress → done saved", "1 overdue")
	// R1 is done: it is no longer overdue and sorts last; the cursor follows it.
	if h.recsOrder() != "R3 R4 R2 R5 R1 R6" || h.recsCurrent().ID != "R1" {
		t.Errorf("after done: %s, on %s", h.recsOrder(), h.recsCurrent().ID)
	}

	// The same status: nothing is saved.
	h.keys("s", "5")
	mustContain(t, h.view(), "R1 is already done")
	if h.m.recs.prompt != nil || len(h.storeRec("R1").Log) != before+1 {
		t.Error("choosing the same status asked for a note or saved")
	}
	// Esc in the chooser or in the note prompt saves nothing.
	h.keys("s", "esc")
	h.keys("s", "1")
	h.typeText("never mind")
	h.keys("esc")
	if r := h.storeRec("R1"); r.Status != tracker.StatusDone || len(r.Log) != before+1 {
		t.Errorf("esc saved: %s, %d entries", r.Status, len(r.Log))
	}
	mustContain(t, h.view(), "nothing saved")
	// From the detail too, with an empty note.
	h.keys("enter", "s", "2", "enter")
	h.noError()
	if r := h.storeRec("R1"); r.Status != tracker.StatusAccepted {
		t.Errorf("status from the detail: %s", r.Status)
	}
	if !h.m.recs.detail {
		t.Error("saving closed the detail")
	}
}

// TestRecsFollowUp: l asks for a note and saves it to the log.
func TestRecsFollowUp(t *testing.T) {
	h := recsHarness(t)
	h.keys("j", "j", "l") // R4
	if h.m.recs.prompt == nil || !h.m.capturing() {
		t.Fatal("l did not open the follow-up prompt")
	}
	h.typeText("Funder report sent; q and s are text here.")
	h.keys("enter")
	h.noError()
	r := h.storeRec("R4")
	last, _ := r.LastFollowUp()
	if last.Note != "Funder report sent; q and s are text here." || last.StatusChange() || last.Author != testCoder || r.Status != tracker.StatusInProgress {
		t.Errorf("follow-up %+v, status %s", last, r.Status)
	}
	mustContain(t, h.view(), "R4: follow-up saved", "last follow-up 2026-11-23 tester: Funder report sent")
	// An empty note saves nothing.
	n := len(r.Log)
	h.keys("l", "enter")
	if len(h.storeRec("R4").Log) != n {
		t.Error("an empty follow-up was saved")
	}
	mustContain(t, h.view(), "a follow-up needs a note")
	// From the detail, the log shows it at once.
	h.keys("enter", "l")
	h.typeText("Second note.")
	h.keys("enter")
	mustContain(t, h.view(), "tester   Second note.")
}

// TestRecsEvidenceFollowsCoding: a coding made in the coding view changes
// the evidence of the recommendations linked to its code when the tab is
// shown again.
func TestRecsEvidenceFollowsCoding(t *testing.T) {
	h := recsHarness(t)
	codings := map[string]int{}
	for i, r := range h.m.recs.recs {
		codings[r.ID] = h.m.recs.evs[i].Codings
	}
	h.open("ottawa-fg")
	h.keys("]", "1") // code the next uncoded participant sentence with the top code
	h.noError()
	list := h.storeCodings("ottawa-fg", testCoder)
	if len(list) == 0 {
		t.Fatal("nothing was coded")
	}
	code := list[len(list)-1].Code
	if !h.m.recs.stale {
		t.Error("the tracker is not marked stale after a coding")
	}
	h.run(h.m.switchTo(tabRecs))
	changed := 0
	for i, r := range h.m.recs.recs {
		linked := false
		for _, p := range r.CodePaths() {
			linked = linked || p == code || strings.HasPrefix(code, p+"/")
		}
		got := h.m.recs.evs[i].Codings
		switch {
		case linked && got != codings[r.ID]+1:
			t.Errorf("%s (linked to %s): %d codings, want %d", r.ID, code, got, codings[r.ID]+1)
		case !linked && got != codings[r.ID]:
			t.Errorf("%s: %d codings, want %d", r.ID, got, codings[r.ID])
		}
		if linked {
			changed++
		}
	}
	if changed == 0 {
		t.Logf("the top code %s is linked to no recommendation", code)
	}
}

func TestRecsSizes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {60, 12}} {
		h := recsHarness(t)
		h.resize(size[0], size[1])
		checkSize(t, h.view(), size[0], size[1])
		h.keys("j", "enter")
		checkSize(t, h.view(), size[0], size[1])
		h.keys("s")
		checkSize(t, h.view(), size[0], size[1])
		if size[1] >= 24 {
			mustContain(t, h.view(), "1 proposed") // the chooser's options are not cut off
		}
		h.keys("esc", "l")
		checkSize(t, h.view(), size[0], size[1])
	}
}

func TestRecsEmptyProject(t *testing.T) {
	s, err := store.Create(filepath.Join(t.TempDir(), "empty.fwp"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: plainRenderer(), Now: fixedClock})}
	h.resize(100, 30)
	h.run(h.m.Init())
	h.keys("shift+tab")
	mustContain(t, h.view(), "No recommendations yet")
	for _, k := range []string{"j", "enter", "o", "s", "l", "esc", "k"} {
		h.keys(k)
	}
	h.noError()
	if h.m.capturing() {
		t.Error("a key on an empty tracker opened a prompt")
	}
}

// TestRecsGolden keeps the tracker's table and detail at 100x30.
func TestRecsGolden(t *testing.T) {
	h := recsHarness(t)
	h.keys("j")
	checkGolden(t, "recs", h.m.View())
	h.keys("enter", "j")
	checkGolden(t, "recs-detail", h.m.View())
}
