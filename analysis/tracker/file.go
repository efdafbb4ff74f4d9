package tracker

// Recommendation files: what `fieldwork recs export` writes and `recs
// import` reads, as CSV (one row per recommendation) or JSON (the whole
// recommendation with its log).

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// RecsFormat identifies fieldwork's JSON recommendation files.
const RecsFormat = "fieldwork-recommendations/1"

// recsCSVColumns are the columns `recs export --csv` writes. The reader
// takes the first nine (and a few other names for them, see csvAliases)
// and ignores the last three, which describe the log.
var recsCSVColumns = []string{"id", "title", "text", "owner", "stakeholders", "priority", "status", "due", "codes",
	"created_at", "last_follow_up_at", "last_follow_up"}

// RecsCSVColumns returns the columns of an exported CSV file.
func RecsCSVColumns() []string { return append([]string(nil), recsCSVColumns...) }

// csvAliases are other headers a recommendation list may use.
var csvAliases = map[string]string{
	"ref": "id", "recommendation": "title", "name": "title", "description": "text", "details": "text",
	"lead": "owner", "stakeholder": "stakeholders", "due_date": "due", "deadline": "due",
	"code": "codes", "evidence_codes": "codes", "evidence": "codes",
}

// ListSeparator separates the stakeholders and the codes in one CSV cell.
const ListSeparator = ";"

// ReadRecs reads a recommendation file: CSV or JSON, by the file's
// extension (.csv, .json), else by its first character. Every bad row is
// reported, each with its line, in one error; no row is returned then.
func ReadRecs(name string, data []byte) ([]Draft, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s line %d: not UTF-8 text", name, lineAt(data, invalidUTF8(data)))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	read := readRecsCSV
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
	case ".json":
		read = readRecsJSON
	default:
		if c := bytes.TrimSpace(data)[0]; c == '[' || c == '{' {
			read = readRecsJSON
		}
	}
	drafts, err := read(name, data)
	for i := range drafts {
		drafts[i].ImportedFrom = filepath.Base(name)
	}
	return drafts, err
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// lineAt is the 1-based line of byte offset off.
func lineAt(b []byte, off int) int {
	return bytes.Count(b[:min(off, len(b))], []byte("\n")) + 1
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ListSeparator) {
		if x = strings.Join(strings.Fields(x), " "); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// check reads the text fields of a file row into r, collecting every
// error rather than stopping at the first.
func (r *Draft) check(priority, status, due string) []error {
	var errs []error
	r.Title = strings.Join(strings.Fields(r.Title), " ")
	if r.Title == "" {
		errs = append(errs, errors.New("no title"))
	}
	if r.ID = strings.TrimSpace(r.ID); r.ID != "" && RefNumber(r.ID) == 0 {
		errs = append(errs, fmt.Errorf("id %q: want R followed by a number, as in R7", r.ID))
	}
	if strings.TrimSpace(priority) != "" {
		p, err := ParsePriority(priority)
		if err != nil {
			errs = append(errs, err)
		}
		r.Priority = p
	}
	if strings.TrimSpace(status) != "" {
		st, err := ParseStatus(status)
		if err != nil {
			errs = append(errs, err)
		}
		r.Status = st
	}
	d, err := ParseDate(due)
	if err != nil {
		errs = append(errs, fmt.Errorf("due %w", err))
	}
	r.Due = d
	r.Text, r.Owner = strings.TrimSpace(r.Text), strings.TrimSpace(r.Owner)
	return errs
}

func lineErrors(name string, line int, errs []error) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return fmt.Errorf("%s line %d: %s", name, line, strings.Join(msgs, "; "))
}

func readRecsCSV(name string, data []byte) ([]Draft, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.Join(strings.Fields(h), "_"))
		if a, ok := csvAliases[k]; ok {
			k = a
		}
		known := false
		for _, c := range recsCSVColumns {
			known = known || c == k
		}
		if !known {
			return nil, fmt.Errorf("%s line 1: unknown column %q (known: %s)", name, h, strings.Join(recsCSVColumns, ", "))
		}
		if _, dup := col[k]; dup {
			return nil, fmt.Errorf("%s line 1: column %q appears twice", name, k)
		}
		col[k] = i
	}
	if _, ok := col["title"]; !ok {
		return nil, fmt.Errorf("%s line 1: no title column", name)
	}
	var out []Draft
	var errs []error
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s line %d: %w", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) > len(header) {
			errs = append(errs, fmt.Errorf("%s line %d: %d cells but the header has %d columns", name, line, len(rec), len(header)))
			continue
		}
		cell := func(k string) string {
			i, ok := col[k]
			if !ok || i >= len(rec) {
				return ""
			}
			return inert.CSVValue(rec[i])
		}
		r := Draft{Line: line, ID: cell("id"), Title: cell("title"), Text: cell("text"), Owner: cell("owner"),
			Stakeholders: splitList(cell("stakeholders")), Codes: splitList(cell("codes"))}
		if e := r.check(cell("priority"), cell("status"), cell("due")); len(e) > 0 {
			errs = append(errs, lineErrors(name, line, e))
			continue
		}
		out = append(out, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no recommendations (only a header)", name)
	}
	return out, nil
}

