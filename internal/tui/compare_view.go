package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// maxUnitLines is how many lines of a unit's text the list shows.
const maxUnitLines = 4

func (v *compareView) View() string {
	st := v.c.styles
	if v.picker != nil {
		return v.picker.view(st, v.width, v.height)
	}
	if v.data == nil {
		return st.Dim.Render("loading…")
	}
	coders, textW, colW := v.columns()
	head := fit("  "+v.unitName()+" and its text", textW)
	for i, c := range coders {
		head += " " + fit(fmt.Sprintf("%d %s", i+1, c), colW)
	}
	var lines []string
	first, last := 0, 0
	for i, d := range v.data.Items {
		if i == v.cursor {
			first = len(lines)
		}
		lines = append(lines, v.unitLines(i, d, coders, textW, colW)...)
		if i == v.cursor {
			last = len(lines) - 1
		}
	}
	if len(lines) == 0 {
		lines = []string{st.Dim.Render(" " + v.emptyNote())}
	}
	return v.title() + "\n" + st.Bold.Render(truncate(head, v.width)) + "\n" +
		fitHeight(v.list.view(lines, first, last), v.list.vp.Height) + "\n" + footer(v.c, v.note, v.keys)
}

// columns are the coders' columns and the widths of the text and of each
// coder's column: the codes get about half the width, at most 30 cells.
func (v *compareView) columns() (coders []string, textW, colW int) {
	coders = v.data.Coders
	n := max(len(coders), 1)
	widest := 30
	if v.width >= 140 {
		widest = 40 // room for most code names whole
	}
	colW = min(max((v.width/2)/n-1, 10), widest)
	textW = v.width - n*(colW+1)
	if textW < 24 {
		colW = max((v.width-24)/n-1, 6)
		textW = v.width - n*(colW+1)
	}
	return coders, textW, colW
}

func (v *compareView) unitName() string {
	switch v.opt.Unit {
	case analysis.UnitTurn:
		return "turn"
	case analysis.UnitSource:
		return "source"
	}
	return "sentence"
}

// title says who is compared on what, how many units differ, and the
// agreement of the comparison.
func (v *compareView) title() string {
	d := v.data
	code := "every code"
	if v.opt.Code != "" {
		code = v.opt.Code
	}
	s := fmt.Sprintf(" %s on %s: %d of %d %ss differ", strings.Join(d.Coders, " · "), code, len(d.Items), d.Units, v.unitName())
	if a := d.Agreement; a != nil && !math.IsNaN(a.Alpha) {
		s += fmt.Sprintf(" · alpha %s", strconv.FormatFloat(a.Alpha, 'f', 3, 64))
		if f := a.Flag(); f != "" {
			s += " (" + f + ")"
		}
	}
	return v.c.styles.PanelTitle.Render(truncate(s, v.width))
}

func (v *compareView) emptyNote() string {
	switch {
	case len(v.data.Coders) < 2:
		return "Fewer than two coders coded this project: nothing to compare (p picks coders)."
	case v.data.Units == 0:
		return "No participant speech to compare."
	}
	return "The coders agree on every " + v.unitName() + " here."
}

// unitLines draw one unit: who said it and where, then its text beside
// each coder's codes (those not every coder applied in bold, the shared
// ones dim), and a blank line.
func (v *compareView) unitLines(i int, d analysis.Disagreement, coders []string, textW, colW int) []string {
	st := v.c.styles
	at := make([]string, len(d.Spans))
	for j, sp := range d.Spans {
		at[j] = fmt.Sprintf("%d-%d", sp.Start, sp.End)
	}
	who := fmt.Sprintf(" %s · %s · %s %s", nz(d.Participant, "several participants"), nz(d.City, "?"), d.SourceName, strings.Join(at, ","))
	var out []string
	if i == v.cursor {
		out = append(out, st.ListCursor.Render(fit("›"+who, v.width)))
	} else {
		out = append(out, st.Bold.Render(truncate(" "+who, v.width)))
	}
	text := wordWrap("“"+d.Text+"”", textW-3)
	if len(text) > maxUnitLines {
		text = append(text[:maxUnitLines-1], truncate(text[maxUnitLines-1]+" "+strings.Join(text[maxUnitLines:], " "), textW-3))
	}
	cols := v.coderColumns(d, coders, colW)
	rows := len(text)
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	for r := 0; r < rows; r++ {
		line := "  "
		if r < len(text) {
			line += text[r]
		}
		line = padRight(truncate(line, textW), textW)
		for _, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			line += " " + padRight(cell, colW)
		}
		out = append(out, line)
	}
	return append(out, "")
}

// coderColumns are each compared coder's codes on the unit, one per line,
// with the code's swatch; "–" for none, "(not coded)" for a coder who did
// not code the source.
func (v *compareView) coderColumns(d analysis.Disagreement, coders []string, colW int) [][]string {
	st := v.c.styles
	count := map[string]int{}
	for _, l := range d.Coded {
		for _, p := range l {
			count[p]++
		}
	}
	out := make([][]string, len(coders))
	for ci, coder := range coders {
		k := -1
		for j, c := range d.Coders {
			if c == coder {
				k = j
			}
		}
		switch {
		case k < 0:
			out[ci] = []string{st.Dim.Render("(not coded)")}
			continue
		case len(d.Coded[k]) == 0:
			out[ci] = []string{st.Dim.Render("–")}
			continue
		}
		for _, p := range d.Coded[k] {
			name := truncate(leafName(p), colW-2)
			if count[p] == len(d.Coders) {
				name = st.Dim.Render(name)
			} else {
				name = st.Bold.Render(name)
			}
			out[ci] = append(out[ci], st.swatch(v.looks[p])+" "+name)
		}
	}
	return out
}
