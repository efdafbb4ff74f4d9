package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type withdrawOptions struct {
	project, id, note string
}

func newParticipantsWithdrawCmd(env *Env, runF func(*withdrawOptions) error) *cobra.Command {
	o := &withdrawOptions{}
	cmd := &cobra.Command{
		Use:   "withdraw PROJECT ID --note TEXT",
		Short: "Remove a participant's words from the project after they withdraw consent",
		Long: `withdraw erases a participant's words from the project file, for good:

  - their turns' text is replaced by "[withdrawn]" and spaces of the same
    length, so everyone else's turns and codings stay on the same words;
  - codings within their turns, memos on them and their survey answers are
    deleted; their attributes are deleted;
  - the freed space in the file is overwritten and the write-ahead log is
    truncated, so the words cannot be read from the file's bytes;
  - tables and reports leave them out of every count and denominator.

The audit log records that the withdrawal happened and what it removed, by
count, never the words. --note (the request, its date) is kept with the
participant. This cannot be undone; copies and backups made before keep
the words.`,
		Args: exactArgs(2, "PROJECT and ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runWithdraw(env, o)
		},
	}
	cmd.Flags().StringVar(&o.note, "note", "", "why and when: the participant's request (required)")
	return cmd
}

func runWithdraw(env *Env, o *withdrawOptions) error {
	if strings.TrimSpace(o.note) == "" {
		return usagef("participants withdraw: --note is required (say when and how consent was withdrawn)")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	w, err := s.Withdraw(o.id, o.note)
	if err != nil {
		return fmt.Errorf("%w\nnothing was changed", err)
	}
	fmt.Fprintf(env.Out, "%s withdrew: %s in %s replaced by %q; deleted %s, %s, %s\n",
		clean(w.Participant), plural.Count(w.Turns, "turn", "turns"), plural.Count(w.Sources, "source", "sources"), store.WithdrawnMarker,
		plural.Count(w.Codings, "coding", "codings"), plural.Count(w.Memos, "memo", "memos"), plural.Count(w.Respondents, "survey respondent", "survey respondents"))
	if w.Truncated {
		fmt.Fprintln(env.Out, "the freed space was overwritten and the write-ahead log truncated")
	} else {
		fmt.Fprintln(env.Err, "warning: another fieldwork process has the project open, so the write-ahead log could not be truncated;\n"+
			"the old pages stay in it until every process closes the project")
	}
	return nil
}
