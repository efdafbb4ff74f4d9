// Package transcript reads focus-group and interview transcripts into speaker
// turns over one normalised text.
//
// Every reader returns a Document whose Text is NFC-normalised UTF-8 with LF line
// endings, and whose turns point into that text by Unicode code-point offsets
// (the unit REFI-QDA and the rest of fieldwork use). Speaker labels are kept out
// of the text: the text holds what was said, the turns say who said it, so a
// pseudonymised export never has to rewrite the words.
package transcript

import "time"

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
	// Pages is the page count of a PDF, 0 for other formats.
	Pages int
}

// Turn is one speaker's uninterrupted stretch of talk.
type Turn struct {
	// Speaker is the label as written in the file ("Speaker 1", "Élise",
	// "P3", "Moderator"), trimmed, without the colon or markup; empty when
	// the file gives none.
	Speaker string
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
