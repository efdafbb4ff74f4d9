package report

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// cityColors are told apart by colour-blind readers (Okabe-Ito), given to
// cities in their sorted order.
var cityColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999933", "#332288"}

const css = `
:root { --ink: #1d2330; --muted: #5b6474; --rule: #d9dee7; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 40px 64px; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 22px; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 18px; margin: 28px 0 6px; }
h3 .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 8px; vertical-align: 0; }
p { margin: 6px 0; }
.summary p { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; }
nav { margin: 16px 0 8px; font-size: 14px; }
nav a { margin-right: 14px; color: #1f5fa8; }
table { border-collapse: collapse; margin: 10px 0 6px; font-size: 13px; width: 100%; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; border-bottom: 1px solid #b8c0cc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.theme td { font-weight: 600; }
figure { margin: 12px 0 16px; }
figcaption { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
ol.quotes { padding-left: 22px; }
ol.quotes li { margin: 10px 0; }
blockquote { margin: 6px 0 6px 0; padding: 2px 0 2px 12px; border-left: 3px solid var(--rule); }
blockquote .by { display: block; color: var(--muted); font-size: 13px; }
.words span { display: inline-block; margin: 2px 6px 2px 0; padding: 1px 8px; border-radius: 10px; background: var(--band); font-size: 13px; }
footer { margin-top: 48px; font-size: 13px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 8px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure, blockquote, tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

func esc(s string) string { return html.EscapeString(s) }

// WriteHTML renders the report as one self-contained HTML file: inline CSS,
// inline SVG charts (prevalence by city as bars, the matrix as a heat map),
// no scripts, fonts or images from anywhere.
func WriteHTML(out io.Writer, r *Report) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(w, "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", esc(r.Title), css+trackerStyle(r))
	fmt.Fprintf(w, "<header>\n<h1>%s</h1>\n<div class=\"summary\">\n", esc(r.Title))
	for _, s := range r.Summary() {
		fmt.Fprintf(w, "<p>%s</p>\n", esc(s))
	}
	fmt.Fprintf(w, "</div>\n</header>\n")
	fmt.Fprintf(w, "<nav><a href=\"#needs\">Needs</a><a href=\"#themes\">Themes</a><a href=\"#frequencies\">Frequencies</a><a href=\"#matrix\">Matrix</a><a href=\"#cooccurrence\">Co-occurrence</a>%s%s</nav>\n", trackerNav(r), surveyNav(r))

	cities := cityOrder(r.ByCity)

	// Needs.
	fmt.Fprintf(w, "<section id=\"needs\">\n<h2>%s</h2>\n", esc(r.Needs.Title))
	htmlNotes(w, r.Needs)
	var needRows []barRow
	nc := r.Needs.Col("need")
	for i := 0; i < r.Needs.Rows(); i++ {
		path := r.Needs.Cell(i, nc).Str
		needRows = append(needRows, barRow{label: fmt.Sprintf("%d. %s", r.Needs.Cell(i, r.Needs.Col("rank")).Int, Label(path, 0)), code: path})
	}
	writeBarChart(w, "Prevalence of each need by city: the share of each city's participants who mention it.", needRows, r.ByCity, cities)
	htmlGrid(w, TableGrid(r.Needs), nil)
	htmlLegend(w, r.Needs)
	writeNeedQuotesHTML(w, r.Needs)
	fmt.Fprintf(w, "</section>\n")

	// Themes.
	fmt.Fprintf(w, "<section id=\"themes\">\n<h2>Themes</h2>\n")
	var themeRows []barRow
	for _, ts := range r.Themes {
		themeRows = append(themeRows, barRow{label: ts.Theme, code: ts.Theme})
	}
	writeBarChart(w, "Prevalence of each theme by city: the share of each city's participants who mention it.", themeRows, r.ByCity, cities)
	for _, ts := range r.Themes {
		writeThemeHTML(w, ts)
	}
	fmt.Fprintf(w, "</section>\n")

	// Frequencies.
	fmt.Fprintf(w, "<section id=\"frequencies\">\n<h2>%s</h2>\n", esc(r.Frequencies.Title))
	htmlNotes(w, r.Frequencies)
	htmlGrid(w, TableGrid(r.Frequencies), themeRowsOf(r.Frequencies))
	htmlLegend(w, r.Frequencies)
	fmt.Fprintf(w, "</section>\n")

	// Matrix.
	fmt.Fprintf(w, "<section id=\"matrix\">\n<h2>%s</h2>\n", esc(r.Matrix.Title))
	htmlNotes(w, r.Matrix)
	writeHeatMap(w, r.Matrix, r.Unit)
	htmlLegend(w, r.Matrix)
	fmt.Fprintf(w, "</section>\n")

	// Co-occurrence.
	fmt.Fprintf(w, "<section id=\"cooccurrence\">\n<h2>%s</h2>\n", esc(r.Cooccurrence.Title))
	htmlNotes(w, r.Cooccurrence)
	g, more := r.pairs()
	htmlGrid(w, g, nil)
	htmlLegend(w, r.Cooccurrence)
	if more > 0 {
		fmt.Fprintf(w, "<p class=\"note\">%d more pairs are in the CSV and XLSX outputs.</p>\n", more)
	}
	fmt.Fprintf(w, "</section>\n")

	writeTrackerHTML(w, r)
	writeSurveyHTML(w, r)

	fmt.Fprintf(w, "<footer>Made with fieldwork. Quotes name participants by ID and city only. Every count is of participants unless it says codings.</footer>\n")
	fmt.Fprintf(w, "</main>\n</body>\n</html>\n")
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

func htmlNotes(w io.Writer, t *analysis.Table) {
	for _, n := range t.Notes {
		fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", esc(n))
	}
}

func htmlLegend(w io.Writer, t *analysis.Table) {
	if l := t.Legend(); l != "" {
		fmt.Fprintf(w, "<p class=\"note\">%s</p>\n", esc(l))
	}
}

// themeRowsOf marks the grid rows of themes (depth 0) for bold type.
func themeRowsOf(t *analysis.Table) map[int]bool {
	out := map[int]bool{}
	d := t.Col("depth")
	if d < 0 {
		return out
	}
	for r := 0; r < t.Rows(); r++ {
		if t.Cell(r, d).Int == 0 {
			out[r] = true
		}
	}
	return out
}

func htmlGrid(w io.Writer, g Grid, bold map[int]bool) {
	fmt.Fprintf(w, "<table>\n<thead><tr>")
	for i, h := range g.Header {
		fmt.Fprintf(w, "<th%s>%s</th>", numClass(g.Right[i]), esc(h))
	}
	fmt.Fprintf(w, "</tr></thead>\n<tbody>\n")
	for i, row := range g.Rows {
		if bold[g.Source[i]] {
			fmt.Fprintf(w, "<tr class=\"theme\">")
		} else {
			fmt.Fprintf(w, "<tr>")
		}
		for j, c := range row {
			fmt.Fprintf(w, "<td%s>%s</td>", numClass(g.Right[j]), esc(c))
		}
		fmt.Fprintf(w, "</tr>\n")
	}
	fmt.Fprintf(w, "</tbody>\n</table>\n")
}

func numClass(right bool) string {
	if right {
		return ` class="num"`
	}
	return ""
}

func writeNeedQuotesHTML(w io.Writer, t *analysis.Table) {
	if t.Rows() == 0 {
		return
	}
	fmt.Fprintf(w, "<h3>Quotes</h3>\n<ol class=\"quotes\">\n")
	nc, rc := t.Col("need"), t.Col("rank")
	for r := 0; r < t.Rows(); r++ {
		fmt.Fprintf(w, "<li value=\"%d\"><strong>%s</strong>\n", t.Cell(r, rc).Int, esc(Label(t.Cell(r, nc).Str, 0)))
		qs, withheld := NeedQuotes(t, r)
		switch {
		case withheld:
			fmt.Fprintf(w, "<p class=\"note\">Quotes withheld: too few participants.</p>\n")
		case len(qs) == 0:
			fmt.Fprintf(w, "<p class=\"note\">No coded participant speech.</p>\n")
		}
		for _, q := range qs {
			fmt.Fprintf(w, "<blockquote>“%s”<span class=\"by\">— %s</span></blockquote>\n", esc(q[0]), esc(q[1]))
		}
		fmt.Fprintf(w, "</li>\n")
	}
	fmt.Fprintf(w, "</ol>\n")
}

func writeThemeHTML(w io.Writer, ts analysis.ThemeSummary) {
	color := ts.Color
	if color == "" {
		color = "#7f7f7f"
	}
	fmt.Fprintf(w, "<h3><span class=\"swatch\" style=\"background:%s\"></span>%s</h3>\n", esc(color), esc(ts.Theme))
	if ts.Definition != "" {
		fmt.Fprintf(w, "<p>%s</p>\n", esc(ts.Definition))
	}
	fmt.Fprintf(w, "<p>%s</p>\n", esc(themeLine(ts)))
	if ts.SubCodes.Rows() > 0 {
		htmlGrid(w, TableGrid(ts.SubCodes), nil)
	}
	htmlGrid(w, MatrixGrid(ts.Cities, UnitParticipants), themeRowsOf(ts.Cities))
	if ts.Difference != "" {
		fmt.Fprintf(w, "<p>Largest difference between cities: %s.</p>\n", esc(ts.Difference))
	}
	if ts.Withheld {
		fmt.Fprintf(w, "<p class=\"note\">Distinctive words and quotes withheld: too few participants.</p>\n")
		return
	}
	if len(ts.Words) > 0 {
		fmt.Fprintf(w, "<p class=\"words\">Distinctive words: ")
		for _, x := range ts.Words {
			fmt.Fprintf(w, "<span title=\"TF-IDF %.2f\">%s (%d)</span>", x.TFIDF, esc(x.Word), x.Count)
		}
		fmt.Fprintf(w, "</p>\n")
	} else if ts.WordsNote != "" {
		fmt.Fprintf(w, "<p class=\"note\">Distinctive words: %s.</p>\n", esc(ts.WordsNote))
	}
	for _, q := range ts.Quotes {
		fmt.Fprintf(w, "<blockquote>“%s”<span class=\"by\">— %s</span></blockquote>\n", esc(q.Text), esc(q.By()))
	}
}

// cityOrder is the matrix-by-city's column values in order.
func cityOrder(t *analysis.Table) []string {
	_, cols, _ := t.Pivot("code", "value")
	return cols
}

type barRow struct {
	label string
	code  string // path in the by-city matrix (a theme's path is its name)
}

// writeBarChart draws grouped horizontal bars: one group per row, one bar
// per city, the bar's length the city's column share. A suppressed cell
// draws no bar, only its mark.
func writeBarChart(w io.Writer, caption string, rows []barRow, byCity *analysis.Table, cities []string) {
	if len(rows) == 0 || len(cities) == 0 {
		return
	}
	codes, cols, idx := byCity.Pivot("code", "value")
	rowOf := map[string]int{}
	for i, c := range codes {
		rowOf[c] = i
	}
	colOf := map[string]int{}
	for j, c := range cols {
		colOf[c] = j
	}
	const (
		labelW = 330
		plotW  = 560
		barH   = 11
		gap    = 10
		top    = 30
	)
	groupH := len(cities)*barH + gap
	height := top + len(rows)*groupH + 24
	width := labelW + plotW + 60
	fmt.Fprintf(w, "<figure>\n<figcaption>%s</figcaption>\n", esc(caption))
	fmt.Fprintf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n", width, height, width, height, esc(caption))
	// Legend.
	x := labelW
	for i, c := range cities {
		fmt.Fprintf(w, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"16\" font-size=\"12\">%s</text>\n", x, cityColors[i%len(cityColors)], x+16, esc(c))
		x += 24 + 8*len([]rune(c))
	}
	// Grid lines at 0, 25, 50, 75, 100%.
	for q := 0; q <= 4; q++ {
		gx := labelW + plotW*q/4
		fmt.Fprintf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d9dee7\"/>\n", gx, top-4, gx, height-20)
		fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5b6474\" text-anchor=\"middle\">%d%%</text>\n", gx, height-6, q*25)
	}
	pc, sc := byCity.Col("participants"), byCity.Col("column_share")
	for i, row := range rows {
		y0 := top + i*groupH
		label := row.label
		if len([]rune(label)) > 48 {
			label = string([]rune(label)[:47]) + "…"
		}
		fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\"><title>%s</title>%s</text>\n",
			labelW-8, y0+len(cities)*barH/2+4, esc(row.label), esc(label))
		ri, ok := rowOf[row.code]
		if !ok {
			continue
		}
		for j, c := range cities {
			cj, ok := colOf[c]
			if !ok {
				continue
			}
			r := idx[ri][cj]
			if r < 0 {
				continue
			}
			by := y0 + j*barH
			share := byCity.Cell(r, sc).Float
			count := byCity.Human(r, pc)
			if byCity.Mark(r, pc) != analysis.Shown || byCity.Mark(r, sc) != analysis.Shown || math.IsNaN(share) {
				fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#5b6474\">%s</text>\n", labelW+4, by+barH-2, esc(strings.SplitN(count, " of ", 2)[0]))
				continue
			}
			bw := int(math.Round(share * plotW))
			fmt.Fprintf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %s participants (%s)</title></rect>\n",
				labelW, by, bw, barH-1, cityColors[j%len(cityColors)], esc(c), esc(count), Percent(share))
			fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#1d2330\">%s</text>\n", labelW+bw+4, by+barH-2, Percent(share))
		}
	}
	fmt.Fprintf(w, "</svg>\n</figure>\n")
}

// Percent is a share as a whole percentage, "–" for NaN.
func Percent(f float64) string { return analysis.Percent(f) }

// heat is the colour of a share: white to deep blue.
func heat(share float64) string {
	if math.IsNaN(share) {
		return "#ffffff"
	}
	lerp := func(a, b int) int { return a + int(math.Round(float64(b-a)*share)) }
	return fmt.Sprintf("#%02x%02x%02x", lerp(0xf7, 0x08), lerp(0xfb, 0x45), lerp(0xff, 0x94))
}

// writeHeatMap draws the matrix as a grid of cells shaded by column share
// (or share of the column's codings with UnitSegments), each cell labelled.
func writeHeatMap(w io.Writer, t *analysis.Table, unit string) {
	g := MatrixGrid(t, unit)
	if len(g.Rows) == 0 {
		fmt.Fprintf(w, "<p class=\"note\">No codes.</p>\n")
		return
	}
	_, _, idx := t.Pivot("code", "value")
	shareCol := t.Col("column_share")
	if unit == UnitSegments {
		shareCol = t.Col("codings_share")
	}
	const (
		labelW = 330
		cellW  = 118
		cellH  = 24
		top    = 44
	)
	nCols := len(g.Header) - 1
	width := labelW + nCols*cellW + 10
	height := top + len(g.Rows)*cellH + 10
	caption := "Heat map: darker is a larger share of the column's participants."
	if unit == UnitSegments {
		caption = "Heat map: darker is a larger share of the column's codings."
	}
	fmt.Fprintf(w, "<figure>\n<figcaption>%s</figcaption>\n", esc(caption))
	fmt.Fprintf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n", width, height, width, height, esc(t.Title))
	for j, h := range g.Header[1:] {
		x := labelW + j*cellW + cellW/2
		name, n, _ := strings.Cut(h, " (")
		fmt.Fprintf(w, "<text x=\"%d\" y=\"18\" font-size=\"12\" font-weight=\"600\" text-anchor=\"middle\">%s</text>\n", x, esc(truncate(name, 16)))
		if n != "" {
			fmt.Fprintf(w, "<text x=\"%d\" y=\"34\" font-size=\"11\" fill=\"#5b6474\" text-anchor=\"middle\">(%s</text>\n", x, esc(n))
		}
	}
	depth := t.Col("depth")
	for i, row := range g.Rows {
		y := top + i*cellH
		weight := ""
		if t.Cell(g.Source[i], depth).Int == 0 {
			weight = " font-weight=\"600\""
		}
		fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\"%s>%s</text>\n", labelW-8, y+cellH/2+4, weight, esc(truncate(row[0], 46)))
		for j := 0; j < nCols; j++ {
			x := labelW + j*cellW
			r := idx[i][j]
			fill, ink := "#eef0f3", "#1d2330"
			if r >= 0 && t.Mark(r, shareCol) == analysis.Shown {
				s := t.Cell(r, shareCol).Float
				fill = heat(s)
				if !math.IsNaN(s) && s > 0.55 {
					ink = "#ffffff"
				}
			}
			fmt.Fprintf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"/>\n", x, y, cellW, cellH, fill)
			fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n", x+cellW/2, y+cellH/2+4, ink, esc(row[j+1]))
		}
	}
	fmt.Fprintf(w, "</svg>\n</figure>\n")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
