package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

type actionKind int

const (
	actApply      actionKind = iota // a coding was added
	actRemove                       // a coding was removed
	actCodingMemo                   // a coding's memo changed
	actSpanMemo                     // a memo on a span changed
	actNewCode                      // a code was created from a selection and applied
)

// action is one undoable user action, as saved in the store.
type action struct {
	kind     actionKind
	coding   coding.Coding // apply, remove, newcode, coding memo: the coding as it is now
	codePath string        // newcode: the code created
	sourceID int64         // span memo
	start    int
	end      int
	oldText  string // memos: the text before
	newText  string // memos: the text after
}

// perform saves an action (or its redo) in one transaction and returns it
// with the coding's new id, when the store gave it one.
func perform(st *store.Store, a action) (action, error) {
	switch a.kind {
	case actApply, actNewCode:
		if a.kind == actNewCode {
			code, err := st.AddCode(a.codePath, store.CodeFields{})
			if err != nil {
				return a, err
			}
			a.coding.CodeID = code.ID
		}
		c, err := st.Apply(store.NewCoding{Source: a.coding.Source, Code: a.coding.Code, CodeID: a.coding.CodeID,
			Start: a.coding.Start, End: a.coding.End, Coder: a.coding.Coder, Memo: a.coding.Memo})
		if err != nil {
			return a, err
		}
		c.Text = a.coding.Text
		a.coding = c
	case actRemove:
		if _, err := st.Unapply(a.coding.ID); err != nil {
			return a, err
		}
	case actCodingMemo:
		if _, err := st.SetCodingMemo(a.coding.ID, a.newText); err != nil {
			return a, err
		}
		a.coding.Memo = a.newText
	case actSpanMemo:
		if _, err := st.SaveSpanMemo(a.sourceID, a.start, a.end, a.coding.Coder, a.newText); err != nil {
			return a, err
		}
	}
	return a, nil
}

// revert undoes a saved action in one transaction (or two for a new code:
// the coding, then the code, which nothing else can use yet).
func revert(st *store.Store, a action) (action, error) {
	switch a.kind {
	case actApply, actNewCode:
		if _, err := st.Unapply(a.coding.ID); err != nil {
			return a, err
		}
		if a.kind == actNewCode {
			// The code may have been renamed since: find it by id.
			code, err := st.CodeByID(a.coding.CodeID)
			if err != nil {
				return a, err
			}
			if _, err := st.DeleteCode(code.Path, false); err != nil {
				return a, err
			}
			a.codePath = code.Path
		}
	case actRemove:
		c, err := st.Apply(store.NewCoding{Source: a.coding.Source, Code: a.coding.Code, CodeID: a.coding.CodeID,
			Start: a.coding.Start, End: a.coding.End, Coder: a.coding.Coder, Memo: a.coding.Memo})
		if err != nil {
			return a, err
		}
		c.Text = a.coding.Text
		a.coding = c
	case actCodingMemo:
		if _, err := st.SetCodingMemo(a.coding.ID, a.oldText); err != nil {
			return a, err
		}
		a.coding.Memo = a.oldText
	case actSpanMemo:
		if _, err := st.SaveSpanMemo(a.sourceID, a.start, a.end, a.coding.Coder, a.oldText); err != nil {
			return a, err
		}
	}
	return a, nil
}

// history is the session's undo stack, shared by every source opened in
// the session: entries[:pos] are done, the rest can be redone. Actions name
// their source and code by id, so an undo works on a source that is not on
// screen and on a code renamed since. One action runs at a time.
type history struct {
	entries []action
	pos     int
	busy    bool
}

func (h *history) canUndo() bool { return !h.busy && h.pos > 0 }
func (h *history) canRedo() bool { return !h.busy && h.pos < len(h.entries) }

// doCmd saves a new action; the result arrives as actionDoneMsg.
func doCmd(st *store.Store, a action) tea.Cmd {
	return func() tea.Msg {
		done, err := perform(st, a)
		if err != nil {
			return errMsg{err}
		}
		return actionDoneMsg{act: done}
	}
}

func (h *history) undoCmd(st *store.Store) tea.Cmd {
	if !h.canUndo() {
		return nil
	}
	h.busy = true
	a := h.entries[h.pos-1]
	return func() tea.Msg {
		done, err := revert(st, a)
		if err != nil {
			return errMsg{err}
		}
		return actionDoneMsg{act: done, undo: true}
	}
}

func (h *history) redoCmd(st *store.Store) tea.Cmd {
	if !h.canRedo() {
		return nil
	}
	h.busy = true
	a := h.entries[h.pos]
	return func() tea.Msg {
		done, err := perform(st, a)
		if err != nil {
			return errMsg{err}
		}
		return actionDoneMsg{act: done, redo: true}
	}
}

// record takes the result of a done, undone or redone action into the
// history, and follows a coding whose id changed through the entries that
// name it.
func (h *history) record(m actionDoneMsg) {
	h.busy = false
	var old int64
	switch {
	case m.undo:
		h.pos--
		old = h.entries[h.pos].coding.ID
		h.entries[h.pos] = m.act
	case m.redo:
		old = h.entries[h.pos].coding.ID
		h.entries[h.pos] = m.act
		h.pos++
	default:
		h.entries = append(h.entries[:h.pos], m.act)
		h.pos++
		return
	}
	if nw := m.act.coding.ID; old != 0 && nw != old {
		for i := range h.entries {
			if h.entries[i].coding.ID == old {
				h.entries[i].coding.ID = nw
			}
		}
	}
}
