package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// ErrMergeRefused is wrapped by the error of a merge that was refused as a
// whole: nothing was changed.
var ErrMergeRefused = errors.New("merge refused, nothing was changed")

// MergeResult says what a merge brought in, or would bring in (DryRun).
type MergeResult struct {
	DryRun bool
	// SourcesMatched counts the other project's sources found here by
	// their text's hash; SourcesIgnored names those that are not here but
	// hold nothing to merge (no codings, no memos).
	SourcesMatched int
	SourcesIgnored []string
	// CodesAdded are the paths of the codes created here.
	CodesAdded []string
	// CodesDiffer are codes of both projects whose description differs;
	// this project's is kept.
	CodesDiffer []CodeDifference
	// Coders are the other project's coders, by name.
	Coders []CoderMerge
	// Conflicts are codings of both projects, same place, code and coder,
	// whose memos differ; this project's memo is kept.
	Conflicts []MergeConflict
	// MemosAdded counts memos added (a coding memo adopted where this
	// project's copy of the coding had none counts too); MemosSkipped the
	// exact duplicates.
	MemosAdded, MemosSkipped int
	// Withdrawn counts the other's codings and memos left out because
	// they are on the words of, or about, a participant who withdrew here:
	// a copy made before the withdrawal must not bring them back.
	Withdrawn int
}

// CodeDifference is a code whose fields differ between the projects.
type CodeDifference struct {
	Path   string
	Fields []string // "definition", "inclusion", "exclusion", "example"
}

// CoderMerge counts one coder's codings of the other project.
type CoderMerge struct {
	Coder string
	// Added are new here; Skipped were here already (same source, span,
	// code and coder); Conflicts were here with another memo.
	Added, Skipped, Conflicts int
}

// MergeConflict is one coding whose memo differs between the projects.
type MergeConflict struct {
	Source, Code, Coder string
	Start, End          int
	Memo, OtherMemo     string
}

// RefusedSource is a source of the other project that cannot be merged.
type RefusedSource struct {
	Name, Reason string
}

type mergeSource struct {
	id         int64
	name, hash string
}

type mergeCoding struct {
	id, source, code   int64
	start, end         int
	coder, memo, taken string
}

type mergeMemo struct {
	source, code, coding sql.NullInt64
	start, end           sql.NullInt64
	participant          string // the participant's id (ref) for a memo on a participant
	author, text         string
	createdAt, updatedAt string
}

// otherProject is what a merge reads of the other project.
type otherProject struct {
	sources []mergeSource
	codes   []codeRow
	codings []mergeCoding
	memos   []mergeMemo
}

