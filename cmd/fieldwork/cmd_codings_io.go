package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// `fieldwork codings import` and `codings export`: codings in bulk, as CSV.

type codingsImportOptions struct {
	project, file string
	addCodes      bool
}

func newCodingsImportCmd(env *Env, runF func(*codingsImportOptions) error) *cobra.Command {
	o := &codingsImportOptions{}
	cmd := &cobra.Command{
		Use:   "import PROJECT FILE.csv [--add-codes]",
		Short: "Import codings from a CSV file (all of them, or none)",
		Long: `Add the codings of a CSV file, all of them or none: every refused row is
reported with its line and nothing is imported.

Columns, named by a header row in any order: ` + strings.Join(project.CodingsColumns[:5], ", ") + `, and
optionally memo (what ` + "`codings export`" + ` writes). Offsets are code points into the
source's text, end exclusive, as ` + "`codings --json`" + ` prints them; the source is
named as ` + "`fieldwork sources`" + ` lists it, the code by its path or a name only one
code has. A row whose source or code the project lacks is refused, unless
--add-codes creates the missing codes from their paths; so is a coding the
project (or the file) already has.`,
		Args: exactArgs(2, "PROJECT and FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.file = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runCodingsImport(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.addCodes, "add-codes", false, "create the codes the file names and the codebook lacks")
	return cmd
}

func runCodingsImport(env *Env, o *codingsImportOptions) error {
	f, err := os.Open(o.file)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	res, err := p.ImportCodings(env.ctx(), o.file, f, o.addCodes)
	if err != nil {
		if errors.Is(err, store.ErrLocked) || errors.Is(err, store.ErrDiskFull) {
			return err
		}
		return fmt.Errorf("%w\nnothing was imported", err)
	}
	fmt.Fprintf(env.Out, "imported %s from %s", plural.Count(res.Codings, "coding", "codings"), o.file)
	if len(res.NewCodes) > 0 {
		noun := "new codes"
		if len(res.NewCodes) == 1 {
			noun = "new code"
		}
		fmt.Fprintf(env.Out, "; %s: %s", noun, strings.Join(res.NewCodes, ", "))
	}
	fmt.Fprintln(env.Out)
	return nil
}

type codingsExportOptions struct {
	project, out     string
	allowIdentifiers bool
}

func newCodingsExportCmd(env *Env, runF func(*codingsExportOptions) error) *cobra.Command {
	o := &codingsExportOptions{}
	cmd := &cobra.Command{
		Use:   "export PROJECT [--out FILE]",
		Short: "Export every coding as CSV (" + strings.Join(project.CodingsColumns, ",") + ")",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runCodingsExport(env, o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "file to write (default: standard output)")
	allowIdentifiersFlag(cmd.Flags(), &o.allowIdentifiers)
	return cmd
}

func runCodingsExport(env *Env, o *codingsExportOptions) error {
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
	// Memos are researchers' words and may name people: screened.
	sc, err := identifierScreen(p, o.allowIdentifiers)
	if err != nil {
		return err
	}
	defer env.screenReport(sc, o.allowIdentifiers)
	var b bytes.Buffer
	n, err := p.ExportCodings(env.ctx(), &b, sc.Func())
	if err != nil {
		return err
	}
	if wrote, err := env.writeOut(o.out, b.Bytes()); !wrote || err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s to %s\n", plural.Count(n, "coding", "codings"), o.out)
	return nil
}
