package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// tab is a screen of the app, and its index in Model.screens.
type tab int

const (
	tabSources tab = iota
	tabCoding
	tabCodebook
	tabQuotes
	tabSearch
	tabParticipants
	tabIdentifiers
	tabMemos
	tabCompare
	tabRecs
	tabCount
)

func (t tab) String() string {
	return [...]string{"Sources", "Coding", "Codebook", "Quotes", "Search", "Participants", "Redact", "Memos", "Compare", "Recommendations"}[t]
}

// short is the tab's name when the full names do not fit in the width.
func (t tab) short() string {
	return [...]string{"Sources", "Coding", "Codes", "Quotes", "Search", "People", "Redact", "Memos", "Compare", "Recs"}[t]
}

// screen is one tab of the app. The root model holds one per tab in an
// array indexed by tab, and routes to the active one without knowing
// which it is.
type screen interface {
	// Update handles a message; the root sends key messages only to the
	// active screen, and project-wide news (actionDoneMsg,
	// codebookLoadedMsg) to every screen.
	Update(msg tea.Msg) tea.Cmd
	// View draws the screen below the tab bar, in the size last set.
	View() string
	// SetSize gives the screen the room below the tab bar.
	SetSize(width, height int)
	// Capturing reports whether keys go to a text input or a chooser, so
	// that the root must not take q, tab or ? for itself.
	Capturing() bool
	// Keys is the screen's key map, for its footer.
	Keys() help.KeyMap
	// Show is called when the screen becomes active: it reloads what went
	// stale while it was hidden.
	Show() tea.Cmd
}

// screenHelp is a screen key map with a `?` overlay of its own, instead of
// the whole app's key map.
type screenHelp interface {
	screenHelp() [][]key.Binding
}

// footer is a screen's last line: the note on the last action, or its
// enabled keys, rendered by bubbles/help from the key map the screen
// matches against.
func footer(c *common, note string, keys help.KeyMap) string {
	if note != "" {
		return c.styles.Bold.Render(truncate("» "+note, c.width))
	}
	h := c.help
	h.Width = c.width
	return truncate(h.ShortHelpView(keys.ShortHelp()), c.width)
}
