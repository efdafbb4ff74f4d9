package tui

import (
	"context"
	"fmt"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

// The coding view's "where coders differ" filter goes to the sentences
// the Compare screen lists, and shows only the codings that differ.
func TestCodingWhereCodersDiffer(t *testing.T) {
	h := openOttawa(t)
	ds, err := project.New(h.s).Disagreements(context.Background(), analysis.ReliabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, d := range ds.Items {
		listed[d.Unit] = true
	}
	h.keys("f")
	h.typeText("where coders")
	h.keys("enter")
	v := h.cv()
	if !v.differ.on {
		t.Fatal("the filter is not on")
	}
	mustContain(t, h.view(), "where coders differ", "] and [ go to where the coders differ")
	seen := 0
	for {
		at := v.cursor
		h.keys("]")
		if v.cursor == at {
			break
		}
		seen++
		s := v.sents[v.cursor]
		if unit := fmt.Sprintf("ottawa-fg:%d-%d", s.Start, s.End); !listed[unit] {
			t.Errorf("] stopped on %s, which the Compare screen does not list", unit)
		}
		here := v.codingsHere()
		if len(here) == 0 {
			t.Errorf("sentence %d: no coding shown", v.cursor)
		}
		for _, c := range here {
			n := 0
			for _, o := range v.codings.overlapping(nil, s.Start, s.End) {
				if o.CodeID == c.CodeID {
					n++
				}
			}
			if n > 1 {
				t.Errorf("sentence %d: %s is shown though both coders applied it", v.cursor, c.Code)
			}
		}
	}
	want := 0
	for u := range listed {
		var a, b int
		if _, err := fmt.Sscanf(u, "ottawa-fg:%d-%d", &a, &b); err == nil && a > v.sents[19].Start {
			want++
		}
	}
	if seen == 0 || seen != want {
		t.Errorf("] stopped %d times; the Compare screen lists %d units of ottawa-fg after the first sentence", seen, want)
	}
	mustContain(t, h.view(), "the coders do not differ further that way")
	h.keys("f")
	h.typeText("everything")
	h.keys("enter")
	if v.differ.on {
		t.Error("(everything) left the filter on")
	}
}
