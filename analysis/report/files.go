package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// WriteCSVReport writes the tidy CSV report where out says, as a
// researcher reads the name: out ending in .zip is one zip file holding a
// CSV file per table; any other name is a folder of CSV files, created if
// needed. A name ending in .csv is refused (see CheckCSVOut): the report
// is several tables, and a folder named r.csv surprises everyone. It
// returns the files written (inside the zip: their names).
func WriteCSVReport(out string, r *Report) ([]string, error) {
	if err := CheckCSVOut(out); err != nil {
		return nil, err
	}
	if isZip(out) {
		return WriteCSVZip(out, r)
	}
	return WriteCSVDir(out, r)
}

// CheckCSVOut refuses an --out for the CSV report that ends in .csv,
// saying what to give instead; callers check before any work.
func CheckCSVOut(out string) error {
	if strings.EqualFold(filepath.Ext(out), ".csv") {
		base := strings.TrimSuffix(out, filepath.Ext(out))
		return fmt.Errorf("--out %s: the CSV report is several tables, one CSV file each: give a folder (--out %s) or a zip file (--out %s.zip)", out, base, base)
	}
	return nil
}

func isZip(out string) bool { return strings.EqualFold(filepath.Ext(out), ".zip") }

// WriteCSVZip writes every table of the report as tidy CSV into one zip
// file at path (readable by its owner only): about.csv, frequencies.csv
// ... in table order, each dated with the report's stamp or the fixed
// date, so that the same project gives the same bytes.
func WriteCSVZip(path string, r *Report) ([]string, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	var names []string
	for _, t := range r.Tables() {
		name := t.Name + ".csv"
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: r.fileTime()}
		h.SetMode(0o600)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, fmt.Errorf("CSV report %s: %w", path, err)
		}
		if err := WriteCSV(w, t); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("CSV report %s: %w", path, err)
	}
	if err := WriteFile(path, b.Bytes()); err != nil {
		return nil, err
	}
	return names, nil
}

// WriteCSVDir writes every table of the report as tidy CSV, one file per
// table (about.csv, frequencies.csv, matrix.csv ...), into dir, created
// if needed; a dir ending in .csv is refused (CheckCSVOut). Files are
// readable by their owner only.
func WriteCSVDir(dir string, r *Report) ([]string, error) {
	if err := CheckCSVOut(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("CSV report: %w", err)
	}
	var files []string
	for _, t := range r.Tables() {
		var b bytes.Buffer
		if err := WriteCSV(&b, t); err != nil {
			return files, err
		}
		p := filepath.Join(dir, t.Name+".csv")
		if err := WriteFile(p, b.Bytes()); err != nil {
			return files, err
		}
		files = append(files, p)
	}
	return files, nil
}

// WriteFile writes data to path through a temporary file in the same
// folder, renamed into place, so a failed write never leaves half a
// report; the file is readable by its owner only.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o600)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, werr)
	}
	return nil
}

// fixedTime is the date written into XLSX and zip files without a stamp,
// so that the same project gives the same bytes.
const fixedTime = "2000-01-01T00:00:00Z"

// fileTime is the date of the files inside a zip or XLSX report: the
// stamp, else fixedTime.
func (r *Report) fileTime() time.Time {
	s := fixedTime
	if r.Generated != "" {
		s = r.Generated
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339, fixedTime)
	}
	return t.UTC()
}

// redate sets the date of every entry of a zip file to t. excelize leaves
// them zero, which archive tools show as 1980-00-00, not a date at all.
// Entries are copied as they are compressed.
func redate(data []byte, t time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	date, clock := msDosTime(t)
	for _, f := range zr.File {
		h := f.FileHeader
		h.Modified, h.ModifiedDate, h.ModifiedTime = t, date, clock
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, err
		}
		rc, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, rc); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// msDosTime is t as the MS-DOS date and time fields of a zip entry
// (two-second resolution, years from 1980).
func msDosTime(t time.Time) (date, clock uint16) {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// XLSX renders every table of the report as one sheet each (about first),
// the header row bold and frozen, numbers as numbers (shares as numbers
// formatted as percentages), suppressed cells as the text "<N" or "x", and
// NaN as an empty cell.
func XLSX(r *Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	stamp := fixedTime
	if r.Generated != "" {
		stamp = r.Generated
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: r.Title, Creator: "fieldwork", LastModifiedBy: "fieldwork",
		Created: stamp, Modified: stamp, Description: "Scope: " + r.Scope}); err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}}})
	if err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	if err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	dec, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	for i, t := range r.Tables() {
		sheet := t.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return nil, fmt.Errorf("XLSX report: %w", err)
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return nil, fmt.Errorf("XLSX report: sheet %s: %w", sheet, err)
		}
		if err := writeSheet(f, sheet, t, head, pct, dec, wrap); err != nil {
			return nil, fmt.Errorf("XLSX report: sheet %s: %w", sheet, err)
		}
	}
	f.SetActiveSheet(0)
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	data, err := redate(b.Bytes(), r.fileTime())
	if err != nil {
		return nil, fmt.Errorf("XLSX report: %w", err)
	}
	return data, nil
}

func writeSheet(f *excelize.File, sheet string, t *analysis.Table, head, pct, dec, wrap int) error {
	if len(t.Columns) == 0 {
		return nil // a stack of no tables (theme_cities without themes): an empty sheet
	}
	for c, col := range t.Columns {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellValue(sheet, cell, col.Name); err != nil {
			return err
		}
		name, _ := excelize.ColumnNumberToName(c + 1)
		width := 12.0
		switch {
		case col.Kind == analysis.Text && (col.Name == "text" || col.Name == "quote_1" || col.Name == "quote_2" || col.Name == "definition" || col.Name == "value" && t.Name == "about"):
			width = 80
		case col.Kind == analysis.Text:
			width = 32
		}
		if err := f.SetColWidth(sheet, name, name, width); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Columns), 1)
	if err := f.SetCellStyle(sheet, "A1", last, head); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	for r := 0; r < t.Rows(); r++ {
		for c, col := range t.Columns {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			v := t.Value(r, c)
			if x, ok := v.(float64); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
				v = nil
			}
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			style := 0
			if _, isNum := v.(float64); isNum {
				switch col.Kind {
				case analysis.Share:
					style = pct
				case analysis.Float:
					style = dec
				}
			}
			if s, ok := v.(string); ok && len(s) > 60 {
				style = wrap
			}
			if style != 0 {
				if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
