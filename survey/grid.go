package survey

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Grid is the cells of one survey export, row by row, as read from a CSV
// file or the first sheet of an XLSX workbook. Rows[i] is row i+1 of the
// file.
type Grid struct {
	// Name is the file's base name, for messages.
	Name string
	// Format is "csv" or "xlsx".
	Format string
	Rows   [][]string
}

// MaxGridCells bounds what ReadGrid accepts, so that a hostile file cannot
// exhaust memory: 20 million cells (an export of 100,000 respondents x 200
// columns).
const MaxGridCells = 20_000_000

// ReadGrid reads a survey export: XLSX when the data is a zip archive (or
// the name ends in .xlsx), CSV otherwise. CSV may be UTF-8 (with or without
// BOM), UTF-16 with BOM, or Windows-1252, separated by commas, semicolons
// or tabs (whichever the first line holds most of, outside quotes).
func ReadGrid(name string, data []byte) (*Grid, error) {
	base := filepath.Base(name)
	ext := strings.ToLower(filepath.Ext(name))
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" {
		return readXLSX(base, data)
	}
	if ext == ".xls" {
		return nil, fmt.Errorf("%s: old Excel .xls files cannot be read; save it as .xlsx or .csv", base)
	}
	return readCSV(base, data)
}

// MaxGridColumns bounds the width of one row of an export. No survey
// platform writes more; a cell in column XFD of a small workbook would
// otherwise make every row 16,384 cells wide.
const MaxGridColumns = 4096

// MaxXLSXUnzipped bounds the unzipped size of an XLSX workbook. The whole
// workbook is kept in memory up to this size, never spilled to the
// temporary folder: a survey of an encrypted project must not leave a
// plaintext copy on disk.
const MaxXLSXUnzipped = 1 << 30

func readXLSX(name string, data []byte) (*Grid, error) {
	// UnzipXMLSizeLimit equal to UnzipSizeLimit keeps every part in memory:
	// above it excelize writes the sheet to /tmp/excelize-*.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxXLSXUnzipped, UnzipXMLSizeLimit: MaxXLSXUnzipped,
	})
	if err != nil {
		// excelize's limit error has no type of its own.
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, fmt.Errorf("%s: the workbook unzips to more than %d MiB, the limit for a survey export", name, MaxXLSXUnzipped>>20)
		}
		return nil, fmt.Errorf("%s: not a readable XLSX workbook: %w", name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: the workbook has no sheet", name)
	}
	sheet := sheets[0]
	if err := checkDimension(name, f, sheet); err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %w", name, sheet, err)
	}
	defer rows.Close()
	var out [][]string
	cells := 0
	for n := 1; rows.Next(); n++ {
		row, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q row %d: %w", name, sheet, n, err)
		}
		// excelize pads a row up to its last cell; a blank tail is no data.
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		if len(row) > MaxGridColumns {
			return nil, fmt.Errorf("%s: sheet %q row %d has a cell in column %d; a survey export has at most %d columns", name, sheet, n, len(row), MaxGridColumns)
		}
		cells += len(row)
		if cells > MaxGridCells {
			return nil, fmt.Errorf("%s: more than %d cells", name, MaxGridCells)
		}
		out = append(out, slices.Clip(row))
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %w", name, sheet, err)
	}
	g := &Grid{Name: name, Format: "xlsx", Rows: out}
	return g, g.check()
}

// checkDimension refuses a sheet whose declared size (its <dimension>
// element, which writers keep) is over the limits, before any row is read.
// A missing or lying dimension is caught row by row in readXLSX.
func checkDimension(name string, f *excelize.File, sheet string) error {
	dim, err := f.GetSheetDimension(sheet)
	if err != nil || dim == "" {
		return nil
	}
	_, last, ok := strings.Cut(dim, ":")
	if !ok {
		return nil
	}
	col, row, err := excelize.CellNameToCoordinates(last)
	if err != nil {
		return nil
	}
	if col > MaxGridColumns {
		return fmt.Errorf("%s: sheet %q reaches column %d (%s); a survey export has at most %d columns", name, sheet, col, last, MaxGridColumns)
	}
	if col*row > MaxGridCells {
		return fmt.Errorf("%s: sheet %q spans %s, more than %d cells", name, sheet, dim, MaxGridCells)
	}
	return nil
}

// decodeText turns CSV bytes into UTF-8 text.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(bytes.ToValidUTF8(data[3:], []byte("\uFFFD"))), nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", err
		}
		return string(b), nil
	case utf8.Valid(data):
		return string(data), nil
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	return string(b), err
}

func readCSV(name string, data []byte) (*Grid, error) {
	if bytes.IndexByte(data, 0) >= 0 && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, fmt.Errorf("%s: binary data, not a CSV file", name)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	comma := sniffComma(text)
	rows, err := readCSVChunks(text, comma)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	g := &Grid{Name: name, Format: "csv", Rows: rows}
	return g, g.check()
}

