package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// NewCoding is a coding to apply: source and code by name or path.
type NewCoding struct {
	Source string
	Code   string
	// CodeID, when not zero, names the code instead of Code: an undo must
	// find a code even after it was renamed or moved.
	CodeID     int64
	Start, End int
	Coder      string
	Memo       string
}

// Apply records one coding in its own transaction and returns it.
func (s *Store) Apply(nc NewCoding) (coding.Coding, error) {
	out, err := s.ApplyAll([]NewCoding{nc})
	if err != nil {
		return coding.Coding{}, err
	}
	return out[0], nil
}

// ApplyAll records many codings in one transaction: all or none.
func (s *Store) ApplyAll(ncs []NewCoding) ([]coding.Coding, error) {
	var out []coding.Coding
	err := s.tx("apply", func(tx *sql.Tx) error {
		var err error
		if out, err = insertCodings(context.Background(), tx, ncs); err != nil {
			return err
		}
		if len(out) > 0 {
			s.note(tx, AuditCoding, out[0].Coder, fmt.Sprintf("apply %s; first: code %d on source %d at %d-%d", plural.Count(len(out), "coding", "codings"), out[0].CodeID, out[0].SourceID, out[0].Start, out[0].End))
		}
		return nil
	})
	return out, err
}

// insertCodings adds codings in the transaction, checked: a known source
// and code, a span inside the text, a coder, no exact duplicate.
func insertCodings(ctx context.Context, tx *sql.Tx, ncs []NewCoding) ([]coding.Coding, error) {
	var out []coding.Coding
	lengths := map[string]int{}
	ids := map[string]int64{}
	names := map[string]string{}
	codes := map[string]coding.Code{}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO codings (source_id, code_id, start, end, coder, memo, created_at) VALUES (?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	for _, nc := range ncs {
		if _, ok := ids[nc.Source]; !ok {
			var id int64
			var name string
			var n int
			err := sourceRow(ctx, tx, nc.Source).Scan(&id, &name, &n)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("source %q: %w (see `fieldwork sources`)", nc.Source, ErrNotFound)
			} else if err != nil {
				return nil, err
			}
			ids[nc.Source], names[nc.Source], lengths[nc.Source] = id, name, n
		}
		key := nc.Code
		if nc.CodeID != 0 {
			key = fmt.Sprintf("\x00%d", nc.CodeID)
		}
		c, ok := codes[key]
		if !ok {
			if nc.CodeID != 0 {
				c, err = codeByID(ctx, tx, nc.CodeID)
			} else {
				c, err = resolveCode(ctx, tx, nc.Code)
			}
			if err != nil {
				return nil, err
			}
			codes[key] = c
		}
		if nc.Start < 0 || nc.End <= nc.Start || nc.End > lengths[nc.Source] {
			return nil, fmt.Errorf("apply %q to %q: span %d-%d is outside the text (0-%d) or empty", c.Path, names[nc.Source], nc.Start, nc.End, lengths[nc.Source])
		}
		coder := strings.TrimSpace(nc.Coder)
		if coder == "" {
			return nil, errors.New("apply: no coder name (give --coder or set FIELDWORK_CODER)")
		}
		var dup int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM codings WHERE source_id = ? AND code_id = ? AND start = ? AND end = ? AND coder = ?`,
			ids[nc.Source], c.ID, nc.Start, nc.End, coder).Scan(&dup)
		if err == nil {
			return nil, fmt.Errorf("apply %q to %q %d-%d: %s has already coded this span with this code (coding %d)", c.Path, names[nc.Source], nc.Start, nc.End, coder, dup)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		created := now()
		res, err := stmt.ExecContext(ctx, ids[nc.Source], c.ID, nc.Start, nc.End, coder, nc.Memo, created)
		if err != nil {
			return nil, err
		}
		id, _ := res.LastInsertId()
		out = append(out, coding.Coding{ID: id, Source: names[nc.Source], SourceID: ids[nc.Source], Start: nc.Start, End: nc.End,
			CodeID: c.ID, Code: c.Path, Coder: coder, Memo: nc.Memo, Created: parseTime(created)})
	}
	return out, nil
}

// sourceRow finds a source by name or id: its id, name and length in code
// points.
func sourceRow(ctx context.Context, tx *sql.Tx, ref string) *sql.Row {
	cols := `SELECT id, name, ` + textLengthSQL("sources.id") + ` FROM sources`
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return tx.QueryRowContext(ctx, cols+` WHERE name = ? OR id = ? ORDER BY name = ? DESC LIMIT 1`, ref, id, ref)
	}
	return tx.QueryRowContext(ctx, cols+` WHERE name = ?`, ref)
}

// Unapply deletes one coding by id and returns what it was.
func (s *Store) Unapply(id int64) (coding.Coding, error) {
	var c coding.Coding
	err := s.tx("unapply", func(tx *sql.Tx) error {
		list, err := queryCodings(context.Background(), tx, `WHERE c.id = ?`, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("coding %d: %w (see `fieldwork codings`)", id, ErrNotFound)
		}
		c = list[0]
		s.note(tx, AuditCoding, "", fmt.Sprintf("remove coding %d (code %d on source %d, by %s)", id, c.CodeID, c.SourceID, c.Coder))
		_, err = tx.Exec(`DELETE FROM codings WHERE id = ?`, id)
		return err
	})
	return c, err
}

// CodingFilter narrows a codings listing; empty fields match everything.
type CodingFilter struct {
	Source string // name or id
	Code   string // path or unique name; includes the code's sub-codes
	Coder  string
}

// Codings lists codings in source then position order, each with its text.
func (s *Store) Codings(f CodingFilter) ([]coding.Coding, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail("list codings", err)
	}
	defer tx.Rollback()
	var where []string
	var args []any
	if f.Source != "" {
		var id int64
		var name string
		var n int
		err := sourceRow(ctx, tx, f.Source).Scan(&id, &name, &n)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("source %q: %w (see `fieldwork sources`)", f.Source, ErrNotFound)
		} else if err != nil {
			return nil, s.fail("list codings", err)
		}
		where, args = append(where, "c.source_id = ?"), append(args, id)
	}
	if f.Code != "" {
		c, err := resolveCode(ctx, tx, f.Code)
		if err != nil {
			return nil, err
		}
		ids, err := subtree(ctx, tx, c.ID)
		if err != nil {
			return nil, s.fail("list codings", err)
		}
		where = append(where, "c.code_id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if f.Coder != "" {
		where, args = append(where, "c.coder = ?"), append(args, f.Coder)
	}
	q := ""
	if len(where) > 0 {
		q = "WHERE " + strings.Join(where, " AND ")
	}
	list, err := queryCodings(ctx, tx, q+" ORDER BY c.source_id, c.start, c.end, c.id", args...)
	if err != nil {
		return nil, s.fail("list codings", err)
	}
	return list, nil
}

// queryCodings runs a codings query and fills each coding's path and text.
// Source texts are read once each and indexed by code point.
func queryCodings(ctx context.Context, tx *sql.Tx, tail string, args ...any) ([]coding.Coding, error) {
	var out []coding.Coding
	err := eachRow(ctx, tx, `SELECT c.id, c.source_id, s.name, c.start, c.end, c.code_id, c.coder, c.memo, c.created_at
		FROM codings c JOIN sources s ON s.id = c.source_id `+tail, func(sc scanner) error {
		var c coding.Coding
		var created string
		if err := sc.Scan(&c.ID, &c.SourceID, &c.Source, &c.Start, &c.End, &c.CodeID, &c.Coder, &c.Memo, &created); err != nil {
			return err
		}
		c.Created = parseTime(created)
		out = append(out, c)
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	codes, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	ordered, _ := treeOrder(codes)
	paths := make(map[int64]string, len(ordered))
	for _, c := range ordered {
		paths[c.ID] = c.Path
	}
	texts := map[int64][]rune{}
	for i := range out {
		c := &out[i]
		c.Code = paths[c.CodeID]
		r, ok := texts[c.SourceID]
		if !ok {
			text, err := sourceText(ctx, tx, c.SourceID)
			if err != nil {
				return nil, err
			}
			r = []rune(text)
			texts[c.SourceID] = r
		}
		if c.Start >= 0 && c.End <= len(r) && c.Start < c.End {
			c.Text = string(r[c.Start:c.End])
		}
	}
	return out, nil
}
