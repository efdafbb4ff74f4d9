package transcript

import (
	"errors"
	"fmt"
)

// Sentinel errors that a *ParseError may wrap; test for them with errors.Is.
var (
	// ErrEmpty is wrapped when a file is empty or holds only whitespace.
	ErrEmpty = errors.New("empty file")
	// ErrBinary is wrapped when a file's bytes are not text.
	ErrBinary = errors.New("binary data, not a text transcript")
	// ErrUnknownFormat is wrapped when a file's extension names no format
	// that Read understands.
	ErrUnknownFormat = errors.New("unknown transcript format")
	// ErrCorruptDOCX is wrapped when a .docx file is not a readable Word
	// document (bad zip, missing word/document.xml, bad XML, too large,
	// nested too deep).
	ErrCorruptDOCX = errors.New("corrupt DOCX")
	// ErrTooLarge is wrapped when a file is larger than MaxSize.
	ErrTooLarge = fmt.Errorf("larger than the %d MiB a transcript may have (split it into sessions)", MaxSize>>20)
)

// ParseError is the error Read and FormatOf return. It names
// the file and, when one applies, the 1-based line (paragraph for DOCX).
//
// Its message reads `transcript "NAME" line N: MSG`, or `transcript "NAME":
// MSG` when Line is zero.
type ParseError struct {
	// File is the file name as given to Read.
	File string
	// Line is the 1-based line (paragraph for DOCX) the error is about, or 0.
	Line int
	// Msg describes the problem. When empty, the message of Err is used.
	Msg string
	// Err is the underlying error, if any (one of the Err* sentinels, or an
	// error from archive/zip or encoding/xml wrapped with %w).
	Err error
}

// Error formats the error with the file name and line.
func (e *ParseError) Error() string {
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Line > 0 {
		return fmt.Sprintf("transcript %q line %d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("transcript %q: %s", e.File, msg)
}

// Unwrap returns the underlying error, so errors.Is and errors.As see it.
func (e *ParseError) Unwrap() error { return e.Err }

// lineError builds a *ParseError for a line of file name.
func lineError(name string, line int, format string, args ...any) *ParseError {
	return &ParseError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// clip shortens s for quoting in an error message.
func clip(s string) string {
	const max = 48
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "..."
		}
		n++
	}
	return s
}
