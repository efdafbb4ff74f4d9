package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type mergeOptions struct {
	project, other      string
	dryRun              bool
	otherPassphraseFile string
}

func newMergeCmd(env *Env, runF func(*mergeOptions) error) *cobra.Command {
	o := &mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge PROJECT OTHER.fwp",
		Short: "Bring another copy of the project (a coder's offline work) into this one",
		Long: `Bring the codes, codings and memos of another copy of the project into this
one, in one transaction: all or nothing.

Sources are matched by their text: a source of OTHER that has codings or memos and
is not in PROJECT with the same text refuses the whole merge, named. Codes are
matched by path; new ones are added, and codes whose description differs are
listed (PROJECT's is kept). Codings are added with their coder; exact duplicates
are skipped; a duplicate whose memo differs is a conflict (PROJECT's memo is kept).
Memos are added unless the same memo is already on the same place.

An encrypted OTHER is opened with --other-passphrase-file, else with the
project's passphrase.`,
		Example: `  fieldwork merge study.fwp kai-laptop.fwp --dry-run
  fieldwork merge study.fwp kai-laptop.fwp`,
		Args: exactArgs(2, "PROJECT and OTHER.fwp"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.other = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runMerge(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "say what would be merged, change nothing")
	cmd.Flags().StringVar(&o.otherPassphraseFile, "other-passphrase-file", "", "read OTHER's passphrase from this file (default: the project's passphrase)")
	return cmd
}

func runMerge(env *Env, o *mergeOptions) error {
	if _, err := os.Stat(o.other); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	pass, err := env.otherPassphrase(o)
	if err != nil {
		return err
	}
	other, err := project.Open(o.other, store.Options{Passphrase: pass})
	if err != nil {
		return err
	}
	defer other.Close()
	res, err := p.Merge(env.ctx(), other, o.dryRun)
	if err != nil {
		return asUsage(err)
	}
	return printMerge(env, o, res)
}

// otherPassphrase is the passphrase of an encrypted OTHER: from
// --other-passphrase-file, else the project's; "" when OTHER is plain.
func (env *Env) otherPassphrase(o *mergeOptions) (string, error) {
	if !store.IsEncrypted(o.other) {
		return "", nil
	}
	if o.otherPassphraseFile == "" {
		return env.passphrase()
	}
	b, err := os.ReadFile(o.otherPassphraseFile)
	if err != nil {
		return "", fmt.Errorf("other passphrase file: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

func printMerge(env *Env, o *mergeOptions, res *store.MergeResult) error {
	out := env.Out
	if res.DryRun {
		fmt.Fprintf(out, "Dry run: merging %s into %s would do this; nothing was changed.\n\n", filepath.Base(o.other), filepath.Base(o.project))
	} else {
		fmt.Fprintf(out, "Merged %s into %s.\n\n", filepath.Base(o.other), filepath.Base(o.project))
	}
	fmt.Fprintf(out, "Sources: %d matched by their text", res.SourcesMatched)
	if len(res.SourcesIgnored) > 0 {
		fmt.Fprintf(out, "; not here, with nothing to merge: %s", strings.Join(res.SourcesIgnored, ", "))
	}
	fmt.Fprintln(out, ".")
	if len(res.CodesAdded) > 0 {
		fmt.Fprintf(out, "Codes added (%d): %s\n", len(res.CodesAdded), strings.Join(res.CodesAdded, ", "))
	} else {
		fmt.Fprintln(out, "Codes added: none")
	}
	if len(res.CodesDiffer) > 0 {
		var l []string
		for _, d := range res.CodesDiffer {
			l = append(l, fmt.Sprintf("%s (%s)", d.Path, strings.Join(d.Fields, ", ")))
		}
		fmt.Fprintf(out, "Codes described differently in %s (this project's kept): %s\n", filepath.Base(o.other), strings.Join(l, "; "))
	}
	fmt.Fprintln(out)
	if len(res.Coders) == 0 {
		fmt.Fprintf(out, "No codings in %s.\n", filepath.Base(o.other))
	} else {
		t := newTable("coder", "added", "skipped", "conflicts").alignRight(1, 2, 3)
		for _, c := range res.Coders {
			t.add(c.Coder, itoa(c.Added), itoa(c.Skipped), itoa(c.Conflicts))
		}
		if err := t.print(env); err != nil {
			return err
		}
	}
	if len(res.Conflicts) > 0 {
		fmt.Fprintln(out, "\nConflicts, the same coding with another memo (this project's memo kept):")
		for _, c := range res.Conflicts {
			fmt.Fprintf(out, "  %s %d-%d  %s  by %s\n", c.Source, c.Start, c.End, c.Code, c.Coder)
		}
	}
	fmt.Fprintf(out, "\nMemos: %d added, %d already here.\n", res.MemosAdded, res.MemosSkipped)
	if res.Withdrawn > 0 {
		fmt.Fprintf(out, "Left out: %s on the words of, or about, participants who withdrew here.\n",
			plural.Count(res.Withdrawn, "coding or memo", "codings and memos"))
	}
	return nil
}
