package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// sourcesView lists the project's sources with this coder's progress, on a
// bubbles table (which scrolls).
type sourcesView struct {
	c        *common
	keys     listKeys
	list     []store.SourceSummary
	progress map[int64][2]int
	agree    map[int64]agreement.Summary // sources coded by two or more coders
	table    table.Model
	width    int
	height   int
	stale    bool
}

func newSourcesView(c *common) *sourcesView {
	k := newListKeys(c.keys, map[string]string{"open": "open"})
	t := table.New(table.WithFocused(true), table.WithStyles(c.styles.Table), table.WithKeyMap(k.table()))
	return &sourcesView{c: c, keys: k, table: t}
}

func loadSourcesCmd(st *store.Store, coder string) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Sources()
		if err != nil {
			return errMsg{err}
		}
		prog, err := st.CodingProgress(coder)
		if err != nil {
			return errMsg{err}
		}
		return sourcesLoadedMsg{list: list, progress: prog}
	}
}

func (v *sourcesView) Capturing() bool   { return false }
func (v *sourcesView) Keys() help.KeyMap { return v.keys }

func (v *sourcesView) Show() tea.Cmd {
	if v.stale {
		return tea.Batch(loadSourcesCmd(v.c.store, v.c.coder), loadSourceAgreementCmd(v.c.store))
	}
	return nil
}

// SetSize fits the table: the footer and a blank line take two lines.
func (v *sourcesView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.table.SetHeight(max(height-2, 2))
	v.fill()
}

// cursor is the row under the cursor.
func (v *sourcesView) cursor() int { return v.table.Cursor() }

func (v *sourcesView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case actionDoneMsg, participantsChangedMsg:
		v.stale = true
	case sourcesLoadedMsg:
		v.list, v.progress, v.stale = msg.list, msg.progress, false
		v.fill()
	case sourceAgreementMsg:
		v.agree = msg.agree
		v.fill()
	case tea.KeyMsg:
		if key.Matches(msg, v.keys.Open) {
			if i := v.cursor(); i < len(v.list) {
				name := v.list[i].Name
				return func() tea.Msg { return openSourceMsg{source: name, offset: -1} }
			}
			return nil
		}
		var cmd tea.Cmd
		v.table, cmd = v.table.Update(msg)
		return cmd
	}
	return nil
}

// fill puts the sources in the table with columns that fit the width:
// the progress bar shrinks first, then the source names are cut.
func (v *sourcesView) fill() {
	if v.list == nil {
		return
	}
	barW := 10
	if v.width < 100 {
		barW = 5
	}
	header := []string{"source", "city", "group", "date", "participants", "words", "codings", "coded by " + v.c.coder}
	if v.width < 100 {
		header[4], header[7] = "people", "coded"
	}
	rows := make([]table.Row, len(v.list))
	for i, s := range v.list {
		p := v.progress[s.ID]
		pct := "–"
		if p[1] > 0 {
			pct = fmt.Sprintf("%3d%% %s", p[0]*100/p[1], bar(p[0], p[1], barW))
		}
		rows[i] = table.Row{s.Name, s.City, s.Group, s.Date, fmt.Sprint(s.Participants), fmt.Sprint(s.Words), fmt.Sprint(s.Codings), pct}
		if v.showAgreement() {
			rows[i] = append(rows[i], v.agreementCell(s.ID))
		}
	}
	if v.showAgreement() {
		header = append(header, "alpha")
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	total := 0
	for _, w := range widths {
		total += w + 2 // the cell padding
	}
	if over := total - v.width; over > 0 {
		for _, col := range []int{7, 0, 1} { // the progress header, the names, the cities
			cut := min(over, max(widths[col]-6, 0))
			widths[col] -= cut
			over -= cut
		}
	}
	cols := make([]table.Column, len(header))
	for i, h := range header {
		cols[i] = table.Column{Title: h, Width: widths[i]}
	}
	cur := max(v.table.Cursor(), 0)
	v.table.SetRows(nil) // the alpha column may come or go: no row may be wider than the columns
	v.table.SetColumns(cols)
	v.table.SetRows(rows)
	v.table.SetWidth(v.width)
	v.table.SetCursor(cur)
}

func (v *sourcesView) View() string {
	st := v.c.styles
	if v.list == nil {
		return st.Dim.Render("loading…")
	}
	if len(v.list) == 0 {
		return st.Dim.Render("No sources yet. Import transcripts with `fieldwork import PROJECT FILE...`.")
	}
	body := fitHeight(v.table.View(), max(v.height-1, 1))
	return body + "\n" + footer(v.c, "", v.keys)
}
