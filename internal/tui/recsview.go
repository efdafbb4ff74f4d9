package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// ---- Recommendations ----

// recsOrder is how the Recommendations table is sorted; o cycles it.
type recsOrder int

const (
	// orderDue: overdue first, then by due date, done and dropped last
	// (tracker.Order).
	orderDue recsOrder = iota
	// orderPriority: high first, then as orderDue.
	orderPriority
	// orderStatus: in workflow order (proposed ... dropped), then as orderDue.
	orderStatus
	orderCount
)

// String names the order in the table's title.
func (o recsOrder) String() string { return [...]string{"due date", "priority", "status"}[o] }

// recsLoadedMsg: the recommendations with their evidence, after a load or
// a save (note says what was saved).
type recsLoadedMsg struct {
	recs []tracker.Recommendation
	evs  []analysis.Evidence
	note string
}

// recsView is the recommendation tracker: a table of recommendations,
// sortable by due date, priority and status; enter shows one with its
// evidence quotes (enter on a quote opens its place in the transcript)
// and its log; s changes the status and l adds a follow-up, each saved in
// one transaction.
type recsView struct {
	c     *common
	recs  []tracker.Recommendation
	evs   []analysis.Evidence
	order recsOrder
	// rows are indices into recs in display order.
	rows   []int
	cursor int
	stale  bool
	// detail shows the recommendation under the cursor; quote is the
	// selected evidence quote there.
	detail bool
	quote  int
	// chooser picks a new status; prompt takes the note of a status change
	// (purpose "status", for pending) or of a follow-up ("follow-up").
	chooser *chooser
	prompt  *prompt
	pending tracker.Status
	note    string
}

func newRecsView(c *common) *recsView { return &recsView{c: c} }

func (v *recsView) capturing() bool { return v.chooser != nil || v.prompt != nil }

// loaded reports whether the recommendations were read at least once.
func (v *recsView) loaded() bool { return v.recs != nil }

// readRecs reads the recommendations and computes their evidence.
func readRecs(st *store.Store) tea.Msg {
	recs, err := st.Recommendations()
	if err != nil {
		return errMsg{err}
	}
	d, err := st.Dataset(context.Background())
	if err != nil {
		return errMsg{err}
	}
	evs, err := analysis.EvidenceOf(d, recs, analysis.EvidenceQuotes)
	if err != nil {
		return errMsg{err}
	}
	if recs == nil {
		recs = []tracker.Recommendation{}
	}
	return recsLoadedMsg{recs: recs, evs: evs}
}

func loadRecsCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg { return readRecs(st) }
}

// recsSaveCmd runs one change (one transaction in the store), then reads
// the recommendations again; the message carries the change's note.
func recsSaveCmd(st *store.Store, save func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		note, err := save()
		if err != nil {
			return errMsg{err}
		}
		msg := readRecs(st)
		if m, ok := msg.(recsLoadedMsg); ok {
			m.note = note
			return m
		}
		return msg
	}
}

func (v *recsView) today() tracker.Clock { return tracker.Clock(v.c.now) }

// current is the recommendation under the cursor.
func (v *recsView) current() (*tracker.Recommendation, analysis.Evidence, bool) {
	if v.cursor < len(v.rows) {
		i := v.rows[v.cursor]
		return &v.recs[i], v.evs[i], true
	}
	return nil, analysis.Evidence{}, false
}

// sort fills rows in the current order, keeping the cursor on the same
// recommendation.
func (v *recsView) sort() {
	keep := ""
	if r, _, ok := v.current(); ok {
		keep = r.ID
	}
	today := v.today().Today()
	base := slices.Clone(v.recs)
	tracker.Order(base, today)
	pos := map[string]int{}
	for i, r := range base {
		pos[r.ID] = i
	}
	v.rows = v.rows[:0]
	for i := range v.recs {
		v.rows = append(v.rows, i)
	}
	slices.SortStableFunc(v.rows, func(a, b int) int {
		ra, rb := &v.recs[a], &v.recs[b]
		switch v.order {
		case orderPriority:
			if d := ra.Priority.Rank() - rb.Priority.Rank(); d != 0 {
				return d
			}
		case orderStatus:
			if d := ra.Status.Rank() - rb.Status.Rank(); d != 0 {
				return d
			}
		}
		return pos[ra.ID] - pos[rb.ID]
	})
	v.cursor = min(v.cursor, max(len(v.rows)-1, 0))
	for i, r := range v.rows {
		if v.recs[r].ID == keep {
			v.cursor = i
		}
	}
}

