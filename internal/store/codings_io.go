package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// CodingRow is one row of a codings file: the source by name, the code by
// path (or a name only one code has), code-point offsets with End
// exclusive, the coder, and an optional memo.
type CodingRow struct {
	// Line is the row's line in its file, for messages.
	Line       int
	Source     string
	Start, End int
	Code       string
	Coder      string
	Memo       string
}

// CodingsImported is what ImportCodings did.
type CodingsImported struct {
	Codings int
	// NewCodes are the paths of the codes --add-codes created.
	NewCodes []string
}

// RowsRefusedError lists the rows of a codings file that could not be
// imported; nothing of the file was.
type RowsRefusedError struct {
	Rows    int      // how many rows were refused
	Reasons []string // the first few, "line N: ..."
}

// maxReasons is how many refused rows an error names.
const maxReasons = 20

// Error names the refused rows.
func (e *RowsRefusedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s refused, nothing imported:", plural.Count(e.Rows, "row", "rows"))
	for _, r := range e.Reasons {
		b.WriteString("\n  " + r)
	}
	if e.Rows > len(e.Reasons) {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Rows-len(e.Reasons))
	}
	return b.String()
}

func (e *RowsRefusedError) add(format string, args ...any) {
	e.Rows++
	if len(e.Reasons) < maxReasons {
		e.Reasons = append(e.Reasons, fmt.Sprintf(format, args...))
	}
}

