package project

import (
	"context"
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// ReadResponses reads an export's responses against the instrument. A
// link column (ro.LinkColumn) may name only participants who are not
// facilitators: a facilitator runs the focus group and is never a survey
// respondent. This is the one place the rule is applied.
func (p *Project) ReadResponses(g *survey.Grid, in *survey.Instrument, ro survey.ReadOptions) (*survey.Import, error) {
	if ro.LinkColumn != "" {
		ps, err := p.st.Participants()
		if err != nil {
			return nil, err
		}
		ro.Participants = []string{}
		for _, x := range ps {
			if !x.Facilitator {
				ro.Participants = append(ro.Participants, x.ID)
			}
		}
	}
	return survey.Read(g, in, ro)
}

// SurveyImport is a survey export's valid responses, ready to import.
type SurveyImport struct {
	Instrument *survey.Instrument
	Responses  []survey.Response
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
	si := store.SurveyImport{Instrument: imp.Instrument, Responses: imp.Responses, Attributes: imp.Attributes}
	if !imp.NoSources {
		si.Sources = openAnswerSources(imp.Instrument, imp.Responses, imp.FileName)
		if err := segment(si.Sources); err != nil {
			return nil, err
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
