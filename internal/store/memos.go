package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MemoKind is what a memo is on.
type MemoKind string

// The things a memo can be on, in the order Memos lists them.
const (
	MemoProject     MemoKind = "project"
	MemoCode        MemoKind = "code"
	MemoParticipant MemoKind = "participant"
	MemoSource      MemoKind = "source"
	MemoPassage     MemoKind = "passage" // a span of a source (a sentence or any selection)
	MemoCoding      MemoKind = "coding"
)

// MemoKinds are the kinds in the order Memos lists them.
func MemoKinds() []MemoKind {
	return []MemoKind{MemoProject, MemoCode, MemoParticipant, MemoSource, MemoPassage, MemoCoding}
}

// ParseMemoKind reads a kind by its name.
func ParseMemoKind(s string) (MemoKind, error) {
	for _, k := range MemoKinds() {
		if strings.EqualFold(strings.TrimSpace(s), string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("memo kind %q: want project, code, participant, source, passage or coding", s)
}

// Memo is a researcher's note, on the project, a code, a participant, a
// source, a passage (a span of a source) or a coding. A memo on a coding
// is kept on the coding itself (OnCoding; ID is then the coding's id); the
// others live in the memos table. Memos lists every kind.
type Memo struct {
	ID       int64 // memo id, or the coding id for a coding memo
	Kind     MemoKind
	OnCoding bool // kept on the coding row (codings.memo)
	Source   string
	SourceID int64
	// Start and End are the span of a passage or coding memo.
	Start, End int
	Code       string // a code memo's code, or a coding memo's
	CodeID     int64
	CodingID   int64 // a coding memo's coding
	// Participant is a participant memo's participant, by id (never a
	// speaker label, which may be a name).
	Participant   string
	ParticipantID int64
	Author        string
	Text          string
	Created       time.Time
	Updated       time.Time
}

// Ref names a memo for the command line: M12 for memo 12 of the memos
// table, C34 for the memo on coding 34.
func (m Memo) Ref() string {
	if m.OnCoding {
		return fmt.Sprintf("C%d", m.ID)
	}
	return fmt.Sprintf("M%d", m.ID)
}

// Target says what the memo is on, by names and ids only: "project",
// "code Barriers/Language", "participant MTL-03", "source ottawa-fg",
// "passage ottawa-fg 120-164", "coding 7 in ottawa-fg 120-164 (Language)".
func (m Memo) Target() string {
	switch m.Kind {
	case MemoProject:
		return "project"
	case MemoCode:
		return "code " + m.Code
	case MemoParticipant:
		return "participant " + m.Participant
	case MemoSource:
		return "source " + m.Source
	case MemoPassage:
		return fmt.Sprintf("passage %s %d-%d", m.Source, m.Start, m.End)
	case MemoCoding:
		return fmt.Sprintf("coding %d in %s %d-%d (%s)", m.CodingID, m.Source, m.Start, m.End, m.Code[strings.LastIndex(m.Code, "/")+1:])
	}
	return string(m.Kind)
}

// ParseMemoRef reads M12 or C34 (case-insensitive; a bare number is M).
func ParseMemoRef(ref string) (id int64, onCoding bool, err error) {
	r := strings.TrimSpace(ref)
	if r != "" && (r[0] == 'C' || r[0] == 'c') {
		onCoding, r = true, r[1:]
	} else if r != "" && (r[0] == 'M' || r[0] == 'm') {
		r = r[1:]
	}
	id, err = strconv.ParseInt(r, 10, 64)
	if err != nil || id <= 0 {
		return 0, false, fmt.Errorf("memo %q: want an id such as M12 or C34 (see `fieldwork memos`)", ref)
	}
	return id, onCoding, nil
}

// MemoTarget is what a new memo is on: Kind and, for all but the project,
// Ref (a source's name or id, a code's path or unique name, a
// participant's id); a passage has Start and End too.
type MemoTarget struct {
	Kind       MemoKind
	Ref        string
	Start, End int
}

// SetCodingMemo replaces the memo of a coding and returns the old one.
func (s *Store) SetCodingMemo(codingID int64, text string) (old string, err error) {
	err = s.tx("save memo", func(tx *sql.Tx) error {
		err := tx.QueryRow(`SELECT memo FROM codings WHERE id = ?`, codingID).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("coding %d: %w", codingID, ErrNotFound)
		} else if err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE codings SET memo = ? WHERE id = ?`, text, codingID)
		return err
	})
	return old, err
}

// SaveSpanMemo writes the memo on a span of a source: it creates one, or
// replaces the text of the memo already on exactly that span (by any
// author); empty text deletes it. It returns the memo's previous text.
func (s *Store) SaveSpanMemo(sourceID int64, start, end int, author, text string) (old string, err error) {
	err = s.tx("save memo", func(tx *sql.Tx) error {
		s.note(tx, AuditMemo, author, fmt.Sprintf("memo on source %d at %d-%d", sourceID, start, end))
		var id int64
		err := tx.QueryRow(`SELECT id, text FROM memos WHERE source_id = ? AND start = ? AND end = ? AND coding_id IS NULL ORDER BY id LIMIT 1`,
			sourceID, start, end).Scan(&id, &old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if strings.TrimSpace(text) == "" {
				return nil
			}
			_, err = tx.Exec(`INSERT INTO memos (source_id, start, end, author, text, created_at, updated_at) VALUES (?,?,?,?,?,?,?)`,
				sourceID, start, end, author, text, now(), now())
			return err
		case err != nil:
			return err
		case strings.TrimSpace(text) == "":
			_, err = tx.Exec(`DELETE FROM memos WHERE id = ?`, id)
			return err
		}
		_, err = tx.Exec(`UPDATE memos SET text = ?, author = ?, updated_at = ? WHERE id = ?`, text, author, now(), id)
		return err
	})
	return old, err
}

// Memos lists every memo: on the project, then codes (in codebook order),
// participants, sources, passages and codings (by source and place).
func (s *Store) Memos() ([]Memo, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail("list memos", err)
	}
	defer tx.Rollback()
	out, err := listMemos(ctx, tx, "", nil)
	return out, s.fail("list memos", err)
}

// Memo finds one memo by its Ref (M12, C34).
func (s *Store) Memo(ref string) (Memo, error) {
	id, onCoding, err := ParseMemoRef(ref)
	if err != nil {
		return Memo{}, err
	}
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Memo{}, s.fail("read memo", err)
	}
	defer tx.Rollback()
	m, err := memoByID(ctx, tx, id, onCoding)
	if err != nil && isSQLite(err) {
		return m, s.fail("read memo", err)
	}
	return m, err
}

func memoByID(ctx context.Context, tx *sql.Tx, id int64, onCoding bool) (Memo, error) {
	where, other := "m.id = ?", "0"
	if onCoding {
		where, other = "0", "c.id = ?"
	}
	list, err := listMemos(ctx, tx, where, []any{id}, other)
	if err != nil {
		return Memo{}, err
	}
	if len(list) == 0 {
		return Memo{}, fmt.Errorf("memo %s: %w (see `fieldwork memos`)", Memo{ID: id, OnCoding: onCoding}.Ref(), ErrNotFound)
	}
	return list[0], nil
}

// listMemos reads memos; where filters the memos table (alias m) and
// codingWhere, when given, the coding memos (alias c). Only one of them
// may hold placeholders, for args.
func listMemos(ctx context.Context, tx *sql.Tx, where string, args []any, codingWhere ...string) ([]Memo, error) {
	codes, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	ordered, _ := treeOrder(codes)
	paths, rank := map[int64]string{}, map[int64]int{}
	for i, c := range ordered {
		paths[c.ID], rank[c.ID] = c.Path, i
	}
	if where == "" {
		where = "1"
	}
	cw := "1"
	if len(codingWhere) > 0 {
		cw = codingWhere[0]
	}
	var out []Memo
	err = eachRow(ctx, tx, `
		SELECT m.id, 0, ifnull(s.name, ''), ifnull(m.source_id, 0), m.start IS NOT NULL AND m.end IS NOT NULL AND m.end > m.start,
			ifnull(m.start, 0), ifnull(m.end, 0), ifnull(m.code_id, 0), ifnull(m.coding_id, 0),
			ifnull(p.ref, ''), ifnull(m.participant_id, 0), m.author, m.text, m.created_at, m.updated_at
			FROM memos m LEFT JOIN sources s ON s.id = m.source_id LEFT JOIN participants p ON p.id = m.participant_id
			WHERE `+where+`
		UNION ALL
		SELECT c.id, 1, s.name, c.source_id, 1, c.start, c.end, c.code_id, c.id, '', 0, c.coder, c.memo, c.created_at, c.created_at
			FROM codings c JOIN sources s ON s.id = c.source_id WHERE c.memo <> '' AND `+cw, func(sc scanner) error {
		var m Memo
		var span bool
		var created, updated string
		if err := sc.Scan(&m.ID, &m.OnCoding, &m.Source, &m.SourceID, &span, &m.Start, &m.End, &m.CodeID, &m.CodingID,
			&m.Participant, &m.ParticipantID, &m.Author, &m.Text, &created, &updated); err != nil {
			return err
		}
		if m.CodingID != 0 && !m.OnCoding && m.SourceID == 0 {
			// a memos-table row on a coding: its place is the coding's
			if err := tx.QueryRowContext(ctx, `SELECT c.source_id, s.name, c.start, c.end, c.code_id FROM codings c JOIN sources s ON s.id = c.source_id WHERE c.id = ?`,
				m.CodingID).Scan(&m.SourceID, &m.Source, &m.Start, &m.End, &m.CodeID); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		switch {
		case m.CodingID != 0:
			m.Kind = MemoCoding
		case m.ParticipantID != 0:
			m.Kind = MemoParticipant
		case m.SourceID != 0 && span:
			m.Kind = MemoPassage
		case m.SourceID != 0:
			m.Kind = MemoSource
		case m.CodeID != 0:
			m.Kind = MemoCode
		default:
			m.Kind = MemoProject
		}
		if m.Kind != MemoPassage && m.Kind != MemoCoding {
			m.Start, m.End = 0, 0
		}
		m.Code, m.Created, m.Updated = paths[m.CodeID], parseTime(created), parseTime(updated)
		out = append(out, m)
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	kindRank := map[MemoKind]int{}
	for i, k := range MemoKinds() {
		kindRank[k] = i
	}
	group := func(k MemoKind) int { // sources, passages and codings are listed by place together
		return min(kindRank[k], kindRank[MemoSource])
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ga, gb := group(a.Kind), group(b.Kind); ga != gb {
			return ga < gb
		}
		switch {
		case a.Kind == MemoCode && a.CodeID != b.CodeID:
			return rank[a.CodeID] < rank[b.CodeID]
		case a.Kind == MemoParticipant && a.Participant != b.Participant:
			return a.Participant < b.Participant
		case a.SourceID != b.SourceID:
			return a.SourceID < b.SourceID
		case a.Start != b.Start:
			return a.Start < b.Start
		case a.End != b.End:
			return a.End < b.End
		case a.Kind != b.Kind:
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		return a.ID < b.ID
	})
	return out, nil
}

// AddMemo writes a new memo on a target (not a coding: SetCodingMemo
// does that) and returns it. The text may hold several lines; blank text
// is refused. A target that does not exist is ErrNotFound, named.
func (s *Store) AddMemo(t MemoTarget, author, text string) (Memo, error) {
	if strings.TrimSpace(text) == "" {
		return Memo{}, fmt.Errorf("memo on %s: the text is empty", t.Kind)
	}
	var out Memo
	err := s.tx("save memo", func(tx *sql.Tx) error {
		ctx := context.Background()
		m := Memo{Kind: t.Kind, Author: author, Text: text}
		if err := resolveMemoTarget(ctx, tx, t, &m); err != nil {
			return err
		}
		s.note(tx, AuditMemo, author, "memo added on "+memoPlace(m))
		var err error
		out, err = insertMemo(ctx, tx, m, 0)
		return err
	})
	return out, err
}

// resolveMemoTarget finds the ids of what t names.
func resolveMemoTarget(ctx context.Context, tx *sql.Tx, t MemoTarget, m *Memo) error {
	switch t.Kind {
	case MemoProject:
		return nil
	case MemoCode:
		c, err := resolveCode(ctx, tx, t.Ref)
		if err != nil {
			return err
		}
		m.CodeID, m.Code = c.ID, c.Path
	case MemoParticipant:
		id, _, err := participantID(ctx, tx, t.Ref)
		if err != nil {
			return err
		}
		m.ParticipantID, m.Participant = id, t.Ref
	case MemoSource, MemoPassage:
		var n int
		q := `SELECT id, name, ` + textLengthSQL("sources.id") + ` FROM sources WHERE name = ?1 OR (?2 > 0 AND id = ?2) ORDER BY name = ?1 DESC LIMIT 1`
		id, _ := strconv.ParseInt(t.Ref, 10, 64)
		err := tx.QueryRowContext(ctx, q, t.Ref, id).Scan(&m.SourceID, &m.Source, &n)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("source %q: %w (see `fieldwork sources`)", t.Ref, ErrNotFound)
		} else if err != nil {
			return err
		}
		if t.Kind == MemoPassage {
			// length() counts characters, the unit of offsets
			if t.Start < 0 || t.End <= t.Start || t.End > n {
				return fmt.Errorf("passage %d-%d of source %q: want 0 <= start < end <= %d", t.Start, t.End, m.Source, n)
			}
			m.Start, m.End = t.Start, t.End
		}
	default:
		return fmt.Errorf("a memo on a %s: %w", t.Kind, errors.ErrUnsupported)
	}
	return nil
}

// memoPlace names a memo's target by ids for the audit log (never words).
func memoPlace(m Memo) string {
	switch m.Kind {
	case MemoCode:
		return fmt.Sprintf("code %d", m.CodeID)
	case MemoParticipant:
		return fmt.Sprintf("participant %d", m.ParticipantID)
	case MemoSource:
		return fmt.Sprintf("source %d", m.SourceID)
	case MemoPassage:
		return fmt.Sprintf("source %d at %d-%d", m.SourceID, m.Start, m.End)
	case MemoCoding:
		return fmt.Sprintf("coding %d", m.CodingID)
	}
	return "the project"
}

// insertMemo writes m into the memos table, with id when it is not 0 and
// free (a memo brought back by undo keeps its id).
func insertMemo(ctx context.Context, tx *sql.Tx, m Memo, id int64) (Memo, error) {
	null := func(v int64) any {
		if v == 0 {
			return nil
		}
		return v
	}
	var start, end any
	if m.Kind == MemoPassage {
		start, end = m.Start, m.End
	}
	if id != 0 {
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM memos WHERE id = ?)`, id).Scan(&taken); err != nil {
			return m, err
		}
		if taken {
			id = 0
		}
	}
	created := m.Created.UTC().Format(time.RFC3339)
	if m.Created.IsZero() {
		created = now()
	}
	var codingID int64
	if m.Kind == MemoCoding {
		codingID = m.CodingID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO memos (id, source_id, code_id, coding_id, participant_id, start, end, author, text, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, null(id), null(m.SourceID), null(m.CodeID), null(codingID), null(m.ParticipantID),
		start, end, m.Author, m.Text, created, now())
	if err != nil {
		return m, err
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return m, err
	}
	m.OnCoding = false
	return memoByID(ctx, tx, m.ID, false)
}

// EditMemo replaces the text of a memo (M12, or C34 for a coding's memo)
// and returns the memo as it was. Blank text is refused: DeleteMemo
// deletes.
func (s *Store) EditMemo(ref, author, text string) (Memo, error) {
	id, onCoding, err := ParseMemoRef(ref)
	if err != nil {
		return Memo{}, err
	}
	if strings.TrimSpace(text) == "" {
		return Memo{}, fmt.Errorf("memo %s: the text is empty (delete the memo instead)", ref)
	}
	var old Memo
	err = s.tx("save memo", func(tx *sql.Tx) error {
		ctx := context.Background()
		if old, err = memoByID(ctx, tx, id, onCoding); err != nil {
			return err
		}
		s.note(tx, AuditMemo, author, "memo "+old.Ref()+" edited on "+memoPlace(old))
		if onCoding {
			_, err = tx.ExecContext(ctx, `UPDATE codings SET memo = ? WHERE id = ?`, text, id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE memos SET text = ?, author = ?, updated_at = ? WHERE id = ?`, text, author, now(), id)
		}
		return err
	})
	return old, err
}

// DeleteMemo deletes a memo (a coding's memo is cleared) and returns it as
// it was, so that RestoreMemo can bring it back.
func (s *Store) DeleteMemo(ref string) (Memo, error) {
	id, onCoding, err := ParseMemoRef(ref)
	if err != nil {
		return Memo{}, err
	}
	var old Memo
	err = s.tx("save memo", func(tx *sql.Tx) error {
		ctx := context.Background()
		if old, err = memoByID(ctx, tx, id, onCoding); err != nil {
			return err
		}
		s.note(tx, AuditMemo, "", "memo "+old.Ref()+" deleted on "+memoPlace(old))
		if onCoding {
			_, err = tx.ExecContext(ctx, `UPDATE codings SET memo = '' WHERE id = ?`, id)
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM memos WHERE id = ?`, id)
		}
		return err
	})
	return old, err
}

// RestoreMemo writes back a memo that DeleteMemo returned, on the same
// target and, when it is free, with the same id; it returns the memo as
// saved. Its target must still exist.
func (s *Store) RestoreMemo(m Memo) (Memo, error) {
	var out Memo
	err := s.tx("save memo", func(tx *sql.Tx) error {
		ctx := context.Background()
		s.note(tx, AuditMemo, m.Author, "memo restored on "+memoPlace(m))
		if m.OnCoding {
			res, err := tx.ExecContext(ctx, `UPDATE codings SET memo = ? WHERE id = ?`, m.Text, m.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("coding %d: %w", m.ID, ErrNotFound)
			}
			out, err = memoByID(ctx, tx, m.ID, true)
			return err
		}
		var err error
		out, err = insertMemo(ctx, tx, m, m.ID)
		if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("memo %s: its %s is gone: %w", m.Ref(), m.Kind, ErrNotFound)
		}
		return err
	})
	return out, err
}

// CodingProgress returns, per source id, how many participant sentences
// there are and how many of them a coding by coder overlaps. Facilitator
// and unlabelled turns do not count.
func (s *Store) CodingProgress(coder string) (map[int64][2]int, error) {
	// Two ordered reads and one sweep per source: a sentence is coded when
	// one of the coder's codings that start before it ends reaches past its
	// start. (A correlated EXISTS per sentence read every coding of the
	// source again for each sentence: minutes at a million codings.)
	type span struct {
		src        int64
		start, end int
	}
	var sents, cods []span
	err := s.readRows(`SELECT se.source_id, se.start, se.end FROM sentences se
		JOIN turns t ON t.source_id = se.source_id AND t.idx = se.turn_idx
		JOIN participants p ON p.id = t.participant_id
		WHERE p.facilitator = 0 ORDER BY se.source_id, se.start`, func(sc scanner) error {
		var x span
		if err := sc.Scan(&x.src, &x.start, &x.end); err != nil {
			return err
		}
		sents = append(sents, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.readRows(`SELECT source_id, start, end FROM codings WHERE coder = ? ORDER BY source_id, start`, func(sc scanner) error {
		var x span
		if err := sc.Scan(&x.src, &x.start, &x.end); err != nil {
			return err
		}
		cods = append(cods, x)
		return nil
	}, coder)
	if err != nil {
		return nil, err
	}
	out := map[int64][2]int{}
	j, reach := 0, -1 // reach: the farthest end of the codings passed in this source
	var src int64 = -1
	for _, se := range sents {
		if se.src != src {
			src, reach = se.src, -1
			for j < len(cods) && cods[j].src < src {
				j++
			}
		}
		for j < len(cods) && cods[j].src == src && cods[j].start < se.end {
			reach = max(reach, cods[j].end)
			j++
		}
		p := out[se.src]
		p[1]++
		if reach > se.start {
			p[0]++
		}
		out[se.src] = p
	}
	return out, nil
}
