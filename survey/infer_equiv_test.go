package survey

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestGuessTypeOnTallies checks that judging a column by its distinct
// values and their counts (guessType) gives the instrument that judging
// every cell gave (guessTypeBefore, the code as it was), on random columns
// drawn from the kinds of values exports hold.
func TestGuessTypeOnTallies(t *testing.T) {
	pools := [][]string{
		{"1", "2", "3", "4", "5"},
		{"0", "10", "5", "98", "99", "Don't know"},
		{"1.5", "2", "-3", "1e3"},
		{"2024-01-02", "2024-03-04", "1 March 2024"},
		{"Agree", "agree", "Strongly agree", "Disagree", "Prefer not to say"},
		{"legal; jobs", "jobs", "legal", "housing; legal; jobs"},
		{"Yes", "No", "N/A"},
		{"a long open answer", "another", "Another", "more words here", "x", "y", "z", "w", "v", "u", "t", "s", "r", "q"},
	}
	rng := rand.New(rand.NewPCG(15, 2026))
	for n := 0; n < 3000; n++ {
		var cells []string
		for range 1 + rng.IntN(30) {
			pool := pools[rng.IntN(len(pools))]
			if rng.IntN(3) > 0 {
				pool = pools[n%len(pools)]
			}
			cells = append(cells, pool[rng.IntN(len(pool))])
		}
		for _, shape := range []Shape{Plain, GoogleForms} {
			var before, after Question
			guessTypeBefore(&before, cells, shape)
			g := &Grid{Rows: [][]string{{"q"}}}
			for _, c := range cells {
				g.Rows = append(g.Rows, []string{"  " + c})
			}
			guessType(&after, tallyColumn(g, 0, 1), shape)
			if !reflect.DeepEqual(before, after) {
				t.Fatalf("%s %q:\nbefore %+v\nafter  %+v", shape, strings.Join(cells, "|"), before, after)
			}
		}
	}
}

// guessTypeBefore is guessType as it was before it read tallies: the
// reference the test compares with.
func guessTypeBefore(q *Question, vals []string, shape Shape) {
	if len(vals) == 0 {
		q.Type = Text
		return
	}
	var opts []Option
	var missing []Option
	distinct := map[string]bool{}
	for _, v := range vals {
		k := fold(v)
		if distinct[k] {
			continue
		}
		distinct[k] = true
		if missingLabels[k] {
			missing = append(missing, Option{Code: v, Label: v})
		} else {
			opts = append(opts, Option{Code: v, Label: v})
		}
	}
	answers := make([]string, 0, len(vals))
	for _, v := range vals {
		if !missingLabels[fold(v)] {
			answers = append(answers, v)
		}
	}
	q.Missing = missing
	if len(answers) == 0 {
		q.Type = Text
		q.Missing = nil
		return
	}
	// Numeric missing codes (98 "don't know", 99 ...) beside a 0-10 scale.
	if nums := numericCodes(answers); nums != nil {
		var kept []string
		for _, v := range answers {
			if f, _ := parseNumber(v); numericMissing[f] && nums.small {
				if !hasCode(q.Missing, v) {
					q.Missing = append(q.Missing, Option{Code: v, Label: "Missing (" + v + ")"})
				}
				continue
			}
			kept = append(kept, v)
		}
		answers = kept
		var o2 []Option
		for _, o := range opts {
			if !hasCode(q.Missing, o.Code) {
				o2 = append(o2, o)
			}
		}
		opts = o2
		if len(answers) == 0 {
			q.Type, q.Missing = Numeric, nil
			return
		}
	}
	allDates, allNums, allInts := true, true, true
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range answers {
		if _, ok := parseDate(v); !ok {
			allDates = false
		}
		f, ok := parseNumber(v)
		if !ok {
			allNums, allInts = false, false
			continue
		}
		if f != math.Trunc(f) {
			allInts = false
		}
		lo, hi = math.Min(lo, f), math.Max(hi, f)
	}
	switch {
	case allDates && !allNums:
		q.Type = Date
		return
	case allNums && allInts && lo >= 0 && hi <= 10 && hi > lo && len(opts) <= 11:
		q.Type = Rating
		q.Scale = fmt.Sprintf("%g-%g", lo, hi)
		for p := lo; p <= hi; p++ {
			s := formatNumber(p)
			q.Options = append(q.Options, Option{Code: s, Label: s})
		}
		return
	case allNums:
		q.Type = Numeric
		return
	}
	for _, name := range sortedScaleNames() {
		pts := KnownScales[name]
		if subsetOf(opts, pts) {
			q.Type, q.Scale = Likert, name
			for _, p := range pts {
				q.Options = append(q.Options, Option{Code: p, Label: p})
			}
			return
		}
	}
	if tokens, ok := splitTokens(answers, shape); ok {
		q.Type = Multiple
		q.Options = tokens
		return
	}
	if len(opts) <= 12 && len(opts) < len(answers) {
		q.Type = Single
		q.Options = opts
		return
	}
	q.Type = Text
	q.Missing = nil
}

// TestTallyRunsMerged checks that tallying a grid in runs of rows on
// several goroutines gives each column the tally of one pass down it:
// the same values in the same order of first sight, the same counts.
func TestTallyRunsMerged(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	rng := rand.New(rand.NewPCG(7, 7))
	g := &Grid{Rows: [][]string{{"id", "q1", "q2", "q3"}}}
	for r := range 30_000 {
		row := []string{fmt.Sprint("R", r), fmt.Sprint(rng.IntN(5)), fmt.Sprint(" ", rng.IntN(40)), ""}
		if r > 20_000 {
			row[3] = fmt.Sprint("late ", rng.IntN(3)) // first seen in a later run
		}
		if rng.IntN(10) == 0 {
			row = row[:2] // ragged
		}
		g.Rows = append(g.Rows, row)
	}
	cols := g.columns(0, Plain)
	got := tallyColumns(g, cols, 1)
	for ci, c := range cols {
		if IsMeta(c.name) {
			continue
		}
		want := tallyColumn(g, c.idx, 1)
		if !reflect.DeepEqual(got[ci].values, want.values) || !reflect.DeepEqual(got[ci].counts, want.counts) {
			t.Errorf("column %s: runs merged %v %v, one pass %v %v", c.name, got[ci].values, got[ci].counts, want.values, want.counts)
		}
	}
}

// tallyColumn tallies grid column idx from row first on, in one pass:
// what tallyColumns must give each column.
func tallyColumn(g *Grid, idx, first int) cellTally {
	var t cellTally
	for r := first; r < len(g.Rows); r++ {
		t.add(g.cell(r, idx))
	}
	return t
}
