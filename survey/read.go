package survey

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// ReadOptions say how to read an export.
type ReadOptions struct {
	// Shape forces the shape; "" detects it (DetectShape).
	Shape Shape
	// IDColumn names the respondent id column. When empty, the first of
	// ResponseId, respondent_id, _uuid, meta/instanceID, KEY, _id, id is
	// used, else respondents are numbered R1, R2 ... in file order.
	IDColumn string
	// LinkColumn names the column holding focus-group participant ids.
	LinkColumn string
	// Participants, when not nil, are the participant ids a link may
	// name (compared case-insensitively; the id as listed is kept).
	Participants []string
	// Each, when set, is handed the valid responses in file order, a
	// batch at a time, as soon as their rows are read (rows are read in
	// parallel), instead of Read collecting them in Import.Responses: an
	// import can write the first respondents while later rows are read.
	// Whether the export has invalid rows is known only when Read returns.
	// An error from Each stops the read, and Read returns it.
	Each func(batch []Response) error
}

// Response is one respondent's row, validated.
type Response struct {
	// Row is the row in the file (1-based).
	Row int
	// Ref is the respondent id.
	Ref string
	// Participant is the linked participant id, "" when unlinked.
	Participant string
	// Values are the canonical answers, one per instrument question.
	Values []string
}

// RowError is a row refused with every reason found in it.
type RowError struct {
	Row    int
	Ref    string
	Errors []error
}

