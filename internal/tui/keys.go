package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
)

// KeyMap holds every key binding of the app. Update matches against these
// very bindings (through each screen's copy below) and the footers and the
// help overlay are generated from them, so the three cannot drift apart.
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

	// Forms: enter takes a prompt's text or a choice; the picker moves
	// with arrows (letters are typed into its filter).
	Accept, PickNext, PickPrev key.Binding

	// Lists and forms
	Open, Add, AddChild, Rename, Move, Merge, Delete, Edit, Expand key.Binding

	// Recommendations
	Sort, SetStatus, FollowUp, Back key.Binding

	// Search, Participants and the export of passages (shown in their
	// screens' footers)
	Mark, Spread, Export, Role, Bind key.Binding
	// Compare
	PickCoders, KeepCoder, KeepAll, Recode, Unit key.Binding
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
		QuickCode: b("1-9", "apply code by its key", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		NewCode:   b("n", "new code (in vivo)", "n"),
		Remove:    b("x", "remove coding", "x"),
		Memo:      b("m", "memo", "m"),
		Undo:      b("u", "undo", "u"),
		Redo:      b("ctrl+r", "redo", "ctrl+r"),

		Search:    b("/", "search", "/"),
		NextMatch: b("n", "next match", "n"),
		PrevMatch: b("N", "previous match", "N"),
		Filter:    b("f", "filter code/coder", "f"),

		Accept:   b("enter", "accept", "enter"),
		PickNext: b("↓/ctrl+n", "next choice", "down", "ctrl+n"),
		PickPrev: b("↑/ctrl+p", "previous choice", "up", "ctrl+p"),

		Open:     b("enter", "open", "enter"),
		Add:      b("a", "add", "a"),
		AddChild: b("A", "add sub-code", "A"),
		Rename:   b("r", "rename", "r"),
		Move:     b("M", "move", "M"),
		Merge:    b("ctrl+g", "merge into…", "ctrl+g"),
		Delete:   b("d", "delete", "d"),
		Edit:     b("e", "edit", "e"),
		Expand:   b("space", "expand/fold", " ", "space"),

		Sort:      b("o", "sort recommendations", "o"),
		SetStatus: b("s", "set status", "s"),
		FollowUp:  b("l", "log a follow-up", "l"),
		Back:      b("esc", "back", "esc", "backspace"),

		Mark:       b("space", "mark", " ", "space"),
		Spread:     b("s", "code sentence/turn/match", "s"),
		Export:     b("E", "export passages", "E"),
		Role:       b("F", "facilitator or not", "F"),
		Bind:       b("b", "bind label to an id", "b"),
		PickCoders: b("p", "pick coders", "p"),
		KeepCoder:  b("1-9", "keep coder N's coding", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		KeepAll:    b("b", "keep both (all)", "b"),
		Recode:     b("r", "recode…", "r"),
		Unit:       b("t", "unit sentence/turn/source", "t"),
	}
}

// FullHelp is the `?` overlay, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.NextTurn, k.PrevTurn, k.Top, k.Bottom, k.PageDown, k.PageUp, k.NextUncoded, k.PrevUncoded},
		{k.Select, k.GrowWord, k.TrimWord, k.SelectTurn, k.Cancel, k.Search, k.NextMatch, k.PrevMatch, k.Filter, k.Expand},
		{k.Code, k.QuickCode, k.NewCode, k.Remove, k.Memo, k.Undo, k.Redo, k.Sort, k.SetStatus, k.FollowUp, k.AddChild},
		{k.NextTab, k.PrevTab, k.Open, k.Add, k.Rename, k.Move, k.Merge, k.Delete, k.Edit, k.Help, k.Quit},
	}
}

// ShortHelp is the footer of a screen that has no key map of its own.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.NextTab, k.Help, k.Quit} }

// with returns a binding with another help text: the same keys read
// differently on another screen ("j" is the next sentence or the next row).
func with(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// codingKeys are the coding view's bindings. The conflicting ones are
// switched by updateKeys: n is "next match" while a search is active and
// "new code" otherwise; w and b only mean something with a selection.
type codingKeys struct {
	KeyMap
}

func newCodingKeys(k KeyMap) codingKeys { return codingKeys{k} }

// update switches the bindings for the view's state, as bubbles/list does
// in updateKeybindings.
func (k *codingKeys) update(searching, selecting bool) {
	k.NextMatch.SetEnabled(searching)
	k.PrevMatch.SetEnabled(searching)
	k.NewCode.SetEnabled(!searching)
	k.GrowWord.SetEnabled(selecting)
	k.TrimWord.SetEnabled(selecting)
}

// ShortHelp is the coding view's footer.
func (k codingKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Select, k.Code, k.QuickCode, k.NextMatch, k.NewCode, k.Remove, k.Memo, k.Undo,
		k.Search, k.NextTab, k.Help, k.Quit}
}

