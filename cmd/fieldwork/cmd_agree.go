package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

type agreeOptions struct {
	project         string
	coders          []string
	unit, code      string
	json            bool
	reliabilityData string
	bootstrap       int
	data, level     string
	// set records which flags were given, for the usage checks.
	set func(string) bool
}

func newAgreeCmd(env *Env, runF func(*agreeOptions) error) *cobra.Command {
	o := &agreeOptions{}
	cmd := &cobra.Command{
		Use:   "agree PROJECT | agree --data FILE.csv",
		Short: "Intercoder agreement: percent agreement, Cohen's or Fleiss' kappa, Krippendorff's alpha",
		Long: `Intercoder agreement per code and overall, on the coded project or on any
reliability data.

On a project, a unit (a participant sentence, turn or source; facilitators never
count) is coded with a code by a coder when one of the coder's codings of the code,
or of a code under it, overlaps it. A coder who made no coding in a source is
missing for its units, not "absent". Overall pools every listed code's units.

  units      units coded by two or more of the coders (the pairable units)
  n          their values (Krippendorff's n)
  agreement  share of agreeing pairs of coders, averaged over the units
  alpha      Krippendorff's alpha (nominal for codes)
  kappa      Cohen's kappa with two coders; Fleiss' kappa with three or more
             (on the units every coder coded)

Codes below alpha 0.667 (Krippendorff's lowest bar, for tentative conclusions) and
below 0.800 are flagged. --bootstrap N adds a 95% interval by Krippendorff's
bootstrap with a fixed seed, and the probability that alpha falls below 0.667.

With --data, FILE.csv has a header with the columns unit, coder and value (and
optionally code, to compute per code); a missing value is no row or an empty value.
--reliability-data writes such a file, so that the figures can be recomputed
anywhere.`,
		Example: `  fieldwork agree study.fwp --coders lea,sam --unit turn
  fieldwork agree study.fwp --code "Risks/Surveillance" --bootstrap 1000 --json
  fieldwork agree --data ratings.csv --level ordinal`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("%s: expects one PROJECT, got %d arguments", cmd.CommandPath(), len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.project = args[0]
			}
			o.set = func(name string) bool { return cmd.Flags().Changed(name) }
			if runF != nil {
				return runF(o)
			}
			return runAgree(env, o)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.coders, "coders", nil, "compare these coders (comma-separated); default every coder")
	f.StringVar(&o.unit, "unit", "sentence", "the unit of agreement: sentence, turn or source")
	f.StringVar(&o.code, "code", "", "only this code (a path, or a name only one code has) and the codes under it")
	f.BoolVar(&o.json, "json", false, "print JSON")
	f.StringVar(&o.reliabilityData, "reliability-data", "", "write the code,unit,coder,value table the figures were computed from to this CSV file")
	f.IntVar(&o.bootstrap, "bootstrap", 0, "a 95% interval for alpha from N bootstrap resamples (1000 or more), with P(alpha < 0.667)")
	f.StringVar(&o.data, "data", "", "compute agreement on this CSV file of unit,coder,value instead of a project")
	f.StringVar(&o.level, "level", "nominal", "with --data: the level of measurement, nominal, ordinal, interval or ratio")
	return cmd
}

// agreeRow is one line of the agreement report and one JSON object.
// Statistics that are not defined are null.
type agreeRow struct {
	Code             *string  `json:"code,omitempty"`
	Units            int      `json:"units"`
	Coders           int      `json:"coders"`
	N                int      `json:"n"`
	PercentAgreement *float64 `json:"percent_agreement"`
	Alpha            *float64 `json:"alpha"`
	Level            *string  `json:"level,omitempty"`
	CohenKappa       *float64 `json:"cohen_kappa"`
	FleissKappa      *float64 `json:"fleiss_kappa"`
	CILow            *float64 `json:"ci_low"`
	CIHigh           *float64 `json:"ci_high"`
	// PBelow is the bootstrap probability that alpha < 0.667.
	PBelow *float64 `json:"p_alpha_below_0667,omitempty"`
	Flag   *string  `json:"flag"`
}

