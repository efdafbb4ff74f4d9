package project

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// CodingsColumns are the columns of a codings file, in the order export
// writes them; memo is optional on import.
var CodingsColumns = []string{"source", "start", "end", "code", "coder", "memo"}

// codingsBatch is how many rows of a codings file are read before they are
// stored: memory stays flat for a file of millions of rows.
const codingsBatch = 8192

// ImportCodings reads a codings CSV (columns source, start, end, code,
// coder and optionally memo, in any order, named by a header row; offsets
// in code points as `codings --json` prints them) and records every row in
// one transaction. Any refused row (unknown source or code, a span outside
// the text, a repeated coding) refuses the file; addCodes creates unknown
// codes from their paths instead. name labels the file in messages.
func (p *Project) ImportCodings(ctx context.Context, name string, r io.Reader, addCodes bool) (store.CodingsImported, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return store.CodingsImported{}, fmt.Errorf("import codings %s: the file is empty (want a header: %s)", name, strings.Join(CodingsColumns, ","))
	} else if err != nil {
		return store.CodingsImported{}, fmt.Errorf("import codings %s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if _, dup := col[h]; dup {
			return store.CodingsImported{}, fmt.Errorf("import codings %s line 1: column %q twice", name, h)
		}
		col[h] = i
	}
	for _, c := range CodingsColumns[:5] {
		if _, ok := col[c]; !ok {
			return store.CodingsImported{}, fmt.Errorf("import codings %s line 1: no %q column (want %s)", name, c, strings.Join(CodingsColumns, ","))
		}
	}
	memo, hasMemo := col["memo"]
	batch := make([]store.CodingRow, 0, codingsBatch)
	next := func() ([]store.CodingRow, error) {
		batch = batch[:0]
		for len(batch) < codingsBatch {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("import codings %s: %w", name, err) // a csv.ParseError names the line
			}
			line, _ := cr.FieldPos(0)
			cell := func(c string) string { return inert.CSVValue(rec[col[c]]) }
			row := store.CodingRow{Line: line, Source: cell("source"), Code: cell("code"), Coder: cell("coder")}
			if hasMemo {
				row.Memo = inert.CSVValue(rec[memo])
			}
			if row.Start, err = strconv.Atoi(strings.TrimSpace(rec[col["start"]])); err != nil {
				return nil, fmt.Errorf("import codings %s line %d: start %q is not a whole number", name, line, rec[col["start"]])
			}
			if row.End, err = strconv.Atoi(strings.TrimSpace(rec[col["end"]])); err != nil {
				return nil, fmt.Errorf("import codings %s line %d: end %q is not a whole number", name, line, rec[col["end"]])
			}
			batch = append(batch, row)
		}
		return batch, nil
	}
	out, err := p.st.ImportCodings(ctx, next, addCodes)
	if err != nil {
		var refused *store.RowsRefusedError
		if errors.As(err, &refused) {
			return out, fmt.Errorf("import codings %s: %w", name, err)
		}
		return out, err
	}
	return out, nil
}

// ExportCodings writes every coding as a codings CSV (CodingsColumns),
// each cell made inert for spreadsheets; ImportCodings reads it back.
// screen (nil for none) is applied to the memos, which researchers wrote.
func (p *Project) ExportCodings(ctx context.Context, w io.Writer, screen func(string) string) (int, error) {
	if screen == nil {
		screen = func(s string) string { return s }
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CodingsColumns); err != nil {
		return 0, err
	}
	n := 0
	rec := make([]string, len(CodingsColumns))
	err := p.st.EachCoding(ctx, func(r store.CodingRow) error {
		rec[0], rec[1], rec[2] = inert.CSVCell(r.Source), strconv.Itoa(r.Start), strconv.Itoa(r.End)
		rec[3], rec[4], rec[5] = inert.CSVCell(r.Code), inert.CSVCell(r.Coder), inert.CSVCell(screen(r.Memo))
		n++
		return cw.Write(rec)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}
