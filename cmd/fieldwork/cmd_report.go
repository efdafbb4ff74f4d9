package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

type reportOptions struct {
	project, format, out string
	title                string
	flags                analysisFlags
	unit, cooccurrence   string
	stamp                bool
	today                string
	memos                bool // --memos: the memo appendix
	allowIdentifiers     bool
}

func newReportCmd(env *Env, runF func(*reportOptions) error) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report PROJECT",
		Short: "Write the needs-assessment report: needs, themes, frequencies, matrix, co-occurrence",
		Long: `Write the analysis report of a coded project.

  --format md     Markdown (default; to standard output unless --out)
  --format html   one self-contained HTML file with SVG charts (no network; prints cleanly)
  --format csv    tidy CSV, one file per table, into the folder --out (or one
                  zip file when --out ends in .zip)
  --format xlsx   one sheet per table, into the file --out

Participants are the unit, facilitators never count, and every count has its
denominator. Quotes name participants by ID and city only, and every text goes
through the identifier screen (names, places, contact details replaced; what was
replaced is printed on standard error): --allow-identifiers turns it off, and the
report's header then says so. The same project gives
the same bytes; --stamp adds the time it was made. For publication, use
--suppress-below 3 (or more).

When the project has recommendations, the report ends with the recommendation
tracker: status counts, overdue ones first, each with its evidence and last
follow-up. Due dates are judged as of --today (YYYY-MM-DD), by default today's
date on this computer's clock: give --today to reproduce a report of another day.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runReport(env, o)
		},
	}
	o.flags.register(cmd.Flags())
	cmd.Flags().StringVar(&o.format, "format", "md", "md, html, csv or xlsx")
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "file to write (a folder, or a .zip file, for csv); md and html go to standard output without it")
	cmd.Flags().StringVar(&o.title, "title", "", "the report's title (default: the project's title, set with fieldwork config --title, else \"Needs assessment: \" and the file name)")
	cmd.Flags().StringVar(&o.unit, "unit", report.UnitParticipants, "what the matrix grid counts: participants or segments")
	cmd.Flags().StringVar(&o.cooccurrence, "cooccurrence-unit", string(analysis.UnitSentence), "co-occurrence on the same sentence or turn")
	cmd.Flags().StringVar(&o.today, "today", "", "judge the tracker's due dates as of this day, YYYY-MM-DD (default: today's date)")
	cmd.Flags().BoolVar(&o.memos, "memos", false, "end the report with the project's memos (md and html; `fieldwork memos export` for CSV)")
	allowIdentifiersFlag(cmd.Flags(), &o.allowIdentifiers)
	cmd.Flags().BoolVar(&o.stamp, "stamp", false, "say when the report was generated (the output then differs between runs)")
	return cmd
}

func runReport(env *Env, o *reportOptions) error {
	format, err := o.check()
	if err != nil {
		return err
	}
	cu, err := analysis.ParseUnit(o.cooccurrence)
	if err != nil {
		return usagef("--cooccurrence-unit: %v", err)
	}
	opt, by, err := o.flags.options()
	if err != nil {
		return err
	}
	day, err := today(o.today)
	if err != nil {
		return err
	}
	ro := report.Options{By: by, Unit: o.unit, Cooccurrence: cu, Today: day, Title: o.title}
	if o.stamp {
		ro.Stamp = time.Now()
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	sc, err := o.scope(p, &opt, &ro)
	if err != nil {
		return err
	}
	// The entity scan runs beside the report's reads (ReportScanning).
	r, err := p.ReportScanning(env.ctx(), opt, ro, sc)
	if err != nil {
		return asUsage(err)
	}
	defer env.screenReport(sc, o.allowIdentifiers)
	return writeReport(env, r, format, o.out)
}

// check checks the flags that need no project, and gives the format.
func (o *reportOptions) check() (string, error) {
	format := strings.ToLower(strings.TrimPrefix(o.format, "."))
	if format == "markdown" {
		format = "md"
	}
	switch format {
	case "md", "html":
	case "csv", "xlsx":
		if o.out == "" {
			return "", usagef("--format %s needs --out (a %s)", format, map[string]string{"csv": "folder or .zip file", "xlsx": "file"}[format])
		}
		if format == "csv" {
			if err := report.CheckCSVOut(o.out); err != nil {
				return "", usageError{err}
			}
		}
	default:
		return "", usagef("--format %q: want md, html, csv or xlsx", o.format)
	}
	if o.memos && format != "md" && format != "html" {
		return "", usagef("--memos: the memo appendix is in md and html reports; for CSV, `fieldwork memos export %s --format csv`", o.project)
	}
	if o.unit != report.UnitParticipants && o.unit != report.UnitSegments {
		return "", usagef("--unit %q: want participants or segments", o.unit)
	}
	if o.out != "" {
		if err := checkOut(o.project, o.out); err != nil {
			return "", err
		}
	}
	return format, nil
}

// scope fills what the report reads from the project before the
// analysis: the memo appendix, the coders in scope and the identifier
// screen (returned, for the count of what it replaced).
func (o *reportOptions) scope(p *project.Project, opt *analysis.Options, ro *report.Options) (*redact.Screen, error) {
	var err error
	if o.memos {
		if ro.Memos, err = p.ReportMemos(project.MemoFilter{}); err != nil {
			return nil, err
		}
		ro.MemoAppendix = true
	}
	scope, err := p.CoderScope(opt.Filter.Coders, "--coder")
	if err != nil {
		return nil, err
	}
	opt.Filter.Coders, ro.Coders, ro.CodersChosenBy = scope.Coders, scope.Coders, scope.ChosenBy
	sc, err := screenOf(p, o.allowIdentifiers, false) // the scan's terms come in ReportScanning
	if err != nil {
		return nil, err
	}
	ro.Screen, ro.IdentifiersAllowed = sc.Func(), o.allowIdentifiers
	return sc, nil
}

// writeReport renders r in format to out (standard output when "").
func writeReport(env *Env, r *report.Report, format, out string) error {
	var b bytes.Buffer
	var err error
	switch format {
	case "md":
		err = report.WriteMarkdown(&b, r)
	case "html":
		err = report.WriteHTML(&b, r)
	case "xlsx":
		var data []byte
		if data, err = report.XLSX(r); err == nil {
			b.Write(data)
		}
	case "csv":
		return writeCSVDir(env, out, r)
	}
	if err != nil {
		return err
	}
	if wrote, err := env.writeOut(out, b.Bytes()); !wrote || err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s (%s, %d bytes)\n", out, format, b.Len())
	return nil
}

// writeCSVDir writes the report's tables into the folder out (made if
// needed): first into a temporary folder beside it, removed whatever
// happens, a panic included, then moved in, so that a failure leaves no
// half-written folder.
func writeCSVDir(env *Env, out string, r *report.Report) error {
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".")
	if err != nil {
		return diskFull(err, out)
	}
	defer os.RemoveAll(tmp)
	if strings.EqualFold(filepath.Ext(out), ".zip") {
		zipped := filepath.Join(tmp, filepath.Base(out))
		files, err := report.WriteCSVZip(zipped, r)
		if err != nil {
			return diskFull(err, out)
		}
		if err := os.Rename(zipped, out); err != nil {
			return err
		}
		fmt.Fprintf(env.Out, "wrote %d tables to %s\n", len(files), out)
		return nil
	}
	files, err := report.WriteCSVDir(tmp, r)
	if err != nil {
		return diskFull(err, out)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Rename(f, filepath.Join(out, filepath.Base(f))); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Out, "wrote %d tables to %s:\n", len(files), out)
	for _, f := range files {
		fmt.Fprintf(env.Out, "  %s\n", filepath.Base(f))
	}
	return nil
}