// Update handles loads and saves, then keys: the chooser or prompt first,
// then the detail's or the table's.
func (v *recsView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case recsLoadedMsg:
		v.recs, v.evs, v.stale = msg.recs, msg.evs, false
		v.sort()
		if msg.note != "" {
			v.note = msg.note
		}
		if _, ev, ok := v.current(); ok {
			v.quote = min(v.quote, max(len(ev.Quotes)-1, 0))
		} else {
			v.detail = false
		}
		return nil
	case statusMsg:
		v.note = string(msg)
		return nil
	case tea.KeyMsg:
		switch {
		case v.chooser != nil:
			return v.updateChooser(msg)
		case v.prompt != nil:
			return v.updatePrompt(msg)
		}
		v.note = ""
		if v.detail {
			return v.updateDetail(msg)
		}
		return v.updateList(msg)
	}
	return nil
}

// updateActions handles the keys of both the table and the detail: s
// (status) and l (follow-up). It reports whether it took the key.
func (v *recsView) updateActions(msg tea.KeyMsg) bool {
	k := v.c.keys
	r, _, ok := v.current()
	if !ok {
		return false
	}
	switch {
	case key.Matches(msg, k.SetStatus):
		opts := make([]string, 0, len(tracker.Statuses()))
		for _, s := range tracker.Statuses() {
			opts = append(opts, s.Label())
		}
		v.chooser = &chooser{title: fmt.Sprintf("%s is %s; new status:", r.ID, r.Status.Label()), options: opts,
			cursor: min(r.Status.Rank(), len(opts)-1), purpose: r.ID}
		return true
	case key.Matches(msg, k.FollowUp):
		p := newPrompt(r.ID+" follow-up", "follow-up", "")
		v.prompt = &p
		return true
	}
	return false
}

func (v *recsView) updateList(msg tea.KeyMsg) tea.Cmd {
	k := v.c.keys
	switch {
	case moveInList(msg, k, &v.cursor, len(v.rows)):
	case key.Matches(msg, k.Open):
		if _, _, ok := v.current(); ok {
			v.detail, v.quote = true, 0
		}
	case key.Matches(msg, k.Sort):
		v.order = (v.order + 1) % orderCount
		v.sort()
		v.note = "sorted by " + v.order.String()
	default:
		v.updateActions(msg)
	}
	return nil
}

func (v *recsView) updateDetail(msg tea.KeyMsg) tea.Cmd {
	k := v.c.keys
	_, ev, _ := v.current()
	switch {
	case key.Matches(msg, k.Cancel), msg.Type == tea.KeyBackspace:
		v.detail = false
	case key.Matches(msg, k.Down):
		v.quote = min(v.quote+1, max(len(ev.Quotes)-1, 0))
	case key.Matches(msg, k.Up):
		v.quote = max(v.quote-1, 0)
	case key.Matches(msg, k.Open):
		if v.quote < len(ev.Quotes) {
			q := ev.Quotes[v.quote]
			return func() tea.Msg { return openSourceMsg{source: q.Source, offset: q.Start} }
		}
		v.note = "no quote to open: no coded speech supports it"
	default:
		v.updateActions(msg)
	}
	return nil
}

func (v *recsView) updateChooser(msg tea.KeyMsg) tea.Cmd {
	i, done := v.chooser.update(msg, v.c.keys)
	if !done {
		return nil
	}
	ref := v.chooser.purpose
	v.chooser = nil
	if i < 0 {
		return nil
	}
	r, _, ok := v.current()
	if !ok || r.ID != ref {
		return nil
	}
	st := tracker.Statuses()[i]
	if st == r.Status {
		v.note = fmt.Sprintf("%s is already %s", r.ID, st.Label())
		return nil
	}
	v.pending = st
	p := newPrompt(fmt.Sprintf("%s → %s: note", r.Status.Label(), st.Label()), "status", "")
	v.prompt = &p
	return nil
}

func (v *recsView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg)
	if cancelled {
		v.prompt = nil
		v.note = "nothing saved"
		return nil
	}
	if !done {
		return cmd
	}
	purpose := v.prompt.purpose
	v.prompt = nil
	r, _, ok := v.current()
	if !ok {
		return nil
	}
	st, ref, by := v.c.store, r.ID, store.Stamp{At: v.c.now(), Author: v.c.coder}
	switch purpose {
	case "status":
		status := v.pending
		return recsSaveCmd(st, func() (string, error) {
			f, err := st.SetStatus(ref, status, text, by)
			return fmt.Sprintf("%s: %s → %s saved", ref, f.From.Label(), f.To.Label()), err
		})
	case "follow-up":
		if strings.TrimSpace(text) == "" {
			v.note = "nothing saved: a follow-up needs a note"
			return nil
		}
		return recsSaveCmd(st, func() (string, error) {
			_, err := st.AddFollowUp(ref, text, by)
			return ref + ": follow-up saved", err
		})
	}
	return nil
}

