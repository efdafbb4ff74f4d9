package tui

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// View draws the coding screen below the tab bar: the transcript with its
// margin, the side panel, the status line and the footer. Only the visible
// lines are drawn.
func (v *codingView) View() string {
	if !v.loaded() {
		return v.c.styles.Dim.Render("Choose a source on the Sources screen (tab) and press enter.")
	}
	v.relayout()
	h := v.bodyHeight()
	tw, pw := v.textWidth(), v.panelWidth()
	left := make([]string, h)
	var buf []coding.Coding
	for row := 0; row < h; row++ {
		li := v.top + row
		if li >= len(v.lines) {
			left[row] = strings.Repeat(" ", marginWidth+tw)
			continue
		}
		buf = buf[:0]
		left[row] = v.renderLine(v.lines[li], tw, &buf)
	}
	var panel []string
	if pw > 0 {
		panel = strings.Split(strings.TrimRight(v.renderPanel(pw-2, h), "\n"), "\n")
	}
	var b strings.Builder
	for row := 0; row < h; row++ {
		b.WriteString(left[row])
		if pw > 0 {
			p := ""
			if row < len(panel) {
				p = panel[row]
			}
			b.WriteString(" " + v.c.styles.Panel.Render(padRight(truncateANSI(p, pw-2), pw-2)))
		}
		b.WriteString("\n")
	}
	b.WriteString(v.statusLine() + "\n")
	b.WriteString(v.footer())
	return b.String()
}

func (v *codingView) style(k styleKey) lipgloss.Style {
	if s, ok := v.styleCache[k]; ok {
		return s
	}
	s := v.c.styles
	st := v.c.renderer.NewStyle()
	if k.coded {
		st = s.codeStyle(k.color)
	}
	if k.fac && !k.coded {
		st = st.Faint(true)
	}
	if k.sel {
		st = st.Inherit(s.Selection)
	}
	if k.match {
		st = s.Match.Inherit(st)
	}
	if k.cur {
		st = st.Inherit(s.Cursor)
	}
	v.styleCache[k] = st
	return st
}

// margin is the column left of a text line: one stripe per code coded on
// it, up to three, each showing the code's label (its key or letter) on
// the code's colour, so that two codes differ without colour too; a "+"
// says there are more.
func (v *codingView) margin(here []coding.Coding) string {
	var b strings.Builder
	var seen [3]int64
	n := 0
	for _, c := range here {
		if n > 0 && slices.Contains(seen[:min(n, 3)], c.CodeID) {
			continue
		}
		if n < 3 {
			seen[n] = c.CodeID
			b.WriteString(v.c.styles.swatch(v.looks[c.CodeID]))
		}
		n++
	}
	if n > 3 {
		b.WriteString("+")
		n = 4
	}
	return b.String() + strings.Repeat(" ", marginWidth-n)
}

// cuts are the offsets where the style of line l changes (the cursor
// sentence cs-ce, the selection, codings, search matches), in order, with
// the matches that start on it or run into it.
func (v *codingView) cuts(l dline, here []coding.Coding, cs, ce int) (cuts, matches []int) {
	cuts = []int{l.start, l.end}
	add := func(x int) {
		if x > l.start && x < l.end {
			cuts = append(cuts, x)
		}
	}
	add(cs)
	add(ce)
	if v.selecting {
		add(v.selStart)
		add(v.selEnd)
	}
	for _, c := range here {
		add(c.Start)
		add(c.End)
	}
	if len(v.matches) > 0 {
		i := sort.SearchInts(v.matches, l.start-v.matchLen+1)
		for ; i < len(v.matches) && v.matches[i] < l.end; i++ {
			matches = append(matches, v.matches[i])
			add(v.matches[i])
			add(v.matches[i] + v.matchLen)
		}
	}
	sort.Ints(cuts)
	return cuts, matches
}

func (v *codingView) renderLine(l dline, tw int, buf *[]coding.Coding) string {
	st := v.c.styles
	turn := v.turns[l.turn]
	switch l.kind {
	case lineBlank:
		return strings.Repeat(" ", marginWidth+tw)
	case lineHeader:
		var head string
		if turn.HasTime {
			head = st.Time.Render(textfit.Clock(turn.At)) + " "
		}
		name := turn.Speaker
		if name == "" {
			name = "(no speaker)"
		}
		if turn.Participant != "" && !strings.HasSuffix(turn.Participant, ":"+turn.Speaker) {
			name += " · " + turn.Participant
		}
		if turn.Facilitator {
			head += st.Facilitator.Render(name)
		} else {
			head += st.Speaker.Render(name)
		}
		return strings.Repeat(" ", marginWidth) + padRight(truncateANSI(head, tw), tw)
	}
	// Codings on this line, filtered, in start order.
	var here []coding.Coding
	for _, c := range v.codings.overlapping(*buf, l.start, l.end) {
		if v.visible(c) {
			here = append(here, c)
		}
	}
	*buf = here
	ms := v.margin(here)

	cs, ce := -1, -1
	if !v.selecting && v.cursor < len(v.sents) {
		cs, ce = v.sents[v.cursor].Start, v.sents[v.cursor].End
	}
	cuts, ms0 := v.cuts(l, here, cs, ce)
	var b strings.Builder
	b.WriteString(ms)
	width := 0
	for i := 0; i+1 < len(cuts); i++ {
		a, e := cuts[i], cuts[i+1]
		if a == e {
			continue
		}
		k := styleKey{fac: turn.Facilitator}
		// The innermost coding (latest start) gives the colour.
		for _, c := range here {
			if c.Start <= a && c.End > a {
				k.coded, k.color = true, v.looks[c.CodeID].color
			}
		}
		k.cur = a >= cs && a < ce
		k.sel = v.selecting && a >= v.selStart && a < v.selEnd
		for _, m := range ms0 {
			if a >= m && a < m+v.matchLen {
				k.match = true
			}
		}
		text := string(v.runes[a:e])
		width += lipgloss.Width(text)
		b.WriteString(v.style(k).Render(text))
	}
	if width < tw {
		b.WriteString(strings.Repeat(" ", tw-width))
	}
	return b.String()
}

