package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
)

// ReadReliabilityCSV reads reliability data from a CSV file with the
// columns unit, coder and value, and optionally code, found by name in the
// header (in any order, any case, a byte-order mark ignored). A missing
// value is no row or an empty value. Without a code column the result is
// one CodeReliability with an empty Code; with one, a CodeReliability per
// code in order of first sight. Errors name the file (name) and the line.
func ReadReliabilityCSV(name string, r io.Reader) ([]CodeReliability, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file; want a header with unit,coder,value", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col, err := reliabilityColumns(name, header)
	if err != nil {
		return nil, err
	}
	var codes []CodeReliability
	byCode := map[string]int{}
	if col["code"] < 0 {
		codes = []CodeReliability{{Data: agreement.NewData()}}
		byCode[""] = 0
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		field := func(c string) string {
			if i := col[c]; i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		code := field("code")
		i, ok := byCode[code]
		if !ok {
			if code == "" {
				return nil, fmt.Errorf("%s line %d: no code", name, line)
			}
			i = len(codes)
			byCode[code] = i
			codes = append(codes, CodeReliability{Code: code, Data: agreement.NewData()})
		}
		if err := codes[i].Data.Add(field("unit"), field("coder"), field("value")); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("%s: no rows after the header", name)
	}
	return codes, nil
}

// reliabilityColumns finds the columns by name: -1 for a missing one.
func reliabilityColumns(name string, header []string) (map[string]int, error) {
	col := map[string]int{"code": -1, "unit": -1, "coder": -1, "value": -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := col[h]; ok {
			if j >= 0 {
				return nil, fmt.Errorf("%s line 1: two %q columns", name, h)
			}
			col[h] = i
		}
	}
	for _, need := range []string{"unit", "coder", "value"} {
		if col[need] < 0 {
			return nil, fmt.Errorf("%s line 1: no %q column; want a header with unit,coder,value (and optionally code), got %s",
				name, need, strings.Join(header, ","))
		}
	}
	return col, nil
}

// WriteReliabilityCSV writes code,unit,coder,value with a row for every
// unit and coder of every code, an empty value where it is missing: the
// table the agreement figures are computed from, which ReadReliabilityCSV
// reads back.
func WriteReliabilityCSV(w io.Writer, codes []CodeReliability) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"code", "unit", "coder", "value"})
	for _, c := range codes {
		c.Data.EachCell(func(unit, coder, value string) {
			_ = cw.Write([]string{c.Code, unit, coder, value})
		})
	}
	cw.Flush()
	return cw.Error()
}
