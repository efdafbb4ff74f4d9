package analysis

// Sections are the tables of a report.
type Sections struct {
	Frequencies, Matrix, Cooccurrence, Needs *Table
	// ByCity is the matrix by participant city (Matrix itself when the
	// matrix is by city without bands).
	ByCity *Table
	Themes []ThemeSummary
}

// Sections computes the tables of a report: the frequencies, the matrix by
// by (and by city), co-occurrence by unit, the needs and the theme
// summaries. The counts (frequencies, matrices, co-occurrence, then the
// themes' passages and words) and the quotes (needs, then the themes'
// quotes) are computed at the same time, on two goroutines; the tables are
// the same as from each method called in turn, since each side keeps to its
// own caches (the counts: the coded words; the quotes: the word vectors of
// sentences, built in the same order as alone) and the indexes both read
// (words and code points of sources, codings by code) are built before.
func (a *Analysis) Sections(by By, unit Unit) (Sections, error) {
	var out Sections
	for i := range a.s.ds.Sources {
		a.s.words(i)
		a.s.runes(i)
	}
	a.byCode()
	type counted struct {
		freq, matrix, byCity, co *Table
		themes                   themeText
		err                      error
	}
	done := make(chan counted, 1)
	go func() {
		var c counted
		defer func() { done <- c }()
		c.freq = a.Frequencies()
		if c.matrix, c.err = a.Matrix(by); c.err != nil {
			return
		}
		if by.Field == "city" && len(by.Bands) == 0 {
			c.byCity = c.matrix
		} else if c.byCity, c.err = a.Matrix(By{Field: "city"}); c.err != nil {
			return
		}
		if c.co, c.err = a.Cooccurrence(unit); c.err != nil {
			return
		}
		c.themes = a.themeWords()
	}()
	out.Needs = a.Needs()
	c := <-done
	if c.err != nil {
		return out, c.err
	}
	out.Frequencies, out.Matrix, out.ByCity, out.Cooccurrence = c.freq, c.matrix, c.byCity, c.co
	// the themes' tables are subsets of these: the same rows whether or not
	// the report's matrix is by city
	out.Themes = a.themeSummaries(c.themes, c.freq, c.byCity)
	return out, nil
}
