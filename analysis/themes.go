package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// WordWeight is a distinctive word of a theme.
type WordWeight struct {
	Word string `json:"word"`
	// Count is how often it occurs in the theme's coded text.
	Count int `json:"count"`
	// Themes is how many themes' coded text it occurs in.
	Themes int `json:"themes"`
	// TFIDF is Count * ln(themes with coded text / Themes).
	TFIDF float64 `json:"tfidf"`
}

// ThemeSummary is what a report says about one theme.
type ThemeSummary struct {
	Theme      string
	Definition string
	Color      string
	// Row is the theme's row of the frequency table, SubCodes the rows of
	// the codes under it (the frequency table's columns and suppression).
	Row, SubCodes *Table
	// Cities is the theme and its codes by participant city (the matrix's
	// columns and suppression).
	Cities *Table
	// Difference says in one sentence how the theme differs between
	// cities, "" when it cannot be said (one city, or suppressed cells).
	Difference string
	// Words are the theme's most distinctive words, at most 10.
	Words []WordWeight
	// WordsNote explains an empty Words, or is "".
	WordsNote string
	// Quotes are up to three exemplar quotes, each of a different
	// participant, from different cities where possible.
	Quotes []Quote
	// Withheld is true when the theme's participant count is suppressed:
	// words and quotes are then left out.
	Withheld bool
}

// subset keeps the given rows of t, with their marks.
func (t *Table) subset(name string, rows []int) *Table {
	out := &Table{Name: name, Title: t.Title, Notes: t.Notes, Columns: t.Columns, SuppressBelow: t.SuppressBelow}
	if len(rows) == 0 {
		// gota cannot subset to nothing: build an empty frame of the same
		// columns.
		b := newBuilder(name, t.Title, t.Columns...)
		e := b.build()
		out.Frame, out.marks = e.Frame, e.marks
		return out
	}
	out.Frame = t.Frame.Subset(rows)
	for _, r := range rows {
		out.marks = append(out.marks, append([]Mark(nil), t.marks[r]...))
	}
	return out
}

// Themes summarises every theme (code at the top of the codebook), in
// codebook order.
//
// Distinctive words: each theme's coded text (its passages, as for quotes)
// is one document, split with prose's tokenizer, lower-cased, English and
// French stop words, numbers and words under three letters removed, and
// French elisions (l', d', qu' ...) cut off. A word's weight is
// tf * ln(T / df): tf its count in the theme, T the number of themes with
// coded text, df the number of those it occurs in. Words in every theme
// weigh 0 and are left out; so are words seen once. The ten heaviest are
// kept (ties by count, then alphabetically). With fewer than two themes
// there is nothing to compare with and no words are given.
//
// City difference: among the theme and its codes, the one whose share of
// participants differs most between two cities (both shown, not
// suppressed), as "Networking: 7 of 9 in Toronto, 2 of 9 in Ottawa".
func (a *Analysis) Themes() ([]ThemeSummary, error) {
	w := a.themeWords()
	byCity, err := a.Matrix(By{Field: "city"})
	if err != nil {
		return nil, fmt.Errorf("themes by city: %w", err)
	}
	return a.themeSummaries(w, a.Frequencies(), byCity), nil
}

// themeText is what the theme summaries take from the coded text: each
// theme's passages and distinctive words.
type themeText struct {
	themes   []int
	passages [][]passage // for the words, then the quotes
	words    [][]WordWeight
	note     string
}

// themeWords finds the themes, their passages and their distinctive words.
func (a *Analysis) themeWords() themeText {
	s := a.s
	var w themeText
	for c := range s.codes {
		if s.parent[c] < 0 {
			w.themes = append(w.themes, c)
		}
	}
	tf := make([]map[string]int, len(w.themes))
	w.passages = make([][]passage, len(w.themes))
	split := newTermSplitter()
	for i, c := range w.themes {
		w.passages[i] = a.passages(c)
		tf[i] = map[string]int{}
		for _, p := range w.passages[i] {
			r := s.runes(p.src)
			split.count(r[min(p.a, len(r)):min(p.b, len(r))], tf[i])
		}
	}
	w.words, w.note = tfidf(tf, 10)
	return w
}

