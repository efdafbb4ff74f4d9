package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// surveyOnly is a project with one survey and no transcript, codebook or
// coding.
func surveyOnly(t *testing.T) *analysis.Dataset {
	t.Helper()
	in, err := survey.ParseInstrument("tiny.yaml", []byte(`name: tiny
questions:
  - {id: city, text: "Where do you live?", type: single, options: [A, B]}
  - {id: safe, text: "I feel safe.", type: likert, options: [{code: "1", label: Disagree}, {code: "2", label: Neutral}, {code: "3", label: Agree}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	data := survey.NewData(in, []survey.Response{
		{Row: 2, Ref: "r1", Values: []string{"A", "3"}},
		{Row: 3, Ref: "r2", Values: []string{"B", "1"}},
	})
	return &analysis.Dataset{Project: "survey-only", Surveys: []*survey.Data{data}}
}

// TestEveryFormatOfAnEmptyProject: a project with no codings, or with only
// a survey, gives every format without a panic (issue 11).
func TestEveryFormatOfAnEmptyProject(t *testing.T) {
	for name, d := range map[string]*analysis.Dataset{
		"empty":       {Project: "empty"},
		"survey-only": surveyOnly(t),
	} {
		t.Run(name, func(t *testing.T) {
			a, err := analysis.New(d, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Build(a, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var md, html bytes.Buffer
			if err := WriteMarkdown(&md, r); err != nil {
				t.Fatal(err)
			}
			if err := WriteHTML(&html, r); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(html.String(), "</html>") || !strings.Contains(md.String(), "# Needs assessment: "+d.Project) {
				t.Errorf("incomplete reports:\n%s", md.String())
			}
			if name == "survey-only" && (!strings.Contains(md.String(), "I feel safe.") || !strings.Contains(html.String(), "I feel safe.")) {
				t.Error("the survey is not in the reports")
			}
			dir := filepath.Join(t.TempDir(), "tables")
			files, err := WriteCSVDir(dir, r)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(r.Tables()) {
				t.Errorf("%d CSV files for %d tables", len(files), len(r.Tables()))
			}
			about, err := os.ReadFile(filepath.Join(dir, "about.csv"))
			if err != nil || !strings.Contains(string(about), "matrix_by,\n") {
				t.Errorf("about.csv %q (%v)", about, err)
			}
			data, err := XLSX(r)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := len(f.GetSheetList()); got != len(r.Tables()) {
				t.Errorf("%d sheets for %d tables", got, len(r.Tables()))
			}
			for _, tb := range r.Tables() {
				RowsJSON(tb)
			}
		})
	}
}

// summaryOf summarises a dataset's first survey.
func summaryOf(t *testing.T, d *analysis.Dataset) *survey.Summary {
	t.Helper()
	secs, err := surveySections(d)
	if err != nil {
		t.Fatal(err)
	}
	return secs[0].Summary
}
