package store

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/survey"
)

const surveyYAML = `
name: needs
scales:
  prio3: [Low, Medium, High]
missing: [{code: "98", label: "Don't know"}]
questions:
  - {id: city, type: single, options: [Ottawa, Toronto], no_missing: true}
  - {id: help, type: multiple, options: [legal, jobs]}
  - {id: prio_legal, type: likert, scale: prio3}
  - {id: age, type: numeric, min: 0, max: 120}
  - {id: other, text: "Anything else?", type: text}
`

func surveyFixture(t testing.TB) (*Store, *survey.Instrument) {
	t.Helper()
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "fg1", "G1", sample)}); err != nil {
		t.Fatal(err)
	}
	in, err := survey.ParseInstrument("needs.yaml", []byte(surveyYAML))
	if err != nil {
		t.Fatal(err)
	}
	return s, in
}

func responses() []survey.Response {
	return []survey.Response{
		{Row: 2, Ref: "r1", Participant: "G1-P01", Values: []string{"Ottawa", "legal;jobs", "High", "34", "Faster permits, please."}},
		{Row: 3, Ref: "r2", Participant: "", Values: []string{"Toronto", "jobs", "Medium", "", "A mentor would help."}},
		{Row: 4, Ref: "r3", Participant: "G1-P02", Values: []string{"Ottawa", "", "98", "51", ""}},
	}
}

// openAnswers is the source internal/project makes of the fixture's open
// answers (question "other"): one turn per answer, a linked respondent's
// spoken by their participant.
func openAnswers() NewSource {
	text := "Faster permits, please.\n\nA mentor would help."
	return NewSource{Force: true, Source: coding.Source{Name: "needs-other", Kind: coding.KindSurveyAnswer, Format: "survey", FileName: "export.csv", Text: text},
		Turns: []coding.Turn{
			{Index: 0, Speaker: "G1-P01", Participant: "G1-P01", Start: 0, End: 23, Line: 2},
			{Index: 1, Speaker: "Respondent r2", Start: 25, End: 45, Line: 3},
		}}
}

func TestImportSurvey(t *testing.T) {
	s, in := surveyFixture(t)
	rep, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: responses(), Attributes: []string{"city", "help"}, Sources: []NewSource{openAnswers()}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Defined || rep.Respondents != 3 || rep.Linked != 2 || rep.Answers != 12 || rep.Attributes != 3 || len(rep.Sources) != 1 {
		t.Fatalf("report %+v", rep)
	}
	// Attributes of linked participants, labelled.
	ps, err := s.Participants()
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]map[string]string{}
	for _, p := range ps {
		attrs[p.ID] = p.Attributes
	}
	if attrs["G1-P01"]["city"] != "Ottawa" || attrs["G1-P01"]["help"] != "legal; jobs" || attrs["G1-P02"]["city"] != "Ottawa" {
		t.Errorf("attributes %v", attrs)
	}
	// Open answers: one source, a turn per answer, bound to the linked
	// participant or to a respondent-labelled participant.
	src, err := s.Source("needs-other")
	if err != nil {
		t.Fatal(err)
	}
	if src.Kind != coding.KindSurveyAnswer || src.Text != "Faster permits, please.\n\nA mentor would help." || src.FileName != "export.csv" {
		t.Errorf("source %+v", src)
	}
	turns, err := s.Turns(src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != 2 || turns[0].Participant != "G1-P01" || turns[1].Participant != "needs-other-P01" || turns[1].Start != 25 || turns[1].Line != 3 {
		t.Errorf("turns %+v", turns)
	}
	// The data back, canonical.
	d, err := s.SurveyData(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(d.Respondents) != 3 || d.Respondents[0].Participant != "G1-P01" || d.Values[1][0] != "legal;jobs" || d.Values[3][1] != "" {
		t.Errorf("data %+v", d)
	}
	// A second import of the same rows is refused whole.
	_, err = s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: responses()[1:]})
	if err == nil || !strings.Contains(err.Error(), `row 3: respondent "r2" is already in survey "needs"`) {
		t.Errorf("second import: %v", err)
	}
	list, err := s.Surveys()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Respondents != 3 || list[0].Answers != 12 {
		t.Errorf("surveys %+v", list)
	}
	srcs, _ := s.Sources()
	if len(srcs) != 2 {
		t.Errorf("%d sources after a refused import, want 2", len(srcs))
	}
}

