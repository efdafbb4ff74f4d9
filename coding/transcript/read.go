package transcript

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// extensions maps lower-case file extensions to formats, in the order they
// are listed in error messages.
var extensions = []struct {
	ext    string
	format Format
}{
	{".txt", FormatText},
	{".md", FormatMarkdown},
	{".markdown", FormatMarkdown},
	{".vtt", FormatVTT},
	{".srt", FormatSRT},
	{".docx", FormatDOCX},
	{".pdf", FormatPDF},
}

// FormatOf returns the format of a transcript file from its name's extension,
// compared case-insensitively (".txt", ".md" or ".markdown", ".vtt", ".srt",
// ".docx", ".pdf"). Any other extension is an error wrapping ErrUnknownFormat that
// names the file and lists the supported extensions.
func FormatOf(name string) (Format, error) {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	ext := ""
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		ext = strings.ToLower(base[i:])
	}
	for _, e := range extensions {
		if e.ext == ext {
			return e.format, nil
		}
	}
	list := make([]string, len(extensions))
	for i, e := range extensions {
		list[i] = e.ext
	}
	what := fmt.Sprintf("unknown format %q", ext)
	if ext == "" {
		what = "no file extension to tell the format"
	}
	hint := ""
	switch ext {
	case ".doc", ".rtf", ".odt", ".pages":
		hint = " (save it as .docx)"
	}
	return "", &ParseError{
		File: name,
		Msg:  fmt.Sprintf("%s%s; supported: %s", what, hint, strings.Join(list, ", ")),
		Err:  ErrUnknownFormat,
	}
}

// MaxSize is the largest transcript file Read and ReadFile accept, in
// bytes: 64 MiB, some 10 million words, far more than a day of talk.
// ReadFile holds a text file and its text, about twice its size, at once.
const MaxSize = 64 << 20

// ReadFile reads and parses the transcript at path (see Read). A file
// larger than MaxSize is refused before it is read.
func ReadFile(path string) (*Document, error) {
	return readFile(path, nil)
}

// ReadFileTurns is ReadFile for a caller that keeps the turns itself: each
// turn is handed to fn with its text as it is read, so that a large text
// file and its text are never held at once. The turns and their offsets
// are ReadFile's, and fn's texts joined with "\n\n" make ReadFile's
// Document.Text; the Document returned has the format, encoding, pages and
// warnings, but no Text or Turns. An error from fn stops the reading and
// is returned as it is. (.txt and .md are handed over as they are parsed;
// the other formats once the whole file is read.)
func ReadFileTurns(path string, fn func(t Turn, text string) error) (*Document, error) {
	return readFile(path, fn)
}

// ReadTurns is Read with the turns handed to fn (see ReadFileTurns).
func ReadTurns(name string, data []byte, fn func(t Turn, text string) error) (*Document, error) {
	return read(name, data, fn)
}

func readFile(path string, emit func(Turn, string) error) (*Document, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Err: err}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, &ParseError{File: path, Err: err}
	}
	if info.Size() > MaxSize {
		return nil, tooLarge(path, info.Size())
	}
	if emit != nil && (format == FormatText || format == FormatMarkdown) {
		doc, ok, err := streamText(path, f, emit)
		if err != nil {
			return nil, err
		}
		if ok {
			doc.Format = format
			return doc, nil
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, &ParseError{File: path, Err: err}
		}
	}
	// One buffer of the file's size; at most one byte past the limit is
	// read, so a file that grew since Stat is still refused. A text file
	// is read into a string directly: decoding UTF-8 then copies nothing.
	in := io.LimitReader(f, MaxSize+1)
	if format == FormatDOCX || format == FormatPDF {
		var buf bytes.Buffer
		buf.Grow(int(info.Size()) + bytes.MinRead)
		if _, err := buf.ReadFrom(in); err != nil {
			return nil, &ParseError{File: path, Err: err}
		}
		return read(path, buf.Bytes(), emit)
	}
	var sb strings.Builder
	sb.Grow(int(info.Size()))
	if _, err := io.Copy(&sb, in); err != nil {
		return nil, &ParseError{File: path, Err: err}
	}
	if sb.Len() > MaxSize {
		return nil, tooLarge(path, int64(sb.Len()))
	}
	return readText(path, format, sb.String(), emit)
}