func (e RowError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, err := range e.Errors {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

// Binding says which columns of the export hold a question's answers:
// one column, or one column per option of a multiple choice.
type Binding struct {
	Question string
	Columns  []string
	// PerOption is true when each column is one option (0/1, Y/blank).
	PerOption bool
}

// Import is an export read against an instrument.
type Import struct {
	Shape Shape
	// Detected is true when the shape was detected, not forced.
	Detected   bool
	IDColumn   string // "" when respondents were numbered
	LinkColumn string
	Bindings   []Binding
	// Ignored are columns that match no question (platform metadata such
	// as StartDate are among them).
	Ignored []string
	// Unbound are questions no column holds.
	Unbound []string
	// Rows is the number of data rows read.
	Rows int
	// Valid is the number of valid rows: the responses, whether collected
	// in Responses or handed to ReadOptions.Each.
	Valid     int
	Responses []Response
	// Invalid are the rows refused, in file order.
	Invalid []RowError
}

// Err is an error listing the invalid rows (at most limit of them, then a
// count of the rest), or nil when every row is valid.
func (im *Import) Err(name string, limit int) error {
	if len(im.Invalid) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d of %d rows have invalid values:", name, len(im.Invalid), im.Rows)
	for i, e := range im.Invalid {
		if limit > 0 && i == limit {
			fmt.Fprintf(&b, "\n  ... and %d more rows", len(im.Invalid)-limit)
			break
		}
		fmt.Fprintf(&b, "\n  %s", e.Error())
	}
	return errors.New(b.String())
}

// ErrNoQuestions is wrapped when no column of an export matches a question.
var ErrNoQuestions = errors.New("no column matches a question of the instrument")

type column struct {
	idx  int
	name string // as written
	text string // question text (Qualtrics second row; Google header)
}

// columns lists the header's non-blank columns.
func (g *Grid) columns(h int, shape Shape) []column {
	var out []column
	for c := 0; c < g.width(h+1); c++ {
		name := strings.TrimSpace(strings.TrimPrefix(g.cell(h, c), "\ufeff"))
		if name == "" {
			continue
		}
		col := column{idx: c, name: name}
		switch shape {
		case Qualtrics:
			col.text = strings.TrimSpace(g.cell(h+1, c))
		case GoogleForms:
			col.text = name
		}
		out = append(out, col)
	}
	return out
}

// lastSegment is the part of a Kobo/ODK name after its last "/".
func lastSegment(s string) string {
	if i := strings.LastIndex(s, "/"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// splitOption splits an option column's name into its question part and
// its option part: q[opt], group/q/opt, q_opt, q.opt, "Question text [opt]".
func splitOption(name string) []([2]string) {
	var out [][2]string
	if strings.HasSuffix(name, "]") {
		if i := strings.LastIndex(name, "["); i > 0 {
			out = append(out, [2]string{strings.TrimSpace(name[:i]), name[i+1 : len(name)-1]})
		}
	}
	for _, sep := range []string{"/", "_", "."} {
		if i := strings.LastIndex(name, sep); i > 0 && i < len(name)-1 {
			out = append(out, [2]string{name[:i], name[i+1:]})
		}
	}
	return out
}

// Read validates every data row of g against in. Bad values are collected
// per row in Invalid, never stopping the read; an unknown --id or --link-by
// column, or an export none of whose columns match a question, is an error.
func Read(g *Grid, in *Instrument, opt ReadOptions) (*Import, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	im := &Import{Shape: opt.Shape}
	if im.Shape == "" {
		im.Shape, im.Detected = DetectShape(g), true
	}
	h := g.firstRow()
	cols := g.columns(h, im.Shape)
	find := func(flag, name string) (int, error) {
		for i, c := range cols {
			if strings.EqualFold(c.name, name) {
				return i, nil
			}
		}
		for i, c := range cols {
			if strings.EqualFold(lastSegment(c.name), name) {
				return i, nil
			}
		}
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		return -1, fmt.Errorf("%s: %s %q: no such column (columns: %s)", g.Name, flag, name, clip(strings.Join(names, ", "), 300))
	}
	idCol, linkCol := -1, -1
	var err error
	if opt.IDColumn != "" {
		if idCol, err = find("--id", opt.IDColumn); err != nil {
			return nil, err
		}
	} else {
	search:
		for _, want := range idColumns {
			for i, c := range cols {
				if strings.EqualFold(c.name, want) && in.QuestionIndex(c.name) < 0 {
					idCol = i
					break search
				}
			}
		}
	}
	if opt.LinkColumn != "" {
		if linkCol, err = find("--link-by", opt.LinkColumn); err != nil {
			return nil, err
		}
		if linkCol == idCol && opt.IDColumn == "" {
			idCol = -1
		}
	}
	if idCol >= 0 {
		im.IDColumn = cols[idCol].name
	}
	if linkCol >= 0 {
		im.LinkColumn = cols[linkCol].name
	}

	byText := map[string]int{}
	for i, q := range in.Questions {
		if q.Text != "" {
			if _, dup := byText[fold(q.Text)]; !dup {
				byText[fold(q.Text)] = i
			}
		}
	}
	lookup := func(name, text string) int {
		if i := in.QuestionIndex(name); i >= 0 {
			return i
		}
		if strings.Contains(name, "/") {
			if i := in.QuestionIndex(lastSegment(name)); i >= 0 {
				return i
			}
		}
		if text != "" {
			// Qualtrics adds " - Selected Choice" to a choice question's text.
			if i, ok := byText[fold(strings.TrimSuffix(text, " - Selected Choice"))]; ok {
				return i
			}
		}
		return -1
	}
	nq := len(in.Questions)
	whole := make([]int, nq) // column index of the whole answer, -1
	for i := range whole {
		whole[i] = -1
	}
	perOpt := make([][]optCol, nq)
	used := make([]bool, len(cols))
	if idCol >= 0 {
		used[idCol] = true
	}
	if linkCol >= 0 {
		used[linkCol] = true
	}
	for ci, c := range cols {
		if used[ci] {
			continue
		}
		if qi := lookup(c.name, c.text); qi >= 0 && whole[qi] < 0 && (!IsMeta(c.name) || in.QuestionIndex(c.name) >= 0) {
			whole[qi] = ci
			used[ci] = true
		}
	}
	for ci, c := range cols {
		if used[ci] {
			continue
		}
		for _, parts := range splitOption(c.name) {
			text := ""
			if im.Shape == GoogleForms {
				text = parts[0]
			}
			qi := lookup(parts[0], text)
			if qi < 0 || in.Questions[qi].Type != Multiple {
				continue
			}
			oi := optionIndex(&in.Questions[qi], parts[1], im.Shape)
			if oi < 0 {
				continue
			}
			used[ci] = true
			if whole[qi] < 0 {
				perOpt[qi] = append(perOpt[qi], optCol{ci, oi})
			}
			break
		}
	}
	bound := 0
	for qi, q := range in.Questions {
		switch {
		case whole[qi] >= 0:
			im.Bindings = append(im.Bindings, Binding{Question: q.ID, Columns: []string{cols[whole[qi]].name}})
			bound++
		case len(perOpt[qi]) > 0:
			b := Binding{Question: q.ID, PerOption: true}
			for _, oc := range perOpt[qi] {
				b.Columns = append(b.Columns, cols[oc.col].name)
			}
			im.Bindings = append(im.Bindings, b)
			bound++
		default:
			im.Unbound = append(im.Unbound, q.ID)
		}
	}
	for ci, c := range cols {
		if !used[ci] {
			im.Ignored = append(im.Ignored, c.name)
		}
	}
	if bound == 0 {
		return nil, fmt.Errorf("%s: %w %q (read as %s)", g.Name, ErrNoQuestions, in.Name, im.Shape.Describe())
	}

	known := map[string]string{}
	for _, p := range opt.Participants {
		known[strings.ToLower(p)] = p
	}
	rr := &rowReader{g: g, in: in, opt: opt, cols: cols, whole: whole, perOpt: perOpt, idCol: idCol, linkCol: linkCol,
		known: known, checked: usedColumns(cols, used), width: headerWidth(g.Rows[h]), seps: im.Shape.separators()}
	// In file order, a chunk of rows at a time as they are read: generated
	// ids count the rows read, and an id is a duplicate of the first row
	// that had it.
	firstRow := map[string]int{}
	seq := 0
	err = rr.readAll(h+im.Shape.headerRows(), func(rows []rowRead) error {
		var batch []Response
		for i := range rows {
			x := &rows[i]
			if x.blank {
				continue
			}
			seq++
			im.Rows++
			resp := x.resp
			errs := x.before
			if idCol < 0 {
				resp.Ref = "R" + strconv.Itoa(seq)
			}
			if resp.Ref != "" {
				if first, dup := firstRow[strings.ToLower(resp.Ref)]; dup {
					errs = append(errs, &ValueError{Row: resp.Row, Column: im.IDColumn, Value: resp.Ref, Reason: fmt.Sprintf("is the id of another respondent (row %d)", first)})
				} else {
					firstRow[strings.ToLower(resp.Ref)] = resp.Row
				}
			}
			errs = append(errs, x.after...)
			if len(errs) > 0 {
				im.Invalid = append(im.Invalid, RowError{Row: resp.Row, Ref: resp.Ref, Errors: errs})
				continue
			}
			batch = append(batch, resp)
		}
		im.Valid += len(batch)
		if opt.Each == nil {
			im.Responses = append(im.Responses, batch...)
			return nil
		}
		if len(batch) == 0 {
			return nil
		}
		return opt.Each(batch)
	})
	if err != nil {
		return nil, err
	}
	return im, nil
}

// rowReader reads the rows of an export against the bindings Read worked
// out; rows are independent of each other, so they are read in parallel.
type rowReader struct {
	g              *Grid
	in             *Instrument
	opt            ReadOptions
	cols           []column
	whole          []int // column of each question's whole answer, or -1
	perOpt         [][]optCol
	idCol, linkCol int
	known          map[string]string // participants by lower-case id
	checked        []column
	width          int
	seps           []string
}

type optCol struct{ col, opt int }

// rowRead is one row as read: the response, and its errors before and
// after where the duplicate-id check (done in file order) puts its own.
type rowRead struct {
	blank         bool
	resp          Response
	before, after []error
}

// rowsPerChunk is how many rows a goroutine reads at a time.
const rowsPerChunk = 2048

// readAll reads the rows from first on, a chunk of rowsPerChunk on each
// goroutine, and hands each chunk to inOrder in file order as soon as it
// and the chunks before it are read; an error from inOrder stops the read.
func (rr *rowReader) readAll(first int, inOrder func([]rowRead) error) error {
	n := max(len(rr.g.Rows)-first, 0)
	out := make([]rowRead, n)
	// The answers of all rows in one backing array: a few large
	// allocations rather than one per row.
	nq := len(rr.in.Questions)
	values := make([]string, n*nq)
	chunks := (n + rowsPerChunk - 1) / rowsPerChunk
	ready := make([]chan struct{}, chunks)
	for k := range ready {
		ready[k] = make(chan struct{})
	}
	next := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A parser memoises, so each goroutine has its own.
			parsers := make([]*Parser, nq)
			for qi := range rr.in.Questions {
				parsers[qi] = NewParser(&rr.in.Questions[qi], rr.seps...)
			}
			for k := range next {
				for i := k * rowsPerChunk; i < min((k+1)*rowsPerChunk, n); i++ {
					out[i] = rr.read(first+i, parsers, values[i*nq:(i+1)*nq:(i+1)*nq])
				}
				close(ready[k])
			}
		}()
	}
	go func() {
		defer close(next)
		for k := range chunks {
			select {
			case next <- k:
			case <-stop:
				return
			}
		}
	}()
	var err error
	for k := range chunks {
		<-ready[k]
		if err = inOrder(out[k*rowsPerChunk : min((k+1)*rowsPerChunk, n)]); err != nil {
			break
		}
	}
	close(stop)
	wg.Wait()
	return err
}

// read reads grid row r into values.
func (rr *rowReader) read(r int, parsers []*Parser, values []string) rowRead {
	g := rr.g
	if blankRow(g.Rows[r]) {
		return rowRead{blank: true}
	}
	row := r + 1
	x := rowRead{resp: Response{Row: row, Values: values}}
	x.before = g.shapeErrors(r, rr.width)
	x.before = append(x.before, g.controlErrors(r, rr.checked)...)
	if rr.idCol >= 0 {
		x.resp.Ref = strings.TrimSpace(g.cell(r, rr.cols[rr.idCol].idx))
		if x.resp.Ref == "" {
			x.before = append(x.before, &ValueError{Row: row, Column: rr.cols[rr.idCol].name, Reason: "is empty: every respondent needs an id"})
		}
	}
	if rr.linkCol >= 0 {
		v := strings.TrimSpace(g.cell(r, rr.cols[rr.linkCol].idx))
		if v != "" && rr.opt.Participants != nil {
			p, ok := rr.known[strings.ToLower(v)]
			if !ok {
				x.after = append(x.after, &ValueError{Row: row, Column: rr.cols[rr.linkCol].name, Value: v, Reason: "is not a participant of the project",
					Allowed: "a participant id (see `fieldwork participants`), or blank"})
			}
			v = p
		}
		x.resp.Participant = v
	}
	for qi := range rr.in.Questions {
		q := &rr.in.Questions[qi]
		switch {
		case rr.whole[qi] >= 0:
			c := rr.cols[rr.whole[qi]]
			v, err := parsers[qi].Parse(g.cell(r, c.idx))
			if err != nil {
				var ve *ValueError
				if errors.As(err, &ve) {
					ve.Row, ve.Column = row, c.name
				}
				x.after = append(x.after, err)
				continue
			}
			values[qi] = v
		case len(rr.perOpt[qi]) > 0:
			values[qi], x.after = readOptionColumns(g, r, q, rr.cols, rr.perOpt[qi], x.after)
		}
	}
	return x
}

// readOptionColumns reads a multiple choice spread over one column per
// option, and returns its canonical answer ("" when none is chosen).
func readOptionColumns(g *Grid, r int, q *Question, cols []column, perOpt []optCol, errs []error) (string, []error) {
	chosen := make([]bool, len(q.Options))
	any := false
	for _, oc := range perOpt {
		c := cols[oc.col]
		raw := strings.TrimSpace(g.cell(r, c.idx))
		yes, ok := optionFlag(raw, q.Options[oc.opt])
		if !ok {
			errs = append(errs, &ValueError{Row: r + 1, Column: c.name, Question: q.ID, Value: raw,
				Reason: "is not a choice mark", Allowed: "1 or 0 (also Y/N, yes/no, true/false, the option's code or label), or blank"})
			continue
		}
		if yes {
			chosen[oc.opt], any = true, true
		}
	}
	if !any {
		return "", errs
	}
	var codes []string
	for oi, ch := range chosen {
		if ch {
			codes = append(codes, q.Options[oi].Code)
		}
	}
	return strings.Join(codes, ";"), errs
}

// usedColumns are the columns whose cells are stored: id, link and bound
// question columns.
func usedColumns(cols []column, used []bool) []column {
	var out []column
	for i, c := range cols {
		if used[i] {
			out = append(out, c)
		}
	}
	return out
}

// headerWidth is the number of header cells up to the last non-blank one.
func headerWidth(header []string) int {
	n := len(header)
	for n > 0 && strings.TrimSpace(header[n-1]) == "" {
		n--
	}
	return n
}

// shapeErrors refuses a ragged row: in a CSV export every row has as many
// cells as the header (a short row has lost cells, and reading its blanks
// as "no answer" would shift nothing but still invent missing answers);
// in CSV and XLSX alike no row has a non-blank cell right of the header,
// whose value would otherwise be dropped without a word. XLSX rows may be
// short: spreadsheets do not store blank trailing cells.
func (g *Grid) shapeErrors(r, width int) []error {
	cells := g.Rows[r]
	var errs []error
	if g.Format == "csv" && len(cells) < width {
		errs = append(errs, &ValueError{Row: r + 1, Column: g.cell(g.firstRow(), len(cells)),
			Reason: fmt.Sprintf("is missing: the row has %d cells and the header %d (a ragged row)", len(cells), width)})
	}
	for c := width; c < len(cells); c++ {
		if strings.TrimSpace(cells[c]) != "" {
			errs = append(errs, &ValueError{Row: r + 1, Column: fmt.Sprintf("#%d", c+1), Value: cells[c],
				Reason: fmt.Sprintf("is right of the header's last column (the header has %d columns)", width)})
			break
		}
	}
	return errs
}

// controlErrors refuses cells holding terminal control characters (an
// escape sequence in an answer would be echoed raw by every command that
// prints it). Tab and line breaks are text.
func (g *Grid) controlErrors(r int, cols []column) []error {
	var errs []error
	for _, c := range cols {
		v := g.cell(r, c.idx)
		if i := ControlIndex(v); i >= 0 {
			errs = append(errs, &ValueError{Row: r + 1, Column: c.name, Value: strings.ToValidUTF8(v, "?"),
				Reason: fmt.Sprintf("holds the control character %U, which no answer needs", []rune(v[i:])[0])})
		}
	}
	return errs
}

// ControlIndex is the byte index of the first control character in s other
// than tab, line feed and carriage return (C0, DEL and C1), or -1.
func ControlIndex(s string) int {
	for i, c := range s {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0) {
			return i
		}
	}
	return -1
}

func blankRow(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// optionIndex finds the option an option column names: by code, by label,
// or (Qualtrics's Q3_1) by 1-based position.
func optionIndex(q *Question, part string, shape Shape) int {
	f := fold(part)
	for i, o := range q.Options {
		if fold(o.Code) == f {
			return i
		}
	}
	for i, o := range q.Options {
		if fold(o.Label) == f {
			return i
		}
	}
	if n, err := strconv.Atoi(part); err == nil && shape == Qualtrics && n >= 1 && n <= len(q.Options) {
		return n - 1
	}
	return -1
}

// optionFlag reads an option column's cell: chosen, not chosen, or not a
// mark at all (ok false).
func optionFlag(raw string, o Option) (yes, ok bool) {
	switch f := fold(raw); f {
	case "1", "y", "yes", "true", "x", "checked", "selected", "oui":
		return true, true
	case "", "0", "n", "no", "false", "not selected", "unchecked", "non":
		return false, true
	default:
		if f == fold(o.Code) || f == fold(o.Label) {
			return true, true
		}
	}
	return false, false
}
