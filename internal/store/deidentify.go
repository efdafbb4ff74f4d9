package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// CopyTo writes a byte copy of the project file to path (mode 0600,
// refused if path exists), after moving the WAL into the file so the copy
// holds every committed change. The copy is encrypted as the project is,
// with the same passphrase. It fails when another process keeps the WAL
// from being checkpointed.
func (s *Store) CopyTo(path string) error {
	ctx := context.Background()
	var busy, frames, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done); err != nil {
		return s.fail("copy", err)
	}
	if busy != 0 {
		return fmt.Errorf("copy %s: another fieldwork process has it open; close it and try again", s.path)
	}
	in, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("copy %s: %w", s.path, err)
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("copy to %s: %w", path, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(path)
		return fmt.Errorf("copy to %s: %w", path, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(path)
		return fmt.Errorf("copy to %s: %w", path, err)
	}
	return out.Close()
}

// Deidentification rewrites a project's words: Text screens a source's
// text and returns the offset map that moves spans to the same words;
// Other screens every other text people wrote (memos, attributes,
// recommendations, open answers, names of sources).
type Deidentification struct {
	Text  func(string) redact.Result
	Other func(string) string
}

// Deidentified is what Deidentify changed.
type Deidentified struct {
	Sources, Turns, Codings, Memos int
	// Labels are the speaker labels replaced, with the participant id
	// that replaced each ("OTT" group, "Maria Gonzalez" -> "OTT-P01").
	Labels []LabelKey
}

// LabelKey is one speaker label of a group and the participant id that
// replaced it.
type LabelKey struct {
	Group, Label, Participant string
}

// Deidentify rewrites the project in place, in one transaction, as a
// de-identified copy: every source's text through d.Text with its turns,
// sentences, codings and span memos moved by the offset map; speaker
// labels replaced by participant ids (in turns and in the label table);
// name attributes (pseudonym, name ...) deleted and other attributes,
// memos, code definitions, recommendations with their logs, survey
// questions and answers through d.Other; the identifier list emptied (it
// is the key), and the stored entity scans with it. It runs with
// secure_delete, and checkpoints the WAL after, so the old words are not
// left in the file's free pages.
//
// Run it on a copy (CopyTo), never on the project itself.
func (s *Store) Deidentify(ctx context.Context, d Deidentification) (Deidentified, error) {
	var out Deidentified
	if _, err := s.db.ExecContext(ctx, `PRAGMA secure_delete=ON`); err != nil {
		return out, s.fail("de-identify", err)
	}
	defer s.db.ExecContext(ctx, `PRAGMA secure_delete=OFF`)
	err := s.txContext(ctx, "de-identify", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete=ON`); err != nil {
			return err
		}
		if err := forgetEntityScans(ctx, tx, ""); err != nil { // the names the scan found
			return err
		}
		if err := deidentifySources(ctx, tx, d, &out); err != nil {
			return err
		}
		if err := deidentifyLabels(ctx, tx, &out); err != nil {
			return err
		}
		if err := deidentifyOther(ctx, tx, d.Other); err != nil {
			return err
		}
		s.note(tx, AuditChange, "", fmt.Sprintf("de-identified copy: %d source(s), %d coding(s) moved, %d speaker label(s) replaced; identifier list emptied",
			out.Sources, out.Codings, len(out.Labels)))
		return nil
	})
	if err != nil {
		return out, err
	}
	var busy, frames, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done); err != nil {
		return out, s.fail("de-identify: checkpoint", err)
	}
	return out, nil
}

type spanRow struct {
	key        []any // the row's primary key
	start, end int
}

func deidentifySources(ctx context.Context, tx *sql.Tx, d Deidentification, out *Deidentified) error {
	type src struct {
		id                   int64
		name, file, text     string
		newText, newName     string
		newFile, newChecksum string
		m                    redact.OffsetMap
	}
	var srcs []*src
	byID := map[int64]*src{}
	err := eachRow(ctx, tx, `SELECT id, name, file_name FROM sources ORDER BY id`, func(sc scanner) error {
		x := &src{}
		if err := sc.Scan(&x.id, &x.name, &x.file); err != nil {
			return err
		}
		srcs = append(srcs, x)
		byID[x.id] = x
		return nil
	})
	if err != nil {
		return err
	}
	err = eachSourceText(ctx, tx, func(id int64, text string) error {
		if x := byID[id]; x != nil {
			x.text = text
		}
		return nil
	})
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, x := range srcs {
		res := d.Text(x.text)
		x.newText, x.m = res.Text, res.Map
		x.newName, x.newFile = d.Other(x.name), d.Other(x.file)
		if names[strings.ToLower(x.newName)] { // two names screened alike
			x.newName = fmt.Sprintf("%s (%d)", x.newName, x.id)
		}
		names[strings.ToLower(x.newName)] = true
		sum := sha256.Sum256([]byte(x.newText))
		x.newChecksum = hex.EncodeToString(sum[:])
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET name = ?, file_name = ?, sha256 = ? WHERE id = ?`,
			x.newName, x.newFile, x.newChecksum, x.id); err != nil {
			return fmt.Errorf("source %d: %w", x.id, err)
		}
		if err := setSourceText(ctx, tx, x.id, x.newText); err != nil {
			return fmt.Errorf("source %d: %w", x.id, err)
		}
		out.Sources++
		moves := []struct {
			table, key string
			count      *int
		}{
			{"turns", "idx", &out.Turns},
			{"sentences", "idx", nil},
			{"codings", "id", &out.Codings},
			{"memos", "id", &out.Memos},
		}
		for _, mv := range moves {
			var rows []spanRow
			err := eachRow(ctx, tx, `SELECT `+mv.key+`, start, end FROM `+mv.table+` WHERE source_id = ? AND start IS NOT NULL`, func(sc scanner) error {
				var k int64
				var r spanRow
				if err := sc.Scan(&k, &r.start, &r.end); err != nil {
					return err
				}
				r.key = []any{k}
				rows = append(rows, r)
				return nil
			}, x.id)
			if err != nil {
				return err
			}
			for _, r := range rows {
				a, b := x.m.Span(r.start, r.end)
				if a == r.start && b == r.end {
					continue
				}
				if _, err := tx.ExecContext(ctx, `UPDATE `+mv.table+` SET start = ?, end = ? WHERE source_id = ? AND `+mv.key+` = ?`,
					a, b, x.id, r.key[0]); err != nil {
					return fmt.Errorf("source %d: move %s: %w", x.id, mv.table, err)
				}
				if mv.count != nil {
					*mv.count++
				}
			}
		}
	}
	return nil
}

