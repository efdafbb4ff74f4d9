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
// summaries. The counts (frequencies, matrices, co-occurrence) and the
// quotes (needs, then the themes' words and quotes) are computed at the same
// time, on two goroutines; the tables are the same as from each method
// called in turn, since each side keeps to its own caches (the counts: the
// coded words; the quotes: passages and the word vectors of sentences,
// built in the same order as alone) and the indexes both read are built
// before.
func (a *Analysis) Sections(by By, unit Unit) (Sections, error) {
	var out Sections
	for i := range a.s.ds.Sources {
		a.s.words(i)
	}
	a.byCode()
	type counted struct {
		freq, matrix, byCity, co *Table
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
		c.co, c.err = a.Cooccurrence(unit)
	}()
	out.Needs = a.Needs()
	w := a.themeWords()
	c := <-done
	if c.err != nil {
		return out, c.err
	}
	out.Frequencies, out.Matrix, out.ByCity, out.Cooccurrence = c.freq, c.matrix, c.byCity, c.co
	// the themes' tables are subsets of these: the same rows whether or not
	// the report's matrix is by city
	out.Themes = a.themeSummaries(w, c.freq, c.byCity)
	return out, nil
}
