package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// The recommendation tracker: `fieldwork recs` and its sub-commands.

func newRecsCmd(env *Env) *cobra.Command {
	o := &recsListOptions{}
	cmd := &cobra.Command{
		Use:   "recs PROJECT",
		Short: "Track recommendations: list, add, edit, link codes, change status, log follow-ups, due, export, import",
		Long: `List the project's recommendations with their owner, status, priority, due date,
evidence strength and last follow-up.

A recommendation's evidence is the coded speech of the codes linked to it,
counted as in the analysis tables: the participants who mention one of them,
the cities where they said it, the codings, and the three strongest quotes
(participant ID and city only). Its strength:

  strong    at least half the participants mention it, in every city
  moderate  at least a quarter do, in at least two cities
  weak      fewer do
  none      nobody does, or no code is linked

A recommendation is overdue when it is still open (not done nor dropped) after
its due date. Statuses: proposed, accepted, in-progress, blocked, done, dropped.
Every status change, follow-up and edit is written to the recommendation's log,
which is never edited nor deleted. The author of an entry is --author, else
$FIELDWORK_CODER, else the OS user.`,
		Args: exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			return runRecsList(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.Flags().StringVar(&o.today, "today", "", "judge due dates as of this day, YYYY-MM-DD (default: today's date)")
	cmd.AddCommand(newRecsAddCmd(env), newRecsEditCmd(env), newRecsLinkCmd(env), newRecsStatusCmd(env),
		newRecsLogCmd(env), newRecsShowCmd(env), newRecsDueCmd(env), newRecsExportCmd(env), newRecsImportCmd(env))
	return cmd
}

type recsListOptions struct {
	project, today string
	json           bool
}

// today parses a --today flag; "" is the real date, on this computer's
// clock and zone.
func today(flag string) (time.Time, error) {
	if strings.TrimSpace(flag) == "" {
		return analysis.Clock(time.Now).Today(), nil
	}
	d, err := analysis.ParseDate(flag)
	if err != nil {
		return d, usagef("--today: %v", err)
	}
	return d, nil
}

// trackerData opens the project and reads its recommendations with their
// evidence counts (on the whole project, no filter; no quotes).
func (env *Env) trackerData(project string) ([]analysis.Recommendation, []analysis.Evidence, error) {
	s, err := env.open(project)
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	recs, err := s.Recommendations()
	if err != nil {
		return nil, nil, err
	}
	d, err := s.Dataset()
	if err != nil {
		return nil, nil, err
	}
	evs, err := analysis.EvidenceOf(d, recs, 0) // the listing shows no quotes
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", project, err)
	}
	return recs, evs, nil
}

// followUpJSON is one log entry.
type followUpJSON struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	Date       string `json:"date"`
	Author     string `json:"author"`
	Note       string `json:"note"`
	StatusFrom string `json:"status_from"`
	StatusTo   string `json:"status_to"`
}

func toFollowUpJSON(f analysis.FollowUp) followUpJSON {
	return followUpJSON{ID: f.ID, At: f.At.Format(time.RFC3339), Date: analysis.FormatDate(analysis.DateOf(f.At)),
		Author: f.Author, Note: f.Note, StatusFrom: string(f.From), StatusTo: string(f.To)}
}

// recJSON is a recommendation in `recs --json`.
type recJSON struct {
	ID                string        `json:"id"`
	Title             string        `json:"title"`
	Text              string        `json:"text"`
	Owner             string        `json:"owner"`
	Stakeholders      []string      `json:"stakeholders"`
	Priority          string        `json:"priority"`
	Status            string        `json:"status"`
	Due               string        `json:"due"`
	DaysLeft          *int          `json:"days_left"`
	Overdue           bool          `json:"overdue"`
	Codes             []string      `json:"codes"`
	EvidenceStrength  string        `json:"evidence_strength"`
	Participants      int           `json:"participants"`
	ParticipantsTotal int           `json:"participants_total"`
	Cities            int           `json:"cities"`
	CitiesTotal       int           `json:"cities_total"`
	Codings           int           `json:"codings"`
	CreatedAt         string        `json:"created_at"`
	LastFollowUp      *followUpJSON `json:"last_follow_up"`
}

