package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// A batch action (actBatchApply) codes many spans with one code in one
// transaction, and undo removes them in one transaction: a.coding names
// the code and the coder, a.codings the spans (with their ids once made).

// performBatch makes the batch's codings, or makes them again on a redo.
// Spans the coder has already coded with the code are skipped.
func performBatch(st *store.Store, a action) (action, error) {
	redo := len(a.codings) > 0 && a.codings[0].ID != 0
	spans := make([]project.Span, len(a.codings))
	texts := make(map[[3]int64]string, len(a.codings))
	for i, c := range a.codings {
		spans[i] = project.Span{SourceID: c.SourceID, Source: c.Source, Start: c.Start, End: c.End}
		texts[[3]int64{c.SourceID, int64(c.Start), int64(c.End)}] = c.Text
	}
	made, skipped, err := project.New(st).CodeSpans(spans, a.coding.CodeID, a.coding.Coder)
	if err != nil {
		return a, err
	}
	for i := range made {
		made[i].Text = texts[[3]int64{made[i].SourceID, int64(made[i].Start), int64(made[i].End)}]
	}
	a.codings = made
	if !redo {
		a.skipped = skipped
	}
	return a, nil
}

// revertBatch removes the batch's codings in one transaction.
func revertBatch(st *store.Store, a action) (action, error) {
	ids := make([]int64, len(a.codings))
	for i, c := range a.codings {
		ids[i] = c.ID
	}
	_, err := st.UnapplyAll(ids)
	return a, err
}

func describeBatch(a action) string {
	return fmt.Sprintf("coded %s with %s", plural.Count(len(a.codings), "passage", "passages"), leafName(a.coding.Code))
}

// renumbered is the new ids of codings an undo or redo made again, and
// whether a batch made them.
type renumbered struct {
	ids   map[int64]int64
	batch bool
}

// movedCodings is what an undo or redo renumbered, for the batch entries
// of the history (history.record follows a single coding's new id in the
// single entries itself).
func movedCodings(old, cur action) renumbered {
	r := renumbered{ids: map[int64]int64{}, batch: old.kind == actBatchApply}
	if !r.batch && old.coding.ID != 0 && cur.coding.ID != old.coding.ID {
		r.ids[old.coding.ID] = cur.coding.ID
	}
	if r.batch && len(old.codings) == len(cur.codings) {
		for i := range old.codings {
			if o, n := old.codings[i].ID, cur.codings[i].ID; o != 0 && o != n {
				r.ids[o] = n
			}
		}
	}
	return r
}

// followCodings gives an entry of the history the new ids of codings made
// again: in a batch entry, whatever made them; in a single entry, a batch.
func followCodings(e *action, r renumbered) {
	for i := range e.codings {
		if n, ok := r.ids[e.codings[i].ID]; ok {
			e.codings[i].ID = n
		}
	}
	if r.batch && e.coding.ID != 0 {
		if n, ok := r.ids[e.coding.ID]; ok {
			e.coding.ID = n
		}
	}
}

// batchCmd saves a new batch; a batch whose every span was coded already
// saves nothing and says so.
func batchCmd(st *store.Store, a action) tea.Cmd {
	return func() tea.Msg {
		asked := len(a.codings)
		done, err := performBatch(st, a)
		if err != nil {
			return errMsg{err}
		}
		if len(done.codings) == 0 {
			return batchEmptyMsg{asked: asked, code: a.coding.Code}
		}
		return actionDoneMsg{act: done}
	}
}

// batchEmptyMsg: every span of a batch was coded already.
type batchEmptyMsg struct {
	asked int
	code  string
}

// takeBatch puts a batch (or its undo) in the coding view and its counts.
func (v *codingView) takeBatch(a action, undo bool) {
	for _, c := range a.codings {
		v.takeCoding(c, c.SourceID == v.src.ID, !undo)
	}
}
