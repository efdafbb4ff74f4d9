package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// md and mdLine make what people wrote inert in the Markdown report (see
// package inert): inline, and at the start of a line.
var md, mdLine = inert.Markdown, inert.MarkdownLine

// writeMarkdownGrid writes g as a Markdown table with its columns padded to
// one display width, so that it reads aligned as plain text too.
func writeMarkdownGrid(w io.Writer, g Grid) {
	cells := make([][]string, 0, len(g.Rows)+1)
	cells = append(cells, g.Header)
	cells = append(cells, g.Rows...)
	width := make([]int, len(g.Header))
	for _, row := range cells {
		for i, c := range row {
			width[i] = max(width[i], lipgloss.Width(md(c)), 3)
		}
	}
	line := func(row []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range row {
			c = md(c)
			pad := strings.Repeat(" ", width[i]-lipgloss.Width(c))
			if g.Right[i] {
				b.WriteString(" " + pad + c + " |")
			} else {
				b.WriteString(" " + c + pad + " |")
			}
		}
		fmt.Fprintln(w, b.String())
	}
	line(cells[0])
	var b strings.Builder
	b.WriteString("|")
	for i := range g.Header {
		if g.Right[i] {
			b.WriteString(" " + strings.Repeat("-", width[i]-1) + ": |")
		} else {
			b.WriteString(" " + strings.Repeat("-", width[i]) + " |")
		}
	}
	fmt.Fprintln(w, b.String())
	for _, row := range cells[1:] {
		line(row)
	}
}

func writeNotes(w io.Writer, t *analysis.Table) {
	for _, n := range t.Notes {
		fmt.Fprintln(w, mdLine(n))
	}
	fmt.Fprintln(w)
}

func writeLegend(w io.Writer, t *analysis.Table) {
	if l := t.Legend(); l != "" {
		fmt.Fprintf(w, "\n%s\n", mdLine(l))
	}
}

// WriteMarkdown renders the whole report as Markdown.
func WriteMarkdown(out io.Writer, r *Report) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "# %s\n\n", md(r.Title))
	for _, s := range r.Summary() {
		fmt.Fprintf(w, "%s\n", mdLine(s))
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "## %s\n\n", md(r.Needs.Title))
	writeNotes(w, r.Needs)
	writeMarkdownGrid(w, TableGrid(r.Needs))
	writeLegend(w, r.Needs)
	fmt.Fprintln(w)
	writeNeedQuotes(w, r.Needs)

	fmt.Fprintf(w, "## Themes\n\n")
	for _, ts := range r.Themes {
		writeThemeMarkdown(w, ts)
	}

	fmt.Fprintf(w, "## %s\n\n", md(r.Frequencies.Title))
	writeNotes(w, r.Frequencies)
	writeMarkdownGrid(w, TableGrid(r.Frequencies))
	writeLegend(w, r.Frequencies)
	fmt.Fprintln(w)

	fmt.Fprintf(w, "## %s\n\n", md(r.Matrix.Title))
	writeNotes(w, r.Matrix)
	writeMarkdownGrid(w, MatrixGrid(r.Matrix, r.Unit))
	writeLegend(w, r.Matrix)
	fmt.Fprintln(w)

	fmt.Fprintf(w, "## %s\n\n", md(r.Cooccurrence.Title))
	writeNotes(w, r.Cooccurrence)
	g, more := r.pairs()
	writeMarkdownGrid(w, g)
	writeLegend(w, r.Cooccurrence)
	if more > 0 {
		fmt.Fprintf(w, "\n%d more pairs are in the CSV and XLSX outputs (`fieldwork table PROJECT cooccurrence`).\n", more)
	}
	writeTrackerMarkdown(w, r)
	writeSurveyMarkdown(w, r)
	writeMemosMarkdown(w, r)
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}

