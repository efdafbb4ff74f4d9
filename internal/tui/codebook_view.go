package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// detailLines is the room the Codebook screen gives the selected code.
func (v *codebookView) detailLines() int {
	switch {
	case v.height >= 40:
		return 12
	case v.height >= 26:
		return 8
	}
	return 6
}

// listHeight is the number of codebook rows on screen.
func (v *codebookView) listHeight() int { return max(v.height-v.detailLines()-1, 3) }

func (v *codebookView) View() string {
	st := v.c.styles
	if v.entries == nil {
		return st.Dim.Render("loading…")
	}
	if v.picker != nil {
		return v.picker.view(st, v.width, v.height)
	}
	if v.whole {
		lines := v.fields(0)
		v.wholeView.setSize(v.width, v.height-1)
		y := v.wholeView.vp.YOffset
		return v.wholeView.view(lines, y, y) + "\n" + footer(v.c, "", v.wholeKeys())
	}
	v.list.setSize(v.width, v.listHeight())
	rows := make([]string, len(v.entries))
	for i, e := range v.entries {
		counts := fmt.Sprintf("%d", e.Codings)
		if e.Total != e.Codings {
			counts = fmt.Sprintf("%d (%d)", e.Codings, e.Total)
		}
		name := strings.Repeat("  ", e.Depth) + e.Name
		room := max(v.width-16, 8)
		text := fit(name, room) + padLeft(counts, 12)
		if i == v.cursor {
			text = st.ListCursor.Render(text)
		} else if e.Depth == 0 {
			text = st.Bold.Render(text)
		}
		rows[i] = " " + st.swatch(v.looks[e.ID]) + " " + text
	}
	var b strings.Builder
	b.WriteString(v.list.view(rows, v.cursor, v.cursor) + "\n")
	detail := v.detail()
	n := v.detailLines()
	if v.confirm != nil {
		n-- // the question takes two lines
	}
	for i := 0; i < n; i++ {
		if i < len(detail) {
			b.WriteString(detail[i])
		}
		b.WriteString("\n")
	}
	b.WriteString(v.bottom())
	return b.String()
}

// detail is the selected code below the list: its path, then its fields,
// wrapped, each in a share of the room (space shows them whole).
func (v *codebookView) detail() []string {
	return v.fields(max((v.detailLines()-1)/int(fieldCount), 1))
}

// wholeKeys are the keys of the whole code's view.
func (v *codebookView) wholeKeys() listKeys {
	k := v.keys
	for _, b := range []*key.Binding{&k.Add, &k.AddChild, &k.Rename, &k.Edit, &k.Move, &k.Merge, &k.Delete, &k.Undo, &k.Redo} {
		b.SetEnabled(false)
	}
	k.Expand.SetHelp(k.Expand.Help().Key, "back")
	k.Back.SetEnabled(true)
	return k
}

// fields are the selected code's path and fields, each wrapped to at most
// per lines (0: all).
func (v *codebookView) fields(per int) []string {
	st := v.c.styles
	cur, ok := v.current()
	if !ok {
		return nil
	}
	out := []string{st.PanelTitle.Render(truncate(cur.Path, v.width))}
	for f := codeField(0); f < fieldCount; f++ {
		val := f.of(cur.Code)
		if f == fieldColour && v.c.palette != "codebook" {
			val = strings.TrimSpace(val + " (the " + v.c.palette + " palette is shown; --palette codebook uses this)")
		}
		if val == "" {
			out = append(out, fmt.Sprintf(" %-10s %s", f, st.Dim.Render("–")))
			continue
		}
		lines := wordWrap(val, v.width-13)
		if per > 0 && len(lines) > per {
			lines = append(lines[:per-1], truncate(strings.Join(lines[per-1:], " "), v.width-13))
		}
		for i, l := range lines {
			name := ""
			if i == 0 {
				name = f.String()
			}
			out = append(out, fmt.Sprintf(" %-10s %s", name, l))
		}
	}
	return out
}

// bottom is the last line: the prompt, the delete question, a note or the
// keys.
func (v *codebookView) bottom() string {
	st := v.c.styles
	switch {
	case v.prompt != nil:
		return v.prompt.view(st, v.width)
	case v.confirm != nil:
		// The question, then the answers with the current one marked (enter
		// takes it), each on a line that fits the window.
		var b strings.Builder
		b.WriteString(st.StatusKey.Render(truncate(v.confirm.title, v.width-2)) + "\n")
		opts := make([]string, len(v.confirm.options))
		for i, o := range v.confirm.options {
			opts[i] = fmt.Sprintf("  %d %s", i+1, o)
			if i == v.confirm.cursor {
				opts[i] = st.ListCursor.Render(fmt.Sprintf("› %d %s", i+1, o))
			}
		}
		b.WriteString(truncateANSI(strings.Join(opts, "  ")+st.Dim.Render("   1/2 or j/k and enter · esc keeps it"), v.width))
		return b.String()
	}
	return footer(v.c, v.note, v.keys)
}
