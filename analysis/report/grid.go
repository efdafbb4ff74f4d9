package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// Grid is a table as people read it: headers and cells as text.
type Grid struct {
	Header []string
	Rows   [][]string
	// Right marks right-aligned (numeric) columns.
	Right []bool
	// Source maps each grid row to the table row it shows.
	Source []int
}

// Label is a code's name indented by its depth, as human views list codes
// under their theme: "· Legal assistance".
func Label(path string, depth int) string {
	name := path[strings.LastIndex(path, "/")+1:]
	return strings.Repeat("· ", depth) + name
}

func title(name string) string { return strings.ReplaceAll(name, "_", " ") }

// TableGrid lays out t's columns that are not Aside, with human cells:
// counts with their denominator, shares as percentages. Code and need
// columns show the code's name (indented by depth when the table has one).
func TableGrid(t *analysis.Table) Grid {
	var g Grid
	var cols []int
	depth := t.Col("depth")
	for i, c := range t.Columns {
		if c.Aside {
			continue
		}
		cols = append(cols, i)
		g.Header = append(g.Header, title(c.Name))
		g.Right = append(g.Right, c.Kind != analysis.Text)
	}
	for r := 0; r < t.Rows(); r++ {
		row := make([]string, len(cols))
		for j, c := range cols {
			name := t.Columns[c].Name
			if name == "code_a" || name == "code_b" {
				row[j] = Label(t.Cell(r, c).Str, 0)
				continue
			}
			if name == "code" || name == "need" {
				d := 0
				if depth >= 0 {
					d = t.Cell(r, depth).Int
				}
				row[j] = Label(t.Cell(r, c).Str, d)
				continue
			}
			row[j] = t.Human(r, c)
		}
		g.Rows = append(g.Rows, row)
		g.Source = append(g.Source, r)
	}
	return g
}

// MatrixGrid pivots a matrix table: codes down, column values across, each
// header with its n. With UnitParticipants a cell is "participants (column
// share)"; with UnitSegments "codings (share of the column's codings)".
func MatrixGrid(t *analysis.Table, unit string) Grid {
	rows, cols, idx := t.Pivot("code", "value")
	var g Grid
	by := ""
	if t.Rows() > 0 {
		by = t.Cell(0, t.Col("by")).Str
	}
	g.Header = append(g.Header, "code \\ "+by)
	g.Right = append(g.Right, false)
	nc, cnc := t.Col("n"), t.Col("codings_n")
	for j, v := range cols {
		r := idx[0][j]
		switch unit {
		case UnitSegments:
			g.Header = append(g.Header, fmt.Sprintf("%s (%s codings)", v, t.Human(r, cnc)))
		default:
			g.Header = append(g.Header, fmt.Sprintf("%s (n=%s)", v, strings.TrimPrefix(t.Human(r, nc), "<")))
			if t.Mark(r, nc) == analysis.Small {
				g.Header[len(g.Header)-1] = fmt.Sprintf("%s (n%s)", v, t.Human(r, nc))
			}
		}
		g.Right = append(g.Right, true)
	}
	depth := t.Col("depth")
	pc, sc, cc, csc := t.Col("participants"), t.Col("column_share"), t.Col("codings"), t.Col("codings_share")
	for i, code := range rows {
		first := idx[i][0]
		row := []string{Label(code, t.Cell(first, depth).Int)}
		for j := range cols {
			r := idx[i][j]
			if r < 0 {
				row = append(row, "")
				continue
			}
			if unit == UnitSegments {
				row = append(row, cellPair(t.Human(r, cc), t.Human(r, csc)))
			} else {
				row = append(row, cellPair(strings.SplitN(t.Human(r, pc), " of ", 2)[0], t.Human(r, sc)))
			}
		}
		g.Rows = append(g.Rows, row)
		g.Source = append(g.Source, first)
	}
	return g
}

// cellPair is "7 (78%)", or the count alone when the share is hidden.
func cellPair(count, share string) string {
	if share == "x" || share == "–" || strings.HasPrefix(count, "<") || count == "x" {
		return count
	}
	return count + " (" + share + ")"
}

// WriteCSV writes t as tidy CSV: a header of column names, then one line
// per row with machine values (see analysis.Table.Machine), each made inert
// for spreadsheets (inert.CSVCell: "=1+1" is written "'=1+1").
func WriteCSV(w io.Writer, t *analysis.Table) error {
	if len(t.Columns) == 0 {
		return nil // a stack of no tables (theme_cities without themes): an empty file
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write %s CSV: %w", t.Name, err)
	}
	for r := 0; r < t.Rows(); r++ {
		rec := make([]string, len(t.Columns))
		for c := range t.Columns {
			rec[c] = inert.CSVCell(t.Machine(r, c))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write %s CSV: %w", t.Name, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s CSV: %w", t.Name, err)
	}
	return nil
}

// RowsJSON is t as a JSON array of objects whose keys are the column names
// in column order; values as analysis.Table.Value gives them.
func RowsJSON(t *analysis.Table) json.RawMessage {
	var b bytes.Buffer
	b.WriteString("[")
	for r := 0; r < t.Rows(); r++ {
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString("{")
		for c, col := range t.Columns {
			if c > 0 {
				b.WriteString(",")
			}
			k, _ := marshal(col.Name)
			v, _ := marshal(t.Value(r, c))
			b.Write(k)
			b.WriteString(":")
			b.Write(v)
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	return b.Bytes()
}

// marshal is json.Marshal without HTML escaping (quotes keep their < and &).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
