package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// The recommendation tracker: `fieldwork recs` and its sub-commands.

type recsExportOptions struct {
	project, out     string
	csv, json        bool
	allowIdentifiers bool
}

func newRecsExportCmd(env *Env, runF func(*recsExportOptions) error) *cobra.Command {
	o := &recsExportOptions{}
	cmd := &cobra.Command{
		Use:   "export PROJECT --csv|--json [--out FILE]",
		Short: "Export the recommendations: CSV (one row each) or JSON (with their logs)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runRecsExport(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.csv, "csv", false, "CSV: "+strings.Join(tracker.RecsCSVColumns(), ","))
	cmd.Flags().BoolVar(&o.json, "json", false, "JSON, logs included ("+tracker.RecsFormat+")")
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "file to write (default: standard output)")
	allowIdentifiersFlag(cmd.Flags(), &o.allowIdentifiers)
	return cmd
}

func runRecsExport(env *Env, o *recsExportOptions) error {
	if o.csv == o.json {
		return usagef("recs export: give --csv or --json")
	}
	if o.out != "" {
		if err := checkOut(o.project, o.out); err != nil {
			return err
		}
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	recs, err := p.Store().Recommendations()
	if err != nil {
		return err
	}
	sc, err := identifierScreen(p, o.allowIdentifiers)
	if err != nil {
		return err
	}
	for i := range recs {
		recs[i] = report.ScreenRecommendation(recs[i], sc.Func())
	}
	defer env.screenReport(sc, o.allowIdentifiers)
	var b bytes.Buffer
	if o.csv {
		err = tracker.WriteRecsCSV(&b, recs)
	} else {
		err = tracker.WriteRecsJSON(&b, recs)
	}
	if err != nil {
		return err
	}
	if wrote, err := env.writeOut(o.out, b.Bytes()); !wrote || err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s to %s\n", plural.Count(len(recs), "recommendation", "recommendations"), o.out)
	return nil
}

type recsImportOptions struct {
	project, file, author, note string
}

func newRecsImportCmd(env *Env, runF func(*recsImportOptions) error) *cobra.Command {
	o := &recsImportOptions{}
	cmd := &cobra.Command{
		Use:   "import PROJECT FILE",
		Short: "Import recommendations from CSV or JSON (all of them, or none)",
		Long: `Add the recommendations of a CSV or JSON file, all of them or none: every bad
row is reported with its line and nothing is imported.

CSV: a header row; title is required; the other columns are id, text, owner,
stakeholders, priority, status, due (YYYY-MM-DD) and codes, lists separated by
";" (what ` + "`recs export --csv`" + ` writes; "recommendation", "description", "lead",
"deadline" and "evidence codes" are understood too). JSON: what ` + "`recs export --json`" + `
writes (logs included), or an array of such recommendations.

A row with an id keeps it (it must be free); the others are numbered after the
last. Each new recommendation's log starts with an entry by the author.`,
		Args: exactArgs(2, "PROJECT and FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.file = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runRecsImport(env, o)
		},
	}
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entries (default $FIELDWORK_CODER, else the OS user)")
	cmd.Flags().StringVar(&o.note, "note", "", "a note for each new log (default: imported from FILE)")
	return cmd
}

func runRecsImport(env *Env, o *recsImportOptions) error {
	data, err := os.ReadFile(o.file)
	if err != nil {
		return err
	}
	rows, err := tracker.ReadRecs(o.file, data)
	if err != nil {
		return fmt.Errorf("%w\nnothing was imported", err)
	}
	note := o.note
	if note == "" {
		note = "imported from " + filepath.Base(o.file)
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	refs, err := s.ImportRecommendations(rows, env.stamp(o.author), note)
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return err
		}
		return fmt.Errorf("%s:\n%w\nnothing was imported", o.file, err)
	}
	fmt.Fprintf(env.Out, "imported %s from %s: %s\n", plural.Count(len(refs), "recommendation", "recommendations"), o.file, strings.Join(refs, ", "))
	return nil
}
