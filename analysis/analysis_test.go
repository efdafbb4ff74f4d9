package analysis_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

const tol = 1e-9

func newAnalysis(t *testing.T, d *analysis.Dataset, opt analysis.Options) *analysis.Analysis {
	t.Helper()
	a, err := analysis.New(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// row finds the row whose columns match every key=value pair.
func row(t *testing.T, tb *analysis.Table, match ...string) int {
	t.Helper()
	for r := 0; r < tb.Rows(); r++ {
		ok := true
		for i := 0; i < len(match); i += 2 {
			if tb.Cell(r, col(t, tb, match[i])).Str != match[i+1] {
				ok = false
			}
		}
		if ok {
			return r
		}
	}
	t.Fatalf("table %s: no row with %v", tb.Name, match)
	return -1
}

func col(t *testing.T, tb *analysis.Table, name string) int {
	t.Helper()
	c := tb.Col(name)
	if c < 0 {
		t.Fatalf("table %s has no column %q", tb.Name, name)
	}
	return c
}

// want compares a cell's machine value with an int, a float (within tol),
// a string, or nil.
func want(t *testing.T, tb *analysis.Table, r int, name string, w any) {
	t.Helper()
	got := tb.Value(r, col(t, tb, name))
	switch x := w.(type) {
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-x) > tol {
			t.Errorf("%s row %d %s = %v, want %v", tb.Name, r, name, got, w)
		}
	default:
		if got != w {
			t.Errorf("%s row %d %s = %#v, want %#v", tb.Name, r, name, got, w)
		}
	}
}

// TestFrequenciesByHand checks every figure of the frequency table of the
// tiny fixture against the counts worked out in fixture_test.go.
func TestFrequenciesByHand(t *testing.T) {
	f := newAnalysis(t, tiny(), analysis.Options{}).Frequencies()
	tests := []struct {
		code                             string
		codings, passages, words, people int
		share                            float64
	}{
		// Code a: codings 1, 2, 6 (5 is facilitator speech); 1 and 2 are
		// one passage of A-01, 6 one of B-01; words "Lawyers help me a
		// lot." (5) + "Lawyers are expensive." (3).
		{"Theme one/Code a", 3, 2, 8, 2, 2.0 / 3},
		// Code b: codings 3 and 8; "Waiting is hard." (3) + "Police do" (2).
		{"Theme one/Code b", 2, 2, 5, 2, 2.0 / 3},
		// Theme one rolls up a and b: 5 codings, 4 passages (A-01's two
		// sentences, B-01's two), A-01 and B-01, 8 + 5 words.
		{"Theme one", 5, 4, 13, 2, 2.0 / 3},
		// Code c: codings 4 and 7; "My family is threatened." (4) + both B-01 sentences (6).
		{"Theme two/Code c", 2, 2, 10, 2, 2.0 / 3},
		{"Theme two", 2, 2, 10, 2, 2.0 / 3},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			r := row(t, f, "code", tc.code)
			want(t, f, r, "codings", tc.codings)
			want(t, f, r, "passages", tc.passages)
			want(t, f, r, "words", tc.words)
			want(t, f, r, "participants", tc.people)
			want(t, f, r, "participants_total", 3)
			want(t, f, r, "share", tc.share)
			want(t, f, r, "cities", 2)
			want(t, f, r, "cities_total", 2)
			want(t, f, r, "groups", 2)
			want(t, f, r, "groups_total", 2)
		})
	}
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name          string
		f             analysis.Filter
		code          string
		codings, ppl  int
		total, cities int
	}{
		{"coder sam", analysis.Filter{Coders: []string{"sam"}}, "Theme one/Code a", 2, 2, 3, 2},
		{"coder lea", analysis.Filter{Coders: []string{"lea"}}, "Theme one/Code a", 1, 1, 3, 1},
		{"city A", analysis.Filter{Cities: []string{"A"}}, "Theme one/Code a", 2, 1, 2, 1},
		{"group B-1", analysis.Filter{Groups: []string{"B-1"}}, "Theme two/Code c", 1, 1, 1, 1},
		{"source fg-a", analysis.Filter{Sources: []string{"fg-a"}}, "Theme two", 1, 1, 2, 1},
		{"gender man", analysis.Filter{Where: map[string][]string{"gender": {"man"}}}, "Theme two/Code c", 1, 1, 1, 1},
		{"gender man or woman", analysis.Filter{Where: map[string][]string{"gender": {"man", "woman"}}}, "Theme two/Code c", 2, 2, 3, 2},
		{"city B and coder lea", analysis.Filter{Cities: []string{"B"}, Coders: []string{"lea"}}, "Theme one", 1, 1, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newAnalysis(t, tiny(), analysis.Options{Filter: tc.f}).Frequencies()
			r := row(t, f, "code", tc.code)
			want(t, f, r, "codings", tc.codings)
			want(t, f, r, "participants", tc.ppl)
			want(t, f, r, "participants_total", tc.total)
			want(t, f, r, "cities", tc.cities)
		})
	}
}

