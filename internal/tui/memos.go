package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// memosView lists every memo (on the project, codes, participants,
// sources, passages and codings), filterable with /; a adds one on the
// project, a code, a participant or a source, e edits one in a text area
// of several lines, d deletes one after asking, u and ctrl+r undo and
// redo; enter opens a memo's place in its transcript.
type memosView struct {
	c      *common
	keys   listKeys
	list   []store.Memo
	shown  []int
	filter string
	prompt *prompt
	cursor int
	stale  bool
	rows   scroller
	width  int
	height int

	// Adding: the kind of target (chooser), then the target (picker).
	kinds      *chooser
	picker     *picker
	pickKind   store.MemoKind
	editor     *memoEditor
	editing    *store.Memo // the memo being edited; for a new one, its target
	confirm    *chooser    // delete?
	note       string
	waiting    bool   // an action of this screen is being saved: reload when it is
	focusRef   string // the memo to put the cursor on after the next load
	focusAdded bool   // or the memo just added (the last one on that target)
}

// memoKindChoices are what a memo can be added on from this screen
// (passages and codings get theirs in the coding view, with m).
var memoKindChoices = []struct {
	kind  store.MemoKind
	label string
}{
	{store.MemoProject, "the project"},
	{store.MemoCode, "a code"},
	{store.MemoParticipant, "a participant (by id)"},
	{store.MemoSource, "a source"},
}

func newMemosView(c *common) *memosView {
	// short words, so that the footer keeps / at 80 columns
	k := newListKeys(c.keys, map[string]string{"open": "open", "search": "filter", "cancel": "clear filter",
		"add": "add", "edit": "edit", "delete": "delete", "undo": "", "redo": ""})
	return &memosView{c: c, keys: k, rows: newScroller()}
}

func (v *memosView) Capturing() bool {
	return v.prompt != nil || v.kinds != nil || v.picker != nil || v.editor != nil || v.confirm != nil
}

func (v *memosView) Keys() help.KeyMap {
	if v.editor != nil {
		return v.editor.keys
	}
	return v.keys
}

func (v *memosView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.rows.setSize(width, max(height-2, 1))
	if v.editor != nil {
		v.editor.setSize(width, height-2)
	}
}

func (v *memosView) Show() tea.Cmd {
	if v.stale || v.list == nil {
		return loadMemosCmd(v.c.store)
	}
	return nil
}

func loadMemosCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Memos()
		if err != nil {
			return errMsg{err}
		}
		if list == nil {
			list = []store.Memo{}
		}
		return memosLoadedMsg{list}
	}
}

// haystack is what the filter searches: the text and what the memo is on.
func haystack(m store.Memo) string {
	return strings.ToLower(m.Text + " " + m.Source + " " + m.Code + " " + m.Author + " " + m.Participant + " " + string(m.Kind))
}

func (v *memosView) apply() {
	v.shown = v.shown[:0]
	q := strings.ToLower(v.filter)
	for i, m := range v.list {
		if q == "" || strings.Contains(haystack(m), q) {
			v.shown = append(v.shown, i)
		}
	}
	v.cursor = min(v.cursor, max(len(v.shown)-1, 0))
}

// current is the memo under the cursor.
func (v *memosView) current() (store.Memo, bool) {
	if v.cursor < len(v.shown) {
		return v.list[v.shown[v.cursor]], true
	}
	return store.Memo{}, false
}

// take puts a fresh list on screen, the cursor on the memo it should follow.
func (v *memosView) take(list []store.Memo) {
	cur, had := v.current()
	v.list, v.stale = list, false
	v.apply()
	want := v.focusRef
	if want == "" && had {
		want = cur.Ref()
	}
	v.focusRef = ""
	for i, idx := range v.shown {
		if v.list[idx].Ref() == want {
			v.cursor = i
			return
		}
	}
}

func (v *memosView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case actionDoneMsg:
		v.stale = true
		if !v.waiting {
			return nil
		}
		v.waiting = false
		v.note = doneNote(msg)
		if a := msg.act; a.kind == actMemo && a.oldText == "" && !msg.undo {
			v.focusRef = a.memo.Ref() // a memo just added (or re-added)
		}
		return loadMemosCmd(v.c.store)
	case errMsg:
		v.waiting = false
	case memosLoadedMsg:
		v.take(msg.memos)
	case memoTargetsMsg:
		if msg.kind != v.pickKind {
			return nil
		}
		title := map[store.MemoKind]string{store.MemoCode: "memo on which code?", store.MemoParticipant: "memo on which participant?",
			store.MemoSource: "memo on which source?"}[msg.kind]
		p := newPicker(title, msg.items)
		v.picker = &p
	case tea.KeyMsg:
		switch {
		case v.editor != nil:
			return v.updateEditor(msg)
		case v.confirm != nil:
			return v.updateConfirm(msg)
		case v.kinds != nil:
			return v.updateKinds(msg)
		case v.picker != nil:
			return v.updatePicker(msg)
		case v.prompt != nil:
			return v.updatePrompt(msg)
		}
		v.note = ""
		return v.updateList(msg)
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && (msg.Button == tea.MouseButtonWheelDown || msg.Button == tea.MouseButtonWheelUp) &&
			!v.Capturing() {
			d := 1
			if msg.Button == tea.MouseButtonWheelUp {
				d = -1
			}
			v.cursor = min(max(v.cursor+d, 0), max(len(v.shown)-1, 0))
		}
	}
	return nil
}

