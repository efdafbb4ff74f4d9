package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// markup is what a Markdown viewer would render or fetch.
const markup = ` <img src="https://evil.example/i.png"> ![t](https://evil.example/i.png) [x](https://evil.example)`

// hostile returns a payload that starts as a spreadsheet formula (each
// field its own kind) and carries HTML, an image and a link.
func hostile(i int) string {
	formulas := []string{`=HYPERLINK("https://evil.example","x")`, `+cmd|' /C calc'!A0`, `@SUM(1)`, `-2+3+cmd|' /C calc'!A0`, "\t=1+1", "\r=1+1"}
	return formulas[i%len(formulas)] + markup
}

// hostileReport is the tracker fixture with a payload in every field that
// reaches a report: project, codes (names, definitions), cities, groups,
// participant ids and attributes, coders, quotes, recommendations (title,
// text, owner, stakeholders, log author and note) and a survey (name,
// question text, option labels).
func hostileReport(t *testing.T, by string) *Report {
	t.Helper()
	n := 0
	next := func() string { n++; return hostile(n) }
	d := trackerDatasetOf(next()+" Lawyers help me a lot, they really do.", next()+" My family is threatened back home every week.",
		next()+" Lawyers are expensive and slow for people like us.")
	d.Project = next()
	paths := map[int64]string{}
	for i := range d.Codes {
		c := &d.Codes[i]
		c.Name = strings.ReplaceAll(next(), "/", "") // a slash would make it a path
		c.Definition = next()
		c.Path = c.Name
		if c.ParentID != 0 {
			c.Path = paths[c.ParentID] + "/" + c.Name
		}
		paths[c.ID] = c.Path
	}
	cities, ids, groups := map[string]string{}, map[string]string{}, map[string]string{}
	for i := range d.Sources {
		s := &d.Sources[i]
		cities[s.City], groups[s.Group] = next(), next()
		s.City, s.Group = cities[s.City], groups[s.Group]
	}
	for i := range d.Participants {
		p := &d.Participants[i]
		ids[p.ID] = next()
		p.ID, p.City, p.Group = ids[p.ID], cities[p.City], groups[p.Group]
		p.Attributes = map[string]string{"role": next()}
	}
	for i := range d.Turns {
		d.Turns[i].Participant = ids[d.Turns[i].Participant]
	}
	for i := range d.Codings {
		d.Codings[i].Coder = next()
	}
	in, err := survey.ParseInstrument("hostile.yaml", []byte(`name: hostile
questions:
  - {id: q1, text: "QTEXT", type: single, options: [{code: "1", label: "OPT1"}, {code: "2", label: "OPT2"}]}
  - {id: q2, text: "QTEXT2", type: likert, options: [{code: "1", label: "OPT1"}, {code: "2", label: "OPT2"}, {code: "3", label: "OPT3"}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	in.Name = next()
	in.Questions[0].Text, in.Questions[1].Text = next(), next()
	for q := range in.Questions {
		for o := range in.Questions[q].Options {
			in.Questions[q].Options[o].Label = next()
		}
	}
	sd := survey.NewData(in, []survey.Response{{Row: 2, Ref: "r1", Values: []string{"1", "3"}}, {Row: 3, Ref: "r2", Values: []string{"2", "1"}}})
	sd.Codes = map[string][]int64{"q2": {2}}
	d.Surveys = []*survey.Data{sd}

	recs := trackerRecs()
	for i := range recs {
		rec := &recs[i]
		rec.Title, rec.Text, rec.Owner, rec.Stakeholders = next(), next(), next(), []string{next(), next()}
		for j := range rec.Codes {
			rec.Codes[j].Path = paths[rec.Codes[j].ID]
		}
		for j := range rec.Log {
			rec.Log[j].Author, rec.Log[j].Note = next(), next()
		}
	}
	a, err := analysis.New(d, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{By: analysis.By{Field: by}, Recommendations: recs, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestHostileFieldsAreInert: with a formula and markup in every field,
// no CSV cell starts a formula, no XLSX cell is a formula, the Markdown
// report has no active HTML, link or image, and the HTML report no tag of
// theirs (issue 12, inert outputs).
func TestHostileFieldsAreInert(t *testing.T) {
	for _, by := range []string{"city", "role"} {
		t.Run(by, func(t *testing.T) {
			r := hostileReport(t, by)
			checkCSV(t, r)
			checkXLSX(t, r)
			checkMarkdown(t, r)
			var b bytes.Buffer
			if err := WriteHTML(&b, r); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "<img") || strings.Count(b.String(), "&lt;img src=") < 20 {
				t.Errorf("HTML: %d escaped images, %v raw", strings.Count(b.String(), "&lt;img src="), strings.Contains(b.String(), "<img"))
			}
		})
	}
}

func checkCSV(t *testing.T, r *Report) {
	t.Helper()
	dir := t.TempDir()
	files, err := WriteCSVDir(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	neutralised := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		for i, row := range rows {
			for j, cell := range row {
				if cell == "" {
					continue
				}
				if strings.ContainsRune("=+@\t\r", rune(cell[0])) || cell[0] == '-' && !regexp.MustCompile(`^-[0-9.]+$`).MatchString(cell) {
					t.Errorf("%s row %d column %d starts a formula: %q", filepath.Base(f), i+1, j+1, cell)
				}
				if strings.HasPrefix(cell, "'") && strings.Contains(cell, "evil.example") {
					neutralised++
				}
			}
		}
	}
	if neutralised < 30 {
		t.Errorf("only %d hostile CSV cells seen", neutralised)
	}
}

func checkXLSX(t *testing.T, r *Report) {
	t.Helper()
	data, err := XLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
					t.Errorf("%s!%s is a formula: %q", sheet, cell, fm)
				}
				if strings.Contains(v, "evil.example") {
					seen++
					if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
						t.Errorf("%s!%s is not a string: %v", sheet, cell, typ)
					}
				}
			}
		}
	}
	if seen < 30 {
		t.Errorf("only %d hostile XLSX cells seen", seen)
	}
}

// activeMarkdown finds Markdown a viewer turns into markup, a link or an
// image: an unescaped bracket, an unescaped < opening a tag, or a bare
// address GitHub-flavoured Markdown would link.
var activeMarkdown = regexp.MustCompile(`(?:^|[^\\])(?:\\\\)*(?:\[|\]|<[A-Za-z/!?]|://|(?i:www)\.|@)`)

func checkMarkdown(t *testing.T, r *Report) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(b.String(), "\n") {
		if m := activeMarkdown.FindString(l); m != "" {
			t.Errorf("Markdown line %d is active at %q: %s", i+1, m, l)
		}
		if strings.HasPrefix(l, "=") || strings.HasPrefix(l, "\t") {
			t.Errorf("Markdown line %d starts a block: %q", i+1, l)
		}
	}
	if n := strings.Count(b.String(), `\<img src=`); n < 20 {
		t.Errorf("only %d escaped images in the Markdown report", n)
	}
}
