package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// The HTML report is one html/template (report.html.tmpl) filled from a
// view built here: every participant's or researcher's word reaches the
// page through the template's contextual escaping, never by hand. Charts
// are built as lists of SVG shapes (svgEl) that the template draws.

//go:embed report.html.tmpl
var htmlTemplateText string

var htmlTemplate = template.Must(template.New("report").Parse(htmlTemplateText))

// htmlView is everything the template shows.
type htmlView struct {
	Title        string
	Summary      []string
	Nav          []navLink
	Needs        needsView
	ThemesChart  *svgChart
	Themes       []themeView
	Frequencies  tableSection
	Matrix       tableSection
	Heat         *svgChart
	Cooccurrence tableSection
	MorePairs    int
	Tracker      *trackerView
	Surveys      []surveyView
	// SurveyHeadings: several surveys each get a heading.
	SurveyHeadings bool
	// Memos is the memo appendix, nil unless asked for.
	Memos *memosView
}

type navLink struct{ ID, Label string }

// tableSection is a titled table with its notes and suppression legend.
type tableSection struct {
	Title  string
	Notes  []string
	Grid   htmlTable
	Legend string
}

type htmlTable struct {
	Class  string
	Header []htmlCell
	Rows   []htmlRow
}

type htmlRow struct {
	Class string
	Cells []htmlCell
}

type htmlCell struct {
	Text string
	Num  bool
}

type quoteView struct{ Text, By string }

type needsView struct {
	tableSection
	Chart  *svgChart
	Quotes []needQuotes
}

type needQuotes struct {
	Rank   int
	Name   string
	Note   string
	Quotes []quoteView
}

type themeView struct {
	Color, Name, Definition, Line string
	SubCodes                      *htmlTable
	Cities                        htmlTable
	Difference                    string
	Withheld                      bool
	Words                         []wordView
	WordsNote                     string
	Quotes                        []quoteView
}

type wordView struct {
	Word, Title string
	Count       int
}

// svgChart is one figure: a caption and the shapes of an inline SVG.
type svgChart struct {
	Caption, Label string
	Width, Height  int
	Els            []svgEl
}

// MinWidth is the narrowest a chart is drawn (three quarters of its
// size, where its smallest text is still 8 px); a narrower page scrolls it.
func (c *svgChart) MinWidth() int { return c.Width * 3 / 4 }

// svgEl is one SVG shape: Kind "rect", "line" or "text". Zero-valued
// optional attributes are left out.
type svgEl struct {
	Kind         string
	X, Y, W, H   float64
	X2, Y2       float64
	Fill, Stroke string
	Size         int
	Anchor       string
	Weight       string
	Title, Text  string
}

func rect(x, y, w, h float64, fill string) svgEl {
	return svgEl{Kind: "rect", X: x, Y: y, W: w, H: h, Fill: fill}
}

func text(x, y float64, size int, s string) svgEl {
	return svgEl{Kind: "text", X: x, Y: y, Size: size, Text: s}
}

func line(x1, y1, x2, y2 float64, stroke string) svgEl {
	return svgEl{Kind: "line", X: x1, Y: y1, X2: x2, Y2: y2, Stroke: stroke}
}

