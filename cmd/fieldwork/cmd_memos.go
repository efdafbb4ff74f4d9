package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// memosOptions are the arguments of `memos` and its sub-commands.
type memosOptions struct {
	project string
	kinds   []string // --kind
	on      string   // --on: a source, code or participant
	json    bool

	// add
	target  store.MemoTarget
	text    string
	hasText bool
	coder   string

	// show
	ref string

	// export
	format, out      string
	allowIdentifiers bool
}

// filter turns --kind and --on into a project.MemoFilter.
func (o *memosOptions) filter() (project.MemoFilter, error) {
	f := project.MemoFilter{On: o.on}
	for _, list := range o.kinds {
		for _, k := range strings.Split(list, ",") {
			kind, err := store.ParseMemoKind(k)
			if err != nil {
				return f, usagef("--kind: %v", err)
			}
			f.Kinds = append(f.Kinds, kind)
		}
	}
	return f, nil
}

func memoFilterFlags(cmd *cobra.Command, o *memosOptions) {
	cmd.Flags().StringSliceVar(&o.kinds, "kind", nil, "only memos on: project, code, participant, source, passage, coding (comma-separated)")
	cmd.Flags().StringVar(&o.on, "on", "", "only memos on this source, code or participant id")
}

func newMemosCmd(env *Env, runF func(*memosOptions) error) *cobra.Command {
	o := &memosOptions{}
	cmd := &cobra.Command{
		Use:   "memos PROJECT",
		Short: "List, add, show and export memos (on the project, codes, participants, sources, passages, codings)",
		Long: `Memos are the researcher's notes. They can be on the project, a code, a
participant (named by their id, never a speaker label), a source, a passage of a
source, or a coding. Each has an id: M12, or C34 for the memo on coding 34.

  fieldwork memos P                          list every memo (--kind, --on to narrow)
  fieldwork memos add P --code "Legal status" --text "..."
  fieldwork memos add P --participant MTL-03 < note.txt
  fieldwork memos show P M12
  fieldwork memos export P --format csv --out memos.csv

The Memos screen of ` + "`fieldwork code`" + ` lists and edits them too, and
` + "`fieldwork report --memos`" + ` ends the report with them.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runMemosList(env, o)
		},
	}
	memoFilterFlags(cmd, o)
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.AddCommand(newMemosListCmd(env, nil), newMemosAddCmd(env, nil), newMemosShowCmd(env, nil), newMemosExportCmd(env, nil))
	return cmd
}

func newMemosListCmd(env *Env, runF func(*memosOptions) error) *cobra.Command {
	o := &memosOptions{}
	cmd := &cobra.Command{
		Use:   "list PROJECT",
		Short: "List memos: id, what each is on, author, day and first line",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			if runF != nil {
				return runF(o)
			}
			return runMemosList(env, o)
		},
	}
	memoFilterFlags(cmd, o)
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	return cmd
}

// memoJSON is one memo of `memos --json` and `memos show --json`.
type memoJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	On      string `json:"on"`
	Author  string `json:"author"`
	Updated string `json:"updated"`
	Text    string `json:"text"`
}

func toMemoJSON(m store.Memo) memoJSON {
	updated := ""
	if !m.Updated.IsZero() {
		updated = m.Updated.UTC().Format(time.RFC3339)
	}
	return memoJSON{ID: m.Ref(), Kind: string(m.Kind), On: m.Target(), Author: m.Author, Updated: updated, Text: m.Text}
}

func memoDay(m store.Memo) string {
	if m.Updated.IsZero() {
		return ""
	}
	return m.Updated.Local().Format("2006-01-02")
}

func runMemosList(env *Env, o *memosOptions) error {
	f, err := o.filter()
	if err != nil {
		return err
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	list, err := p.Memos(f)
	if err != nil {
		return err
	}
	if o.json {
		out := make([]memoJSON, 0, len(list))
		for _, m := range list {
			out = append(out, toMemoJSON(m))
		}
		return env.printJSON(out)
	}
	if len(list) == 0 {
		if f.On != "" || len(f.Kinds) > 0 {
			fmt.Fprintln(env.Out, "no memos match")
		} else {
			fmt.Fprintf(env.Out, "no memos yet: add one with `fieldwork memos add %s --project --text ...` or `m` in `fieldwork code`\n", o.project)
		}
		return nil
	}
	t := newTable("id", "on", "author", "day", "memo")
	for _, m := range list {
		text := textfit.Cell(m.Text, 50)
		if n := strings.Count(strings.TrimRight(m.Text, "\n"), "\n"); n > 0 {
			text = textfit.Cell(firstLine(m.Text), 40) + fmt.Sprintf(" (+%d lines)", n)
		}
		t.add(m.Ref(), textfit.Clip(m.Target(), 48), m.Author, memoDay(m), text)
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "%s; `fieldwork memos show %s ID` prints one whole\n", plural.Count(len(list), "memo", "memos"), o.project)
	return nil
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

func newMemosAddCmd(env *Env, runF func(*memosOptions) error) *cobra.Command {
	o := &memosOptions{}
	var onProject bool
	var code, source, participant, passage string
	cmd := &cobra.Command{
		Use:   "add PROJECT (--project | --code CODE | --source SOURCE | --participant ID | --passage SOURCE:START-END) [--text TEXT]",
		Short: "Add a memo; its text from --text or, without it, standard input (several lines)",
		Long: `Add a memo on the project, a code (path or unique name), a participant (by id),
a source, or a passage of a source (code-point offsets, as in ` + "`fieldwork codings`" + `).
The text is --text, or standard input when --text is not given, so a memo can
hold several lines: fieldwork memos add P --participant MTL-03 < note.txt`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			o.hasText = cmd.Flags().Changed("text")
			var targets []store.MemoTarget
			if onProject {
				targets = append(targets, store.MemoTarget{Kind: store.MemoProject})
			}
			for _, t := range []struct {
				kind store.MemoKind
				ref  string
			}{{store.MemoCode, code}, {store.MemoSource, source}, {store.MemoParticipant, participant}} {
				if t.ref != "" {
					targets = append(targets, store.MemoTarget{Kind: t.kind, Ref: t.ref})
				}
			}
			if passage != "" {
				t, err := parsePassage(passage)
				if err != nil {
					return err
				}
				targets = append(targets, t)
			}
			if len(targets) != 1 {
				return usagef("memos add: give one of --project, --code, --source, --participant or --passage (got %d)", len(targets))
			}
			o.target = targets[0]
			if runF != nil {
				return runF(o)
			}
			return runMemosAdd(env, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&onProject, "project", false, "a memo on the whole project")
	f.StringVar(&code, "code", "", "a memo on this code (path or unique name)")
	f.StringVar(&source, "source", "", "a memo on this source (name or id)")
	f.StringVar(&participant, "participant", "", "a memo on this participant (their id, as `fieldwork participants` lists)")
	f.StringVar(&passage, "passage", "", "a memo on a passage: SOURCE:START-END (code-point offsets)")
	f.StringVar(&o.text, "text", "", "the memo (default: read standard input)")
	f.StringVar(&o.coder, "coder", "", "author (default: $FIELDWORK_CODER, else your user name)")
	return cmd
}

// parsePassage reads SOURCE:START-END; the source name may hold colons.
func parsePassage(s string) (store.MemoTarget, error) {
	i := strings.LastIndex(s, ":")
	bad := usagef("--passage %q: want SOURCE:START-END, e.g. ottawa-fg:120-164", s)
	if i <= 0 {
		return store.MemoTarget{}, bad
	}
	a, b, ok := strings.Cut(s[i+1:], "-")
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return store.MemoTarget{}, bad
	}
	return store.MemoTarget{Kind: store.MemoPassage, Ref: s[:i], Start: start, End: end}, nil
}

func runMemosAdd(env *Env, o *memosOptions) error {
	text := o.text
	if !o.hasText {
		data, err := io.ReadAll(io.LimitReader(env.In, 1<<20+1))
		if err != nil {
			return fmt.Errorf("memos add: read standard input: %w", err)
		}
		if len(data) > 1<<20 {
			return usagef("memos add: a memo of more than 1 MiB on standard input")
		}
		text = string(data)
	}
	text = strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if strings.TrimSpace(text) == "" {
		return usagef("memos add: the memo is empty (give --text, or the text on standard input)")
	}
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	m, err := p.AddMemo(o.target, env.coder(o.coder), text)
	if err != nil {
		return fmt.Errorf("memos add: %w", err)
	}
	fmt.Fprintf(env.Out, "added memo %s on %s\n", m.Ref(), m.Target())
	return nil
}

func newMemosShowCmd(env *Env, runF func(*memosOptions) error) *cobra.Command {
	o := &memosOptions{}
	cmd := &cobra.Command{
		Use:   "show PROJECT ID",
		Short: "Print one memo whole (ID as `memos` lists it: M12, C34)",
		Args:  exactArgs(2, "PROJECT and a memo ID (M12, C34)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.ref = args[0], args[1]
			if _, _, err := store.ParseMemoRef(o.ref); err != nil {
				return usageError{err}
			}
			if runF != nil {
				return runF(o)
			}
			return runMemosShow(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON object")
	return cmd
}

func runMemosShow(env *Env, o *memosOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.Memo(o.ref)
	if err != nil {
		return err
	}
	if o.json {
		return env.printJSON(toMemoJSON(m))
	}
	st := env.styles()
	fmt.Fprintf(env.Out, "%s on %s\n", st.header.Render(m.Ref()), m.Target())
	fmt.Fprintf(env.Out, "by %s", m.Author)
	if d := memoDay(m); d != "" {
		fmt.Fprintf(env.Out, ", %s", d)
	}
	fmt.Fprintf(env.Out, "\n\n%s\n", strings.TrimRight(m.Text, "\n"))
	return nil
}

func newMemosExportCmd(env *Env, runF func(*memosOptions) error) *cobra.Command {
	o := &memosOptions{}
	cmd := &cobra.Command{
		Use:   "export PROJECT",
		Short: "Write the memos as Markdown or CSV (an owner-only file with --out)",
		Long: `Write the memos (all, or those --kind and --on choose) as Markdown (default) or
CSV: id, kind, on, author, updated, text. Text is made inert: Markdown escapes what
would make HTML or a link, CSV cells never start a formula. Participants are named by
their id. Without --out, to standard output; with it, a file only you can read.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			o.format = strings.ToLower(strings.TrimPrefix(o.format, "."))
			if o.format == "markdown" {
				o.format = "md"
			}
			if o.format != "md" && o.format != "csv" {
				return usagef("--format %q: want md or csv", o.format)
			}
			if runF != nil {
				return runF(o)
			}
			return runMemosExport(env, o)
		},
	}
	memoFilterFlags(cmd, o)
	cmd.Flags().StringVar(&o.format, "format", "md", "md or csv")
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "file to write (default: standard output)")
	allowIdentifiersFlag(cmd.Flags(), &o.allowIdentifiers)
	return cmd
}

func runMemosExport(env *Env, o *memosOptions) error {
	f, err := o.filter()
	if err != nil {
		return err
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
	memos, err := p.ReportMemos(f)
	if err != nil {
		return err
	}
	// Memos are researchers' words and may name the people they write of.
	sc, err := identifierScreen(p, o.allowIdentifiers)
	if err != nil {
		return err
	}
	defer env.screenReport(sc, o.allowIdentifiers)
	// The target is built from ids, offsets, source and code names.
	if screen := sc.Func(); screen != nil {
		for i := range memos {
			memos[i].Text = screen(memos[i].Text)
		}
	}
	var b bytes.Buffer
	if o.format == "csv" {
		err = report.WriteMemosCSV(&b, memos)
	} else {
		err = report.WriteMemosMarkdown(&b, "Memos: "+filepath.Base(o.project), memos)
	}
	if err != nil {
		return err
	}
	if wrote, err := env.writeOut(o.out, b.Bytes()); !wrote || err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %s (%s, %s, %d bytes)\n", o.out, plural.Count(len(memos), "memo", "memos"), o.format, b.Len())
	return nil
}