// csvChunk is the size above which a CSV file without a quote character
// is read in pieces, one per processor: without quotes no cell spans a
// line, so every line break ends a record.
const csvChunk = 1 << 20

// readCSVChunks reads the records of text, in pieces when it is large and
// holds no quote; rows[i] is line i+1 (blank lines are nil rows).
func readCSVChunks(text string, comma rune) ([][]string, error) {
	procs := runtime.GOMAXPROCS(0)
	if len(text) < 2*csvChunk || procs < 2 || strings.IndexByte(text, '"') >= 0 {
		return readCSVRecords(text, comma, MaxGridCells)
	}
	type piece struct {
		text string
		line int // lines before the piece
		rows [][]string
		err  error
	}
	var pieces []*piece
	line := 0
	for rest := text; rest != ""; {
		cut := min(len(rest), max(len(text)/procs, csvChunk))
		if i := strings.IndexByte(rest[cut-1:], '\n'); i >= 0 {
			cut += i
		} else {
			cut = len(rest)
		}
		pieces = append(pieces, &piece{text: rest[:cut], line: line})
		line += strings.Count(rest[:cut], "\n")
		rest = rest[cut:]
	}
	var wg sync.WaitGroup
	for _, p := range pieces {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.rows, p.err = splitPlainCSV(p.text, comma, MaxGridCells)
		}()
	}
	wg.Wait()
	var rows [][]string
	cells := 0
	for _, p := range pieces {
		if p.err != nil {
			return nil, p.err
		}
		// A piece's rows count its own lines: the rows before it (blank
		// lines at the end of the one before included) are padded in. A
		// piece of blank lines only adds nothing: encoding/csv leaves no
		// row for blank lines at the end.
		if len(p.rows) == 0 {
			continue
		}
		for len(rows) < p.line {
			rows = append(rows, nil)
		}
		for _, r := range p.rows {
			cells += len(r)
		}
		if cells > MaxGridCells {
			return nil, fmt.Errorf("more than %d cells", MaxGridCells)
		}
		rows = append(rows, p.rows...)
	}
	return rows, nil
}

// readCSVRecords reads the records of text; rows[i] is line i+1 (the rows
// of lines that hold no record are nil), so that row numbers equal file
// lines where no cell spans lines.
func readCSVRecords(text string, comma rune, maxCells int) ([][]string, error) {
	if strings.IndexByte(text, '"') < 0 {
		return splitPlainCSV(text, comma, maxCells)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows := make([][]string, 0, strings.Count(text, "\n")+1)
	cells := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		at, _ := r.FieldPos(0)
		for len(rows) < at-1 {
			rows = append(rows, nil)
		}
		cells += len(rec)
		if cells > maxCells {
			return nil, fmt.Errorf("more than %d cells", maxCells)
		}
		rows = append(rows, rec)
	}
	return rows, nil
}

// splitPlainCSV is readCSVRecords for text without a quote character,
// where a record is a line and a cell what lies between separators: the
// cells are substrings of text, not copies. It reads what encoding/csv
// reads (FuzzPlainCSV compares them): empty lines are skipped, a CR before
// a line break is dropped, and so is a CR at the end of the text.
func splitPlainCSV(text string, comma rune, maxCells int) ([][]string, error) {
	rows := make([][]string, 0, strings.Count(text, "\n")+1)
	sep := string(comma)
	cells := 0
	for text != "" {
		l, rest, found := strings.Cut(text, "\n")
		text = rest
		if found {
			l = strings.TrimSuffix(l, "\r")
		} else if text == "" && strings.HasSuffix(l, "\r") {
			l = l[:len(l)-1]
		}
		if l == "" {
			rows = append(rows, nil)
			continue
		}
		rec := strings.Split(l, sep)
		cells += len(rec)
		if cells > maxCells {
			return nil, fmt.Errorf("more than %d cells", maxCells)
		}
		rows = append(rows, rec)
	}
	// encoding/csv leaves no row for blank lines at the end.
	for len(rows) > 0 && rows[len(rows)-1] == nil {
		rows = rows[:len(rows)-1]
	}
	return rows, nil
}

func (g *Grid) check() error {
	for _, r := range g.Rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				return nil
			}
		}
	}
	return fmt.Errorf("%s: empty file", g.Name)
}

// sniffComma picks the separator the first line holds most of, outside
// quotes: comma, semicolon or tab.
func sniffComma(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range text {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// cell returns row r, column c of the grid ("" outside).
func (g *Grid) cell(r, c int) string {
	if r < 0 || r >= len(g.Rows) || c < 0 || c >= len(g.Rows[r]) {
		return ""
	}
	return g.Rows[r][c]
}

// width is the number of columns of the widest of the first rows.
func (g *Grid) width(rows int) int {
	w := 0
	for i := 0; i < rows && i < len(g.Rows); i++ {
		w = max(w, len(g.Rows[i]))
	}
	return w
}
