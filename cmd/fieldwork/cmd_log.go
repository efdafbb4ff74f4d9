package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type logOptions struct {
	project string
	coder   string
	kind    string
	since   string
	json    bool
}

func newLogCmd(env *Env, runF func(*logOptions) error) *cobra.Command {
	o := &logOptions{}
	cmd := &cobra.Command{
		Use:   "log PROJECT",
		Short: "List the project's audit log; `log verify` checks its hash chain",
		Long: `Every change to a project (imports, codings, codebook edits, memos,
recommendations, identifier list, withdrawals) is appended to a hash-chained
audit log in the same transaction. An entry names who, when, what kind of
change and ids; it never quotes what a participant said.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runLog(env, o)
		},
	}
	cmd.Flags().StringVar(&o.coder, "coder", "", "only entries by this coder (the actor)")
	cmd.Flags().StringVar(&o.kind, "kind", "", "only entries of this kind ("+strings.Join(store.AuditKinds(), ", ")+")")
	cmd.Flags().StringVar(&o.since, "since", "", "only entries from this day (YYYY-MM-DD) or time (RFC 3339) on")
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newLogVerifyCmd(env, nil))
	return cmd
}

type auditJSON struct {
	Seq     int64  `json:"seq"`
	At      string `json:"at"`
	Actor   string `json:"actor"`
	Kind    string `json:"kind"`
	Summary string `json:"summary"`
	Prev    string `json:"prev"`
	Hash    string `json:"hash"`
}

func runLog(env *Env, o *logOptions) error {
	f := store.AuditFilter{Actor: o.coder, Kind: o.kind}
	if o.kind != "" && !slices.Contains(store.AuditKinds(), o.kind) {
		return usagef("--kind %q: want one of %s", o.kind, strings.Join(store.AuditKinds(), ", "))
	}
	if o.since != "" {
		t, err := parseSince(o.since)
		if err != nil {
			return usagef("--since %q: want a day (2026-03-01) or an RFC 3339 time", o.since)
		}
		f.Since = t
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Audit(f)
	if err != nil {
		return err
	}
	if o.json {
		out := make([]auditJSON, 0, len(list))
		for _, e := range list {
			out = append(out, auditJSON{e.Seq, e.At.Format(time.RFC3339), e.Actor, e.Kind, e.Summary, e.Prev, e.Hash})
		}
		return env.printJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Out, "no entries")
		return nil
	}
	t := newTable("seq", "at (UTC)", "actor", "kind", "summary").alignRight(0)
	for _, e := range list {
		t.add(strconv.FormatInt(e.Seq, 10), e.At.UTC().Format("2006-01-02 15:04:05"), clean(e.Actor), e.Kind, clean(e.Summary))
	}
	return t.print(env)
}

// clean drops control characters from stored text before it reaches a
// terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}

func parseSince(s string) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

type logVerifyOptions struct {
	project string
	head    string
}

func newLogVerifyCmd(env *Env, runF func(*logVerifyOptions) error) *cobra.Command {
	o := &logVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify PROJECT",
		Short: "Recompute the audit log's hash chain; exit 1 naming the first entry that does not match",
		Long: `verify recomputes every entry's hash from its content and the entry before,
and fails at the first entry that was edited, deleted or inserted behind
fieldwork's back. It prints the chain's head hash: note it down somewhere else
(and pass it with --head next time) to catch a log rewritten from the start
or cut short at its end.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runLogVerify(env, o)
		},
	}
	cmd.Flags().StringVar(&o.head, "head", "", "a head hash noted earlier: fail unless the chain still contains it")
	return cmd
}

func runLogVerify(env *Env, o *logVerifyOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.VerifyAudit()
	if err != nil {
		return err
	}
	if c.Break != nil {
		return fmt.Errorf("%s: %w", o.project, c.Break)
	}
	if o.head != "" {
		list, err := s.Audit(store.AuditFilter{})
		if err != nil {
			return err
		}
		found := false
		for _, e := range list {
			if strings.EqualFold(e.Hash, strings.TrimSpace(o.head)) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("%s: the audit log no longer contains the head %s noted earlier: it was rewritten or cut short", o.project, o.head)
		}
	}
	fmt.Fprintf(env.Out, "audit log intact: %s\nhead %s\n", plural.Count(c.Entries, "entry", "entries"), c.Head)
	return nil
}