// renderPanel is the right column: what is coded here, then the codebook
// with each code's key and counts for this source and the project, or the
// open picker/chooser.
func (v *codingView) renderPanel(w, h int) string {
	switch v.mode {
	case modePicker:
		return v.picker.view(v.c.styles, w, h)
	case modeChooser:
		return v.chooser.view(v.c.styles, w)
	}
	lines := v.hereLines(w)
	lines = append(lines, "")
	return strings.Join(append(lines, v.codebookLines(w, h-len(lines))...), "\n")
}

// hereLines name the codes coded at the cursor (or selection), with their
// coders and memos.
func (v *codingView) hereLines(w int) []string {
	st := v.c.styles
	out := []string{st.PanelTitle.Render("Here")}
	here := v.codingsHere()
	a, e := v.span()
	if memo, ok := v.spanMemo(a, e); ok {
		out = append(out, truncate("✎ "+textfit.OneLine(memo), w))
	}
	if len(here) == 0 {
		out = append(out, st.Dim.Render("not coded"))
	}
	for i, c := range here {
		if i == 4 && len(here) > 5 {
			out = append(out, st.Dim.Render(fmt.Sprintf("…and %d more", len(here)-4)))
			break
		}
		out = append(out, st.swatch(v.looks[c.CodeID])+" "+truncate(leafName(c.Code)+" · "+c.Coder, w-2))
		if c.Memo != "" {
			out = append(out, "  "+st.Dim.Render(truncate("✎ "+textfit.OneLine(c.Memo), w-2)))
		}
	}
	return out
}

// codebookLines list the codebook, each code after its label (1-9 are its
// keys), with its codings here and in the project; a theme's counts
// include its codes. A codebook longer than the room scrolls to the codes
// coded at the cursor, which are marked.
func (v *codingView) codebookLines(w, h int) []string {
	st := v.c.styles
	srcTot := make(map[int64]int, len(v.codebook))
	for i := len(v.codebook) - 1; i >= 0; i-- {
		e := v.codebook[i]
		srcTot[e.ID] += v.srcCount[e.ID]
		srcTot[e.ParentID] += srcTot[e.ID]
	}
	here := map[int64]bool{}
	for _, c := range v.codingsHere() {
		here[c.CodeID] = true
	}
	rows := make([]string, 0, len(v.codebook))
	focus := -1
	for i, e := range v.codebook {
		counts := fmt.Sprintf("%d/%d", srcTot[e.ID], e.Total)
		mark := " "
		if here[e.ID] {
			mark = "›"
			if focus < 0 {
				focus = i
			}
		}
		room := w - 3 - len(counts)
		text := fit(strings.Repeat(" ", e.Depth)+e.Name, room)
		if e.Depth == 0 {
			text = st.Bold.Render(text)
		}
		rows = append(rows, st.swatch(v.looks[e.ID])+mark+text+" "+counts)
	}
	room := max(h-1, 0)
	first := 0
	if len(rows) > room && focus >= 0 {
		first = min(max(focus-room/2, 0), len(rows)-room)
	}
	title := "Codebook"
	if first > 0 || first+room < len(rows) {
		title = fmt.Sprintf("Codebook %d-%d/%d", first+1, min(first+room, len(rows)), len(rows))
	}
	counts := "here/all"
	if ansi.StringWidth(title)+1+len(counts) > w {
		counts = ""
	}
	out := []string{st.PanelTitle.Render(title) + st.Dim.Render(padLeft(counts, w-ansi.StringWidth(title)))}
	return append(out, rows[first:min(first+room, len(rows))]...)
}

// statusLine: source, city/group, coder, progress, last save, and a note.
func (v *codingView) statusLine() string {
	st := v.c.styles
	if v.mode == modePrompt {
		return v.prompt.view(st, v.width)
	}
	coded, total := v.coded, v.total
	pct := 0
	if total > 0 {
		pct = coded * 100 / total
	}
	parts := []string{v.src.Name}
	if loc := strings.Trim(v.src.City+"/"+v.src.Group, "/"); loc != "" {
		parts = append(parts, loc)
	}
	parts = append(parts, "coder "+v.c.coder, fmt.Sprintf("%d%% coded (%d/%d)", pct, coded, total))
	if v.filterCode != "" || v.filterCoder != "" {
		parts = append(parts, "filter "+strings.Trim(v.filterCode+" "+v.filterCoder, " "))
	}
	if v.differ.on {
		parts = append(parts, "where coders differ")
	}
	if v.lastSave != "" {
		parts = append(parts, "saved "+v.lastSave)
	}
	left := " " + strings.Join(parts, " · ")
	return st.Status.Render(padRight(truncate(left, v.width), v.width))
}

// footer is the one-line key help, or the note on the last action.
func (v *codingView) footer() string { return footer(v.c, v.note, v.Keys()) }
