package project

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis/report"
	"github.com/fieldwork-qda/fieldwork/internal/store"
	"github.com/fieldwork-qda/fieldwork/internal/suggest"
)

// MemoFilter chooses memos: by kind (none: every kind) and by the name of
// what they are on (a source, code or participant; "" for all).
type MemoFilter struct {
	Kinds []store.MemoKind
	On    string
}

// Memos lists the project's memos that match f, in the store's order
// (project, codes, participants, then sources, passages and codings by
// place).
func (p *Project) Memos(f MemoFilter) ([]store.Memo, error) {
	all, err := p.st.Memos()
	if err != nil {
		return nil, err
	}
	kinds := map[store.MemoKind]bool{}
	for _, k := range f.Kinds {
		kinds[k] = true
	}
	on := strings.ToLower(strings.TrimSpace(f.On))
	out := []store.Memo{}
	for _, m := range all {
		if len(kinds) > 0 && !kinds[m.Kind] {
			continue
		}
		if on != "" && !memoOn(m, on) {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// memoOn reports whether m is on the thing named on (lower case): its
// source, its code (by path or last name) or its participant.
func memoOn(m store.Memo, on string) bool {
	code := strings.ToLower(m.Code)
	return strings.ToLower(m.Source) == on || strings.ToLower(m.Participant) == on ||
		code == on || strings.HasSuffix(code, "/"+on)
}

// AddMemo writes a memo on a target. A target that does not exist is
// named in the error, with the nearest names the project has ("did you
// mean").
func (p *Project) AddMemo(t store.MemoTarget, author, text string) (store.Memo, error) {
	m, err := p.st.AddMemo(t, author, text)
	if errors.Is(err, store.ErrNotFound) {
		if names, lerr := p.MemoTargets(t.Kind); lerr == nil {
			if hint := suggest.Phrase(t.Ref, names); hint != "" {
				err = fmt.Errorf("%w%s", err, hint)
			}
		}
	}
	return m, err
}

// MemoTargets lists the names a memo of kind can be on: sources by name,
// codes by path, participants by id (never a speaker label). The project
// has no names.
func (p *Project) MemoTargets(kind store.MemoKind) ([]string, error) {
	var names []string
	switch kind {
	case store.MemoSource, store.MemoPassage:
		list, err := p.st.Sources()
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			names = append(names, s.Source.Name)
		}
	case store.MemoCode:
		cb, err := p.st.Codebook()
		if err != nil {
			return nil, err
		}
		for _, c := range cb {
			names = append(names, c.Path)
		}
	case store.MemoParticipant:
		list, err := p.st.Participants()
		if err != nil {
			return nil, err
		}
		for _, pp := range list {
			names = append(names, pp.ID)
		}
	}
	return names, nil
}

// ReportMemo is a memo as the report's appendix and the memo exports
// show it: what it is on by names and ids only.
func ReportMemo(m store.Memo) report.Memo {
	return report.Memo{Ref: m.Ref(), Kind: string(m.Kind), Target: m.Target(), Author: m.Author, Updated: m.Updated, Text: m.Text}
}

// ReportMemos are the memos that match f, for a report's appendix or an
// export.
func (p *Project) ReportMemos(f MemoFilter) ([]report.Memo, error) {
	list, err := p.Memos(f)
	if err != nil {
		return nil, err
	}
	out := make([]report.Memo, 0, len(list))
	for _, m := range list {
		out = append(out, ReportMemo(m))
	}
	return out, nil
}
