package tui

import (
	"sort"

	"github.com/mattn/go-runewidth"

	"github.com/fieldwork-qda/fieldwork/coding"
)

type lineKind uint8

const (
	lineText   lineKind = iota // wrapped text of a turn
	lineHeader                 // a turn's speaker and time
	lineBlank                  // between turns
)

// dline is one display line of the transcript. Text lines show the code
// points [start,end) of the source text.
type dline struct {
	kind       lineKind
	turn       int
	start, end int
}

// layoutText wraps every turn to width display cells: a header line per
// turn, its text word-wrapped (hard breaks kept), a blank line after. The
// layout is computed once per width and source, so drawing a screen only
// slices it.
func layoutText(runes []rune, turns []coding.Turn, width int) []dline {
	width = max(width, 10)
	lines := make([]dline, 0, len(runes)/max(width/2, 1)+3*len(turns))
	for ti, t := range turns {
		lines = append(lines, dline{kind: lineHeader, turn: ti, start: t.Start, end: t.Start})
		start := t.Start
		end := min(t.End, len(runes))
		for start < end {
			// One hard line: up to the next newline.
			nl := start
			for nl < end && runes[nl] != '\n' {
				nl++
			}
			lines = wrapLine(lines, runes, ti, start, nl, width)
			start = nl + 1
		}
		lines = append(lines, dline{kind: lineBlank, turn: ti, start: end, end: end})
	}
	return lines
}

// wrapLine breaks runes[start:end) (no newlines) at spaces so that each
// piece fits width cells; a word longer than the width is cut.
func wrapLine(lines []dline, runes []rune, turn, start, end, width int) []dline {
	if start >= end {
		return append(lines, dline{kind: lineText, turn: turn, start: start, end: start})
	}
	for start < end {
		w, i, lastSpace := 0, start, -1
		for i < end {
			rw := runewidth.RuneWidth(runes[i])
			if w+rw > width {
				break
			}
			if runes[i] == ' ' {
				lastSpace = i
			}
			w += rw
			i++
		}
		if i < end && lastSpace > start {
			i = lastSpace + 1 // break after the space
		} else if i == start {
			i++ // a single rune wider than the line
		}
		lines = append(lines, dline{kind: lineText, turn: turn, start: start, end: i})
		start = i
	}
	return lines
}

// lineIndex finds text lines by offset.
type lineIndex struct {
	text  []int // indices of text lines in the layout, in order
	lines []dline
}

func newLineIndex(lines []dline) lineIndex {
	li := lineIndex{lines: lines}
	for i, l := range lines {
		if l.kind == lineText {
			li.text = append(li.text, i)
		}
	}
	return li
}

// lineOf returns the layout line showing offset off (the last text line
// starting at or before it).
func (li lineIndex) lineOf(off int) int {
	k := sort.Search(len(li.text), func(k int) bool { return li.lines[li.text[k]].start > off })
	if k == 0 {
		if len(li.text) == 0 {
			return 0
		}
		return li.text[0]
	}
	return li.text[k-1]
}

// spanIndex answers "which codings overlap [a,b)" without scanning them
// all: codings sorted by start, with the running maximum of their ends.
type spanIndex struct {
	list   []coding.Coding
	maxEnd []int
}

func newSpanIndex(list []coding.Coding) spanIndex {
	sorted := append([]coding.Coding(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].ID < sorted[j].ID
	})
	idx := spanIndex{list: sorted, maxEnd: make([]int, len(sorted))}
	m := -1
	for i, c := range sorted {
		m = max(m, c.End)
		idx.maxEnd[i] = m
	}
	return idx
}

// overlapping appends the codings overlapping [a,b) to dst, in start order.
func (x spanIndex) overlapping(dst []coding.Coding, a, b int) []coding.Coding {
	hi := sort.Search(len(x.list), func(i int) bool { return x.list[i].Start >= b })
	lo := hi
	for lo > 0 && x.maxEnd[lo-1] > a {
		lo--
	}
	for i := lo; i < hi; i++ {
		if x.list[i].End > a {
			dst = append(dst, x.list[i])
		}
	}
	return dst
}
