package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// The recommendation tracker: `fieldwork recs` and its sub-commands.

// recShowJSON is `recs show --json`.
type recShowJSON struct {
	recJSON
	DueState string          `json:"due_state"`
	Evidence evidenceJSON    `json:"evidence"`
	Log      []tracker.Entry `json:"log"`
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

// recsShowOptions are the arguments of `recs show`.
type recsShowOptions struct {
	recsListOptions
	id               string
	allowIdentifiers bool
}

func newRecsShowCmd(env *Env, runF func(*recsShowOptions) error) *cobra.Command {
	o := &recsShowOptions{}
	cmd := &cobra.Command{
		Use:   "show PROJECT ID",
		Short: "Show a recommendation: its text, evidence (with quotes) and log",
		Args:  exactArgs(2, "PROJECT and a recommendation ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[1]
			if err := o.setProject(args[0]); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runRecsShow(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON object (the log under the key log)")
	cmd.Flags().StringVar(&o.today, "today", "", "judge the due date as of this day, YYYY-MM-DD (default: today's date)")
	allowIdentifiersFlag(cmd.Flags(), &o.allowIdentifiers)
	return cmd
}

func runRecsShow(env *Env, o *recsShowOptions) error {
	day := o.day
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	r, ev, err := p.Recommendation(env.ctx(), o.id)
	if err != nil {
		return err
	}
	sc, err := identifierScreen(p, o.allowIdentifiers)
	if err != nil {
		return err
	}
	if f := sc.Func(); f != nil {
		r = report.ScreenRecommendation(r, f)
		ev.Quotes = append([]analysis.Quote(nil), ev.Quotes...)
		report.ScreenQuotes(ev.Quotes, f)
	}
	defer env.screenReport(sc, o.allowIdentifiers)
	if o.allowIdentifiers && !o.json {
		fmt.Fprintf(env.Out, "%s\n\n", report.IdentifiersKept)
	}
	if o.json {
		out := recShowJSON{recJSON: toRecJSON(&r, ev, day), DueState: r.DueLabel(day), Evidence: toEvidenceJSON(ev), Log: []tracker.Entry{}}
		for _, f := range r.Log {
			out.Log = append(out.Log, tracker.ListedEntryOf(f))
		}
		return env.printJSON(out)
	}
	if err := printRec(env, &r, ev, day); err != nil {
		return err
	}
	scope, err := p.CoderScope(nil, "")
	if err != nil {
		return err
	}
	if line := evidenceScopeLine(scope); line != "" {
		fmt.Fprintln(env.Out, line)
	}
	return nil
}

func printRec(env *Env, r *tracker.Recommendation, ev analysis.Evidence, day time.Time) error {
	st := env.styles()
	w := &errWriter{w: env.Out}
	fmt.Fprintf(w, "%s  %s\n\n", st.header.Render(r.ID), textfit.Safe(r.Title))
	var kv [][2]string
	status := r.Status.Label()
	for i := len(r.Log) - 1; i >= 0; i-- {
		if r.Log[i].StatusChange() {
			status += " since " + tracker.FormatDate(tracker.DateOf(r.Log[i].At))
			break
		}
	}
	due := tracker.FormatDate(r.Due)
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
		fmt.Fprintf(w, "%-13s %s\n", x[0], textfit.Safe(x[1]))
	}
	if r.Text != "" {
		fmt.Fprintf(w, "\n%s\n", textfit.Wrap(r.Text, 88))
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
	evidence = textfit.Wrap(evidence, 88)
	fmt.Fprintf(w, "\n%s%s\n", st.header.Render("Evidence:"), strings.TrimPrefix(evidence, "Evidence:"))
	for _, q := range ev.Quotes {
		text := strings.ReplaceAll(textfit.Wrap("“"+q.Text+"”", 84), "\n", "\n   ")
		fmt.Fprintf(w, "  %s\n    — %s  %s\n", text, q.By(), st.dim.Render(fmt.Sprintf("(%s %d-%d)", textfit.Safe(q.Source), q.Start, q.End)))
	}
	fmt.Fprintf(w, "\n%s\n", st.header.Render("Log:"))
	lt := newTable("date", "author", "entry")
	for _, f := range r.Log {
		lt.add(tracker.FormatDate(tracker.DateOf(f.At)), f.Author, f.Summary())
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
