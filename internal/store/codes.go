package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/suggest"
)

// CodebookEntry is a code with its usage.
type CodebookEntry struct {
	coding.Code
	Need    bool // marked as a need for the needs table
	Depth   int
	Codings int // codings of this code itself
	Total   int // codings of this code and every code under it
}

type codeRow struct {
	coding.Code
	position int
	need     bool
}

func loadCodes(ctx context.Context, q rowsQueryer) ([]codeRow, error) {
	var out []codeRow
	err := eachRow(ctx, q, `SELECT id, ifnull(parent_id, 0), name, definition, inclusion, exclusion, example, color, position, is_need FROM codes`, func(sc scanner) error {
		var c codeRow
		if err := sc.Scan(&c.ID, &c.ParentID, &c.Name, &c.Definition, &c.Inclusion, &c.Exclusion, &c.Example, &c.Color, &c.position, &c.need); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// treeOrder sorts codes depth-first (parents before children, siblings by
// position then id) and fills their paths and depths.
func treeOrder(codes []codeRow) ([]codeRow, []int) {
	kids := map[int64][]codeRow{}
	for _, c := range codes {
		kids[c.ParentID] = append(kids[c.ParentID], c)
	}
	for _, k := range kids {
		sort.Slice(k, func(i, j int) bool {
			if k[i].position != k[j].position {
				return k[i].position < k[j].position
			}
			return k[i].ID < k[j].ID
		})
	}
	var out []codeRow
	var depth []int
	var walk func(parent int64, prefix string, d int)
	walk = func(parent int64, prefix string, d int) {
		for _, c := range kids[parent] {
			c.Path = prefix + c.Name
			out = append(out, c)
			depth = append(depth, d)
			walk(c.ID, c.Path+"/", d+1)
		}
	}
	walk(0, "", 0)
	return out, depth
}

// Codebook returns the codebook in tree order with coding counts.
func (s *Store) Codebook() ([]CodebookEntry, error) {
	ctx := context.Background()
	rows, err := loadCodes(ctx, s.db)
	if err != nil {
		return nil, s.fail("read codebook", err)
	}
	counts := map[int64]int{}
	err = s.readRows(`SELECT code_id, count(*) FROM codings GROUP BY code_id`, func(sc scanner) error {
		var id int64
		var n int
		if err := sc.Scan(&id, &n); err != nil {
			return err
		}
		counts[id] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	ordered, depth := treeOrder(rows)
	out := make([]CodebookEntry, len(ordered))
	for i, c := range ordered {
		out[i] = CodebookEntry{Code: c.Code, Need: c.need, Depth: depth[i], Codings: counts[c.ID]}
	}
	// Roll counts up: children follow their parent, so walk backwards.
	idx := map[int64]int{}
	for i, e := range out {
		idx[e.ID] = i
		out[i].Total = e.Codings
	}
	for i := len(out) - 1; i >= 0; i-- {
		if p, ok := idx[out[i].ParentID]; ok {
			out[p].Total += out[i].Total
		}
	}
	return out, nil
}

// resolveCode finds a code by its full path (case-insensitive) or, failing
// that, by a name that only one code has ("Legal assistance").
func resolveCode(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ref string) (coding.Code, error) {
	rows, err := loadCodes(ctx, q)
	if err != nil {
		return coding.Code{}, err
	}
	ordered, _ := treeOrder(rows)
	want := strings.ToLower(strings.Join(strings.Fields(strings.Trim(ref, "/ ")), " "))
	if parts, err := coding.SplitPath(strings.Trim(ref, "/ ")); err == nil {
		want = strings.ToLower(coding.JoinPath(parts))
	}
	var byName []coding.Code
	for _, c := range ordered {
		if strings.ToLower(c.Path) == want {
			return c.Code, nil
		}
		if strings.ToLower(c.Name) == want || strings.HasSuffix(strings.ToLower(c.Path), "/"+want) {
			byName = append(byName, c.Code)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		known := make([]string, len(ordered))
		for i, c := range ordered {
			known[i] = c.Path
		}
		return coding.Code{}, fmt.Errorf("code %q: %w%s (see `fieldwork codebook`)", ref, ErrNotFound, suggest.Phrase(ref, known))
	}
	paths := make([]string, len(byName))
	for i, c := range byName {
		paths[i] = c.Path
	}
	return coding.Code{}, fmt.Errorf("code %q is ambiguous: give the full path, one of %s", ref, strings.Join(paths, "; "))
}

// CodeByID finds a code by its id, with its current path.
func (s *Store) CodeByID(id int64) (coding.Code, error) {
	var c coding.Code
	err := s.tx("read code", func(tx *sql.Tx) error {
		var err error
		c, err = codeByID(context.Background(), tx, id)
		return err
	})
	return c, err
}

// Code finds a code by path or unique name.
func (s *Store) Code(ref string) (coding.Code, error) {
	c, err := resolveCode(context.Background(), s.db, ref)
	if err != nil && isSQLite(err) {
		return c, s.fail("read codebook", err)
	}
	return c, err
}

// CodeFields are the descriptive fields of a code; nil leaves a field as it is.
type CodeFields struct {
	Definition, Inclusion, Exclusion, Example, Color *string
	// Need marks the code as a need of the needs-assessment table.
	Need *bool
}

func (f CodeFields) validate() error {
	if f.Color != nil && *f.Color != "" && !coding.ValidColor(*f.Color) {
		return fmt.Errorf("colour %q is not #rrggbb", *f.Color)
	}
	for _, x := range []struct {
		name string
		v    *string
	}{{"definition", f.Definition}, {"inclusion", f.Inclusion}, {"exclusion", f.Exclusion}, {"example", f.Example}} {
		if x.v != nil {
			if err := coding.CheckText(x.name, *x.v, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddCode creates the code at path, creating missing parents; it is an error
// for the code itself to exist already.
func (s *Store) AddCode(path string, f CodeFields) (coding.Code, error) {
	var out coding.Code
	if err := f.validate(); err != nil {
		return out, fmt.Errorf("add code %q: %w", path, err)
	}
	err := s.tx("add code", func(tx *sql.Tx) error {
		var err error
		out, err = addCode(context.Background(), tx, path, f, false)
		return err
	})
	return out, err
}

// addCode walks path from the top, creating what is missing. With existOK
// an existing code gets the fields instead of an error.
func addCode(ctx context.Context, tx *sql.Tx, path string, f CodeFields, existOK bool) (coding.Code, error) {
	parts, err := coding.SplitPath(path)
	if err != nil {
		return coding.Code{}, err
	}
	var parent int64
	var c coding.Code
	for i, name := range parts {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM codes WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE`, parent, name).Scan(&id)
		last := i == len(parts)-1
		switch {
		case errors.Is(err, sql.ErrNoRows):
			var pos, siblings int
			tx.QueryRowContext(ctx, `SELECT ifnull(max(position), -1) + 1, count(*) FROM codes WHERE ifnull(parent_id, 0) = ?`, parent).Scan(&pos, &siblings)
			color := coding.Palette[siblings%len(coding.Palette)]
			res, err := tx.ExecContext(ctx, `INSERT INTO codes (parent_id, name, color, position) VALUES (nullif(?, 0), ?, ?, ?)`, parent, name, color, pos)
			if err != nil {
				return c, err
			}
			id, _ = res.LastInsertId()
		case err != nil:
			return c, err
		case last && !existOK:
			return c, fmt.Errorf("add code %q: %w", coding.JoinPath(parts), ErrExists)
		}
		parent = id
	}
	if err := setFields(ctx, tx, parent, f); err != nil {
		return c, err
	}
	return codeByID(ctx, tx, parent)
}

func setFields(ctx context.Context, tx *sql.Tx, id int64, f CodeFields) error {
	if f.Need != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET is_need = ? WHERE id = ?`, *f.Need, id); err != nil {
			return err
		}
	}
	for col, v := range map[string]*string{"definition": f.Definition, "inclusion": f.Inclusion,
		"exclusion": f.Exclusion, "example": f.Example, "color": f.Color} {
		if v == nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET `+col+` = ? WHERE id = ?`, *v, id); err != nil {
			return err
		}
	}
	return nil
}

func codeByID(ctx context.Context, tx *sql.Tx, id int64) (coding.Code, error) {
	rows, err := loadCodes(ctx, tx)
	if err != nil {
		return coding.Code{}, err
	}
	ordered, _ := treeOrder(rows)
	for _, c := range ordered {
		if c.ID == id {
			return c.Code, nil
		}
	}
	return coding.Code{}, fmt.Errorf("code %d: %w", id, ErrNotFound)
}

// UpdateCode sets a code's descriptive fields.
func (s *Store) UpdateCode(ref string, f CodeFields) (coding.Code, error) {
	var out coding.Code
	if err := f.validate(); err != nil {
		return out, fmt.Errorf("update code %q: %w", ref, err)
	}
	err := s.tx("update code", func(tx *sql.Tx) error {
		ctx := context.Background()
		c, err := resolveCode(ctx, tx, ref)
		if err != nil {
			return err
		}
		if err := setFields(ctx, tx, c.ID, f); err != nil {
			return err
		}
		out, err = codeByID(ctx, tx, c.ID)
		return err
	})
	return out, err
}

// RenameCode gives a code a new name under the same parent.
func (s *Store) RenameCode(ref, name string) (coding.Code, error) {
	var out coding.Code
	parts, err := coding.SplitPath(name)
	if err != nil || len(parts) != 1 {
		return out, fmt.Errorf("rename code %q: the new name %q must be one name without '/' (use `codebook move` to change the parent)", ref, name)
	}
	err = s.tx("rename code", func(tx *sql.Tx) error {
		ctx := context.Background()
		c, err := resolveCode(ctx, tx, ref)
		if err != nil {
			return err
		}
		if err := siblingFree(ctx, tx, c.ParentID, parts[0], c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET name = ? WHERE id = ?`, parts[0], c.ID); err != nil {
			return err
		}
		out, err = codeByID(ctx, tx, c.ID)
		return err
	})
	return out, err
}

func siblingFree(ctx context.Context, tx *sql.Tx, parent int64, name string, self int64) error {
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM codes WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE AND id <> ?`, parent, name, self).Scan(&other)
	if err == nil {
		return fmt.Errorf("a code named %q is already there (use `codebook merge` to join them)", name)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// MoveCode puts a code (with its sub-codes) under a new parent; an empty
// parent makes it a top-level theme.
func (s *Store) MoveCode(ref, parentRef string) (coding.Code, error) {
	var out coding.Code
	err := s.tx("move code", func(tx *sql.Tx) error {
		ctx := context.Background()
		c, err := resolveCode(ctx, tx, ref)
		if err != nil {
			return err
		}
		var parent int64
		if strings.Trim(parentRef, "/ ") != "" {
			p, err := resolveCode(ctx, tx, parentRef)
			if err != nil {
				return err
			}
			if p.ID == c.ID || strings.HasPrefix(strings.ToLower(p.Path)+"/", strings.ToLower(c.Path)+"/") {
				return fmt.Errorf("move code %q: cannot move a code under itself (%q)", c.Path, p.Path)
			}
			parent = p.ID
		}
		if err := siblingFree(ctx, tx, parent, c.Name, c.ID); err != nil {
			return fmt.Errorf("move code %q: %w", c.Path, err)
		}
		var pos int
		tx.QueryRowContext(ctx, `SELECT ifnull(max(position), -1) + 1 FROM codes WHERE ifnull(parent_id, 0) = ?`, parent).Scan(&pos)
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET parent_id = nullif(?, 0), position = ? WHERE id = ?`, parent, pos, c.ID); err != nil {
			return err
		}
		out, err = codeByID(ctx, tx, c.ID)
		return err
	})
	return out, err
}

// MergeCode folds code from into code into: its codings, links and
// sub-codes move over (sub-codes of the same name merge in turn), and from
// is deleted. It returns how many codings moved.
func (s *Store) MergeCode(from, into string) (int, error) {
	var moved int
	err := s.tx("merge codes", func(tx *sql.Tx) error {
		ctx := context.Background()
		f, err := resolveCode(ctx, tx, from)
		if err != nil {
			return err
		}
		t, err := resolveCode(ctx, tx, into)
		if err != nil {
			return err
		}
		if f.ID == t.ID {
			return fmt.Errorf("merge codes: %q and %q are the same code", from, into)
		}
		if strings.HasPrefix(strings.ToLower(t.Path)+"/", strings.ToLower(f.Path)+"/") {
			return fmt.Errorf("merge codes: cannot merge %q into its own sub-code %q", f.Path, t.Path)
		}
		moved, err = mergeCode(ctx, tx, f.ID, t.ID)
		return err
	})
	return moved, err
}

func mergeCode(ctx context.Context, tx *sql.Tx, from, into int64) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE codings SET code_id = ? WHERE code_id = ?`, into, from)
	if err != nil {
		return 0, err
	}
	n64, _ := res.RowsAffected()
	moved := int(n64)
	for _, q := range []string{
		`INSERT OR IGNORE INTO recommendation_codes (recommendation_id, code_id) SELECT recommendation_id, ?1 FROM recommendation_codes WHERE code_id = ?2`,
		`INSERT OR IGNORE INTO survey_question_codes (question_id, code_id) SELECT question_id, ?1 FROM survey_question_codes WHERE code_id = ?2`,
		`UPDATE memos SET code_id = ?1 WHERE code_id = ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, into, from); err != nil {
			return 0, err
		}
	}
	type kid struct {
		id   int64
		name string
	}
	var kids []kid
	err = eachRow(ctx, tx, `SELECT id, name FROM codes WHERE parent_id = ?`, func(sc scanner) error {
		var k kid
		if err := sc.Scan(&k.id, &k.name); err != nil {
			return err
		}
		kids = append(kids, k)
		return nil
	}, from)
	if err != nil {
		return 0, err
	}
	for _, k := range kids {
		var same int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM codes WHERE parent_id = ? AND name = ? COLLATE NOCASE`, into, k.name).Scan(&same)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `UPDATE codes SET parent_id = ? WHERE id = ?`, into, k.id); err != nil {
				return 0, err
			}
		case err != nil:
			return 0, err
		default:
			n, err := mergeCode(ctx, tx, k.id, same)
			if err != nil {
				return 0, err
			}
			moved += n
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM codes WHERE id = ?`, from)
	return moved, err
}

// DeleteCode deletes a code and its sub-codes. A code in use (codings on it
// or under it) or with sub-codes is deleted only with force, and then its
// codings go too. It returns how many codings were deleted.
func (s *Store) DeleteCode(ref string, force bool) (int, error) {
	var deleted int
	err := s.tx("delete code", func(tx *sql.Tx) error {
		ctx := context.Background()
		c, err := resolveCode(ctx, tx, ref)
		if err != nil {
			return err
		}
		ids, err := subtree(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM codings WHERE code_id IN (`+in+`)`, args...).Scan(&deleted); err != nil {
			return err
		}
		if !force && deleted > 0 {
			return fmt.Errorf("delete code %q: it is in use by %s; add --force to delete them too, or `codebook merge` it into another code", c.Path, plural.Count(deleted, "coding", "codings"))
		}
		if !force && len(ids) > 1 {
			return fmt.Errorf("delete code %q: it has %s; add --force to delete them too, or move them first", c.Path, plural.Count(len(ids)-1, "sub-code", "sub-codes"))
		}
		for _, q := range []string{`DELETE FROM codings WHERE code_id IN (` + in + `)`, `DELETE FROM memos WHERE code_id IN (` + in + `)`} {
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		// Children first, for the parent_id foreign key.
		for i := len(ids) - 1; i >= 0; i-- {
			if _, err := tx.ExecContext(ctx, `DELETE FROM codes WHERE id = ?`, ids[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return deleted, err
}

// subtree lists a code and its descendants, parents first.
func subtree(ctx context.Context, tx *sql.Tx, id int64) ([]int64, error) {
	var out []int64
	err := eachRow(ctx, tx, `WITH RECURSIVE t(id, d) AS (SELECT ?, 0 UNION ALL SELECT c.id, t.d + 1 FROM codes c JOIN t ON c.parent_id = t.id)
		SELECT id FROM t ORDER BY d`, func(sc scanner) error {
		var i int64
		if err := sc.Scan(&i); err != nil {
			return err
		}
		out = append(out, i)
		return nil
	}, id)
	return out, err
}

// ExportCodebook returns the codebook as a CodebookFile, parents first.
func (s *Store) ExportCodebook() (coding.CodebookFile, error) {
	entries, err := s.Codebook()
	cb := coding.CodebookFile{Format: coding.CodebookFormat, Codes: []coding.CodeSpec{}}
	if err != nil {
		return cb, err
	}
	for _, e := range entries {
		cb.Codes = append(cb.Codes, coding.CodeSpec{Path: e.Path, Definition: e.Definition, Inclusion: e.Inclusion,
			Exclusion: e.Exclusion, Example: e.Example, Color: e.Color})
	}
	return cb, nil
}

// ImportCodebook adds a codebook's codes in one transaction: missing codes
// are created, existing ones get the file's non-empty fields. It returns how
// many codes were created and how many updated.
func (s *Store) ImportCodebook(cb coding.CodebookFile) (created, updated int, err error) {
	err = s.tx("import codebook", func(tx *sql.Tx) error {
		ctx := context.Background()
		for _, spec := range cb.Codes {
			var before int
			tx.QueryRowContext(ctx, `SELECT count(*) FROM codes`).Scan(&before)
			f := CodeFields{}
			for _, p := range []struct {
				v   string
				dst **string
			}{{spec.Definition, &f.Definition}, {spec.Inclusion, &f.Inclusion}, {spec.Exclusion, &f.Exclusion},
				{spec.Example, &f.Example}, {spec.Color, &f.Color}} {
				if p.v != "" {
					v := p.v
					*p.dst = &v
				}
			}
			if _, err := addCode(ctx, tx, spec.Path, f, true); err != nil {
				return fmt.Errorf("codebook code %q: %w", spec.Path, err)
			}
			var after int
			tx.QueryRowContext(ctx, `SELECT count(*) FROM codes`).Scan(&after)
			if after > before {
				created += after - before
			} else {
				updated++
			}
		}
		return nil
	})
	return created, updated, err
}
