package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
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
	actMemo                         // a memo of the memos table added, edited or deleted (memos_actions.go)
	actNewCode                      // a code was created from a selection and applied
	actResolve                      // a disagreement between coders was resolved (compare screen)
	actAddCode                      // codebook: a code was added
	actRenameCode                   // codebook: a code was renamed
	actMoveCode                     // codebook: a code was moved under another parent
	actEditCode                     // codebook: a field of a code changed
	actDeleteCode                   // codebook: a code without codings or sub-codes was deleted
	actBatchApply                   // one code applied to many spans at once (search results)
	actIdentifier                   // the identifier list changed: a term added, changed, kept or removed (identifiers_actions.go)
)

// action is one undoable user action, as saved in the store.
type action struct {
	kind     actionKind
	coding   coding.Coding // apply, remove, newcode, coding memo: the coding as it is now
	codePath string        // newcode and codebook actions: the code's path after the action
	sourceID int64         // span memo
	start    int
	end      int
	oldText  string // memos, rename, edit: the text before
	newText  string // memos, rename, edit: the text after
	// Codebook actions name their code by id, which survives renames.
	codeID               int64
	oldParent, newParent int64 // move
	field                codeField
	fields               coding.Code // delete: the code as it was, to bring it back
	memo                 store.Memo  // actMemo: the memo as it is now (its target and author)
	// Batch: the codings made, and the spans skipped as already coded.
	codings  []coding.Coding
	skipped  int
	resolved resolution // resolve: the disagreement and what its resolution changed
	// Identifier: the entry before and after (nil: not on the list).
	identBefore, identAfter *store.Identifier
}

// codebookKind reports whether the action changes the codebook.
func (a action) codebookKind() bool { return a.kind >= actAddCode && a.kind <= actDeleteCode }

// describe says what the action did, in the same words whether it is
// done, undone ("undone: coded Mentorship") or redone.
func (a action) describe() string {
	switch a.kind {
	case actApply:
		return "coded " + leafName(a.coding.Code)
	case actRemove:
		return "removed " + leafName(a.coding.Code)
	case actNewCode:
		return "coded " + leafName(a.coding.Code) + " (new code)"
	case actCodingMemo, actSpanMemo:
		return "memo saved"
	case actMemo:
		return describeMemo(a)
	case actAddCode:
		return "added " + a.codePath
	case actRenameCode:
		return fmt.Sprintf("renamed %s to %s", a.oldText, a.newText)
	case actMoveCode:
		return "moved to " + a.newText
	case actEditCode:
		return fmt.Sprintf("%s of %s saved", a.field, leafName(a.codePath))
	case actDeleteCode:
		return "deleted " + a.fields.Path
	case actBatchApply:
		return describeBatch(a)
	case actResolve:
		return a.resolved.describe()
	case actIdentifier:
		return describeIdentifier(a)
	}
	return ""
}

