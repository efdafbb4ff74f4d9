package survey_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/survey"
)

func readGrid(t testing.TB, name string) *survey.Grid {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(surveyDir, name))
	if err != nil {
		t.Fatal(err)
	}
	g, err := survey.ReadGrid(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestShapesAgree reads the demo survey in every shape it is exported in
// and checks that each gives the same answers as the plain CSV.
func TestShapesAgree(t *testing.T) {
	in := demoInstrument(t)
	plain, err := survey.Read(readGrid(t, "plain.csv"), in, survey.ReadOptions{LinkColumn: "participant_id"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Invalid) > 0 || len(plain.Responses) != 177 {
		t.Fatalf("plain: %d responses, invalid: %v", len(plain.Responses), plain.Err("plain.csv", 3))
	}
	tests := []struct {
		file  string
		shape survey.Shape
		link  string
		id    string
	}{
		{"plain.csv", survey.Plain, "participant_id", "respondent_id"},
		{"plain.xlsx", survey.Plain, "participant_id", "respondent_id"},
		{"qualtrics.csv", survey.Qualtrics, "participant_id", "ResponseId"},
		{"limesurvey.csv", survey.LimeSurvey, "participant_id", "id"},
		{"kobo.csv", survey.Kobo, "participant_id", "_uuid"},
		{"google.csv", survey.GoogleForms, "Participant code (focus-group participants only)", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			g := readGrid(t, tc.file)
			if got := survey.DetectShape(g); got != tc.shape {
				t.Errorf("detected %s, want %s", got, tc.shape)
			}
			im, err := survey.Read(g, in, survey.ReadOptions{LinkColumn: tc.link, Participants: participantIDs()})
			if err != nil {
				t.Fatal(err)
			}
			if !im.Detected || im.Shape != tc.shape {
				t.Errorf("import shape %s (detected %v)", im.Shape, im.Detected)
			}
			if err := im.Err(tc.file, 5); err != nil {
				t.Fatal(err)
			}
			if len(im.Unbound) > 0 {
				t.Errorf("questions without a column: %v", im.Unbound)
			}
			if im.IDColumn != tc.id {
				t.Errorf("id column %q, want %q", im.IDColumn, tc.id)
			}
			if len(im.Responses) != len(plain.Responses) {
				t.Fatalf("%d responses, want %d", len(im.Responses), len(plain.Responses))
			}
			for r, resp := range im.Responses {
				want := plain.Responses[r]
				if resp.Participant != want.Participant {
					t.Fatalf("row %d: participant %q, want %q", resp.Row, resp.Participant, want.Participant)
				}
				for q, v := range resp.Values {
					if v != want.Values[q] {
						t.Fatalf("row %d, question %s: %q, want %q", resp.Row, in.Questions[q].ID, v, want.Values[q])
					}
				}
			}
		})
	}
}

func participantIDs() []string {
	var out []string
	for _, row := range readRoster() {
		out = append(out, row[0])
	}
	return out
}

// TestForcedShape checks that a forced shape overrides detection: the
// plain export read as Qualtrics loses its first two respondents to the
// second and third header rows.
func TestForcedShape(t *testing.T) {
	in := demoInstrument(t)
	im, err := survey.Read(readGrid(t, "plain.csv"), in, survey.ReadOptions{Shape: survey.Qualtrics})
	if err != nil {
		t.Fatal(err)
	}
	if im.Detected || im.Shape != survey.Qualtrics || im.Rows != 175 {
		t.Errorf("shape %s detected=%v rows %d, want qualtrics forced and 175 rows", im.Shape, im.Detected, im.Rows)
	}
	if _, err := survey.Read(readGrid(t, "qualtrics.csv"), in, survey.ReadOptions{Shape: survey.Plain}); !errors.Is(err, survey.ErrNoQuestions) {
		t.Errorf("qualtrics read as plain: %v, want ErrNoQuestions (its Q1, Q2 ... ids are not the instrument's)", err)
	}
}

const tinyInstrument = `
name: tiny
scales:
  agree3: [Disagree, Neutral, Agree]
missing: [{code: "98", label: "Don't know"}]
questions:
  - {id: city, type: single, options: [{code: MTL, label: Montreal}, {code: TOR, label: Toronto}], no_missing: true}
  - {id: help, type: multiple, options: [{code: legal, label: "Legal aid, housing"}, {code: jobs, label: Jobs}, {code: peer, label: Peer support}]}
  - {id: trust, type: likert, scale: agree3}
  - {id: age, type: numeric, min: 16, max: 100}
  - {id: when, type: date}
  - {id: note, type: text}
`

func tiny(t testing.TB) *survey.Instrument {
	t.Helper()
	in, err := survey.ParseInstrument("tiny.yaml", []byte(tinyInstrument))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func gridOf(t testing.TB, name, csv string) *survey.Grid {
	t.Helper()
	g, err := survey.ReadGrid(name, []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestBadValues checks one bad value of each kind: the import reports its
// row, column, the value and what is allowed.
func TestBadValues(t *testing.T) {
	in := tiny(t)
	header := "id,pid,city,help,trust,age,when,note\n"
	good := "r1,,MTL,jobs,Agree,30,2026-04-01,fine\n"
	tests := []struct {
		name, row string
		want      []string
	}{
		{"single not an option", "r2,,Paris,jobs,Agree,30,2026-04-01,x", []string{"row 3", `column "city"`, `"Paris" is not an option`, "MTL Montreal, TOR Toronto"}},
		{"likert off the scale", "r2,,MTL,jobs,Very much,30,2026-04-01,x", []string{"row 3", `column "trust"`, "Disagree, Neutral, Agree, 98 Don't know"}},
		{"multiple unknown part", "r2,,MTL,jobs;dance,Agree,30,2026-04-01,x", []string{"row 3", `column "help"`, `holds "dance"`, "any of legal Legal aid, housing"}},
		{"multiple with missing", "r2,,MTL,jobs;98,Agree,30,2026-04-01,x", []string{"row 3", "mixes a missing value"}},
		{"not a number", "r2,,MTL,jobs,Agree,thirty,2026-04-01,x", []string{"row 3", `column "age"`, "is not a number", "a number from 16 to 100, or 98 Don't know"}},
		{"number out of range", "r2,,MTL,jobs,Agree,7,2026-04-01,x", []string{"row 3", `"7" is out of range`, "from 16 to 100"}},
		{"not a date", "r2,,MTL,jobs,Agree,30,01/04/2026,x", []string{"row 3", `column "when"`, "is not a date", "YYYY-MM-DD"}},
		{"empty id", ",,MTL,jobs,Agree,30,2026-04-01,x", []string{"row 3", `column "id"`, "every respondent needs an id"}},
		{"duplicate id", "r1,,MTL,jobs,Agree,30,2026-04-01,x", []string{"row 3", `"r1" is the id of another respondent (row 2)`}},
		{"unknown participant", "r2,MTL-99,MTL,jobs,Agree,30,2026-04-01,x", []string{"row 3", `column "pid"`, `"MTL-99" is not a participant`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gridOf(t, "bad.csv", header+good+tc.row+"\n")
			im, err := survey.Read(g, in, survey.ReadOptions{IDColumn: "id", LinkColumn: "pid", Participants: []string{"MTL-01"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Responses) != 1 || len(im.Invalid) != 1 {
				t.Fatalf("%d valid, %d invalid rows; want 1 and 1", len(im.Responses), len(im.Invalid))
			}
			msg := im.Err("bad.csv", 10).Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}

// TestCanonical checks how cells become canonical answers.
func TestCanonical(t *testing.T) {
	in := tiny(t)
	tests := []struct {
		q, raw, want string
		seps         []string
	}{
		{"city", " montreal ", "MTL", nil},
		{"city", "TOR", "TOR", nil},
		{"help", "Peer support; legal", "legal;peer", nil},
		{"help", "Legal aid, housing, Jobs", "legal;jobs", []string{", "}},
		{"help", "jobs legal", "legal;jobs", []string{" "}},
		{"help", "98", "98", nil},
		{"trust", "agree", "Agree", nil},
		{"trust", "Don't know", "98", nil},
		{"age", "30,5", "30.5", nil},
		{"age", "98", "98", nil},
		{"when", "2026-04-01T10:00:00Z", "2026-04-01", nil},
		{"note", "  Café  ", "Café", nil},
		{"city", "", "", nil},
	}
	for _, tc := range tests {
		p := survey.NewParser(in.Question(tc.q), tc.seps...)
		got, err := p.Parse(tc.raw)
		if err != nil || got != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.q, tc.raw, got, err, tc.want)
		}
	}
}

func TestOptionColumns(t *testing.T) {
	in := tiny(t)
	g := gridOf(t, "lime.csv", "id,city,help[legal],help[jobs],help[peer],trust\n1,MTL,Y,,Y,Agree\n2,TOR,,,,Neutral\n3,TOR,maybe,,,Agree\n")
	im, err := survey.Read(g, in, survey.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if im.Shape != survey.LimeSurvey {
		t.Errorf("shape %s", im.Shape)
	}
	if len(im.Responses) != 2 || im.Responses[0].Values[1] != "legal;peer" || im.Responses[1].Values[1] != "" {
		t.Errorf("responses %+v", im.Responses)
	}
	if len(im.Invalid) != 1 || !strings.Contains(im.Invalid[0].Error(), `column "help[legal]"`) {
		t.Errorf("invalid %v", im.Invalid)
	}
}

func TestReadErrors(t *testing.T) {
	in := tiny(t)
	for _, tc := range []struct {
		name, data string
		opt        survey.ReadOptions
		want       string
	}{
		{"no question", "a,b\n1,2\n", survey.ReadOptions{}, "no column matches a question"},
		{"unknown id column", "city\nMTL\n", survey.ReadOptions{IDColumn: "rid"}, `--id "rid": no such column`},
		{"unknown link column", "city\nMTL\n", survey.ReadOptions{LinkColumn: "pid"}, `--link-by "pid": no such column`},
	} {
		_, err := survey.Read(gridOf(t, "x.csv", tc.data), in, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	for _, tc := range []struct{ name, data, want string }{
		{"x.csv", "", "empty file"},
		{"x.csv", " , \n", "empty file"},
		{"x.xlsx", "not a zip", "not a readable XLSX"},
		{"x.xls", "\xd0\xcf\x11\xe0", "old Excel .xls"},
		{"x.csv", "a\x00b", "binary data"},
	} {
		_, err := survey.ReadGrid(tc.name, []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadGrid(%q): %v, want %q", tc.data, err, tc.want)
		}
	}
}

func TestCSVDialects(t *testing.T) {
	in := tiny(t)
	for name, data := range map[string]string{
		"semicolons": "city;trust\nMTL;Agree\n",
		"tabs":       "city\ttrust\nMTL\tAgree\n",
		"bom+crlf":   "\ufeffcity,trust\r\nMTL,Agree\r\n",
		"utf16":      "\xff\xfec\x00i\x00t\x00y\x00,\x00t\x00r\x00u\x00s\x00t\x00\n\x00M\x00T\x00L\x00,\x00A\x00g\x00r\x00e\x00e\x00\n\x00",
		"cp1252":     "city,note\nMTL,caf\xe9\n",
	} {
		im, err := survey.Read(gridOf(t, name+".csv", data), in, survey.ReadOptions{})
		if err != nil || len(im.Responses) != 1 || im.Responses[0].Values[0] != "MTL" {
			t.Errorf("%s: %v %+v", name, err, im)
			continue
		}
		if name == "cp1252" && im.Responses[0].Values[5] != "café" {
			t.Errorf("cp1252 note %q", im.Responses[0].Values[5])
		}
	}
}

func TestParseInstrumentErrors(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"empty", "", "empty file"},
		{"no name", "questions: [{id: q, type: text}]", "no name"},
		{"no questions", "name: x", "no questions"},
		{"bad type", "name: x\nquestions:\n  - {id: q, type: slider}", "line 3: question \"q\": type \"slider\" is not one of"},
		{"unknown scale", "name: x\nquestions:\n  - {id: q, type: likert, scale: nope}", "line 3: question \"q\" uses scale \"nope\""},
		{"no options", "name: x\nquestions:\n  - {id: q, type: single}", "needs options"},
		{"dup id", "name: x\nquestions:\n  - {id: q, type: text}\n  - {id: Q, type: text}", "appears twice"},
		{"dup code", "name: x\nquestions:\n  - {id: q, type: single, options: [a, a]}", `code "a" appears twice`},
		{"missing clashes", "name: x\nmissing: [a]\nquestions:\n  - {id: q, type: single, options: [a, b]}", `code "a" appears twice`},
		{"semicolon", "name: x\nquestions:\n  - {id: q, type: single, options: [\"a;b\"]}", `may not hold ";"`},
		{"min above max", "name: x\nquestions:\n  - {id: q, type: numeric, min: 5, max: 1}", "min 5 is above max 1"},
		{"unknown field", "name: x\ncolour: red\nquestions: []", "field colour not found"},
		{"bad id", "name: x\nquestions:\n  - {id: \"a b\", type: text}", "question id \"a b\""},
	} {
		_, err := survey.ParseInstrument("i.yaml", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestInstrumentRoundTrip(t *testing.T) {
	in := demoInstrument(t)
	var b strings.Builder
	if err := in.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	back, err := survey.ParseInstrument("back.yaml", []byte(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	var j1, j2 strings.Builder
	in.WriteJSON(&j1)
	back.WriteJSON(&j2)
	if j1.String() != j2.String() {
		t.Errorf("YAML round trip changed the instrument")
	}
	fromJSON, err := survey.ParseInstrument("i.json", []byte(j1.String()))
	if err != nil {
		t.Fatal(err)
	}
	var j3 strings.Builder
	fromJSON.WriteJSON(&j3)
	if j3.String() != j1.String() {
		t.Errorf("JSON round trip changed the instrument")
	}
}

// TestInfer checks the types inferred from the demo exports.
func TestInfer(t *testing.T) {
	want := map[string]survey.Type{"city": survey.Single, "years_in_canada": survey.Numeric, "supports_used": survey.Multiple,
		"prio_documents": survey.Rating, "survey_date": survey.Date, "weight": survey.Numeric, "other_needs": survey.Text, "satisfaction": survey.Rating}
	for _, file := range []string{"plain.csv", "limesurvey.csv", "kobo.csv"} {
		in, err := survey.Infer(readGrid(t, file), "", "inferred")
		if err != nil {
			t.Fatal(err)
		}
		for id, typ := range want {
			q := in.Question(id)
			if q == nil {
				t.Errorf("%s: no question %s in %v", file, id, in.Questions)
				continue
			}
			if q.Type != typ {
				t.Errorf("%s: %s is %s, want %s", file, id, q.Type, typ)
			}
		}
		// The inferred instrument reads its own export.
		im, err := survey.Read(readGrid(t, file), in, survey.ReadOptions{})
		if err != nil || len(im.Invalid) > 0 {
			t.Errorf("%s: reading with the inferred instrument: %v %v", file, err, im.Err(file, 3))
		}
	}
	in, err := survey.Infer(readGrid(t, "qualtrics.csv"), "", "q")
	if err != nil {
		t.Fatal(err)
	}
	if q := in.Question("Q15"); q == nil || q.Type != survey.Likert || q.Scale != "agree5" || q.Text != "I feel safe expressing my views online." {
		t.Errorf("Q16: %+v", q)
	}
	if q := in.Question("Q2"); q == nil || len(q.Missing) != 1 || q.Missing[0].Label != "Prefer not to say" {
		t.Errorf("Q2 missing values: %+v", q)
	}
}

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// TestChiSquareTextbook checks the test against Agresti, An Introduction
// to Categorical Data Analysis (2nd ed., 2007), Table 2.5: party
// identification by gender (General Social Survey 2002), X² = 30.07 with
// df = 2, P < 0.001; and against a 2x2 table computed by hand.
func TestChiSquareTextbook(t *testing.T) {
	tests := []struct {
		name    string
		table   [][]float64
		x2, p   float64
		df      int
		small   int
		minExp  float64
		cramers float64
	}{
		{"Agresti table 2.5", [][]float64{{762, 327, 468}, {484, 239, 477}}, 30.0701, 2.95e-7, 2, 0, 246.35, 0.1044},
		// 2x2 by hand: row totals 30, 30; column totals 30, 30; E = 15;
		// X² = 4 · 5² / 15 = 6.6667; p = P(χ²₁ ≥ 6.6667) = 0.009823.
		{"2x2 by hand", [][]float64{{20, 10}, {10, 20}}, 6.6667, 0.009823, 1, 0, 15, 0.3333},
		// Expected counts below 5 are flagged; an empty column is left out.
		{"small cells", [][]float64{{3, 1, 0}, {1, 3, 0}}, 2, 0.1573, 1, 4, 2, 0.5},
	}
	for _, tc := range tests {
		got, err := survey.ChiSquare(tc.table)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !near(got.Statistic, tc.x2, 1e-3) || got.DF != tc.df || !near(got.P, tc.p, tc.p*1e-3+1e-9) ||
			got.SmallCells != tc.small || !near(got.MinExpected, tc.minExp, 0.01) || !near(got.CramersV, tc.cramers, 1e-3) {
			t.Errorf("%s: %+v", tc.name, got)
		}
		if (got.Warning() != "") != (tc.small > 0) {
			t.Errorf("%s: warning %q", tc.name, got.Warning())
		}
	}
	for _, bad := range [][][]float64{nil, {{1, 2}}, {{1}, {2}}, {{0, 0}, {0, 0}}} {
		if _, err := survey.ChiSquare(bad); !errors.Is(err, survey.ErrTooSmall) {
			t.Errorf("ChiSquare(%v): %v, want ErrTooSmall", bad, err)
		}
	}
	if _, err := survey.ChiSquare([][]float64{{1, -2}, {3, 4}}); err == nil {
		t.Error("a negative count was accepted")
	}
	if _, err := survey.ChiSquare([][]float64{{1, 2}, {3}}); err == nil {
		t.Error("a ragged table was accepted")
	}
}

// handData is a fixture small enough to compute by hand: six respondents
// of a 3-point Likert item, a multiple choice and a weight.
func handData(t *testing.T) *survey.Data {
	in, err := survey.ParseInstrument("hand.yaml", []byte(`
name: hand
questions:
  - {id: trust, type: likert, options: [Disagree, Neutral, Agree], missing: [{code: "98", label: "Don't know"}]}
  - {id: help, type: multiple, options: [legal, jobs]}
  - {id: city, type: single, options: [A, B]}
  - {id: w, type: numeric}
`))
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{
		{"Agree", "legal;jobs", "A", "2"},
		{"Agree", "legal", "A", "2"},
		{"Neutral", "", "B", "1"},
		{"Disagree", "jobs", "B", "1"},
		{"98", "legal", "A", "1"},
		{"", "legal", "B", "1"},
	}
	var resp []survey.Response
	for i, r := range rows {
		resp = append(resp, survey.Response{Ref: string(rune('a' + i)), Values: r})
	}
	d := survey.NewData(in, resp)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSummarizeByHand checks every figure of a summary against a hand
// computation, unweighted and weighted.
func TestSummarizeByHand(t *testing.T) {
	d := handData(t)
	s, err := survey.Summarize(d, survey.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	trust := s.Questions[0]
	// Valid: Agree, Agree, Neutral, Disagree -> points 3,3,2,1; n = 4;
	// missing = 2 (one Don't know, one blank).
	// mean = 9/4 = 2.25; median: cumulative 1/4 at 1, 2/4 at 2 = exactly
	// half, so the midpoint of 2 and 3 = 2.5; top two = (1+2)/4 = 0.75.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"n", trust.N, 4}, {"missing", trust.Missing, 2}, {"respondents", trust.Respondents, 6},
		{"mean", trust.Mean, 2.25}, {"median", trust.Median, 2.5}, {"top two", trust.TopTwo, 0.75}, {"bottom two", trust.BottomTwo, 0.5},
		{"agree count", trust.Options[2].Count, 2}, {"agree %", trust.Options[2].Percent, 0.5},
		{"don't know %", trust.MissingRows[0].Percent, 1.0 / 6}, {"no answer", trust.MissingRows[1].Count, 1},
	}
	help := s.Questions[1]
	// Multiple: 5 respondents answered; legal chosen by 4 -> 80%, jobs by 2 -> 40%.
	checks = append(checks, []struct {
		name      string
		got, want float64
	}{{"help n", help.N, 5}, {"legal %", help.Options[0].Percent, 0.8}, {"jobs %", help.Options[1].Percent, 0.4}}...)
	for _, c := range checks {
		if !near(c.got, c.want, 1e-9) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// Weighted by w: weights 2,2,1,1,1,1 sum to 8 over 6 respondents, so
	// scaled by 6/8: 1.5,1.5,.75,.75,.75,.75. Valid trust answers weigh
	// 1.5+1.5+.75+.75 = 4.5; mean = (3·3 + 2·.75 + 1·.75)/4.5 = 11.25/4.5 = 2.5;
	// Agree share = 3/4.5 = 0.6667; median: cumulative .75/4.5 at 1,
	// 1.5/4.5 at 2, then 3 passes half: 3.
	ws, err := survey.Summarize(d, survey.SummaryOptions{Weight: "w"})
	if err != nil {
		t.Fatal(err)
	}
	wt := ws.Questions[0]
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"weighted n", wt.N, 4.5}, {"weighted mean", wt.Mean, 2.5}, {"weighted median", wt.Median, 3}, {"weighted agree %", wt.Options[2].Percent, 3 / 4.5},
		{"weighted respondents", wt.Respondents, 6}, {"unweighted n", float64(wt.NUnweighted), 4}} {
		if !near(c.got, c.want, 1e-9) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// Crosstab by city: A has Agree, Agree (and a Don't know); B has Neutral,
	// Disagree (and a blank).
	by, err := d.ByQuestion("city")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := survey.Summarize(d, survey.SummaryOptions{By: by, Questions: []string{"trust"}})
	if err != nil {
		t.Fatal(err)
	}
	ct := cs.Questions[0].Crosstab
	if ct == nil || len(ct.Columns) != 2 || ct.ColumnN[0] != 2 || ct.ColumnN[1] != 2 || ct.Rows[2].Counts[0] != 2 || ct.Means[0] != 3 || ct.Means[1] != 1.5 {
		t.Fatalf("crosstab %+v", ct)
	}
	// 3x2 table {{0,1},{0,1},{2,0}}: E = 1 in every cell of the first two
	// rows... X² = 4 (each of the 6 cells contributes (O-E)²/E: 0.5, 0.5,
	// 0.5, 0.5, 1, 1), df = 2.
	if ct.Test == nil || !near(ct.Test.Statistic, 4, 1e-9) || ct.Test.DF != 2 || ct.Test.SmallCells != 6 {
		t.Errorf("test %+v", ct.Test)
	}
	if _, err := survey.Summarize(d, survey.SummaryOptions{Weight: "trust"}); err == nil {
		t.Error("a Likert weight was accepted")
	}
	if _, err := survey.Summarize(d, survey.SummaryOptions{Questions: []string{"nope"}}); err == nil {
		t.Error("an unknown question was accepted")
	}
}

func TestRatingPoints(t *testing.T) {
	in := demoInstrument(t)
	q := in.Question("satisfaction")
	if q.Range() != "0-10" || q.Point("7") != 7 {
		t.Errorf("satisfaction range %s point(7) %v", q.Range(), q.Point("7"))
	}
	if q := in.Question("safe_online"); q.Range() != "1-5" || q.Point("5") != 5 {
		t.Errorf("agree5 range %s", q.Range())
	}
	labels := survey.Question{ID: "x", Type: survey.Likert, Options: []survey.Option{{Code: "low", Label: "low"}, {Code: "high", Label: "high"}}}
	if labels.Range() != "1-2" || labels.Point("high") != 2 || !math.IsNaN(labels.Point("nope")) {
		t.Errorf("label scale range %s", labels.Range())
	}
}
