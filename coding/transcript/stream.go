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

	"golang.org/x/text/unicode/norm"
)

// A plain text file is one that decode would leave as it is: UTF-8 without
// a byte-order mark, without CR, already NFC, not binary, not blank, not
// ending in a DOS end-of-file mark. Its decoded text is its bytes, so
// ReadFileTurns reads it line by line from the file, once per pass of
// parseLines, and never holds it whole. Any other file is read into memory
// and decoded as Read does.

// plainLines is a file read line by line, again for each pass; the first
// read error stops the pass and is kept in err.
type plainLines struct {
	f   *os.File
	err error
}

// streamPlain parses the transcript in f (at most MaxSize bytes), named
// path, as ReadFileTurns does, if it is plain; ok is false, with nothing
// handed to emit, if it is not. A read error is a *ParseError naming the
// file; an error from emit is returned as it is.
func streamPlain(path string, f *os.File, emit func(Turn, string) error) (doc *Document, ok bool, err error) {
	pl := &plainLines{f: f}
	if !pl.plain() {
		if pl.err != nil {
			return nil, true, &ParseError{File: path, Err: pl.err}
		}
		return nil, false, nil
	}
	doc, err = parseLines(pl.lines(), false, true, emit)
	if pl.err != nil {
		return nil, true, &ParseError{File: path, Err: pl.err}
	}
	if err != nil {
		return nil, true, err
	}
	doc.Encoding = encUTF8
	return doc, true, nil
}

// plain reads the file once and says whether it is plain (see above),
// with decode's tests.
func (pl *plainLines) plain() bool {
	runes, controls, lines := 0, 0, 0
	blank, last := true, ""
	for l := range pl.lines() {
		s := l.text
		lines++
		if lines == 1 && (strings.HasPrefix(s, "\xEF\xBB\xBF") || strings.HasPrefix(s, "\xFF\xFE") || strings.HasPrefix(s, "\xFE\xFF")) {
			return false
		}
		if !utf8.ValidString(s) || strings.IndexByte(s, '\r') >= 0 || strings.IndexByte(s, 0) >= 0 || !norm.NFC.IsNormalString(s) {
			return false
		}
		for _, r := range s {
			runes++
			if r != '\t' && (r < 0x20 || (r >= 0x7F && r < 0xA0)) {
				controls++
			}
			if blank && !unicode.IsSpace(r) {
				blank = false
			}
		}
		last = s
	}
	runes += lines - 1 // the LFs, which compose with nothing (NFC per line is NFC)
	return pl.err == nil && !blank && controls*20 <= runes && !strings.HasSuffix(last, "\x1a")
}

// lines yields the file's lines as textLines yields a text's: numbered
// from 1, without their LF, the last one after the last LF (empty if the
// file ends with one).
func (pl *plainLines) lines() iter.Seq[*srcLine] {
	return func(yield func(*srcLine) bool) {
		if pl.err != nil {
			return
		}
		if _, err := pl.f.Seek(0, io.SeekStart); err != nil {
			pl.err = err
			return
		}
		r := bufio.NewReaderSize(pl.f, 256<<10)
		for n := 1; ; n++ {
			line, err := r.ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				pl.err = err
				return
			}
			more := err == nil
			l := srcLine{text: strings.TrimSuffix(line, "\n"), num: n}
			if !yield(&l) || !more {
				return
			}
		}
	}
}
