package project

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// ReadResponses reads an export's responses against the instrument (see
// readOptions for the link column's rule).
func (p *Project) ReadResponses(g *survey.Grid, in *survey.Instrument, ro survey.ReadOptions) (*survey.Import, error) {
	ro, err := p.readOptions(ro)
	if err != nil {
		return nil, err
	}
	return survey.Read(g, in, ro)
}

// readOptions completes ro: a link column (ro.LinkColumn) may name only
// participants who are not facilitators: a facilitator runs the focus
// group and is never a survey respondent. This is the one place the rule
// is applied.
func (p *Project) readOptions(ro survey.ReadOptions) (survey.ReadOptions, error) {
	if ro.LinkColumn == "" {
		return ro, nil
	}
	ps, err := p.st.Participants()
	if err != nil {
		return ro, err
	}
	ro.Participants = []string{}
	for _, x := range ps {
		if !x.Facilitator {
			ro.Participants = append(ro.Participants, x.ID)
		}
	}
	return ro, nil
}

// ReadError is a failure to read an export against its instrument (no
// question found, an unknown --id column), as opposed to one of the import.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// errImportEnded stops a read whose import has already failed.
var errImportEnded = errors.New("the import ended")

// ReadImportSurvey reads g's responses against imp.Instrument and imports
// them as they are read, in one transaction, all or nothing: the first
// respondents are written while later rows are still being read (imp's
// Responses and Stream are its own). accept sees what was read (bindings,
// invalid rows) before anything is kept; an error from it refuses the
// import and is returned as is. A failure to read is a *ReadError.
func (p *Project) ReadImportSurvey(ctx context.Context, g *survey.Grid, ro survey.ReadOptions, imp SurveyImport, accept func(*survey.Import) error) (*store.SurveyReport, error) {
	// Before the import takes the project's connection for its transaction.
	ro, err := p.readOptions(ro)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream := make(chan []survey.Response, 8)
	imp.Responses, imp.Stream = nil, stream
	in := imp.Instrument
	imp.Instrument = in.Clone() // the import's own: Read uses in meanwhile
	var rep *store.SurveyReport
	var importErr error
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		rep, importErr = p.ImportSurvey(ctx, imp)
	}()
	ro.Each = func(batch []survey.Response) error {
		select {
		case stream <- batch:
			return nil
		case <-finished:
			return errImportEnded
		}
	}
	im, err := survey.Read(g, in, ro)
	if err == nil {
		err = accept(im)
	}
	if err != nil {
		cancel() // before the stream ends, so that the import keeps nothing
	}
	close(stream)
	<-finished
	switch {
	case errors.Is(err, errImportEnded):
		return nil, importErr
	case err != nil && im == nil:
		return nil, &ReadError{err}
	case err != nil:
		return nil, err
	}
	return rep, importErr
}

// SurveyImport is a survey export's valid responses, ready to import.
type SurveyImport struct {
	Instrument *survey.Instrument
	Responses  []survey.Response
	// Stream, when not nil, brings the responses instead of Responses,
	// in batches as the export is read (survey.ReadOptions.Each); the
	// import ends when it is closed, and keeps nothing if its context was
	// cancelled first (see store.SurveyImport).
	Stream <-chan []survey.Response
	// Attributes are question ids whose answers become attributes of the
	// linked participants.
	Attributes []string
	// FileName is the export's base name, recorded on the sources made of
	// open answers.
	FileName string
	// NoSources keeps open answers as answers only, without making them
	// sources (nor unlinked respondents participants).
	NoSources bool
}

