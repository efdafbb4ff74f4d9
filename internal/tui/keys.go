package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds every key binding of the app. Update matches against these
// very bindings and the help overlay is generated from them, so the two
// cannot drift apart.
type KeyMap struct {
	// Global
	NextTab, PrevTab, Help, Quit key.Binding

	// Moving
	Down, Up, NextTurn, PrevTurn, Top, Bottom, PageDown, PageUp key.Binding
	NextUncoded, PrevUncoded                                    key.Binding

	// Selecting
	Select, GrowWord, TrimWord, SelectTurn, Cancel key.Binding

	// Coding
	Code, QuickCode, NewCode, Remove, Memo, Undo, Redo key.Binding

	// Finding
	Search, NextMatch, PrevMatch, Filter key.Binding

	// Lists and forms
	Open, Add, Rename, Move, Merge, Delete, Edit key.Binding

	// Recommendations
	Sort, SetStatus, FollowUp key.Binding
}

// DefaultKeyMap returns the bindings described in the README and the `?`
// overlay.
func DefaultKeyMap() KeyMap {
	b := func(help string, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		NextTab: b("tab", "next screen", "tab"),
		PrevTab: b("shift+tab", "previous screen", "shift+tab"),
		Help:    b("?", "help", "?"),
		Quit:    b("q", "quit", "q", "ctrl+c"),

		Down:        b("j/↓", "next sentence", "j", "down"),
		Up:          b("k/↑", "previous sentence", "k", "up"),
		NextTurn:    b("J/}", "next turn", "J", "}"),
		PrevTurn:    b("K/{", "previous turn", "K", "{"),
		Top:         b("g", "top", "g", "home"),
		Bottom:      b("G", "bottom", "G", "end"),
		PageDown:    b("pgdn", "page down", "pgdown", "ctrl+d"),
		PageUp:      b("pgup", "page up", "pgup", "ctrl+u"),
		NextUncoded: b("]", "next uncoded sentence", "]"),
		PrevUncoded: b("[", "previous uncoded sentence", "["),

		Select:     b("v", "select", "v"),
		GrowWord:   b("w", "selection +word", "w"),
		TrimWord:   b("b", "selection -word", "b"),
		SelectTurn: b("t", "select turn", "t"),
		Cancel:     b("esc", "cancel", "esc"),

		Code:      b("c", "code…", "c"),
		QuickCode: b("1-9", "apply a top code", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		NewCode:   b("n", "new code (in vivo)", "n"),
		Remove:    b("x", "remove coding", "x"),
		Memo:      b("m", "memo", "m"),
		Undo:      b("u", "undo", "u"),
		Redo:      b("ctrl+r", "redo", "ctrl+r"),

		Search:    b("/", "search", "/"),
		NextMatch: b("n", "next match", "n"),
		PrevMatch: b("N", "previous match", "N"),
		Filter:    b("f", "filter code/coder", "f"),

		Open:   b("enter", "open", "enter"),
		Add:    b("a", "add", "a"),
		Rename: b("r", "rename", "r"),
		Move:   b("M", "move", "M"),
		Merge:  b("ctrl+g", "merge into…", "ctrl+g"),
		Delete: b("d", "delete", "d"),
		Edit:   b("e", "edit", "e"),

		Sort:      b("o", "sort recommendations", "o"),
		SetStatus: b("s", "set status", "s"),
		FollowUp:  b("l", "log a follow-up", "l"),
	}
}

// ShortHelp is the one-line footer of the coding view.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Select, k.Code, k.QuickCode, k.Remove, k.Memo, k.Undo, k.Search, k.NextTab, k.Help, k.Quit}
}

// FullHelp is the `?` overlay, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.NextTurn, k.PrevTurn, k.Top, k.Bottom, k.PageDown, k.PageUp, k.NextUncoded, k.PrevUncoded},
		{k.Select, k.GrowWord, k.TrimWord, k.SelectTurn, k.Cancel, k.Search, k.NextMatch, k.PrevMatch, k.Filter},
		{k.Code, k.QuickCode, k.NewCode, k.Remove, k.Memo, k.Undo, k.Redo, k.Sort, k.SetStatus, k.FollowUp},
		{k.NextTab, k.PrevTab, k.Open, k.Add, k.Rename, k.Move, k.Merge, k.Delete, k.Edit, k.Help, k.Quit},
	}
}
