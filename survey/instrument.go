// Package survey holds survey instruments and their responses: the
// questions and their answer options, the readers of survey-platform
// exports (CSV and XLSX; plain, Qualtrics, LimeSurvey, KoboToolbox/ODK and
// Google Forms shapes), validation of every answer against the instrument,
// and the statistics of a survey report: frequencies, multiple-choice
// shares, Likert summaries, and crosstabs with a chi-square test.
//
// Nothing here knows about SQL, the terminal UI or the command line; the
// store keeps instruments and responses in the project file.
//
// # Answers
//
// An answer is kept as a canonical string: the option code of a single
// choice, Likert or rating answer; the chosen codes joined by ";" in the
// instrument's order for a multiple choice; the number as written by
// strconv.FormatFloat for a numeric answer; YYYY-MM-DD for a date; the text
// of an open answer; or the code of a declared missing value ("don't
// know", "prefer not to say"). A blank cell is no answer and is kept as "".
package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Type is the kind of a question.
type Type string

// The question types.
const (
	// Single is a single-choice question: one option.
	Single Type = "single"
	// Multiple is a multiple-choice question: any number of options.
	Multiple Type = "multiple"
	// Likert is an agreement (or frequency, importance ...) item on a
	// named, ordered scale whose middle point, for an odd number of points,
	// is neutral.
	Likert Type = "likert"
	// Rating is a rating on a named, ordered scale (1-10, 0-5 stars ...).
	Rating Type = "rating"
	// Numeric is a number, optionally within [Min, Max].
	Numeric Type = "numeric"
	// Date is a calendar date, kept as YYYY-MM-DD.
	Date Type = "date"
	// Text is an open answer.
	Text Type = "text"
)

// Types lists every question type in a stable order.
var Types = []Type{Single, Multiple, Likert, Rating, Numeric, Date, Text}

// Scaled reports whether answers of t are points of an ordered scale with
// a mean and a median (Likert and rating).
func (t Type) Scaled() bool { return t == Likert || t == Rating }

// Closed reports whether answers of t are options of a list.
func (t Type) Closed() bool { return t == Single || t == Multiple || t.Scaled() }

// Option is one answer option: the code an export may carry and the label
// people read. A scale's options are its points, lowest first.
type Option struct {
	Code  string `json:"code" yaml:"code"`
	Label string `json:"label" yaml:"label"`
}

// Question is one question of an instrument.
type Question struct {
	// ID names the question in exports and commands (q1, age, needs_legal).
	ID   string `json:"id" yaml:"id"`
	Text string `json:"text,omitempty" yaml:"text,omitempty"`
	Type Type   `json:"type" yaml:"type"`
	// Scale names the ordered scale of a Likert or rating question; its
	// points are Options, lowest first.
	Scale   string   `json:"scale,omitempty" yaml:"scale,omitempty"`
	Options []Option `json:"options,omitempty" yaml:"options,omitempty"`
	// Missing are declared non-answers (don't know, prefer not to say):
	// counted as missing, never as valid answers.
	Missing []Option `json:"missing,omitempty" yaml:"missing,omitempty"`
	// Min and Max bound a numeric answer when set.
	Min *float64 `json:"min,omitempty" yaml:"min,omitempty"`
	Max *float64 `json:"max,omitempty" yaml:"max,omitempty"`
}

// Instrument is a questionnaire: a name and its questions in order.
type Instrument struct {
	Name      string     `json:"name" yaml:"name"`
	Questions []Question `json:"questions" yaml:"questions"`

	index map[string]int
}

// optionList accepts options written as {code, label} objects, as plain
// strings (the label, which is also the code), or as a map of code to label.
type optionList []Option