// WriteHTML renders the report as one self-contained HTML file: inline CSS,
// inline SVG charts (prevalence by city as bars, the matrix as a heat map),
// no scripts, fonts or images from anywhere.
func WriteHTML(out io.Writer, r *Report) error {
	w := bufio.NewWriter(out)
	if err := htmlTemplate.Execute(w, r.htmlView()); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

func (r *Report) htmlView() htmlView {
	v := htmlView{
		Title:   r.Title,
		Summary: r.Summary(),
		Nav: []navLink{{"needs", "Needs"}, {"themes", "Themes"}, {"frequencies", "Frequencies"},
			{"matrix", "Matrix"}, {"cooccurrence", "Co-occurrence"}},
	}
	if r.Tracker != nil {
		v.Nav = append(v.Nav, navLink{"tracker", "Tracker"})
	}
	if len(r.Surveys) > 0 {
		v.Nav = append(v.Nav, navLink{"survey", "Survey"})
	}
	if v.Memos = r.memosHTML(); v.Memos != nil {
		v.Nav = append(v.Nav, navLink{"memos", "Memos"})
	}
	cities := cityOrder(r.ByCity)

	v.Needs.tableSection = section(r.Needs, htmlGrid(TableGrid(r.Needs), nil))
	var needRows []barRow
	nc, rc, pc := r.Needs.Col("need"), r.Needs.Col("rank"), r.Needs.Col("prevalence")
	for i := 0; i < r.Needs.Rows(); i++ {
		path := r.Needs.Cell(i, nc).Str
		row := barRow{code: path, share: shareOf(r.Needs, i, pc)}
		row.label = fmt.Sprintf("%s (rank %d)", Label(path, 0), r.Needs.Cell(i, rc).Int)
		if !math.IsNaN(row.share) {
			row.label = fmt.Sprintf("%s: %s of all participants (rank %d)", Label(path, 0), Percent(row.share), r.Needs.Cell(i, rc).Int)
		}
		needRows = append(needRows, row)
	}
	v.Needs.Chart = barChart("Prevalence of each need by city: the share of each city's participants who mention it. "+
		"Needs are in order of their prevalence among all participants, highest first; the table below ranks them by score.", byShare(needRows), r.ByCity, cities)
	v.Needs.Quotes = needQuotesView(r.Needs)

	var themeRows []barRow
	for _, ts := range r.Themes {
		row := barRow{label: ts.Theme, code: ts.Theme, share: shareOf(ts.Row, 0, ts.Row.Col("share"))}
		if !math.IsNaN(row.share) {
			row.label = fmt.Sprintf("%s: %s of all participants", ts.Theme, Percent(row.share))
		}
		themeRows = append(themeRows, row)
		v.Themes = append(v.Themes, themeViewOf(ts))
	}
	v.ThemesChart = barChart("Prevalence of each theme by city: the share of each city's participants who mention it. "+
		"Themes are in order of their prevalence among all participants, highest first.", byShare(themeRows), r.ByCity, cities)

	v.Frequencies = section(r.Frequencies, htmlGrid(TableGrid(r.Frequencies), themeRowsOf(r.Frequencies)))
	v.Matrix = section(r.Matrix, htmlTable{})
	v.Heat = heatMap(r.Matrix, r.Unit)
	g, more := r.pairs()
	v.Cooccurrence = section(r.Cooccurrence, htmlGrid(g, nil))
	v.MorePairs = more
	v.Tracker = trackerViewOf(r.Tracker)
	v.Surveys = surveyViews(r.Surveys)
	v.SurveyHeadings = len(r.Surveys) > 1
	return v
}

func section(t *analysis.Table, g htmlTable) tableSection {
	return tableSection{Title: t.Title, Notes: t.Notes, Grid: g, Legend: t.Legend()}
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

// htmlGrid is g as an HTML table, the rows of bold's table rows in bold.
func htmlGrid(g Grid, bold map[int]bool) htmlTable {
	var t htmlTable
	for i, h := range g.Header {
		t.Header = append(t.Header, htmlCell{Text: h, Num: g.Right[i]})
	}
	for i, row := range g.Rows {
		hr := htmlRow{}
		if bold[g.Source[i]] {
			hr.Class = "theme"
		}
		for j, c := range row {
			hr.Cells = append(hr.Cells, htmlCell{Text: c, Num: g.Right[j]})
		}
		t.Rows = append(t.Rows, hr)
	}
	return t
}

func needQuotesView(t *analysis.Table) []needQuotes {
	var out []needQuotes
	nc, rc := t.Col("need"), t.Col("rank")
	for r := 0; r < t.Rows(); r++ {
		nq := needQuotes{Rank: t.Cell(r, rc).Int, Name: Label(t.Cell(r, nc).Str, 0)}
		qs, withheld := NeedQuotes(t, r)
		switch {
		case withheld:
			nq.Note = "Quotes withheld: too few participants."
		case len(qs) == 0:
			nq.Note = "No coded participant speech."
		}
		for _, q := range qs {
			nq.Quotes = append(nq.Quotes, quoteView{q[0], q[1]})
		}
		out = append(out, nq)
	}
	return out
}

// hexColor is a code's colour as the page may use it: #rgb or #rrggbb.
var hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}){1,2}$`)

func themeViewOf(ts analysis.ThemeSummary) themeView {
	v := themeView{Color: "#7f7f7f", Name: ts.Theme, Definition: ts.Definition, Line: themeLine(ts),
		Cities: htmlGrid(MatrixGrid(ts.Cities, UnitParticipants), themeRowsOf(ts.Cities)), Difference: ts.Difference,
		Withheld: ts.Withheld, WordsNote: ts.WordsNote}
	if hexColor.MatchString(ts.Color) {
		v.Color = ts.Color
	}
	if ts.SubCodes.Rows() > 0 {
		g := htmlGrid(TableGrid(ts.SubCodes), nil)
		v.SubCodes = &g
	}
	if ts.Withheld {
		return v
	}
	for _, x := range ts.Words {
		v.Words = append(v.Words, wordView{Word: x.Word, Count: x.Count, Title: fmt.Sprintf("TF-IDF %.2f", x.TFIDF)})
	}
	for _, q := range ts.Quotes {
		v.Quotes = append(v.Quotes, quoteView{q.Text, q.By()})
	}
	return v
}

// cityOrder is the matrix-by-city's column values in order.
func cityOrder(t *analysis.Table) []string {
	_, cols, _ := t.Pivot("code", "value")
	return cols
}

type barRow struct {
	label string
	code  string  // path in the by-city matrix (a theme's path is its name)
	share float64 // among all participants, NaN when suppressed
}

// shareOf is a share cell, NaN when it is suppressed or missing.
func shareOf(t *analysis.Table, r, c int) float64 {
	if t == nil || c < 0 || r >= t.Rows() || t.Mark(r, c) != analysis.Shown {
		return math.NaN()
	}
	return t.Cell(r, c).Float
}

// byShare orders a chart's rows by share, highest first; suppressed
// shares last; ties keep their order.
func byShare(rows []barRow) []barRow {
	out := append([]barRow(nil), rows...)
	key := func(b barRow) float64 {
		if math.IsNaN(b.share) {
			return -1
		}
		return b.share
	}
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) > key(out[j]) })
	return out
}

// barChart draws grouped horizontal bars: one group per row, headed by
// the row's name, one bar per city, each bar's length the city's column
// share. Every bar is labelled with its city and its share, so that no
// reader needs to tell the colours apart; the legend gives each city's n.
// A suppressed cell draws no bar, only its mark. Nil without rows or
// cities.
func barChart(caption string, rows []barRow, byCity *analysis.Table, cities []string) *svgChart {
	if len(rows) == 0 || len(cities) == 0 {
		return nil
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
	longest := 0
	for _, c := range cities {
		longest = max(longest, len([]rune(truncate(c, 24))))
	}
	const (
		width  = 760
		nameH  = 18
		barH   = 13
		groupG = 10
		top    = 30
	)
	cityW := 8 + int(math.Ceil(6.4*float64(longest)))
	plotX := float64(cityW + 6)
	plotW := float64(width-cityW-6) - 44
	groupH := nameH + len(cities)*barH + groupG
	height := top + len(rows)*groupH + 20
	ch := &svgChart{Caption: caption, Label: caption, Width: width, Height: height}
	add := func(e svgEl) { ch.Els = append(ch.Els, e) }
	// Legend: each city with its n.
	x := 0
	for i, c := range cities {
		add(rect(float64(x), 6, 12, 12, cityColors[i%len(cityColors)]))
		label := truncate(c, 24) + " (" + cityN(byCity, idx, colOf[c]) + ")"
		add(text(float64(x+16), 16, 12, label))
		x += 28 + int(6.8*float64(len([]rune(label))))
	}
	// Grid lines at 0, 25, 50, 75, 100%.
	bottom := float64(height - 20)
	for q := 0; q <= 4; q++ {
		gx := plotX + plotW*float64(q)/4
		add(line(gx, top+nameH-2, gx, bottom, "#d9dee7"))
		t := text(gx, bottom+14, 11, fmt.Sprintf("%d%%", q*25))
		t.Fill, t.Anchor = "#5b6474", "middle"
		add(t)
	}
	pc, sc := byCity.Col("participants"), byCity.Col("column_share")
	for i, row := range rows {
		y0 := float64(top + i*groupH)
		t := text(0, y0+13, 12, truncate(row.label, 100))
		t.Weight, t.Title = "600", row.label
		add(t)
		ri, ok := rowOf[row.code]
		for j, c := range cities {
			by := y0 + nameH + float64(j*barH)
			t := text(float64(cityW), by+barH-3, 11, truncate(c, 24))
			t.Anchor, t.Fill = "end", "#3b4352"
			add(t)
			cj, okc := colOf[c]
			if !ok || !okc || idx[ri][cj] < 0 {
				continue
			}
			r := idx[ri][cj]
			share := byCity.Cell(r, sc).Float
			count := byCity.Human(r, pc)
			if byCity.Mark(r, pc) != analysis.Shown || byCity.Mark(r, sc) != analysis.Shown || math.IsNaN(share) {
				t := text(plotX+4, by+barH-3, 11, strings.SplitN(count, " of ", 2)[0])
				t.Fill = "#3b4352"
				add(t)
				continue
			}
			bw := math.Round(share * plotW)
			b := rect(plotX, by+1, bw, barH-2, cityColors[j%len(cityColors)])
			b.Title = fmt.Sprintf("%s: %s participants (%s)", c, count, Percent(share))
			add(b)
			t = text(plotX+bw+4, by+barH-3, 11, Percent(share))
			t.Fill = "#1d2330"
			add(t)
		}
	}
	return ch
}

// cityN is a city's n in a matrix by city, as a legend shows it: "n=9",
// or "n<3" when suppressed.
func cityN(t *analysis.Table, idx [][]int, col int) string {
	nc := t.Col("n")
	for i := range idx {
		if r := idx[i][col]; r >= 0 {
			if t.Mark(r, nc) == analysis.Small {
				return "n" + t.Human(r, nc)
			}
			return "n=" + t.Human(r, nc)
		}
	}
	return "n=0"
}

// Percent is a share as a whole percentage, "–" for NaN.
func Percent(f float64) string { return analysis.Percent(f) }

// heatMap draws the matrix as a grid of cells shaded by column share (or
// share of the column's codings with UnitSegments), each cell labelled.
// Nil when the matrix has no codes.
func heatMap(t *analysis.Table, unit string) *svgChart {
	g := MatrixGrid(t, unit)
	if len(g.Rows) == 0 {
		return nil
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
	caption := "Heat map: darker is a larger share of the column's participants."
	if unit == UnitSegments {
		caption = "Heat map: darker is a larger share of the column's codings."
	}
	ch := &svgChart{Caption: caption, Label: t.Title, Width: labelW + nCols*cellW + 10, Height: top + len(g.Rows)*cellH + 10}
	add := func(e svgEl) { ch.Els = append(ch.Els, e) }
	for j, h := range g.Header[1:] {
		x := float64(labelW + j*cellW + cellW/2)
		name, n, _ := strings.Cut(h, " (")
		e := text(x, 18, 12, truncate(name, 16))
		e.Weight, e.Anchor = "600", "middle"
		add(e)
		if n != "" {
			e := text(x, 34, 11, "("+n)
			e.Fill, e.Anchor = "#5b6474", "middle"
			add(e)
		}
	}
	depth := t.Col("depth")
	for i, row := range g.Rows {
		y := float64(top + i*cellH)
		e := text(labelW-8, y+cellH/2+4, 12, truncate(row[0], 46))
		e.Anchor = "end"
		if t.Cell(g.Source[i], depth).Int == 0 {
			e.Weight = "600"
		}
		add(e)
		for j := 0; j < nCols; j++ {
			x := float64(labelW + j*cellW)
			r := idx[i][j]
			fill := "#eef0f3"
			if r >= 0 && t.Mark(r, shareCol) == analysis.Shown {
				fill = heat(t.Cell(r, shareCol).Float)
			}
			ink := inkOn(fill)
			c := rect(x, y, cellW, cellH, fill)
			c.Stroke = "#ffffff"
			add(c)
			e := text(x+cellW/2, y+cellH/2+4, 12, row[j+1])
			e.Anchor, e.Fill = "middle", ink
			add(e)
		}
	}
	return ch
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
