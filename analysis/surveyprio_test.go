package analysis_test

import (
	"math"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// TestSurveyPriorityByHand maps two questions to "Code a" and one to
// "Code c" of the tiny fixture and checks the needs table's survey priority:
// the mean of the mapped questions' mean ratings.
func TestSurveyPriorityByHand(t *testing.T) {
	d := tiny()
	in, err := survey.ParseInstrument("s.yaml", []byte(`
name: s
scales:
  p5: ["1", "2", "3", "4", "5"]
missing: [{code: "98", label: "Don't know"}]
questions:
  - {id: qa1, type: likert, scale: p5}
  - {id: qa2, type: likert, scale: p5}
  - {id: qc, type: rating, options: ["0", "5", "10"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	// qa1: 5, 4, 98 (missing) -> mean 4.5; qa2: 2, 2, 2 -> mean 2;
	// Code a: (4.5 + 2) / 2 = 3.25. qc on 0/5/10: 10, 0, blank -> 5.
	sd := survey.NewData(in, []survey.Response{
		{Ref: "r1", Values: []string{"5", "2", "10"}},
		{Ref: "r2", Values: []string{"4", "2", "0"}},
		{Ref: "r3", Values: []string{"98", "2", ""}},
	})
	var codeA, codeC int64
	for _, c := range d.Codes {
		switch c.Name {
		case "Code a":
			codeA = c.ID
		case "Code c":
			codeC = c.ID
		}
	}
	sd.Codes = map[string][]int64{"qa1": {codeA}, "qa2": {codeA}, "qc": {codeC}}
	d.Surveys = []*survey.Data{sd}
	a := newAnalysis(t, d, analysis.Options{})
	tb := a.Needs()
	want(t, tb, row(t, tb, "need", "Theme one/Code a"), "survey_priority", 3.25)
	want(t, tb, row(t, tb, "need", "Theme two/Code c"), "survey_priority", 5.0)
	if v := tb.Cell(row(t, tb, "need", "Theme one/Code b"), col(t, tb, "survey_priority")).Float; !math.IsNaN(v) {
		t.Errorf("unmapped Code b has survey priority %v", v)
	}
	note := strings.Join(tb.Notes, " ")
	if !strings.Contains(note, "s qa1 (1-5, n=2); s qa2 (1-5, n=3); s qc (0-10, n=2)") {
		t.Errorf("notes: %s", note)
	}
	// Without a map, or without a survey, the column is empty and says why.
	d.Surveys[0].Codes = nil
	if n := strings.Join(newAnalysis(t, d, analysis.Options{}).Needs().Notes, " "); !strings.Contains(n, "no survey question is mapped") {
		t.Errorf("notes without maps: %s", n)
	}
}
