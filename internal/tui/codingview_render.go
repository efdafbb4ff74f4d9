package tui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/coding"
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

// truncateANSI cuts a styled string to n cells.
func truncateANSI(s string, n int) string {
	if lipgloss.Width(s) <= n {
		return s
	}
	return lipgloss.NewStyle().MaxWidth(n).Render(s)
}

func (v *codingView) style(k styleKey) lipgloss.Style {
	if s, ok := v.styleCache[k]; ok {
		return s
	}
	st := v.c.renderer.NewStyle()
	if k.color != "" {
		st = codeStyle(v.c.renderer, k.color)
	}
	if k.fac && k.color == "" {
		st = st.Faint(true)
	}
	if k.sel {
		st = st.Underline(true).Bold(true)
	}
	if k.match {
		st = st.Background(lipgloss.Color("220")).Foreground(lipgloss.Color("0"))
	}
	if k.cur {
		st = st.Reverse(true)
	}
	v.styleCache[k] = st
	return st
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
			head = st.Time.Render(clock(turn.At)) + " "
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
	// Margin: one stripe per code, up to three.
	var margin strings.Builder
	seen := map[int64]bool{}
	n := 0
	for _, c := range here {
		if seen[c.CodeID] {
			continue
		}
		seen[c.CodeID] = true
		if n < 3 {
			margin.WriteString(v.c.renderer.NewStyle().Foreground(lipgloss.Color(v.colors[c.CodeID])).Render("▌"))
		}
		n++
	}
	if n > 3 {
		margin.WriteString("+")
		n = 4
	}
	ms := margin.String() + strings.Repeat(" ", marginWidth-min(n, 4))

	// Cut the line at every boundary that changes the style.
	cs, ce := -1, -1
	if !v.selecting && v.cursor < len(v.sents) {
		cs, ce = v.sents[v.cursor].Start, v.sents[v.cursor].End
	}
	cuts := []int{l.start, l.end}
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
	var ms0 []int
	if len(v.matches) > 0 {
		i := sort.SearchInts(v.matches, l.start-v.matchLen+1)
		for ; i < len(v.matches) && v.matches[i] < l.end; i++ {
			ms0 = append(ms0, v.matches[i])
			add(v.matches[i])
			add(v.matches[i] + v.matchLen)
		}
	}
	sort.Ints(cuts)
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
				k.color = v.colors[c.CodeID]
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

func clock(d time.Duration) string {
	d = d.Truncate(time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

// renderPanel is the right column: what is coded here, then the codebook
// with counts for this source and the project, or the open picker/chooser.
func (v *codingView) renderPanel(w, h int) string {
	st := v.c.styles
	switch v.mode {
	case modePicker:
		return v.picker.view(st, v.c.renderer, w, h)
	case modeChooser:
		return v.chooser.view(st, w)
	}
	var b strings.Builder
	lines := 0
	b.WriteString(st.PanelTitle.Render("Here") + "\n")
	lines++
	here := v.codingsHere()
	a, e := v.span()
	if memo, ok := v.spanMemo(a, e); ok {
		b.WriteString(truncate("✎ "+oneLine(memo), w) + "\n")
		lines++
	}
	if len(here) == 0 {
		b.WriteString(st.Dim.Render("not coded") + "\n")
		lines++
	}
	for i, c := range here {
		if i == 4 && len(here) > 5 {
			b.WriteString(st.Dim.Render(fmt.Sprintf("…and %d more", len(here)-4)) + "\n")
			lines++
			break
		}
		name := c.Code
		if j := strings.LastIndex(name, "/"); j >= 0 {
			name = name[j+1:]
		}
		sw := v.c.renderer.NewStyle().Foreground(lipgloss.Color(v.colors[c.CodeID])).Render("■")
		b.WriteString(sw + " " + truncate(name+" · "+c.Coder, w-2) + "\n")
		lines++
		if c.Memo != "" {
			b.WriteString("  " + st.Dim.Render(truncate("✎ "+oneLine(c.Memo), w-2)) + "\n")
			lines++
		}
	}
	b.WriteString("\n")
	lines++
	b.WriteString(st.PanelTitle.Render("Codebook") + st.Dim.Render(padLeft("here/all", w-8)) + "\n")
	lines++
	quick := map[int64]int{}
	for i, e := range v.topCodes() {
		quick[e.ID] = i + 1
	}
	// Counts include sub-codes, so a theme shows its whole weight.
	srcTot := make(map[int64]int, len(v.codebook))
	for i := len(v.codebook) - 1; i >= 0; i-- {
		e := v.codebook[i]
		srcTot[e.ID] += v.srcCount[e.ID]
		srcTot[e.ParentID] += srcTot[e.ID]
	}
	for _, e := range v.codebook {
		if lines >= h {
			break
		}
		sw := v.c.renderer.NewStyle().Foreground(lipgloss.Color(e.Color)).Render("■")
		num := " "
		if q := quick[e.ID]; q > 0 {
			num = fmt.Sprint(q)
		}
		counts := fmt.Sprintf("%d/%d", srcTot[e.ID], e.Total)
		name := strings.Repeat(" ", e.Depth) + e.Name
		room := w - 4 - len(counts) - 1
		line := num + " " + sw + " " + padRight(truncate(name, room), room) + " " + counts
		if e.Depth == 0 {
			line = num + " " + sw + " " + st.Bold.Render(padRight(truncate(name, room), room)) + " " + counts
		}
		b.WriteString(line + "\n")
		lines++
	}
	return b.String()
}

func padLeft(s string, n int) string {
	if w := lipgloss.Width(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// statusLine: source, city/group, coder, progress, last save, and a note.
func (v *codingView) statusLine() string {
	st := v.c.styles
	if v.mode == modePrompt {
		return v.prompt.view(st, v.c.width)
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
	if v.lastSave != "" {
		parts = append(parts, "saved "+v.lastSave)
	}
	left := " " + strings.Join(parts, " · ")
	return st.Status.Render(padRight(truncate(left, v.c.width), v.c.width))
}

// footer is the one-line key help, or the note on the last action.
func (v *codingView) footer() string {
	st := v.c.styles
	if v.note != "" {
		return st.Bold.Render(truncate("» "+v.note, v.c.width))
	}
	var parts []string
	for _, k := range v.c.keys.ShortHelp() {
		h := k.Help()
		parts = append(parts, h.Key+" "+st.Dim.Render(h.Desc))
	}
	return truncateANSI(strings.Join(parts, "  "), v.c.width)
}
