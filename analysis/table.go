package analysis

import (
	"fmt"
	"math"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Kind says what a column holds and how it is shown and suppressed.
type Kind int

// The kinds of column.
const (
	// Text is a string column (code paths, cities, quotes).
	Text Kind = iota
	// Count is a number of participants: the figure small-cell suppression
	// protects.
	Count
	// Int is any other whole number (codings, words, units, ranks).
	Int
	// Share is a proportion in [0,1]; NaN when there is no denominator.
	Share
	// Float is any other real number (intensity, Jaccard, TF-IDF).
	Float
)

// Column describes one column of a Table.
type Column struct {
	// Name is the snake_case key used in JSON, CSV headers and XLSX.
	Name string
	Kind Kind
	// Of names the column holding this count's denominator: human views
	// show "7 of 9".
	Of string
	// Deps name the columns this value was computed from: when one of
	// them is suppressed, this cell is hidden too.
	Deps []string
	// Aside marks a column human views leave out of the grid (a
	// denominator shown through Of, or a quote listed below the table).
	Aside bool
}

// Mark says whether a cell is shown or suppressed.
type Mark uint8

// The marks of a cell.
const (
	// Shown is an ordinary cell.
	Shown Mark = iota
	// Small is a participant count of 1..N-1, shown as "<N".
	Small
	// Hidden is a figure that would reveal a small count, shown as "x".
	Hidden
)

// Table is one result table: typed columns in a gota data frame, with the
// suppression marks of every cell. Suppressed cells are also blanked in the
// frame (NaN or ""), so no renderer can leak their values.
type Table struct {
	// Name is the table's file and sheet name (frequencies, matrix ...).
	Name string
	// Title is a human title.
	Title string
	// Notes explain the counting rule and the denominators, one sentence
	// each, for the report.
	Notes   []string
	Columns []Column
	Frame   dataframe.DataFrame
	// SuppressBelow is the N of small-cell suppression, 0 for none.
	SuppressBelow int
	marks         [][]Mark
}

// builder accumulates a table row by row before it becomes a frame.
type builder struct {
	t    *Table
	cols [][]any
}

func newBuilder(name, title string, cols ...Column) *builder {
	return &builder{t: &Table{Name: name, Title: title, Columns: cols}, cols: make([][]any, len(cols))}
}

// add appends one row; values must match the columns' kinds (string for
// Text, int for Count and Int, float64 for Share and Float).
func (b *builder) add(vals ...any) {
	if len(vals) != len(b.cols) {
		panic(fmt.Sprintf("analysis: table %s: row of %d values for %d columns", b.t.Name, len(vals), len(b.cols)))
	}
	for i, v := range vals {
		b.cols[i] = append(b.cols[i], v)
	}
}

// build makes the frame. Programming errors (a wrong kind) panic: they are
// not reachable from user input.
func (b *builder) build() *Table {
	t := b.t
	if len(t.Columns) == 0 {
		return t
	}
	ss := make([]series.Series, len(t.Columns))
	n := 0
	for i, c := range t.Columns {
		vals := b.cols[i]
		n = len(vals)
		switch c.Kind {
		case Text:
			v := make([]string, len(vals))
			for r, x := range vals {
				v[r] = x.(string)
			}
			ss[i] = series.New(v, series.String, c.Name)
		case Count, Int:
			v := make([]int, len(vals))
			for r, x := range vals {
				v[r] = x.(int)
			}
			ss[i] = series.New(v, series.Int, c.Name)
		default:
			v := make([]float64, len(vals))
			for r, x := range vals {
				v[r] = x.(float64)
			}
			ss[i] = series.New(v, series.Float, c.Name)
		}
	}
	t.Frame = dataframe.New(ss...)
	if t.Frame.Err != nil {
		panic("analysis: table " + t.Name + ": " + t.Frame.Err.Error())
	}
	t.marks = make([][]Mark, n)
	for r := range t.marks {
		t.marks[r] = make([]Mark, len(t.Columns))
	}
	return t
}

// Rows is the number of rows.
func (t *Table) Rows() int { return t.Frame.Nrow() }

// Col returns the index of the named column, -1 if there is none.
func (t *Table) Col(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Mark is the suppression mark of a cell.
func (t *Table) Mark(r, c int) Mark { return t.marks[r][c] }

// Suppressed reports whether any cell of the table is suppressed.
func (t *Table) Suppressed() bool {
	for _, row := range t.marks {
		for _, m := range row {
			if m != Shown {
				return true
			}
		}
	}
	return false
}

// Cell is one value of a table, typed.
type Cell struct {
	Kind Kind
	Mark Mark
	// Str is set for Text cells.
	Str string
	// Int is set for Count and Int cells.
	Int int
	// Float is set for Share and Float cells; NaN when there is no answer.
	Float float64
}

// Cell returns the value at row r, column c.
func (t *Table) Cell(r, c int) Cell {
	k := t.Columns[c].Kind
	cell := Cell{Kind: k, Mark: t.marks[r][c]}
	e := t.Frame.Elem(r, c)
	switch k {
	case Text:
		cell.Str = e.String()
	case Count, Int:
		if !e.IsNA() {
			cell.Int, _ = e.Int()
		}
	default:
		cell.Float = e.Float()
	}
	return cell
}

// Value is the cell's machine value: string, int or float64, nil for a
// float that has no answer (NaN), and "<N" or "x" for a suppressed cell.
// JSON, CSV and XLSX use it.
func (t *Table) Value(r, c int) any {
	cell := t.Cell(r, c)
	switch cell.Mark {
	case Small:
		return "<" + strconv.Itoa(t.SuppressBelow)
	case Hidden:
		return "x"
	}
	switch cell.Kind {
	case Text:
		return cell.Str
	case Count, Int:
		return cell.Int
	}
	if math.IsNaN(cell.Float) || math.IsInf(cell.Float, 0) {
		return nil
	}
	return cell.Float
}

// Machine is the cell as CSV text: integers plainly, reals with up to four
// decimals, "" for no answer, "<N" or "x" when suppressed.
func (t *Table) Machine(r, c int) string {
	switch v := t.Value(r, c).(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(roundTo(v, 4), 'f', -1, 64)
	}
	return ""
}

// Human is the cell as people read it: counts with their denominator
// ("7 of 9"), shares as whole percentages ("78%"), reals with two decimals,
// "–" for no answer, "<N" or "x" when suppressed.
func (t *Table) Human(r, c int) string {
	col := t.Columns[c]
	cell := t.Cell(r, c)
	switch cell.Mark {
	case Small:
		s := "<" + strconv.Itoa(t.SuppressBelow)
		if of := t.Col(col.Of); of >= 0 {
			s += " of " + t.Human(r, of)
		}
		return s
	case Hidden:
		return "x"
	}
	switch col.Kind {
	case Text:
		return cell.Str
	case Count, Int:
		s := strconv.Itoa(cell.Int)
		if of := t.Col(col.Of); of >= 0 {
			s += " of " + t.Human(r, of)
		}
		return s
	case Share:
		return Percent(cell.Float)
	}
	if math.IsNaN(cell.Float) {
		return "–"
	}
	return strconv.FormatFloat(cell.Float, 'f', 2, 64)
}

// Percent formats a share as a whole percentage, "–" for NaN.
func Percent(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(f*100))) + "%"
}

func roundTo(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

// Legend explains the suppression marks, or "" when nothing is suppressed.
func (t *Table) Legend() string {
	if t.SuppressBelow <= 1 || !t.Suppressed() {
		return ""
	}
	return fmt.Sprintf("<%d: fewer than %d participants (1 to %d), suppressed; x: hidden so that a suppressed count cannot be worked out.",
		t.SuppressBelow, t.SuppressBelow, t.SuppressBelow-1)
}

// KeyValues builds a two-column text table (key, value), such as the
// "about" sheet of a report that records its scope.
func KeyValues(name, title string, kv [][2]string) *Table {
	b := newBuilder(name, title, Column{Name: "key", Kind: Text}, Column{Name: "value", Kind: Text})
	for _, x := range kv {
		b.add(x[0], x[1])
	}
	return b.build()
}