// Record is a recommendation on the wire: an element of the file `recs
// export --json` writes and `recs import` reads, and the core of every
// recommendation `--json` prints. Priority and status are kept as text so
// that an import reports every bad value of a file, each with its line.
type Record struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Text         string   `json:"text"`
	Owner        string   `json:"owner"`
	Stakeholders []string `json:"stakeholders"`
	Priority     string   `json:"priority"`
	Status       string   `json:"status"`
	Due          string   `json:"due"`
	Codes        []string `json:"codes"`
	CreatedAt    string   `json:"created_at,omitempty"`
	Log          []Entry  `json:"log,omitempty"`
}

// Entry is one log entry on the wire, with stable snake_case keys. An
// export leaves out the id and the date; listings give them.
type Entry struct {
	ID         int64  `json:"id,omitempty"`
	At         string `json:"at"`
	Date       string `json:"date,omitempty"`
	Author     string `json:"author"`
	Note       string `json:"note"`
	StatusFrom string `json:"status_from"`
	StatusTo   string `json:"status_to"`
}

// EntryOf is f on the wire, its time in RFC 3339 (the author's zone kept),
// without id and date (what an export writes).
func EntryOf(f FollowUp) Entry {
	return Entry{At: f.At.Format(time.RFC3339), Author: f.Author, Note: f.Note, StatusFrom: string(f.From), StatusTo: string(f.To)}
}

// ListedEntryOf is f as a listing shows it: EntryOf with its id and date.
func ListedEntryOf(f FollowUp) Entry {
	e := EntryOf(f)
	e.ID, e.Date = f.ID, FormatDate(DateOf(f.At))
	return e
}

// RecsFile is the JSON file `recs export --json` writes.
type RecsFile struct {
	Format          string   `json:"format"`
	Recommendations []Record `json:"recommendations"`
}

// Record is r on the wire without its log (what listings print).
func (r *Recommendation) Record() Record {
	out := Record{ID: r.ID, Title: r.Title, Text: r.Text, Owner: r.Owner, Stakeholders: append([]string{}, r.Stakeholders...),
		Priority: string(r.Priority), Status: string(r.Status), Due: FormatDate(r.Due), Codes: append([]string{}, r.CodePaths()...)}
	if !r.Created.IsZero() {
		out.CreatedAt = r.Created.Format(time.RFC3339)
	}
	return out
}

// Export is r as it is exported: its Record with the log.
func (r *Recommendation) Export() Record {
	out := r.Record()
	out.Log = []Entry{}
	for _, f := range r.Log {
		out.Log = append(out.Log, EntryOf(f))
	}
	return out
}

// WriteRecsJSON writes recs as a RecsFile, indented.
func WriteRecsJSON(w io.Writer, recs []Recommendation) error {
	f := RecsFile{Format: RecsFormat, Recommendations: []Record{}}
	for i := range recs {
		f.Recommendations = append(f.Recommendations, recs[i].Export())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write recommendations JSON: %w", err)
	}
	return nil
}

// WriteRecsCSV writes recs with the columns of RecsCSVColumns; lists are
// joined with "; ".
func WriteRecsCSV(w io.Writer, recs []Recommendation) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(recsCSVColumns); err != nil {
		return fmt.Errorf("write recommendations CSV: %w", err)
	}
	for i := range recs {
		r := &recs[i]
		var lastAt, last string
		if f, ok := r.LastFollowUp(); ok {
			lastAt, last = f.At.Format(time.RFC3339), f.Summary()
		}
		created := ""
		if !r.Created.IsZero() {
			created = r.Created.Format(time.RFC3339)
		}
		rec := []string{r.ID, r.Title, r.Text, r.Owner, strings.Join(r.Stakeholders, ListSeparator+" "), string(r.Priority),
			string(r.Status), FormatDate(r.Due), strings.Join(r.CodePaths(), ListSeparator+" "), created, lastAt, last}
		// A spreadsheet must not run what a researcher typed as a formula.
		if err := cw.Write(inert.CSVRecord(rec)); err != nil {
			return fmt.Errorf("write recommendations CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write recommendations CSV: %w", err)
	}
	return nil
}