// pairs is the co-occurrence grid capped at MaxPairs rows, and how many
// rows were left out.
func (r *Report) pairs() (Grid, int) {
	g := TableGrid(r.Cooccurrence)
	more := 0
	if len(g.Rows) > r.MaxPairs {
		more = len(g.Rows) - r.MaxPairs
		g.Rows, g.Source = g.Rows[:r.MaxPairs], g.Source[:r.MaxPairs]
	}
	return g, more
}

// NeedQuotes are a need's quotes as (text, by) pairs; withheld is true when
// suppression hides them.
func NeedQuotes(t *analysis.Table, r int) (qs [][2]string, withheld bool) {
	for _, k := range []string{"quote_1", "quote_2"} {
		c, by := t.Col(k), t.Col(k+"_by")
		if t.Mark(r, c) != analysis.Shown {
			return nil, true
		}
		if text := t.Cell(r, c).Str; text != "" {
			qs = append(qs, [2]string{text, t.Cell(r, by).Str})
		}
	}
	return qs, false
}

func writeNeedQuotes(w io.Writer, t *analysis.Table) {
	if t.Rows() == 0 {
		return
	}
	fmt.Fprintf(w, "### Quotes\n\n")
	nc, rc := t.Col("need"), t.Col("rank")
	for r := 0; r < t.Rows(); r++ {
		path := t.Cell(r, nc).Str
		fmt.Fprintf(w, "%d. **%s**\n", t.Cell(r, rc).Int, md(Label(path, 0)))
		qs, withheld := NeedQuotes(t, r)
		switch {
		case withheld:
			fmt.Fprintf(w, "   - quotes withheld: too few participants\n")
		case len(qs) == 0:
			fmt.Fprintf(w, "   - no coded participant speech\n")
		}
		for _, q := range qs {
			fmt.Fprintf(w, "   - “%s” — %s\n", md(q[0]), md(q[1]))
		}
	}
	fmt.Fprintln(w)
}

func writeThemeMarkdown(w io.Writer, ts analysis.ThemeSummary) {
	fmt.Fprintf(w, "### %s\n\n", md(ts.Theme))
	if ts.Definition != "" {
		fmt.Fprintf(w, "%s\n\n", mdLine(ts.Definition))
	}
	fmt.Fprintf(w, "%s\n\n", mdLine(themeLine(ts)))
	if ts.SubCodes.Rows() > 0 {
		writeMarkdownGrid(w, TableGrid(ts.SubCodes))
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "By city:\n\n")
	writeMarkdownGrid(w, MatrixGrid(ts.Cities, UnitParticipants))
	fmt.Fprintln(w)
	if ts.Difference != "" {
		fmt.Fprintf(w, "Largest difference between cities: %s.\n\n", md(ts.Difference))
	}
	if ts.Withheld {
		fmt.Fprintf(w, "Distinctive words and quotes withheld: too few participants.\n\n")
		return
	}
	if len(ts.Words) > 0 {
		var ws []string
		for _, x := range ts.Words {
			ws = append(ws, fmt.Sprintf("%s (%d)", md(x.Word), x.Count))
		}
		fmt.Fprintf(w, "Distinctive words (TF-IDF against the other themes; count in brackets): %s.\n\n", strings.Join(ws, ", "))
	} else if ts.WordsNote != "" {
		fmt.Fprintf(w, "Distinctive words: %s.\n\n", md(ts.WordsNote))
	}
	if len(ts.Quotes) > 0 {
		fmt.Fprintf(w, "Exemplar quotes:\n\n")
		for _, q := range ts.Quotes {
			fmt.Fprintf(w, "> “%s” — %s\n\n", md(q.Text), md(q.By()))
		}
	}
}

// themeLine is "19 of 27 participants (70%), 79 codings, in 3 of 3 cities."
func themeLine(ts analysis.ThemeSummary) string {
	t := ts.Row
	h := func(name string) string { return t.Human(0, t.Col(name)) }
	return fmt.Sprintf("Mentioned by %s participants (%s); %s codings; in %s cities.",
		h("participants"), h("share"), h("codings"), h("cities"))
}