// tooLarge is the error for a file of size bytes, over MaxSize.
func tooLarge(name string, size int64) error {
	return &ParseError{File: name, Msg: fmt.Sprintf("%.1f MiB is %v", float64(size)/(1<<20), ErrTooLarge), Err: ErrTooLarge}
}

// Read decodes and parses a transcript. name is the file name (used for the
// extension and in error messages); data its bytes, at most MaxSize.
//
// Text formats (.txt, .md, .vtt, .srt) are decoded from UTF-8 (with or
// without BOM), UTF-16 with BOM, or Windows-1252, with line endings turned to
// LF and the text normalised to NFC before parsing. A .docx is read from its
// word/document.xml. A .pdf is read from its text layer, with page headers,
// footers, page numbers and margin line numbers left out (see readPDF).
// Every error is a *ParseError naming the file (and the
// line when one applies); Read never panics.
//
// Speaker turns: in .txt, .md and .docx a line (paragraph) that starts with
// a speaker label ("Name:", "Name :", "**Name:**", "[00:01:23] Name:",
// "P1:", "Speaker 1:") starts a turn, and other lines continue it. Because
// "Note: the room was cold" looks like a label too, a label of 1-4 words is
// accepted only when it is not an annotation word (Note, Example, Date,
// Location, ...) and it is a known style (P1, Speaker 2, Interviewer,
// Moderator, Q, A, ...), or marked bold, or written like a name (every word
// capitalised, name particles allowed: "Jane Doe", "Dr. Amal", "Maria da
// Silva"), or a label of at most two words that starts two or more lines of
// the file ("amal:"). A label may carry a descriptor in parentheses ("P2
// (woman, 40s):", kept in Turn.Descriptor), be followed by a dash instead
// of a colon ("P3 - text"), or stand alone with a time, the speech below
// (Otter.ai's "Speaker 1  0:00"); label.go gives the rules. A file with no
// label at all gives one turn per paragraph. Lines that look like labels
// but were read as speech, and a file with no speaker, give
// Document.Warnings. WebVTT and SRT take speakers from voice tags (<v Name>) or
// from the same kind of prefix at the start of a cue line; consecutive cues
// of one speaker merge into one turn. A label with no speech after it and
// none on the following lines gives no turn.
//
// A file that parses but holds no speech (a WebVTT file with no cues, say)
// gives a Document with no turns and no error.
func Read(name string, data []byte) (*Document, error) {
	return read(name, data, nil)
}

func read(name string, data []byte, emit func(Turn, string) error) (*Document, error) {
	format, err := FormatOf(name)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, tooLarge(name, int64(len(data)))
	}
	var doc *Document
	switch format {
	case FormatDOCX:
		doc, err = readDOCX(name, data)
	case FormatPDF:
		doc, err = readPDF(name, data)
	default:
		return readText(name, format, string(data), emit)
	}
	if err != nil {
		return nil, err
	}
	return emitAll(doc, emit)
}

// readText reads a text format (.txt, .md, .vtt, .srt) from its bytes,
// held in a string (see Read); emit as in ReadFileTurns.
func readText(name string, format Format, data string, emit func(Turn, string) error) (*Document, error) {
	text, enc, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	var doc *Document
	switch format {
	case FormatVTT:
		doc, err = parseVTT(name, text)
	case FormatSRT:
		doc, err = parseSRT(name, text)
	default:
		doc, err = parseText(text, emit)
		emit = nil // handed over already
	}
	if err == nil {
		doc, err = emitAll(doc, emit)
	}
	if err != nil {
		return nil, err
	}
	doc.Format = format
	doc.Encoding = enc
	return doc, nil
}

