package main

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

type surveyMapOptions struct {
	project, survey, question, code string
	remove, json                    bool
}

type surveyMapJSON struct {
	Survey   string `json:"survey"`
	Question string `json:"question"`
	Text     string `json:"text"`
	Code     string `json:"code"`
}

func newSurveyMapCmd(env *Env, runF func(*surveyMapOptions) error) *cobra.Command {
	o := &surveyMapOptions{}
	cmd := &cobra.Command{
		Use:   "map PROJECT [QUESTION CODE]",
		Short: "Map a Likert or rating question to a need: its mean rating becomes the need's survey priority",
		Long: `Map a survey question (Likert or rating) to a code of the codebook: the needs table
shows the question's mean rating as that need's survey priority. Without QUESTION
and CODE, list the maps; --remove removes one.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 && len(args) != 3 {
				return usagef("%s: expects PROJECT, or PROJECT QUESTION CODE", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if len(args) == 3 {
				o.question, o.code = args[1], args[2]
			}
			if runF != nil {
				return runF(o)
			}
			return runSurveyMap(env, o)
		},
	}
	cmd.Flags().StringVar(&o.survey, "survey", "", "the survey (when the project has several)")
	cmd.Flags().BoolVar(&o.remove, "remove", false, "remove the map instead")
	cmd.Flags().BoolVar(&o.json, "json", false, "list the maps as a JSON array")
	return cmd
}

func runSurveyMap(env *Env, o *surveyMapOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	if o.question == "" {
		return printSurveyMaps(env, s, o)
	}
	if o.remove {
		if err := s.UnmapQuestion(o.survey, o.question, o.code); err != nil {
			return err
		}
		fmt.Fprintf(env.Out, "removed the map of %s to %s\n", o.question, o.code)
		return nil
	}
	m, err := s.MapQuestion(o.survey, o.question, o.code)
	if err != nil {
		return err
	}
	d, err := s.SurveyData(env.ctx(), m.Survey)
	if err != nil {
		return err
	}
	mean, n := d.MeanRating(m.Question)
	fmt.Fprintf(env.Out, "mapped %s %s to %s: survey priority %s (mean of %d answers, scale %s)\n",
		m.Survey, m.Question, m.Code, fmtNum(mean), n, d.Instrument.Question(m.Question).Range())
	return nil
}

func printSurveyMaps(env *Env, s *store.Store, o *surveyMapOptions) error {
	maps, err := s.SurveyMaps()
	if err != nil {
		return err
	}
	if o.json {
		out := make([]surveyMapJSON, 0, len(maps))
		for _, m := range maps {
			out = append(out, surveyMapJSON{m.Survey, m.Question, m.Text, m.Code})
		}
		return env.printJSON(out)
	}
	if len(maps) == 0 {
		fmt.Fprintln(env.Out, "no question is mapped to a need yet: fieldwork survey map PROJECT QUESTION CODE")
		return nil
	}
	sort.SliceStable(maps, func(i, j int) bool { return maps[i].Survey < maps[j].Survey })
	t := newTable("survey", "question", "code", "text")
	for _, m := range maps {
		t.add(m.Survey, m.Question, m.Code, textfit.Clip(m.Text, 60))
	}
	return t.print(env)
}