// agreeReport is the report of a project, or of a --data file with a code
// column: one row per code and the pooled overall.
type agreeReport struct {
	Project string      `json:"project,omitempty"`
	Unit    string      `json:"unit,omitempty"`
	Level   string      `json:"level"`
	Coders  []string    `json:"coders"`
	Codes   []*agreeRow `json:"codes"`
	Overall *agreeRow   `json:"overall"`
}

func agreeNum(f float64) *float64 {
	if math.IsNaN(f) {
		return nil
	}
	return &f
}

func newAgreeRow(code string, s agreement.Summary) *agreeRow {
	r := &agreeRow{Units: s.Units, Coders: s.Coders, N: s.N,
		PercentAgreement: agreeNum(s.PercentAgreement), Alpha: agreeNum(s.Alpha),
		CohenKappa: agreeNum(s.CohenKappa), FleissKappa: agreeNum(s.FleissKappa)}
	if code != "" {
		r.Code = &code
	}
	if b := s.Bootstrap; b != nil {
		r.CILow, r.CIHigh, r.PBelow = agreeNum(b.Low), agreeNum(b.High), agreeNum(b.PBelow)
	}
	if f := s.Flag(); f != "" {
		r.Flag = &f
	}
	return r
}

func runAgree(env *Env, o *agreeOptions) error {
	if o.bootstrap < 0 {
		return usagef("--bootstrap %d: give a number of resamples such as 1000", o.bootstrap)
	}
	boot := agreement.BootstrapOptions{Resamples: o.bootstrap}
	if o.data != "" {
		if o.project != "" {
			return usagef("agree: give a PROJECT or --data FILE, not both")
		}
		for _, name := range []string{"coders", "unit", "code", "reliability-data"} {
			if o.set(name) {
				return usagef("--%s applies to a project, not to --data", name)
			}
		}
		level, err := agreement.ParseLevel(o.level)
		if err != nil {
			return usagef("--level: %v", err)
		}
		return runAgreeData(env, o, level, boot)
	}
	if o.project == "" {
		return usagef("agree: give a PROJECT, or --data FILE.csv")
	}
	if o.set("level") {
		return usagef("--level applies to --data: a project's codes are nominal (coded or not)")
	}
	unit, err := analysis.ParseAgreementUnit(o.unit)
	if err != nil {
		return usagef("--unit: %v", err)
	}
	var coders []string
	for _, c := range o.coders {
		if c = strings.TrimSpace(c); c != "" {
			coders = append(coders, c)
		}
	}
	if o.set("coders") && len(coders) < 2 {
		return usagef("--coders %s: agreement needs two or more coders", strings.Join(o.coders, ","))
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	a, err := p.Agreement(env.ctx(), project.AgreementOptions{Unit: unit, Coders: coders, Code: o.code, Bootstrap: boot})
	p.Close()
	if err != nil {
		return asUsage(err)
	}
	rep := newAgreeReport(a)
	rep.Project, rep.Unit = filepath.Base(o.project), string(unit)
	if o.reliabilityData != "" {
		var b bytes.Buffer
		if err := analysis.WriteReliabilityCSV(&b, a.Data); err != nil {
			return fmt.Errorf("write %s: %w", o.reliabilityData, err)
		}
		if err := report.WriteFile(o.reliabilityData, b.Bytes()); err != nil {
			return err
		}
	}
	if o.json {
		return env.printJSON(rep)
	}
	fmt.Fprintf(env.Out, "Agreement of %s on %d %s units of %s (nominal alpha)\n\n",
		strings.Join(a.Coders, ", "), a.Units, unit, rep.Project)
	return printAgreeReport(env, rep, o.bootstrap)
}

// newAgreeReport is the printed and JSON form of an agreement report.
func newAgreeReport(a *project.Agreement) *agreeReport {
	rep := &agreeReport{Level: a.Level.String(), Coders: a.Coders}
	for _, c := range a.Codes {
		rep.Codes = append(rep.Codes, newAgreeRow(c.Code, c.Summary))
	}
	if a.Overall != nil {
		rep.Overall = newAgreeRow("", *a.Overall)
	}
	return rep
}

// runAgreeData computes agreement on a CSV file of reliability data.
func runAgreeData(env *Env, o *agreeOptions, level agreement.Level, boot agreement.BootstrapOptions) error {
	f, err := os.Open(o.data)
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := project.AgreementOnData(o.data, f, level, boot)
	if err != nil {
		return err
	}
	rep := newAgreeReport(a)
	if a.Overall == nil {
		// One set of data: a single row, its level named.
		row := rep.Codes[0]
		lv := level.String()
		row.Level = &lv
		if o.json {
			return env.printJSON(row)
		}
		d := a.Data[0].Data
		fmt.Fprintf(env.Out, "Agreement on %s: %d units, %d coders (%s alpha)\n\n", filepath.Base(o.data), len(d.Units()), len(d.Coders()), level)
		return printAgreeReport(env, &agreeReport{Codes: []*agreeRow{row}}, o.bootstrap)
	}
	if o.json {
		return env.printJSON(rep)
	}
	fmt.Fprintf(env.Out, "Agreement on %s: %s, coders %s (%s alpha)\n\n", filepath.Base(o.data), agreePlural(len(a.Codes), "code"), strings.Join(rep.Coders, ", "), level)
	return printAgreeReport(env, rep, o.bootstrap)
}

// printAgreeReport prints the rows as an aligned table, then the flags'
// meaning. The kappa columns appear only when some row has one.
func printAgreeReport(env *Env, rep *agreeReport, resamples int) error {
	rows := append([]*agreeRow(nil), rep.Codes...)
	if rep.Overall != nil {
		rows = append(rows, rep.Overall)
	}
	cohen, fleiss := false, false
	for _, r := range rows {
		cohen = cohen || r.CohenKappa != nil
		fleiss = fleiss || r.FleissKappa != nil
	}
	head := []string{"code", "units", "coders", "n", "agreement", "alpha"}
	if rep.Codes[0].Code == nil {
		head = head[1:]
	}
	right := []int{}
	for i := range head {
		if head[i] != "code" {
			right = append(right, i)
		}
	}
	if cohen {
		head = append(head, "Cohen's kappa")
		right = append(right, len(head)-1)
	}
	if fleiss {
		head = append(head, "Fleiss' kappa")
		right = append(right, len(head)-1)
	}
	if resamples > 0 {
		head = append(head, "95% CI", "P(alpha<0.667)")
		right = append(right, len(head)-1)
	}
	head = append(head, "flag")
	t := newTable(head...).alignRight(right...)
	for _, r := range rows {
		var cells []string
		if rep.Codes[0].Code != nil {
			name := "overall"
			if r.Code != nil {
				name = *r.Code
			}
			cells = append(cells, name)
		}
		cells = append(cells, itoa(r.Units), itoa(r.Coders), itoa(r.N), agreePct(r.PercentAgreement), agreeDec(r.Alpha))
		if cohen {
			cells = append(cells, agreeDec(r.CohenKappa))
		}
		if fleiss {
			cells = append(cells, agreeDec(r.FleissKappa))
		}
		if resamples > 0 {
			ci := "-"
			if r.CILow != nil && r.CIHigh != nil {
				ci = agreeDec(r.CILow) + " to " + agreeDec(r.CIHigh)
			}
			cells = append(cells, ci, agreeDec(r.PBelow))
		}
		flag := ""
		if r.Flag != nil {
			flag = *r.Flag
		}
		cells = append(cells, flag)
		t.add(cells...)
	}
	if err := t.print(env); err != nil {
		return err
	}
	dim := env.styles().dim
	notes := []string{"alpha below 0.667: too unreliable even for tentative conclusions; below 0.800: for tentative conclusions only (Krippendorff)."}
	if resamples > 0 {
		notes = append(notes, fmt.Sprintf("Intervals from %d bootstrap resamples of alpha (Krippendorff's algorithm, fixed seed).", resamples))
	}
	fmt.Fprintln(env.Out)
	for _, n := range notes {
		fmt.Fprintln(env.Out, dim.Render(n))
	}
	return nil
}

func agreeDec(f *float64) string {
	if f == nil {
		return "-"
	}
	s := strconv.FormatFloat(*f, 'f', 3, 64)
	if s == "-0.000" {
		s = "0.000"
	}
	return s
}

func agreePct(f *float64) string {
	if f == nil {
		return "-"
	}
	return strconv.FormatFloat(*f*100, 'f', 1, 64) + "%"
}

func agreePlural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return itoa(n) + " " + what + "s"
}
