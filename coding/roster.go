package coding

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RosterRow is one participant of a roster file.
type RosterRow struct {
	Line       int    // 1-based line in the file, for messages
	ID         string // the participant's id, e.g. "OTT-03"
	Group      string // with Label: binds a transcript's speaker label to ID
	Label      string
	City       string
	Attributes map[string]string // every other column, by header name
}

// Column names a roster may use for its reserved columns (lower case).
var (
	rosterIDCols    = []string{"id", "participant", "participant_id", "participant id"}
	rosterGroupCols = []string{"group", "focus_group", "focus group", "grp"}
	rosterLabelCols = []string{"label", "speaker", "speaker_label", "speaker label"}
	rosterCityCols  = []string{"city"}
)

// ParseRoster reads a roster CSV: a header row, then one row per
// participant. The id column is required; group and label bind a
// transcript's speaker label to the participant (both or neither); city
// sets the participant's city; every other column is an attribute, named
// by its header in lower case with spaces as underscores. Empty cells set
// nothing. name is used in error messages.
func ParseRoster(r io.Reader, name string) ([]RosterRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("roster %q: empty file", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	keys := make([]string, len(header))
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimPrefix(h, "\ufeff")
		k := strings.ToLower(strings.Join(strings.Fields(h), "_"))
		if k == "" {
			return nil, fmt.Errorf("roster %q line 1: column %d has no name", name, i+1)
		}
		if _, dup := idx[k]; dup {
			return nil, fmt.Errorf("roster %q line 1: column %q appears twice", name, h)
		}
		keys[i] = k
		idx[k] = i
	}
	find := func(names []string) int {
		for _, n := range names {
			if i, ok := idx[strings.ReplaceAll(n, " ", "_")]; ok {
				return i
			}
		}
		return -1
	}
	ci, gi, li, cityi := find(rosterIDCols), find(rosterGroupCols), find(rosterLabelCols), find(rosterCityCols)
	if ci < 0 {
		return nil, fmt.Errorf("roster %q line 1: no id column (one of %s)", name, strings.Join(rosterIDCols, ", "))
	}
	var rows []RosterRow
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// FieldPos may be called only after a record was read.
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) > len(header) {
			return nil, fmt.Errorf("roster %q line %d: %d cells but the header has %d columns", name, line, len(rec), len(header))
		}
		cell := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		row := RosterRow{Line: line, ID: cell(ci), Group: cell(gi), Label: cell(li), City: cell(cityi), Attributes: map[string]string{}}
		if row.ID == "" {
			return nil, fmt.Errorf("roster %q line %d: empty id", name, line)
		}
		if (row.Group == "") != (row.Label == "") {
			return nil, fmt.Errorf("roster %q line %d: give both group and label, or neither", name, line)
		}
		key := strings.ToLower(row.Group + "\x00" + row.Label)
		if row.Label != "" {
			if prev, ok := seen[key]; ok {
				return nil, fmt.Errorf("roster %q line %d: label %q of group %q is already bound on line %d", name, line, row.Label, row.Group, prev)
			}
			seen[key] = line
		}
		for i, k := range keys {
			if i == ci || i == gi || i == li || i == cityi {
				continue
			}
			if v := cell(i); v != "" {
				row.Attributes[k] = v
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("roster %q: no participants below the header", name)
	}
	return rows, nil
}

// csvError names the roster file and the line of a CSV syntax error, with
// a hint for the commonest one.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("roster %q: %w", name, err)
	}
	hint := ""
	if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
		hint = " (put a cell holding a quote in double quotes, and double the quotes inside it)"
	}
	return fmt.Errorf("roster %q line %d, column %d: %w%s", name, pe.Line, pe.Column, pe.Err, hint)
}
