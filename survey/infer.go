package survey

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// KnownScales are ordered answer scales that Infer recognises from an
// export's values, lowest point first.
var KnownScales = map[string][]string{
	"agree5":        {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"},
	"agree4":        {"Strongly disagree", "Disagree", "Agree", "Strongly agree"},
	"frequency5":    {"Never", "Rarely", "Sometimes", "Often", "Always"},
	"importance5":   {"Not at all important", "Slightly important", "Moderately important", "Very important", "Extremely important"},
	"satisfaction5": {"Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"},
	"priority5":     {"Not a priority", "Low priority", "Medium priority", "High priority", "Top priority"},
}

// missingLabels are answers Infer takes as declared missing values.
var missingLabels = map[string]bool{
	"don't know": true, "dont know": true, "do not know": true, "prefer not to say": true,
	"prefer not to answer": true, "refused": true, "not applicable": true, "n/a": true,
	"je ne sais pas": true, "préfère ne pas répondre": true, "je préfère ne pas répondre": true,
}

// Infer builds an instrument from an export: one question per column that
// is not platform metadata (see IsMeta), named by the header (the last
// segment of a Kobo/ODK group/question name; q1, q2 ... for Google Forms,
// whose headers are question texts) with the question text where the
// shape has one. Each question's type is guessed from its values:
//
//   - every value a date: date;
//   - every value a whole number from 0 to 10, at most 11 distinct: rating,
//     with every point from the lowest to the highest value seen;
//   - any other numbers: numeric;
//   - every value a label of a known scale (KnownScales): likert;
//   - cells joined by the shape's separator whose parts are few: multiple;
//   - at most 12 distinct values: single, options in order of first sight;
//   - otherwise open text.
//
// Values such as "Don't know" and "Prefer not to say" become missing
// values. LimeSurvey's q[SQ001] columns holding only Y or blank, and
// Kobo's group/q/option columns holding only 0/1 without a group/q
// column, become one multiple-choice question. Infer is a first draft to
// edit (Instrument.WriteYAML), not a verdict.
func Infer(g *Grid, shape Shape, name string) (*Instrument, error) {
	if shape == "" {
		shape = DetectShape(g)
	}
	h := g.firstRow()
	cols := g.columns(h, shape)
	in := &Instrument{Name: name}
	// Each column's distinct values, counted, in parallel: the guesses
	// depend on which values occur and how many answers there are, not on
	// every cell, so a column of 100,000 ratings is judged on its 5 values.
	tallies := tallyColumns(g, cols, h+shape.headerRows())
	names := map[string]bool{}
	for _, c := range cols {
		names[strings.ToLower(c.name)] = true
	}
	type multi struct {
		at   int
		opts []Option
	}
	multis := map[string]*multi{}
	n := 0
	for ci, c := range cols {
		if IsMeta(c.name) {
			continue
		}
		vals := tallies[ci]
		// Option columns of a multiple choice.
		if parts := splitOption(c.name); len(parts) > 0 && flagsOnly(vals.values) {
			base, opt := parts[0][0], parts[0][1]
			isOpt := (shape == LimeSurvey && limeRe.MatchString(c.name)) ||
				(shape == Kobo && strings.Count(c.name, "/") >= 1 && !names[strings.ToLower(base)] && strings.Contains(c.name, "/"))
			if shape == Kobo && names[strings.ToLower(base)] {
				continue // covered by the group/question column
			}
			if isOpt {
				id := base
				if shape == Kobo {
					id = lastSegment(base)
				}
				m, ok := multis[id]
				if !ok {
					m = &multi{at: len(in.Questions)}
					multis[id] = m
					in.Questions = append(in.Questions, Question{ID: id, Type: Multiple})
				}
				m.opts = append(m.opts, Option{Code: opt, Label: opt})
				continue
			}
		}
		n++
		q := Question{ID: c.name, Text: c.text}
		switch shape {
		case GoogleForms:
			q.ID = "q" + strconv.Itoa(n)
		case Kobo:
			q.ID = lastSegment(c.name)
		}
		q.ID = safeID(q.ID, n)
		guessType(&q, vals, shape)
		in.Questions = append(in.Questions, q)
	}
	for _, m := range multis {
		in.Questions[m.at].Options = m.opts
	}
	// Unique ids.
	seen := map[string]int{}
	for i := range in.Questions {
		k := strings.ToLower(in.Questions[i].ID)
		seen[k]++
		if seen[k] > 1 {
			in.Questions[i].ID += "_" + strconv.Itoa(seen[k])
		}
	}
	if len(in.Questions) == 0 {
		return nil, fmt.Errorf("%s: no column looks like a question", g.Name)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("%s: the inferred instrument is not valid (%w); write one by hand", g.Name, err)
	}
	return in, nil
}

// safeID makes a header usable as a question id.
func safeID(s string, n int) string {
	if idRe.MatchString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	out := strings.Trim(b.String(), "_")
	if len(out) > 40 {
		out = strings.Trim(out[:40], "_")
	}
	if out == "" {
		return "q" + strconv.Itoa(n)
	}
	return out
}

func flagsOnly(vals []string) bool {
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		switch strings.ToLower(v) {
		case "y", "n", "0", "1", "yes", "no", "true", "false":
		default:
			return false
		}
	}
	return true
}