// themeSummaries puts the theme summaries together from their text, the
// frequency table and the matrix by city.
func (a *Analysis) themeSummaries(w themeText, freq, byCity *Table) []ThemeSummary {
	s := a.s
	pc := freq.Col("participants")
	var out []ThemeSummary
	for i, c := range w.themes {
		var subRows, cityRows []int
		for x := range s.codes {
			if x != c && a.k.under(x, c) {
				subRows = append(subRows, x)
			}
		}
		code := s.codes[c]
		for r := 0; r < byCity.Rows(); r++ {
			if byCity.Cell(r, byCity.Col("theme")).Str == code.Name {
				cityRows = append(cityRows, r)
			}
		}
		ts := ThemeSummary{Theme: code.Name, Definition: code.Definition, Color: code.Color,
			Row: freq.subset("theme", []int{c}), SubCodes: freq.subset("theme_codes", subRows),
			Cities: byCity.subset("theme_cities", cityRows)}
		ts.Withheld = freq.Mark(c, pc) != Shown
		if !ts.Withheld {
			ts.Words, ts.WordsNote = w.words[i], w.note
			ts.Quotes = a.pickQuotes(w.passages[i], 3, func(p *passage) Quote { return a.quote(c, p) })
			ts.Difference = difference(ts.Cities)
		}
		out = append(out, ts)
	}
	return out
}

