package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// The recommendation tracker: `fieldwork recs` and its sub-commands.

func newRecsCmd(env *Env, runF func(*recsListOptions) error) *cobra.Command {
	o := &recsListOptions{}
	cmd := &cobra.Command{
		Use:   "recs PROJECT",
		Short: "Track recommendations: list, add, edit, link codes, change status, log follow-ups, due, export, import",
		Long: `List the project's recommendations with their owner, status, priority, due date,
evidence strength and last follow-up.

A recommendation's evidence is the coded speech of the codes linked to it,
counted as in the analysis tables, by the same coders (the project's default
coders, set with fieldwork config --coders, else every coder): the participants
who mention one of them, the cities where they said it, the codings, and the
three strongest quotes (participant ID and city only). Its strength:

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
			if err := o.setProject(args[0]); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runRecsList(env, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	cmd.Flags().StringVar(&o.today, "today", "", "judge due dates as of this day, YYYY-MM-DD (default: today's date)")
	cmd.AddCommand(newRecsAddCmd(env, nil), newRecsEditCmd(env, nil), newRecsLinkCmd(env, nil), newRecsStatusCmd(env, nil),
		newRecsLogCmd(env, nil), newRecsShowCmd(env, nil), newRecsDueCmd(env, nil), newRecsExportCmd(env, nil), newRecsImportCmd(env, nil))
	return cmd
}

type recsListOptions struct {
	project, today string
	day            time.Time // --today, parsed
	json           bool
}

// setProject takes the project argument and parses --today.
func (o *recsListOptions) setProject(project string) error {
	o.project = project
	var err error
	o.day, err = today(o.today)
	return err
}

// today parses a --today flag; "" is the real date, on this computer's
// clock and zone.
func today(flag string) (time.Time, error) {
	if strings.TrimSpace(flag) == "" {
		return tracker.Clock(time.Now).Today(), nil
	}
	d, err := tracker.ParseDate(flag)
	if err != nil {
		return d, usagef("--today: %v", err)
	}
	return d, nil
}

// recJSON is a recommendation in `recs --json`: its wire record and where
// it stands.
type recJSON struct {
	tracker.Record
	DaysLeft          *int           `json:"days_left"`
	Overdue           bool           `json:"overdue"`
	EvidenceStrength  string         `json:"evidence_strength"`
	Participants      int            `json:"participants"`
	ParticipantsTotal int            `json:"participants_total"`
	Cities            int            `json:"cities"`
	CitiesTotal       int            `json:"cities_total"`
	Codings           int            `json:"codings"`
	LastFollowUp      *tracker.Entry `json:"last_follow_up"`
}

func toRecJSON(r *tracker.Recommendation, ev analysis.Evidence, day time.Time) recJSON {
	out := recJSON{Record: r.Record(), Overdue: r.Overdue(day), EvidenceStrength: string(ev.Strength), Participants: ev.Participants,
		ParticipantsTotal: ev.ParticipantsTotal, Cities: len(ev.Cities), CitiesTotal: ev.CitiesTotal, Codings: ev.Codings}
	if left, ok := r.DaysLeft(day); ok {
		out.DaysLeft = &left
	}
	if f, ok := r.LastFollowUp(); ok {
		e := tracker.ListedEntryOf(f)
		out.LastFollowUp = &e
	}
	return out
}

func runRecsList(env *Env, o *recsListOptions) error {
	day := o.day
	p, err := env.project(o.project)
	if err != nil {
		return err
	}
	defer p.Close()
	tr, err := p.Tracker(env.ctx(), 0) // the listing shows no quotes
	if err != nil {
		return err
	}
	recs, evs := tr.Recs, tr.Evidence
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
		due := tracker.FormatDate(r.Due)
		if r.Overdue(day) {
			due += " overdue"
		}
		ev := string(evs[i].Strength)
		if evs[i].Participants > 0 {
			ev += fmt.Sprintf(" (%d of %d)", evs[i].Participants, evs[i].ParticipantsTotal)
		}
		last := ""
		if f, ok := r.LastFollowUp(); ok {
			last = tracker.FormatDate(tracker.DateOf(f.At)) + " " + textfit.Cell(f.Summary(), 30)
		}
		t.add(r.ID, textfit.Cell(r.Title, 40), textfit.Cell(r.Owner, 20), r.Status.Label(), string(r.Priority), due, ev, last)
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintln(env.Out, tracker.TallyLine(recs, day))
	if line := evidenceScopeLine(tr.Scope); line != "" {
		fmt.Fprintln(env.Out, line)
	}
	return nil
}

// evidenceScopeLine says which coders the evidence counts when they are
// not every coder (the project's default coders), so that the figures can
// be read beside the tables'; "" otherwise.
func evidenceScopeLine(scope project.CoderScope) string {
	if scope.ChosenBy == "" {
		return ""
	}
	return fmt.Sprintf("Evidence counts the coders in scope: %s (%s).", strings.Join(scope.Coders, ", "), scope.ChosenBy)
}

// recommendations opens the project and reads its recommendations.
func (env *Env) recommendations(project string) ([]tracker.Recommendation, error) {
	s, err := env.open(project)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Recommendations()
}
