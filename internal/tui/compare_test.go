package tui

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// openCompare is the app on the Compare screen of the demo (lea and sam).
func openCompare(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.run(h.m.switchTo(tabCompare))
	h.noError()
	if h.m.compare.data == nil || len(h.m.compare.data.Items) < 10 {
		t.Fatalf("the Compare screen did not load: %+v", h.m.compare.data)
	}
	return h
}

// sourceCodings lists a source's codings without ids and times, sorted.
func sourceCodings(h *harness, source string) []string {
	var out []string
	for _, c := range h.storeCodings(source, "") {
		out = append(out, fmt.Sprintf("%s %d-%d %s %q", c.Code, c.Start, c.End, c.Coder, c.Memo))
	}
	sort.Strings(out)
	return out
}

// differs reports whether the unit is still listed as a disagreement.
func differs(h *harness, unit string) bool {
	h.t.Helper()
	ds, err := project.New(h.s).Disagreements(context.Background(), h.m.compare.opt)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range ds.Items {
		if d.Unit == unit {
			return true
		}
	}
	return false
}

func TestCompareResolveAndUndo(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
		// check looks at the unit's codings after the resolution.
		check func(h *harness, d analysis.Disagreement) error
	}{
		{"keep lea's", []string{"1"}, keptAs(0)},
		{"keep sam's", []string{"2"}, keptAs(1)},
		{"keep both", []string{"b"}, func(h *harness, d analysis.Disagreement) error {
			return sameCodes(h, d, union(d.Coded...))
		}},
		{"recode", []string{"r", "Peer support", "enter"}, func(h *harness, d analysis.Disagreement) error {
			return sameCodes(h, d, []string{"Recognition and capacity building/Peer support"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := openCompare(t)
			h.keys("j", "j")
			d := h.m.compare.data.Items[2]
			before := sourceCodings(h, d.SourceName)
			for _, k := range tc.keys {
				if strings.Contains(k, " ") {
					h.typeText(k)
				} else {
					h.keys(k)
				}
			}
			h.noError()
			if differs(h, d.Unit) {
				t.Fatalf("%s still differs", d.Unit)
			}
			if err := tc.check(h, d); err != nil {
				t.Error(err)
			}
			after := sourceCodings(h, d.SourceName)
			log, err := h.s.Audit(store.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if e := log[len(log)-1]; e.Actor != testCoder || e.Kind != store.AuditCoding || !strings.HasPrefix(e.Summary, "resolve disagreement") {
				t.Errorf("audit entry %+v", e)
			}
			mustContain(t, h.view(), d.Participant)
			if h.m.compare.cursor != 2 || h.m.compare.data.Items[2].Unit == d.Unit {
				t.Errorf("the cursor is on %d, not on the next unit", h.m.compare.cursor)
			}
			h.keys("u")
			h.noError()
			if got := sourceCodings(h, d.SourceName); !reflect.DeepEqual(got, before) {
				t.Errorf("undo left\n%q\nwant\n%q", got, before)
			}
			if !differs(h, d.Unit) || h.m.compare.data.Items[2].Unit != d.Unit || h.m.compare.cursor != 2 {
				t.Errorf("undo did not bring %s back to the list, under the cursor", d.Unit)
			}
			h.keys("ctrl+r")
			h.noError()
			if got := sourceCodings(h, d.SourceName); !reflect.DeepEqual(got, after) {
				t.Errorf("redo left\n%q\nwant\n%q", got, after)
			}
			h.keys("u")
			if got := sourceCodings(h, d.SourceName); !reflect.DeepEqual(got, before) {
				t.Errorf("a second undo left\n%q\nwant\n%q", got, before)
			}
		})
	}
}

// keptAs checks that every coder now has the codes coder i had.
func keptAs(i int) func(h *harness, d analysis.Disagreement) error {
	return func(h *harness, d analysis.Disagreement) error { return sameCodes(h, d, d.Coded[i]) }
}

func union(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, p := range l {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// sameCodes checks that each coder's codes on the unit are want.
func sameCodes(h *harness, d analysis.Disagreement, want []string) error {
	sp := d.Spans[0]
	for _, coder := range d.Coders {
		var got []string
		for _, c := range h.storeCodings(d.SourceName, coder) {
			if c.Start < sp.End && sp.Start < c.End {
				got = append(got, c.Code)
			}
		}
		if g, w := union(got), union(want); !reflect.DeepEqual(g, w) {
			return fmt.Errorf("%s on %s: %q, want %q", coder, d.Unit, g, w)
		}
	}
	return nil
}

func TestCompareChoices(t *testing.T) {
	h := openCompare(t)
	all := len(h.m.compare.data.Items)
	h.keys("c")
	mustContain(t, h.view(), "Compare on code", "(every code)")
	h.typeText("Networking")
	h.keys("enter")
	h.noError()
	v := h.m.compare
	if v.opt.Code != "Recognition and capacity building/Networking" || len(v.data.Items) == 0 || len(v.data.Items) >= all {
		t.Fatalf("code %q: %d items of %d", v.opt.Code, len(v.data.Items), all)
	}
	for _, d := range v.data.Items {
		for _, l := range d.Coded {
			for _, p := range l {
				if p != v.opt.Code {
					t.Errorf("%s lists %s", d.Unit, p)
				}
			}
		}
	}
	mustContain(t, h.view(), "on Recognition and capacity building/Networking")
	h.keys("p")
	mustContain(t, h.view(), "all coders (lea, sam)", "lea and sam")
	h.keys("down", "enter")
	if strings.Join(v.opt.Coders, ",") != "lea,sam" {
		t.Errorf("coders %v", v.opt.Coders)
	}
	h.keys("t")
	mustContain(t, h.view(), "turns differ", "turn and its text")
	h.keys("t")
	mustContain(t, h.view(), "0 of 3 sources differ", "The coders agree on every source here.")
	h.keys("t")
	if v.opt.Unit != analysis.UnitSentence {
		t.Errorf("t did not come back to sentences: %s", v.opt.Unit)
	}
	// A coder who is not compared here: no change, a note.
	h.keys("3")
	mustContain(t, h.view(), "no coder 3 here")
	h.keys("enter")
	if h.m.active != tabCoding || !h.cv().loaded() || h.cv().sents[h.cv().cursor].Start != v.data.Items[0].Spans[0].Start {
		t.Errorf("enter did not open the unit in the transcript (on %s)", h.m.active)
	}
}

// The list scrolls to the cursor, and waiting costs nothing.
func TestCompareScrollsAndIdles(t *testing.T) {
	h := openCompare(t)
	v := h.m.compare
	first, last := v.data.Items[0], v.data.Items[len(v.data.Items)-1]
	head := func(d analysis.Disagreement) string {
		return fmt.Sprintf("%s %d-%d", d.SourceName, d.Spans[0].Start, d.Spans[0].End)
	}
	mustContain(t, h.view(), head(first))
	h.keys("G")
	if v.cursor != len(v.data.Items)-1 {
		t.Fatalf("G: cursor %d", v.cursor)
	}
	view := h.view()
	mustContain(t, view, head(last))
	if strings.Contains(view, head(first)) {
		t.Error("the first unit is still on screen at the bottom of the list")
	}
	checkSize(t, h.m.View(), 100, 30)
	h.keys("g")
	mustContain(t, h.view(), head(first))
	if _, cmd := h.m.Update(spinner.TickMsg{}); cmd != nil {
		t.Error("an idle Compare screen re-issues the spinner's tick")
	}
	if cmd := v.Update(struct{}{}); cmd != nil {
		t.Error("an unknown message made the Compare screen work")
	}
}

// A code compared that is renamed in the Codebook is followed.
func TestCompareFollowsRename(t *testing.T) {
	h := openCompare(t)
	h.keys("c")
	h.typeText("Networking")
	h.keys("enter")
	old := h.m.compare.opt.Code
	if _, err := h.s.RenameCode(old, "Networks"); err != nil {
		t.Fatal(err)
	}
	cb, err := h.s.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	h.send(codebookLoadedMsg{entries: cb, note: "renamed"})
	h.run(h.m.switchTo(tabCompare))
	h.noError()
	if got := h.m.compare.opt.Code; got != "Recognition and capacity building/Networks" {
		t.Errorf("the code compared is %q", got)
	}
}
