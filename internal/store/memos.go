package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Memo is a researcher's note. A memo on a coding is kept on the coding
// itself; a memo on a passage (a sentence or any span) lives in the memos
// table. Memos lists both kinds.
type Memo struct {
	ID         int64 // memo id, or the coding id for a coding memo
	OnCoding   bool
	Source     string
	SourceID   int64
	Start, End int
	Code       string // for a coding memo
	Author     string
	Text       string
	Updated    time.Time
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

// Memos lists every memo, span memos and coding memos, by source and place.
func (s *Store) Memos() ([]Memo, error) {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail("list memos", err)
	}
	defer tx.Rollback()
	codes, err := loadCodes(ctx, tx)
	if err != nil {
		return nil, s.fail("list memos", err)
	}
	ordered, _ := treeOrder(codes)
	paths := map[int64]string{}
	for _, c := range ordered {
		paths[c.ID] = c.Path
	}
	var out []Memo
	err = eachRow(ctx, tx, `
		SELECT m.id, 0, s.name, m.source_id, ifnull(m.start, 0), ifnull(m.end, 0), 0, m.author, m.text, m.updated_at
			FROM memos m JOIN sources s ON s.id = m.source_id
		UNION ALL
		SELECT c.id, 1, s.name, c.source_id, c.start, c.end, c.code_id, c.coder, c.memo, c.created_at
			FROM codings c JOIN sources s ON s.id = c.source_id WHERE c.memo <> ''
		ORDER BY 4, 5, 6, 1`, func(sc scanner) error {
		var m Memo
		var code int64
		var updated string
		if err := sc.Scan(&m.ID, &m.OnCoding, &m.Source, &m.SourceID, &m.Start, &m.End, &code, &m.Author, &m.Text, &updated); err != nil {
			return err
		}
		m.Code, m.Updated = paths[code], parseTime(updated)
		out = append(out, m)
		return nil
	})
	return out, s.fail("list memos", err)
}

// CodingProgress returns, per source id, how many participant sentences
// there are and how many of them a coding by coder overlaps. Facilitator
// and unlabelled turns do not count.
func (s *Store) CodingProgress(coder string) (map[int64][2]int, error) {
	out := map[int64][2]int{}
	err := s.readRows(`SELECT se.source_id, count(*),
			sum(EXISTS (SELECT 1 FROM codings c WHERE c.source_id = se.source_id AND c.coder = ?
				AND c.start < se.end AND c.end > se.start))
		FROM sentences se
		JOIN turns t ON t.source_id = se.source_id AND t.idx = se.turn_idx
		JOIN participants p ON p.id = t.participant_id
		WHERE p.facilitator = 0 GROUP BY se.source_id`, func(sc scanner) error {
		var id int64
		var total, coded int
		if err := sc.Scan(&id, &total, &coded); err != nil {
			return err
		}
		out[id] = [2]int{coded, total}
		return nil
	}, coder)
	return out, err
}
