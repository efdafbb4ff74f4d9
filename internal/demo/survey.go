package demo

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// The demo survey: its instrument and its Qualtrics export, embedded from
// corpus/survey (the same invented respondents are exported there in
// every shape fieldwork reads).
const (
	SurveyInstrument = "corpus/survey/instrument.yaml"
	SurveyExport     = "corpus/survey/qualtrics.csv"
)

// SurveyAttributes are the survey questions whose answers become attributes
// of the linked focus-group participants.
var SurveyAttributes = []string{"trust_police"}

// SurveyMaps map the survey's priority questions to the needs of the
// starter codebook: their mean ratings are the needs' survey priority.
var SurveyMaps = [][2]string{
	{"prio_documents", "Immigration documents and delays"},
	{"prio_legal", "Legal assistance"},
	{"prio_employment", "Employment and credential recognition"},
	{"prio_security", "Surveillance and digital threats"},
	{"prio_police", "Police and public-safety response"},
	{"prio_mentorship", "Mentorship"},
	{"prio_networking", "Networking"},
	{"prio_platform", "Secure collaboration platform"},
	{"prio_peer", "Peer support"},
}

// importSurvey imports the demo survey: 177 respondents, the 27 focus-group
// participants among them linked by participant_id. Its open answers stay
// answers (no source), so that the demo keeps its three focus groups.
func importSurvey(ctx context.Context, p *project.Project) (*store.SurveyReport, error) {
	idata, err := fs.ReadFile(Corpus, SurveyInstrument)
	if err != nil {
		return nil, err
	}
	in, err := survey.ParseInstrument("instrument.yaml", idata)
	if err != nil {
		return nil, err
	}
	data, err := fs.ReadFile(Corpus, SurveyExport)
	if err != nil {
		return nil, err
	}
	g, err := survey.ReadGrid("qualtrics.csv", data)
	if err != nil {
		return nil, err
	}
	im, err := p.ReadResponses(g, in, survey.ReadOptions{LinkColumn: "participant_id"})
	if err != nil {
		return nil, err
	}
	if err := im.Err("qualtrics.csv", 5); err != nil {
		return nil, err
	}
	rep, err := p.ImportSurvey(ctx, project.SurveyImport{Instrument: in, Responses: im.Responses, Attributes: SurveyAttributes, NoSources: true})
	if err != nil {
		return nil, err
	}
	for _, m := range SurveyMaps {
		if _, err := p.Store().MapQuestion(in.Name, m[0], m[1]); err != nil {
			return nil, fmt.Errorf("demo survey: map %s: %w", m[0], err)
		}
	}
	return rep, nil
}
