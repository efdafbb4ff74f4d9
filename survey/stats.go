package survey

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquareTest is Pearson's chi-square test of independence of a table of
// counts.
type ChiSquareTest struct {
	// Statistic is X² = Σ (O − E)² / E over every cell, with the expected
	// count E = row total × column total / N.
	Statistic float64
	// DF is (rows − 1)(columns − 1), over the rows and columns whose total
	// is not zero.
	DF int
	// P is the probability of a statistic at least this large under
	// independence: the survival function of the chi-square distribution
	// with DF degrees of freedom (gonum's distuv.ChiSquared) at Statistic.
	P float64
	// CramersV is √(X² / (N · (min(rows, columns) − 1))), from 0 (no
	// association) to 1.
	CramersV float64
	// N is the table's total.
	N float64
	// MinExpected is the smallest expected count; SmallCells counts the
	// cells whose expected count is below 5, of Cells.
	MinExpected       float64
	SmallCells, Cells int
}

// Warning says when the test may mislead: when any expected count is below
// 5 (the usual rule of thumb for the chi-square approximation). It is ""
// otherwise.
func (t ChiSquareTest) Warning() string {
	if t.SmallCells == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d expected counts are below 5 (smallest %.2f): the p-value may be unreliable; merge categories or use an exact test",
		t.SmallCells, t.Cells, t.MinExpected)
}

// ErrTooSmall is returned by ChiSquare for a table with fewer than two
// non-empty rows or columns: there is nothing to test.
var ErrTooSmall = errors.New("a chi-square test needs at least two non-empty rows and two non-empty columns")

// ChiSquare tests the independence of rows and columns of a table of
// counts (weighted counts are allowed). Rows and columns whose total is 0
// are left out. Counts must be finite and not negative.
func ChiSquare(table [][]float64) (ChiSquareTest, error) {
	var t ChiSquareTest
	if len(table) == 0 {
		return t, ErrTooSmall
	}
	nc := len(table[0])
	rowT := make([]float64, len(table))
	colT := make([]float64, nc)
	for i, row := range table {
		if len(row) != nc {
			return t, fmt.Errorf("chi-square: row %d has %d cells, row 1 has %d", i+1, len(row), nc)
		}
		for j, x := range row {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return t, fmt.Errorf("chi-square: cell (%d, %d) is %v, not a count", i+1, j+1, x)
			}
			rowT[i] += x
			colT[j] += x
			t.N += x
		}
	}
	var rows, cols []int
	for i, x := range rowT {
		if x > 0 {
			rows = append(rows, i)
		}
	}
	for j, x := range colT {
		if x > 0 {
			cols = append(cols, j)
		}
	}
	if len(rows) < 2 || len(cols) < 2 {
		return t, ErrTooSmall
	}
	t.MinExpected = math.Inf(1)
	for _, i := range rows {
		for _, j := range cols {
			e := rowT[i] * colT[j] / t.N
			d := table[i][j] - e
			t.Statistic += d * d / e
			t.Cells++
			if e < 5 {
				t.SmallCells++
			}
			t.MinExpected = math.Min(t.MinExpected, e)
		}
	}
	t.DF = (len(rows) - 1) * (len(cols) - 1)
	t.P = distuv.ChiSquared{K: float64(t.DF)}.Survival(t.Statistic)
	t.CramersV = math.Sqrt(t.Statistic / (t.N * float64(min(len(rows), len(cols))-1)))
	return t, nil
}

// Frequency is one row of a question's frequency table.
type Frequency struct {
	Code, Label string
	// Missing marks a declared missing value, or "(no answer)" (Code "").
	Missing bool
	// Count is the weighted count (the plain count without weights);
	// Unweighted is always the plain count.
	Count      float64
	Unweighted int
	// Percent is, for an option, Count / N (the valid answers; for a
	// multiple choice, the respondents who chose at least one option, so
	// options may add up to more than 100%); for a missing row, Count /
	// Respondents.
	Percent float64
}

