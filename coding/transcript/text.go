package transcript

import (
	"bytes"
	"iter"
	"strings"
)

// srcLine is one line of a text transcript, or one paragraph of a DOCX.
type srcLine struct {
	text string
	num  int // 1-based line (paragraph) number
	// boldEnd is the byte offset in text where the paragraph's leading bold
	// runs end (DOCX), or 0.
	boldEnd int
	// pre, when set, is a label found by the reader itself (a DOCX table
	// row whose first cell names the speaker); text is then the speech.
	pre *labelCand
}

// parseText parses a .txt or .md transcript (see the label rules in
// label.go): a line starting with an accepted speaker label starts a turn,
// other non-blank lines continue it (joined with "\n"), blank lines are
// skipped. Text before the first label is a turn with no speaker. A file
// with no label at all gives one turn per paragraph (blank-line separated).
// With emit set, the turns go to emit rather than into the Document.
func parseText(text string, emit func(Turn, string) error) (*Document, error) {
	return parseLines(textLines(text), false, true, emit)
}

// textLines yields the lines of text, numbered from 1: slices of text,
// not a list of them (a 20 MB transcript has hundreds of thousands).
func textLines(text string) iter.Seq[*srcLine] {
	return func(yield func(*srcLine) bool) {
		rest := text
		for n := 1; ; n++ {
			line, after, more := strings.Cut(rest, "\n")
			l := srcLine{text: line, num: n}
			if !yield(&l) || !more {
				return
			}
			rest = after
		}
	}
}

// sliceLines yields the lines of a list.
func sliceLines(lines []srcLine) iter.Seq[*srcLine] {
	return func(yield func(*srcLine) bool) {
		for i := range lines {
			if !yield(&lines[i]) {
				return
			}
		}
	}
}

// candidate returns the syntactic label at the start of l, if any.
func (l *srcLine) candidate() (labelCand, bool) {
	if l.pre != nil {
		c := *l.pre
		c.rest = strings.TrimSpace(l.text)
		return c, true
	}
	c, ok := scanLabel(l.text)
	if ok && l.boldEnd > 0 && l.boldEnd >= c.end {
		c.bold = true
	}
	return c, ok
}

// parseLines turns lines into turns. With paraPerLine (DOCX) a file without
// labels gives one turn per non-empty line rather than per paragraph.
// nfc says the lines are lines of one NFC text (see docBuilder). lines is
// read three times; emit, when set, receives the turns as they are made
// (see docBuilder), and its first error is returned.
func parseLines(lines iter.Seq[*srcLine], paraPerLine, nfc bool, emit func(Turn, string) error) (*Document, error) {
	// First pass: count the syntactic labels. The passes after it scan the
	// lines again rather than keeping every candidate: memory stays near
	// the size of the file.
	judge := newLabelJudge(2)
	size, ncand := 0, 0
	for l := range lines {
		size += len(l.text) + 1
		if l.pre != nil {
			ncand++
			continue
		}
		if c, ok := l.candidate(); ok {
			ncand++
			judge.see(c)
		}
	}
	b := docBuilder{nfc: nfc, emit: emit}
	var warn warnings
	// A file with no accepted label is read by paragraphs: found first, so
	// that no turn is handed to emit before the reading is decided.
	if !anyLabel(lines, judge) {
		for l := range lines {
			if c, ok := l.candidate(); ok && judge.doubtful(c) {
				warn.doubtLabel(l.num, c)
			}
		}
		b.paragraphs(lines, paraPerLine)
		return b.doc(&warn), b.err
	}
	if emit == nil {
		b.turns = make([]Turn, 0, ncand+1)
		b.sb.Grow(size)
	}
	var ot openTurn
	// Labels are copied out of the file, once each: a label that is a
	// slice of the file would keep the whole file in memory with the text.
	labels := map[string]string{}
	own := func(s string) string {
		if s == "" {
			return ""
		}
		o, ok := labels[s]
		if !ok {
			o = strings.Clone(s)
			labels[o] = o
		}
		return o
	}
	for l := range lines {
		if b.err != nil {
			break
		}
		c, ok := l.candidate()
		if ok && l.pre == nil && !judge.accept(c) {
			if judge.doubtful(c) {
				warn.doubtLabel(l.num, c)
			}
			ok = false
		}
		if ok {
			ot.flush(&b)
			ot.start(Turn{Speaker: own(c.speaker), Descriptor: own(c.descriptor), Line: l.num, HasTime: c.hasTime, At: c.at})
			ot.text.WriteString(c.rest)
			continue
		}
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if !ot.open {
			ot.start(Turn{Line: l.num})
		}
		if ot.text.Len() > 0 {
			ot.text.WriteByte('\n')
		}
		ot.text.WriteString(t)
	}
	ot.flush(&b)
	return b.doc(&warn), b.err
}

// openTurn is the turn being gathered line by line; its text buffer is
// reused from turn to turn.
type openTurn struct {
	turn Turn
	text bytes.Buffer
	open bool
}

func (o *openTurn) start(t Turn) {
	o.turn, o.open = t, true
}

// flush hands the turn gathered, if any, to b.
func (o *openTurn) flush(b *docBuilder) {
	if o.open {
		b.addBuf(o.turn, &o.text)
	}
	o.text.Reset()
	o.open = false
}

// anyLabel reports whether a line of lines starts with a label the judge
// accepts (or one the reader found itself).
func anyLabel(lines iter.Seq[*srcLine], judge *labelJudge) bool {
	for l := range lines {
		if c, ok := l.candidate(); ok && (l.pre != nil || judge.accept(c)) {
			return true
		}
	}
	return false
}

// paragraphs makes one turn per paragraph of lines (per non-empty line
// with paraPerLine): the reading of a file with no speaker label.
func (b *docBuilder) paragraphs(lines iter.Seq[*srcLine], paraPerLine bool) {
	var ot openTurn
	for l := range lines {
		if b.err != nil {
			return
		}
		t := strings.TrimSpace(l.text)
		if t == "" || paraPerLine {
			ot.flush(b)
		}
		if t == "" {
			continue
		}
		if !ot.open {
			ot.start(Turn{Line: l.num})
		} else {
			ot.text.WriteByte('\n')
		}
		ot.text.WriteString(t)
	}
	ot.flush(b)
}
