package project

import (
	"errors"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Span is a stretch of a source's text, in code points.
type Span struct {
	SourceID   int64
	Source     string // its name (unique)
	Start, End int
}

// CodeSpans codes every span with one code by one coder in one
// transaction, all or none: the "code all results" of a search. Spans the
// coder already coded with exactly this code are skipped (and counted),
// as are repeats in the list; the codings made are returned in the order
// of the spans.
func (p *Project) CodeSpans(spans []Span, codeID int64, coder string) (made []coding.Coding, skipped int, err error) {
	if codeID == 0 {
		return nil, 0, InvalidError{errors.New("code spans: no code")}
	}
	code, err := p.st.CodeByID(codeID)
	if err != nil {
		return nil, 0, err
	}
	have, err := p.st.Codings(store.CodingFilter{Code: code.Path, Coder: coder})
	if err != nil {
		return nil, 0, err
	}
	done := map[[3]int64]bool{}
	for _, c := range have {
		if c.CodeID == codeID {
			done[[3]int64{c.SourceID, int64(c.Start), int64(c.End)}] = true
		}
	}
	var todo []store.NewCoding
	for _, s := range spans {
		k := [3]int64{s.SourceID, int64(s.Start), int64(s.End)}
		if done[k] {
			skipped++
			continue
		}
		done[k] = true
		todo = append(todo, store.NewCoding{Source: s.Source, CodeID: codeID, Start: s.Start, End: s.End, Coder: coder})
	}
	if len(todo) == 0 {
		return nil, skipped, nil
	}
	made, err = p.st.ApplyAll(todo)
	return made, skipped, err
}
