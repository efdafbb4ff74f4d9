package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/project"
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
	// follow: the detail scrolls to the selected quote (j/k); pgup/pgdn
	// scroll it freely.
	follow bool
	// chooser picks a new status for the recommendation ref; prompt takes
	// the note of a status change (to pending) or of a follow-up.
	chooser   *chooser
	ref       string
	prompt    *prompt
	promptFor recsPrompt
	pending   tracker.Status
	note      string

	keys, detailKeys listKeys
	rowsView, body   scroller
	width, height    int
}

// recsPrompt is what the Recommendations prompt is typing.
type recsPrompt int

const (
	promptStatusNote recsPrompt = iota // the note of a status change
	promptFollowUp                     // a follow-up
)

func newRecsView(c *common) *recsView {
	return &recsView{c: c, rowsView: newScroller(), body: newScroller(),
		keys:       newListKeys(c.keys, map[string]string{"open": "detail", "sort": "sort", "status": "status", "followup": "follow-up"}),
		detailKeys: newListKeys(c.keys, map[string]string{"open": "open quote", "back": "back", "status": "status", "followup": "follow-up"}),
	}
}

func (v *recsView) Capturing() bool { return v.chooser != nil || v.prompt != nil }

// Keys is the table's or the detail's key map.
func (v *recsView) Keys() help.KeyMap {
	if v.detail {
		return v.detailKeys
	}
	return v.keys
}

func (v *recsView) SetSize(width, height int) { v.width, v.height = width, height }

func (v *recsView) Show() tea.Cmd {
	if v.stale || !v.loaded() {
		return loadRecsCmd(v.c.store)
	}
	return nil
}

// loaded reports whether the recommendations were read at least once.
func (v *recsView) loaded() bool { return v.recs != nil }

// readRecs reads the recommendations and computes their evidence, through
// the same use case as `fieldwork recs` (one read transaction).
func readRecs(st *store.Store) tea.Msg {
	t, err := project.New(st).Tracker(context.Background(), analysis.EvidenceQuotes)
	if err != nil {
		return errMsg{err}
	}
	return recsLoadedMsg{recs: t.Recs, evs: t.Evidence}
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
	case actionDoneMsg:
		v.stale = true // the evidence of recommendations
	case codebookLoadedMsg:
		if msg.note != "" {
			v.stale = true // the codes linked to recommendations
		}
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
	k := v.keys
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
			cursor: min(r.Status.Rank(), len(opts)-1)}
		v.ref = r.ID
		return true
	case key.Matches(msg, k.FollowUp):
		p := newPrompt(r.ID+" follow-up", "")
		v.prompt, v.promptFor = &p, promptFollowUp
		return true
	}
	return false
}

func (v *recsView) updateList(msg tea.KeyMsg) tea.Cmd {
	k := v.keys
	switch {
	case moveInList(msg, k, &v.cursor, len(v.rows), 10):
	case key.Matches(msg, k.Open):
		if _, _, ok := v.current(); ok {
			v.detail, v.quote, v.follow = true, 0, true
			v.body.vp.SetYOffset(0)
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
	k := v.detailKeys
	_, ev, _ := v.current()
	switch {
	case key.Matches(msg, k.Back):
		v.detail = false
	case key.Matches(msg, k.Down):
		v.quote = min(v.quote+1, max(len(ev.Quotes)-1, 0))
		v.follow = true
	case key.Matches(msg, k.Up):
		v.quote = max(v.quote-1, 0)
		v.follow = true
	case key.Matches(msg, k.PageDown), key.Matches(msg, k.Bottom):
		v.body.scroll(max(v.body.vp.Height-2, 1))
		v.follow = false
	case key.Matches(msg, k.PageUp), key.Matches(msg, k.Top):
		v.body.scroll(-max(v.body.vp.Height-2, 1))
		v.follow = false
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
	ref := v.ref
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
	p := newPrompt(fmt.Sprintf("%s → %s: note", r.Status.Label(), st.Label()), "")
	v.prompt, v.promptFor = &p, promptStatusNote
	return nil
}

func (v *recsView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	if cancelled {
		v.prompt = nil
		v.note = "nothing saved"
		return nil
	}
	if !done {
		return cmd
	}
	purpose := v.promptFor
	v.prompt = nil
	r, _, ok := v.current()
	if !ok {
		return nil
	}
	st, ref, by := v.c.store, r.ID, store.Stamp{At: v.c.now(), Author: v.c.coder}
	switch purpose {
	case promptStatusNote:
		status := v.pending
		return recsSaveCmd(st, func() (string, error) {
			f, err := st.SetStatus(ref, status, text, by)
			return fmt.Sprintf("%s: %s → %s saved", ref, f.From.Label(), f.To.Label()), err
		})
	case promptFollowUp:
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