func toRecJSON(r *analysis.Recommendation, ev analysis.Evidence, day time.Time) recJSON {
	out := recJSON{ID: r.ID, Title: r.Title, Text: r.Text, Owner: r.Owner, Stakeholders: append([]string{}, r.Stakeholders...),
		Priority: string(r.Priority), Status: string(r.Status), Due: analysis.FormatDate(r.Due), Overdue: r.Overdue(day),
		Codes: append([]string{}, r.CodePaths()...), EvidenceStrength: string(ev.Strength), Participants: ev.Participants,
		ParticipantsTotal: ev.ParticipantsTotal, Cities: len(ev.Cities), CitiesTotal: ev.CitiesTotal, Codings: ev.Codings,
		CreatedAt: r.Created.Format(time.RFC3339)}
	if left, ok := r.DaysLeft(day); ok {
		out.DaysLeft = &left
	}
	if f, ok := r.LastFollowUp(); ok {
		j := toFollowUpJSON(f)
		out.LastFollowUp = &j
	}
	return out
}

func runRecsList(env *Env, o *recsListOptions) error {
	day, err := today(o.today)
	if err != nil {
		return err
	}
	recs, evs, err := env.trackerData(o.project)
	if err != nil {
		return err
	}
	if o.json {
		out := make([]recJSON, 0, len(recs))
		for i := range recs {
			out = append(out, toRecJSON(&recs[i], evs[i], day))
		}
		return env.printJSON(out)
	}
	if len(recs) == 0 {
		fmt.Fprintf(env.Out, "no recommendations yet: add one with `fieldwork recs add %s --title TEXT`, or import a list with `fieldwork recs import`\n", o.project)
		return nil
	}
	t := newTable("id", "title", "owner", "status", "priority", "due", "evidence", "last follow-up")
	for i := range recs {
		r := &recs[i]
		due := analysis.FormatDate(r.Due)
		if r.Overdue(day) {
			due += " overdue"
		}
		ev := string(evs[i].Strength)
		if evs[i].Participants > 0 {
			ev += fmt.Sprintf(" (%d of %d)", evs[i].Participants, evs[i].ParticipantsTotal)
		}
		last := ""
		if f, ok := r.LastFollowUp(); ok {
			last = analysis.FormatDate(analysis.DateOf(f.At)) + " " + clip(f.Summary(), 30)
		}
		t.add(r.ID, clip(r.Title, 40), clip(r.Owner, 20), r.Status.Label(), string(r.Priority), due, ev, last)
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintln(env.Out, statusLine(recs, day))
	return nil
}

// statusLine is "6 recommendations: 1 proposed, 2 in progress ...; 2
// overdue (as of 2026-11-23)".
func statusLine(recs []analysis.Recommendation, day time.Time) string {
	var parts []string
	late := 0
	for _, st := range analysis.Statuses() {
		n := 0
		for i := range recs {
			if recs[i].Status == st {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st.Label()))
		}
	}
	for i := range recs {
		if recs[i].Overdue(day) {
			late++
		}
	}
	noun := "recommendations"
	if len(recs) == 1 {
		noun = "recommendation"
	}
	return fmt.Sprintf("%d %s: %s; %d overdue (as of %s)", len(recs), noun, strings.Join(parts, ", "), late, analysis.FormatDate(day))
}

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

// author is who writes a log entry: --author, $FIELDWORK_CODER, the OS user.
func (env *Env) stamp(author string) store.Stamp {
	return store.Stamp{Author: env.coder(author)}
}

type recsAddOptions struct {
	project, author, note string
	fields                recFieldFlags
}

func newRecsAddCmd(env *Env) *cobra.Command {
	o := &recsAddOptions{}
	cmd := &cobra.Command{
		Use:   "add PROJECT --title TEXT",
		Short: "Add a recommendation (status proposed unless --status)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			return runRecsAdd(env, o)
		},
	}
	o.fields.register(cmd.Flags())
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	cmd.Flags().StringVar(&o.note, "note", "", "a note for the log entry of its creation")
	return cmd
}

