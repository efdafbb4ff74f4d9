package survey_test

import (
	"fmt"

	"github.com/fieldwork-qda/fieldwork/survey"
)

// Pearson's chi-square test of party identification by gender (Agresti,
// An Introduction to Categorical Data Analysis, Table 2.5).
func ExampleChiSquare() {
	t, err := survey.ChiSquare([][]float64{
		{762, 327, 468}, // women: Democrat, Independent, Republican
		{484, 239, 477}, // men
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("X² = %.2f, df = %d, p = %.1e, Cramér's V = %.3f\n", t.Statistic, t.DF, t.P, t.CramersV)
	fmt.Printf("warning: %q\n", t.Warning())
	// Output:
	// X² = 30.07, df = 2, p = 3.0e-07, Cramér's V = 0.104
	// warning: ""
}

// A Likert item's summary: "Don't know" is missing, not an answer.
func ExampleSummarize() {
	in, _ := survey.ParseInstrument("example.yaml", []byte(`
name: example
scales:
  agree5: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
missing: [{code: "98", label: "Don't know"}]
questions:
  - {id: safe, text: I feel safe online., type: likert, scale: agree5}
`))
	var rows []survey.Response
	for i, v := range []string{"Agree", "Strongly agree", "Neutral", "Disagree", "Agree", "98", ""} {
		p := survey.NewParser(in.Question("safe"))
		c, _ := p.Parse(v)
		rows = append(rows, survey.Response{Ref: fmt.Sprint(i + 1), Values: []string{c}})
	}
	s, _ := survey.Summarize(survey.NewData(in, rows), survey.SummaryOptions{})
	q := s.Questions[0]
	fmt.Printf("n %.0f of %.0f, missing %.0f\n", q.N, q.Respondents, q.Missing)
	for _, o := range q.Options {
		fmt.Printf("%-17s %.0f %4.0f%%\n", o.Label, o.Count, 100*o.Percent)
	}
	fmt.Printf("mean %.2f, median %.0f, top-two-box %.0f%%\n", q.Mean, q.Median, 100*q.TopTwo)
	// Output:
	// n 5 of 7, missing 2
	// Strongly disagree 0    0%
	// Disagree          1   20%
	// Neutral           1   20%
	// Agree             2   40%
	// Strongly agree    1   20%
	// mean 3.60, median 4, top-two-box 60%
}

// Cells are validated and made canonical: codes or labels, any case; a
// multiple choice split on the export's separator, longest label first.
func ExampleParser() {
	in, _ := survey.ParseInstrument("example.yaml", []byte(`
name: example
questions:
  - id: help
    type: multiple
    options: [{code: legal, label: "Legal aid, housing"}, {code: jobs, label: Jobs}]
`))
	p := survey.NewParser(in.Question("help"), ", ")
	v, _ := p.Parse("Jobs, legal aid, housing")
	fmt.Println(v)
	_, err := p.Parse("Jobs, dance")
	fmt.Println(err)
	// Output:
	// legal;jobs
	// question help: "Jobs, dance" holds "dance", which is not an option; allowed: any of legal Legal aid, housing, jobs Jobs
}