// tfidf weighs the words of each document (its words' counts) against
// the others.
func tfidf(tf []map[string]int, top int) ([][]WordWeight, string) {
	out := make([][]WordWeight, len(tf))
	df := map[string]int{}
	nonEmpty := 0
	for i := range tf {
		for w := range tf[i] {
			df[w]++
		}
		if len(tf[i]) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 2 {
		return out, "fewer than two themes have coded text: there is nothing to compare words with"
	}
	for i := range tf {
		var ws []WordWeight
		for w, n := range tf[i] {
			weight := float64(n) * math.Log(float64(nonEmpty)/float64(df[w]))
			if n < 2 || weight <= 0 {
				continue
			}
			ws = append(ws, WordWeight{Word: w, Count: n, Themes: df[w], TFIDF: roundTo(weight, 4)})
		}
		sort.Slice(ws, func(x, y int) bool {
			if ws[x].TFIDF != ws[y].TFIDF {
				return ws[x].TFIDF > ws[y].TFIDF
			}
			if ws[x].Count != ws[y].Count {
				return ws[x].Count > ws[y].Count
			}
			return ws[x].Word < ws[y].Word
		})
		if len(ws) > top {
			ws = ws[:top]
		}
		out[i] = ws
	}
	return out, ""
}

// difference finds the code of a theme-by-city table whose column shares
// differ most between two shown cells.
func difference(t *Table) string {
	rows, cols, idx := t.Pivot("code", "value")
	if len(cols) < 2 {
		return ""
	}
	pc, sc := t.Col("participants"), t.Col("column_share")
	best, bestGap := "", 0.0
	for i, code := range rows {
		hi, lo := -1, -1
		for j := range cols {
			r := idx[i][j]
			if r < 0 || t.Mark(r, pc) != Shown || t.Mark(r, sc) != Shown {
				continue
			}
			v := t.Cell(r, sc).Float
			if math.IsNaN(v) {
				continue
			}
			if hi < 0 || v > t.Cell(hi, sc).Float {
				hi = r
			}
			if lo < 0 || v < t.Cell(lo, sc).Float {
				lo = r
			}
		}
		if hi < 0 || lo < 0 || hi == lo {
			continue
		}
		if gap := t.Cell(hi, sc).Float - t.Cell(lo, sc).Float; gap > bestGap+1e-12 {
			vc := t.Col("value")
			name := code[strings.LastIndex(code, "/")+1:]
			best = fmt.Sprintf("%s: %s in %s, %s in %s", name, t.Human(hi, pc), t.Cell(hi, vc).Str, t.Human(lo, pc), t.Cell(lo, vc).Str)
			bestGap = gap
		}
	}
	return best
}

// ThemeTables turns theme summaries into tidy tables: themes (one row per
// theme), theme_cities (theme and codes by city), theme_words and
// theme_quotes.
func ThemeTables(ts []ThemeSummary, suppressBelow int) []*Table {
	tb := newBuilder("themes", "Themes",
		Column{Name: "theme", Kind: Text},
		Column{Name: "definition", Kind: Text},
		Column{Name: "participants", Kind: Count, Of: "participants_total"},
		Column{Name: "participants_total", Kind: Count, Aside: true},
		Column{Name: "share", Kind: Share, Deps: []string{"participants", "participants_total"}},
		Column{Name: "codings", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "cities", Kind: Int, Of: "cities_total", Deps: []string{"participants"}},
		Column{Name: "cities_total", Kind: Int, Aside: true},
		Column{Name: "difference", Kind: Text},
	)
	wb := newBuilder("theme_words", "Distinctive words of each theme",
		Column{Name: "theme", Kind: Text}, Column{Name: "rank", Kind: Int}, Column{Name: "word", Kind: Text},
		Column{Name: "count", Kind: Int}, Column{Name: "themes", Kind: Int}, Column{Name: "tfidf", Kind: Float})
	qb := newBuilder("theme_quotes", "Exemplar quotes",
		Column{Name: "theme", Kind: Text}, Column{Name: "rank", Kind: Int}, Column{Name: "participant", Kind: Text},
		Column{Name: "city", Kind: Text}, Column{Name: "source", Kind: Text}, Column{Name: "start", Kind: Int},
		Column{Name: "end", Kind: Int}, Column{Name: "coders", Kind: Int}, Column{Name: "text", Kind: Text})
	var masks [][]Mark
	var cities []*Table
	for _, t := range ts {
		row := t.Row
		get := func(name string) Cell { return row.Cell(0, row.Col(name)) }
		tb.add(t.Theme, t.Definition, get("participants").Int, get("participants_total").Int, get("share").Float,
			get("codings").Int, get("cities").Int, get("cities_total").Int, t.Difference)
		var m []Mark
		for _, c := range tb.t.Columns {
			if j := row.Col(c.Name); j >= 0 {
				m = append(m, row.Mark(0, j))
			} else {
				m = append(m, Shown)
			}
		}
		masks = append(masks, m)
		for i, w := range t.Words {
			wb.add(t.Theme, i+1, w.Word, w.Count, w.Themes, w.TFIDF)
		}
		for i, q := range t.Quotes {
			qb.add(t.Theme, i+1, q.Participant, q.City, q.Source, q.Start, q.End, q.Coders, q.Text)
		}
		cities = append(cities, t.Cities)
	}
	themes := tb.build()
	themes.marks = masks
	if suppressBelow >= 2 {
		themes.SuppressBelow = suppressBelow
		themes.dependents()
		themes.blank()
	}
	themes.Notes = []string{"Each theme counts with every code under it; difference names the code whose share differs most between cities."}
	words := wb.build()
	words.Notes = []string{"tfidf = count in the theme's coded text * ln(themes with coded text / themes using the word); stop words (English, French) removed."}
	quotes := qb.build()
	quotes.Notes = []string{"Quotes name participants by ID and city only."}
	out := []*Table{themes, concat("theme_cities", "Themes and their codes by city", cities), words, quotes}
	for _, t := range out[2:] {
		t.SuppressBelow = suppressBelow
	}
	return out
}

// concat stacks tables of the same columns.
func concat(name, title string, ts []*Table) *Table {
	var rows int
	for _, t := range ts {
		rows += t.Rows()
	}
	if len(ts) == 0 {
		return newBuilder(name, title).build()
	}
	out := &Table{Name: name, Title: title, Columns: ts[0].Columns, Notes: ts[0].Notes, SuppressBelow: ts[0].SuppressBelow}
	out.Frame = ts[0].Frame.Copy()
	out.marks = append(out.marks, ts[0].marks...)
	for _, t := range ts[1:] {
		if t.Rows() == 0 {
			continue
		}
		if out.Rows() == 0 {
			out.Frame = t.Frame.Copy()
		} else {
			out.Frame = out.Frame.RBind(t.Frame)
		}
		out.marks = append(out.marks, t.marks...)
	}
	return out
}