// ---- drawing ----

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

// footer is the last line: a prompt, the status chooser, a note or the keys.
func (v *recsView) footer(keys string) string {
	st := v.c.styles
	switch {
	case v.prompt != nil:
		return v.prompt.view(st, v.c.width)
	case v.chooser != nil:
		opts := make([]string, len(v.chooser.options))
		for i, o := range v.chooser.options {
			opts[i] = fmt.Sprintf("%d %s", i+1, o)
			if i == v.chooser.cursor {
				opts[i] = st.ListCursor.Render("› " + opts[i])
			}
		}
		return st.StatusKey.Render(truncate(v.chooser.title, v.c.width-2)) + "\n" +
			truncateANSI(" "+strings.Join(opts, "  ")+st.Dim.Render("  · 1-6 or j/k and enter · esc"), v.c.width)
	case v.note != "":
		return st.Status.Render(padRight(truncate(" "+v.note, v.c.width), v.c.width))
	}
	return st.Dim.Render(truncate(keys, v.c.width))
}

func (v *recsView) listView() string {
	st := v.c.styles
	today := v.today()
	foot := v.footer(" enter detail · o sort · s status · l follow-up · j/k move · tab screens")
	late := 0
	for i := range v.recs {
		if v.recs[i].Overdue(today.Today()) {
			late++
		}
	}
	var b strings.Builder
	title := fmt.Sprintf(" %d recommendation(s) · %d overdue · as of %s · sorted by %s", len(v.recs), late,
		tracker.FormatDate(today.Today()), v.order)
	b.WriteString(st.PanelTitle.Render(truncate(title, v.c.width)) + "\n")
	// Columns: id, title (the room left), status, priority, due, when, evidence.
	fixed := []int{3, 11, 6, 10, 8, 8}
	room := v.c.width - 1 - 2*len(fixed)
	for _, w := range fixed {
		room -= w
	}
	room = max(room, 8)
	cells := func(c []string) string {
		out := make([]string, len(c))
		widths := append([]int{fixed[0], room}, fixed[1:]...)
		for i, s := range c {
			out[i] = padRight(truncate(s, widths[i]), widths[i])
		}
		return " " + strings.Join(out, "  ")
	}
	b.WriteString(st.Bold.Render(truncate(cells([]string{"id", "title", "status", "prio", "due", "when", "evidence"}), v.c.width)) + "\n")
	// The selected one in a few lines below the table.
	var preview []string
	if r, ev, ok := v.current(); ok {
		preview = append(preview, st.Bold.Render(truncate(" "+r.ID+" · "+r.Title, v.c.width)))
		facts := []string{}
		if r.Owner != "" {
			facts = append(facts, "owner "+r.Owner)
		}
		if !r.Due.IsZero() {
			due := "due " + tracker.FormatDate(r.Due)
			if l := r.DueLabel(today.Today()); l != "" && l != "due today" {
				due += " (" + l + ")"
			}
			facts = append(facts, due)
		}
		if len(facts) > 0 {
			preview = append(preview, truncate(" "+strings.Join(facts, " · "), v.c.width))
		}
		preview = append(preview, truncate(fmt.Sprintf(" evidence %s — %d of %d participants, %d of %d cities, %d codings", ev.Strength,
			ev.Participants, ev.ParticipantsTotal, len(ev.Cities), ev.CitiesTotal, ev.Codings), v.c.width))
		last := " no follow-up yet"
		if f, ok := r.LastFollowUp(); ok {
			last = fmt.Sprintf(" last follow-up %s %s: %s", tracker.FormatDate(tracker.DateOf(f.At)), f.Author, oneLine(f.Summary()))
		}
		preview = append(preview, st.Dim.Render(truncate(last, v.c.width)))
	}
	// The body has height-1 lines (the tab bar takes one): the title, the
	// header, the rows, a blank line, the preview, and the footer.
	body := v.c.height - 1 - lineCount(foot)
	rows := max(body-3-len(preview), 1)
	first := listWindow(v.cursor, rows)
	n := 2
	for i := first; i < len(v.rows) && i < first+rows; i++ {
		r := &v.recs[v.rows[i]]
		ev := v.evs[v.rows[i]]
		line := cells([]string{r.ID, r.Title, r.Status.Label(), string(r.Priority), tracker.FormatDate(r.Due), dueCell(r, today), string(ev.Strength)})
		line = padRight(truncate(line, v.c.width), v.c.width)
		switch {
		case i == v.cursor:
			line = st.ListCursor.Render(line)
		case r.Overdue(today.Today()):
			line = st.Overdue.Render(line)
		}
		b.WriteString(line + "\n")
		n++
	}
	b.WriteString("\n")
	n++
	for _, l := range preview {
		if n >= body {
			break
		}
		b.WriteString(l + "\n")
		n++
	}
	for ; n < body; n++ {
		b.WriteString("\n")
	}
	b.WriteString(foot)
	return b.String()
}