// FullHelp is the app's overlay.
func (k codingKeys) FullHelp() [][]key.Binding { return k.KeyMap.FullHelp() }

// listKeys are the bindings of the list screens (Sources, Codebook,
// Quotes, Memos, Recommendations); each screen enables what it uses.
type listKeys struct {
	Down, Up, Top, Bottom, PageDown, PageUp key.Binding
	Open, Add, AddChild, Rename, Edit, Move key.Binding
	Merge, Redo                             key.Binding
	Delete, Undo, Code, Search, Cancel      key.Binding
	Expand, Sort, SetStatus, FollowUp, Back key.Binding
	NextTab, Help, Quit                     key.Binding
	all                                     KeyMap
}

// newListKeys builds a list screen's bindings: only the named ones are
// enabled, with the descriptions given ("open" reads "jump to transcript"
// on the Quotes screen).
func newListKeys(k KeyMap, enable map[string]string) listKeys {
	l := listKeys{
		Down: with(k.Down, "down"), Up: with(k.Up, "up"), Top: k.Top, Bottom: k.Bottom,
		PageDown: k.PageDown, PageUp: k.PageUp,
		Open: k.Open, Add: k.Add, AddChild: k.AddChild, Redo: k.Redo, Rename: k.Rename, Edit: k.Edit, Move: k.Move, Merge: k.Merge,
		Delete: k.Delete, Undo: k.Undo, Code: k.Code, Search: k.Search, Cancel: k.Cancel,
		Expand: k.Expand, Sort: k.Sort, SetStatus: k.SetStatus, FollowUp: k.FollowUp, Back: k.Back,
		NextTab: with(k.NextTab, "screens"), Help: k.Help, Quit: k.Quit, all: k,
	}
	for name, b := range l.optional() {
		desc, ok := enable[name]
		b.SetEnabled(ok)
		if ok && desc != "" {
			b.SetHelp(b.Help().Key, desc)
		}
	}
	return l
}

// optional are the bindings a screen enables by name.
func (l *listKeys) optional() map[string]*key.Binding {
	return map[string]*key.Binding{
		"open": &l.Open, "add": &l.Add, "addchild": &l.AddChild, "redo": &l.Redo, "rename": &l.Rename, "edit": &l.Edit, "move": &l.Move,
		"merge": &l.Merge, "delete": &l.Delete, "undo": &l.Undo, "code": &l.Code, "search": &l.Search,
		"cancel": &l.Cancel, "expand": &l.Expand, "sort": &l.Sort, "status": &l.SetStatus,
		"followup": &l.FollowUp, "back": &l.Back,
	}
}

// ShortHelp is a list screen's footer.
func (l listKeys) ShortHelp() []key.Binding {
	return []key.Binding{l.Open, l.Back, l.Expand, l.Code, l.Add, l.AddChild, l.Rename, l.Edit, l.Move, l.Merge, l.Delete,
		l.Undo, l.Redo, l.Search, l.Cancel, l.Sort, l.SetStatus, l.FollowUp, l.Down, l.NextTab, l.Help, l.Quit}
}

// FullHelp is the app's overlay.
func (l listKeys) FullHelp() [][]key.Binding { return l.all.FullHelp() }

// screenHelp is a list screen's `?` overlay: the keys the screen enabled
// (help leaves the disabled ones out), not the coding view's.
func (l listKeys) screenHelp() [][]key.Binding {
	return [][]key.Binding{
		{l.Down, l.Up, l.Top, l.Bottom, l.PageDown, l.PageUp},
		{l.Open, l.Back, l.Expand, l.Code, l.Search, l.Cancel, l.Sort},
		{l.Add, l.AddChild, l.Rename, l.Edit, l.Move, l.Merge, l.Delete, l.SetStatus, l.FollowUp},
		{l.Undo, l.Redo, l.NextTab, l.all.PrevTab, l.Help, l.Quit},
	}
}

// table is the list keys for a bubbles table (the Sources screen).
func (l listKeys) table() table.KeyMap {
	off := key.NewBinding(key.WithDisabled())
	return table.KeyMap{LineUp: l.Up, LineDown: l.Down, PageUp: l.PageUp, PageDown: l.PageDown,
		HalfPageUp: off, HalfPageDown: off, GotoTop: l.Top, GotoBottom: l.Bottom}
}
