package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// The recommendation tracker: `fieldwork recs` and its sub-commands.

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

func newRecsDueCmd(env *Env, runF func(*recsDueOptions) error) *cobra.Command {
	o := &recsDueOptions{}
	cmd := &cobra.Command{
		Use:   "due PROJECT [--within 30d]",
		Short: "List what is overdue, then what falls due within --within (done and dropped ones never appear)",
		Args:  exactArgs(1, "PROJECT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.setProject(args[0]); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
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
	day := o.day
	recs, err := env.recommendations(o.project)
	if err != nil {
		return err
	}
	list := tracker.DueList(recs, day, within)
	if o.json {
		out := make([]dueJSON, 0, len(list))
		for _, x := range list {
			r := x.Rec
			out = append(out, dueJSON{ID: r.ID, Title: r.Title, Owner: r.Owner, Status: string(r.Status), Priority: string(r.Priority),
				Due: tracker.FormatDate(r.Due), DaysLeft: x.DaysLeft, Overdue: x.Overdue, DueState: r.DueLabel(day)})
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
		fmt.Fprintf(env.Out, "nothing is overdue or due %s (as of %s)\n", horizon, tracker.FormatDate(day))
		return nil
	}
	t := newTable("id", "title", "owner", "status", "priority", "due", "when")
	late := 0
	for _, x := range list {
		r := x.Rec
		if x.Overdue {
			late++
		}
		t.add(r.ID, textfit.Cell(r.Title, 48), textfit.Cell(r.Owner, 24), r.Status.Label(), string(r.Priority), tracker.FormatDate(r.Due), r.DueLabel(day))
	}
	if err := t.print(env); err != nil {
		return err
	}
	fmt.Fprintf(env.Out, "%d overdue, %d due %s (as of %s); done and dropped ones are not listed\n",
		late, len(list)-late, horizon, tracker.FormatDate(day))
	return nil
}
