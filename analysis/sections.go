package analysis

import "sync"

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
// summaries. Four parts run at the same time, each on its own goroutine:
// the frequencies and matrices; co-occurrence; the themes' passages and
// words; the needs with their quotes. The themes' quotes come last. The
// tables are the same as from each method called in turn, since each part
// keeps to its own caches (the frequencies: the coded words; the quotes:
// the word vectors of sentences, built in the same order as alone) and the
// indexes several read (words and code points of sources, codings by code)
// are built before.
func (a *Analysis) Sections(by By, unit Unit) (Sections, error) {
	var out Sections
	for i := range a.s.ds.Sources {
		a.s.words(i)
		a.s.runes(i)
	}
	a.byCode()
	var (
		wg               sync.WaitGroup
		matrixErr, coErr error
		themes           themeText
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		out.Frequencies = a.Frequencies()
		if out.Matrix, matrixErr = a.Matrix(by); matrixErr != nil {
			return
		}
		if by.Field == "city" && len(by.Bands) == 0 {
			out.ByCity = out.Matrix
		} else {
			out.ByCity, matrixErr = a.Matrix(By{Field: "city"})
		}
	}()
	go func() {
		defer wg.Done()
		out.Cooccurrence, coErr = a.Cooccurrence(unit)
	}()
	go func() {
		defer wg.Done()
		themes = a.themeWords()
	}()
	out.Needs = a.Needs()
	wg.Wait()
	if matrixErr != nil {
		return out, matrixErr
	}
	if coErr != nil {
		return out, coErr
	}
	// the themes' tables are subsets of these: the same rows whether or not
	// the report's matrix is by city
	out.Themes = a.themeSummaries(themes, out.Frequencies, out.ByCity)
	return out, nil
}
