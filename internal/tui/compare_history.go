package tui

import (
	"context"
	"fmt"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// resolution is a resolved disagreement in the history: the unit, the
// decision, and the codings it removed and added, so that an undo puts
// the removed ones back and takes the added ones away, in one transaction
// each way.
type resolution struct {
	dis     analysis.Disagreement
	how     analysis.Resolution
	summary string // the audit log's words
	done    bool   // saved once: a redo replays removed and added
	removed []coding.Coding
	added   []coding.Coding
}

// describe says what the resolution did, and where.
func (r resolution) describe() string {
	return fmt.Sprintf("%s (%s)", r.how, nz(r.dis.Participant, r.dis.SourceName))
}

// performResolve saves a resolution: the first time through the project's
// use case (which plans the change), on a redo by replaying it.
func performResolve(st *store.Store, a action) (action, error) {
	r := a.resolved
	if !r.done {
		res, err := project.New(st).Resolve(context.Background(), r.dis, r.how)
		if err != nil {
			return a, err
		}
		r.removed, r.added, r.summary, r.done = res.Removed, res.Added, res.Summary, true
		a.resolved = r
		return a, nil
	}
	removed, added, err := st.ChangeCodings("redo "+r.summary, codingIDs(r.removed), newCodings(r.added))
	if err != nil {
		return a, err
	}
	r.removed, r.added = removed, added
	a.resolved = r
	return a, nil
}

// revertResolve undoes a resolution: the codings it added go, those it
// removed come back (with new ids).
func revertResolve(st *store.Store, a action) (action, error) {
	r := a.resolved
	gone, back, err := st.ChangeCodings("undo "+r.summary, codingIDs(r.added), newCodings(r.removed))
	if err != nil {
		return a, err
	}
	r.added, r.removed = gone, back
	a.resolved = r
	return a, nil
}

func codingIDs(list []coding.Coding) []int64 {
	out := make([]int64, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

// newCodings are codings to save again, their code named by id (it may
// have been renamed since).
func newCodings(list []coding.Coding) []store.NewCoding {
	out := make([]store.NewCoding, len(list))
	for i, c := range list {
		out[i] = store.NewCoding{Source: fmt.Sprint(c.SourceID), CodeID: c.CodeID, Start: c.Start, End: c.End, Coder: c.Coder, Memo: c.Memo}
	}
	return out
}

// followResolved follows codings that an undo or redo saved again under new
// ids through the other entries of the history (self is the entry that
// changed): a resolution's codings, and a coding applied or removed that
// a resolution later changed.
func followResolved(entries []action, self int, old, cur action) {
	moved := map[int64]int64{}
	if old.coding.ID != 0 && cur.coding.ID != old.coding.ID {
		moved[old.coding.ID] = cur.coding.ID
	}
	if old.kind == actResolve {
		for _, pair := range [][2][]coding.Coding{{old.resolved.removed, cur.resolved.removed}, {old.resolved.added, cur.resolved.added}} {
			for i := range pair[0] {
				if i < len(pair[1]) && pair[0][i].ID != pair[1][i].ID {
					moved[pair[0][i].ID] = pair[1][i].ID
				}
			}
		}
	}
	if len(moved) == 0 {
		return
	}
	for i := range entries {
		if i == self {
			continue
		}
		e := &entries[i]
		if id, ok := moved[e.coding.ID]; ok && old.kind == actResolve {
			e.coding.ID = id // the loop in record follows the other kinds
		}
		e.resolved.removed = followIDs(e.resolved.removed, moved)
		e.resolved.added = followIDs(e.resolved.added, moved)
	}
}

// followIDs returns list with moved ids replaced (a copy, when any is):
// the history's entries share no slices.
func followIDs(list []coding.Coding, moved map[int64]int64) []coding.Coding {
	var out []coding.Coding
	for i, c := range list {
		if id, ok := moved[c.ID]; ok {
			if out == nil {
				out = append([]coding.Coding(nil), list...)
			}
			out[i].ID = id
		}
	}
	if out == nil {
		return list
	}
	return out
}
