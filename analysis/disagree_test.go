package analysis_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

func describe(list []analysis.Disagreement) []string {
	var out []string
	for _, d := range list {
		line := fmt.Sprintf("%s %s %q", d.Unit, d.Participant, d.Text)
		for i, c := range d.Coders {
			line += fmt.Sprintf(" %s=%s", c, strings.Join(d.Coded[i], "+"))
		}
		out = append(out, line)
	}
	return out
}

// The tiny fixture by hand: sentence 1 of A-01 is coded alike; the others
// differ (the facilitator's question never counts).
func TestDisagreements(t *testing.T) {
	for _, tc := range []struct {
		opt  analysis.ReliabilityOptions
		want []string
	}{
		{analysis.ReliabilityOptions{}, []string{
			`fg-a:40-56 A-01 "Waiting is hard." lea=Theme one/Code b sam=`,
			`fg-a:58-82 A-02 "My family is threatened." lea=Theme two/Code c sam=`,
			`fg-b:15-37 B-01 "Lawyers are expensive." lea=Theme two/Code c sam=Theme one/Code a`,
			`fg-b:38-56 B-01 "Police do nothing." lea=Theme one/Code b+Theme two/Code c sam=`,
		}},
		{analysis.ReliabilityOptions{Code: "Theme one"}, []string{
			`fg-a:40-56 A-01 "Waiting is hard." lea=Theme one/Code b sam=`,
			`fg-b:15-37 B-01 "Lawyers are expensive." lea= sam=Theme one/Code a`,
			`fg-b:38-56 B-01 "Police do nothing." lea=Theme one/Code b sam=`,
		}},
		{analysis.ReliabilityOptions{Unit: analysis.UnitTurn, Code: "Theme one/Code a"}, []string{
			`fg-b:turn 1 B-01 "Lawyers are expensive. Police do nothing." lea= sam=Theme one/Code a`,
		}},
		{analysis.ReliabilityOptions{Unit: analysis.UnitSource, Code: "Theme two"}, []string{
			`fg-a  "Lawyers help me a lot. Waiting is hard. … My family is threatened." lea=Theme two/Code c sam=`,
			`fg-b B-01 "Lawyers are expensive. Police do nothing." lea=Theme two/Code c sam=`,
		}},
	} {
		got, err := tiny().Disagreements(tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if g := describe(got); !reflect.DeepEqual(g, tc.want) {
			t.Errorf("%+v:\n got %q\nwant %q", tc.opt, g, tc.want)
		}
	}
	if _, err := tiny().Disagreements(analysis.ReliabilityOptions{Code: "No such"}); err == nil {
		t.Error("an unknown code was accepted")
	}
}

// apply makes a change on the dataset as the store would.
func apply(d *analysis.Dataset, ch analysis.CodingChange) {
	gone := map[int64]bool{}
	for _, id := range ch.Remove {
		gone[id] = true
	}
	var kept []analysis.Coding
	var src int64
	for _, c := range d.Codings {
		if gone[c.ID] {
			src = c.Source
			continue
		}
		kept = append(kept, c)
	}
	ids := map[string]int64{}
	for _, c := range d.Codes {
		ids[c.Path] = c.ID
	}
	for i, a := range ch.Add {
		if a.From != 0 {
			for _, c := range d.Codings {
				if c.ID == a.From {
					src = c.Source
				}
			}
		}
		kept = append(kept, analysis.Coding{ID: int64(100 + i), Source: src, Code: ids[a.Code], Start: a.Start, End: a.End, Coder: a.Coder})
	}
	d.Codings = kept
}

// Every resolution changes the unit only: afterwards the unit is gone from
// the list and every other entry is as it was.
func TestResolvePlan(t *testing.T) {
	paths := map[int64]string{}
	for _, c := range tiny().Codes {
		paths[c.ID] = c.Path
	}
	const unit = "fg-b:15-37" // lea Code c (a coding over both sentences), sam Code a
	for _, tc := range []struct {
		r       analysis.Resolution
		removed []int64
		added   []string
	}{
		{analysis.Resolution{Kind: analysis.KeepCoder, Coder: "lea"}, []int64{6}, []string{"sam Theme two/Code c 15-37 from 7"}},
		{analysis.Resolution{Kind: analysis.KeepCoder, Coder: "sam"}, []int64{7}, []string{"lea Theme two/Code c 37-56 from 7", "lea Theme one/Code a 15-37 from 6"}},
		{analysis.Resolution{Kind: analysis.KeepAll}, nil, []string{"lea Theme one/Code a 15-37 from 6", "sam Theme two/Code c 15-37 from 7"}},
		{analysis.Resolution{Kind: analysis.Recode, Code: "Theme one/Code b"}, []int64{7, 6},
			[]string{"lea Theme two/Code c 37-56 from 7", "lea Theme one/Code b 15-37 from 0", "sam Theme one/Code b 15-37 from 0"}},
	} {
		d := tiny()
		before, _ := d.Disagreements(analysis.ReliabilityOptions{})
		var dis analysis.Disagreement
		for _, b := range before {
			if b.Unit == unit {
				dis = b
			}
		}
		ch, err := dis.Plan(tc.r, []rune(d.Sources[1].Text), paths)
		if err != nil {
			t.Fatal(err)
		}
		var added []string
		for _, a := range ch.Add {
			added = append(added, fmt.Sprintf("%s %s %d-%d from %d", a.Coder, a.Code, a.Start, a.End, a.From))
		}
		if !reflect.DeepEqual(ch.Remove, tc.removed) || !reflect.DeepEqual(added, tc.added) {
			t.Errorf("%s: removed %v, added %q; want %v, %q", tc.r, ch.Remove, added, tc.removed, tc.added)
		}
		apply(d, ch)
		after, _ := d.Disagreements(analysis.ReliabilityOptions{})
		var want []analysis.Disagreement
		for _, b := range before {
			if b.Unit != unit {
				want = append(want, b)
			}
		}
		if g, w := describe(after), describe(want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: after\n%q\nwant\n%q", tc.r, g, w)
		}
	}
	var dis analysis.Disagreement
	if _, err := dis.Plan(analysis.Resolution{Kind: analysis.KeepCoder, Coder: "kai"}, nil, paths); err == nil {
		t.Error("keeping a coder not compared was accepted")
	}
}