// deidentifyLabels replaces every speaker label by its participant's id,
// in the turns and in the label table.
func deidentifyLabels(ctx context.Context, tx *sql.Tx, out *Deidentified) error {
	err := eachRow(ctx, tx, `SELECT l.grp, l.label, p.ref FROM speaker_labels l JOIN participants p ON p.id = l.participant_id
		WHERE l.label <> p.ref ORDER BY l.grp, l.label`, func(sc scanner) error {
		var k LabelKey
		if err := sc.Scan(&k.Group, &k.Label, &k.Participant); err != nil {
			return err
		}
		out.Labels = append(out.Labels, k)
		return nil
	})
	if err != nil {
		return err
	}
	stmts := []string{
		`UPDATE turns SET speaker = ifnull((SELECT ref FROM participants p WHERE p.id = turns.participant_id), '')`,
		`CREATE TEMP TABLE deid_labels AS SELECT DISTINCT l.grp AS grp, p.ref AS label, l.participant_id AS pid
			FROM speaker_labels l JOIN participants p ON p.id = l.participant_id`,
		`DELETE FROM speaker_labels`,
		`INSERT OR IGNORE INTO speaker_labels (grp, label, participant_id) SELECT grp, label, pid FROM deid_labels`,
		`DROP TABLE temp.deid_labels`,
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("speaker labels: %w", err)
		}
	}
	return nil
}

// textColumns are the other texts people wrote, by table, key and column.
var textColumns = []struct{ table, key, col string }{
	{"codings", "id", "memo"},
	{"memos", "id", "text"},
	{"codes", "id", "definition"},
	{"codes", "id", "inclusion"},
	{"codes", "id", "exclusion"},
	{"codes", "id", "example"},
	{"participants", "id", "withdrawn_note"},
	{"recommendations", "id", "title"},
	{"recommendations", "id", "text"},
	{"recommendations", "id", "owner"},
	{"survey_questions", "id", "text"},
	{"recommendation_log", "id", "note"},
	{"recommendation_log", "id", "imported_from"},
}