// ImportCodings records the codings that next hands over, batch by batch
// (next returns an empty batch at the end), in one transaction: all or
// nothing. A row whose source or code the project lacks, whose span is
// outside its source's text, that has no coder, or that repeats a coding
// already there (same source, span, code and coder) refuses the whole
// file, and the error lists such rows. With addCodes, unknown codes are
// created from their paths instead.
func (s *Store) ImportCodings(ctx context.Context, next func() ([]CodingRow, error), addCodes bool) (CodingsImported, error) {
	var out CodingsImported
	err := s.rawTx(ctx, "import codings", func(tx *sql.Tx, raw *sqlite3.Conn) error {
		srcs, err := codingSources(ctx, tx)
		if err != nil {
			return err
		}
		codes, err := newCodeIndex(ctx, tx)
		if err != nil {
			return err
		}
		// A coding twice (in the file, or already in the project) is refused
		// as apply refuses it.
		seen, err := existingCodings(ctx, tx)
		if err != nil {
			return err
		}
		ins, _, err := raw.Prepare(`INSERT INTO codings (source_id, code_id, start, end, coder, memo, created_at) VALUES (?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		refused := &RowsRefusedError{}
		created := now()
		dropped := false
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			batch, err := next()
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				break
			}
			if len(batch) >= bulkBatch && !dropped {
				// Many rows: inserting them into the two indexes one by one
				// costs a random b-tree walk each; building the indexes again
				// at the end sorts once. Same transaction: all or nothing still.
				if err := raw.Exec(`DROP INDEX codings_code; DROP INDEX codings_source;`); err != nil {
					return err
				}
				dropped = true
			}
			for _, r := range batch {
				src, ok := srcs[strings.ToLower(r.Source)]
				if !ok {
					refused.add("line %d: source %q is not in the project (see `fieldwork sources`)", r.Line, r.Source)
					continue
				}
				code, err := codes.resolve(r.Code)
				if errors.Is(err, ErrNotFound) && addCodes {
					var c coding.Code
					if c, err = addCode(ctx, tx, r.Code, CodeFields{}, true); err == nil {
						codes.add(c)
						out.NewCodes = append(out.NewCodes, c.Path)
						code = c.ID
					}
				}
				if err != nil {
					if errors.Is(err, ErrNotFound) {
						err = fmt.Errorf("code %q is not in the codebook (add it, or give --add-codes)", r.Code)
					}
					refused.add("line %d: %v", r.Line, err)
					continue
				}
				if r.Start < 0 || r.End <= r.Start || r.End > src.length {
					refused.add("line %d: span %d-%d is outside %q (0-%d) or empty", r.Line, r.Start, r.End, src.name, src.length)
					continue
				}
				coder := strings.TrimSpace(r.Coder)
				if coder == "" {
					refused.add("line %d: no coder", r.Line)
					continue
				}
				if was, dup := seen.add(src.id, code, r.Start, r.End, coder, r.Line); dup {
					if was < 0 {
						refused.add("line %d: already in the project (coding %d)", r.Line, -was)
					} else {
						refused.add("line %d: the same coding as line %d", r.Line, was)
					}
					continue
				}
				if refused.Rows > 0 {
					continue // nothing will be kept: only look for more refusals
				}
				ins.BindInt64(1, src.id)
				ins.BindInt64(2, code)
				ins.BindInt(3, r.Start)
				ins.BindInt(4, r.End)
				ins.BindText(5, coder)
				ins.BindText(6, r.Memo)
				ins.BindText(7, created)
				if err := ins.Exec(); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				out.Codings++
			}
		}
		if refused.Rows > 0 {
			return refused
		}
		if dropped {
			if err := raw.Exec(codingsIndexes); err != nil {
				return err
			}
		}
		if out.Codings > 0 {
			s.note(tx, AuditCoding, "", fmt.Sprintf("import %s, %s", plural.Count(out.Codings, "coding", "codings"), plural.Count(len(out.NewCodes), "new code", "new codes")))
		}
		return nil
	})
	if err != nil {
		return CodingsImported{}, err
	}
	return out, nil
}

// codingsIndexes are the indexes of codings, as schema 1 made them.
const codingsIndexes = `CREATE INDEX codings_code ON codings(code_id);
CREATE INDEX codings_source ON codings(source_id, start);`

// codingKeys holds what makes a coding a repeat: source, code, span and
// coder, with the file line (or, negated, the coding id) that has it.
type codingKeys struct {
	lines  map[codingDupKey]int64
	coders map[string]int32
}

type codingDupKey struct {
	source, code      int64
	start, end, coder int32
}

func (k *codingKeys) add(source, code int64, start, end int, coder string, line int) (int64, bool) {
	c, ok := k.coders[coder]
	if !ok {
		c = int32(len(k.coders))
		k.coders[coder] = c
	}
	key := codingDupKey{source, code, int32(start), int32(end), c}
	if was, dup := k.lines[key]; dup {
		return was, true
	}
	k.lines[key] = int64(line)
	return 0, false
}

// existingCodings reads the keys of the codings already in the project.
func existingCodings(ctx context.Context, tx *sql.Tx) (*codingKeys, error) {
	k := &codingKeys{lines: map[codingDupKey]int64{}, coders: map[string]int32{}}
	err := eachRow(ctx, tx, `SELECT id, source_id, code_id, start, end, coder FROM codings`, func(sc scanner) error {
		var id, src, code int64
		var start, end int
		var coder string
		if err := sc.Scan(&id, &src, &code, &start, &end, &coder); err != nil {
			return err
		}
		k.add(src, code, start, end, coder, int(-id))
		return nil
	})
	return k, err
}

type codingSource struct {
	id     int64
	name   string
	length int // in code points
}

// codingSources maps each source's lower-case name to it.
func codingSources(ctx context.Context, tx *sql.Tx) (map[string]codingSource, error) {
	out := map[string]codingSource{}
	err := eachRow(ctx, tx, `SELECT id, name, `+textLengthSQL("sources.id")+` FROM sources`, func(sc scanner) error {
		var x codingSource
		if err := sc.Scan(&x.id, &x.name, &x.length); err != nil {
			return err
		}
		out[strings.ToLower(x.name)] = x
		return nil
	})
	return out, err
}

// codeIndex resolves code references as resolveCode does, from one read of
// the codebook: a path, or a name (or path tail) only one code has.
type codeIndex struct {
	byPath map[string]int64
	byTail map[string][]int64 // lower-case name and every path tail
	paths  map[int64]string
	memo   map[string]int64 // references already resolved
}

func newCodeIndex(ctx context.Context, tx *sql.Tx) (*codeIndex, error) {
	rows, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	ordered, _ := treeOrder(rows)
	x := &codeIndex{byPath: map[string]int64{}, byTail: map[string][]int64{}, paths: map[int64]string{}, memo: map[string]int64{}}
	for _, c := range ordered {
		x.add(c.Code)
	}
	return x, nil
}

func (x *codeIndex) add(c coding.Code) {
	p := strings.ToLower(c.Path)
	x.byPath[p] = c.ID
	x.paths[c.ID] = c.Path
	parts := strings.Split(p, "/")
	for i := range parts {
		tail := strings.Join(parts[i:], "/")
		x.byTail[tail] = append(x.byTail[tail], c.ID)
	}
	clear(x.memo)
}

func (x *codeIndex) resolve(ref string) (int64, error) {
	if id, ok := x.memo[ref]; ok {
		return id, nil
	}
	want := strings.ToLower(strings.Join(strings.Fields(strings.Trim(ref, "/ ")), " "))
	if parts, err := coding.SplitPath(strings.Trim(ref, "/ ")); err == nil {
		want = strings.ToLower(coding.JoinPath(parts))
	}
	if id, ok := x.byPath[want]; ok {
		x.memo[ref] = id
		return id, nil
	}
	switch ids := x.byTail[want]; len(ids) {
	case 0:
		return 0, fmt.Errorf("code %q: %w (see `fieldwork codebook`)", ref, ErrNotFound)
	case 1:
		x.memo[ref] = ids[0]
		return ids[0], nil
	default:
		paths := make([]string, len(ids))
		for i, id := range ids {
			paths[i] = x.paths[id]
		}
		return 0, fmt.Errorf("code %q is ambiguous: give the full path, one of %s", ref, strings.Join(paths, "; "))
	}
}

// EachCoding calls fn with every coding in source then position order,
// with its source's name and its code's path but not its text, from one
// read transaction: the rows of `codings export`.
func (s *Store) EachCoding(ctx context.Context, fn func(CodingRow) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail("export codings", err)
	}
	defer tx.Rollback()
	codes, err := newCodeIndex(ctx, tx)
	if err != nil {
		return s.fail("export codings", err)
	}
	names := map[int64]string{}
	err = eachRow(ctx, tx, `SELECT id, name FROM sources`, func(sc scanner) error {
		var id int64
		var name string
		if err := sc.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	})
	if err != nil {
		return s.fail("export codings", err)
	}
	err = eachRow(ctx, tx, `SELECT source_id, start, end, code_id, coder, memo FROM codings ORDER BY source_id, start, end, id`, func(sc scanner) error {
		var src, code int64
		var r CodingRow
		if err := sc.Scan(&src, &r.Start, &r.End, &code, &r.Coder, &r.Memo); err != nil {
			return err
		}
		r.Source, r.Code = names[src], codes.paths[code]
		return fn(r)
	})
	if err != nil && isSQLite(err) {
		return s.fail("export codings", err)
	}
	return err
}
