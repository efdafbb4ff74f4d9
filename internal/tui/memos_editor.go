package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
)

// memoEditorKeys are the editor's own bindings: enter is a new line in a
// memo, so saving takes ctrl+s.
type memoEditorKeys struct {
	Save, Cancel, Newline key.Binding
}

func newMemoEditorKeys() memoEditorKeys {
	return memoEditorKeys{
		Save:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Newline: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
	}
}

// ShortHelp is the editor's footer.
func (k memoEditorKeys) ShortHelp() []key.Binding { return []key.Binding{k.Save, k.Newline, k.Cancel} }

// FullHelp is the editor's footer too (it has no overlay of its own).
func (k memoEditorKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// memoEditor writes a memo of several lines in a bubbles textarea.
type memoEditor struct {
	title string // what the memo is on
	ta    textarea.Model
	keys  memoEditorKeys
	// orig is the text being edited ("" for a new memo).
	orig string
}

// newMemoEditor opens an editor on text. Its cursor does not blink, so a
// screen waiting for typing costs no CPU.
func newMemoEditor(c *common, title, text string) *memoEditor {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = 0
	ta.MaxHeight = 2000 // lines
	ta.Placeholder = "the memo: several lines if you like"
	plain := c.renderer.NewStyle()
	ta.FocusedStyle = textarea.Style{Base: plain, CursorLine: plain, CursorLineNumber: plain, EndOfBuffer: plain,
		LineNumber: plain, Placeholder: c.styles.Dim, Prompt: c.styles.Dim, Text: plain}
	ta.BlurredStyle = ta.FocusedStyle
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.SetValue(text)
	ta.Focus()
	return &memoEditor{title: title, ta: ta, keys: newMemoEditorKeys(), orig: text}
}

func (e *memoEditor) setSize(width, height int) {
	e.ta.SetWidth(max(width, 10))
	e.ta.SetHeight(max(height, 1))
}

// update returns the text and done=true on ctrl+s, cancelled=true on esc.
func (e *memoEditor) update(msg tea.KeyMsg) (text string, done, cancelled bool, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, e.keys.Save):
		return strings.TrimRight(e.ta.Value(), "\n \t"), true, false, nil
	case key.Matches(msg, e.keys.Cancel):
		return "", false, true, nil
	}
	e.ta, cmd = e.ta.Update(msg)
	return "", false, false, cmd
}

// view is the title, the text area and the keys.
func (e *memoEditor) view(c *common, width int) string {
	st := c.styles
	h := c.help
	h.Width = width
	return st.PanelTitle.Render(truncate(e.title, width)) + "\n" + e.ta.View() + "\n" +
		truncate(h.ShortHelpView(e.keys.ShortHelp()), width)
}

var _ help.KeyMap = memoEditorKeys{}