// emitAll hands the turns of a document read whole to emit, if set, and
// returns the document without its text and turns, as ReadFileTurns says.
func emitAll(doc *Document, emit func(Turn, string) error) (*Document, error) {
	if emit == nil {
		return doc, nil
	}
	// Turns are in order: one walk from code points to bytes.
	at, pos := 0, 0 // byte offset of code point pos
	byteAt := func(cp int) int {
		for ; pos < cp; pos++ {
			_, n := utf8.DecodeRuneInString(doc.Text[at:])
			at += n
		}
		return at
	}
	for _, t := range doc.Turns {
		from := byteAt(t.Start)
		if err := emit(t, doc.Text[from:byteAt(t.End)]); err != nil {
			return nil, err
		}
	}
	doc.Text, doc.Turns = "", nil
	return doc, nil
}

// docBuilder assembles Document.Text and its turns, counting code points,
// or hands each turn to emit as it is made (ReadTurns).
type docBuilder struct {
	sb    strings.Builder
	n     int // code points written
	turns []Turn
	// nfc says the turn texts are made of whole NFC lines of the decoded
	// text joined with "\n": they are NFC already and need no check (lines
	// and white-space-trimmed pieces of NFC text start with a starter that
	// composes with nothing before it).
	nfc bool
	// emit, when set, receives each turn with its text in place of sb and
	// turns; the first error it returns is kept in err and stops it.
	emit  func(Turn, string) error
	err   error
	count int  // turns made
	named bool // a turn has a speaker
}

// add appends one turn with its text. The text is trimmed (and made valid,
// NFC UTF-8 if stripping markup or joining pieces broke that); a turn with
// no text is dropped.
func (b *docBuilder) add(t Turn, text string) {
	text = strings.TrimSpace(text)
	if !b.nfc && !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if !b.nfc && !norm.NFC.IsNormalString(text) {
		text = strings.TrimSpace(norm.NFC.String(text))
	}
	if text == "" {
		return
	}
	b.put(t, text, utf8.RuneCountInString(text))
}

// addBuf is add for a turn's text in buf, which it does not keep: NFC
// text is written as it is, without a copy as a string.
func (b *docBuilder) addBuf(t Turn, buf *bytes.Buffer) {
	if !b.nfc || b.emit != nil {
		b.add(t, buf.String())
		return
	}
	text := bytes.TrimSpace(buf.Bytes())
	if len(text) == 0 {
		return
	}
	if b.count > 0 {
		b.sb.WriteString("\n\n")
		b.n += 2
	}
	t.Start = b.n
	b.sb.Write(text)
	b.n += utf8.RuneCount(text)
	t.End = b.n
	b.turns = append(b.turns, t)
	b.count++
	b.named = b.named || t.Speaker != ""
}

// put places a turn of n code points after the turns before it, one blank
// line apart, and keeps it or hands it to emit.
func (b *docBuilder) put(t Turn, text string, n int) {
	if b.count > 0 {
		b.n += 2
		if b.emit == nil {
			b.sb.WriteString("\n\n")
		}
	}
	t.Start = b.n
	b.n += n
	t.End = b.n
	b.count++
	b.named = b.named || t.Speaker != ""
	if b.emit == nil {
		b.sb.WriteString(text)
		b.turns = append(b.turns, t)
	} else if b.err == nil {
		b.err = b.emit(t, text)
	}
}

// doc returns the assembled document (without Format and Encoding), with
// the warnings: Text and Turns are empty when the turns went to emit.
func (b *docBuilder) doc(warn *warnings) *Document {
	doc := &Document{Text: b.sb.String(), Turns: b.turns}
	doc.Warnings = warn.done(b.count, b.named)
	return doc
}

// isBlank reports whether s holds only Unicode white space.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