// Crosstab is a question's answers split by a variable.
type Crosstab struct {
	By      string
	Columns []string
	// ColumnN is the (weighted) number of valid answers in each column;
	// for a multiple choice, of respondents who answered.
	ColumnN []float64
	Rows    []CrossRow
	// Test is the chi-square test of the counts (nil for a multiple
	// choice, whose options are not exclusive, or a table too small to
	// test).
	Test *ChiSquareTest
	// Means are each column's mean scale point (Likert and rating).
	Means []float64
	// Note says why there is no test, when there is none.
	Note string
}

// CrossRow is one option across the columns of a crosstab.
type CrossRow struct {
	Code, Label string
	Counts      []float64
	// Shares are Counts / ColumnN (NaN for an empty column).
	Shares []float64
}

// QuestionSummary is the summary of one question.
type QuestionSummary struct {
	ID, Text string
	Type     Type
	Scale    string
	// Respondents is the (weighted) number of respondents; N of them gave
	// a valid answer, Missing gave none or a declared missing value.
	Respondents, N, Missing float64
	// NUnweighted and MissingUnweighted are the plain counts.
	NUnweighted, MissingUnweighted int
	// Options are the frequencies of closed questions' options, in the
	// instrument's order; MissingRows those of each declared missing value,
	// then "(no answer)".
	Options     []Frequency
	MissingRows []Frequency
	// Mean and Median are of scale points (Likert and rating; see
	// Question.PointValues) or of numbers (numeric); NaN otherwise or
	// without answers. Min and Max are of numbers.
	Mean, Median, Min, Max float64
	// TopTwo and BottomTwo are the shares of valid answers in the two
	// highest and two lowest points of a scale (NaN otherwise).
	TopTwo, BottomTwo float64
	Crosstab          *Crosstab
}

// Summary is the summary of a survey.
type Summary struct {
	Survey string
	// Respondents is the number of respondents counted (those with a
	// weight, when weighted).
	Respondents int
	// Weight names the weight question, "" when unweighted; Unweighted
	// counts the respondents left out for having no positive weight.
	Weight     string
	Unweighted int
	By         string
	Questions  []QuestionSummary
}

// SummaryOptions shape a summary.
type SummaryOptions struct {
	// Weight names a numeric question holding respondent weights (see
	// Data.Weights); "" for none.
	Weight string
	// By splits every closed question into a crosstab.
	By *By
	// Questions keeps only these question ids (all when empty).
	Questions []string
}

// Summarize computes the summary of every question (open-text questions
// only count answers).
//
// Rules, for a question answered by respondents r with weight w_r (1
// without weights, else scaled to average 1; see Data.Weights):
//
//	N          Σ w_r over valid answers (not blank, not a declared missing value)
//	Missing    Σ w_r over the rest
//	count(o)   Σ w_r over answers o (for a multiple choice: over answers holding o)
//	percent(o) count(o) / N
//	mean       Σ w_r x_r / N, x_r the answer's number, or its scale point: the
//	           point's code when every code of the scale is a number (a 0-10
//	           rating), else its position, 1 for the lowest (Question.PointValues)
//	median     the point where the cumulative weight first reaches N/2; when it
//	           reaches exactly N/2 at x, the midpoint of x and the next value
//	top-two    Σ w_r over the two highest points / N (bottom-two: the two lowest)
//
// A crosstab counts, per column of By, the same quantities over the
// respondents in that column; its chi-square test (ChiSquare) uses the
// weighted counts.
func Summarize(d *Data, opt SummaryOptions) (*Summary, error) {
	in := d.Instrument
	if len(d.Values) != len(in.Questions) {
		return nil, fmt.Errorf("survey %s: %d value columns for %d questions", in.Name, len(d.Values), len(in.Questions))
	}
	nr := len(d.Respondents)
	s := &Summary{Survey: in.Name, Respondents: nr}
	w := make([]float64, nr)
	for r := range w {
		w[r] = 1
	}
	if opt.Weight != "" {
		var err error
		if w, s.Unweighted, err = d.Weights(opt.Weight); err != nil {
			return nil, err
		}
		s.Weight = in.Question(opt.Weight).ID
		s.Respondents = nr - s.Unweighted
	}
	var cols []string
	colOf := make([]int, nr)
	if opt.By != nil {
		if len(opt.By.Values) != nr {
			return nil, fmt.Errorf("crosstab by %s: %d values for %d respondents", opt.By.Name, len(opt.By.Values), nr)
		}
		s.By = opt.By.Name
		cols = byColumns(opt.By)
		idx := map[string]int{}
		for i, c := range cols {
			idx[c] = i
		}
		for r, v := range opt.By.Values {
			colOf[r] = -1
			if v != "" {
				colOf[r] = idx[v]
			}
		}
	}
	keep := map[string]bool{}
	for _, id := range opt.Questions {
		if in.QuestionIndex(id) < 0 {
			return nil, fmt.Errorf("no question %q in survey %s", id, in.Name)
		}
		keep[in.Question(id).ID] = true
	}
	for qi := range in.Questions {
		q := &in.Questions[qi]
		if len(keep) > 0 && !keep[q.ID] {
			continue
		}
		if len(d.Values[qi]) != nr {
			return nil, fmt.Errorf("survey %s: question %s has %d values for %d respondents", in.Name, q.ID, len(d.Values[qi]), nr)
		}
		qs := summarizeQuestion(q, d.Values[qi], w)
		if opt.By != nil && q.Type.Closed() && !(opt.By.Name == q.ID) {
			qs.Crosstab = crosstab(q, d.Values[qi], w, opt.By.Name, cols, colOf)
		}
		s.Questions = append(s.Questions, qs)
	}
	return s, nil
}

