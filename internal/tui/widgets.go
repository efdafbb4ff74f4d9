package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/sahilm/fuzzy"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// pickItem is one entry of a picker.
type pickItem struct {
	label string // what is matched (and shown, when name is empty)
	name  string // what is shown
	hint  string // shown dimmed after the name (a code's parent)
	depth int    // indentation when the list is not filtered
	value string // what is returned
	look  *codeLook
}

// picker is a fuzzy-filtered list with a text input, used to pick a code
// (c, f) in the coding view and on the Quotes screen.
type picker struct {
	title  string
	input  textinput.Model
	items  []pickItem
	shown  []int // indices into items, best match first
	cursor int
}

func newPicker(title string, items []pickItem) picker {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "type to filter"
	in.Focus()
	p := picker{title: title, input: in, items: items}
	p.filter()
	return p
}

type pickSource []pickItem

func (s pickSource) String(i int) string { return s[i].label }
func (s pickSource) Len() int            { return len(s) }

// pickNames matches items on what they show (a code's own name).
type pickNames []pickItem

func (s pickNames) String(i int) string { return nz(s[i].name, s[i].label) }
func (s pickNames) Len() int            { return len(s) }

// filter lists the items matching the query, best first: matches on the
// shown name come before matches on the full label (a code's path), so
// that typing the start of a code's name finds it even under a long theme
// name, and "theme/code" queries still work.
func (p *picker) filter() {
	q := p.input.Value()
	p.shown = p.shown[:0]
	if strings.TrimSpace(q) == "" {
		for i := range p.items {
			p.shown = append(p.shown, i)
		}
	} else {
		seen := make(map[int]bool)
		for _, m := range fuzzy.FindFrom(q, pickNames(p.items)) {
			p.shown = append(p.shown, m.Index)
			seen[m.Index] = true
		}
		for _, m := range fuzzy.FindFrom(q, pickSource(p.items)) {
			if !seen[m.Index] {
				p.shown = append(p.shown, m.Index)
			}
		}
	}
	p.cursor = min(p.cursor, max(len(p.shown)-1, 0))
}

// update handles a key; it returns the chosen value and whether the picker
// is finished (chosen or cancelled: an empty value means cancelled).
func (p *picker) update(msg tea.KeyMsg, keys KeyMap) (value string, done bool, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, keys.Cancel):
		return "", true, nil
	case key.Matches(msg, keys.Accept):
		if len(p.shown) == 0 {
			return "", false, nil
		}
		return p.items[p.shown[p.cursor]].value, true, nil
	case key.Matches(msg, keys.PickNext):
		p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		return "", false, nil
	case key.Matches(msg, keys.PickPrev):
		p.cursor = max(p.cursor-1, 0)
		return "", false, nil
	}
	before := p.input.Value()
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.cursor = 0 // a new query: back to its best match
		p.filter()
	}
	return "", false, cmd
}

func (p *picker) view(st *Styles, width, height int) string {
	var b strings.Builder
	b.WriteString(st.PanelTitle.Render(p.title) + "\n")
	p.input.Width = max(width-4, 5)
	b.WriteString(p.input.View() + "\n")
	rows := max(height-3, 1)
	first := 0
	if p.cursor >= rows {
		first = p.cursor - rows + 1
	}
	filtered := strings.TrimSpace(p.input.Value()) != ""
	for i := first; i < len(p.shown) && i < first+rows; i++ {
		it := p.items[p.shown[i]]
		sw := "  "
		if it.look != nil {
			sw = st.swatch(*it.look) + " "
		}
		text := it.label
		if it.name != "" {
			text = it.name
			if !filtered {
				text = strings.Repeat(" ", it.depth) + text
			} else if it.hint != "" {
				text += " · " + it.hint
			}
		}
		text = truncate(text, width-3)
		if i == p.cursor {
			b.WriteString(sw + st.ListCursor.Render(padRight(text, width-3)) + "\n")
		} else {
			b.WriteString(sw + text + "\n")
		}
	}
	if len(p.shown) == 0 {
		b.WriteString(st.Dim.Render("no match") + "\n")
	}
	return b.String()
}

// prompt is a one-line text input (search, memo, in-vivo code name, and
// the codebook screen's forms).
type prompt struct {
	label string
	input textinput.Model
}

func newPrompt(label, value string) prompt {
	in := textinput.New()
	in.Prompt = ""
	in.SetValue(value)
	in.CursorEnd()
	in.CharLimit = 4000
	in.Focus()
	return prompt{label: label, input: in}
}

// update returns the text and done=true on Enter, cancelled=true on Esc.
func (p *prompt) update(msg tea.Msg, keys KeyMap) (text string, done, cancelled bool, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, keys.Accept):
			return p.input.Value(), true, false, nil
		case key.Matches(k, keys.Cancel):
			return "", false, true, nil
		}
	}
	p.input, cmd = p.input.Update(msg)
	return "", false, false, cmd
}

func (p *prompt) view(st *Styles, width int) string {
	if w := max(width-lipgloss.Width(p.label)-4, 5); p.input.Width != w {
		p.input.Width = w
		// The input scrolls its text only when its cursor moves: a value
		// set before the width was known would overflow the line.
		p.input.SetCursor(p.input.Position())
	}
	return st.StatusKey.Render(p.label) + " " + p.input.View()
}

// chooser asks which of a few things: 1-9 or j/k and Enter.
type chooser struct {
	title   string
	options []string
	cursor  int
}

func (c *chooser) update(msg tea.KeyMsg, keys KeyMap) (choice int, done bool) {
	switch {
	case key.Matches(msg, keys.Cancel):
		return -1, true
	case key.Matches(msg, keys.Accept):
		return c.cursor, true
	case key.Matches(msg, keys.Down):
		c.cursor = min(c.cursor+1, len(c.options)-1)
	case key.Matches(msg, keys.Up):
		c.cursor = max(c.cursor-1, 0)
	case len(msg.Runes) == 1 && msg.Runes[0] >= '1' && msg.Runes[0] <= '9':
		if i := int(msg.Runes[0] - '1'); i < len(c.options) {
			return i, true
		}
	}
	return 0, false
}

func (c *chooser) view(st *Styles, width int) string {
	var b strings.Builder
	b.WriteString(st.PanelTitle.Render(c.title) + "\n")
	for i, o := range c.options {
		line := truncate(fmt.Sprintf("%d %s", i+1, o), width-1)
		if i == c.cursor {
			line = st.ListCursor.Render(padRight(line, width-1))
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(st.Dim.Render("1-9/enter choose · esc cancel") + "\n")
	return b.String()
}

// codeItem is a picker entry for a code: matched on its path, shown as its
// name in the tree (or with its parent when filtering), with its label.
func codeItem(e store.CodebookEntry, looks map[int64]codeLook) pickItem {
	hint := ""
	if i := strings.LastIndex(e.Path, "/"); i >= 0 {
		hint = e.Path[:i]
	}
	it := pickItem{label: e.Path, name: e.Name, hint: hint, depth: e.Depth, value: e.Path}
	if l, ok := looks[e.ID]; ok {
		it.look = &l
	}
	return it
}

// followCode returns the path that the code at path in the old codebook has
// in the new one (it may have been renamed or moved), or "" when it is
// gone. A path the old codebook does not know is returned unchanged.
func followCode(old, cur []store.CodebookEntry, path string) string {
	var id int64
	for _, e := range old {
		if e.Path == path {
			id = e.ID
		}
	}
	if id == 0 {
		return path
	}
	for _, e := range cur {
		if e.ID == id {
			return e.Path
		}
	}
	return ""
}