// ImportSurvey imports a survey's responses in one transaction, all or
// nothing. Each open-text question with answers becomes a source of kind
// survey-answer named SURVEY-QUESTION (unless NoSources), its text the
// answers separated by blank lines, each answer a turn spoken by the
// respondent's participant, or, when the respondent is not linked, by a
// speaker "Respondent REF" of the source's own group; the sources are
// segmented like transcripts.
func (p *Project) ImportSurvey(ctx context.Context, imp SurveyImport) (*store.SurveyReport, error) {
	for _, a := range imp.Attributes {
		q := imp.Instrument.Question(a)
		if q == nil {
			return nil, fmt.Errorf("--attributes %s: no such question in survey %s", a, imp.Instrument.Name)
		}
		if !q.Type.Closed() && q.Type != survey.Numeric && q.Type != survey.Date {
			return nil, fmt.Errorf("--attributes %s: an open-text answer cannot become an attribute", q.ID)
		}
	}
	si := store.SurveyImport{Instrument: imp.Instrument, Responses: imp.Responses, Stream: imp.Stream, Attributes: imp.Attributes}
	if !imp.NoSources {
		si.SourcesOf = func(all []survey.Response) ([]store.NewSource, error) {
			srcs := openAnswerSources(imp.Instrument, all, imp.FileName)
			return srcs, segment(srcs)
		}
	}
	return p.st.ImportSurvey(ctx, si)
}

// openAnswerSources makes one source per open-text question with answers.
func openAnswerSources(in *survey.Instrument, responses []survey.Response, fileName string) []store.NewSource {
	var out []store.NewSource
	for qi, q := range in.Questions {
		if q.Type != survey.Text {
			continue
		}
		var b strings.Builder
		var turns []coding.Turn
		pos := 0
		for _, r := range responses {
			v := strings.TrimSpace(r.Values[qi])
			if v == "" {
				continue
			}
			v = strings.Join(strings.Fields(strings.ReplaceAll(v, "\r", "")), " ")
			if len(turns) > 0 {
				b.WriteString("\n\n")
				pos += 2
			}
			n := len([]rune(v))
			label := "Respondent " + r.Ref
			if r.Participant != "" {
				label = r.Participant
			}
			turns = append(turns, coding.Turn{Index: len(turns), Speaker: label, Participant: r.Participant, Start: pos, End: pos + n, Line: r.Row})
			b.WriteString(v)
			pos += n
		}
		if len(turns) == 0 {
			continue
		}
		out = append(out, store.NewSource{Force: true, Turns: turns, Source: coding.Source{
			Name: in.Name + "-" + q.ID, Kind: coding.KindSurveyAnswer, Format: "survey", FileName: fileName, Text: b.String(),
		}})
	}
	return out
}

// SurveyBy resolves a crosstab's --by: a question of the survey, else a
// participant field (city, group) or attribute of linked respondents.
// Names that are neither, or that no linked respondent has, are an
// InvalidError.
func (p *Project) SurveyBy(d *survey.Data, by string) (*survey.By, error) {
	if d.Instrument.QuestionIndex(by) >= 0 {
		b, err := d.ByQuestion(by)
		if err != nil {
			return nil, InvalidError{err}
		}
		return b, nil
	}
	ps, err := p.st.Participants()
	if err != nil {
		return nil, err
	}
	key := strings.ToLower(by)
	vals := map[string]string{}
	found := false
	for _, x := range ps {
		var v string
		switch key {
		case "city":
			v = x.City
		case "group":
			v = x.Group
		default:
			v = x.Attributes[key]
		}
		if v != "" {
			found = true
		}
		vals[strings.ToLower(x.ID)] = v
	}
	b := &survey.By{Name: by, Values: make([]string, len(d.Respondents))}
	linked := false
	for r, resp := range d.Respondents {
		if resp.Participant != "" {
			b.Values[r] = vals[strings.ToLower(resp.Participant)]
			linked = linked || b.Values[r] != ""
		}
	}
	if !found {
		return nil, InvalidError{fmt.Errorf("--by %q: no question of survey %s and no participant attribute of that name", by, d.Instrument.Name)}
	}
	if !linked {
		return nil, InvalidError{fmt.Errorf("--by %q: no respondent of survey %s is linked to a participant with a %s (import with --link-by)", by, d.Instrument.Name, by)}
	}
	return b, nil
}
