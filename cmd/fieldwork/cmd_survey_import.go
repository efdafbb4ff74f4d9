package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
	"github.com/fieldwork-qda/fieldwork/survey"
)

type surveyImportOptions struct {
	project, file, instrument, survey, name string
	id, linkBy, shape                       string
	attributes                              []string
	skipInvalid, noSources                  bool
}

func newSurveyImportCmd(env *Env, runF func(*surveyImportOptions) error) *cobra.Command {
	o := &surveyImportOptions{}
	cmd := &cobra.Command{
		Use:   "import PROJECT FILE",
		Short: "Import survey responses (CSV or XLSX) validated against the instrument, all or nothing",
		Long: `Import a survey export: CSV or XLSX, in the shapes survey platforms write:

  plain        one header row of question ids (or texts); multiple choice joined by ";"
  qualtrics    three header rows (ids, question texts, import ids); multiple choice joined by ","
  limesurvey   question codes, with q[SQ001] columns for sub-questions and options (Y or blank)
  kobo         KoboToolbox and ODK: group/question columns; multiple choice as space-separated
               codes or one 0/1 column per option (group/question/option)
  google       Google Forms: Timestamp, then question texts; multiple choice joined by ", "

The shape is detected (and said); --shape forces it. Answers may be option codes or
labels. Every value is checked against the instrument (--instrument FILE, else the
project's survey, else one inferred from the export): a bad value is reported with
its row, column and the allowed values, and nothing is imported unless
--skip-invalid, which imports the valid rows and lists every skipped one.

--link-by names the column holding focus-group participant ids (as in
` + "`fieldwork participants`" + `); --attributes q1,q2 copies those closed answers of linked
respondents into participant attributes. Open-text questions become sources of
kind survey-answer (SURVEY-QUESTION), one answer per turn, codable like transcripts:
a linked respondent's answer is spoken by their participant, an unlinked one's by a
speaker "Respondent ID" of the source's own group (--no-sources keeps open answers
as answers only). Tables leave survey-answer sources out unless named with --source.`,
		Args: exactArgs(2, "PROJECT and FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.file = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runSurveyImport(env, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.instrument, "instrument", "", "the instrument file (YAML or JSON); defines or checks the survey's instrument")
	f.StringVar(&o.survey, "survey", "", "the project's survey to import into (when it has several)")
	f.StringVar(&o.name, "name", "", "name of the survey when its instrument is inferred from the export")
	f.StringVar(&o.id, "id", "", "the respondent id column (default: ResponseId, _uuid, id ... if present, else R1, R2 ...)")
	f.StringVar(&o.linkBy, "link-by", "", "the column holding participant ids, linking respondents to focus-group participants")
	f.StringVar(&o.shape, "shape", "", "force the export's shape: plain, qualtrics, limesurvey, kobo (odk), google")
	f.StringSliceVar(&o.attributes, "attributes", nil, "questions whose answers become attributes of linked participants (q1,q2)")
	f.BoolVar(&o.skipInvalid, "skip-invalid", false, "import the valid rows and report every skipped one")
	f.BoolVar(&o.noSources, "no-sources", false, "keep open answers as answers only: make no source of them (and no participant of unlinked respondents)")
	return cmd
}

func runSurveyImport(env *Env, o *surveyImportOptions) error {
	// An import allocates little more than it keeps until the transaction
	// ends (the export's cells, then its answers), so collecting garbage on
	// the way is mostly wasted work: the collector waits until the heap
	// nears 1 GiB instead. 100,000 x 60 peaks at about 340 MB either way,
	// and takes 10% less CPU (bench/whole.sh).
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	shape, err := o.check()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return err
	}
	base := filepath.Base(o.file)
	g, err := survey.ReadGrid(o.file, data)
	if err != nil {
		return err
	}
	if shape == "" {
		shape = survey.DetectShape(g)
		fmt.Fprintf(env.Out, "%s: detected shape %s (force another with --shape)\n", base, shape.Describe())
	} else {
		fmt.Fprintf(env.Out, "%s: read as %s (--shape)\n", base, shape.Describe())
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	in, err := surveyInstrument(env, p.Store(), o, g, shape)
	if err != nil {
		return err
	}
	// Respondents are written as the rows are read; printSurveyRead sees
	// the whole read before anything is kept, and refuses invalid rows.
	rep, err := p.ReadImportSurvey(env.ctx(), g, survey.ReadOptions{Shape: shape, IDColumn: o.id, LinkColumn: o.linkBy},
		project.SurveyImport{Instrument: in, Attributes: o.attributes, FileName: base, NoSources: o.noSources},
		func(im *survey.Import) error {
			if err := printSurveyRead(env, o, base, in, im); err != nil {
				return refusedError{err}
			}
			return nil
		})
	var readErr *project.ReadError
	var refused refusedError
	switch {
	case errors.As(err, &readErr) && errors.Is(err, survey.ErrNoQuestions):
		return fmt.Errorf("%w; nothing was imported", readErr.Err)
	case errors.As(err, &readErr):
		return usageError{readErr.Err}
	case errors.As(err, &refused):
		return refused.error
	case err != nil:
		return fmt.Errorf("%s: %w; nothing was imported", base, err)
	}
	st := env.styles()
	fmt.Fprintf(env.Out, "%s %d respondents (%d linked to participants), %d answers into survey %s\n",
		st.ok.Render("imported"), rep.Respondents, rep.Linked, rep.Answers, rep.Survey)
	if rep.Attributes > 0 {
		fmt.Fprintf(env.Out, "  set %d participant attribute values (%s)\n", rep.Attributes, strings.Join(o.attributes, ", "))
	}
	for _, src := range rep.Sources {
		fmt.Fprintf(env.Out, "  open answers: source %s (code them with `fieldwork code %s --source %s`)\n", src.Name, o.project, src.Name)
	}
	return nil
}

// refusedError is the export refused after reading it (invalid rows), said
// as printSurveyRead says it.
type refusedError struct{ error }

// check checks the flags that need no file and parses --shape.
func (o *surveyImportOptions) check() (survey.Shape, error) {
	if len(o.attributes) > 0 && o.linkBy == "" {
		return "", usagef("--attributes needs --link-by: attributes are set on the participants respondents are linked to")
	}
	var shape survey.Shape
	if o.shape != "" {
		var err error
		if shape, err = survey.ParseShape(o.shape); err != nil {
			return "", usagef("--shape: %v", err)
		}
	}
	if o.instrument != "" && o.name != "" {
		return "", usagef("--name names an inferred instrument; with --instrument the name comes from its file")
	}
	return shape, nil
}

// surveyInstrument is the instrument an import is read with: --instrument,
// else the project's survey, else one inferred from the export (and said).
func surveyInstrument(env *Env, s *store.Store, o *surveyImportOptions, g *survey.Grid, shape survey.Shape) (*survey.Instrument, error) {
	if o.instrument != "" {
		idata, err := os.ReadFile(o.instrument)
		if err != nil {
			return nil, err
		}
		in, err := survey.ParseInstrument(o.instrument, idata)
		if err != nil {
			return nil, err
		}
		if o.survey != "" && !strings.EqualFold(o.survey, in.Name) {
			return nil, usagef("--survey %q but the instrument file names survey %q", o.survey, in.Name)
		}
		return in, nil
	}
	in, err := s.Instrument(o.survey)
	if !errors.Is(err, store.ErrNoSurvey) || o.survey != "" {
		return in, err
	}
	name := o.name
	if name == "" {
		name = coding.SourceName(o.file)
	}
	if in, err = survey.Infer(g, shape, name); err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Out, "no instrument given: inferred survey %s with %d questions (%s) from the export\n", in.Name, len(in.Questions), typeCounts(in))
	fmt.Fprintf(env.Out, "  (see it with `fieldwork survey instrument %s`; to correct it, write it out with `fieldwork survey instrument PROJECT FILE --out x.yaml`, edit, and import with --instrument x.yaml)\n", o.project)
	return in, nil
}

// printSurveyRead says what was read from the export, and refuses invalid
// rows unless --skip-invalid.
func printSurveyRead(env *Env, o *surveyImportOptions, base string, in *survey.Instrument, im *survey.Import) error {
	idNote := "respondents numbered R1, R2 ... in file order (no id column; give one with --id)"
	if im.IDColumn != "" {
		idNote = "respondent ids from column " + im.IDColumn
	}
	fmt.Fprintf(env.Out, "%s: %d rows; %d of %d questions found; %s\n", base, im.Rows, len(im.Bindings), len(in.Questions), idNote)
	if len(im.Unbound) > 0 {
		fmt.Fprintf(env.Out, "  questions with no column (left unanswered): %s\n", strings.Join(im.Unbound, ", "))
	}
	if len(im.Ignored) > 0 {
		fmt.Fprintf(env.Out, "  columns ignored: %s\n", textfit.Clip(strings.Join(im.Ignored, ", "), 200))
	}
	if len(im.Invalid) > 0 {
		if !o.skipInvalid {
			return fmt.Errorf("%w\nnothing was imported (fix the file or the instrument, or import the valid rows with --skip-invalid)", im.Err(base, 25))
		}
		fmt.Fprintf(env.Out, "skipped %d invalid rows (--skip-invalid):\n", len(im.Invalid))
		for _, e := range im.Invalid {
			fmt.Fprintf(env.Out, "  %s\n", e.Error())
		}
	}
	if im.Valid == 0 {
		return fmt.Errorf("%s: no valid row to import; nothing was imported", base)
	}
	return nil
}