func byColumns(b *By) []string {
	seen := map[string]bool{}
	present := map[string]bool{}
	for _, v := range b.Values {
		if v != "" {
			present[v] = true
		}
	}
	var out []string
	for _, v := range b.Order {
		if present[v] && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	var rest []string
	for v := range present {
		if !seen[v] {
			rest = append(rest, v)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// tally is the weighted counts of one question's answers.
type tally struct {
	opt     []float64 // per option
	optN    []int
	miss    []float64 // per declared missing value, then no answer
	missN   []int
	n       float64
	nN      int
	total   float64
	nums    []wv // numeric answers
	anyText int
}

type wv struct{ x, w float64 }

func count(q *Question, vals []string, w []float64, in func(r int) bool) *tally {
	t := &tally{opt: make([]float64, len(q.Options)), optN: make([]int, len(q.Options)),
		miss: make([]float64, len(q.Missing)+1), missN: make([]int, len(q.Missing)+1)}
	optIdx := make(map[string]int, len(q.Options)+len(q.Missing))
	for i, o := range q.Options {
		optIdx[o.Code] = i
	}
	missIdx := make(map[string]int, len(q.Missing))
	for i, o := range q.Missing {
		missIdx[o.Code] = i
	}
	for r, v := range vals {
		wr := w[r]
		if wr == 0 || (in != nil && !in(r)) {
			continue
		}
		t.total += wr
		if v == "" {
			t.miss[len(q.Missing)] += wr
			t.missN[len(q.Missing)]++
			continue
		}
		if i, ok := missIdx[v]; ok {
			t.miss[i] += wr
			t.missN[i]++
			continue
		}
		t.n += wr
		t.nN++
		switch q.Type {
		case Multiple:
			for _, c := range splitCodes(v) {
				if i, ok := optIdx[c]; ok {
					t.opt[i] += wr
					t.optN[i]++
				}
			}
		case Single, Likert, Rating:
			if i, ok := optIdx[v]; ok {
				t.opt[i] += wr
				t.optN[i]++
			}
		case Numeric:
			if f, ok := parseNumber(v); ok {
				t.nums = append(t.nums, wv{f, wr})
			}
		}
	}
	return t
}

func summarizeQuestion(q *Question, vals []string, w []float64) QuestionSummary {
	t := count(q, vals, w, nil)
	qs := QuestionSummary{ID: q.ID, Text: q.Text, Type: q.Type, Scale: q.Scale,
		Respondents: t.total, N: t.n, Missing: t.total - t.n, NUnweighted: t.nN,
		Mean: math.NaN(), Median: math.NaN(), Min: math.NaN(), Max: math.NaN(), TopTwo: math.NaN(), BottomTwo: math.NaN()}
	for i, c := range t.missN {
		qs.MissingUnweighted += c
		_ = i
	}
	if q.Type.Closed() {
		for i, o := range q.Options {
			qs.Options = append(qs.Options, Frequency{Code: o.Code, Label: o.Label, Count: t.opt[i], Unweighted: t.optN[i], Percent: ratio(t.opt[i], t.n)})
		}
	}
	for i, o := range q.Missing {
		qs.MissingRows = append(qs.MissingRows, Frequency{Code: o.Code, Label: o.Label, Missing: true, Count: t.miss[i], Unweighted: t.missN[i], Percent: ratio(t.miss[i], t.total)})
	}
	k := len(q.Missing)
	qs.MissingRows = append(qs.MissingRows, Frequency{Label: "(no answer)", Missing: true, Count: t.miss[k], Unweighted: t.missN[k], Percent: ratio(t.miss[k], t.total)})
	switch {
	case q.Type.Scaled():
		qs.Mean, qs.Median = scaleMeanMedian(q.PointValues(), t.opt, t.n)
		m := len(q.Options)
		if t.n > 0 && m >= 2 {
			qs.TopTwo = (t.opt[m-1] + t.opt[m-2]) / t.n
			qs.BottomTwo = (t.opt[0] + t.opt[1]) / t.n
		}
	case q.Type == Numeric:
		qs.Mean, qs.Median, qs.Min, qs.Max = numberStats(t.nums)
	}
	return qs
}

// ratio is a/b, NaN when b is 0: a share of nobody has no answer.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// scaleMeanMedian computes the mean and median scale point from weighted
// counts per point.
func scaleMeanMedian(points, counts []float64, n float64) (mean, median float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	vals := make([]wv, 0, len(counts))
	for i, c := range counts {
		if c > 0 {
			vals = append(vals, wv{points[i], c})
		}
	}
	mean, median, _, _ = numberStats(vals)
	return mean, median
}

// numberStats is the weighted mean, median (see Summarize), min and max.
func numberStats(vals []wv) (mean, median, lo, hi float64) {
	if len(vals) == 0 {
		return math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].x < vals[j].x })
	total, sum := 0.0, 0.0
	for _, v := range vals {
		total += v.w
		sum += v.w * v.x
	}
	mean = sum / total
	half := total / 2
	cum := 0.0
	median = math.NaN()
	const eps = 1e-9
	for i, v := range vals {
		cum += v.w
		if cum > half+eps*total {
			median = v.x
			break
		}
		if math.Abs(cum-half) <= eps*total {
			next := v.x
			for _, u := range vals[i+1:] {
				if u.w > 0 && u.x != v.x {
					next = u.x
					break
				}
			}
			median = (v.x + next) / 2
			break
		}
	}
	return mean, median, vals[0].x, vals[len(vals)-1].x
}

func crosstab(q *Question, vals []string, w []float64, by string, cols []string, colOf []int) *Crosstab {
	ct := &Crosstab{By: by, Columns: cols, ColumnN: make([]float64, len(cols))}
	tallies := make([]*tally, len(cols))
	for j := range cols {
		j := j
		tallies[j] = count(q, vals, w, func(r int) bool { return colOf[r] == j })
		ct.ColumnN[j] = tallies[j].n
	}
	counts := make([][]float64, len(q.Options))
	for i, o := range q.Options {
		row := CrossRow{Code: o.Code, Label: o.Label, Counts: make([]float64, len(cols)), Shares: make([]float64, len(cols))}
		for j := range cols {
			row.Counts[j] = tallies[j].opt[i]
			row.Shares[j] = ratio(row.Counts[j], ct.ColumnN[j])
		}
		counts[i] = row.Counts
		ct.Rows = append(ct.Rows, row)
	}
	if q.Type.Scaled() {
		for j := range cols {
			m, _ := scaleMeanMedian(q.PointValues(), tallies[j].opt, tallies[j].n)
			ct.Means = append(ct.Means, m)
		}
	}
	if q.Type == Multiple {
		ct.Note = "no chi-square test: the options of a multiple choice are not exclusive"
		return ct
	}
	test, err := ChiSquare(counts)
	if err != nil {
		ct.Note = "no chi-square test: " + err.Error()
		return ct
	}
	ct.Test = &test
	return ct
}
