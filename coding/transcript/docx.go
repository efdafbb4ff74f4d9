package transcript

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// maxDocumentXML bounds the uncompressed size of word/document.xml, a guard
// against zip bombs.
const maxDocumentXML = 64 << 20

// XML namespaces of WordprocessingML (transitional and strict) and of
// markup compatibility.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// maxDOCXDepth bounds how deeply document.xml nests elements. Word's own
// documents stay under 30 levels (body, nested tables, text boxes, runs);
// millions of nested elements, which a small file can hold, would cost
// gigabytes to decode.
const maxDOCXDepth = 256

// errTooDeep is returned for document.xml nested past maxDOCXDepth.
var errTooDeep = fmt.Errorf("word/document.xml nests elements more than %d levels deep", maxDOCXDepth)

// errTooLarge is returned by limitReader past its limit.
var errTooLarge = fmt.Errorf("word/document.xml is larger than %d MiB", maxDocumentXML>>20)

// limitReader reads at most n bytes from r, then fails with errTooLarge.
type limitReader struct {
	r io.Reader
	n int64
}

// Read reads from the underlying reader while under the limit.
func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// One more byte tells a file of exactly the limit from a larger one.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, errTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// readDOCX reads a Word document: the paragraphs of word/document.xml (no
// other part is read) become lines for the label rules, one line per
// paragraph; a bold run holding a label (`Name:` in bold, or bold `Name`
// then `:`) marks it as a label. Deleted text (tracked changes) is ignored,
// <w:tab/> is a tab, <w:br/> a space. A table row whose first cell holds
// only a label (optionally after a timestamp cell) gives that speaker the
// rest of the row. Turn.Line is the 1-based paragraph number.
func readDOCX(name string, data []byte) (*Document, error) {
	if len(data) == 0 {
		return nil, &ParseError{File: name, Err: ErrEmpty}
	}
	corrupt := func(err error) error {
		return &ParseError{File: name, Err: fmt.Errorf("%w: %w", ErrCorruptDOCX, err)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, corrupt(err)
	}
	var f *zip.File
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			f = zf
			break
		}
	}
	if f == nil {
		return nil, corrupt(errors.New("no word/document.xml, not a Word document"))
	}
	if f.UncompressedSize64 > maxDocumentXML {
		return nil, corrupt(errTooLarge)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(err)
	}
	defer rc.Close()
	lines, err := docxLines(&limitReader{r: rc, n: maxDocumentXML})
	if err != nil {
		return nil, corrupt(err)
	}
	empty := true
	for _, l := range lines {
		if !isBlank(l.text) {
			empty = false
			break
		}
	}
	if empty {
		return nil, &ParseError{File: name, Err: ErrEmpty}
	}
	doc, _ := parseLines(sliceLines(lines), true, false, nil)
	doc.Format = FormatDOCX
	doc.Encoding = encUTF8
	return doc, nil
}

// docxWalker collects paragraphs while streaming document.xml.
type docxWalker struct {
	lines []srcLine

	paras   int // paragraphs seen, for numbering
	pDepth  int // nesting of <w:p> (text boxes nest them)
	num     int // number of the open paragraph
	text    strings.Builder
	lead    int // 0: only white space so far, 1: in leading bold, 2: past it
	boldEnd int

	inRun, runBold, inRPr, inT bool

	tblDepth int
	inRow    bool
	row      [][]srcLine // cells of the open top-level table row
}

// docxLines streams document.xml and returns its paragraphs as lines.
func docxLines(r io.Reader) ([]srcLine, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	d := xml.NewDecoder(br)
	var w docxWalker
	skip := 0  // depth inside an ignored element
	depth := 0 // of all elements
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDOCXDepth {
				return nil, errTooDeep
			}
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
				skip = 1
				continue
			}
			if !isWordNS(t.Name.Space) {
				continue
			}
			skip = w.start(t)
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
				continue
			}
			if isWordNS(t.Name.Space) {
				w.end(t.Name.Local)
			}
		case xml.CharData:
			if skip == 0 && w.inT && w.pDepth > 0 {
				w.add(string(t))
			}
		}
	}
	if w.pDepth > 0 || w.tblDepth > 0 {
		return nil, errors.New("unexpected end of document.xml")
	}
	return w.lines, nil
}

// isWordNS reports whether an element namespace is WordprocessingML (or
// missing, for hand-written XML).
func isWordNS(space string) bool {
	return space == nsW || space == nsWStrict || space == "w" || space == ""
}

// start handles a WordprocessingML start element; it returns 1 when the
// element's content is to be skipped.
func (w *docxWalker) start(t xml.StartElement) int {
	switch t.Name.Local {
	case "del", "moveFrom", "rPrChange", "pPrChange", "delText", "instrText":
		return 1
	case "p":
		if w.pDepth == 0 {
			w.paras++
			w.num = w.paras
			w.text.Reset()
			w.lead, w.boldEnd = 0, 0
		}
		w.pDepth++
	case "r":
		w.inRun, w.runBold = true, false
	case "rPr":
		w.inRPr = w.inRun
	case "b":
		if w.inRPr {
			w.runBold = onOff(t)
		}
	case "rStyle":
		if w.inRPr && attr(t, "val") == "Strong" {
			w.runBold = true
		}
	case "t":
		w.inT = w.inRun
	case "tab":
		if w.inRun && !w.inRPr && w.pDepth > 0 {
			w.add("\t")
		}
	case "br", "cr":
		if w.inRun && !w.inRPr && w.pDepth > 0 {
			w.add(" ")
		}
	case "noBreakHyphen":
		if w.inRun && !w.inRPr && w.pDepth > 0 {
			w.add("-")
		}
	case "tbl":
		w.tblDepth++
	case "tr":
		if w.tblDepth == 1 {
			w.inRow, w.row = true, nil
		}
	case "tc":
		if w.tblDepth == 1 && w.inRow {
			w.row = append(w.row, nil)
		}
	}
	return 0
}

