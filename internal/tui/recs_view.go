package tui

import (
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// dueCell is what the table says of a due date today: "54d late",
// "today", "in 22d", or "".
func dueCell(r *tracker.Recommendation, today tracker.Clock) string {
	left, ok := r.DaysLeft(today.Today())
	switch {
	case !ok || r.Status.Closed():
		return ""
	case left < 0:
		return fmt.Sprintf("%dd late", -left)
	case left == 0:
		return "today"
	}
	return fmt.Sprintf("in %dd", left)
}

// View draws the table or the detail.
func (v *recsView) View() string {
	st := v.c.styles
	if !v.loaded() {
		return st.Dim.Render("loading…")
	}
	if len(v.recs) == 0 {
		return st.Dim.Render(" No recommendations yet. Add them with `fieldwork recs add PROJECT --title TEXT`\n or load a list with `fieldwork recs import PROJECT FILE`.")
	}
	if v.detail {
		return v.detailView()
	}
	return v.listView()
}

// bottom is the last line: a prompt, the status chooser, a note or the keys.
func (v *recsView) bottom() string {
	st := v.c.styles
	switch {
	case v.prompt != nil:
		return v.prompt.view(st, v.width)
	case v.chooser != nil:
		opts := make([]string, len(v.chooser.options))
		for i, o := range v.chooser.options {
			opts[i] = fmt.Sprintf("%d %s", i+1, o)
			if i == v.chooser.cursor {
				opts[i] = st.ListCursor.Render("› " + opts[i])
			}
		}
		return st.StatusKey.Render(truncate(v.chooser.title, v.width-2)) + "\n" +
			truncateANSI(" "+strings.Join(opts, "  ")+st.Dim.Render("  · 1-6 or j/k and enter · esc"), v.width)
	}
	return footer(v.c, v.note, v.Keys())
}

// columns lays out the table: id, title (the room left), status,
// priority, due, when, evidence.
func (v *recsView) columns() func([]string) string {
	fixed := []int{3, 11, 6, 10, 8, 8}
	room := v.width - 1 - 2*len(fixed)
	for _, w := range fixed {
		room -= w
	}
	widths := append([]int{fixed[0], max(room, 8)}, fixed[1:]...)
	return func(c []string) string {
		out := make([]string, len(c))
		for i, s := range c {
			out[i] = fit(s, widths[i])
		}
		return " " + strings.Join(out, "  ")
	}
}

func (v *recsView) listView() string {
	st := v.c.styles
	today := v.today()
	foot := v.bottom()
	_, late := tracker.Tally(v.recs, today.Today())
	w := v.width
	title := fmt.Sprintf(" %s · %d overdue · as of %s · sorted by %s", plural.Count(len(v.recs), "recommendation", "recommendations"), late,
		tracker.FormatDate(today.Today()), v.order)
	cells := v.columns()
	var b strings.Builder
	b.WriteString(st.PanelTitle.Render(truncate(title, w)) + "\n")
	b.WriteString(st.Bold.Render(truncate(cells([]string{"id", "title", "status", "prio", "due", "when", "evidence"}), w)) + "\n")
	preview := v.preview()
	rowsH := max(v.height-3-len(preview)-lineCount(foot), 1)
	if room := v.height - 3 - rowsH - lineCount(foot); len(preview) > room {
		preview = preview[:max(room, 0)]
	}
	rows := make([]string, len(v.rows))
	for i, ri := range v.rows {
		r := &v.recs[ri]
		line := fit(cells([]string{r.ID, r.Title, r.Status.Label(), string(r.Priority), tracker.FormatDate(r.Due),
			dueCell(r, today), string(v.evs[ri].Strength)}), w)
		switch {
		case i == v.cursor:
			line = st.ListCursor.Render(line)
		case r.Overdue(today.Today()):
			line = st.Overdue.Render(line)
		}
		rows[i] = line
	}
	v.rowsView.setSize(w, rowsH)
	b.WriteString(v.rowsView.view(rows, v.cursor, v.cursor) + "\n\n")
	for _, l := range preview {
		b.WriteString(l + "\n")
	}
	b.WriteString(foot)
	return b.String()
}

// preview is the selected recommendation in a few lines below the table.
func (v *recsView) preview() []string {
	st, w := v.c.styles, v.width
	today := v.today().Today()
	r, ev, ok := v.current()
	if !ok {
		return nil
	}
	out := []string{st.Bold.Render(truncate(" "+r.ID+" · "+r.Title, w))}
	var facts []string
	if r.Owner != "" {
		facts = append(facts, "owner "+r.Owner)
	}
	if !r.Due.IsZero() {
		due := "due " + tracker.FormatDate(r.Due)
		if l := r.DueLabel(today); l != "" && l != "due today" {
			due += " (" + l + ")"
		}
		facts = append(facts, due)
	}
	if len(facts) > 0 {
		out = append(out, truncate(" "+strings.Join(facts, " · "), w))
	}
	for _, l := range wordWrap(fmt.Sprintf("evidence %s — %d of %d participants, %d of %d cities, %d codings", ev.Strength,
		ev.Participants, ev.ParticipantsTotal, len(ev.Cities), ev.CitiesTotal, ev.Codings), w-2) {
		out = append(out, " "+l)
	}
	last := "no follow-up yet"
	if f, ok := r.LastFollowUp(); ok {
		last = fmt.Sprintf("last follow-up %s %s: %s", tracker.FormatDate(tracker.DateOf(f.At)), f.Author, textfit.OneLine(f.Summary()))
	}
	return append(out, st.Dim.Render(truncate(" "+last, w)))
}

// detailView is one recommendation in full, wrapped and scrolled: its
// facts and text, the evidence quotes (j/k select one, enter opens it)
// and the whole log.
func (v *recsView) detailView() string {
	st := v.c.styles
	r, ev, _ := v.current()
	w := v.width
	lines := v.detailTop()
	lines = append(lines, "")
	for _, l := range wordWrap(fmt.Sprintf("Evidence: %s — %d of %d participants in %d of %d cities (%s); %d codings", ev.Strength,
		ev.Participants, ev.ParticipantsTotal, len(ev.Cities), ev.CitiesTotal, strings.Join(ev.Cities, ", "), ev.Codings), w-2) {
		lines = append(lines, st.Bold.Render(" "+l))
	}
	first, last := 0, 0
	for i, q := range ev.Quotes {
		if i == v.quote {
			first = len(lines)
		}
		for j, l := range wordWrap("“"+q.Text+"” — "+q.By(), w-4) {
			mark := "   "
			if j == 0 && i == v.quote {
				mark = " › "
			}
			l = fit(mark+l, w)
			if i == v.quote {
				l = st.ListCursor.Render(l)
			}
			lines = append(lines, l)
		}
		if i == v.quote {
			last = len(lines) - 1
		}
	}
	lines = append(lines, "", st.Bold.Render(fmt.Sprintf(" Log (%d)", len(r.Log))))
	for _, f := range r.Log {
		head := fmt.Sprintf(" %s  %-8s ", tracker.FormatDate(tracker.DateOf(f.At)), f.Author)
		for j, l := range wordWrap(f.Summary(), w-len(head)-1) {
			if j > 0 {
				head = strings.Repeat(" ", len(head))
			}
			lines = append(lines, head+l)
		}
	}
	foot := v.bottom()
	v.body.setSize(w, max(v.height-lineCount(foot), 1))
	if !v.follow {
		first, last = v.body.vp.YOffset, v.body.vp.YOffset
	}
	return v.body.view(lines, first, last) + "\n" + foot
}

// detailTop is the head of the detail: title, status, priority, due date,
// owner, stakeholders, linked codes and the text.
func (v *recsView) detailTop() []string {
	st, w := v.c.styles, v.width
	r, _, _ := v.current()
	today := v.today().Today()
	var top []string
	for _, l := range wordWrap(r.ID+" · "+r.Title, w) {
		top = append(top, st.PanelTitle.Render(l))
	}
	facts := []string{r.Status.Label()}
	for i := len(r.Log) - 1; i >= 0; i-- {
		if r.Log[i].StatusChange() {
			facts[0] += " since " + tracker.FormatDate(tracker.DateOf(r.Log[i].At))
			break
		}
	}
	facts = append(facts, string(r.Priority)+" priority")
	if !r.Due.IsZero() {
		due := "due " + tracker.FormatDate(r.Due)
		if l := r.DueLabel(today); l != "" && l != "due today" {
			due += " (" + l + ")"
		}
		facts = append(facts, due)
	}
	factLine := truncate(" "+strings.Join(facts, " · "), w)
	if r.Overdue(today) {
		factLine = st.Overdue.Render(factLine)
	}
	top = append(top, factLine)
	if r.Owner != "" {
		top = append(top, truncate(" owner: "+r.Owner, w))
	}
	wrapped := func(label, text string) {
		for i, l := range wordWrap(label+text, w-2) {
			if i > 0 {
				l = "  " + l
			}
			top = append(top, " "+l)
		}
	}
	if len(r.Stakeholders) > 0 {
		wrapped("stakeholders: ", strings.Join(r.Stakeholders, ", "))
	}
	var codes []string
	for _, p := range r.CodePaths() {
		codes = append(codes, leafName(p))
	}
	if len(codes) == 0 {
		codes = []string{"none linked (fieldwork recs link)"}
	}
	wrapped("codes: ", strings.Join(codes, "; "))
	for _, l := range wordWrap(r.Text, w-2) {
		top = append(top, " "+l)
	}
	return top
}
