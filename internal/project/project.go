// Package project holds the use cases that the command line, the terminal
// UI and the demo share: import transcripts (read, segment, persist),
// import a survey (with the rule that facilitators are not respondents),
// read the recommendation tracker with its evidence, and analyse the
// project for tables and reports. It orchestrates: the rules live in the
// domain packages (coding, survey, analysis, analysis/tracker) and the
// SQL in internal/store, which only persists.
package project

import (
	"errors"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Project is an open project file and the use cases on it.
type Project struct {
	st *store.Store
}

// Open opens an existing project file.
func Open(path string, opt store.Options) (*Project, error) {
	st, err := store.Open(path, opt)
	if err != nil {
		return nil, err
	}
	return &Project{st: st}, nil
}

// Create creates a new project file.
func Create(path string, opt store.Options) (*Project, error) {
	st, err := store.Create(path, opt)
	if err != nil {
		return nil, err
	}
	return &Project{st: st}, nil
}

// New wraps a store that is already open (the TUI holds one for its
// session); closing the project closes the store.
func New(st *store.Store) *Project { return &Project{st: st} }

// Store is the project's store, for the reads and writes that need no
// orchestration.
func (p *Project) Store() *store.Store { return p.st }

// Close closes the project file.
func (p *Project) Close() error { return p.st.Close() }

// InvalidError is a request the project refuses as asked (an unknown
// --by, say): the caller's mistake, not a failure of the project. The
// command line reports it as a usage error.
type InvalidError struct{ Err error }

// Error is the refusal's message.
func (e InvalidError) Error() string { return e.Err.Error() }

// Unwrap returns the refusal.
func (e InvalidError) Unwrap() error { return e.Err }

// IsInvalid reports whether err is, or wraps, an InvalidError.
func IsInvalid(err error) bool {
	var ie InvalidError
	return errors.As(err, &ie)
}