func deidentifyOther(ctx context.Context, tx *sql.Tx, other func(string) string) error {
	args := make([]any, len(nameAttributes))
	for i, k := range nameAttributes {
		args[i] = k
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM participant_attributes WHERE key IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(nameAttributes)), ",")+`)`, args...); err != nil {
		return fmt.Errorf("name attributes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM identifiers`); err != nil {
		return fmt.Errorf("identifier list: %w", err)
	}
	// The follow-up log is append-only by trigger: the copy's log is
	// rewritten with its triggers lifted for this transaction only.
	var triggers []string
	err := eachRow(ctx, tx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'recommendation_log'`, func(sc scanner) error {
		var q string
		if err := sc.Scan(&q); err != nil {
			return err
		}
		triggers = append(triggers, q)
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range []string{"recommendation_log_no_update", "recommendation_log_no_delete"} {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER IF EXISTS `+name); err != nil {
			return err
		}
	}
	for _, c := range textColumns {
		if err := rewriteColumn(ctx, tx, c.table, c.key, c.col, other); err != nil {
			return err
		}
	}
	// a respondent's reference may be an e-mail address: a neutral one
	// replaces it (references are unique per survey)
	var refs []int64
	err = eachRow(ctx, tx, `SELECT id, ref FROM survey_respondents`, func(sc scanner) error {
		var id int64
		var ref string
		if err := sc.Scan(&id, &ref); err != nil {
			return err
		}
		if other(ref) != ref {
			refs = append(refs, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range refs {
		if _, err := tx.ExecContext(ctx, `UPDATE survey_respondents SET ref = ? WHERE id = ?`, fmt.Sprintf("respondent-%d", id), id); err != nil {
			return fmt.Errorf("survey respondents: %w", err)
		}
	}
	for _, q := range triggers {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("restore the log's triggers: %w", err)
		}
	}
	if err := deidentifyAnswers(ctx, tx, other); err != nil {
		return fmt.Errorf("survey answers: %w", err)
	}
	// attributes and stakeholders have composite keys
	composite := []struct{ table, keys, col string }{
		{"participant_attributes", "participant_id, key", "value"},
		{"recommendation_stakeholders", "recommendation_id, stakeholder", "stakeholder"},
	}
	for _, c := range composite {
		var rows [][3]any
		err := eachRow(ctx, tx, `SELECT `+c.keys+`, `+c.col+` FROM `+c.table, func(sc scanner) error {
			var a, b any
			var v string
			if err := sc.Scan(&a, &b, &v); err != nil {
				return err
			}
			if w := other(v); w != v {
				rows = append(rows, [3]any{a, b, w})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", c.table, err)
		}
		ks := strings.Split(c.keys, ", ")
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, `UPDATE OR REPLACE `+c.table+` SET `+c.col+` = ? WHERE `+ks[0]+` = ? AND `+ks[1]+` = ?`,
				r[2], r[0], r[1]); err != nil {
				return fmt.Errorf("%s: %w", c.table, err)
			}
		}
	}
	return nil
}

func rewriteColumn(ctx context.Context, tx *sql.Tx, table, key, col string, other func(string) string) error {
	type row struct {
		id int64
		v  string
	}
	var rows []row
	err := eachRow(ctx, tx, `SELECT `+key+`, `+col+` FROM `+table, func(sc scanner) error {
		var r row
		var v sql.NullString
		if err := sc.Scan(&r.id, &v); err != nil {
			return err
		}
		if w := other(v.String); v.Valid && w != v.String {
			r.v = w
			rows = append(rows, r)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s.%s: %w", table, col, err)
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `UPDATE OR REPLACE `+table+` SET `+col+` = ? WHERE `+key+` = ?`, r.v, r.id); err != nil {
			return fmt.Errorf("%s.%s: %w", table, col, err)
		}
	}
	return nil
}

// deidentifyAnswers passes every survey answer through other and rewrites
// the respondents whose answers it changed.
func deidentifyAnswers(ctx context.Context, tx *sql.Tx, other func(string) string) error {
	type row struct {
		id       int64
		answers  []byte
		answered int
	}
	var rows []row
	err := eachRow(ctx, tx, `SELECT id, answers FROM survey_respondents`, func(sc scanner) error {
		var id int64
		var stored string
		if err := sc.Scan(&id, &stored); err != nil {
			return err
		}
		var values []string
		changed := false
		err := eachAnswer([]byte(stored), func(i int, b []byte) {
			for len(values) <= i {
				values = append(values, "")
			}
			v := string(b)
			if w := other(v); w != v {
				v, changed = w, true
			}
			values[i] = v
		})
		if err != nil {
			return fmt.Errorf("respondent %d: %w", id, err)
		}
		if changed {
			b, n := appendAnswers(nil, values)
			rows = append(rows, row{id, b, n})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `UPDATE survey_respondents SET answers = ?, answered = ? WHERE id = ?`, string(r.answers), r.answered, r.id); err != nil {
			return err
		}
	}
	return nil
}
