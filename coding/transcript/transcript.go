// Package transcript reads focus-group and interview transcripts into speaker
// turns over one normalised text.
//
// Every reader returns a Document whose Text is NFC-normalised UTF-8 with LF line
// endings, and whose turns point into that text by Unicode code-point offsets
// (the unit REFI-QDA and the rest of fieldwork use). Speaker labels are kept out
// of the text: the text holds what was said, the turns say who said it, so a
// pseudonymised export never has to rewrite the words.
package transcript

import (
	"fmt"
	"time"
)

// Format names a transcript file format.
type Format string

// The formats Read understands, chosen from the file name's extension.
const (
	FormatText     Format = "txt"
	FormatMarkdown Format = "md"
	FormatVTT      Format = "vtt"
	FormatSRT      Format = "srt"
	FormatDOCX     Format = "docx"
)

// Document is one transcript after reading: the text and the turns over it.
type Document struct {
	// Format is the format the document was read from.
	Format Format
	// Text is the spoken text of all turns, NFC, LF line endings. Turns are
	// separated by one blank line ("\n\n"); lines that continue a turn are
	// joined with "\n" (cue fragments of one voice in VTT/SRT with a space).
	Text string
	// Turns in order of appearance; they do not overlap and cover the text
	// except the separators.
	Turns []Turn
	// Encoding names the encoding the bytes were decoded from ("utf-8",
	// "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"); empty for a PDF.
	Encoding string
	// Warnings are doubts about the reading that did not stop it: lines
	// that look like speaker labels but were read as speech, a file with
	// no speaker label at all. The caller shows them so that the
	// researcher can check the file before coding it.
	Warnings []Warning
	// Pages is the page count of a PDF, 0 for other formats.
	Pages int
}

// Warning is one doubt about how a file was read.
type Warning struct {
	// Line is the 1-based line (DOCX paragraph, VTT/SRT cue timing line)
	// it concerns, or 0 when it concerns the whole file.
	Line int
	// Msg says what was doubted; it quotes labels, never speech.
	Msg string
}

// String renders the warning as "line N: message".
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("line %d: %s", w.Line, w.Msg)
	}
	return w.Msg
}

// maxLabelWarnings bounds the warnings about single lines in a document;
// one more says how many were left out.
const maxLabelWarnings = 20

// warnings collects a document's warnings, at most maxLabelWarnings about
// single lines.
type warnings struct {
	list    []Warning
	dropped int
}

// doubtLabel warns that the label c on line was read as speech.
func (w *warnings) doubtLabel(line int, c labelCand) {
	if len(w.list) >= maxLabelWarnings {
		w.dropped++
		return
	}
	w.list = append(w.list, Warning{Line: line, Msg: fmt.Sprintf(
		"%q looks like a speaker label but was read as speech (write it as %q if it is one)", c.form(), c.speaker+":")})
}

// done returns the warnings, with one for those left out and one for a
// file of turns of which none has a speaker.
func (w *warnings) done(turns int, named bool) []Warning {
	if w.dropped > 0 {
		w.list = append(w.list, Warning{Msg: fmt.Sprintf("%d more lines look like speaker labels but were read as speech", w.dropped)})
	}
	if turns > 0 && !named {
		w.list = append(w.list, Warning{Msg: "no speaker label found: every turn has no speaker (see the label forms in the import help)"})
	}
	return w.list
}

// Turn is one speaker's uninterrupted stretch of talk.
type Turn struct {
	// Speaker is the label as written in the file ("Speaker 1", "Élise",
	// "P3", "Moderator"), trimmed, without the colon or markup; empty when
	// the file gives none.
	Speaker string
	// Descriptor is the parenthesised text written after the label
	// ("woman, 40s" in "P2 (woman, 40s): ..."), which is not part of the
	// Speaker so that "P2" with and without it is one speaker; it may
	// hold a name ("Jane" in "Moderator (Jane):").
	Descriptor string
	// Start and End are code-point offsets into Document.Text, End exclusive.
	Start, End int
	// Line is the 1-based line where the turn starts in the file (the
	// paragraph for DOCX, the timing line of the first cue for VTT/SRT),
	// for messages that send the researcher back to the file.
	Line int
	// HasTime says whether At and Until come from the file.
	HasTime bool
	// At is the timestamp where the turn starts, when the file gives one.
	At time.Duration
	// Until is where the turn ends (VTT/SRT cue end), or zero.
	Until time.Duration
}