func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// wordWrap breaks s into lines of at most width cells.
func wordWrap(s string, width int) []string {
	width = max(width, 8)
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && lipgloss.Width(line)+1+lipgloss.Width(w) > width {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += truncate(w, width)
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

func (v *recsView) detailView() string {
	st := v.c.styles
	r, ev, _ := v.current()
	today := v.today().Today()
	w := v.c.width
	var top, quotes, log []string
	top = append(top, st.PanelTitle.Render(truncate(r.ID+" · "+r.Title, w)))
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
	if len(r.Stakeholders) > 0 {
		top = append(top, truncate(" stakeholders: "+strings.Join(r.Stakeholders, ", "), w))
	}
	var codes []string
	for _, p := range r.CodePaths() {
		codes = append(codes, p[strings.LastIndex(p, "/")+1:])
	}
	if len(codes) == 0 {
		codes = []string{"none linked (fieldwork recs link)"}
	}
	top = append(top, truncate(" codes: "+strings.Join(codes, "; "), w))
	for i, l := range wordWrap(r.Text, w-2) {
		if i == 3 {
			top[len(top)-1] = truncate(top[len(top)-1]+" …", w)
			break
		}
		top = append(top, " "+l)
	}
	evl := fmt.Sprintf(" Evidence: %s — %d of %d participants in %d of %d cities (%s); %d codings", ev.Strength,
		ev.Participants, ev.ParticipantsTotal, len(ev.Cities), ev.CitiesTotal, strings.Join(ev.Cities, ", "), ev.Codings)
	quotes = append(quotes, st.Bold.Render(truncate(evl, w)))
	for i, q := range ev.Quotes {
		lines := wordWrap("“"+q.Text+"” — "+q.By(), w-4)
		if len(lines) > 2 {
			lines = append(lines[:1], truncate(lines[1]+" "+strings.Join(lines[2:], " "), w-4))
		}
		for j, l := range lines {
			mark := "   "
			if j == 0 {
				mark = "   "
				if i == v.quote {
					mark = " › "
				}
			}
			l = padRight(mark+l, w)
			if i == v.quote {
				l = st.ListCursor.Render(l)
			}
			quotes = append(quotes, l)
		}
	}
	log = append(log, st.Bold.Render(truncate(fmt.Sprintf(" Log (%d)", len(r.Log)), w)))
	for _, f := range r.Log {
		log = append(log, truncate(fmt.Sprintf(" %s  %-8s %s", tracker.FormatDate(tracker.DateOf(f.At)), f.Author, oneLine(f.Summary())), w))
	}
	// Fit: the body has height-1 lines (below the tab bar), the footer's
	// included; the log keeps its newest entries.
	foot := v.footer(" enter open quote in transcript · j/k quote · s status · l follow-up · esc back")
	h := max(v.c.height-1-lineCount(foot), 4)
	room := h - len(top) - 1 - len(quotes) - 1
	if room < 2 { // a short window: fewer lines of text first
		cut := min(len(top)-2, 2-room)
		top = top[:len(top)-max(cut, 0)]
		room = h - len(top) - 1 - len(quotes) - 1
	}
	if len(log) > room {
		keep := max(room-2, 0)
		hidden := len(log) - 1 - keep
		log = append([]string{log[0], st.Dim.Render(fmt.Sprintf("   … %d earlier", hidden))}, log[len(log)-keep:]...)
		if room < 2 {
			log = log[:max(room, 0)]
		}
	}
	var b strings.Builder
	for _, l := range top {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	for _, l := range quotes {
		b.WriteString(l + "\n")
	}
	for _, l := range log {
		b.WriteString(l + "\n")
	}
	for n := len(top) + 1 + len(quotes) + len(log); n < h; n++ {
		b.WriteString("\n")
	}
	b.WriteString(foot)
	return b.String()
}