func runRecsAdd(env *Env, o *recsAddOptions) error {
	f := o.fields
	if strings.TrimSpace(f.title) == "" {
		return usagef("recs add: --title is required")
	}
	n := store.NewRecommendation{Title: f.title, Text: f.text, Owner: f.owner, Stakeholders: f.stakeholders, Codes: f.codes}
	if f.priority != "" {
		p, err := analysis.ParsePriority(f.priority)
		if err != nil {
			return usagef("--priority: %v", err)
		}
		n.Priority = p
	}
	if f.due != "" {
		d, err := analysis.ParseDate(f.due)
		if err != nil {
			return usagef("--due: %v", err)
		}
		n.Due = d
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.AddRecommendation(n, env.stamp(o.author), o.note)
	if err != nil {
		return fmt.Errorf("recs add: %w", err)
	}
	fmt.Fprintf(env.Out, "added %s: %s (%s, %s priority", r.ID, r.Title, r.Status.Label(), r.Priority)
	if !r.Due.IsZero() {
		fmt.Fprintf(env.Out, ", due %s", analysis.FormatDate(r.Due))
	}
	fmt.Fprintf(env.Out, ", %d code(s) linked)\n", len(r.Codes))
	return nil
}

type recsEditOptions struct {
	project, id, author string
	fields              recFieldFlags
}

func newRecsEditCmd(env *Env) *cobra.Command {
	o := &recsEditOptions{}
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
			return runRecsEdit(env, o, cmd.Flags())
		},
	}
	o.fields.register(cmd.Flags())
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	return cmd
}

