package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// codebookForm is what the Codebook screen's prompt is typing.
type codebookForm int

const (
	formAdd    codebookForm = iota // a new code's path
	formRename                     // a code's new name
	formField                      // one of the fields, in codeField order
)

// codebookPick is what the Codebook screen's picker chooses.
type codebookPick int

const (
	pickMoveUnder codebookPick = iota
	pickMergeInto
)

// topLevel is the picker's value for "no parent".
const topLevel = "\x00top"

// codebookView browses and edits the codebook. Every edit but a merge and
// the deletion of a code in use goes into the session's undo history.
type codebookView struct {
	c       *common
	keys    listKeys
	entries []store.CodebookEntry
	looks   map[int64]codeLook
	cursor  int
	stale   bool
	prompt  *prompt
	form    codebookForm
	field   codeField // formField: which field
	picker  *picker
	pickFor codebookPick
	confirm *chooser
	note    string
	list    scroller
	// whole shows the selected code's fields in full, scrolled with j/k.
	whole     bool
	wholeView scroller
	width     int
	height    int
}

func newCodebookView(c *common) *codebookView {
	k := newListKeys(c.keys, map[string]string{"expand": "whole code", "add": "add code", "addchild": "", "rename": "", "edit": "",
		"move": "", "merge": "merge", "delete": "", "undo": "", "redo": ""})
	return &codebookView{c: c, keys: k, list: newScroller(), wholeView: newScroller()}
}

func loadCodebookCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		cb, err := st.Codebook()
		if err != nil {
			return errMsg{err}
		}
		return codebookLoadedMsg{entries: cb}
	}
}

func (v *codebookView) Capturing() bool {
	return v.prompt != nil || v.picker != nil || v.confirm != nil
}

func (v *codebookView) Keys() help.KeyMap { return v.keys }

func (v *codebookView) Show() tea.Cmd {
	if v.stale || v.entries == nil {
		return loadCodebookCmd(v.c.store)
	}
	return nil
}

func (v *codebookView) SetSize(width, height int) { v.width, v.height = width, height }

func (v *codebookView) current() (store.CodebookEntry, bool) {
	if v.cursor < len(v.entries) {
		return v.entries[v.cursor], true
	}
	return store.CodebookEntry{}, false
}

// setEntries takes a new codebook, keeping the cursor on the code it was on.
func (v *codebookView) setEntries(cb []store.CodebookEntry) {
	var id int64
	if cur, ok := v.current(); ok {
		id = cur.ID
	}
	v.entries, v.stale = cb, false
	v.looks = codeLooks(cb, v.c.palette)
	v.cursor = min(v.cursor, max(len(v.entries)-1, 0))
	for i, e := range cb {
		if e.ID == id {
			v.cursor = i
		}
	}
}

// codebookEdit runs a codebook change that cannot be undone (a merge, the
// deletion of a code in use) and reloads the codebook.
func codebookEdit(st *store.Store, fn func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		note, err := fn()
		if err != nil {
			return errMsg{err}
		}
		cb, err := st.Codebook()
		if err != nil {
			return errMsg{err}
		}
		return codebookLoadedMsg{entries: cb, note: note + " (cannot be undone)"}
	}
}

func (v *codebookView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case codebookLoadedMsg:
		v.setEntries(msg.entries)
		if msg.note != "" {
			v.note = msg.note
		}
	case actionDoneMsg:
		if msg.codebook != nil {
			v.setEntries(msg.codebook)
			v.note = doneNote(msg)
		} else {
			v.stale = true // the counts changed
		}
	case statusMsg:
		v.note = string(msg)
	case tea.KeyMsg:
		switch {
		case v.prompt != nil:
			return v.updatePrompt(msg)
		case v.picker != nil:
			return v.updatePicker(msg)
		case v.confirm != nil:
			return v.updateConfirm(msg)
		}
		v.note = ""
		if v.whole {
			return v.updateWhole(msg)
		}
		return v.updateList(msg)
	}
	return nil
}

// do saves an undoable codebook action.
func (v *codebookView) do(a action) tea.Cmd {
	if v.c.hist.busy {
		v.note = "still saving the last action"
		return nil
	}
	v.c.hist.busy = true
	return doCmd(v.c.store, a)
}

