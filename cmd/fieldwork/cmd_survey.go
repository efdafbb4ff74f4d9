package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/survey"
)

func newSurveyCmd(env *Env) *cobra.Command {
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
			return runSurveys(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newSurveyInstrumentCmd(env), newSurveyImportCmd(env), newSurveySummaryCmd(env), newSurveyMapCmd(env))
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

// --- survey instrument ---

type instrumentOptions struct {
	project, file, survey, name, shape, out string
	json, yaml                              bool
}

func newSurveyInstrumentCmd(env *Env) *cobra.Command {
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
	data, err := os.ReadFile(o.file)
	if err != nil {
		return err
	}
	if isInstrumentFile(o.file) {
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
	// An export: infer.
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
		_, err := env.Out.Write(b.Bytes())
		fmt.Fprintln(env.Err, msg)
		return err
	}
	if !isInstrumentFile(o.out) {
		return usagef("--out %q: write the instrument to a .yaml or .json file", o.out)
	}
	if err := os.WriteFile(o.out, b.Bytes(), 0o600); err != nil {
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
			answers = clipText(strings.Join(labels, " | "), 60)
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
		t.add(q.ID, string(q.Type), scale, answers, strings.Join(miss, " | "), clipText(q.Text, 60))
	}
	return t.print(env)
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// --- survey import ---

type surveyImportOptions struct {
	project, file, instrument, survey, name string
	id, linkBy, shape                       string
	attributes                              []string
	skipInvalid, noSources                  bool
}

func newSurveyImportCmd(env *Env) *cobra.Command {
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
	if len(o.attributes) > 0 && o.linkBy == "" {
		return usagef("--attributes needs --link-by: attributes are set on the participants respondents are linked to")
	}
	var shape survey.Shape
	if o.shape != "" {
		var err error
		if shape, err = survey.ParseShape(o.shape); err != nil {
			return usagef("--shape: %v", err)
		}
	}
	if o.instrument != "" && o.name != "" {
		return usagef("--name names an inferred instrument; with --instrument the name comes from its file")
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
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	var in *survey.Instrument
	switch {
	case o.instrument != "":
		idata, err := os.ReadFile(o.instrument)
		if err != nil {
			return err
		}
		if in, err = survey.ParseInstrument(o.instrument, idata); err != nil {
			return err
		}
		if o.survey != "" && !strings.EqualFold(o.survey, in.Name) {
			return usagef("--survey %q but the instrument file names survey %q", o.survey, in.Name)
		}
	default:
		in, err = s.Instrument(o.survey)
		if errors.Is(err, store.ErrNoSurvey) && o.survey == "" {
			name := o.name
			if name == "" {
				name = coding.SourceName(o.file)
			}
			if in, err = survey.Infer(g, shape, name); err != nil {
				return err
			}
			fmt.Fprintf(env.Out, "no instrument given: inferred survey %s with %d questions (%s) from the export\n", in.Name, len(in.Questions), typeCounts(in))
			fmt.Fprintf(env.Out, "  (see it with `fieldwork survey instrument %s`; to correct it, write it out with `fieldwork survey instrument PROJECT FILE --out x.yaml`, edit, and import with --instrument x.yaml)\n", o.project)
		} else if err != nil {
			return err
		}
	}
	ro := survey.ReadOptions{Shape: shape, IDColumn: o.id, LinkColumn: o.linkBy}
	if o.linkBy != "" {
		ps, err := s.Participants()
		if err != nil {
			return err
		}
		ro.Participants = []string{}
		for _, p := range ps {
			if !p.Facilitator {
				ro.Participants = append(ro.Participants, p.ID)
			}
		}
	}
	im, err := survey.Read(g, in, ro)
	if err != nil {
		if errors.Is(err, survey.ErrNoQuestions) {
			return fmt.Errorf("%w; nothing was imported", err)
		}
		return usageError{err}
	}
	idNote := "respondents numbered R1, R2 ... in file order (no id column; give one with --id)"
	if im.IDColumn != "" {
		idNote = "respondent ids from column " + im.IDColumn
	}
	fmt.Fprintf(env.Out, "%s: %d rows; %d of %d questions found; %s\n", base, im.Rows, len(im.Bindings), len(in.Questions), idNote)
	if len(im.Unbound) > 0 {
		fmt.Fprintf(env.Out, "  questions with no column (left unanswered): %s\n", strings.Join(im.Unbound, ", "))
	}
	if len(im.Ignored) > 0 {
		fmt.Fprintf(env.Out, "  columns ignored: %s\n", clipText(strings.Join(im.Ignored, ", "), 200))
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
	if len(im.Responses) == 0 {
		return fmt.Errorf("%s: no valid row to import; nothing was imported", base)
	}
	rep, err := s.ImportSurvey(store.SurveyImport{Instrument: in, Responses: im.Responses, Attributes: o.attributes, FileName: base, NoSources: o.noSources})
	if err != nil {
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

// --- survey summary ---

type surveySummaryOptions struct {
	project, survey, by, weight string
	questions                   []string
	json, csv                   bool
}

func newSurveySummaryCmd(env *Env) *cobra.Command {
	o := &surveySummaryOptions{}
	cmd := &cobra.Command{
		Use:   "summary PROJECT",
		Short: "Frequencies, Likert summaries and crosstabs with chi-square of a survey",
		Long: `Summarise every question of a survey:

  counts, percent of respondents and valid percent (of n, the valid answers), with
  n and missing (blank, or a declared missing value such as "Don't know");
  multiple choice: the share of respondents choosing each option (adds to over 100%);
  Likert and rating: distribution, mean and median scale point (1 = lowest),
  top-two-box and bottom-two-box; numeric: mean, median, min, max.

--by splits every closed question by a question of the survey or by a participant
attribute of linked respondents (city, group, gender ...), with Pearson's
chi-square test (statistic, df, p, Cramér's V) and a warning when expected counts
fall below 5. --weight names a numeric question holding respondent weights,
scaled to average 1, and applied to every figure, the test included.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			return runSurveySummary(env, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.survey, "survey", "", "the survey (when the project has several)")
	f.StringVar(&o.by, "by", "", "crosstab by a question id or a participant attribute (city, group, gender ...)")
	f.StringVar(&o.weight, "weight", "", "a numeric question holding respondent weights")
	f.StringArrayVar(&o.questions, "question", nil, "summarise only this question (repeat for several)")
	f.BoolVar(&o.json, "json", false, "print a JSON array, one object per question")
	f.BoolVar(&o.csv, "csv", false, "print tidy CSV")
	return cmd
}

// surveyBy resolves --by: a question of the survey, else a participant
// field (city, group) or attribute of linked respondents.
func surveyBy(s *store.Store, d *survey.Data, by string) (*survey.By, error) {
	if d.Instrument.QuestionIndex(by) >= 0 {
		b, err := d.ByQuestion(by)
		if err != nil {
			return nil, usageError{err}
		}
		return b, nil
	}
	ps, err := s.Participants()
	if err != nil {
		return nil, err
	}
	key := strings.ToLower(by)
	vals := map[string]string{}
	found := false
	for _, p := range ps {
		var v string
		switch key {
		case "city":
			v = p.City
		case "group":
			v = p.Group
		default:
			v = p.Attributes[key]
		}
		if v != "" {
			found = true
		}
		vals[strings.ToLower(p.ID)] = v
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
		return nil, usagef("--by %q: no question of survey %s and no participant attribute of that name", by, d.Instrument.Name)
	}
	if !linked {
		return nil, usagef("--by %q: no respondent of survey %s is linked to a participant with a %s (import with --link-by)", by, d.Instrument.Name, by)
	}
	return b, nil
}

func runSurveySummary(env *Env, o *surveySummaryOptions) error {
	if o.json && o.csv {
		return usagef("--json and --csv: give one")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := s.SurveyData(o.survey)
	if err != nil {
		return err
	}
	opt := survey.SummaryOptions{Weight: o.weight, Questions: o.questions}
	if o.by != "" {
		if opt.By, err = surveyBy(s, d, o.by); err != nil {
			return err
		}
	}
	sum, err := survey.Summarize(d, opt)
	if err != nil {
		return usageError{err}
	}
	switch {
	case o.json:
		return env.printJSON(sum.JSON())
	case o.csv:
		return sum.WriteCSV(env.Out)
	}
	return printSurveySummary(env, d, sum)
}

// count formats a (weighted) count: whole numbers as integers, weighted
// ones with one decimal.
func fmtCount(f float64, weighted bool) string {
	if !weighted {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

func fmtPct(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

func fmtNum(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.2f", f)
}

func scaleRange(d *survey.Data, id string) string {
	if q := d.Instrument.Question(id); q != nil {
		return q.Range()
	}
	return ""
}

func printSurveySummary(env *Env, d *survey.Data, sum *survey.Summary) error {
	st := env.styles()
	w := sum.Weight != ""
	linked := 0
	for _, r := range d.Respondents {
		if r.Participant != "" {
			linked++
		}
	}
	fmt.Fprintf(env.Out, "survey %s: %d respondents (%d linked to participants)", sum.Survey, len(d.Respondents), linked)
	if w {
		fmt.Fprintf(env.Out, "; weighted by %s (scaled to average 1)", sum.Weight)
		if sum.Unweighted > 0 {
			fmt.Fprintf(env.Out, ", %d without a weight left out", sum.Unweighted)
		}
	}
	fmt.Fprintln(env.Out)
	for _, q := range sum.Questions {
		fmt.Fprintln(env.Out)
		head := q.ID + "  " + q.Text
		kind := string(q.Type)
		if q.Type.Scaled() {
			kind += ", scale " + q.Scale
		}
		fmt.Fprintf(env.Out, "%s  (%s)\n", st.header.Render(head), kind)
		fmt.Fprintf(env.Out, "n %s of %s respondents; missing %s\n", fmtCount(q.N, w), fmtCount(q.Respondents, w), fmtCount(q.Missing, w))
		if q.Type == survey.Text {
			continue
		}
		if q.Type.Closed() {
			pctHead := "valid %"
			if q.Type == survey.Multiple {
				pctHead = "% of n"
			}
			t := newTable("answer", "count", pctHead, "% of all").alignRight(1, 2, 3)
			for _, f := range q.Options {
				t.add(f.Label, fmtCount(f.Count, w), fmtPct(f.Percent), fmtPct(ratio(f.Count, q.Respondents)))
			}
			for _, f := range q.MissingRows {
				if f.Unweighted == 0 {
					continue
				}
				t.add(f.Label, fmtCount(f.Count, w), "", fmtPct(f.Percent))
			}
			if err := t.print(env); err != nil {
				return err
			}
			if q.Type == survey.Multiple {
				fmt.Fprintln(env.Out, "(several answers per respondent: shares of n add up to more than 100%)")
			}
		}
		switch {
		case q.Type.Scaled():
			fmt.Fprintf(env.Out, "mean %s (%s)  median %s  top-two-box %s  bottom-two-box %s\n",
				fmtNum(q.Mean), scaleRange(d, q.ID), fmtNum(q.Median), fmtPct(q.TopTwo), fmtPct(q.BottomTwo))
		case q.Type == survey.Numeric:
			fmt.Fprintf(env.Out, "mean %s  median %s  min %s  max %s\n", fmtNum(q.Mean), fmtNum(q.Median), fmtNum(q.Min), fmtNum(q.Max))
		}
		if ct := q.Crosstab; ct != nil {
			if err := printCrosstab(env, ct, w); err != nil {
				return err
			}
		}
	}
	return nil
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func printCrosstab(env *Env, ct *survey.Crosstab, w bool) error {
	fmt.Fprintf(env.Out, "\nby %s (count and column %%):\n", ct.By)
	header := []string{"answer"}
	for j, c := range ct.Columns {
		header = append(header, fmt.Sprintf("%s (n=%s)", c, fmtCount(ct.ColumnN[j], w)))
	}
	t := newTable(header...)
	for j := range ct.Columns {
		t.alignRight(j + 1)
	}
	for _, r := range ct.Rows {
		row := []string{r.Label}
		for j := range ct.Columns {
			row = append(row, fmt.Sprintf("%s (%s)", fmtCount(r.Counts[j], w), fmtPct(r.Shares[j])))
		}
		t.add(row...)
	}
	if len(ct.Means) > 0 {
		row := []string{"mean"}
		for _, m := range ct.Means {
			row = append(row, fmtNum(m))
		}
		t.add(row...)
	}
	if err := t.print(env); err != nil {
		return err
	}
	if ct.Test != nil {
		fmt.Fprintf(env.Out, "chi-square %.2f, df %d, p %s, Cramér's V %.2f (n=%s)\n", ct.Test.Statistic, ct.Test.DF, fmtP(ct.Test.P), ct.Test.CramersV, fmtCount(ct.Test.N, w))
		if warn := ct.Test.Warning(); warn != "" {
			fmt.Fprintf(env.Out, "warning: %s\n", warn)
		}
	} else if ct.Note != "" {
		fmt.Fprintln(env.Out, ct.Note)
	}
	return nil
}

func fmtP(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// --- survey map ---

type surveyMapOptions struct {
	survey       string
	remove, json bool
}

type surveyMapJSON struct {
	Survey   string `json:"survey"`
	Question string `json:"question"`
	Text     string `json:"text"`
	Code     string `json:"code"`
}

func newSurveyMapCmd(env *Env) *cobra.Command {
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
			s, err := env.open(args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			if len(args) == 1 {
				return printSurveyMaps(env, s, o)
			}
			if o.remove {
				if err := s.UnmapQuestion(o.survey, args[1], args[2]); err != nil {
					return err
				}
				fmt.Fprintf(env.Out, "removed the map of %s to %s\n", args[1], args[2])
				return nil
			}
			m, err := s.MapQuestion(o.survey, args[1], args[2])
			if err != nil {
				return err
			}
			d, err := s.SurveyData(m.Survey)
			if err != nil {
				return err
			}
			mean, n := d.MeanRating(m.Question)
			fmt.Fprintf(env.Out, "mapped %s %s to %s: survey priority %s (mean of %d answers, scale %s)\n",
				m.Survey, m.Question, m.Code, fmtNum(mean), n, d.Instrument.Question(m.Question).Range())
			return nil
		},
	}
	cmd.Flags().StringVar(&o.survey, "survey", "", "the survey (when the project has several)")
	cmd.Flags().BoolVar(&o.remove, "remove", false, "remove the map instead")
	cmd.Flags().BoolVar(&o.json, "json", false, "list the maps as a JSON array")
	return cmd
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
		t.add(m.Survey, m.Question, m.Code, clipText(m.Text, 60))
	}
	return t.print(env)
}