func (v *memosView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	if cancelled {
		v.prompt = nil
		return nil
	}
	if done {
		v.prompt, v.filter = nil, text
		v.apply()
	}
	return cmd
}

func (v *memosView) updateList(msg tea.KeyMsg) tea.Cmd {
	k := v.keys
	switch {
	case moveInList(msg, k, &v.cursor, len(v.shown), 5):
	case key.Matches(msg, k.Search), key.Matches(msg, v.c.keys.Filter):
		p := newPrompt("filter memos", v.filter)
		v.prompt = &p
	case key.Matches(msg, k.Cancel):
		v.filter = ""
		v.apply()
	case key.Matches(msg, k.Add):
		opts := make([]string, len(memoKindChoices))
		for i, c := range memoKindChoices {
			opts[i] = c.label
		}
		v.kinds = &chooser{title: "A memo on…", options: opts}
	case key.Matches(msg, k.Edit):
		if m, ok := v.current(); ok {
			v.openEditor(editTitle(m), &m, m.Text)
		}
	case key.Matches(msg, k.Delete):
		if m, ok := v.current(); ok {
			v.confirm = &chooser{title: fmt.Sprintf("Delete memo %s on %s?", m.Ref(), m.Target()), options: []string{"delete", "keep it"}}
		}
	case key.Matches(msg, k.Undo):
		return v.history(v.c.hist.undoCmd(v.c.store), "nothing to undo")
	case key.Matches(msg, k.Redo):
		return v.history(v.c.hist.redoCmd(v.c.store), "nothing to redo")
	case key.Matches(msg, k.Open):
		m, ok := v.current()
		if !ok {
			return nil
		}
		if m.SourceID == 0 || m.Kind == store.MemoSource {
			// no place in a transcript: enter edits
			v.openEditor(editTitle(m), &m, m.Text)
			return nil
		}
		return func() tea.Msg { return openSourceMsg{source: m.Source, offset: m.Start} }
	}
	return nil
}

// history runs an undo or redo from this screen.
func (v *memosView) history(cmd tea.Cmd, none string) tea.Cmd {
	if cmd == nil {
		v.note = none
		if v.c.hist.busy {
			v.note = "still saving the last action"
		}
		return nil
	}
	v.waiting = true
	return cmd
}

func (v *memosView) openEditor(title string, m *store.Memo, text string) {
	v.editing = m
	v.editor = newMemoEditor(v.c, title, text)
	v.editor.setSize(v.width, v.height-2)
}

func (v *memosView) updateKinds(msg tea.KeyMsg) tea.Cmd {
	i, done := v.kinds.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.kinds = nil
	if i < 0 {
		return nil
	}
	kind := memoKindChoices[i].kind
	if kind == store.MemoProject {
		v.openEditor("new memo on the project", &store.Memo{Kind: kind, Author: v.c.coder}, "")
		return nil
	}
	v.pickKind = kind
	return loadMemoTargetsCmd(v.c.store, kind)
}

func (v *memosView) updatePicker(msg tea.KeyMsg) tea.Cmd {
	value, done, cmd := v.picker.update(msg, v.c.keys)
	if !done {
		return cmd
	}
	p := v.picker
	v.picker = nil
	if value == "" {
		return nil
	}
	m := store.Memo{Kind: v.pickKind, Author: v.c.coder}
	name := value
	switch v.pickKind {
	case store.MemoCode:
		m.Code = value
	case store.MemoParticipant:
		m.Participant = value
	case store.MemoSource:
		fmt.Sscan(value, &m.SourceID)
		for _, it := range p.items {
			if it.value == value {
				name, m.Source = it.label, it.label
			}
		}
	}
	v.openEditor(fmt.Sprintf("new memo on %s %s", v.pickKind, name), &m, "")
	return nil
}

func (v *memosView) updateEditor(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.editor.update(msg)
	if cancelled {
		v.editor, v.editing = nil, nil
		v.note = "not saved"
		return nil
	}
	if !done {
		return cmd
	}
	m := *v.editing
	v.editor, v.editing = nil, nil
	if strings.TrimSpace(text) == "" {
		v.note = "an empty memo is not saved (d deletes a memo)"
		return nil
	}
	if text == m.Text {
		v.note = "no change"
		return nil
	}
	if m.ID == 0 && !m.OnCoding { // a new memo
		return v.do(action{kind: actMemo, memo: m, newText: text, coding: codingBy(v.c.coder)})
	}
	return v.do(memoAction(m, v.c.coder, text))
}

