package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// An actMemo action is a memo of the memos table (on the project, a code,
// a participant or a source) added (oldText ""), deleted (newText "") or
// edited. a.memo is the memo as saved; a.coding.Coder is who acts.

// describeMemo says what an actMemo did.
func describeMemo(a action) string {
	switch {
	case a.oldText == "":
		return "memo added on " + a.memo.Target()
	case a.newText == "":
		return "memo deleted on " + a.memo.Target()
	}
	return "memo saved on " + a.memo.Target()
}

// targetOf is where a memo is, as AddMemo takes it.
func targetOf(m store.Memo) store.MemoTarget {
	t := store.MemoTarget{Kind: m.Kind, Start: m.Start, End: m.End}
	switch m.Kind {
	case store.MemoCode:
		t.Ref = m.Code
	case store.MemoParticipant:
		t.Ref = m.Participant
	case store.MemoSource, store.MemoPassage:
		t.Ref = fmt.Sprint(m.SourceID)
	}
	return t
}

// withText is m with another text.
func withText(m store.Memo, text string) store.Memo {
	m.Text = text
	return m
}

// performMemo saves an actMemo, or redoes it.
func performMemo(st *store.Store, a action) (action, error) {
	switch {
	case a.oldText == "": // add, or redo an add (the memo keeps its id when it can)
		var m store.Memo
		var err error
		if a.memo.ID != 0 {
			m, err = st.RestoreMemo(withText(a.memo, a.newText))
		} else {
			m, err = st.AddMemo(targetOf(a.memo), a.memo.Author, a.newText)
		}
		if err != nil {
			return a, err
		}
		a.memo = m
	case a.newText == "":
		if _, err := st.DeleteMemo(a.memo.Ref()); err != nil {
			return a, err
		}
	default:
		if _, err := st.EditMemo(a.memo.Ref(), a.coding.Coder, a.newText); err != nil {
			return a, err
		}
	}
	return a, nil
}

// revertMemo undoes an actMemo.
func revertMemo(st *store.Store, a action) (action, error) {
	switch {
	case a.oldText == "":
		if _, err := st.DeleteMemo(a.memo.Ref()); err != nil {
			return a, err
		}
	case a.newText == "":
		m, err := st.RestoreMemo(withText(a.memo, a.oldText))
		if err != nil {
			return a, err
		}
		a.memo = m
	default:
		if _, err := st.EditMemo(a.memo.Ref(), a.memo.Author, a.oldText); err != nil {
			return a, err
		}
	}
	return a, nil
}

// memoAction is the undoable action that gives memo m the text text ("" deletes
// it): a coding's memo and a passage's go through the actions the coding
// view knows, so that it shows them at once; the others are actMemo.
func memoAction(m store.Memo, coder, text string) action {
	switch {
	case m.OnCoding:
		c := coding.Coding{ID: m.ID, SourceID: m.SourceID, Source: m.Source, Start: m.Start, End: m.End,
			CodeID: m.CodeID, Code: m.Code, Coder: m.Author, Memo: m.Text}
		return action{kind: actCodingMemo, coding: c, oldText: m.Text, newText: text}
	case m.Kind == store.MemoPassage:
		return action{kind: actSpanMemo, sourceID: m.SourceID, start: m.Start, end: m.End, oldText: m.Text, newText: text,
			coding: coding.Coding{SourceID: m.SourceID, Source: m.Source, Coder: coder}}
	}
	return action{kind: actMemo, memo: m, oldText: m.Text, newText: text, coding: coding.Coding{Coder: coder}}
}

// memoTargetsMsg: the things a new memo of kind can be on, for the picker.
type memoTargetsMsg struct {
	kind  store.MemoKind
	items []pickItem
}

// loadMemoTargetsCmd reads the codes, participants (by id and group, never
// a speaker label) or sources a new memo can be on.
func loadMemoTargetsCmd(st *store.Store, kind store.MemoKind) tea.Cmd {
	return func() tea.Msg {
		var items []pickItem
		switch kind {
		case store.MemoCode:
			cb, err := st.Codebook()
			if err != nil {
				return errMsg{err}
			}
			for _, e := range cb {
				items = append(items, codeItem(e, nil))
			}
		case store.MemoParticipant:
			list, err := st.Participants()
			if err != nil {
				return errMsg{err}
			}
			for _, p := range list {
				hint := p.Group
				if p.City != "" {
					hint += ", " + p.City
				}
				if p.Facilitator {
					hint += ", facilitator"
				}
				items = append(items, pickItem{label: p.ID + " · " + hint, value: p.ID})
			}
		case store.MemoSource:
			list, err := st.Sources()
			if err != nil {
				return errMsg{err}
			}
			for _, s := range list {
				items = append(items, pickItem{label: s.Source.Name, value: fmt.Sprint(s.Source.ID)})
			}
		}
		return memoTargetsMsg{kind: kind, items: items}
	}
}

// codingBy carries who acts in an action's coding field.
func codingBy(coder string) coding.Coding { return coding.Coding{Coder: coder} }
