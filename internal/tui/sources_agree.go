package tui

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// sourceAgreementMsg: each source's agreement, for those two or more
// coders coded. It comes after the list, which need not wait for it.
type sourceAgreementMsg struct {
	agree map[int64]agreement.Summary
}

func loadSourceAgreementCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		agree, err := project.New(st).SourceAgreement(context.Background())
		if err != nil {
			return errMsg{err}
		}
		return sourceAgreementMsg{agree: agree}
	}
}

// agreementCell is a source's alpha (every code pooled, sentences), or ""
// when fewer than two coders coded it.
func (v *sourcesView) agreementCell(id int64) string {
	s, ok := v.agree[id]
	if !ok {
		return ""
	}
	return strconv.FormatFloat(s.Alpha, 'f', 3, 64)
}

// showAgreement: the alpha column appears when two or more coders coded a
// source, and the window is wide enough (below 90 columns the names and
// the progress need the room).
func (v *sourcesView) showAgreement() bool { return len(v.agree) > 0 && v.width >= 90 }
