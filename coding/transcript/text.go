package transcript

import (
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
	raw := strings.Split(text, "\n")
	lines := make([]srcLine, len(raw))
	for i, l := range raw {
		lines[i] = srcLine{text: l, num: i + 1}
	}
	return parseLines(lines, false, true)
}

// parseLines turns lines into turns. With paraPerLine (DOCX) a file without
// labels gives one turn per non-empty line rather than per paragraph.
// nfc says the lines are lines of one NFC text (see docBuilder).
func parseLines(lines []srcLine, paraPerLine, nfc bool) *Document {
	// First pass: find syntactic labels and count them.
	judge := newLabelJudge(2)
	var cands []labelCand
	candOf := make([]int32, len(lines)) // index in cands + 1, or 0
	size := 0
	for i := range lines {
		l := &lines[i]
		size += len(l.text) + 1
		if l.pre != nil {
			continue
		}
		c, ok := scanLabel(l.text)
		if !ok {
			continue
		}
		if l.boldEnd > 0 && l.boldEnd >= c.end {
			c.bold = true
		}
		cands = append(cands, c)
		candOf[i] = int32(len(cands))
		judge.see(c)
	}
	// Second pass: build turns.
	b := docBuilder{nfc: nfc}
	b.sb.Grow(size)
	var cur strings.Builder
	var turn Turn
	var warn warnings
	open := false
	labelled := false
	flush := func() {
		if open {
			b.add(turn, cur.String())
		}
		cur.Reset()
		open = false
	}
	for i := range lines {
		l := &lines[i]
		var c labelCand
		ok := false
		if l.pre != nil {
			c, ok = *l.pre, true
			c.rest = strings.TrimSpace(l.text)
		} else if k := candOf[i]; k > 0 {
			if judge.accept(cands[k-1]) {
				c, ok = cands[k-1], true
			} else if judge.doubtful(cands[k-1]) {
				warn.doubtLabel(l.num, cands[k-1])
			}
		}
		if ok {
			flush()
			labelled = true
			open = true
			turn = Turn{Speaker: c.speaker, Descriptor: c.descriptor, Line: l.num, HasTime: c.hasTime, At: c.at}
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
	// No label at all: one turn per paragraph.
	b = docBuilder{nfc: nfc}
	for i := 0; i < len(lines); {
		t := strings.TrimSpace(lines[i].text)
		if t == "" {
			i++
			continue
		}
		turn := Turn{Line: lines[i].num}
		cur.Reset()
		cur.WriteString(t)
		i++
		for !paraPerLine && i < len(lines) {
			t := strings.TrimSpace(lines[i].text)
			if t == "" {
				break
			}
			cur.WriteByte('\n')
			cur.WriteString(t)
			i++
		}
		b.add(turn, cur.String())
	}
	doc := b.doc()
	doc.Warnings = warn.done(doc)
	return doc
}
