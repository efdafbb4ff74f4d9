package survey_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/fieldwork-qda/fieldwork/survey"
)

// BenchmarkSummarize summarises 100,000 respondents x 60 questions (50
// Likert, 6 single choice, 4 multiple choice) with a crosstab of every
// closed question by a single-choice question, in memory. The import and
// load from a project file are measured by the store's
// BenchmarkSurveyImportSummarise.
func BenchmarkSummarize(b *testing.B) {
	in := &survey.Instrument{Name: "bench"}
	agree := []survey.Option{{Code: "1", Label: "1"}, {Code: "2", Label: "2"}, {Code: "3", Label: "3"}, {Code: "4", Label: "4"}, {Code: "5", Label: "5"}}
	for i := 0; i < 60; i++ {
		q := survey.Question{ID: fmt.Sprintf("q%02d", i), Type: survey.Likert, Scale: "agree5", Options: agree, Missing: []survey.Option{{Code: "98", Label: "Don't know"}}}
		switch i % 10 {
		case 1:
			q.Type, q.Scale, q.Options = survey.Single, "", []survey.Option{{Code: "a", Label: "A"}, {Code: "b", Label: "B"}, {Code: "c", Label: "C"}}
		case 2:
			q.Type, q.Scale, q.Options = survey.Multiple, "", []survey.Option{{Code: "x", Label: "X"}, {Code: "y", Label: "Y"}, {Code: "z", Label: "Z"}}
		}
		in.Questions = append(in.Questions, q)
	}
	r := rand.New(rand.NewPCG(3, 4))
	const n = 100_000
	resp := make([]survey.Response, n)
	for i := range resp {
		vals := make([]string, 60)
		for j, q := range in.Questions {
			switch q.Type {
			case survey.Single:
				vals[j] = []string{"a", "b", "c", ""}[r.IntN(4)]
			case survey.Multiple:
				vals[j] = []string{"x", "x;y", "z", "y;z"}[r.IntN(4)]
			default:
				vals[j] = []string{"1", "2", "3", "4", "5", "98", ""}[r.IntN(7)]
			}
		}
		resp[i] = survey.Response{Ref: fmt.Sprint(i), Values: vals}
	}
	d := survey.NewData(in, resp)
	by, err := d.ByQuestion("q01")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := survey.Summarize(d, survey.SummaryOptions{By: by}); err != nil {
			b.Fatal(err)
		}
	}
}
