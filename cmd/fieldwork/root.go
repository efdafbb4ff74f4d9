package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/suggest"
)

// Env is what a command reads and writes, injected so that commands are
// tested without a process.
type Env struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   func(string) string
	// Ctx, when not nil, cancels the long work in flight (imports, reads
	// of the whole project); a cancelled import rolls back.
	Ctx context.Context
	// passphraseFile is the global --passphrase-file flag.
	passphraseFile string
	// warnedMode is set once the passphrase file's mode was warned about.
	warnedMode bool
	// Args0 is how the process was started (os.Args[0]), for commands the
	// output suggests: "go run ./cmd/fieldwork" under go run.
	Args0 string
}

// usageError marks a command-line mistake (exit code 2).
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// asUsage makes a request the project refused as asked a usage error.
func asUsage(err error) error {
	if project.IsInvalid(err) {
		return usageError{err}
	}
	return err
}

// exactArgs is cobra.ExactArgs that reports a usage error.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s: expects %s, got %s", cmd.CommandPath(), names, plural.Count(len(args), "argument", "arguments"))
		}
		return nil
	}
}

func minArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s: expects %s", cmd.CommandPath(), names)
		}
		return nil
	}
}

func newRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "fieldwork",
		Short: "Code focus-group transcripts and surveys into themes, privately, in a terminal",
		Long: `fieldwork keeps a study's transcripts, participants, codebook and codings in one
project file (*.fwp), optionally encrypted with a passphrase.

Start with:  fieldwork demo`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	root.SetIn(env.In)
	root.SetFlagErrorFunc(flagError)
	// Without Args and Run, cobra reports an unknown command as a plain
	// error (exit code 1); it is a usage error like any other.
	root.SuggestionsMinimumDistance = 2
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usagef("%s", msg)
	}
	root.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	root.PersistentFlags().StringVar(&env.passphraseFile, "passphrase-file", "",
		"read the project passphrase from this file (else $FIELDWORK_PASSPHRASE); a new project is then encrypted")
	root.AddCommand(
		newInitCmd(env, nil), newImportCmd(env, nil), newSourcesCmd(env, nil), newShowCmd(env, nil),
		newParticipantsCmd(env, nil), newCodebookCmd(env, nil),
		newApplyCmd(env, nil), newUnapplyCmd(env, nil), newCodingsCmd(env, nil),
		newDemoCmd(env, nil), newCodeCmd(env, nil),
		newTableCmd(env, nil), newReportCmd(env, nil),
		newRecsCmd(env, nil),
		newSurveyCmd(env, nil),
		newAgreeCmd(env, nil), newMergeCmd(env, nil),
		newExportCmd(env, nil),
		newLogCmd(env, nil), newRedactCmd(env),
		newMemosCmd(env, nil),
		newConfigCmd(env, nil),
	)
	return root
}

// passphrase returns the passphrase from --passphrase-file or
// $FIELDWORK_PASSPHRASE, or "" for none.
func (e *Env) passphrase() (string, error) {
	if e.passphraseFile != "" {
		b, err := os.ReadFile(e.passphraseFile)
		if err != nil {
			return "", fmt.Errorf("passphrase file: %w", err)
		}
		e.warnPassphraseMode()
		p := strings.TrimRight(string(b), "\r\n")
		if p == "" {
			return "", fmt.Errorf("passphrase file %q is empty", e.passphraseFile)
		}
		return p, nil
	}
	return e.Getenv("FIELDWORK_PASSPHRASE"), nil
}

// warnPassphraseMode warns, once, when the passphrase file can be read by
// others than its owner, as ssh does for a private key: anyone who reads
// it opens the project.
func (e *Env) warnPassphraseMode() {
	fi, err := os.Stat(e.passphraseFile)
	if err != nil || e.warnedMode || fi.Mode().Perm()&0o077 == 0 {
		return
	}
	e.warnedMode = true
	fmt.Fprintf(e.Err, "fieldwork: warning: passphrase file %s is readable by others (mode %04o); anyone who can read it can open the project: chmod 600 %s\n",
		e.passphraseFile, fi.Mode().Perm(), e.passphraseFile)
}

// open opens an existing project with the passphrase, if any.
func (e *Env) open(path string) (*store.Store, error) {
	p, err := e.passphrase()
	if err != nil {
		return nil, err
	}
	s, err := store.Open(path, store.Options{Passphrase: p, Upgrading: func(from, to int) {
		fmt.Fprintf(e.Err, "upgrading %s from schema %d to %d, once (a large survey takes a few seconds)\n", filepath.Base(path), from, to)
	}})
	if err == nil {
		s.SetActor(e.coder("")) // the name the audit log records changes under
		s.OnEntityScan(e.scanProgress())
	}
	return s, err
}

// scanProgress tells, on stderr, how the entity scan of an output's
// identifier screen goes when it has sources to scan: a counter on a
// terminal; one line otherwise, and only for a scan of a megabyte or more
// (tens of seconds), so that a script's log says why the command waits.
func (e *Env) scanProgress() func(done, total int, bytes int64) {
	p := e.progress("scanning sources for names (once; the project keeps the scans):", 0)
	return func(done, total int, bytes int64) {
		p.total = total
		switch {
		case p.on && done < total:
			p.step(done, "")
		case p.on:
			p.done()
		case done == 0 && bytes >= 1<<20:
			fmt.Fprintf(e.Err, "scanning %s (%.1f MB) for names, once: the project keeps the scans\n",
				plural.Count(total, "source", "sources"), float64(bytes)/1e6)
		}
	}
}

// ctx is the context of the command's work.
func (e *Env) ctx() context.Context {
	if e.Ctx == nil {
		return context.Background()
	}
	return e.Ctx
}

// project opens an existing project for its use cases.
func (e *Env) project(path string) (*project.Project, error) {
	s, err := e.open(path)
	if err != nil {
		return nil, err
	}
	return project.New(s), nil
}

// coder is the name codings are recorded under: the flag, else
// $FIELDWORK_CODER, else the OS user.
func (e *Env) coder(flag string) string {
	if flag != "" {
		return flag
	}
	if c := e.Getenv("FIELDWORK_CODER"); c != "" {
		return c
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return e.Getenv("USER")
}

// flagError makes a flag mistake a usage error, and suggests the closest
// flag of the command for an unknown one ("--supress-below").
func flagError(c *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return usageError{err}
	}
	var known []string
	add := func(f *pflag.Flag) {
		if !f.Hidden {
			known = append(known, f.Name)
		}
	}
	c.Flags().VisitAll(add)
	c.InheritedFlags().VisitAll(add)
	if s := suggest.Closest(name, known); s != "" {
		return usagef("%v; did you mean --%s?", err, s)
	}
	return usageError{err}
}
