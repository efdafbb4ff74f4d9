// Package tui is fieldwork's terminal UI (bubbletea): the coding workbench.
//
// The root model (app.go) owns the tabs and global keys and routes messages
// to one model per screen. Screens keep view state only; everything
// persistent lives in the project file and is read and written through
// tea.Cmds that return typed messages (messages.go), so View never touches
// the disk and every action is saved in its own transaction before the
// screen shows it as done. Keys live in keys.go, styles in styles.go.
package tui

import (
	"time"

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
	width    int
	height   int
	// now is the clock (tests fix it).
	now func() time.Time
	// hist is the session's undo history, across sources.
	hist history
}

// Options configure the app.
type Options struct {
	Store *store.Store
	Coder string
	// Renderer decides the colour profile; nil means the default (stdout).
	Renderer *lipgloss.Renderer
	// Source, when not empty, opens that source (name or id) at once.
	Source string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}