// end handles a WordprocessingML end element.
func (w *docxWalker) end(local string) {
	switch local {
	case "p":
		if w.pDepth == 0 {
			return
		}
		w.pDepth--
		if w.pDepth == 0 {
			w.endParagraph()
		}
	case "r":
		w.inRun, w.runBold, w.inRPr, w.inT = false, false, false, false
	case "rPr":
		w.inRPr = false
	case "t":
		w.inT = false
	case "tr":
		if w.tblDepth == 1 && w.inRow {
			w.endRow()
		}
	case "tbl":
		if w.tblDepth > 0 {
			w.tblDepth--
		}
		if w.tblDepth == 0 && w.inRow { // unbalanced rows
			w.endRow()
		}
	}
}

// add appends run text to the open paragraph, tracking the leading bold.
func (w *docxWalker) add(s string) {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	w.text.WriteString(s)
	switch w.lead {
	case 0:
		if w.runBold {
			w.lead, w.boldEnd = 1, w.text.Len()
		} else if !isBlank(s) {
			w.lead = 2
		}
	case 1:
		if w.runBold {
			w.boldEnd = w.text.Len()
		} else if !isBlank(s) {
			w.lead = 2
		}
	}
}

// endParagraph closes the open paragraph and files it as a line.
func (w *docxWalker) endParagraph() {
	text := w.text.String()
	boldEnd := w.boldEnd
	if !norm.NFC.IsNormalString(text) {
		if boldEnd > 0 {
			boldEnd = len(norm.NFC.String(text[:boldEnd]))
		}
		text = norm.NFC.String(text)
		boldEnd = min(boldEnd, len(text))
	}
	line := srcLine{text: text, num: w.num, boldEnd: boldEnd}
	if w.tblDepth > 0 && w.inRow && len(w.row) > 0 {
		w.row[len(w.row)-1] = append(w.row[len(w.row)-1], line)
		return
	}
	w.lines = append(w.lines, line)
}

// tableHeaders are header-row words of transcript tables.
var tableHeaders = setOf("speaker", "name", "who", "time", "timestamp", "participant",
	"text", "transcript", "speech", "content", "utterance", "verbatim", "locuteur",
	"intervenant", "nom", "temps", "heure", "texte", "transcription", "propos")

// endRow files the paragraphs of a top-level table row. A row whose first
// cell (after an optional timestamp cell) is a single label-like paragraph
// and that has more cells becomes one labelled line; other rows give their
// paragraphs as lines.
func (w *docxWalker) endRow() {
	cells := w.row
	w.row, w.inRow = nil, false
	if line, ok := labelRow(cells); ok {
		if line.pre != nil {
			w.lines = append(w.lines, line)
		}
		return
	}
	for _, c := range cells {
		w.lines = append(w.lines, c...)
	}
}

// labelRow tries to read a table row as [time,] speaker, speech...; a
// header row gives ok with no label (the row is dropped).
func labelRow(cells [][]srcLine) (srcLine, bool) {
	var line srcLine
	if len(cells) < 2 {
		return line, false
	}
	cellText := func(c []srcLine) string {
		var parts []string
		for _, l := range c {
			if t := strings.TrimSpace(l.text); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, "\n")
	}
	idx := 0
	c := labelCand{}
	if len(cells) >= 3 {
		if d, ok := parseClock(strings.TrimSpace(cellText(cells[0]))); ok {
			c.at, c.hasTime, idx = d, true, 1
		}
	}
	head := strings.TrimSpace(cellText(cells[idx]))
	if head == "" || strings.Contains(head, "\n") {
		return line, false
	}
	head = strings.TrimSpace(strings.TrimSuffix(strings.Trim(head, "*_"), ":"))
	if k := strings.IndexByte(head, '('); k > 0 && strings.HasSuffix(head, ")") { // "P2 (woman, 40s)"
		if d, next, ok := scanDescriptor(head, k); ok && next == len(head) {
			c.descriptor, head = d, strings.TrimSpace(head[:k])
		}
	}
	speaker, ok := cleanLabel(head)
	if !ok || stopLabels[strings.ToLower(speaker)] {
		return line, false
	}
	var rest []string
	for _, cell := range cells[idx+1:] {
		if t := cellText(cell); t != "" {
			rest = append(rest, t)
		}
	}
	text := strings.Join(rest, "\n")
	if tableHeaders[strings.ToLower(speaker)] && tableHeaders[strings.ToLower(text)] {
		return line, true
	}
	c.speaker, c.key = speaker, strings.ToLower(speaker)
	num := 0
	for _, l := range cells[idx] {
		if strings.TrimSpace(l.text) != "" {
			num = l.num
			break
		}
	}
	return srcLine{text: text, num: num, pre: &c}, true
}

// onOff reads a WordprocessingML on/off property: on unless w:val is 0,
// false or off.
func onOff(t xml.StartElement) bool {
	switch attr(t, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// attr returns the value of the attribute with the given local name.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