func (l *optionList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.SequenceNode:
		out := make(optionList, 0, len(n.Content))
		for _, c := range n.Content {
			switch c.Kind {
			case yaml.ScalarNode:
				out = append(out, Option{Code: c.Value, Label: c.Value})
			case yaml.MappingNode:
				var o Option
				if err := c.Decode(&o); err != nil {
					return err
				}
				if o.Label == "" {
					o.Label = o.Code
				}
				if o.Code == "" {
					o.Code = o.Label
				}
				out = append(out, o)
			default:
				return fmt.Errorf("line %d: an option is a code and a label, or a label", c.Line)
			}
		}
		*l = out
	case yaml.MappingNode:
		out := make(optionList, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, Option{Code: n.Content[i].Value, Label: n.Content[i+1].Value})
		}
		*l = out
	default:
		return fmt.Errorf("line %d: options are a list", n.Line)
	}
	return nil
}

// rawFile mirrors file with option lists that accept every spelling.
type rawFile struct {
	Name      string                `yaml:"name"`
	Scales    map[string]optionList `yaml:"scales"`
	Missing   optionList            `yaml:"missing"`
	Questions []rawQuestion         `yaml:"questions"`
}

type rawQuestion struct {
	ID        string     `yaml:"id"`
	Text      string     `yaml:"text"`
	Type      string     `yaml:"type"`
	Scale     string     `yaml:"scale"`
	Options   optionList `yaml:"options"`
	Missing   optionList `yaml:"missing"`
	NoMissing bool       `yaml:"no_missing"`
	Min       *float64   `yaml:"min"`
	Max       *float64   `yaml:"max"`
	line      int
}

