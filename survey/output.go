package survey

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// Num is a number that is null in JSON when NaN (a figure with no answer).
type Num float64

// MarshalJSON writes NaN and infinities as null, other values rounded to
// six decimals so that output is stable.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(FormatFloat(f)), nil
}

// FormatFloat writes f rounded to six decimals without trailing zeros, ""
// for NaN.
func FormatFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	r := math.Round(f*1e6) / 1e6
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// FrequencyJSON is one row of a frequency table in JSON.
type FrequencyJSON struct {
	Code       string `json:"code"`
	Label      string `json:"label"`
	Count      Num    `json:"count"`
	Unweighted int    `json:"count_unweighted"`
	Percent    Num    `json:"percent"`
}

// ChiSquareJSON is a chi-square test in JSON.
type ChiSquareJSON struct {
	Statistic   Num    `json:"statistic"`
	DF          int    `json:"df"`
	P           Num    `json:"p"`
	CramersV    Num    `json:"cramers_v"`
	N           Num    `json:"n"`
	MinExpected Num    `json:"min_expected"`
	SmallCells  int    `json:"small_cells"`
	Cells       int    `json:"cells"`
	Warning     string `json:"warning"`
}

// CrosstabJSON is a crosstab in JSON.
type CrosstabJSON struct {
	By      string         `json:"by"`
	Columns []CrossColJSON `json:"columns"`
	Rows    []CrossRowJSON `json:"rows"`
	Means   []Num          `json:"means"`
	Test    *ChiSquareJSON `json:"chi_square"`
	Note    string         `json:"note"`
}

// CrossColJSON is a crosstab column: its value and n.
type CrossColJSON struct {
	Value string `json:"value"`
	N     Num    `json:"n"`
}

// CrossRowJSON is an option across a crosstab's columns.
type CrossRowJSON struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	Counts []Num  `json:"counts"`
	Shares []Num  `json:"shares"`
}

// QuestionJSON is a question's summary in JSON (`survey summary --json`).
type QuestionJSON struct {
	Survey            string          `json:"survey"`
	Question          string          `json:"question"`
	Text              string          `json:"text"`
	Type              string          `json:"type"`
	Scale             string          `json:"scale"`
	Weight            string          `json:"weight"`
	Respondents       Num             `json:"respondents"`
	N                 Num             `json:"n"`
	Missing           Num             `json:"missing"`
	NUnweighted       int             `json:"n_unweighted"`
	MissingUnweighted int             `json:"missing_unweighted"`
	Options           []FrequencyJSON `json:"options"`
	MissingValues     []FrequencyJSON `json:"missing_values"`
	Mean              Num             `json:"mean"`
	Median            Num             `json:"median"`
	Min               Num             `json:"min"`
	Max               Num             `json:"max"`
	TopTwoBox         Num             `json:"top_two_box"`
	BottomTwoBox      Num             `json:"bottom_two_box"`
	Crosstab          *CrosstabJSON   `json:"crosstab"`
}

func nums(fs []float64) []Num {
	out := make([]Num, len(fs))
	for i, f := range fs {
		out[i] = Num(f)
	}
	return out
}

func freqJSON(list []Frequency) []FrequencyJSON {
	out := make([]FrequencyJSON, 0, len(list))
	for _, f := range list {
		out = append(out, FrequencyJSON{Code: f.Code, Label: f.Label, Count: Num(f.Count), Unweighted: f.Unweighted, Percent: Num(f.Percent)})
	}
	return out
}