func readOther(o *Store) (*otherProject, error) {
	ctx := context.Background()
	tx, err := o.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, o.fail("read "+filepath.Base(o.path), err)
	}
	defer tx.Rollback()
	p := &otherProject{}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, sha256 FROM sources ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s mergeSource
		if err := rows.Scan(&s.id, &s.name, &s.hash); err != nil {
			rows.Close()
			return nil, err
		}
		p.sources = append(p.sources, s)
	}
	rows.Close()
	codes, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	p.codes, _ = treeOrder(codes)
	rows, err = tx.QueryContext(ctx, `SELECT id, source_id, code_id, start, end, coder, memo, created_at FROM codings ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c mergeCoding
		if err := rows.Scan(&c.id, &c.source, &c.code, &c.start, &c.end, &c.coder, &c.memo, &c.taken); err != nil {
			rows.Close()
			return nil, err
		}
		p.codings = append(p.codings, c)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT m.source_id, m.code_id, m.coding_id, m.start, m.end, ifnull(p.ref, ''), m.author, m.text, m.created_at, m.updated_at
		FROM memos m LEFT JOIN participants p ON p.id = m.participant_id ORDER BY m.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m mergeMemo
		if err := rows.Scan(&m.source, &m.code, &m.coding, &m.start, &m.end, &m.participant, &m.author, &m.text, &m.createdAt, &m.updatedAt); err != nil {
			return nil, err
		}
		p.memos = append(p.memos, m)
	}
	return p, rows.Err()
}

// Merge brings the codes, codings and memos of another copy of the project
// (a coder who worked offline) into this one, in one transaction: all or
// nothing. With dryRun the transaction is rolled back and the result says
// what would have been merged.
//
// Sources are matched by the hash of their text. A source of the other
// project that holds codings or memos and is not here with the same text
// refuses the whole merge (ErrMergeRefused, naming every such source):
// import it first, or bring the texts in line. Codes are matched by path,
// case-insensitively; the other's new codes are added with their
// description; for codes of both, differing descriptions are listed and
// this project's are kept. Codings are added with their coder, memo and
// time; a coding with the same source, span, code and coder as one here is
// skipped, and counted as a conflict when both carry different memos (this
// project's memo is kept; an empty memo here takes the other's). Memos on
// sources, spans, codes, codings and participants are added unless an
// identical memo is on the same place already. What a withdrawal here
// removed stays out (MergeResult.Withdrawn).
func (s *Store) Merge(other *Store, dryRun bool) (*MergeResult, error) {
	op, err := readOther(other)
	if err != nil {
		return nil, fmt.Errorf("merge %s: %w", filepath.Base(other.path), err)
	}
	res := &MergeResult{DryRun: dryRun}
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.fail("merge", err)
	}
	defer tx.Rollback()
	if err := mergeProject(ctx, tx, op, res); err != nil {
		if isSQLite(err) {
			return nil, s.fail("merge", err)
		}
		return nil, err
	}
	if dryRun {
		return res, nil
	}
	if err := tx.Commit(); err != nil {
		return nil, s.fail("merge", err)
	}
	return res, nil
}

func mergeProject(ctx context.Context, tx *sql.Tx, op *otherProject, res *MergeResult) error {
	srcMap, err := mergeSources(ctx, tx, op, res)
	if err != nil {
		return err
	}
	codeMap, err := mergeCodes(ctx, tx, op, res)
	if err != nil {
		return err
	}
	gone, err := loadWithdrawnTurns(ctx, tx)
	if err != nil {
		return err
	}
	codingMap, err := mergeCodings(ctx, tx, op, srcMap, codeMap, gone, res)
	if err != nil {
		return err
	}
	return mergeMemos(ctx, tx, op, srcMap, codeMap, codingMap, gone, res)
}

// withdrawnTurns are, by source, the spans of the turns of participants
// who withdrew, and the ids (refs) of those participants, lower-cased.
type withdrawnTurns struct {
	spans        map[int64][][2]int
	participants map[string]bool
}

func loadWithdrawnTurns(ctx context.Context, tx *sql.Tx) (*withdrawnTurns, error) {
	w := &withdrawnTurns{spans: map[int64][][2]int{}, participants: map[string]bool{}}
	err := eachRow(ctx, tx, `SELECT t.source_id, t.start, t.end FROM turns t JOIN participants p ON p.id = t.participant_id
		WHERE p.withdrawn_at <> ''`, func(sc scanner) error {
		var src int64
		var a, b int
		if err := sc.Scan(&src, &a, &b); err != nil {
			return err
		}
		w.spans[src] = append(w.spans[src], [2]int{a, b})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return w, eachRow(ctx, tx, `SELECT ref FROM participants WHERE withdrawn_at <> ''`, func(sc scanner) error {
		var ref string
		if err := sc.Scan(&ref); err != nil {
			return err
		}
		w.participants[strings.ToLower(ref)] = true
		return nil
	})
}

// inside reports whether [a, b) of source src lies within a withdrawn
// turn: a withdrawal deletes the codings there.
func (w *withdrawnTurns) inside(src int64, a, b int) bool {
	for _, t := range w.spans[src] {
		if a >= t[0] && b <= t[1] {
			return true
		}
	}
	return false
}

// touches reports whether [a, b) of source src overlaps a withdrawn turn:
// a withdrawal deletes the span memos there and clears the codings' memos.
func (w *withdrawnTurns) touches(src int64, a, b int) bool {
	for _, t := range w.spans[src] {
		if a < t[1] && b > t[0] {
			return true
		}
	}
	return false
}

// mergeSources maps the other's source ids to ours by text hash, or
// refuses the merge.
func mergeSources(ctx context.Context, tx *sql.Tx, op *otherProject, res *MergeResult) (map[int64]int64, error) {
	type here struct {
		id   int64
		name string
	}
	byHash := map[string][]here{}
	hashByName := map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, sha256 FROM sources ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h here
		var hash string
		if err := rows.Scan(&h.id, &h.name, &hash); err != nil {
			rows.Close()
			return nil, err
		}
		byHash[hash] = append(byHash[hash], h)
		hashByName[strings.ToLower(h.name)] = hash
	}
	rows.Close()
	used := map[int64]bool{}
	for _, c := range op.codings {
		used[c.source] = true
	}
	for _, m := range op.memos {
		if m.source.Valid {
			used[m.source.Int64] = true
		}
	}
	out := map[int64]int64{}
	var refused []RefusedSource
	for _, src := range op.sources {
		if list := byHash[src.hash]; len(list) > 0 {
			id := list[0].id
			for _, h := range list { // the same text imported twice: prefer the same name
				if strings.EqualFold(h.name, src.name) {
					id = h.id
				}
			}
			out[src.id] = id
			res.SourcesMatched++
			continue
		}
		if !used[src.id] {
			res.SourcesIgnored = append(res.SourcesIgnored, src.name)
			continue
		}
		reason := "is not in this project: import it first"
		if _, ok := hashByName[strings.ToLower(src.name)]; ok {
			reason = "has a different text here"
		}
		refused = append(refused, RefusedSource{Name: src.name, Reason: reason})
	}
	if len(refused) > 0 {
		parts := make([]string, len(refused))
		for i, r := range refused {
			parts[i] = fmt.Sprintf("source %q %s", r.Name, r.Reason)
		}
		return nil, fmt.Errorf("%w: %s", ErrMergeRefused, strings.Join(parts, "; "))
	}
	return out, nil
}

// mergeCodes maps the other's code ids to ours by path, adding the codes
// this project lacks.
func mergeCodes(ctx context.Context, tx *sql.Tx, op *otherProject, res *MergeResult) (map[int64]int64, error) {
	codes, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	ours, _ := treeOrder(codes)
	byPath := map[string]codeRow{}
	for _, c := range ours {
		byPath[strings.ToLower(c.Path)] = c
	}
	out := map[int64]int64{}
	for _, c := range op.codes {
		if h, ok := byPath[strings.ToLower(c.Path)]; ok {
			out[c.ID] = h.ID
			var differ []string
			for _, f := range []struct {
				name, a, b string
			}{{"definition", h.Definition, c.Definition}, {"inclusion", h.Inclusion, c.Inclusion},
				{"exclusion", h.Exclusion, c.Exclusion}, {"example", h.Example, c.Example}} {
				if strings.TrimSpace(f.a) != strings.TrimSpace(f.b) {
					differ = append(differ, f.name)
				}
			}
			if len(differ) > 0 {
				res.CodesDiffer = append(res.CodesDiffer, CodeDifference{Path: h.Path, Fields: differ})
			}
			continue
		}
		need := c.need
		f := CodeFields{Definition: &c.Definition, Inclusion: &c.Inclusion, Exclusion: &c.Exclusion,
			Example: &c.Example, Need: &need}
		if c.Color != "" && coding.ValidColor(c.Color) {
			f.Color = &c.Color
		}
		added, err := addCode(ctx, tx, c.Path, f, false)
		if err != nil {
			return nil, fmt.Errorf("add code %q: %w", c.Path, err)
		}
		out[c.ID] = added.ID
		byPath[strings.ToLower(c.Path)] = codeRow{Code: added}
		res.CodesAdded = append(res.CodesAdded, c.Path)
	}
	return out, nil
}

type codingKey struct {
	source, code int64
	start, end   int
	coder        string
}

// mergeCodings adds the other's codings that are new here and maps every
// other coding id to the coding here (new or matched).
func mergeCodings(ctx context.Context, tx *sql.Tx, op *otherProject, srcMap, codeMap map[int64]int64, gone *withdrawnTurns, res *MergeResult) (map[int64]int64, error) {
	type here struct {
		id   int64
		memo string
	}
	existing := map[codingKey]*here{}
	rows, err := tx.QueryContext(ctx, `SELECT id, source_id, code_id, start, end, coder, memo FROM codings`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k codingKey
		h := &here{}
		if err := rows.Scan(&h.id, &k.source, &k.code, &k.start, &k.end, &k.coder, &h.memo); err != nil {
			rows.Close()
			return nil, err
		}
		existing[k] = h
	}
	rows.Close()
	names := map[int64]string{}
	paths := map[int64]string{}
	for _, s := range op.sources {
		names[s.id] = s.name
	}
	for _, c := range op.codes {
		paths[c.ID] = c.Path
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO codings (source_id, code_id, start, end, coder, memo, created_at) VALUES (?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	byCoder := map[string]*CoderMerge{}
	out := map[int64]int64{}
	for _, c := range op.codings {
		cm := byCoder[c.coder]
		if cm == nil {
			cm = &CoderMerge{Coder: c.coder}
			byCoder[c.coder] = cm
		}
		k := codingKey{srcMap[c.source], codeMap[c.code], c.start, c.end, c.coder}
		// As the withdrawal left them: no coding inside the withdrawn
		// turns, no memo on one that reaches into them.
		if gone.inside(k.source, c.start, c.end) {
			res.Withdrawn++
			continue
		}
		if c.memo != "" && gone.touches(k.source, c.start, c.end) {
			c.memo = ""
			res.Withdrawn++
		}
		if h := existing[k]; h != nil {
			out[c.id] = h.id
			switch {
			case c.memo == "" || c.memo == h.memo:
				cm.Skipped++
			case h.memo == "":
				if _, err := tx.ExecContext(ctx, `UPDATE codings SET memo = ? WHERE id = ?`, c.memo, h.id); err != nil {
					return nil, err
				}
				h.memo = c.memo
				cm.Skipped++
				res.MemosAdded++
			default:
				cm.Conflicts++
				res.Conflicts = append(res.Conflicts, MergeConflict{Source: names[c.source], Code: paths[c.code],
					Coder: c.coder, Start: c.start, End: c.end, Memo: h.memo, OtherMemo: c.memo})
			}
			continue
		}
		r, err := ins.ExecContext(ctx, k.source, k.code, c.start, c.end, c.coder, c.memo, c.taken)
		if err != nil {
			return nil, fmt.Errorf("coding %d of %q: %w", c.id, names[c.source], err)
		}
		id, _ := r.LastInsertId()
		existing[k] = &here{id: id, memo: c.memo}
		out[c.id] = id
		cm.Added++
	}
	for _, cm := range byCoder {
		res.Coders = append(res.Coders, *cm)
	}
	sort.Slice(res.Coders, func(i, j int) bool { return res.Coders[i].Coder < res.Coders[j].Coder })
	return out, nil
}

// mergeMemos adds the other's memos unless the same memo is on the same
// place here. A memo on a coding the merge left out, on a span of a
// withdrawn participant's words, or on a participant who withdrew (or who
// is not here) is left out.
func mergeMemos(ctx context.Context, tx *sql.Tx, op *otherProject, srcMap, codeMap, codingMap map[int64]int64, gone *withdrawnTurns, res *MergeResult) error {
	remap := func(v sql.NullInt64, m map[int64]int64) (sql.NullInt64, bool) {
		if !v.Valid {
			return v, true
		}
		id, ok := m[v.Int64]
		return sql.NullInt64{Int64: id, Valid: true}, ok
	}
	people := map[string]int64{}
	if err := eachRow(ctx, tx, `SELECT id, ref FROM participants`, func(sc scanner) error {
		var id int64
		var ref string
		if err := sc.Scan(&id, &ref); err != nil {
			return err
		}
		people[strings.ToLower(ref)] = id
		return nil
	}); err != nil {
		return err
	}
	for _, m := range op.memos {
		src, ok1 := remap(m.source, srcMap)
		code, ok2 := remap(m.code, codeMap)
		cod, ok3 := remap(m.coding, codingMap)
		var person sql.NullInt64
		if m.participant != "" {
			id, ok := people[strings.ToLower(m.participant)]
			if !ok || gone.participants[strings.ToLower(m.participant)] {
				res.Withdrawn++
				continue
			}
			person = sql.NullInt64{Int64: id, Valid: true}
		}
		if !ok1 || !ok2 || !ok3 {
			res.Withdrawn++ // its coding (or source) was left out above
			continue
		}
		if src.Valid && m.start.Valid && m.end.Valid && gone.touches(src.Int64, int(m.start.Int64), int(m.end.Int64)) {
			res.Withdrawn++
			continue
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM memos WHERE source_id IS ? AND code_id IS ? AND coding_id IS ?
			AND start IS ? AND end IS ? AND participant_id IS ? AND author = ? AND text = ?`, src, code, cod, m.start, m.end, person, m.author, m.text).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			res.MemosSkipped++
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memos (source_id, code_id, coding_id, start, end, participant_id, author, text, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, src, code, cod, m.start, m.end, person, m.author, m.text, m.createdAt, m.updatedAt); err != nil {
			return err
		}
		res.MemosAdded++
	}
	return nil
}
