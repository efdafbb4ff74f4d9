package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

func (v *identifiersView) View() string {
	st, w := v.c.styles, v.width
	if !v.loaded {
		msg := "scanning the sources for identifiers…"
		if !v.scanning {
			msg = "not scanned yet: r scans the sources"
		}
		return st.PanelTitle.Render(truncate("Identifiers", w)) + "\n" + st.Dim.Render(" "+msg)
	}
	bottom := footer(v.c, v.note, v.keys)
	if v.prompt != nil {
		bottom = v.prompt.view(st, w)
	}
	title := st.PanelTitle.Render(truncate(v.title(), w))
	lines, at := v.lines(w)
	v.rows.setSize(w, v.listHeight())
	first := at
	if v.cursor == 0 || v.cursor == len(v.pending) {
		first = max(at-2, 0) // a section's first row with its heading
	}
	body := v.rows.view(lines, first, at)
	return title + "\n" + fitHeight(body, v.listHeight()) + "\n" + bottom
}

func (v *identifiersView) title() string {
	s := fmt.Sprintf("Identifiers · %d suggested · %d on the list", len(v.pending), len(v.list))
	if v.scanning {
		s += " · scanning…"
	}
	return s
}

// identColumns are the widths of the term, kind and count columns: their
// widest cell, the term cut at 28.
func (v *identifiersView) identColumns() (term, kind, count int) {
	kind, count = len("handle"), len("count")
	for _, s := range v.pending {
		term = max(term, ansi.StringWidth(s.Term))
		count = max(count, len(fmt.Sprint(s.Count)))
	}
	for _, id := range v.list {
		term = max(term, ansi.StringWidth(id.Term))
	}
	return min(max(term, 4), 28), kind, count
}

// lines are the screen's lines: the suggestions under their heading, then
// the list under its own; at is the line of the cursor's row.
func (v *identifiersView) lines(width int) (out []string, at int) {
	st := v.c.styles
	tw, kw, cw := v.identColumns()
	row := func(i int, line string) {
		if i == v.cursor {
			at = len(out)
			out = append(out, st.ListCursor.Render(fit(line, width)))
			return
		}
		out = append(out, truncate(line, width))
	}
	head := fmt.Sprintf(" %s  %s  %s  %-7s  %s", fit("term", tw), fit("kind", kw), padLeft("count", cw), "found", "sources")
	out = append(out, st.Bold.Render(truncate(" Suggested: a accepts, e edits, d dismisses", width)), st.Dim.Render(truncate(head, width)))
	if len(v.pending) == 0 {
		out = append(out, st.Dim.Render(" none left to review"))
	}
	for i, s := range v.pending {
		row(i, fmt.Sprintf(" %s  %s  %s  %-7s  %s", fit(v.c.masked(s.Term), tw), fit(string(s.Kind), kw),
			padLeft(fmt.Sprint(s.Count), cw), s.Found, strings.Join(s.Sources, ", ")))
	}
	out = append(out, "", st.Bold.Render(truncate(" On the identifier list: e edits, x removes", width)))
	if len(v.list) == 0 {
		out = append(out, st.Dim.Render(" empty: accept a suggestion, or `fieldwork redact add`"))
	}
	sw := 0
	for _, id := range v.list {
		sw = min(max(sw, ansi.StringWidth(shownAs(id))), 24)
	}
	for i, id := range v.list {
		row(len(v.pending)+i, fmt.Sprintf(" %s  %s  → %s  added by %s", fit(v.c.masked(id.Term), tw), fit(string(id.Kind), kw),
			fit(v.c.masked(shownAs(id)), sw), nz(id.AddedBy, "–")))
	}
	return out, at
}
