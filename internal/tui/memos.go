package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// memosView lists every memo, filterable with /.
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
}

func newMemosView(c *common) *memosView {
	k := newListKeys(c.keys, map[string]string{"open": "open its place", "search": "filter", "cancel": "clear filter"})
	return &memosView{c: c, keys: k, rows: newScroller()}
}

func (v *memosView) Capturing() bool   { return v.prompt != nil }
func (v *memosView) Keys() help.KeyMap { return v.keys }

func (v *memosView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.rows.setSize(width, max(height-2, 1))
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

func (v *memosView) apply() {
	v.shown = v.shown[:0]
	q := strings.ToLower(v.filter)
	for i, m := range v.list {
		if q == "" || strings.Contains(strings.ToLower(m.Text+" "+m.Source+" "+m.Code+" "+m.Author), q) {
			v.shown = append(v.shown, i)
		}
	}
	v.cursor = min(v.cursor, max(len(v.shown)-1, 0))
}

func (v *memosView) Update(msg tea.Msg) tea.Cmd {
	k := v.keys
	switch msg := msg.(type) {
	case actionDoneMsg:
		v.stale = true
	case memosLoadedMsg:
		v.list, v.stale = msg.memos, false
		v.apply()
	case tea.KeyMsg:
		if v.prompt != nil {
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
		switch {
		case moveInList(msg, k, &v.cursor, len(v.shown), 5):
		case key.Matches(msg, k.Search), key.Matches(msg, v.c.keys.Filter):
			p := newPrompt("filter memos", v.filter)
			v.prompt = &p
		case key.Matches(msg, k.Cancel):
			v.filter = ""
			v.apply()
		case key.Matches(msg, k.Open):
			if v.cursor < len(v.shown) {
				m := v.list[v.shown[v.cursor]]
				return func() tea.Msg { return openSourceMsg{source: m.Source, offset: m.Start} }
			}
		}
	}
	return nil
}

func (v *memosView) View() string {
	st := v.c.styles
	if v.list == nil {
		return st.Dim.Render("loading…")
	}
	w := v.width
	title := fmt.Sprintf("%d memo(s)", len(v.shown))
	if v.filter != "" {
		title += fmt.Sprintf(" matching %q (esc clears)", v.filter)
	}
	var lines []string
	first, last := 0, 0
	for i, idx := range v.shown {
		m := v.list[idx]
		on := "passage"
		if m.OnCoding {
			on = "coding " + m.Code
		}
		head := fmt.Sprintf("%s %d-%d · %s · %s", m.Source, m.Start, m.End, on, m.Author)
		if i == v.cursor {
			first = len(lines)
			lines = append(lines, st.ListCursor.Render(fit(" "+head, w)))
		} else {
			lines = append(lines, st.Bold.Render(truncate(" "+head, w)))
		}
		for j, l := range wordWrap(m.Text, w-6) {
			mark := "     "
			if j == 0 {
				mark = "   ✎ "
			}
			lines = append(lines, mark+l)
		}
		if i == v.cursor {
			last = len(lines) - 1
		}
		lines = append(lines, "")
	}
	bottom := footer(v.c, "", v.keys)
	if v.prompt != nil {
		bottom = v.prompt.view(st, w)
	}
	return st.PanelTitle.Render(truncate(title, w)) + "\n" + v.rows.view(lines, first, last) + "\n" + bottom
}
