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

// A plain text file is one whose decoded text is its bytes with CR LF and
// lone CR made LF (see decode): UTF-8 without a byte-order mark, NFC, not
// binary, not blank, not ending in a DOS end-of-file mark. ReadFileTurns
// reads it line by line from the file, once per pass of parseLines, and
// never holds it whole. Any other file is read into memory and decoded as
// Read does.

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
// with decode's tests, counted over the file's bytes as decode counts them.
func (pl *plainLines) plain() bool {
	runes, controls, lfs := 0, 0, 0
	blank, first := true, true
	var last string
	ok := pl.each(func(raw string, lf bool) bool {
		if first && (strings.HasPrefix(raw, "\xEF\xBB\xBF") || strings.HasPrefix(raw, "\xFF\xFE") || strings.HasPrefix(raw, "\xFE\xFF")) {
			return false
		}
		first = false
		if !utf8.ValidString(raw) || strings.IndexByte(raw, 0) >= 0 {
			return false
		}
		for _, r := range raw {
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
		// A line break composes with nothing: NFC line by line is NFC.
		for _, l := range crLines(raw, lf) {
			if !norm.NFC.IsNormalString(l) {
				return false
			}
		}
		last = raw
		return true
	})
	runes += lfs
	return ok && pl.err == nil && !blank && controls*20 <= runes && !strings.HasSuffix(last, "\x1a")
}

// each calls fn with the file's lines as they are in the file, without
// their LF (lf says whether there was one), until fn returns false; it
// reports whether fn never did.
func (pl *plainLines) each(fn func(raw string, lf bool) bool) bool {
	if pl.err != nil {
		return false
	}
	if _, err := pl.f.Seek(0, io.SeekStart); err != nil {
		pl.err = err
		return false
	}
	r := bufio.NewReaderSize(pl.f, 256<<10)
	for {
		line, err := r.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			pl.err = err
			return false
		}
		lf := err == nil
		if !fn(strings.TrimSuffix(line, "\n"), lf) {
			return false
		}
		if !lf {
			return true
		}
	}
}

// crLines splits a line of the file (without its LF) into the lines of its
// decoded text: a CR before the LF goes with it, any other CR breaks the
// line.
func crLines(raw string, lf bool) []string {
	if lf {
		raw = strings.TrimSuffix(raw, "\r")
	}
	if strings.IndexByte(raw, '\r') < 0 {
		return []string{raw}
	}
	return strings.Split(raw, "\r")
}

// lines yields the decoded text's lines as textLines yields them: numbered
// from 1, without their line break, the last one after the last break
// (empty if the file ends with one).
func (pl *plainLines) lines() iter.Seq[*srcLine] {
	return func(yield func(*srcLine) bool) {
		n := 0
		pl.each(func(raw string, lf bool) bool {
			for _, text := range crLines(raw, lf) {
				n++
				if !yield(&srcLine{text: text, num: n}) {
					return false
				}
			}
			return true
		})
	}
}
