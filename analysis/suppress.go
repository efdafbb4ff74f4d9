package analysis

// Small-cell suppression for publication.
//
// With SuppressBelow = N (N >= 2), the rules are, in order:
//
//  1. Primary: every participant count (a Count column) of 1..N-1 is shown
//     as "<N". Zero is shown: that nobody said something identifies no one.
//  2. Secondary: where counts of one row group add up to a total that is
//     shown elsewhere (a code's participants by city in the matrix; the
//     column sizes n of the matrix), a group with exactly one suppressed
//     count also hides its smallest other non-zero count ("x"), so the
//     suppressed one cannot be worked out by subtraction.
//  3. Dependent: every figure computed from a suppressed count — its share,
//     codings, words, intensity, breadth, Jaccard, quotes — is hidden ("x").
//
// Suppressed values are blanked in the table's frame as well as marked, so
// no format can print them.

// rowGroup is a set of rows whose values in column col add up to a total
// shown elsewhere.
type rowGroup struct {
	col  int
	rows []int
}

// suppress applies the rules above with threshold n; n < 2 does nothing.
func (t *Table) suppress(n int, groups []rowGroup) {
	if n < 2 {
		return
	}
	t.primary(n)
	t.secondary(groups)
	t.dependents()
	t.blank()
}

// primary marks participant counts of 1..n-1 as Small.
func (t *Table) primary(n int) {
	t.SuppressBelow = n
	rows := t.Rows()
	for r := 0; r < rows; r++ {
		for c, col := range t.Columns {
			if col.Kind != Count {
				continue
			}
			if v := t.Cell(r, c).Int; v >= 1 && v < n {
				t.marks[r][c] = Small
			}
		}
	}
}

// secondary hides the smallest other non-zero count of every group with
// exactly one Small count.
func (t *Table) secondary(groups []rowGroup) {
	for _, g := range groups {
		small, best, bestV := 0, -1, 0
		for _, r := range g.rows {
			switch t.marks[r][g.col] {
			case Small:
				small++
			case Shown:
				if v := t.Cell(r, g.col).Int; v > 0 && (best < 0 || v < bestV) {
					best, bestV = r, v
				}
			}
		}
		if small == 1 && best >= 0 {
			t.marks[best][g.col] = Hidden
		}
	}
}

// dependents hides every cell computed from a suppressed one, until nothing
// changes (a dependency may itself depend on another).
func (t *Table) dependents() {
	rows := t.Rows()
	for changed := true; changed; {
		changed = false
		for r := 0; r < rows; r++ {
			for c, col := range t.Columns {
				if t.marks[r][c] != Shown {
					continue
				}
				for _, dep := range col.Deps {
					if d := t.Col(dep); d >= 0 && t.marks[r][d] != Shown {
						t.marks[r][c] = Hidden
						changed = true
						break
					}
				}
			}
		}
	}
}

// blank removes the values of suppressed cells from the frame.
func (t *Table) blank() {
	for r := 0; r < t.Rows(); r++ {
		for c := range t.Columns {
			if t.marks[r][c] != Shown {
				t.Frame.Elem(r, c).Set(nil)
			}
		}
	}
}
