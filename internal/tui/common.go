// Package tui is fieldwork's terminal UI (bubbletea): the coding workbench.
//
// The root model (app.go) owns the tabs and global keys and routes messages
// to the active screen: one model per tab (screen.go), one file each.
// Screens keep view state only; everything persistent lives in the project
// file and is read and written through tea.Cmds that return typed messages
// (messages.go), so View never touches the disk and every action is saved
// in its own transaction before the screen shows it as done. Keys live in
// keys.go, styles in styles.go, code colours and labels in palette.go.
package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// common is what every screen shares.
type common struct {
	store    *store.Store
	coder    string
	keys     KeyMap
	styles   *Styles
	renderer *lipgloss.Renderer
	help     help.Model
	palette  string
	width    int
	height   int
	// now is the clock (tests fix it).
	now func() time.Time
	// hist is the session's undo history, across sources and the codebook.
	hist history
	// mask, when set, hides identifiers in what people said (Options.Mask).
	mask func(string) string
}

// masked is s through the identifier mask, or s when there is none.
func (c *common) masked(s string) string {
	if c.mask == nil {
		return s
	}
	return c.mask(s)
}

// Options configure the app.
type Options struct {
	Store *store.Store
	Coder string
	// Renderer decides the colour profile; nil means the default (stdout).
	// NewRenderer makes one that keeps attributes under NO_COLOR.
	Renderer *lipgloss.Renderer
	// NoColor draws with attributes only (bold, underline, reverse video).
	NoColor bool
	// Palette names the code colours (Palettes); "" is DefaultPalette.
	Palette string
	// Source, when not empty, opens that source (name or id) at once.
	Source string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Mask, when set, is applied to transcript text, speaker labels and
	// quotes before they are shown (`fieldwork code --mask`, for screen
	// sharing). It must keep the number of code points of a text, since
	// codings are offsets into it.
	Mask func(string) string
}
