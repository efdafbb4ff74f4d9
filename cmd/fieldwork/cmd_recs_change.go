package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// The recommendation tracker: `fieldwork recs` and its sub-commands.

// recFieldFlags are the fields of `recs add` and `recs edit`.
type recFieldFlags struct {
	title, text, owner, priority, due string
	stakeholders, codes               []string
}

func (f *recFieldFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.title, "title", "", "the recommendation in a few words")
	fs.StringVar(&f.text, "text", "", "the recommendation in full")
	fs.StringVar(&f.owner, "owner", "", "who leads it")
	fs.StringArrayVar(&f.stakeholders, "stakeholder", nil, "a stakeholder, such as IRCC or \"settlement agencies\" (repeat for several)")
	fs.StringVar(&f.priority, "priority", "", "high, medium or low")
	fs.StringVar(&f.due, "due", "", "due date, YYYY-MM-DD")
	fs.StringArrayVar(&f.codes, "code", nil, "a code (path or unique name) whose coded speech is its evidence (repeat for several)")
}

// priorityFlag and dueFlag parse --priority and --due ("" is none).
func (f *recFieldFlags) priorityFlag() (tracker.Priority, error) {
	if f.priority == "" {
		return "", nil
	}
	p, err := tracker.ParsePriority(f.priority)
	if err != nil {
		return "", usagef("--priority: %v", err)
	}
	return p, nil
}

func (f *recFieldFlags) dueFlag() (time.Time, error) {
	d, err := tracker.ParseDate(f.due)
	if err != nil {
		return d, usagef("--due: %v", err)
	}
	return d, nil
}

// draft is the recommendation `recs add` adds.
func (f *recFieldFlags) draft() (tracker.Draft, error) {
	if strings.TrimSpace(f.title) == "" {
		return tracker.Draft{}, usagef("recs add: --title is required")
	}
	n := tracker.Draft{Title: f.title, Text: f.text, Owner: f.owner, Stakeholders: f.stakeholders, Codes: f.codes}
	var err error
	if n.Priority, err = f.priorityFlag(); err != nil {
		return n, err
	}
	n.Due, err = f.dueFlag()
	return n, err
}

// edit is the change `recs edit` makes: the flags given, and only those.
func (f *recFieldFlags) edit(fs *pflag.FlagSet) (tracker.Edit, error) {
	var e tracker.Edit
	if fs.Changed("title") {
		if strings.TrimSpace(f.title) == "" {
			return e, usagef("--title cannot be empty")
		}
		e.Title = &f.title
	}
	if fs.Changed("text") {
		e.Text = &f.text
	}
	if fs.Changed("owner") {
		e.Owner = &f.owner
	}
	if fs.Changed("priority") {
		p, err := tracker.ParsePriority(f.priority)
		if err != nil {
			return e, usagef("--priority: %v", err)
		}
		e.Priority = &p
	}
	if fs.Changed("due") {
		d, err := f.dueFlag()
		if err != nil {
			return e, err
		}
		e.Due = &d
	}
	if fs.Changed("stakeholder") {
		e.Stakeholders = &f.stakeholders
	}
	if fs.Changed("code") {
		e.Codes = &f.codes
	}
	if e.IsZero() {
		return e, usagef("recs edit: give at least one field to change (--title, --text, --owner, --stakeholder, --priority, --due, --code)")
	}
	return e, nil
}

// stamp is who writes a log entry: --author, $FIELDWORK_CODER, the OS user.
func (env *Env) stamp(author string) store.Stamp {
	return store.Stamp{Author: env.coder(author)}
}

type recsAddOptions struct {
	project, author, note string
	draft                 tracker.Draft
}