func TestFilterErrors(t *testing.T) {
	tests := []struct {
		name string
		f    analysis.Filter
		msg  string
	}{
		{"unknown city", analysis.Filter{Cities: []string{"Montrel"}}, `no city "Montrel" (known: A, B)`},
		{"unknown coder", analysis.Filter{Coders: []string{"zoe"}}, `no coder "zoe" (known: lea, sam)`},
		{"unknown attribute value", analysis.Filter{Where: map[string][]string{"gender": {"other"}}}, `no participant with gender "other"`},
		{"unknown source", analysis.Filter{Sources: []string{"fg-c"}}, `no source "fg-c"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := analysis.New(tiny(), analysis.Options{Filter: tc.f})
			if !errors.Is(err, analysis.ErrFilter) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want ErrFilter mentioning %q", err, tc.msg)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(d *analysis.Dataset)
		msg    string
	}{
		{"unknown source", func(d *analysis.Dataset) { d.Codings[0].Source = 9 }, "unknown source 9"},
		{"unknown code", func(d *analysis.Dataset) { d.Codings[0].Code = 99 }, "unknown code 99"},
		{"empty span", func(d *analysis.Dataset) { d.Codings[0].End = d.Codings[0].Start }, "empty or negative span"},
		{"parent after child", func(d *analysis.Dataset) { d.Codes[0], d.Codes[1] = d.Codes[1], d.Codes[0] }, "comes before its parent"},
		{"duplicate participant", func(d *analysis.Dataset) { d.Participants[1].ID = "A-01" }, `participant "A-01" appears twice`},
		{"unknown speaker", func(d *analysis.Dataset) { d.Turns[1].Participant = "Z-9" }, `unknown participant "Z-9"`},
		{"sentence of unknown turn", func(d *analysis.Dataset) { d.Sentences[0].Turn = 7 }, "unknown turn 7"},
		{"overlapping sentences", func(d *analysis.Dataset) { d.Sentences[2].Start = d.Sentences[1].Start + 1 }, "overlap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tiny()
			tc.break_(d)
			err := d.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.msg)
			}
		})
	}
	if err := tiny().Validate(); err != nil {
		t.Fatalf("the fixture is invalid: %v", err)
	}
}

func TestMatrixByHand(t *testing.T) {
	m, err := newAnalysis(t, tiny(), analysis.Options{}).Matrix(analysis.By{Field: "gender"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code, value        string
		ppl, n             int
		colShare, rowShare float64
		codings, codingsN  int
	}{
		// women: A-01 and B-01; men: A-02.
		{"Theme one/Code a", "woman", 2, 2, 1, 1, 3, 6},
		{"Theme one/Code a", "man", 0, 1, 0, 0, 0, 1},
		{"Theme two/Code c", "woman", 1, 2, 0.5, 0.5, 1, 6},
		{"Theme two/Code c", "man", 1, 1, 1, 0.5, 1, 1},
		{"Theme one", "woman", 2, 2, 1, 1, 5, 6},
	}
	for _, tc := range tests {
		t.Run(tc.code+" "+tc.value, func(t *testing.T) {
			r := row(t, m, "code", tc.code, "value", tc.value)
			want(t, m, r, "participants", tc.ppl)
			want(t, m, r, "n", tc.n)
			want(t, m, r, "column_share", tc.colShare)
			want(t, m, r, "row_share", tc.rowShare)
			want(t, m, r, "codings", tc.codings)
			want(t, m, r, "codings_n", tc.codingsN)
		})
	}
	// Columns: values sorted.
	_, cols, _ := m.Pivot("code", "value")
	if strings.Join(cols, ",") != "man,woman" {
		t.Errorf("columns %v, want man,woman", cols)
	}
}

func TestMatrixBandsAndSourceFields(t *testing.T) {
	a := newAnalysis(t, tiny(), analysis.Options{})
	bands, err := analysis.ParseBands("0-5,6-10,11+")
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Matrix(analysis.By{Field: "years", Bands: bands})
	if err != nil {
		t.Fatal(err)
	}
	_, cols, _ := m.Pivot("code", "value")
	if strings.Join(cols, ",") != "0-5,6-10,11+" {
		t.Errorf("band columns %v", cols)
	}
	r := row(t, m, "code", "Theme two/Code c", "value", "11+")
	want(t, m, r, "participants", 1) // B-01, 12 years
	m, err = a.Matrix(analysis.By{Field: "source"})
	if err != nil {
		t.Fatal(err)
	}
	r = row(t, m, "code", "Theme one/Code a", "value", "fg-b")
	want(t, m, r, "participants", 1)
	want(t, m, r, "n", 1)
}

func TestMatrixRefusals(t *testing.T) {
	a := newAnalysis(t, tiny(), analysis.Options{})
	for _, field := range []string{"pseudonym", "Name", "", "shoe_size"} {
		if _, err := a.Matrix(analysis.By{Field: field}); err == nil {
			t.Errorf("matrix by %q: no error", field)
		}
	}
	for _, spec := range []string{"", "a-b", "5-2", "0-5,3-8"} {
		if _, err := analysis.ParseBands(spec); err == nil {
			t.Errorf("bands %q: no error", spec)
		}
	}
}

func TestCooccurrenceByHand(t *testing.T) {
	a := newAnalysis(t, tiny(), analysis.Options{})
	tests := []struct {
		unit               analysis.Unit
		a, b               string
		units, ua, ub, ppl int
		jaccard            float64
	}{
		// Sentences: B-01's first is coded a and c, its second b and c.
		{analysis.UnitSentence, "Theme one/Code a", "Theme two/Code c", 1, 2, 3, 1, 0.25},
		{analysis.UnitSentence, "Theme one/Code b", "Theme two/Code c", 1, 2, 3, 1, 0.25},
		// Turns: A-01's turn has a and b, B-01's a, b and c; A-02's only c.
		{analysis.UnitTurn, "Theme one/Code a", "Theme one/Code b", 2, 2, 2, 2, 1},
		{analysis.UnitTurn, "Theme one/Code a", "Theme two/Code c", 1, 2, 2, 1, 1.0 / 3},
	}
	for _, tc := range tests {
		t.Run(string(tc.unit)+" "+tc.a+"+"+tc.b, func(t *testing.T) {
			c, err := a.Cooccurrence(tc.unit)
			if err != nil {
				t.Fatal(err)
			}
			r := row(t, c, "code_a", tc.a, "code_b", tc.b)
			want(t, c, r, "units", tc.units)
			want(t, c, r, "units_a", tc.ua)
			want(t, c, r, "units_b", tc.ub)
			want(t, c, r, "participants", tc.ppl)
			want(t, c, r, "jaccard", tc.jaccard)
		})
	}
	c, _ := a.Cooccurrence(analysis.UnitSentence)
	if c.Rows() != 2 || c.Cell(0, c.Col("code_a")).Str != "Theme one/Code a" {
		t.Errorf("sentence co-occurrence has %d rows, first %q; want 2, Code a first", c.Rows(), c.Cell(0, 0).Str)
	}
	if _, err := a.Cooccurrence("paragraph"); err == nil {
		t.Error("unit paragraph: no error")
	}
}

func TestNeedsByHand(t *testing.T) {
	n := newAnalysis(t, tiny(), analysis.Options{}).Needs()
	// Prevalence ties (2 of 3), breadth ties (2 of 2 cities); intensity is
	// passages per participant: a 2/2 (sam's coding 2 repeats lea's 1, one
	// passage), b 2/2, c 2/2. Every rank ties at 1 (score 1); rank
	// follows codebook order.
	tests := []struct {
		need      string
		rank      int
		intensity float64
		score     float64
	}{
		{"Theme one/Code a", 1, 1, 1},
		{"Theme one/Code b", 2, 1, 1},
		{"Theme two/Code c", 3, 1, 1},
	}
	for i, tc := range tests {
		t.Run(tc.need, func(t *testing.T) {
			r := row(t, n, "need", tc.need)
			if r != i {
				t.Errorf("row %d, want %d (rows in rank order)", r, i)
			}
			want(t, n, r, "rank", tc.rank)
			want(t, n, r, "prevalence", 2.0/3)
			want(t, n, r, "intensity", tc.intensity)
			want(t, n, r, "score", tc.score)
			want(t, n, r, "survey_priority", nil)
		})
	}
	// Quotes: Code a's passage of A-01 was coded by two coders and comes
	// first; the second is of another participant and city.
	r := row(t, n, "need", "Theme one/Code a")
	want(t, n, r, "quote_1", "Lawyers help me a lot.")
	want(t, n, r, "quote_1_by", "A-01, A")
	want(t, n, r, "quote_2", "Lawyers are expensive.")
	want(t, n, r, "quote_2_by", "B-01, B")
	r = row(t, n, "need", "Theme one/Code b")
	want(t, n, r, "quote_2", "Police do …")
}

// TestPassagesByHand adds to the tiny fixture codings that overlap others
// partly, across sentences and across speakers, and checks the coded
// passages and intensity worked out by hand:
//
//	 9 Code a  kim  from "help" in A-01's first sentence to "Waiting" in
//	                her second: overlaps 1 and 2 (Code a: still one passage
//	                of A-01); under Theme one it also overlaps 3, so A-01
//	                has one Theme one passage instead of two
//	10 Code c  sam  from "hard." to "My family": a new passage
//	                of A-01; A-02's part overlaps 4, still one passage
//	11 Code b  sam  "Waiting is hard." again: overlaps 3 (and 9 under the theme)
//	12 Code c  lea  "Police do nothing." inside 7: one passage with 7
func TestPassagesByHand(t *testing.T) {
	d := tiny()
	// The fixture's texts are ASCII: byte offsets are code points.
	idx := func(s string) int { return strings.Index(d.Sources[0].Text, s) }
	help, waiting, hard := idx("help me"), idx("Waiting"), idx("hard.")
	family := idx("My family")
	police := strings.Index(d.Sources[1].Text, "Police do nothing.")
	d.Codings = append(d.Codings,
		analysis.Coding{ID: 9, Source: 1, Code: 2, Start: help, End: waiting + len("Waiting"), Coder: "kim"},
		analysis.Coding{ID: 10, Source: 1, Code: 5, Start: hard, End: family + len("My family"), Coder: "sam"},
		analysis.Coding{ID: 11, Source: 1, Code: 3, Start: waiting, End: hard + len("hard."), Coder: "sam"},
		analysis.Coding{ID: 12, Source: 2, Code: 5, Start: police, End: police + len("Police do nothing."), Coder: "lea"},
	)
	a := newAnalysis(t, d, analysis.Options{})
	f := a.Frequencies()
	for _, tc := range []struct {
		code              string
		codings, passages int
	}{
		{"Theme one/Code a", 4, 2}, // A-01 {1,2,9}, B-01 {6}
		{"Theme one/Code b", 3, 2}, // A-01 {3,11}, B-01 {8}
		{"Theme one", 7, 3},        // A-01 {1,2,3,9,11}, B-01 {6}, B-01 {8}
		{"Theme two/Code c", 4, 3}, // A-01 {10}, A-02 {4,10}, B-01 {7,12}
		{"Theme two", 4, 3},
	} {
		r := row(t, f, "code", tc.code)
		want(t, f, r, "codings", tc.codings)
		want(t, f, r, "passages", tc.passages)
	}
	// Intensity: Code a 2 passages / 2 participants; Code c 3 passages / 3
	// participants (A-01 now mentions it).
	n := a.Needs()
	want(t, n, row(t, n, "need", "Theme one/Code a"), "intensity", 1.0)
	want(t, n, row(t, n, "need", "Theme two/Code c"), "intensity", 1.0)
	want(t, n, row(t, n, "need", "Theme two/Code c"), "participants", 3)

	// One coder's view counts the same passages as both coders': kim's
	// and sam's codings above only repeat lea's words for Code a.
	lea := newAnalysis(t, d, analysis.Options{Filter: analysis.Filter{Coders: []string{"lea"}}}).Needs()
	want(t, lea, row(t, lea, "need", "Theme one/Code a"), "passages", 1) // lea coded only A-01's words
}

func TestNeedsMarked(t *testing.T) {
	d := tiny()
	d.Codes[4].Need = true // only Code c
	n := newAnalysis(t, d, analysis.Options{}).Needs()
	if n.Rows() != 1 || n.Cell(0, n.Col("need")).Str != "Theme two/Code c" {
		t.Fatalf("needs with one marked code: %d rows", n.Rows())
	}
}

func TestNoParticipantsIsNaN(t *testing.T) {
	d := tiny()
	d.Codings = nil
	for i := range d.Participants {
		d.Participants[i].Facilitator = true
	}
	a := newAnalysis(t, d, analysis.Options{})
	f := a.Frequencies()
	want(t, f, 0, "participants_total", 0)
	want(t, f, 0, "share", nil)
	if s := f.Human(0, f.Col("share")); s != "–" {
		t.Errorf("human share of nobody = %q, want –", s)
	}
	n := a.Needs()
	want(t, n, 0, "intensity", nil)
}

func TestSuppression(t *testing.T) {
	a := newAnalysis(t, tiny(), analysis.Options{SuppressBelow: 3})
	f := a.Frequencies()
	r := row(t, f, "code", "Theme one/Code a")
	want(t, f, r, "participants", "<3")
	want(t, f, r, "share", "x")
	want(t, f, r, "codings", "x")
	want(t, f, r, "words", "x")
	want(t, f, r, "cities", "x")
	want(t, f, r, "participants_total", 3)
	if got := f.Human(r, f.Col("participants")); got != "<3 of 3" {
		t.Errorf("human = %q, want <3 of 3", got)
	}
	if f.Legend() == "" {
		t.Error("no legend for a suppressed table")
	}
	// Blanked in the frame too: nothing can print the true value.
	if !f.Frame.Elem(r, f.Col("participants")).IsNA() {
		t.Error("suppressed count still in the frame")
	}

	n := a.Needs()
	r = row(t, n, "need", "Theme one/Code a")
	want(t, n, r, "quote_1", "x")
	want(t, n, r, "quote_1_by", "x")
	want(t, n, r, "rank", 1)

	// Secondary suppression: by gender with N=2, men's n (1) is small, so
	// women's n (2) is hidden too; shares of both columns are hidden.
	a = newAnalysis(t, tiny(), analysis.Options{SuppressBelow: 2})
	m, err := a.Matrix(analysis.By{Field: "gender"})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"Theme one", "Theme two/Code c"} {
		men, women := row(t, m, "code", code, "value", "man"), row(t, m, "code", code, "value", "woman")
		want(t, m, men, "n", "<2")
		want(t, m, women, "n", "x")
		want(t, m, women, "column_share", "x")
	}
	// Code c: one woman and one man mention it: both small.
	r = row(t, m, "code", "Theme two/Code c", "value", "woman")
	want(t, m, r, "participants", "<2")
	// Theme one: women 2 (shown), men 0 (zero is shown).
	want(t, m, row(t, m, "code", "Theme one", "value", "woman"), "participants", 2)
	want(t, m, row(t, m, "code", "Theme one", "value", "man"), "participants", 0)

	if _, err := analysis.New(tiny(), analysis.Options{SuppressBelow: -1}); err == nil {
		t.Error("negative suppression accepted")
	}
}

func TestThemes(t *testing.T) {
	ts, err := newAnalysis(t, tiny(), analysis.Options{}).Themes()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Theme != "Theme one" || ts[1].Theme != "Theme two" {
		t.Fatalf("themes %+v", ts)
	}
	if ts[0].SubCodes.Rows() != 2 || ts[1].SubCodes.Rows() != 1 {
		t.Errorf("sub-code rows %d, %d; want 2, 1", ts[0].SubCodes.Rows(), ts[1].SubCodes.Rows())
	}
	// Words: "lawyers" occurs twice in theme one's coded text and once in
	// theme two's (coding 7 covers "Lawyers are expensive."), so it is in
	// both themes and weighs 0: left out. Theme one's text has no other
	// word twice.
	for _, w := range ts[0].Words {
		if w.Word == "lawyers" {
			t.Errorf("a word of every theme is distinctive: %+v", w)
		}
	}
	// Two participants spoke theme one: two quotes, never one person twice.
	if len(ts[0].Quotes) != 2 || ts[0].Quotes[0].Participant == ts[0].Quotes[1].Participant {
		t.Errorf("theme one quotes %+v: want one of each of two participants", ts[0].Quotes)
	}
	tables := analysis.ThemeTables(ts, 0)
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name)
	}
	if strings.Join(names, ",") != "themes,theme_cities,theme_words,theme_quotes" {
		t.Errorf("theme tables %v", names)
	}
}

func TestQuotesNeverNamePeople(t *testing.T) {
	a := newAnalysis(t, tiny(), analysis.Options{})
	ts, err := a.Themes()
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	n := a.Needs()
	for r := 0; r < n.Rows(); r++ {
		all = append(all, n.Machine(r, n.Col("quote_1_by")), n.Machine(r, n.Col("quote_2_by")))
	}
	for _, th := range ts {
		for _, q := range th.Quotes {
			all = append(all, q.By(), q.Text)
		}
	}
	for _, s := range all {
		for _, name := range []string{"Alice", "Bob", "Chloé"} {
			if strings.Contains(s, name) {
				t.Errorf("%q names a participant by pseudonym", s)
			}
		}
	}
}

func TestCellFormats(t *testing.T) {
	f := newAnalysis(t, tiny(), analysis.Options{}).Frequencies()
	r := row(t, f, "code", "Theme one")
	tests := []struct {
		col, human, machine string
	}{
		{"participants", "2 of 3", "2"},
		{"share", "67%", "0.6667"},
		{"cities", "2 of 2", "2"},
		{"code", "Theme one", "Theme one"},
	}
	for _, tc := range tests {
		c := f.Col(tc.col)
		if h, m := f.Human(r, c), f.Machine(r, c); h != tc.human || m != tc.machine {
			t.Errorf("%s: human %q machine %q, want %q %q", tc.col, h, m, tc.human, tc.machine)
		}
	}
}