func (v *memosView) updateConfirm(msg tea.KeyMsg) tea.Cmd {
	i, done := v.confirm.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.confirm = nil
	m, ok := v.current()
	if i != 0 || !ok {
		return nil
	}
	return v.do(memoAction(m, v.c.coder, ""))
}

// do saves an action; the list reloads when it is saved.
func (v *memosView) do(a action) tea.Cmd {
	if v.c.hist.busy {
		v.note = "still saving the last action"
		return nil
	}
	v.c.hist.busy = true
	v.waiting = true
	return doCmd(v.c.store, a)
}

// memoHead is a memo's first line: its id, what it is on and its author
// (the day is in the editor's title). Passages and codings read "source start-end · passage" or
// "· coding NAME" (the code's own name); participants are named by their
// id only.
func memoHead(m store.Memo) string {
	var on string
	switch m.Kind {
	case store.MemoPassage:
		on = fmt.Sprintf("%s %d-%d · passage", m.Source, m.Start, m.End)
	case store.MemoCoding:
		on = fmt.Sprintf("%s %d-%d · coding %s", m.Source, m.Start, m.End, leafName(m.Code))
	default:
		on = m.Target()
	}
	return fmt.Sprintf("%s %s · %s", m.Ref(), on, m.Author)
}

// editTitle is the editor's title for memo m: what it is on, who wrote it
// and when.
func editTitle(m store.Memo) string {
	t := fmt.Sprintf("memo %s on %s · %s", m.Ref(), m.Target(), m.Author)
	if !m.Updated.IsZero() {
		t += ", " + m.Updated.Local().Format("2006-01-02 15:04")
	}
	return t
}

// memoText is a memo's text wrapped to width, its own lines kept.
func memoText(text string, width int) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " \r")
		if l == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(ansi.Strip(l), max(width, 8), ""), "\n")...)
	}
	return out
}

func (v *memosView) View() string {
	st := v.c.styles
	if v.list == nil {
		return st.Dim.Render("loading…")
	}
	w := v.width
	if v.editor != nil {
		return v.editor.view(v.c, w)
	}
	if v.picker != nil {
		return v.picker.view(st, w, v.height)
	}
	if v.kinds != nil {
		return v.kinds.view(st, w)
	}
	title := plural.Count(len(v.shown), "memo", "memos")
	if v.filter != "" {
		title += fmt.Sprintf(" matching %q (esc clears)", v.filter)
	}
	var lines []string
	first, last := 0, 0
	for i, idx := range v.shown {
		m := v.list[idx]
		head := memoHead(m)
		if i == v.cursor {
			first = len(lines)
			lines = append(lines, st.ListCursor.Render(fit(" "+head, w)))
		} else {
			lines = append(lines, st.Bold.Render(truncate(" "+head, w)))
		}
		for j, l := range memoText(m.Text, w-6) {
			mark := "     "
			if j == 0 {
				mark = "   ✎ "
			}
			lines = append(lines, truncate(mark+l, w))
		}
		if i == v.cursor {
			last = len(lines) - 1
		}
		lines = append(lines, "")
	}
	if len(v.shown) == 0 {
		if v.filter == "" {
			lines = append(lines, st.Dim.Render(" No memos yet: a adds one on the project, a code, a participant or a source;"),
				st.Dim.Render(" m in the coding view adds one on a passage or a coding."))
		}
	}
	// The delete question takes two lines: the list gives up one.
	bottom := v.bottom()
	v.rows.setSize(w, max(v.height-1-lineCount(bottom), 1))
	return st.PanelTitle.Render(truncate(title, w)) + "\n" + v.rows.view(lines, first, last) + "\n" + bottom
}

// bottom is the last line: the filter prompt, the delete question, a note
// or the keys.
func (v *memosView) bottom() string {
	st := v.c.styles
	switch {
	case v.prompt != nil:
		return v.prompt.view(st, v.width)
	case v.confirm != nil:
		opts := make([]string, len(v.confirm.options))
		for i, o := range v.confirm.options {
			opts[i] = fmt.Sprintf("  %d %s", i+1, o)
			if i == v.confirm.cursor {
				opts[i] = st.ListCursor.Render(fmt.Sprintf("› %d %s", i+1, o))
			}
		}
		return st.StatusKey.Render(truncate(v.confirm.title, v.width-1)) + "\n" +
			truncateANSI(strings.Join(opts, " ")+st.Dim.Render("   1/2 or j/k and enter · esc keeps it"), v.width)
	}
	return footer(v.c, v.note, v.keys)
}
