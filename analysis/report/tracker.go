package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// The recommendation tracker section: how many recommendations stand at
// each status, a table of them all (overdue first), then each one with its
// evidence and last follow-up. It is there only when the project has
// recommendations (Report.Tracker is not nil).

// TrackerIntro is the section's opening line: "As of 2026-11-23: 6
// recommendations, 2 overdue; 1 proposed, 1 accepted, ...".
func TrackerIntro(tr *analysis.Tracker) string {
	st := tr.Status
	n, late := 0, 0
	var parts []string
	for r := 0; r < st.Rows(); r++ {
		k := st.Cell(r, st.Col("recommendations")).Int
		n += k
		late += st.Cell(r, st.Col("overdue")).Int
		if k > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k, tracker.Status(st.Cell(r, st.Col("status")).Str).Label()))
		}
	}
	noun := "recommendations"
	if n == 1 {
		noun = "recommendation"
	}
	return fmt.Sprintf("As of %s: %d %s, %d overdue; %s.", tracker.FormatDate(tr.Today), n, noun, late, strings.Join(parts, ", "))
}

// TrackerGrid is the tracker's overview: one row per recommendation in
// tracker order, with its due state and evidence.
func TrackerGrid(tr *analysis.Tracker) Grid {
	t := tr.Items
	g := Grid{Header: []string{"id", "recommendation", "status", "priority", "due", "evidence", "participants", "cities", "last follow-up"},
		Right: []bool{false, false, false, false, false, false, true, true, false}}
	c := func(name string) int { return t.Col(name) }
	for r := 0; r < t.Rows(); r++ {
		due := t.Cell(r, c("due")).Str
		if s := t.Cell(r, c("due_state")).Str; strings.HasPrefix(s, "overdue") {
			due += " (" + s + ")"
		}
		g.Rows = append(g.Rows, []string{
			t.Cell(r, c("id")).Str, truncate(t.Cell(r, c("title")).Str, 60), tracker.Status(t.Cell(r, c("status")).Str).Label(),
			t.Cell(r, c("priority")).Str, due, t.Human(r, c("strength")), t.Human(r, c("participants")), t.Human(r, c("cities")),
			t.Cell(r, c("last_follow_up_at")).Str,
		})
		g.Source = append(g.Source, r)
	}
	return g
}

// StatusGrid is the status counts as people read them ("in progress").
func StatusGrid(tr *analysis.Tracker) Grid {
	g := TableGrid(tr.Status)
	for _, row := range g.Rows {
		row[0] = tracker.Status(row[0]).Label()
	}
	return g
}

// trackerItem is one recommendation of the tracker as human views show it.
type trackerItem struct {
	id, title, text, facts, stakeholders, codes string
	overdue                                     bool
	evidence                                    string
	withheld                                    bool
	quotes                                      [][2]string
	last                                        string
}