// perform saves an action (or its redo) in one transaction and returns it
// with the coding's or code's new id, when the store gave it one.
func perform(st *store.Store, a action) (action, error) {
	if a.codebookKind() {
		return performCodebook(st, a)
	}
	switch a.kind {
	case actBatchApply:
		return performBatch(st, a)
	case actResolve:
		return performResolve(st, a)
	case actIdentifier:
		return a, setIdentifier(st, a.identBefore, a.identAfter)
	case actApply, actNewCode:
		if a.kind == actNewCode {
			code, err := st.AddCode(a.codePath, store.CodeFields{})
			if err != nil {
				return a, err
			}
			a.coding.CodeID = code.ID
		}
		return reapply(st, a)
	case actRemove:
		if _, err := st.Unapply(a.coding.ID); err != nil {
			return a, err
		}
	case actMemo:
		return performMemo(st, a)
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

// reapply saves the action's coding again (it gets a new id).
func reapply(st *store.Store, a action) (action, error) {
	c, err := st.Apply(store.NewCoding{Source: a.coding.Source, Code: a.coding.Code, CodeID: a.coding.CodeID,
		Start: a.coding.Start, End: a.coding.End, Coder: a.coding.Coder, Memo: a.coding.Memo})
	if err != nil {
		return a, err
	}
	c.Text = a.coding.Text
	a.coding = c
	return a, nil
}

// revert undoes a saved action in one transaction (or two for a new code:
// the coding, then the code, which nothing else can use yet).
func revert(st *store.Store, a action) (action, error) {
	if a.codebookKind() {
		return revertCodebook(st, a)
	}
	switch a.kind {
	case actBatchApply:
		return revertBatch(st, a)
	case actResolve:
		return revertResolve(st, a)
	case actIdentifier:
		return a, setIdentifier(st, a.identAfter, a.identBefore)
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
		return reapply(st, a)
	case actMemo:
		return revertMemo(st, a)
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
// the session and the codebook: entries[:pos] are done, the rest can be
// redone. Actions name their source and code by id, so an undo works on a
// source that is not on screen and on a code renamed since. One action
// runs at a time.
type history struct {
	entries []action
	pos     int
	busy    bool
}

func (h *history) canUndo() bool { return !h.busy && h.pos > 0 }
func (h *history) canRedo() bool { return !h.busy && h.pos < len(h.entries) }

// actionCmd runs perform or revert and reports the result, with the
// codebook read again after a codebook action.
func actionCmd(st *store.Store, a action, run func(*store.Store, action) (action, error), undo, redo bool) tea.Cmd {
	return func() tea.Msg {
		done, err := run(st, a)
		if err != nil {
			return errMsg{err}
		}
		msg := actionDoneMsg{act: done, undo: undo, redo: redo}
		if done.codebookKind() {
			if msg.codebook, err = st.Codebook(); err != nil {
				return errMsg{err}
			}
		}
		return msg
	}
}

// doCmd saves a new action; the result arrives as actionDoneMsg.
func doCmd(st *store.Store, a action) tea.Cmd { return actionCmd(st, a, perform, false, false) }

func (h *history) undoCmd(st *store.Store) tea.Cmd {
	if !h.canUndo() {
		return nil
	}
	h.busy = true
	return actionCmd(st, h.entries[h.pos-1], revert, true, false)
}

func (h *history) redoCmd(st *store.Store) tea.Cmd {
	if !h.canRedo() {
		return nil
	}
	h.busy = true
	return actionCmd(st, h.entries[h.pos], perform, false, true)
}

// record takes the result of a done, undone or redone action into the
// history, and follows a coding or code whose id changed through the
// entries that name it.
func (h *history) record(m actionDoneMsg) {
	h.busy = false
	var old action
	switch {
	case m.undo:
		h.pos--
		old = h.entries[h.pos]
		h.entries[h.pos] = m.act
	case m.redo:
		old = h.entries[h.pos]
		h.entries[h.pos] = m.act
		h.pos++
	default:
		h.entries = append(h.entries[:h.pos], m.act)
		h.pos++
		return
	}
	moved := movedCodings(old, m.act)
	for i := range h.entries {
		e := &h.entries[i]
		followCodings(e, moved)
		if id := m.act.coding.ID; old.coding.ID != 0 && id != old.coding.ID && e.coding.ID == old.coding.ID {
			e.coding.ID = id
		}
		if id := m.act.codeID; old.codeID != 0 && id != old.codeID {
			if e.codeID == old.codeID {
				e.codeID = id
			}
			if e.oldParent == old.codeID {
				e.oldParent = id
			}
			if e.newParent == old.codeID {
				e.newParent = id
			}
		}
	}
	self := h.pos - 1
	if m.undo {
		self = h.pos
	}
	followResolved(h.entries, self, old, m.act)
}

// undoRedo runs the undo or the redo that msg (one of the Undo and Redo
// bindings) asks for, or says that there is nothing to undo or redo.
func (c *common) undoRedo(msg tea.KeyMsg) (tea.Cmd, string) {
	if key.Matches(msg, c.keys.Undo) {
		if cmd := c.hist.undoCmd(c.store); cmd != nil {
			return cmd, ""
		}
		return nil, "nothing to undo"
	}
	if cmd := c.hist.redoCmd(c.store); cmd != nil {
		return cmd, ""
	}
	return nil, "nothing to redo"
}
