package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

// searchLines is how many lines of a result's sentence are shown.
const searchLines = 4

func (v *searchView) View() string {
	st, w := v.c.styles, v.width
	switch {
	case v.picker != nil:
		return v.picker.view(st, w, v.height)
	case v.filters != nil:
		return v.filters.view(st, w)
	}
	var lines []string
	first, last := 0, 0
	if v.res != nil {
		for i, h := range v.res.Hits {
			if i == v.cursor {
				first = len(lines)
			}
			lines = append(lines, v.hitLines(i, h)...)
			if i == v.cursor {
				last = len(lines) - 1
			}
		}
	}
	if len(lines) == 0 {
		lines = []string{st.Dim.Render(" " + v.emptyText())}
	}
	bottom := footer(v.c, v.note, v.keys)
	if v.prompt != nil {
		bottom = v.prompt.view(st, w)
	}
	return st.PanelTitle.Render(truncate(v.title(), w)) + "\n" + st.Dim.Render(truncate(v.filterLine(), w)) + "\n" +
		v.rows.view(lines, first, last) + "\n" + bottom
}

func (v *searchView) emptyText() string {
	switch {
	case v.running:
		return "searching…"
	case v.res != nil:
		return "nothing found"
	}
	return "Press / to search every source (a regular expression), f to filter by code, coder, city, group or attribute."
}

// title says what was searched and found, and how results are coded.
func (v *searchView) title() string {
	pat := "every sentence"
	if v.query.Pattern != "" {
		pat = "/" + v.query.Pattern + "/"
	}
	s := "Search " + pat
	switch {
	case v.running:
		s += " · searching…"
	case v.res != nil:
		s += fmt.Sprintf(" · %s in %s", plural.Count(v.res.Total, "result", "results"), plural.Count(v.res.Sources, "source", "sources"))
		if v.res.Total > len(v.res.Hits) {
			s += fmt.Sprintf(", the first %d shown", len(v.res.Hits))
		}
	}
	if len(v.marked) > 0 {
		s += fmt.Sprintf(" · %d marked", len(v.marked))
	}
	return s + " · coding by " + v.spread.String()
}

// filterLine lists the filters in force.
func (v *searchView) filterLine() string {
	q := v.query
	var parts []string
	add := func(name, val string) {
		if val != "" {
			parts = append(parts, name+" "+val)
		}
	}
	add("code", q.Code)
	add("coder", q.Coder)
	add("city", q.City)
	add("group", q.Group)
	keys := make([]string, 0, len(q.Attributes))
	for k := range q.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+q.Attributes[k])
	}
	if q.Facilitators {
		parts = append(parts, "facilitators and unattributed included")
	}
	if len(parts) == 0 {
		return " no filter (f): participants' speech in every source"
	}
	return " filters: " + strings.Join(parts, " · ")
}

// hitLines draws one result: a mark, who (participant id, never a speaker
// label) and where, then the sentence with its matches highlighted.
func (v *searchView) hitLines(i int, h project.SearchHit) []string {
	st, w := v.c.styles, v.width
	box := "[ ]"
	if v.marked[[2]int64{h.SourceID, int64(h.Start)}] {
		box = "[x]"
	}
	who := nz(h.Participant, "unattributed")
	if h.Facilitator {
		who += " (facilitator)"
	}
	head := fmt.Sprintf(" %s %s · %s · %s %d", box, who, nz(h.City, "no city"), h.Source, h.Start)
	var out []string
	if i == v.cursor {
		out = append(out, st.ListCursor.Render(fit(head, w)))
	} else {
		out = append(out, st.Bold.Render(truncate(head, w)))
	}
	wrapped := wordWrap(v.highlight(h), w-6)
	if len(wrapped) > searchLines {
		wrapped = append(wrapped[:searchLines-1], truncate(wrapped[searchLines-1], w-8)+" …")
	}
	for _, l := range wrapped {
		out = append(out, "      "+l)
	}
	return append(out, "")
}

// highlight is the sentence on one line with its matches in the Match
// style.
func (v *searchView) highlight(h project.SearchHit) string {
	runes := []rune(h.Text)
	for i, r := range runes {
		if r == '\n' || r == '\r' || r == '\t' {
			runes[i] = ' '
		}
	}
	var b strings.Builder
	at := 0
	for _, m := range h.Matches {
		a, z := m[0]-h.Start, m[1]-h.Start
		if a < at || z > len(runes) {
			continue
		}
		b.WriteString(string(runes[at:a]))
		b.WriteString(v.c.styles.Match.Render(string(runes[a:z])))
		at = z
	}
	b.WriteString(string(runes[at:]))
	return b.String()
}
