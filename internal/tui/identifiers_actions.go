package tui

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// identifiersLoadedMsg: the scan for the Identifiers screen, or why it
// failed (the root shows the error and stops the spinner either way).
type identifiersLoadedMsg struct {
	review project.IdentifierReview
	err    error
}

// identifierListMsg: the identifier list read again after a change.
type identifierListMsg struct{ list []store.Identifier }

// scanIdentifiersCmd runs the scan in the background: prose's entity
// recognition over every source takes seconds on a large project.
func scanIdentifiersCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		r, err := project.New(st).ReviewIdentifiers()
		return identifiersLoadedMsg{review: r, err: err}
	}
}

func loadIdentifierListCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Identifiers()
		if err != nil {
			return errMsg{err}
		}
		return identifierListMsg{list: list}
	}
}

// setIdentifier takes the list's entry for a term from one state to the
// other (nil: not on the list), in one store transaction (which the store
// records in the audit log).
func setIdentifier(st *store.Store, from, to *store.Identifier) error {
	switch {
	case to != nil:
		_, err := st.AddIdentifier(to.Term, to.Replacement, to.Kind)
		return err
	case from != nil:
		err := st.RemoveIdentifier(from.Term)
		if errors.Is(err, store.ErrNotFound) {
			return nil // gone already: the state asked for
		}
		return err
	}
	return nil
}

// describeIdentifier says what an identifier action did without the term
// itself: the note may show on any screen, also under --mask.
func describeIdentifier(a action) string {
	to := a.identAfter
	switch {
	case to == nil:
		return "identifier list: a term removed"
	case to.Kind == redact.KindKeep:
		return "identifier list: a term kept as written"
	}
	return fmt.Sprintf("identifier list: a %s shown as %s", to.Kind, shownAs(*to))
}

// shownAs is what outputs show for an entry of the list.
func shownAs(id store.Identifier) string {
	switch {
	case id.Kind == redact.KindKeep:
		return "(kept)"
	case id.Replacement != "":
		return id.Replacement
	}
	return redact.Placeholder(id.Kind)
}

// identifierAction is the action that takes term from its entry on the
// list (if any) to the entry to (nil removes it).
func (v *identifiersView) identifierAction(term string, to *store.Identifier) action {
	a := action{kind: actIdentifier, identAfter: to}
	for _, id := range v.list {
		if equalFoldTerm(id.Term, term) {
			before := id
			a.identBefore = &before
		}
	}
	return a
}

// change saves an identifier action; the root records it in the history
// and gives the result back as actionDoneMsg.
func (v *identifiersView) change(term string, to *store.Identifier) tea.Cmd {
	if v.c.hist.busy {
		v.note = "still saving the last change"
		return nil
	}
	v.c.hist.busy = true
	return doCmd(v.c.store, v.identifierAction(term, to))
}
