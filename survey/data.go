package survey

import (
	"fmt"
	"math"
	"strings"
)

// Respondent is one person who answered a survey.
type Respondent struct {
	// Ref is the respondent id (from the export's id column, or R1, R2 ...).
	Ref string
	// Participant is the focus-group participant id the respondent is
	// linked to, "" when unlinked.
	Participant string
}

// Data is an instrument with its responses, question by question.
type Data struct {
	Instrument  *Instrument
	Respondents []Respondent
	// Values[q][r] is respondent r's canonical answer to question q of the
	// instrument ("" for no answer).
	Values [][]string
	// Codes maps a question id to the codebook codes (by id) it is mapped
	// to with `survey map`: the needs the question measures.
	Codes map[string][]int64
}

// NewData arranges validated responses question by question.
func NewData(in *Instrument, responses []Response) *Data {
	d := &Data{Instrument: in, Values: make([][]string, len(in.Questions))}
	for q := range d.Values {
		d.Values[q] = make([]string, len(responses))
	}
	for r, resp := range responses {
		d.Respondents = append(d.Respondents, Respondent{Ref: resp.Ref, Participant: resp.Participant})
		for q, v := range resp.Values {
			if q < len(d.Values) {
				d.Values[q][r] = v
			}
		}
	}
	return d
}

// Validate checks that Values has one column per question and one value
// per respondent, and that every value is a canonical answer its question
// allows.
func (d *Data) Validate() error {
	if d.Instrument == nil {
		return fmt.Errorf("survey data without an instrument")
	}
	if len(d.Values) != len(d.Instrument.Questions) {
		return fmt.Errorf("survey %s: %d value columns for %d questions", d.Instrument.Name, len(d.Values), len(d.Instrument.Questions))
	}
	for qi := range d.Instrument.Questions {
		q := &d.Instrument.Questions[qi]
		if len(d.Values[qi]) != len(d.Respondents) {
			return fmt.Errorf("survey %s: question %s has %d values for %d respondents", d.Instrument.Name, q.ID, len(d.Values[qi]), len(d.Respondents))
		}
		p := NewParser(q)
		for r, v := range d.Values[qi] {
			if v == "" {
				continue
			}
			c, err := p.Parse(v)
			if err != nil || c != v {
				return fmt.Errorf("survey %s: respondent %s, question %s: %q is not a canonical answer", d.Instrument.Name, d.Respondents[r].Ref, q.ID, v)
			}
		}
	}
	return nil
}

// Weights reads respondent weights from a numeric question: the weight of
// respondent r is its answer. Respondents without a positive answer get
// weight 0 (they leave every weighted figure); excluded counts them. The
// weights are then scaled so that they average 1 over the respondents who
// have one: weighted counts then add up to the number of weighted
// respondents, and a chi-square test on weighted counts keeps the sample
// size it would have unweighted.
func (d *Data) Weights(question string) (w []float64, excluded int, err error) {
	qi := d.Instrument.QuestionIndex(question)
	if qi < 0 {
		return nil, 0, fmt.Errorf("weight %q: no such question in survey %s", question, d.Instrument.Name)
	}
	q := &d.Instrument.Questions[qi]
	if q.Type != Numeric {
		return nil, 0, fmt.Errorf("weight %q: the question is %s, not numeric", question, q.Type)
	}
	w = make([]float64, len(d.Respondents))
	sum, n := 0.0, 0
	for r, v := range d.Values[qi] {
		f, ok := parseNumber(v)
		if !ok || q.IsMissing(v) || f <= 0 {
			excluded++
			continue
		}
		w[r] = f
		sum += f
		n++
	}
	if n == 0 {
		return nil, excluded, fmt.Errorf("weight %q: no respondent has a positive weight", question)
	}
	scale := float64(n) / sum
	for r := range w {
		w[r] *= scale
	}
	return w, excluded, nil
}

// By is a variable that splits respondents into groups for crosstabs: a
// value per respondent ("" leaves the respondent out of the crosstab) and
// the order of the values (values not listed follow, sorted).
type By struct {
	Name   string
	Values []string
	Order  []string
}

// ByQuestion splits respondents by their answer to a single-choice,
// Likert or rating question, labelled, in the options' order.
func (d *Data) ByQuestion(id string) (*By, error) {
	qi := d.Instrument.QuestionIndex(id)
	if qi < 0 {
		return nil, fmt.Errorf("no question %q in survey %s", id, d.Instrument.Name)
	}
	q := &d.Instrument.Questions[qi]
	if q.Type == Multiple || !q.Type.Closed() {
		return nil, fmt.Errorf("question %s is %s: crosstabs split by a single-choice, Likert or rating question", q.ID, q.Type)
	}
	b := &By{Name: q.ID, Values: make([]string, len(d.Respondents))}
	for _, o := range q.Options {
		b.Order = append(b.Order, o.Label)
	}
	for r, v := range d.Values[qi] {
		if v != "" && !q.IsMissing(v) {
			b.Values[r] = q.Label(v)
		}
	}
	return b, nil
}

// MeanRating is the unweighted mean scale point (see PointValues) of a
// Likert or rating question over its valid answers, with n, the number of
// valid answers; NaN when nobody answered or the question is not on a scale.
func (d *Data) MeanRating(id string) (mean float64, n int) {
	qi := d.Instrument.QuestionIndex(id)
	if qi < 0 || !d.Instrument.Questions[qi].Type.Scaled() {
		return math.NaN(), 0
	}
	q := &d.Instrument.Questions[qi]
	pos := make(map[string]float64, len(q.Options))
	vals := q.PointValues()
	for i, o := range q.Options {
		pos[o.Code] = vals[i]
	}
	sum := 0.0
	for _, v := range d.Values[qi] {
		if p, ok := pos[v]; ok {
			sum += p
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return sum / float64(n), n
}

// Points is the number of points on a question's scale (0 when it has none).
func (q *Question) Points() int {
	if !q.Type.Scaled() {
		return 0
	}
	return len(q.Options)
}

// splitCodes splits a canonical multiple-choice answer.
func splitCodes(v string) []string { return strings.Split(v, ";") }
