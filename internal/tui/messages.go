package tui

import (
	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// errMsg carries any failed I/O back to the root, which shows it.
type errMsg struct{ err error }

// sourcesLoadedMsg: the Sources screen's data.
type sourcesLoadedMsg struct {
	list     []store.SourceSummary
	progress map[int64][2]int
}

// sourceLoadedMsg: everything the coding view needs for one source.
type sourceLoadedMsg struct {
	src      *coding.Source
	turns    []coding.Turn
	sents    []coding.Sentence
	codings  []coding.Coding
	codebook []store.CodebookEntry
	memos    []store.Memo
	// goTo, when >= 0, is a code-point offset to put the cursor on.
	goTo int
}

// codebookLoadedMsg: the codebook changed or was asked for.
type codebookLoadedMsg struct {
	entries []store.CodebookEntry
	note    string // what changed, for the status line
}

// actionDoneMsg: an action (or its undo/redo) was saved in the store.
type actionDoneMsg struct {
	act  action
	undo bool // it was undone
	redo bool // it was redone
	// codebook is the codebook read again after a codebook action.
	codebook []store.CodebookEntry
}

// openSourceMsg asks the root to open a source in the coding view at an
// offset (from the Sources, Quotes and Memos screens).
type openSourceMsg struct {
	source string
	offset int
}

// quotesLoadedMsg: the Quotes screen's passages of one code.
type quotesLoadedMsg struct {
	code   string
	quotes []quote
}

// memosLoadedMsg: the Memos screen's list.
type memosLoadedMsg struct{ memos []store.Memo }

// statusMsg shows a short note in the status line.
type statusMsg string