func TestImportSurveyRefusals(t *testing.T) {
	s, in := surveyFixture(t)
	bad := responses()
	bad[2].Participant = "NOPE"
	if _, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: bad}); err == nil || !strings.Contains(err.Error(), `row 4: "NOPE" is not a participant`) {
		t.Errorf("unknown participant: %v", err)
	}
	if _, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: responses(), Attributes: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), "no such question") {
		t.Errorf("unknown attribute: %v", err)
	}
	if list, _ := s.Surveys(); len(list) != 0 {
		t.Errorf("a refused import left %v", list)
	}
}

func TestDefineInstrument(t *testing.T) {
	s, in := surveyFixture(t)
	if changed, err := s.DefineInstrument(in); err != nil || !changed {
		t.Fatalf("define: %v %v", changed, err)
	}
	if changed, err := s.DefineInstrument(in); err != nil || changed {
		t.Errorf("same again: %v %v", changed, err)
	}
	if _, err := s.MapQuestion("", "prio_legal", "nosuch"); !errors.Is(err, ErrNotFound) {
		t.Errorf("map to unknown code: %v", err)
	}
	// Redefine without respondents: allowed.
	in2 := *in
	in2.Questions = append([]survey.Question(nil), in.Questions...)
	in2.Questions[0].Text = "Which city?"
	if changed, err := s.DefineInstrument(&in2); err != nil || !changed {
		t.Errorf("redefine: %v %v", changed, err)
	}
	got, err := s.Instrument("needs")
	if err != nil || got.Questions[0].Text != "Which city?" || *got.Questions[3].Max != 120 {
		t.Errorf("stored %+v %v", got, err)
	}
	if _, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: &in2, Responses: responses()}); err != nil {
		t.Fatal(err)
	}
	in2.Questions[0].Text = "Where?"
	if _, err := s.DefineInstrument(&in2); err == nil || !strings.Contains(err.Error(), "already has 3 respondents") {
		t.Errorf("redefine with respondents: %v", err)
	}
	if _, err := s.Instrument("other"); !errors.Is(err, ErrNoSurvey) {
		t.Errorf("unknown survey: %v", err)
	}
}

func TestMapQuestionAndDataset(t *testing.T) {
	s, in := surveyFixture(t)
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: responses(), Sources: []NewSource{openAnswers()}}); err != nil {
		t.Fatal(err)
	}
	m, err := s.MapQuestion("", "prio_legal", "Legal assistance")
	if err != nil || m.Code != "Adaptation and support systems/Legal assistance" {
		t.Fatalf("map: %+v %v", m, err)
	}
	if _, err := s.MapQuestion("", "city", "Legal assistance"); err == nil || !strings.Contains(err.Error(), "only a Likert or rating") {
		t.Errorf("map a single choice: %v", err)
	}
	maps, err := s.SurveyMaps()
	if err != nil || len(maps) != 1 || maps[0].Question != "prio_legal" {
		t.Errorf("maps %+v %v", maps, err)
	}
	d, err := s.Dataset(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Surveys) != 1 || len(d.Surveys[0].Codes["prio_legal"]) != 1 {
		t.Fatalf("dataset surveys %+v", d.Surveys)
	}
	// High = 3, Medium = 2 (98 is missing): mean 2.5.
	if mean, n := d.Surveys[0].MeanRating("prio_legal"); mean != 2.5 || n != 2 {
		t.Errorf("mean rating %v of %d", mean, n)
	}
	kinds := map[string]string{}
	for _, src := range d.Sources {
		kinds[src.Name] = src.Kind
	}
	if kinds["needs-other"] != "survey-answer" || kinds["fg1"] != "transcript" {
		t.Errorf("kinds %v", kinds)
	}
	if err := s.UnmapQuestion("", "prio_legal", "Legal assistance"); err != nil {
		t.Fatal(err)
	}
	if err := s.UnmapQuestion("", "prio_legal", "Legal assistance"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unmap twice: %v", err)
	}
}

