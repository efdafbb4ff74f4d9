package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

func (v *participantsView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	if cancelled {
		v.prompt = nil
		return nil
	}
	if !done {
		return cmd
	}
	v.prompt = nil
	p, ok := v.current()
	if !ok {
		return nil
	}
	switch v.form {
	case formBindNew:
		if id := strings.TrimSpace(text); id != "" {
			v.askBind(p, id)
		}
		return nil
	case formAttrNew:
		k, val, found := strings.Cut(text, "=")
		if !found || strings.TrimSpace(k) == "" {
			v.note = fmt.Sprintf("%q is not key=value", text)
			return nil
		}
		return v.setAttr(p.ID, k, val)
	}
	return v.setAttr(p.ID, v.attr, text)
}

// setAttr saves one attribute of a participant.
func (v *participantsView) setAttr(id, k, val string) tea.Cmd {
	return changeCmd(v.c.store, func(pr *project.Project) (string, error) {
		key, err := pr.SetAttribute(id, k, val)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(val) == "" {
			return fmt.Sprintf("removed %s of %s", key, id), nil
		}
		return fmt.Sprintf("set %s of %s to %s", key, id, strings.TrimSpace(val)), nil
	})
}

// sideBySide: the details go to the right of the list when there is room.
func (v *participantsView) sideBySide() bool { return v.width >= 100 }

// detailHeight is the height of the details under the list (narrow).
func (v *participantsView) detailHeight() int {
	if v.sideBySide() {
		return 0
	}
	return min(8, max(v.height/3, 3))
}

// listHeight is the rows the list shows: the screen less its title, the
// footer and the details under it.
func (v *participantsView) listHeight() int { return max(v.height-2-v.detailHeight(), 1) }

func (v *participantsView) View() string {
	st, w := v.c.styles, v.width
	switch {
	case v.picker != nil:
		return v.picker.view(st, w, v.height)
	case v.confirm != nil:
		return v.confirm.view(st, w)
	case v.list == nil:
		return st.Dim.Render("loading…")
	}
	bottom := footer(v.c, v.note, v.keys)
	if v.prompt != nil {
		bottom = v.prompt.view(st, w)
	}
	title := st.PanelTitle.Render(truncate(v.title(), w))
	if len(v.list) == 0 {
		return title + "\n" + st.Dim.Render(" No participants yet: import a transcript or a roster.") + "\n" + bottom
	}
	listW := w
	if v.sideBySide() {
		listW = min(w/2, v.rowsWidth()+1)
	}
	v.rows.setSize(listW, v.listHeight())
	rows := v.rows.view(v.rowLines(listW), v.cursor, v.cursor)
	var body string
	if v.sideBySide() {
		detail := fitHeight(strings.Join(v.detailLines(w-listW-3), "\n"), v.listHeight())
		body = lipgloss.JoinHorizontal(lipgloss.Top, fitHeight(rows, v.listHeight()), " ", st.Panel.Render(detail))
	} else {
		detail := v.detailLines(w - 1)
		if n := v.detailHeight(); len(detail) > n {
			more := len(detail) - n + 1
			detail = append(detail[:n-1], st.Dim.Render(fmt.Sprintf(" … %d more (e lists every attribute)", more)))
		}
		body = fitHeight(rows, v.listHeight()) + "\n" + fitHeight(strings.Join(detail, "\n"), v.detailHeight())
	}
	return title + "\n" + body + "\n" + bottom
}

func (v *participantsView) title() string {
	people, fac, loose := 0, 0, 0
	for _, p := range v.list {
		switch {
		case p.Facilitator:
			fac++
		default:
			people++
		}
		if p.Unmatched {
			loose++
		}
	}
	s := fmt.Sprintf("Participants · %s, %s", plural.Count(people, "participant", "participants"), plural.Count(fac, "facilitator", "facilitators"))
	if loose > 0 {
		s += fmt.Sprintf(" · %s: b binds", plural.Count(loose, "unmatched label", "unmatched labels"))
	}
	return s
}

// role is what a participant is, as the list says it.
func role(p project.Participant) string {
	switch {
	case p.Withdrawn:
		return "withdrawn"
	case p.Facilitator:
		return "facilitator"
	case p.Unmatched:
		return "unmatched"
	}
	return "participant"
}

// columns are the list's cells (id, group, city, role and turns) and
// the width of each column: its widest cell, cut for long ids and names.
func (v *participantsView) columns() ([][5]string, [5]int) {
	cells := make([][5]string, len(v.list))
	var widths [5]int
	for i, p := range v.list {
		cells[i] = [5]string{p.ID, p.Group, p.City, role(p), fmt.Sprint(p.Turns)}
		for j, c := range cells[i] {
			widths[j] = max(widths[j], ansi.StringWidth(c))
		}
	}
	widths[0], widths[1], widths[2] = min(widths[0], 16), min(widths[1], 12), min(widths[2], 14)
	return cells, widths
}

// rowsWidth is the width the list's rows need.
func (v *participantsView) rowsWidth() int {
	_, widths := v.columns()
	n := 1 + 2*4
	for _, w := range widths {
		n += w
	}
	return n
}

// rowLines are the list's rows, in columns (cut to the width).
func (v *participantsView) rowLines(width int) []string {
	st := v.c.styles
	cells, widths := v.columns()
	out := make([]string, len(v.list))
	for i, c := range cells {
		line := " " + fit(c[0], widths[0]) + "  " + fit(c[1], widths[1]) + "  " + fit(c[2], widths[2]) + "  " +
			fit(c[3], widths[3]) + "  " + padLeft(c[4], widths[4])
		switch {
		case i == v.cursor:
			out[i] = st.ListCursor.Render(fit(line, width))
		case v.list[i].Unmatched:
			out[i] = st.Bold.Render(truncate(line, width))
		default:
			out[i] = truncate(line, width)
		}
	}
	return out
}

// detailLines are the selected participant's details: role, group, city,
// turns, speaker labels (inside the project only) and attributes.
func (v *participantsView) detailLines(width int) []string {
	st := v.c.styles
	p, ok := v.current()
	if !ok {
		return nil
	}
	out := []string{st.Bold.Render(truncate(fmt.Sprintf(" %s · %s", p.ID, role(p)), width)),
		truncate(fmt.Sprintf(" group %s · city %s · %s in %s", nz(p.Group, "–"), nz(p.City, "–"), plural.Count(p.Turns, "turn", "turns"), plural.Count(p.Sources, "source", "sources")), width),
		truncate(" "+labelsNoun(len(p.Labels))+": "+nz(strings.Join(p.Labels, ", "), "none"), width)}
	if p.Unmatched {
		out = append(out, st.Dim.Render(truncate(" no roster row names this label: b binds it to a roster id", width)))
	}
	keys := make([]string, 0, len(p.Attributes))
	for k := range p.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, truncate(fmt.Sprintf(" %s: %s", k, p.Attributes[k]), width))
	}
	if len(keys) == 0 {
		out = append(out, st.Dim.Render(" no attribute (e adds one)"))
	}
	return out
}

// labelsNoun heads a participant's list of speaker labels.
func labelsNoun(n int) string {
	if n == 1 {
		return "speaker label"
	}
	return "speaker labels"
}
