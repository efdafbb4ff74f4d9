package report

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// WriteCSVDir writes every table of the report as tidy CSV, one file per
// table (about.csv, frequencies.csv, matrix.csv ...), into dir, created
// if needed. Files are readable by their owner only.
func WriteCSVDir(dir string, r *Report) ([]string, error) {
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

// fixedTime is the creation date written into XLSX files without a stamp,
// so that the same project gives the same bytes.
const fixedTime = "2000-01-01T00:00:00Z"

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
	return b.Bytes(), nil
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
