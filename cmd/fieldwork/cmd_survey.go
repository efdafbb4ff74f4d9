package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newSurveyCmd(env *Env, runF func(*listOptions) error) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "survey PROJECT",
		Short: "Surveys: define an instrument, import responses, summarise, map questions to needs",
		Long: `List the project's surveys, or work with one:

  survey instrument PROJECT [FILE]     define the instrument (YAML/JSON), infer one from an
                                       export (CSV/XLSX), or show the stored one
  survey import PROJECT FILE           import an export (CSV/XLSX: plain, Qualtrics, LimeSurvey,
                                       KoboToolbox/ODK, Google Forms), validated, all or nothing
  survey summary PROJECT               frequencies, Likert summaries, crosstabs with chi-square
  survey map PROJECT QUESTION CODE     the question's mean rating becomes the need's survey priority`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runSurveys(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newSurveyInstrumentCmd(env, nil), newSurveyImportCmd(env, nil), newSurveySummaryCmd(env, nil), newSurveyMapCmd(env, nil))
	return cmd
}

type surveyJSON struct {
	Name        string `json:"name"`
	Questions   int    `json:"questions"`
	Respondents int    `json:"respondents"`
	Linked      int    `json:"linked"`
	Answers     int    `json:"answers"`
}

func runSurveys(env *Env, o *listOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Surveys()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]surveyJSON, 0, len(list))
		for _, x := range list {
			out = append(out, surveyJSON{x.Name, x.Questions, x.Respondents, x.Linked, x.Answers})
		}
		return env.printJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Out, "no survey yet: import one with `fieldwork survey import PROJECT FILE`")
		return nil
	}
	t := newTable("survey", "questions", "respondents", "linked", "answers").alignRight(1, 2, 3, 4)
	for _, x := range list {
		t.add(x.Name, itoa(x.Questions), itoa(x.Respondents), itoa(x.Linked), itoa(x.Answers))
	}
	return t.print(env)
}
