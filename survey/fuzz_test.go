package survey_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fieldwork-qda/fieldwork/survey"
)

// FuzzRead feeds arbitrary bytes, as CSV or XLSX, through every reader:
// the grid, shape detection, the instrument inference, and validation
// against the demo instrument. None may panic; what they accept must be
// self-consistent.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"plain.csv", "qualtrics.csv", "limesurvey.csv", "kobo.csv", "google.csv"} {
		data, err := os.ReadFile(filepath.Join(surveyDir, name))
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 4000 {
			data = data[:4000]
		}
		f.Add(data, false)
	}
	xlsx, err := os.ReadFile(filepath.Join(surveyDir, "plain.xlsx"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(xlsx, true)
	f.Add([]byte("city;help[legal];trust\nMTL;Y;Agree\n"), false)
	f.Add([]byte("Timestamp,Which?\n2026/01/01,\"a, b\"\n"), false)
	in := demoInstrument(f)
	f.Fuzz(func(t *testing.T, data []byte, asXLSX bool) {
		name := "f.csv"
		if asXLSX {
			name = "f.xlsx"
		}
		g, err := survey.ReadGrid(name, data)
		if err != nil {
			return
		}
		shape := survey.DetectShape(g)
		if inf, err := survey.Infer(g, shape, "fuzz"); err == nil {
			if err := inf.Validate(); err != nil {
				t.Fatalf("Infer gave an invalid instrument: %v", err)
			}
			survey.Read(g, inf, survey.ReadOptions{})
		}
		im, err := survey.Read(g, in, survey.ReadOptions{})
		if err != nil {
			return
		}
		if len(im.Responses)+len(im.Invalid) != im.Rows {
			t.Fatalf("%d valid + %d invalid rows of %d", len(im.Responses), len(im.Invalid), im.Rows)
		}
		d := survey.NewData(in, im.Responses)
		if err := d.Validate(); err != nil {
			t.Fatalf("accepted answers are not canonical: %v", err)
		}
		if _, err := survey.Summarize(d, survey.SummaryOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseInstrument feeds arbitrary YAML/JSON to the instrument reader.
func FuzzParseInstrument(f *testing.F) {
	data, err := os.ReadFile(filepath.Join(surveyDir, "instrument.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(tinyInstrument))
	f.Add([]byte(`{"name":"j","questions":[{"id":"q","type":"numeric","min":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := survey.ParseInstrument("f.yaml", data)
		if err != nil {
			return
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("accepted an invalid instrument: %v", err)
		}
		for i := range in.Questions {
			p := survey.NewParser(&in.Questions[i])
			for _, o := range in.Questions[i].Options {
				if v, err := p.Parse(o.Code); err != nil || v == "" {
					t.Fatalf("question %s refuses its own option %q: %v", in.Questions[i].ID, o.Code, err)
				}
			}
		}
	})
}