// tallyColumns tallies the cells of the columns that are not platform
// metadata from row first on. Rows are read in order, all columns at once
// (a grid is stored row by row), in runs of rows on as many goroutines as
// there are processors; the runs' tallies are merged in row order, so that
// values keep their order of first sight.
func tallyColumns(g *Grid, cols []column, first int) []cellTally {
	var idx []int // grid column of each tallied column
	var at []int  // its index in cols
	for ci, c := range cols {
		if !IsMeta(c.name) {
			idx, at = append(idx, c.idx), append(at, ci)
		}
	}
	n := max(len(g.Rows)-first, 0)
	runs := max(1, min(runtime.GOMAXPROCS(0), n/tallyRun))
	parts := make([][]cellTally, runs)
	var wg sync.WaitGroup
	for k := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[k] = tallyRows(g, idx, first+k*n/runs, first+(k+1)*n/runs)
		}()
	}
	wg.Wait()
	out := make([]cellTally, len(cols))
	for j, ci := range at {
		t := parts[0][j]
		for _, p := range parts[1:] {
			t.merge(p[j])
		}
		out[ci] = t
	}
	return out
}

// tallyRun is the fewest rows worth a goroutine of their own.
const tallyRun = 4096

// tallyRows tallies grid columns idx over rows lo to hi.
func tallyRows(g *Grid, idx []int, lo, hi int) []cellTally {
	out := make([]cellTally, len(idx))
	for r := lo; r < hi; r++ {
		row := g.Rows[r]
		for j, c := range idx {
			if c < len(row) {
				out[j].add(row[c])
			}
		}
	}
	return out
}

// cellTally is a column's distinct non-blank values (trimmed), in order of
// first sight, with how many cells hold each.
type cellTally struct {
	values []string
	counts []int
	// at finds a value once there are more than smallTally of them: a
	// closed question has a handful, and comparing with each is cheaper
	// than hashing.
	at map[string]int
}

const smallTally = 16

// add counts one cell.
func (t *cellTally) add(cell string) {
	v := strings.TrimSpace(cell)
	if v == "" {
		return
	}
	t.addN(v, 1)
}

func (t *cellTally) addN(v string, n int) {
	i := -1
	if t.at == nil {
		for j, x := range t.values {
			if x == v {
				i = j
				break
			}
		}
	} else if j, ok := t.at[v]; ok {
		i = j
	}
	if i < 0 {
		i = len(t.values)
		t.values = append(t.values, v)
		t.counts = append(t.counts, 0)
		if t.at != nil {
			t.at[v] = i
		} else if len(t.values) > smallTally {
			t.at = make(map[string]int, 2*len(t.values))
			for j, x := range t.values {
				t.at[x] = j
			}
		}
	}
	t.counts[i] += n
}