// JSON turns a summary into the rows of `survey summary --json`: one
// object per question, with stable snake_case keys.
func (s *Summary) JSON() []QuestionJSON {
	out := make([]QuestionJSON, 0, len(s.Questions))
	for _, q := range s.Questions {
		j := QuestionJSON{Survey: s.Survey, Question: q.ID, Text: q.Text, Type: string(q.Type), Scale: q.Scale, Weight: s.Weight,
			Respondents: Num(q.Respondents), N: Num(q.N), Missing: Num(q.Missing), NUnweighted: q.NUnweighted, MissingUnweighted: q.MissingUnweighted,
			Options: freqJSON(q.Options), MissingValues: freqJSON(q.MissingRows), Mean: Num(q.Mean), Median: Num(q.Median),
			Min: Num(q.Min), Max: Num(q.Max), TopTwoBox: Num(q.TopTwo), BottomTwoBox: Num(q.BottomTwo)}
		if ct := q.Crosstab; ct != nil {
			cj := &CrosstabJSON{By: ct.By, Means: nums(ct.Means), Note: ct.Note, Columns: []CrossColJSON{}, Rows: []CrossRowJSON{}}
			for i, c := range ct.Columns {
				cj.Columns = append(cj.Columns, CrossColJSON{Value: c, N: Num(ct.ColumnN[i])})
			}
			for _, r := range ct.Rows {
				cj.Rows = append(cj.Rows, CrossRowJSON{Code: r.Code, Label: r.Label, Counts: nums(r.Counts), Shares: nums(r.Shares)})
			}
			if t := ct.Test; t != nil {
				cj.Test = &ChiSquareJSON{Statistic: Num(t.Statistic), DF: t.DF, P: Num(t.P), CramersV: Num(t.CramersV), N: Num(t.N),
					MinExpected: Num(t.MinExpected), SmallCells: t.SmallCells, Cells: t.Cells, Warning: t.Warning()}
			}
			j.Crosstab = cj
		}
		out = append(out, j)
	}
	return out
}

// CSVHeader is the header of `survey summary --csv`.
var CSVHeader = []string{"survey", "question", "type", "weight", "by", "by_value", "row", "code", "label", "count", "count_unweighted", "percent", "n", "value"}

// WriteCSV writes the summary as tidy CSV, one row per figure:
//
//	row=option     an option's count and percent of n (the valid answers; of
//	               the column's, with by and by_value, in a crosstab)
//	row=missing    a declared missing value or "(no answer)", percent of respondents
//	row=statistic  label names it (mean, median, min, max, top_two_box,
//	               bottom_two_box, chi_square, df, p, cramers_v, min_expected,
//	               small_cells), value holds it
func (s *Summary) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	f := FormatFloat
	for _, q := range s.Questions {
		base := []string{s.Survey, q.ID, string(q.Type), s.Weight}
		row := func(by, byValue, kind, code, label, count, unw, pct, n, value string) {
			cw.Write(inert.CSVRecord(append(append([]string(nil), base...), by, byValue, kind, code, label, count, unw, pct, n, value)))
		}
		for _, o := range q.Options {
			row("", "", "option", o.Code, o.Label, f(o.Count), strconv.Itoa(o.Unweighted), f(o.Percent), f(q.N), "")
		}
		for _, o := range q.MissingRows {
			row("", "", "missing", o.Code, o.Label, f(o.Count), strconv.Itoa(o.Unweighted), f(o.Percent), f(q.Respondents), "")
		}
		stats := [][2]any{{"mean", q.Mean}, {"median", q.Median}, {"min", q.Min}, {"max", q.Max}, {"top_two_box", q.TopTwo}, {"bottom_two_box", q.BottomTwo}}
		for _, st := range stats {
			if v := st[1].(float64); !math.IsNaN(v) {
				row("", "", "statistic", "", st[0].(string), "", "", "", f(q.N), f(v))
			}
		}
		if ct := q.Crosstab; ct != nil {
			for _, r := range ct.Rows {
				for j, c := range ct.Columns {
					row(ct.By, c, "option", r.Code, r.Label, f(r.Counts[j]), "", f(r.Shares[j]), f(ct.ColumnN[j]), "")
				}
			}
			for j, c := range ct.Columns {
				if j < len(ct.Means) && !math.IsNaN(ct.Means[j]) {
					row(ct.By, c, "statistic", "", "mean", "", "", "", f(ct.ColumnN[j]), f(ct.Means[j]))
				}
			}
			if t := ct.Test; t != nil {
				for _, st := range [][2]any{{"chi_square", t.Statistic}, {"df", float64(t.DF)}, {"p", t.P}, {"cramers_v", t.CramersV},
					{"min_expected", t.MinExpected}, {"small_cells", float64(t.SmallCells)}} {
					row(ct.By, "", "statistic", "", st[0].(string), "", "", "", f(t.N), f(st[1].(float64)))
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
