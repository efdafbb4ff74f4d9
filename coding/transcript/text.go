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
func parseText(text string) *Document {
	return parseLines(textLines(text), false, true)
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
// read two or three times.
func parseLines(lines iter.Seq[*srcLine], paraPerLine, nfc bool) *Document {
	// First pass: count the syntactic labels. The second scans the lines
	// again rather than keeping every candidate: memory stays near the
	// size of the file.
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
	// Second pass: build turns.
	b := docBuilder{nfc: nfc, turns: make([]Turn, 0, ncand+1)}
	b.sb.Grow(size)
	var cur bytes.Buffer // reused from turn to turn
	var turn Turn
	var warn warnings
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
	open := false
	labelled := false
	flush := func() {
		if open {
			b.addBuf(turn, &cur)
		}
		cur.Reset()
		open = false
	}
	for l := range lines {
		c, ok := l.candidate()
		if ok && l.pre == nil && !judge.accept(c) {
			if judge.doubtful(c) {
				warn.doubtLabel(l.num, c)
			}
			ok = false
		}
		if ok {
			flush()
			labelled = true
			open = true
			turn = Turn{Speaker: own(c.speaker), Descriptor: own(c.descriptor), Line: l.num, HasTime: c.hasTime, At: c.at}
			cur.WriteString(c.rest)
			continue
		}
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if !open {
			open = true
			turn = Turn{Line: l.num}
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(t)
	}
	flush()
	if labelled {
		doc := b.doc()
		doc.Warnings = warn.done(doc)
		return doc
	}
	// No label at all: one turn per paragraph (per line with paraPerLine).
	b = docBuilder{nfc: nfc}
	for l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" || paraPerLine {
			flush()
		}
		if t == "" {
			continue
		}
		if !open {
			open = true
			turn = Turn{Line: l.num}
		} else {
			cur.WriteByte('\n')
		}
		cur.WriteString(t)
	}
	flush()
	doc := b.doc()
	doc.Warnings = warn.done(doc)
	return doc
}