// merge adds the tally of the rows after t's.
func (t *cellTally) merge(o cellTally) {
	for i, v := range o.values {
		t.addN(v, o.counts[i])
	}
}

func guessType(q *Question, vals cellTally, shape Shape) {
	if len(vals.values) == 0 {
		q.Type = Text
		return
	}
	var opts []Option
	var missing []Option
	distinct := map[string]bool{}
	for _, v := range vals.values {
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
	// answers are the distinct values that are not missing; total counts
	// the cells holding them.
	answers := make([]string, 0, len(vals.values))
	total := 0
	for i, v := range vals.values {
		if !missingLabels[fold(v)] {
			answers = append(answers, v)
			total += vals.counts[i]
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
				total -= vals.count(v)
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
	if len(opts) <= 12 && len(opts) < total {
		q.Type = Single
		q.Options = opts
		return
	}
	q.Type = Text
	q.Missing = nil
}

// count is how many cells hold v.
func (t cellTally) count(v string) int {
	for i, x := range t.values {
		if x == v {
			return t.counts[i]
		}
	}
	return 0
}

func sortedScaleNames() []string {
	out := make([]string, 0, len(KnownScales))
	for k := range KnownScales {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func subsetOf(opts []Option, pts []string) bool {
	set := map[string]bool{}
	for _, p := range pts {
		set[fold(p)] = true
	}
	for _, o := range opts {
		if !set[fold(o.Label)] {
			return false
		}
	}
	return true
}

// splitTokens splits cells on the shape's multiple-choice separator and
// reports the distinct parts as options when the cells look like multiple
// choices: some cell holds a separator, there are at most 15 distinct parts,
// and fewer parts than distinct cells.
func splitTokens(vals []string, shape Shape) ([]Option, bool) {
	sep := shape.separators()[0]
	joined := 0
	distinctCells := map[string]bool{}
	var tokens []Option
	seen := map[string]bool{}
	for _, v := range vals {
		distinctCells[fold(v)] = true
		parts := strings.Split(v, strings.TrimRight(sep, " "))
		if sep == " " {
			parts = strings.Fields(v)
		}
		if len(parts) > 1 {
			joined++
		}
		for _, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" || seen[fold(p)] {
				continue
			}
			seen[fold(p)] = true
			tokens = append(tokens, Option{Code: p, Label: p})
			if len(tokens) > 15 {
				return nil, false
			}
		}
	}
	if joined == 0 || len(tokens) >= len(distinctCells) {
		return nil, false
	}
	for _, t := range tokens {
		if strings.Contains(t.Code, ";") {
			return nil, false
		}
	}
	return tokens, true
}

// numericMissing are codes surveys use for missing numeric answers.
var numericMissing = map[float64]bool{-99: true, -9: true, 97: true, 98: true, 99: true, 999: true}

type numInfo struct{ small bool }

// numericCodes reports, for cells that are all whole numbers, whether the
// ones that are not missing codes lie within 0-10 (a scale with numeric
// missing codes beside it); nil when some cell is not a whole number.
func numericCodes(vals []string) *numInfo {
	info := &numInfo{small: true}
	seen := false
	for _, v := range vals {
		f, ok := parseNumber(v)
		if !ok || f != math.Trunc(f) {
			return nil
		}
		if numericMissing[f] {
			continue
		}
		seen = true
		if f < 0 || f > 10 {
			info.small = false
		}
	}
	if !seen {
		info.small = false
	}
	return info
}

func hasCode(list []Option, code string) bool {
	for _, o := range list {
		if o.Code == code {
			return true
		}
	}
	return false
}