// benchSurvey makes an instrument of nq questions (mostly Likert, some
// single and multiple choices, numbers and one open question) and n
// respondents' answers.
func benchSurvey(n, nq int) (*survey.Instrument, []survey.Response) {
	in := &survey.Instrument{Name: "bench"}
	agree := []survey.Option{{Code: "1", Label: "Strongly disagree"}, {Code: "2", Label: "Disagree"}, {Code: "3", Label: "Neutral"}, {Code: "4", Label: "Agree"}, {Code: "5", Label: "Strongly agree"}}
	missing := []survey.Option{{Code: "98", Label: "Don't know"}}
	for i := 0; i < nq; i++ {
		q := survey.Question{ID: fmt.Sprintf("q%02d", i+1)}
		switch {
		case i == nq-1:
			q.Type = survey.Text
		case i%10 == 1:
			q.Type, q.Options, q.Missing = survey.Single, []survey.Option{{Code: "a", Label: "A"}, {Code: "b", Label: "B"}, {Code: "c", Label: "C"}}, missing
		case i%10 == 2:
			q.Type, q.Options = survey.Multiple, []survey.Option{{Code: "x", Label: "X"}, {Code: "y", Label: "Y"}, {Code: "z", Label: "Z"}, {Code: "w", Label: "W"}}
		case i%10 == 3:
			q.Type = survey.Numeric
		default:
			q.Type, q.Scale, q.Options, q.Missing = survey.Likert, "agree5", agree, missing
		}
		in.Questions = append(in.Questions, q)
	}
	r := rand.New(rand.NewPCG(1, 2))
	resp := make([]survey.Response, n)
	multi := []string{"x", "y", "x;z", "y;w", "x;y;z;w", "z"}
	for i := range resp {
		vals := make([]string, nq)
		for j, q := range in.Questions {
			if r.IntN(50) == 0 {
				continue
			}
			switch q.Type {
			case survey.Text:
				if r.IntN(10) == 0 {
					vals[j] = "We need faster documents and a mentor."
				}
			case survey.Single:
				vals[j] = []string{"a", "b", "c", "98"}[r.IntN(4)]
			case survey.Multiple:
				vals[j] = multi[r.IntN(len(multi))]
			case survey.Numeric:
				vals[j] = fmt.Sprint(18 + r.IntN(60))
			default:
				vals[j] = fmt.Sprint(1 + r.IntN(5))
			}
		}
		resp[i] = survey.Response{Row: i + 2, Ref: fmt.Sprintf("R%06d", i+1), Values: vals}
	}
	return in, resp
}

// BenchmarkSurveyImportSummarise imports 100,000 responses to 60 questions
// into a project (one transaction) and summarises every question with a
// crosstab by a single-choice question.
//
//	go test ./internal/store -run '^$' -bench SurveyImportSummarise -benchtime 1x
func BenchmarkSurveyImportSummarise(b *testing.B) {
	in, resp := benchSurvey(100_000, 60)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, _ := create(b, Options{})
		b.StartTimer()
		if _, err := s.ImportSurvey(b.Context(), SurveyImport{Instrument: in, Responses: resp}); err != nil {
			b.Fatal(err)
		}
		d, err := s.SurveyData(b.Context(), "")
		if err != nil {
			b.Fatal(err)
		}
		by, err := d.ByQuestion("q02")
		if err != nil {
			b.Fatal(err)
		}
		sum, err := survey.Summarize(d, survey.SummaryOptions{By: by})
		if err != nil {
			b.Fatal(err)
		}
		if len(sum.Questions) != 60 || math.IsNaN(sum.Questions[0].Mean) {
			b.Fatalf("summary of %d questions", len(sum.Questions))
		}
	}
}

// TestBenchSurveyShape keeps the benchmark's fixture honest at a small size.
func TestBenchSurveyShape(t *testing.T) {
	in, resp := benchSurvey(200, 60)
	s, _ := create(t, Options{})
	rep, err := s.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: resp})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Respondents != 200 || rep.Answers == 0 {
		t.Errorf("report %+v", rep)
	}
	// Every respondent back in order with their answers, across the
	// batches the import wrote them in (the last one shorter).
	d, err := s.SurveyData(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	answers := 0
	for r, want := range resp {
		if d.Respondents[r].Ref != want.Ref {
			t.Fatalf("respondent %d is %s, want %s", r, d.Respondents[r].Ref, want.Ref)
		}
		for q, v := range want.Values {
			if v != "" {
				answers++
			}
			if d.Values[q][r] != v {
				t.Fatalf("respondent %s question %d = %q, want %q", want.Ref, q, d.Values[q][r], v)
			}
		}
	}
	if rep.Answers != answers {
		t.Errorf("%d answers reported, %d given", rep.Answers, answers)
	}
}
