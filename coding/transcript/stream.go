package transcript

import (
	"bufio"
	"errors"
	"io"
	"iter"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	textunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ReadFileTurns reads a .txt or .md file line by line from the file, once
// per pass of parseLines, rather than holding it: each line is decoded,
// its line ending turned to LF and the line normalised to NFC as decode
// does to the whole text. That is decode's text line by line because every
// step keeps a LF where it is (LF is ASCII, and composes with nothing), so
// the text is never held whole, neither its bytes nor their decoding.

// fileLines is a text file read line by line, again for each pass; the
// first read error stops the pass and is kept in err.
type fileLines struct {
	f   *os.File
	enc string
	err error
}

// streamText parses the .txt or .md transcript in f (at most MaxSize
// bytes), named path, as ReadFileTurns does. ok is false, with nothing
// handed to emit, for a file decode refuses (binary, blank), which the
// caller reads whole to give decode's error. A read error is a
// *ParseError naming the file; an error from emit is returned as it is.
func streamText(path string, f *os.File, emit func(Turn, string) error) (doc *Document, ok bool, err error) {
	fl := &fileLines{f: f}
	fl.detect()
	if fl.err == nil && !fl.textual() {
		return nil, false, fl.err
	}
	if fl.err == nil {
		doc, err = parseLines(fl.lines(), false, true, emit)
	}
	if fl.err != nil {
		return nil, true, &ParseError{File: path, Msg: "cannot read " + fl.enc + ": " + fl.err.Error(), Err: fl.err}
	}
	if err != nil {
		return nil, true, err
	}
	doc.Encoding = fl.enc
	return doc, true, nil
}

// detect names the file's encoding as decode does: from a byte-order mark,
// else UTF-8 when every line is valid UTF-8 (a LF is never inside a
// multi-byte sequence), else Windows-1252.
func (fl *fileLines) detect() {
	var head [3]byte
	n, err := io.ReadFull(fl.f, head[:])
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		fl.err = err
		return
	}
	h := string(head[:n])
	switch {
	case strings.HasPrefix(h, "\xEF\xBB\xBF"):
		fl.enc = encUTF8BOM
		return
	case strings.HasPrefix(h, "\xFF\xFE"):
		fl.enc = encUTF16LE
		return
	case strings.HasPrefix(h, "\xFE\xFF"):
		fl.enc = encUTF16BE
		return
	}
	fl.enc = encUTF8
	fl.each(func(raw string, _ bool) bool {
		if !utf8.ValidString(raw) {
			fl.enc = encWindows1252
			return false
		}
		return true
	})
}

// textual reads the decoded file once and says whether decode takes it as
// text: no NUL, at most 5% control characters, not blank (see isBinary and
// isBlank, which run before line endings are changed).
func (fl *fileLines) textual() bool {
	runes, controls, lfs := 0, 0, 0
	blank := true
	ok := fl.each(func(text string, lf bool) bool {
		if strings.IndexByte(text, 0) >= 0 {
			return false
		}
		for _, r := range text {
			runes++
			if r != '\t' && r != '\r' && (r < 0x20 || (r >= 0x7F && r < 0xA0)) {
				controls++
			}
			if blank && !unicode.IsSpace(r) {
				blank = false
			}
		}
		if lf {
			lfs++
		}
		return true
	})
	return ok && fl.err == nil && !blank && controls*20 <= runes+lfs
}

// open returns the file's text decoded to UTF-8 (not yet made valid), from
// its start, after any byte-order mark.
func (fl *fileLines) open() (*bufio.Reader, error) {
	if _, err := fl.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	var r io.Reader = fl.f
	switch fl.enc {
	case encUTF8BOM:
		if _, err := fl.f.Seek(3, io.SeekStart); err != nil {
			return nil, err
		}
	case encUTF16LE:
		r = transform.NewReader(fl.f, textunicode.UTF16(textunicode.LittleEndian, textunicode.ExpectBOM).NewDecoder())
	case encUTF16BE:
		r = transform.NewReader(fl.f, textunicode.UTF16(textunicode.BigEndian, textunicode.ExpectBOM).NewDecoder())
	}
	return bufio.NewReaderSize(r, 256<<10), nil
}

// each calls fn with the file's decoded lines, without their LF (lf says
// whether there was one), until fn returns false; it reports whether fn
// never did. As decode does, invalid UTF-8 becomes U+FFFD (Windows-1252
// bytes their characters), a second byte-order mark at the start and a
// DOS end-of-file mark at the end are dropped.
func (fl *fileLines) each(fn func(text string, lf bool) bool) bool {
	if fl.err != nil {
		return false
	}
	r, err := fl.open()
	if err != nil {
		fl.err = err
		return false
	}
	for first := true; ; first = false {
		line, err := r.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			fl.err = err
			return false
		}
		lf := err == nil
		text := strings.TrimSuffix(line, "\n")
		switch {
		case fl.enc == encWindows1252:
			text = decodeMixed(text)
		case fl.enc != encUTF8 && !utf8.ValidString(text):
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		if first {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if !lf {
			text = strings.TrimSuffix(text, "\x1a")
		}
		if !fn(text, lf) {
			return false
		}
		if !lf {
			return true
		}
	}
}

// lines yields the decoded text's lines as textLines yields them: numbered
// from 1, without their line break, the last one after the last break
// (empty if the file ends with one); a CR before a LF goes with it, any
// other CR breaks the line (see lfOnly). Each line is made NFC.
func (fl *fileLines) lines() iter.Seq[*srcLine] {
	return func(yield func(*srcLine) bool) {
		n := 0
		fl.each(func(text string, lf bool) bool {
			if lf {
				text = strings.TrimSuffix(text, "\r")
			}
			for {
				line, rest, cr := strings.Cut(text, "\r")
				if !norm.NFC.IsNormalString(line) {
					line = norm.NFC.String(line)
				}
				n++
				if !yield(&srcLine{text: line, num: n}) {
					return false
				}
				if !cr {
					return true
				}
				text = rest
			}
		})
	}
}
