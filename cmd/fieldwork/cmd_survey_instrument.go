package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
	"github.com/fieldwork-qda/fieldwork/survey"
)

type instrumentOptions struct {
	project, file, survey, name, shape, out string
	json, yaml                              bool
}

func newSurveyInstrumentCmd(env *Env, runF func(*instrumentOptions) error) *cobra.Command {
	o := &instrumentOptions{}
	cmd := &cobra.Command{
		Use:   "instrument PROJECT [FILE]",
		Short: "Define a survey's instrument from YAML/JSON, infer one from an export, or show the stored one",
		Long: `With a YAML or JSON file, define (or redefine) the survey's instrument:

  name: community-needs-2026
  scales:
    priority5: [Not a priority, Low priority, Medium priority, High priority, Top priority]
  missing: [{code: "98", label: "Don't know"}]
  questions:
    - {id: city, text: Where do you live?, type: single, options: [Montreal, Ottawa, Toronto]}
    - {id: legal, text: Legal help with immigration, type: likert, scale: priority5}

Types: single, multiple, likert, rating, numeric (min, max), date, text. A survey
that already has respondents cannot change its questions.

With an export (CSV or XLSX), infer an instrument from its header and values and
print it as YAML (or write it to --out), to edit and then define. Without FILE,
show the stored instrument.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usagef("%s: expects PROJECT and an optional FILE", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if len(args) == 2 {
				o.file = args[1]
			}
			if runF != nil {
				return runF(o)
			}
			return runSurveyInstrument(env, o)
		},
	}
	cmd.Flags().StringVar(&o.survey, "survey", "", "the survey to show (when the project has several)")
	cmd.Flags().StringVar(&o.name, "name", "", "name of an inferred instrument (default: the export's file name)")
	cmd.Flags().StringVar(&o.shape, "shape", "", "the export's shape: plain, qualtrics, limesurvey, kobo, google (detected when not given)")
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "write the inferred instrument to this file instead of standard output")
	cmd.Flags().BoolVar(&o.json, "json", false, "show the stored instrument as JSON")
	cmd.Flags().BoolVar(&o.yaml, "yaml", false, "show the stored instrument as YAML")
	return cmd
}

func isInstrumentFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

func runSurveyInstrument(env *Env, o *instrumentOptions) error {
	if o.json && o.yaml {
		return usagef("--json and --yaml: give one")
	}
	if o.file == "" {
		return showInstrument(env, o)
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return err
	}
	if isInstrumentFile(o.file) {
		return defineInstrument(env, o, data)
	}
	return inferInstrument(env, o, data)
}

// showInstrument prints the stored instrument.
func showInstrument(env *Env, o *instrumentOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	in, err := s.Instrument(o.survey)
	if err != nil {
		return err
	}
	switch {
	case o.json:
		return in.WriteJSON(env.Out)
	case o.yaml:
		return in.WriteYAML(env.Out)
	}
	return printInstrument(env, in)
}

// defineInstrument stores the instrument of a YAML or JSON file.
func defineInstrument(env *Env, o *instrumentOptions, data []byte) error {
	in, err := survey.ParseInstrument(o.file, data)
	if err != nil {
		return err
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	changed, err := s.DefineInstrument(in)
	if err != nil {
		return fmt.Errorf("%s: %w", o.file, err)
	}
	if !changed {
		fmt.Fprintf(env.Out, "survey %s: the instrument is unchanged (%d questions)\n", in.Name, len(in.Questions))
		return nil
	}
	fmt.Fprintf(env.Out, "survey %s: defined %d questions (%s)\n", in.Name, len(in.Questions), typeCounts(in))
	return nil
}

// inferInstrument infers an instrument from an export and writes it as
// YAML, to edit and then define.
func inferInstrument(env *Env, o *instrumentOptions, data []byte) error {
	g, err := survey.ReadGrid(o.file, data)
	if err != nil {
		return err
	}
	shape, detected, err := pickShape(o.shape, g)
	if err != nil {
		return err
	}
	name := o.name
	if name == "" {
		name = coding.SourceName(o.file)
	}
	in, err := survey.Infer(g, shape, name)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := in.WriteYAML(&b); err != nil {
		return err
	}
	how := "forced"
	if detected {
		how = "detected"
	}
	msg := fmt.Sprintf("inferred %d questions (%s) from %s, read as %s (%s); check the types and options, then define it with:\n  fieldwork survey instrument %s FILE.yaml",
		len(in.Questions), typeCounts(in), filepath.Base(o.file), shape.Describe(), how, o.project)
	if o.out == "" {
		_, err := env.writeOut("", b.Bytes())
		fmt.Fprintln(env.Err, msg)
		return err
	}
	if !isInstrumentFile(o.out) {
		return usagef("--out %q: write the instrument to a .yaml or .json file", o.out)
	}
	if _, err := env.writeOut(o.out, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s: %s\n", o.out, strings.Replace(msg, "FILE.yaml", o.out, 1))
	return nil
}

func pickShape(flag string, g *survey.Grid) (survey.Shape, bool, error) {
	if flag == "" {
		return survey.DetectShape(g), true, nil
	}
	sh, err := survey.ParseShape(flag)
	if err != nil {
		return "", false, usagef("--shape: %v", err)
	}
	return sh, false, nil
}

func typeCounts(in *survey.Instrument) string {
	n := map[survey.Type]int{}
	for _, q := range in.Questions {
		n[q.Type]++
	}
	var parts []string
	for _, t := range survey.Types {
		if n[t] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[t], t))
		}
	}
	return strings.Join(parts, ", ")
}

func printInstrument(env *Env, in *survey.Instrument) error {
	fmt.Fprintf(env.Out, "survey %s: %d questions\n\n", in.Name, len(in.Questions))
	t := newTable("id", "type", "scale", "answers", "missing", "text")
	for _, q := range in.Questions {
		var answers string
		switch {
		case q.Type.Closed():
			labels := make([]string, len(q.Options))
			for i, o := range q.Options {
				labels[i] = o.Label
			}
			answers = textfit.Clip(strings.Join(labels, " | "), 60)
		case q.Type == survey.Numeric:
			answers = q.Allowed()
		}
		var miss []string
		for _, m := range q.Missing {
			miss = append(miss, m.Label)
		}
		scale := q.Scale
		if q.Type == survey.Numeric {
			scale = ""
		}
		t.add(q.ID, string(q.Type), scale, answers, strings.Join(miss, " | "), textfit.Clip(q.Text, 60))
	}
	return t.print(env)
}