func newRecsAddCmd(env *Env, runF func(*recsAddOptions) error) *cobra.Command {
	o := &recsAddOptions{}
	var f recFieldFlags
	cmd := &cobra.Command{
		Use:   "add PROJECT --title TEXT",
		Short: "Add a recommendation (status proposed unless --status)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			var err error
			if o.draft, err = f.draft(); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runRecsAdd(env, o)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	cmd.Flags().StringVar(&o.note, "note", "", "a note for the log entry of its creation")
	return cmd
}

func runRecsAdd(env *Env, o *recsAddOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.AddRecommendation(o.draft, env.stamp(o.author), o.note)
	if err != nil {
		return fmt.Errorf("recs add: %w", err)
	}
	fmt.Fprintf(env.Out, "added %s: %s (%s, %s priority", r.ID, r.Title, r.Status.Label(), r.Priority)
	if !r.Due.IsZero() {
		fmt.Fprintf(env.Out, ", due %s", tracker.FormatDate(r.Due))
	}
	fmt.Fprintf(env.Out, ", %s linked)\n", plural.Count(len(r.Codes), "code", "codes"))
	return nil
}

type recsEditOptions struct {
	project, id, author string
	edit                tracker.Edit
}

func newRecsEditCmd(env *Env, runF func(*recsEditOptions) error) *cobra.Command {
	o := &recsEditOptions{}
	var f recFieldFlags
	cmd := &cobra.Command{
		Use:   "edit PROJECT ID [--title T] [--text T] [--owner O] [--stakeholder S]... [--priority P] [--due D] [--code C]...",
		Short: "Change a recommendation's fields (--stakeholder and --code replace the lists; --due \"\" clears it)",
		Long: `Change the fields given; the others stay as they are. --stakeholder and --code
replace the whole list (use ` + "`recs link`" + ` to add or remove codes one by one);
--due "" removes the due date. What changed is written to the log. The status
changes with ` + "`recs status`" + ` only.`,
		Args: exactArgs(2, "PROJECT and a recommendation ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id = args[0], args[1]
			var err error
			if o.edit, err = f.edit(cmd.Flags()); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runRecsEdit(env, o)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	return cmd
}

func runRecsEdit(env *Env, o *recsEditOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	before, err := s.Recommendation(o.id)
	if err != nil {
		return err
	}
	r, err := s.EditRecommendation(o.id, o.edit, env.stamp(o.author))
	if err != nil {
		return fmt.Errorf("recs edit %s: %w", before.ID, err)
	}
	if len(r.Log) == len(before.Log) {
		fmt.Fprintf(env.Out, "%s unchanged: the values given are the ones it has\n", r.ID)
		return nil
	}
	last, _ := r.LastFollowUp()
	fmt.Fprintf(env.Out, "%s: %s\n", r.ID, last.Note)
	return nil
}

type recsLinkOptions struct {
	project, id, author string
	codes               []string
	remove              bool
}

func newRecsLinkCmd(env *Env, runF func(*recsLinkOptions) error) *cobra.Command {
	o := &recsLinkOptions{}
	cmd := &cobra.Command{
		Use:   "link PROJECT ID CODE...",
		Short: "Link codes to a recommendation as its evidence (--remove unlinks them)",
		Args:  minArgs(3, "PROJECT, a recommendation ID and at least one code"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id, o.codes = args[0], args[1], args[2:]
			if runF != nil {
				return runF(o)
			}
			return runRecsLink(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.remove, "remove", false, "unlink the codes instead")
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	return cmd
}

func runRecsLink(env *Env, o *recsLinkOptions) error {
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.LinkCodes(o.id, o.codes, o.remove, env.stamp(o.author))
	if err != nil {
		return err
	}
	last, _ := r.LastFollowUp()
	fmt.Fprintf(env.Out, "%s: %s (%s linked)\n", r.ID, last.Note, plural.Count(len(r.Codes), "code", "codes"))
	return nil
}

type recsStatusOptions struct {
	project, id, status, note, author string
}

func newRecsStatusCmd(env *Env, runF func(*recsStatusOptions) error) *cobra.Command {
	o := &recsStatusOptions{}
	cmd := &cobra.Command{
		Use:   "status PROJECT ID STATUS [--note TEXT]",
		Short: "Change a recommendation's status: proposed, accepted, in-progress, blocked, done, dropped (logged)",
		Args:  exactArgs(3, "PROJECT, a recommendation ID and a status"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id, o.status = args[0], args[1], args[2]
			if runF != nil {
				return runF(o)
			}
			return runRecsStatus(env, o)
		},
	}
	cmd.Flags().StringVar(&o.note, "note", "", "why, for the log")
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	return cmd
}

func runRecsStatus(env *Env, o *recsStatusOptions) error {
	st, err := tracker.ParseStatus(o.status)
	if err != nil {
		return usagef("%v", err)
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	f, err := s.SetStatus(o.id, st, o.note, env.stamp(o.author))
	if err != nil {
		return err
	}
	r, _ := tracker.ParseRef(o.id)
	fmt.Fprintf(env.Out, "%s: %s → %s (logged by %s)\n", r, f.From.Label(), f.To.Label(), f.Author)
	return nil
}

type recsLogOptions struct {
	project, id, note, author string
}

func newRecsLogCmd(env *Env, runF func(*recsLogOptions) error) *cobra.Command {
	o := &recsLogOptions{}
	cmd := &cobra.Command{
		Use:   "log PROJECT ID --note TEXT",
		Short: "Add a follow-up note to a recommendation's log",
		Args:  exactArgs(2, "PROJECT and a recommendation ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return runRecsLog(env, o)
		},
	}
	cmd.Flags().StringVar(&o.note, "note", "", "the follow-up (required)")
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	return cmd
}

func runRecsLog(env *Env, o *recsLogOptions) error {
	if strings.TrimSpace(o.note) == "" {
		return usagef("recs log: --note is required")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	f, err := s.AddFollowUp(o.id, o.note, env.stamp(o.author))
	if err != nil {
		return err
	}
	r, _ := tracker.ParseRef(o.id)
	fmt.Fprintf(env.Out, "%s: follow-up %d logged by %s on %s\n", r, f.ID, f.Author, tracker.FormatDate(tracker.DateOf(f.At)))
	return nil
}
