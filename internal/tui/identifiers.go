package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// identifiersKeys are the Identifiers screen's bindings.
type identifiersKeys struct {
	listKeys
	Remove, Rescan key.Binding
}

// ShortHelp is the Identifiers screen's footer.
func (k identifiersKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Add, k.Edit, k.Delete, k.Remove, k.Undo, k.Down, k.NextTab, k.Help, k.Quit}
}

// screenHelp is the Identifiers screen's `?` overlay.
func (k identifiersKeys) screenHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Add, k.Edit, k.Delete, k.Remove, k.Undo, k.Redo, k.Rescan},
		{k.NextTab, k.all.PrevTab, k.Help, k.Quit},
	}
}

// identifiersView reviews identifiers: the candidates the scan finds in
// the sources (term, kind, count, sources; never the words around them),
// each accepted with its kind's placeholder, edited (another replacement)
// or dismissed (kept as written, and never suggested again); under them,
// the identifier list, whose entries can be edited or removed. The rows
// are the pending suggestions, then the list's entries.
type identifiersView struct {
	c        *common
	keys     identifiersKeys
	all      []redact.Suggestion // the last scan, listed terms included
	pending  []redact.Suggestion // the scan's terms not on the list
	list     []store.Identifier
	loaded   bool
	scanning bool
	stale    bool
	cursor   int
	prompt   *prompt
	editing  string // the term the prompt asks a replacement for
	editKind redact.Kind
	note     string
	rows     scroller
	width    int
	height   int
}

func newIdentifiersView(c *common) *identifiersView {
	l := newListKeys(c.keys, map[string]string{"add": "accept", "edit": "edit", "delete": "dismiss", "undo": "", "redo": ""})
	k := identifiersKeys{listKeys: l, Remove: with(c.keys.Remove, "remove"),
		Rescan: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "scan again"))}
	return &identifiersView{c: c, keys: k, rows: newScroller()}
}

func (v *identifiersView) Capturing() bool   { return v.prompt != nil }
func (v *identifiersView) Keys() help.KeyMap { return v.keys }

func (v *identifiersView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.rows.setSize(width, v.listHeight())
}

// listHeight is the rows the list shows: the screen less its title and
// the footer.
func (v *identifiersView) listHeight() int { return max(v.height-2, 1) }

// Show scans when the screen has not scanned yet or what it scanned for
// changed (the roster); the root turns the spinner while it runs.
func (v *identifiersView) Show() tea.Cmd {
	if (v.loaded && !v.stale) || v.scanning {
		return nil
	}
	return v.scan()
}

func (v *identifiersView) scan() tea.Cmd {
	v.scanning, v.stale = true, false
	return scanIdentifiersCmd(v.c.store)
}

// rowCount is the number of rows: the pending suggestions, then the list.
func (v *identifiersView) rowCount() int { return len(v.pending) + len(v.list) }

// current is the selected row: a suggestion, or else an entry of the list.
func (v *identifiersView) current() (*redact.Suggestion, *store.Identifier) {
	switch {
	case v.cursor < len(v.pending):
		return &v.pending[v.cursor], nil
	case v.cursor < v.rowCount():
		return nil, &v.list[v.cursor-len(v.pending)]
	}
	return nil, nil
}

// take puts a new list in and keeps the cursor where it was: after an
// accept or a dismissal, the next suggestion comes under it.
func (v *identifiersView) take(list []store.Identifier) {
	v.list = list
	v.pending = project.Pending(v.all, list)
	v.cursor = min(v.cursor, max(v.rowCount()-1, 0))
}

func (v *identifiersView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case identifiersLoadedMsg:
		v.scanning = false
		if msg.err != nil {
			return nil
		}
		v.all, v.loaded = msg.review.Suggestions, true
		v.take(msg.review.List)
	case identifierListMsg:
		v.take(msg.list)
	case participantsChangedMsg:
		v.stale = true // the roster's names are suggestions too
	case actionDoneMsg:
		if msg.act.kind != actIdentifier {
			return nil
		}
		v.note = doneNote(msg) + v.noteTerm(msg.act)
		return loadIdentifierListCmd(v.c.store)
	case tea.KeyMsg:
		if v.prompt != nil {
			return v.updatePrompt(msg)
		}
		return v.updateKey(msg)
	}
	return nil
}

// noteTerm names the term an action changed, masked under --mask.
func (v *identifiersView) noteTerm(a action) string {
	id := a.identAfter
	if id == nil {
		id = a.identBefore
	}
	if id == nil {
		return ""
	}
	return ": “" + v.c.masked(id.Term) + "”"
}

func (v *identifiersView) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := v.keys
	v.note = ""
	if moveInList(msg, k.listKeys, &v.cursor, v.rowCount(), v.listHeight()-1) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Undo, k.Redo):
		cmd, note := v.c.undoRedo(msg)
		v.note = note
		return cmd
	case key.Matches(msg, k.Rescan):
		if v.scanning {
			return nil
		}
		return v.scan()
	}
	sg, id := v.current()
	switch {
	case sg == nil && id == nil:
		return nil
	case key.Matches(msg, k.Add):
		if sg == nil {
			v.note = "already on the list: e changes its replacement, x removes it"
			return nil
		}
		return v.change(sg.Term, &store.Identifier{Term: sg.Term, Kind: sg.Kind})
	case key.Matches(msg, k.Edit):
		return v.openEdit(sg, id)
	case key.Matches(msg, k.Delete):
		if sg == nil {
			v.note = "already on the list: x removes it"
			return nil
		}
		return v.change(sg.Term, &store.Identifier{Term: sg.Term, Kind: redact.KindKeep})
	case key.Matches(msg, k.Remove):
		if id == nil {
			v.note = "a suggestion is not on the list: d dismisses it"
			return nil
		}
		return v.change(id.Term, nil)
	}
	return nil
}

// openEdit asks for the replacement of the selected term.
func (v *identifiersView) openEdit(sg *redact.Suggestion, id *store.Identifier) tea.Cmd {
	term, kind, old := "", redact.KindName, ""
	switch {
	case sg != nil:
		term, kind = sg.Term, sg.Kind
	case id.Kind == redact.KindKeep:
		v.note = "a kept term has no replacement: x removes it from the list"
		return nil
	default:
		term, kind, old = id.Term, id.Kind, id.Replacement
	}
	label := fmt.Sprintf("“%s” (%s) shows as (empty: %s):", v.c.masked(term), kind, redact.Placeholder(kind))
	p := newPrompt(label, old)
	v.prompt, v.editing, v.editKind = &p, term, kind
	return nil
}

func (v *identifiersView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	switch {
	case cancelled:
		v.prompt = nil
		return nil
	case !done:
		return cmd
	}
	v.prompt = nil
	rep := strings.TrimSpace(text)
	return v.change(v.editing, &store.Identifier{Term: v.editing, Replacement: rep, Kind: v.editKind})
}

// equalFoldTerm: the list holds a term once, whatever its case.
func equalFoldTerm(a, b string) bool { return strings.EqualFold(a, b) }
