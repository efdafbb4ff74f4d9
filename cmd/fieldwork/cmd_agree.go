package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
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
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	d, err := s.Dataset(env.ctx())
	s.Close()
	if err != nil {
		return err
	}
	rel, err := d.Reliability(analysis.ReliabilityOptions{Unit: unit, Coders: coders, Code: o.code})
	if errors.Is(err, analysis.ErrFilter) {
		return usageError{err}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", o.project, err)
	}
	if len(rel.Coders) < 2 {
		return fmt.Errorf("%s: agreement needs two or more coders; the codings are by %s", o.project, agreeListOrNone(rel.Coders))
	}
	rep := &agreeReport{Project: filepath.Base(o.project), Unit: string(unit), Level: agreement.Nominal.String(), Coders: rel.Coders}
	for _, c := range rel.Codes {
		sum, err := agreement.Summarize(c.Data, agreement.Nominal, boot)
		if err != nil {
			return fmt.Errorf("%s: code %q: %w", o.project, c.Code, err)
		}
		rep.Codes = append(rep.Codes, newAgreeRow(c.Code, sum))
	}
	sum, err := agreement.Summarize(rel.Overall, agreement.Nominal, boot)
	if err != nil {
		return fmt.Errorf("%s: overall: %w", o.project, err)
	}
	rep.Overall = newAgreeRow("", sum)
	if o.reliabilityData != "" {
		if err := writeReliabilityData(o.reliabilityData, rel.Codes); err != nil {
			return err
		}
	}
	if o.json {
		return env.printJSON(rep)
	}
	fmt.Fprintf(env.Out, "Agreement of %s on %d %s units of %s (nominal alpha)\n\n",
		strings.Join(rel.Coders, ", "), rel.Units, unit, rep.Project)
	return printAgreeReport(env, rep, o.bootstrap)
}

func agreeListOrNone(l []string) string {
	if len(l) == 0 {
		return "nobody"
	}
	return strings.Join(l, ", ")
}

// writeReliabilityData writes code,unit,coder,value with a row for every
// unit and coder, an empty value where the coder did not code the source.
func writeReliabilityData(path string, codes []analysis.CodeReliability) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"code", "unit", "coder", "value"})
	for _, c := range codes {
		c.Data.EachCell(func(unit, coder, value string) {
			_ = w.Write([]string{c.Code, unit, coder, value})
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return report.WriteFile(path, b.Bytes())
}

// runAgreeData computes agreement on a CSV file of reliability data.
func runAgreeData(env *Env, o *agreeOptions, level agreement.Level, boot agreement.BootstrapOptions) error {
	f, err := os.Open(o.data)
	if err != nil {
		return err
	}
	defer f.Close()
	codes, byCode, err := readReliabilityData(o.data, f)
	if err != nil {
		return err
	}
	if codes == nil {
		d := byCode[""]
		sum, err := agreement.Summarize(d, level, boot)
		if err != nil {
			return fmt.Errorf("%s: %w", o.data, err)
		}
		row := newAgreeRow("", sum)
		lv := level.String()
		row.Level = &lv
		if o.json {
			return env.printJSON(row)
		}
		fmt.Fprintf(env.Out, "Agreement on %s: %d units, %d coders (%s alpha)\n\n", filepath.Base(o.data), len(d.Units()), len(d.Coders()), level)
		return printAgreeReport(env, &agreeReport{Codes: []*agreeRow{row}}, o.bootstrap)
	}
	rep := &agreeReport{Level: level.String()}
	overall := agreement.NewData()
	coders := map[string]bool{}
	for _, code := range codes {
		d := byCode[code]
		sum, err := agreement.Summarize(d, level, boot)
		if err != nil {
			return fmt.Errorf("%s: code %q: %w", o.data, code, err)
		}
		rep.Codes = append(rep.Codes, newAgreeRow(code, sum))
		var addErr error
		d.EachCell(func(unit, coder, value string) {
			if addErr == nil {
				addErr = overall.Add(code+" | "+unit, coder, value)
			}
			if !coders[coder] {
				coders[coder] = true
				rep.Coders = append(rep.Coders, coder)
			}
		})
		if addErr != nil {
			return fmt.Errorf("%s: %w", o.data, addErr)
		}
	}
	sum, err := agreement.Summarize(overall, level, boot)
	if err != nil {
		return fmt.Errorf("%s: overall: %w", o.data, err)
	}
	rep.Overall = newAgreeRow("", sum)
	if o.json {
		return env.printJSON(rep)
	}
	fmt.Fprintf(env.Out, "Agreement on %s: %s, coders %s (%s alpha)\n\n", filepath.Base(o.data), agreePlural(len(codes), "code"), strings.Join(rep.Coders, ", "), level)
	return printAgreeReport(env, rep, o.bootstrap)
}

// readReliabilityData reads a CSV with the columns unit, coder, value and
// optionally code, found by name in the header. Without a code column
// codes is nil and byCode[""] holds the data.
func readReliabilityData(name string, r io.Reader) (codes []string, byCode map[string]*agreement.Data, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty file; want a header with unit,coder,value", name)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{"code": -1, "unit": -1, "coder": -1, "value": -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := col[h]; ok {
			if j >= 0 {
				return nil, nil, fmt.Errorf("%s line 1: two %q columns", name, h)
			}
			col[h] = i
		}
	}
	for _, need := range []string{"unit", "coder", "value"} {
		if col[need] < 0 {
			return nil, nil, fmt.Errorf("%s line 1: no %q column; want a header with unit,coder,value (and optionally code), got %s",
				name, need, strings.Join(header, ","))
		}
	}
	byCode = map[string]*agreement.Data{}
	hasCode := col["code"] >= 0
	if !hasCode {
		byCode[""] = agreement.NewData()
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		field := func(c string) string {
			if i := col[c]; i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		code := field("code")
		d := byCode[code]
		if d == nil {
			if code == "" {
				return nil, nil, fmt.Errorf("%s line %d: no code", name, line)
			}
			d = agreement.NewData()
			byCode[code] = d
			codes = append(codes, code)
		}
		if err := d.Add(field("unit"), field("coder"), field("value")); err != nil {
			return nil, nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
	if hasCode && len(codes) == 0 {
		return nil, nil, fmt.Errorf("%s: no rows after the header", name)
	}
	return codes, byCode, nil
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
