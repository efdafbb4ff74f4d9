package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/textfit"
	"github.com/fieldwork-qda/fieldwork/survey"
)

type surveySummaryOptions struct {
	project, survey, by, weight string
	questions                   []string
	json, csv                   bool
}

func newSurveySummaryCmd(env *Env, runF func(*surveySummaryOptions) error) *cobra.Command {
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
			if runF != nil {
				return runF(o)
			}
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

func runSurveySummary(env *Env, o *surveySummaryOptions) error {
	if o.json && o.csv {
		return usagef("--json and --csv: give one")
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	d, err := p.Store().SurveyData(env.ctx(), o.survey)
	if err != nil {
		return err
	}
	opt := survey.SummaryOptions{Weight: o.weight, Questions: o.questions}
	if o.by != "" {
		if opt.By, err = p.SurveyBy(d, o.by); err != nil {
			return asUsage(err)
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
		fmt.Fprintf(env.Out, "%s  (%s)\n", st.header.Render(textfit.Safe(head)), kind)
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