func runRecsEdit(env *Env, o *recsEditOptions, fs *pflag.FlagSet) error {
	var f store.RecFields
	v := o.fields
	if fs.Changed("title") {
		if strings.TrimSpace(v.title) == "" {
			return usagef("--title cannot be empty")
		}
		f.Title = &v.title
	}
	if fs.Changed("text") {
		f.Text = &v.text
	}
	if fs.Changed("owner") {
		f.Owner = &v.owner
	}
	if fs.Changed("priority") {
		p, err := analysis.ParsePriority(v.priority)
		if err != nil {
			return usagef("--priority: %v", err)
		}
		f.Priority = &p
	}
	if fs.Changed("due") {
		d, err := analysis.ParseDate(v.due)
		if err != nil {
			return usagef("--due: %v", err)
		}
		f.Due = &d
	}
	if fs.Changed("stakeholder") {
		f.Stakeholders = &v.stakeholders
	}
	if fs.Changed("code") {
		f.Codes = &v.codes
	}
	if f.IsZero() {
		return usagef("recs edit: give at least one field to change (--title, --text, --owner, --stakeholder, --priority, --due, --code)")
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	before, err := s.Recommendation(o.id)
	if err != nil {
		return err
	}
	r, err := s.EditRecommendation(o.id, f, env.stamp(o.author))
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

func newRecsLinkCmd(env *Env) *cobra.Command {
	o := &recsLinkOptions{}
	cmd := &cobra.Command{
		Use:   "link PROJECT ID CODE...",
		Short: "Link codes to a recommendation as its evidence (--remove unlinks them)",
		Args:  minArgs(3, "PROJECT, a recommendation ID and at least one code"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id, o.codes = args[0], args[1], args[2:]
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
	fmt.Fprintf(env.Out, "%s: %s (%d code(s) linked)\n", r.ID, last.Note, len(r.Codes))
	return nil
}

type recsStatusOptions struct {
	project, id, status, note, author string
}

func newRecsStatusCmd(env *Env) *cobra.Command {
	o := &recsStatusOptions{}
	cmd := &cobra.Command{
		Use:   "status PROJECT ID STATUS [--note TEXT]",
		Short: "Change a recommendation's status: proposed, accepted, in-progress, blocked, done, dropped (logged)",
		Args:  exactArgs(3, "PROJECT, a recommendation ID and a status"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id, o.status = args[0], args[1], args[2]
			return runRecsStatus(env, o)
		},
	}
	cmd.Flags().StringVar(&o.note, "note", "", "why, for the log")
	cmd.Flags().StringVar(&o.author, "author", "", "who writes the log entry (default $FIELDWORK_CODER, else the OS user)")
	return cmd
}

func runRecsStatus(env *Env, o *recsStatusOptions) error {
	st, err := analysis.ParseStatus(o.status)
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
	r, _ := store.NormRef(o.id)
	fmt.Fprintf(env.Out, "%s: %s → %s (logged by %s)\n", r, f.From.Label(), f.To.Label(), f.Author)
	return nil
}

type recsLogOptions struct {
	project, id, note, author string
}

func newRecsLogCmd(env *Env) *cobra.Command {
	o := &recsLogOptions{}
	cmd := &cobra.Command{
		Use:   "log PROJECT ID --note TEXT",
		Short: "Add a follow-up note to a recommendation's log",
		Args:  exactArgs(2, "PROJECT and a recommendation ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, o.id = args[0], args[1]
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
	r, _ := store.NormRef(o.id)
	fmt.Fprintf(env.Out, "%s: follow-up %d logged by %s on %s\n", r, f.ID, f.Author, analysis.FormatDate(analysis.DateOf(f.At)))
	return nil
}

// recShowJSON is `recs show --json`.
type recShowJSON struct {
	recJSON
	DueState string         `json:"due_state"`
	Evidence evidenceJSON   `json:"evidence"`
	Log      []followUpJSON `json:"log"`
}

// evidenceJSON is a recommendation's evidence: counts beside the lists
// they count.
type evidenceJSON struct {
	Codes             []string         `json:"codes"`
	Strength          string           `json:"strength"`
	Participants      int              `json:"participants"`
	ParticipantsTotal int              `json:"participants_total"`
	ParticipantIDs    []string         `json:"participant_ids"`
	Cities            int              `json:"cities"`
	CitiesTotal       int              `json:"cities_total"`
	CityNames         []string         `json:"city_names"`
	Codings           int              `json:"codings"`
	Quotes            []analysis.Quote `json:"quotes"`
}

func toEvidenceJSON(ev analysis.Evidence) evidenceJSON {
	return evidenceJSON{Codes: ev.Codes, Strength: string(ev.Strength), Participants: ev.Participants,
		ParticipantsTotal: ev.ParticipantsTotal, ParticipantIDs: ev.ParticipantIDs, Cities: len(ev.Cities),
		CitiesTotal: ev.CitiesTotal, CityNames: ev.Cities, Codings: ev.Codings, Quotes: ev.Quotes}
}

func newRecsShowCmd(env *Env) *cobra.Command {
	o := &recsListOptions{}
	var id string
	cmd := &cobra.Command{
		Use:   "show PROJECT ID",
		Short: "Show a recommendation: its text, evidence (with quotes) and log",
		Args:  exactArgs(2, "PROJECT and a recommendation ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project, id = args[0], args[1]
			return runRecsShow(env, o, id)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON object (the log under the key log)")
	cmd.Flags().StringVar(&o.today, "today", "", "judge the due date as of this day, YYYY-MM-DD (default: today's date)")
	return cmd
}

func runRecsShow(env *Env, o *recsListOptions, id string) error {
	day, err := today(o.today)
	if err != nil {
		return err
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Recommendation(id)
	if err != nil {
		return err
	}
	d, err := s.Dataset()
	if err != nil {
		return err
	}
	evs, err := analysis.EvidenceOf(d, []analysis.Recommendation{r}, analysis.EvidenceQuotes)
	if err != nil {
		return fmt.Errorf("%s: %w", o.project, err)
	}
	ev := evs[0]
	if o.json {
		out := recShowJSON{recJSON: toRecJSON(&r, ev, day), DueState: r.DueLabel(day), Evidence: toEvidenceJSON(ev), Log: []followUpJSON{}}
		for _, f := range r.Log {
			out.Log = append(out.Log, toFollowUpJSON(f))
		}
		return env.printJSON(out)
	}
	return printRec(env, &r, ev, day)
}

func printRec(env *Env, r *analysis.Recommendation, ev analysis.Evidence, day time.Time) error {
	st := env.styles()
	w := &errWriter{w: env.Out}
	fmt.Fprintf(w, "%s  %s\n\n", st.header.Render(r.ID), r.Title)
	var kv [][2]string
	status := r.Status.Label()
	for i := len(r.Log) - 1; i >= 0; i-- {
		if r.Log[i].StatusChange() {
			status += " since " + analysis.FormatDate(analysis.DateOf(r.Log[i].At))
			break
		}
	}
	due := analysis.FormatDate(r.Due)
	if l := r.DueLabel(day); l != "" {
		due += " (" + l + ")"
	}
	kv = append(kv, [2]string{"status", status}, [2]string{"priority", string(r.Priority)}, [2]string{"owner", r.Owner},
		[2]string{"stakeholders", strings.Join(r.Stakeholders, ", ")}, [2]string{"due", due})
	for i, c := range r.CodePaths() {
		name := ""
		if i == 0 {
			name = "codes"
		}
		kv = append(kv, [2]string{name, c})
	}
	if len(r.Codes) == 0 {
		kv = append(kv, [2]string{"codes", "(none: link some with `fieldwork recs link`)"})
	}
	for _, x := range kv {
		fmt.Fprintf(w, "%-13s %s\n", x[0], x[1])
	}
	if r.Text != "" {
		fmt.Fprintf(w, "\n%s\n", wrapText(r.Text, 88))
	}
	evidence := "Evidence: " + string(ev.Strength)
	switch {
	case ev.Participants > 0:
		codings := "codings"
		if ev.Codings == 1 {
			codings = "coding"
		}
		evidence += fmt.Sprintf(" — %d of %d participants (%s), in %d of %d cities (%s); %d %s.",
			ev.Participants, ev.ParticipantsTotal, strings.Join(ev.ParticipantIDs, ", "),
			len(ev.Cities), ev.CitiesTotal, strings.Join(ev.Cities, ", "), ev.Codings, codings)
	case len(r.Codes) == 0:
		evidence += " — no code is linked."
	default:
		evidence += " — no participant's coded speech supports it yet."
	}
	evidence = wrapText(evidence, 88)
	fmt.Fprintf(w, "\n%s%s\n", st.header.Render("Evidence:"), strings.TrimPrefix(evidence, "Evidence:"))
	for _, q := range ev.Quotes {
		text := strings.ReplaceAll(wrapText("“"+q.Text+"”", 84), "\n", "\n   ")
		fmt.Fprintf(w, "  %s\n    — %s  %s\n", text, q.By(), st.dim.Render(fmt.Sprintf("(%s %d-%d)", q.Source, q.Start, q.End)))
	}
	fmt.Fprintf(w, "\n%s\n", st.header.Render("Log:"))
	lt := newTable("date", "author", "entry")
	for _, f := range r.Log {
		lt.add(analysis.FormatDate(analysis.DateOf(f.At)), f.Author, f.Summary())
	}
	if w.err != nil {
		return w.err
	}
	return lt.print(env)
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// wrapText wraps s at width columns, keeping its paragraphs.
func wrapText(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
				out = append(out, line)
				line = word
				continue
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

type recsDueOptions struct {
	recsListOptions
	within string
}

// dueJSON is one row of `recs due --json`.
type dueJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Owner    string `json:"owner"`
	Status   string `json:"status"`
	Priority string `json:"priority"`
	Due      string `json:"due"`
	DaysLeft int    `json:"days_left"`
	Overdue  bool   `json:"overdue"`
	DueState string `json:"due_state"`
}

func newRecsDueCmd(env *Env) *cobra.Command {
	o := &recsDueOptions{}
	cmd := &cobra.Command{
		Use:   "due PROJECT [--within 30d]",
		Short: "List what is overdue, then what falls due within --within (done and dropped ones never appear)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			return runRecsDue(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.Flags().StringVar(&o.within, "within", "30d", "how far ahead to look: days (30d, 30), weeks (6w), or all")
	cmd.Flags().StringVar(&o.today, "today", "", "judge due dates as of this day, YYYY-MM-DD (default: today's date)")
	return cmd
}

// parseWithin reads "30d", "6w", "30" (days) or "all" (-1).
func parseWithin(s string) (int, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "all" {
		return -1, nil
	}
	mult := 1
	switch {
	case strings.HasSuffix(v, "d"):
		v = strings.TrimSuffix(v, "d")
	case strings.HasSuffix(v, "w"):
		v, mult = strings.TrimSuffix(v, "w"), 7
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 36500 {
		return 0, usagef("--within %q: want days (30d or 30), weeks (6w) or all", s)
	}
	return n * mult, nil
}

func runRecsDue(env *Env, o *recsDueOptions) error {
	within, err := parseWithin(o.within)
	if err != nil {
		return err
	}
	day, err := today(o.today)
	if err != nil {
		return err
	}
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	recs, err := s.Recommendations()
	if err != nil {
		return err
	}
	list := analysis.DueList(recs, day, within)
	if o.json {
		out := make([]dueJSON, 0, len(list))
		for _, x := range list {
			r := x.Rec
			out = append(out, dueJSON{ID: r.ID, Title: r.Title, Owner: r.Owner, Status: string(r.Status), Priority: string(r.Priority),
				Due: analysis.FormatDate(r.Due), DaysLeft: x.DaysLeft, Overdue: x.Overdue, DueState: r.DueLabel(day)})
		}
		return env.printJSON(out)
	}
	horizon := fmt.Sprintf("within %d days", within)
	if within == 1 {
		horizon = "within 1 day"
	}
	if within < 0 {
		horizon = "later"
	}
	if len(list) == 0 {
		fmt.Fprintf(env.Out, "nothing is overdue or due %s (as of %s)\n", horizon, analysis.FormatDate(day))
		return nil
	}
	t := newTable("id", "title", "owner", "status", "priority", "due", "when")
	late := 0
	for _, x := range list {
		r := x.Rec
		if x.Overdue {
			late++
		}
		t.add(r.ID, clip(r.Title, 48), clip(r.Owner, 24), r.Status.Label(), string(r.Priority), analysis.FormatDate(r.Due), r.DueLabel(day))
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "%d overdue, %d due %s (as of %s); done and dropped ones are not listed\n",
		late, len(list)-late, horizon, analysis.FormatDate(day))
	return nil
}

type recsExportOptions struct {
	project, out string
	csv, json    bool
}

func newRecsExportCmd(env *Env) *cobra.Command {
	o := &recsExportOptions{}
	cmd := &cobra.Command{
		Use:   "export PROJECT --csv|--json [--out FILE]",
		Short: "Export the recommendations: CSV (one row each) or JSON (with their logs)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.project = args[0]
			return runRecsExport(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.csv, "csv", false, "CSV: "+strings.Join(analysis.RecsCSVColumns(), ","))
	cmd.Flags().BoolVar(&o.json, "json", false, "JSON, logs included ("+analysis.RecsFormat+")")
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "file to write (default: standard output)")
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
	s, err := env.open(o.project)
	if err != nil {
		return err
	}
	defer s.Close()
	recs, err := s.Recommendations()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if o.csv {
		err = analysis.WriteRecsCSV(&b, recs)
	} else {
		err = analysis.WriteRecsJSON(&b, recs)
	}
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err := env.Out.Write(b.Bytes())
		return err
	}
	if err := report.WriteFile(o.out, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "wrote %d recommendation(s) to %s\n", len(recs), o.out)
	return nil
}

type recsImportOptions struct {
	project, file, author, note string
}

func newRecsImportCmd(env *Env) *cobra.Command {
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
	rows, err := analysis.ReadRecs(o.file, data)
	if err != nil {
		return fmt.Errorf("%w\nnothing was imported", err)
	}
	list := make([]store.NewRecommendation, len(rows))
	for i, r := range rows {
		list[i] = store.NewRecommendation{ID: r.ID, Title: r.Title, Text: r.Text, Owner: r.Owner, Stakeholders: r.Stakeholders,
			Priority: r.Priority, Status: r.Status, Due: r.Due, Codes: r.Codes, Log: r.Log, Line: r.Line,
			ImportedFrom: filepath.Base(o.file)}
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
	refs, err := s.ImportRecommendations(list, env.stamp(o.author), note)
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return err
		}
		return fmt.Errorf("%s:\n%w\nnothing was imported", o.file, err)
	}
	fmt.Fprintf(env.Out, "imported %d recommendation(s) from %s: %s\n", len(refs), o.file, strings.Join(refs, ", "))
	return nil
}

// recommendations opens the project and reads its recommendations.
func (env *Env) recommendations(project string) ([]analysis.Recommendation, error) {
	s, err := env.open(project)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Recommendations()
}