func (v *codebookView) updateList(msg tea.KeyMsg) tea.Cmd {
	k := v.keys
	cur, ok := v.current()
	switch {
	case moveInList(msg, k, &v.cursor, len(v.entries), v.listHeight()-1):
	case key.Matches(msg, k.Expand) && ok:
		v.whole = true
		v.wholeView.vp.SetYOffset(0)
	case key.Matches(msg, k.Add):
		// An empty path: what is typed is the whole path, so a new theme
		// never lands inside the code under the cursor.
		v.openPrompt(formAdd, "new code (Theme/Code)", "")
	case key.Matches(msg, k.AddChild) && ok:
		v.openPrompt(formAdd, "new code (Theme/Code)", cur.Path+"/")
	case key.Matches(msg, k.Rename) && ok:
		v.openPrompt(formRename, "rename", cur.Name)
	case key.Matches(msg, k.Edit) && ok:
		v.field = fieldDefinition
		v.openPrompt(formField, fieldDefinition.String(), cur.Definition)
	case key.Matches(msg, k.Move) && ok:
		items := append([]pickItem{{label: "(top level: a theme)", value: topLevel}}, v.others(cur)...)
		p := newPicker("Move "+cur.Name+" under", items)
		v.picker, v.pickFor = &p, pickMoveUnder
	case key.Matches(msg, k.Merge) && ok:
		p := newPicker("Merge "+cur.Name+" into", v.others(cur))
		v.picker, v.pickFor = &p, pickMergeInto
	case key.Matches(msg, k.Delete) && ok:
		if cur.Total == 0 && !v.hasChildren(cur) {
			return v.do(action{kind: actDeleteCode, codeID: cur.ID})
		}
		v.confirm = &chooser{title: fmt.Sprintf("Delete %s with its sub-codes and %s? This cannot be undone.", cur.Name, plural.Count(cur.Total, "coding", "codings")),
			options: []string{"yes, delete", "no, keep it"}, cursor: 1}
	case key.Matches(msg, k.Undo, k.Redo):
		cmd, note := v.c.undoRedo(msg)
		if cmd != nil {
			return cmd
		}
		v.note = note
	}
	return nil
}

func (v *codebookView) openPrompt(f codebookForm, label, value string) {
	p := newPrompt(label, value)
	v.prompt, v.form = &p, f
}

// others are the codes cur could move under or merge into: not itself
// nor its sub-codes.
func (v *codebookView) others(cur store.CodebookEntry) []pickItem {
	var items []pickItem
	for _, e := range v.entries {
		if e.Path != cur.Path && !strings.HasPrefix(e.Path, cur.Path+"/") {
			items = append(items, codeItem(e, v.looks))
		}
	}
	return items
}

func (v *codebookView) hasChildren(e store.CodebookEntry) bool {
	for _, o := range v.entries {
		if o.ParentID == e.ID {
			return true
		}
	}
	return false
}

func (v *codebookView) updatePicker(msg tea.KeyMsg) tea.Cmd {
	val, done, cmd := v.picker.update(msg, v.c.keys)
	if !done {
		return cmd
	}
	v.picker = nil
	cur, ok := v.current()
	if val == "" || !ok {
		return nil
	}
	st := v.c.store
	if v.pickFor == pickMergeInto {
		return codebookEdit(st, func() (string, error) {
			n, err := st.MergeCode(cur.Path, val)
			return fmt.Sprintf("merged into %s (%d codings moved)", val, n), err
		})
	}
	var parent int64
	if val != topLevel {
		for _, e := range v.entries {
			if e.Path == val {
				parent = e.ID
			}
		}
	}
	return v.do(action{kind: actMoveCode, codeID: cur.ID, codePath: cur.Path, oldParent: cur.ParentID, newParent: parent})
}

func (v *codebookView) updateConfirm(msg tea.KeyMsg) tea.Cmd {
	i, done := v.confirm.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.confirm = nil
	cur, ok := v.current()
	if i != 0 || !ok {
		return nil
	}
	st := v.c.store
	return codebookEdit(st, func() (string, error) {
		n, err := st.DeleteCode(cur.Path, true)
		return fmt.Sprintf("deleted %s and %s", cur.Path, plural.Count(n, "coding", "codings")), err
	})
}

// updatePrompt takes the prompt's text. An edit asks for the fields in
// turn: enter saves each (as its own undoable action), esc stops.
func (v *codebookView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	if cancelled {
		v.prompt = nil
		return nil
	}
	if !done {
		return cmd
	}
	v.prompt = nil
	cur, _ := v.current()
	switch v.form {
	case formAdd:
		return v.do(action{kind: actAddCode, codePath: text})
	case formRename:
		return v.do(action{kind: actRenameCode, codeID: cur.ID, codePath: cur.Path, oldText: cur.Name, newText: text})
	}
	f := v.field
	if next := f + 1; next < fieldCount {
		v.field = next
		v.openPrompt(formField, next.String(), next.of(cur.Code))
	}
	if text == f.of(cur.Code) {
		return nil // unchanged: nothing to save or undo
	}
	return v.do(action{kind: actEditCode, codeID: cur.ID, codePath: cur.Path, field: f, oldText: f.of(cur.Code), newText: text})
}

// updateWhole scrolls the whole code; space or esc goes back to the list.
func (v *codebookView) updateWhole(msg tea.KeyMsg) tea.Cmd {
	k := v.wholeKeys()
	switch {
	case key.Matches(msg, k.Expand), key.Matches(msg, k.Back):
		v.whole = false
	case key.Matches(msg, k.Down):
		v.wholeView.scroll(1)
	case key.Matches(msg, k.Up):
		v.wholeView.scroll(-1)
	case key.Matches(msg, k.PageDown):
		v.wholeView.scroll(max(v.height-3, 1))
	case key.Matches(msg, k.PageUp):
		v.wholeView.scroll(-max(v.height-3, 1))
	}
	return nil
}