// readRecsJSON reads a RecsFile, or a bare array of its recommendations.
// Each recommendation's line is the line of its opening brace.
func readRecsJSON(name string, data []byte) ([]Draft, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("%s line %d: %w", name, lineAt(data, int(dec.InputOffset())), err)
	}
	var rows []Draft
	switch tok {
	case json.Delim('['):
		if rows, err = readRecsArray(name, data, dec); err != nil {
			return nil, err
		}
	case json.Delim('{'):
		seen := false
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %w", name, lineAt(data, int(dec.InputOffset())), err)
			}
			k, _ := kt.(string)
			switch k {
			case "format":
				var f string
				if err := dec.Decode(&f); err != nil || f != RecsFormat {
					return nil, fmt.Errorf("%s line %d: format is not %q", name, lineAt(data, int(dec.InputOffset())), RecsFormat)
				}
			case "recommendations":
				t, err := dec.Token()
				if err != nil || t != json.Delim('[') {
					return nil, fmt.Errorf("%s line %d: recommendations must be an array", name, lineAt(data, int(dec.InputOffset())))
				}
				if rows, err = readRecsArray(name, data, dec); err != nil {
					return nil, err
				}
				seen = true
			default:
				return nil, fmt.Errorf("%s line %d: unknown key %q (want format and recommendations)", name, lineAt(data, int(dec.InputOffset())), k)
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, lineAt(data, int(dec.InputOffset())), err)
		}
		if !seen {
			return nil, fmt.Errorf("%s: no recommendations array", name)
		}
	default:
		return nil, fmt.Errorf("%s line 1: want a JSON array of recommendations, or an export of `fieldwork recs export --json`", name)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s line %d: unexpected data after the recommendations", name, lineAt(data, int(dec.InputOffset())))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no recommendations", name)
	}
	return rows, nil
}

// readRecsArray reads the elements of an array whose '[' was read, and
// its closing ']'.
func readRecsArray(name string, data []byte, dec *json.Decoder) ([]Draft, error) {
	var out []Draft
	var errs []error
	for dec.More() {
		off := int(dec.InputOffset())
		for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		line := lineAt(data, off)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		r, e := recFromJSON(raw, line)
		if len(e) > 0 {
			errs = append(errs, lineErrors(name, line, e))
			continue
		}
		out = append(out, r)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s line %d: %w", name, lineAt(data, int(dec.InputOffset())), err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func recFromJSON(raw json.RawMessage, line int) (Draft, []error) {
	var j Record
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		return Draft{}, []error{fmt.Errorf("not a recommendation: %w", err)}
	}
	r := Draft{Line: line, ID: j.ID, Title: j.Title, Text: j.Text, Owner: j.Owner}
	for _, s := range j.Stakeholders {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			r.Stakeholders = append(r.Stakeholders, s)
		}
	}
	for _, c := range j.Codes {
		if c = strings.TrimSpace(c); c != "" {
			r.Codes = append(r.Codes, c)
		}
	}
	errs := r.check(j.Priority, j.Status, j.Due)
	for i, f := range j.Log {
		at, err := time.Parse(time.RFC3339, f.At)
		if err != nil {
			errs = append(errs, fmt.Errorf("log entry %d: at %q is not an RFC 3339 time", i+1, f.At))
			continue
		}
		fu := FollowUp{At: at, Author: strings.TrimSpace(f.Author), Note: strings.TrimSpace(f.Note)}
		for _, p := range []struct {
			v   string
			dst *Status
		}{{f.StatusFrom, &fu.From}, {f.StatusTo, &fu.To}} {
			if strings.TrimSpace(p.v) == "" {
				continue
			}
			st, err := ParseStatus(p.v)
			if err != nil {
				errs = append(errs, fmt.Errorf("log entry %d: %w", i+1, err))
			}
			*p.dst = st
		}
		if fu.Author == "" {
			errs = append(errs, fmt.Errorf("log entry %d has no author", i+1))
		}
		if fu.From != "" && fu.To == "" {
			errs = append(errs, fmt.Errorf("log entry %d has a status_from without a status_to", i+1))
		}
		r.Log = append(r.Log, fu)
	}
	if len(r.Log) > 0 {
		last := LastStatus(r.Log)
		if r.Status == "" {
			r.Status = last
		} else if last != "" && last != r.Status {
			errs = append(errs, fmt.Errorf("the log ends with status %s but the status is %s", last, r.Status))
		}
	}
	return r, errs
}