func trackerItems(tr *analysis.Tracker) []trackerItem {
	t := tr.Items
	c := func(name string) int { return t.Col(name) }
	var out []trackerItem
	for r := 0; r < t.Rows(); r++ {
		rec := &tr.Recs[r]
		it := trackerItem{id: rec.ID, title: rec.Title, text: rec.Text, overdue: t.Cell(r, c("days_overdue")).Int > 0}
		facts := []string{capitalise(rec.Status.Label()), string(rec.Priority) + " priority"}
		if rec.Owner != "" {
			facts = append(facts, "owner: "+rec.Owner)
		}
		if due := t.Cell(r, c("due")).Str; due != "" {
			d := "due " + due
			if s := t.Cell(r, c("due_state")).Str; s != "" && s != "due today" && !strings.HasPrefix(s, "due in") {
				d += ", " + s
			} else if s == "due today" {
				d += ", today"
			}
			facts = append(facts, d)
		}
		it.facts = strings.Join(facts, " · ")
		it.stakeholders = strings.Join(rec.Stakeholders, ", ")
		var names []string
		for _, p := range rec.CodePaths() {
			names = append(names, Label(p, 0))
		}
		it.codes = strings.Join(names, "; ")
		switch {
		case t.Mark(r, c("strength")) != analysis.Shown:
			it.withheld = true
			it.evidence = fmt.Sprintf("%s participants; details withheld: too few participants.", t.Human(r, c("participants")))
		case len(rec.Codes) == 0:
			it.evidence = "none: no code is linked."
		case t.Cell(r, c("participants")).Int == 0:
			it.evidence = fmt.Sprintf("none: no participant's coded speech supports it (of %s).", t.Human(r, c("participants_total")))
		default:
			codings := t.Human(r, c("codings")) + " codings"
			if codings == "1 codings" {
				codings = "1 coding"
			}
			it.evidence = fmt.Sprintf("%s — %s participants, in %s cities; %s.", t.Cell(r, c("strength")).Str,
				t.Human(r, c("participants")), t.Human(r, c("cities")), codings)
		}
		if !it.withheld {
			for i := 1; i <= analysis.EvidenceQuotes; i++ {
				q := "quote_" + strconv.Itoa(i)
				if text := t.Cell(r, c(q)).Str; text != "" {
					it.quotes = append(it.quotes, [2]string{text, t.Cell(r, c(q+"_by")).Str})
				}
			}
		}
		if at := t.Cell(r, c("last_follow_up_at")).Str; at != "" {
			it.last = fmt.Sprintf("%s, %s: %s", at, t.Cell(r, c("last_follow_up_by")).Str, t.Cell(r, c("last_follow_up")).Str)
		}
		out = append(out, it)
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// writeTrackerMarkdown writes the tracker section, if any.
func writeTrackerMarkdown(w io.Writer, r *Report) {
	tr := r.Tracker
	if tr == nil {
		return
	}
	fmt.Fprintf(w, "\n## %s\n\n", md(tr.Items.Title))
	fmt.Fprintf(w, "%s\n\n", mdLine(TrackerIntro(tr)))
	writeNotes(w, tr.Items)
	writeMarkdownGrid(w, StatusGrid(tr))
	fmt.Fprintln(w)
	writeMarkdownGrid(w, TrackerGrid(tr))
	writeLegend(w, tr.Items)
	fmt.Fprintln(w)
	for _, it := range trackerItems(tr) {
		fmt.Fprintf(w, "### %s. %s\n\n", md(it.id), md(it.title))
		fmt.Fprintf(w, "%s\n", mdLine(it.facts))
		if it.stakeholders != "" {
			fmt.Fprintf(w, "Stakeholders: %s.\n", md(it.stakeholders))
		}
		if it.codes != "" {
			fmt.Fprintf(w, "Linked codes: %s.\n", md(it.codes))
		}
		fmt.Fprintln(w)
		if it.text != "" {
			fmt.Fprintf(w, "%s\n\n", mdLine(strings.Join(strings.Fields(it.text), " ")))
		}
		fmt.Fprintf(w, "Evidence: %s\n\n", md(it.evidence))
		for _, q := range it.quotes {
			fmt.Fprintf(w, "> “%s” — %s\n\n", md(q[0]), md(q[1]))
		}
		if it.last != "" {
			fmt.Fprintf(w, "Last follow-up: %s\n\n", md(it.last))
		}
	}
}

// trackerView is the tracker section of the HTML report.
type trackerView struct {
	Title, Intro string
	Notes        []string
	Status       htmlTable
	Items        htmlTable
	Legend       string
	Recs         []recView
}

type recView struct {
	Class, ID, Title, Facts, Stakeholders, Codes, Text, Evidence, Last string
	Quotes                                                             []quoteView
}

// trackerViewOf is the tracker section, nil without a tracker.
func trackerViewOf(tr *analysis.Tracker) *trackerView {
	if tr == nil {
		return nil
	}
	v := &trackerView{Title: tr.Items.Title, Intro: TrackerIntro(tr), Notes: tr.Items.Notes,
		Status: htmlGrid(StatusGrid(tr), nil), Items: htmlGrid(TrackerGrid(tr), nil), Legend: tr.Items.Legend()}
	v.Items.Class = "tracker"
	for i, it := range trackerItems(tr) {
		rv := recView{Class: "rec", ID: it.id, Title: it.title, Facts: it.facts, Stakeholders: it.stakeholders,
			Codes: it.codes, Text: it.text, Evidence: it.evidence, Last: it.last}
		if it.overdue {
			rv.Class += " overdue"
			v.Items.Rows[i].Class = "overdue"
		}
		for _, q := range it.quotes {
			rv.Quotes = append(rv.Quotes, quoteView{q[0], q[1]})
		}
		v.Recs = append(v.Recs, rv)
	}
	return v
}
