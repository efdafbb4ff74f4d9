package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// differFilter is the coding view's "where coders differ" filter: it
// shows only the codings that make a participant sentence differ between
// the coders of the source (the codes not every one of them applied
// there), and ] and [ go to the next and previous such sentence. A coder
// who made no coding in the source takes no part, as in `fieldwork agree`.
type differFilter struct {
	on      bool
	codings map[int64]bool // coding ids shown
	sents   []bool         // sentence i differs
}

// refresh recomputes the filter for the view's codings; it costs nothing
// while the filter is off.
func (f *differFilter) refresh(v *codingView) {
	if !f.on || v.src == nil {
		return
	}
	f.codings, f.sents = map[int64]bool{}, make([]bool, len(v.sents))
	coders := map[string]bool{}
	for _, c := range v.codings.list {
		coders[c.Coder] = true
	}
	if len(coders) < 2 {
		return
	}
	var buf []coding.Coding
	for i, s := range v.sents {
		if v.isFacilitatorSentence(i) {
			continue
		}
		buf = v.codings.overlapping(buf[:0], s.Start, s.End)
		// by[code] is the set of coders who applied it here.
		by := map[int64]map[string]bool{}
		for _, c := range buf {
			if by[c.CodeID] == nil {
				by[c.CodeID] = map[string]bool{}
			}
			by[c.CodeID][c.Coder] = true
		}
		for _, c := range buf {
			if len(by[c.CodeID]) < len(coders) {
				f.codings[c.ID], f.sents[i] = true, true
			}
		}
	}
}

// shows reports whether the filter lets a coding through.
func (f *differFilter) shows(c coding.Coding) bool { return !f.on || f.codings[c.ID] }

// next moves the cursor to the next (dir 1) or previous (-1) sentence
// where the coders differ.
func (f *differFilter) next(v *codingView, dir int) {
	for i := v.cursor + dir; i >= 0 && i < len(f.sents); i += dir {
		if f.sents[i] {
			v.moveCursor(i)
			return
		}
	}
	v.note = "the coders do not differ further that way"
}

// resolvedDone: a disagreement was resolved (or the resolution undone)
// from the Compare screen; the source on screen is read again when it is
// the one changed.
func (v *codingView) resolvedDone(msg actionDoneMsg) tea.Cmd {
	if v.src == nil {
		return nil
	}
	if msg.act.resolved.dis.Source != v.src.ID {
		v.stale = true // the codebook's project counts changed
		return nil
	}
	v.note = doneNote(msg)
	return loadSourceCmd(v.c.store, v.src.Name, v.sents[v.cursor].Start)
}