var idRe = regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_.\-\[\]/]*$`)

// ParseInstrument reads an instrument file, YAML or JSON (JSON is YAML):
//
//	name: community-needs-2026
//	scales:                      # named, ordered scales, lowest point first
//	  priority5: [{code: "1", label: Not a priority}, ..., {code: "5", label: Top priority}]
//	missing:                     # shared by every closed question
//	  - {code: "98", label: Don't know}
//	questions:
//	  - {id: q1, text: In which city do you live?, type: single, options: [Montreal, Ottawa, Toronto]}
//	  - {id: q5, text: Legal help with immigration, type: likert, scale: priority5}
//	  - {id: age, type: numeric, min: 16, max: 100}
//
// Types are single, multiple, likert, rating, numeric, date and text. An
// option written as a plain string is its own code. The shared missing
// values apply to every closed question unless it says no_missing: true or
// lists its own. name is the file's name, used in messages (with the line
// of the mistake).
func ParseInstrument(name string, data []byte) (*Instrument, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("instrument %s: empty file", name)
	}
	var raw rawFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("instrument %s: %w", name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("instrument %s: %w", name, err)
	}
	// Find each question's line for messages.
	if len(root.Content) == 1 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "questions" && m.Content[i+1].Kind == yaml.SequenceNode {
				for j, q := range m.Content[i+1].Content {
					if j < len(raw.Questions) {
						raw.Questions[j].line = q.Line
					}
				}
			}
		}
	}
	in := &Instrument{Name: strings.TrimSpace(raw.Name)}
	for _, rq := range raw.Questions {
		q := Question{ID: strings.TrimSpace(rq.ID), Text: strings.TrimSpace(rq.Text), Type: Type(strings.ToLower(strings.TrimSpace(rq.Type))),
			Scale: strings.TrimSpace(rq.Scale), Options: []Option(rq.Options), Missing: []Option(rq.Missing), Min: rq.Min, Max: rq.Max}
		if q.Type.Scaled() && len(q.Options) == 0 && q.Scale != "" {
			pts, ok := raw.Scales[q.Scale]
			if !ok {
				return nil, fmt.Errorf("instrument %s line %d: question %q uses scale %q, which is not defined under scales", name, rq.line, q.ID, q.Scale)
			}
			q.Options = append([]Option(nil), pts...)
		}
		if q.Missing == nil && !rq.NoMissing && q.Type != Text && len(raw.Missing) > 0 {
			q.Missing = append([]Option(nil), raw.Missing...)
		}
		in.Questions = append(in.Questions, q)
		if err := q.validate(); err != nil {
			return nil, fmt.Errorf("instrument %s line %d: %w", name, rq.line, err)
		}
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("instrument %s: %w", name, err)
	}
	return in, nil
}

// Validate checks the instrument: a name, at least one question, unique
// question ids, and every question well formed (see Question.Validate).
func (in *Instrument) Validate() error {
	if in.Name == "" {
		return errors.New("the instrument has no name (name: ...)")
	}
	if len(in.Questions) == 0 {
		return errors.New("the instrument has no questions")
	}
	if i := ControlIndex(in.Name); i >= 0 {
		return fmt.Errorf("the instrument's name holds a control character")
	}
	seen := map[string]bool{}
	for i := range in.Questions {
		q := &in.Questions[i]
		if err := q.validate(); err != nil {
			return err
		}
		if err := q.checkControls(); err != nil {
			return err
		}
		k := strings.ToLower(q.ID)
		if seen[k] {
			return fmt.Errorf("question %q appears twice", q.ID)
		}
		seen[k] = true
	}
	in.index = nil
	return nil
}

// checkControls refuses terminal control characters in what the question
// shows: its text and its options' labels reach the terminal and reports.
func (q *Question) checkControls() error {
	fields := []string{q.Text}
	for _, o := range q.Options {
		fields = append(fields, o.Code, o.Label)
	}
	for _, f := range fields {
		if i := ControlIndex(f); i >= 0 {
			return fmt.Errorf("question %q: %q holds the control character %U", q.ID, clip(f, 60), []rune(f[i:])[0])
		}
	}
	return nil
}

// Validate checks one question: an id, a known type, options for closed
// types (unique codes and labels, no ";" in a code), a scale of at least
// two points for Likert and rating, missing codes distinct from option
// codes, and Min <= Max.
func (q *Question) Validate() error { return q.validate() }

func (q *Question) validate() error {
	if q.ID == "" {
		return errors.New("a question has no id")
	}
	if !idRe.MatchString(q.ID) {
		return fmt.Errorf("question id %q: use letters, digits and _ . - [ ] /", q.ID)
	}
	known := false
	for _, t := range Types {
		known = known || q.Type == t
	}
	if !known {
		return fmt.Errorf("question %q: type %q is not one of %s", q.ID, q.Type, typeList())
	}
	if q.Type.Closed() {
		min := 1
		if q.Type.Scaled() {
			min = 2
		}
		if len(q.Options) < min {
			if q.Type.Scaled() {
				return fmt.Errorf("question %q: a %s question needs a scale of at least 2 points (scale: NAME, defined under scales, or options:)", q.ID, q.Type)
			}
			return fmt.Errorf("question %q: a %s question needs options", q.ID, q.Type)
		}
		if q.Type.Scaled() && q.Scale == "" {
			q.Scale = q.ID
		}
	} else if len(q.Options) > 0 {
		return fmt.Errorf("question %q: a %s question has no options", q.ID, q.Type)
	}
	codes, labels := map[string]bool{}, map[string]bool{}
	check := func(what string, list []Option) error {
		for _, o := range list {
			c := strings.TrimSpace(o.Code)
			if c == "" {
				return fmt.Errorf("question %q: an %s has no code", q.ID, what)
			}
			if c != o.Code || strings.Contains(c, ";") {
				return fmt.Errorf("question %q: %s code %q may not hold \";\" or surrounding spaces", q.ID, what, o.Code)
			}
			if codes[strings.ToLower(c)] {
				return fmt.Errorf("question %q: code %q appears twice (options and missing values need distinct codes)", q.ID, c)
			}
			codes[strings.ToLower(c)] = true
			l := strings.ToLower(strings.TrimSpace(o.Label))
			if l != "" && labels[l] {
				return fmt.Errorf("question %q: label %q appears twice", q.ID, o.Label)
			}
			labels[l] = true
		}
		return nil
	}
	if err := check("option", q.Options); err != nil {
		return err
	}
	if err := check("missing value", q.Missing); err != nil {
		return err
	}
	if q.Type != Numeric && (q.Min != nil || q.Max != nil) {
		return fmt.Errorf("question %q: min and max apply to numeric questions only", q.ID)
	}
	if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		return fmt.Errorf("question %q: min %v is above max %v", q.ID, *q.Min, *q.Max)
	}
	return nil
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// Question returns the question with id (case-insensitive), or nil.
func (in *Instrument) Question(id string) *Question {
	if i := in.QuestionIndex(id); i >= 0 {
		return &in.Questions[i]
	}
	return nil
}

// Clone is a copy of in that another goroutine may use while this one
// uses in: an Instrument caches its question index as it is used.
func (in *Instrument) Clone() *Instrument {
	c := *in
	c.Questions = slices.Clone(in.Questions)
	c.index = nil
	return &c
}

// QuestionIndex returns the position of the question with id
// (case-insensitive), or -1.
func (in *Instrument) QuestionIndex(id string) int {
	if in.index == nil || len(in.index) != len(in.Questions) {
		in.index = make(map[string]int, len(in.Questions))
		for i, q := range in.Questions {
			in.index[strings.ToLower(q.ID)] = i
		}
	}
	if i, ok := in.index[strings.ToLower(id)]; ok {
		return i
	}
	return -1
}

// WriteYAML writes the instrument in the file format ParseInstrument reads,
// each question's options written out in full, so that it can be edited.
func (in *Instrument) WriteYAML(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# A fieldwork survey instrument. Types: %s.\n", typeList())
	fmt.Fprintf(&b, "# Likert and rating options are the scale's points, lowest first; missing values\n")
	fmt.Fprintf(&b, "# (don't know, prefer not to say) never count as answers. Edit, then run\n")
	fmt.Fprintf(&b, "#   fieldwork survey instrument PROJECT THIS_FILE\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(struct {
		Name      string     `yaml:"name"`
		Questions []Question `yaml:"questions"`
	}{in.Name, in.Questions}); err != nil {
		return fmt.Errorf("write instrument %s: %w", in.Name, err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write instrument %s: %w", in.Name, err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteJSON writes the instrument as indented JSON (the same fields as the
// YAML form).
func (in *Instrument) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(in)
}

// Point is the value of a scale answer (see PointValues). It is NaN for a
// code that is not a point.
func (q *Question) Point(code string) float64 {
	vals := q.PointValues()
	for i, o := range q.Options {
		if o.Code == code {
			return vals[i]
		}
	}
	return math.NaN()
}

// PointValues are the values of a scale's points, lowest first: their codes
// when every code is a number in increasing order (a 0-10 rating, a Likert
// item coded 1-5), else their positions 1, 2, ... k.
func (q *Question) PointValues() []float64 {
	out := make([]float64, len(q.Options))
	numeric := true
	for i, o := range q.Options {
		f, err := strconv.ParseFloat(o.Code, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || (i > 0 && f <= out[i-1]) {
			numeric = false
			break
		}
		out[i] = f
	}
	if !numeric {
		for i := range out {
			out[i] = float64(i + 1)
		}
	}
	return out
}

// Range is a scale's lowest and highest point values, as "1-5" or "0-10".
func (q *Question) Range() string {
	v := q.PointValues()
	if len(v) == 0 {
		return ""
	}
	return formatNumber(v[0]) + "-" + formatNumber(v[len(v)-1])
}

// IsMissing reports whether a canonical answer is a declared missing value.
func (q *Question) IsMissing(v string) bool {
	for _, m := range q.Missing {
		if m.Code == v {
			return true
		}
	}
	return false
}

// Label is the label of an option or missing code, or the code itself.
func (q *Question) Label(code string) string {
	for _, o := range q.Options {
		if o.Code == code {
			return o.Label
		}
	}
	for _, o := range q.Missing {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

// Display is a canonical answer as people read it: labels for closed
// answers (a multiple choice's joined by "; "), the value otherwise.
func (q *Question) Display(v string) string {
	if v == "" {
		return ""
	}
	if q.IsMissing(v) {
		return q.Label(v)
	}
	switch {
	case q.Type == Multiple:
		parts := strings.Split(v, ";")
		for i, c := range parts {
			parts[i] = q.Label(c)
		}
		return strings.Join(parts, "; ")
	case q.Type.Closed():
		return q.Label(v)
	}
	return v
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
