package project

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/survey"
)

const sample = `Facilitator: Welcome, and thank you for coming tonight.
P1: My hearing date moved twice. I waited seven months for a work permit.
P2: Someone called my mother back home and asked where I live.
Facilitator: How did the police respond?
P1: They did not understand what transnational repression is.
`

func create(t testing.TB) *Project {
	t.Helper()
	p, err := Create(filepath.Join(t.TempDir(), "p.fwp"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func importSample(t *testing.T, p *Project) {
	t.Helper()
	_, err := p.ImportTranscripts(t.Context(), []Transcript{{Path: "fg1.txt", Data: []byte(sample), Meta: coding.SourceMeta{City: "Ottawa", Group: "G1"}}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportTranscripts(t *testing.T) {
	p := create(t)
	var seen []string
	got, err := p.ImportTranscripts(t.Context(), []Transcript{
		{Path: "a/fg1.txt", Data: []byte(sample), Meta: coding.SourceMeta{Group: "G1"}},
		{Path: "b/fg2.txt", Data: []byte("P1: One sentence. Two sentences.\n"), Meta: coding.SourceMeta{Group: "G2"}},
	}, ImportOptions{Progress: func(n int, name string) { seen = append(seen, fmt.Sprint(n, name)) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Source.Name != "fg1" || got[0].Turns != 5 || got[0].Speakers != 3 || got[0].Sentences < 5 || got[1].Sentences != 2 {
		t.Errorf("imported %+v", got)
	}
	if strings.Join(seen, ",") != "1fg1.txt,2fg2.txt" {
		t.Errorf("progress %v", seen)
	}
	// Sentences are stored: segmentation happens here, not in the store.
	sents, err := p.Store().Sentences(got[1].Source.ID)
	if err != nil || len(sents) != 2 {
		t.Errorf("stored sentences %v %v", sents, err)
	}
}

func TestImportTranscriptsAllOrNothing(t *testing.T) {
	p := create(t)
	tests := []struct {
		name  string
		files []Transcript
		want  string
	}{
		{"same name", []Transcript{{Path: "a/fg.txt", Data: []byte(sample)}, {Path: "b/fg.txt", Data: []byte("P1: Other words.\n")}}, "would also be named"},
		{"missing file", []Transcript{{Path: "fg.txt", Data: []byte(sample)}, {Path: filepath.Join(t.TempDir(), "none.txt")}}, "none.txt"},
		{"same text", []Transcript{{Path: "x.txt", Data: []byte(sample)}, {Path: "y.txt", Data: []byte(sample)}}, "same text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.ImportTranscripts(t.Context(), tc.files, ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if srcs, _ := p.Store().Sources(); len(srcs) != 0 {
				t.Errorf("a refused import left %d sources", len(srcs))
			}
		})
	}
}

const surveyYAML = `
name: needs
questions:
  - {id: city, type: single, options: [Ottawa, Toronto]}
  - {id: other, text: "Anything else?", type: text}
`

func surveyGrid(t *testing.T, csv string) (*survey.Grid, *survey.Instrument) {
	t.Helper()
	in, err := survey.ParseInstrument("needs.yaml", []byte(surveyYAML))
	if err != nil {
		t.Fatal(err)
	}
	g, err := survey.ReadGrid("export.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	return g, in
}

// A facilitator is never a survey respondent: a link to one is refused
// like a link to nobody, for every caller.
func TestReadResponsesFacilitatorRule(t *testing.T) {
	p := create(t)
	importSample(t, p)
	g, in := surveyGrid(t, "id,pid,city,other\nr1,G1-P01,Ottawa,Faster permits.\nr2,G1-F01,Toronto,\n")
	im, err := p.ReadResponses(g, in, survey.ReadOptions{LinkColumn: "pid"})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Responses) != 1 || im.Responses[0].Participant != "G1-P01" || len(im.Invalid) != 1 {
		t.Fatalf("responses %+v, invalid %+v", im.Responses, im.Invalid)
	}
	if !strings.Contains(im.Invalid[0].Error(), "G1-F01") {
		t.Errorf("invalid row %v", im.Invalid[0])
	}
}

func TestImportSurveyOpenAnswers(t *testing.T) {
	p := create(t)
	importSample(t, p)
	g, in := surveyGrid(t, "id,pid,city,other\nr1,G1-P01,Ottawa,Faster permits please.\nr2,,Toronto,A mentor would help.\nr3,,Ottawa,\n")
	im, err := p.ReadResponses(g, in, survey.ReadOptions{LinkColumn: "pid"})
	if err != nil || len(im.Invalid) > 0 {
		t.Fatalf("%v %v", err, im.Invalid)
	}
	rep, err := p.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: im.Responses, FileName: "export.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Respondents != 3 || rep.Linked != 1 || len(rep.Sources) != 1 {
		t.Fatalf("report %+v", rep)
	}
	src, err := p.Store().Source("needs-other")
	if err != nil {
		t.Fatal(err)
	}
	if src.Kind != coding.KindSurveyAnswer || src.Text != "Faster permits please.\n\nA mentor would help." || src.FileName != "export.csv" {
		t.Errorf("source %+v", src)
	}
	turns, _ := p.Store().Turns(src.ID)
	if len(turns) != 2 || turns[0].Participant != "G1-P01" || turns[1].Participant != "needs-other-P01" || turns[1].Start != 24 || turns[1].Line != 3 {
		t.Errorf("turns %+v", turns)
	}
	if sents, _ := p.Store().Sentences(src.ID); len(sents) != 2 {
		t.Errorf("open answers not segmented: %v", sents)
	}
	// An open answer cannot become an attribute, nor can a question the
	// survey does not have.
	for _, a := range []string{"other", "nope"} {
		if _, err := p.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: im.Responses, Attributes: []string{a}}); err == nil || !strings.Contains(err.Error(), "--attributes "+a) {
			t.Errorf("attribute %s: %v", a, err)
		}
	}
	// --no-sources: answers only.
	g2, _ := surveyGrid(t, "id,city,other\nr9,Ottawa,More words.\n")
	im2, _ := p.ReadResponses(g2, in, survey.ReadOptions{})
	rep2, err := p.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: im2.Responses, NoSources: true})
	if err != nil || len(rep2.Sources) != 0 {
		t.Errorf("no sources: %+v %v", rep2, err)
	}
}

func TestSurveyBy(t *testing.T) {
	p := create(t)
	importSample(t, p)
	g, in := surveyGrid(t, "id,pid,city,other\nr1,G1-P01,Ottawa,\nr2,,Toronto,\n")
	im, _ := p.ReadResponses(g, in, survey.ReadOptions{LinkColumn: "pid"})
	if _, err := p.ImportSurvey(t.Context(), SurveyImport{Instrument: in, Responses: im.Responses}); err != nil {
		t.Fatal(err)
	}
	d, err := p.Store().SurveyData(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.SurveyBy(d, "group")
	if err != nil || b.Values[0] != "G1" || b.Values[1] != "" {
		t.Errorf("by group: %+v %v", b, err)
	}
	if b, err := p.SurveyBy(d, "city"); err != nil || b.Values[0] != "Ottawa" {
		t.Errorf("by question city: %+v %v", b, err)
	}
	for _, by := range []string{"gender", "nothing"} {
		if _, err := p.SurveyBy(d, by); !IsInvalid(err) {
			t.Errorf("by %s: %v is not an InvalidError", by, err)
		}
	}
}

func TestTracker(t *testing.T) {
	p := create(t)
	importSample(t, p)
	if _, _, err := p.Store().ImportCodebook(coding.StarterCodebook()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store().Apply(store.NewCoding{Source: "fg1", Code: "Legal assistance", Start: 58, End: 80, Coder: "ana"}); err != nil {
		t.Fatal(err)
	}
	stamp := store.Stamp{Author: "ana"}
	if _, err := p.Store().AddRecommendation(tracker.Draft{Title: "Legal help", Codes: []string{"Legal assistance"}}, stamp, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store().AddRecommendation(tracker.Draft{Title: "Nothing said"}, stamp, ""); err != nil {
		t.Fatal(err)
	}
	tr, err := p.Tracker(t.Context(), analysis.EvidenceQuotes)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Recs) != 2 || tr.Evidence[0].Participants != 1 || tr.Evidence[0].ParticipantsTotal != 2 || tr.Evidence[1].Strength != analysis.StrengthNone {
		t.Errorf("tracker %+v %+v", tr.Recs, tr.Evidence)
	}
	r, ev, err := p.Recommendation(t.Context(), "r1")
	if err != nil || r.ID != "R1" || ev.Participants != 1 || len(ev.Quotes) != 1 {
		t.Errorf("R1: %+v %+v %v", r, ev, err)
	}
	if _, _, err := p.Recommendation(t.Context(), "R9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("R9: %v", err)
	}
	if _, err := p.Analyse(t.Context(), analysis.Options{Filter: analysis.Filter{Where: map[string][]string{"city": {"Nowhere"}}}}); !IsInvalid(err) {
		t.Errorf("a filter that matches nothing: %v", err)
	}
}

// A cancelled import stops and leaves nothing behind.
func TestImportCancelled(t *testing.T) {
	p := create(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := p.ImportTranscripts(ctx, []Transcript{{Path: "fg.txt", Data: []byte(sample)}}, ImportOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("import with a cancelled context: %v", err)
	}
	if srcs, _ := p.Store().Sources(); len(srcs) != 0 {
		t.Errorf("a cancelled import left %d sources", len(srcs))
	}
}
