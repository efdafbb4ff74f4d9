package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// NewSource is one file ready to enter the project: the source with its text,
// its turns (speaker labels, not yet bound to participants) and its
// sentences (segmented by the caller: the store only persists them).
type NewSource struct {
	Source    coding.Source
	Turns     []coding.Turn
	Sentences []coding.Sentence
	// Force imports the text even when the same text is already in the project.
	Force bool
	// Words is coding.WordCount of the text when the caller counted it
	// already; 0 has the store count them.
	Words int
}

// TextHash is the hash by which a second import of the same text is refused.
func TextHash(text string) string {
	h := sha256.New()
	writeString(h, text)
	return hex.EncodeToString(h.Sum(nil))
}

// ImportSources adds sources in one transaction: if any is refused, none is
// imported. Each non-empty speaker label is bound to a participant of the
// source's group (the source's name when it has no group), creating the
// participant on first sight; facilitator labels make facilitator
// participants. It returns the sources with their ids.
func (s *Store) ImportSources(ctx context.Context, items []NewSource) ([]coding.Source, error) {
	return s.ImportStream(ctx, func(w *SourceWriter) error {
		_, err := importSources(w, items)
		return err
	})
}

// ImportStream runs fn in one import transaction with a SourceWriter, as
// ImportSources does for sources held whole: if fn fails, or leaves a source
// unended, nothing is imported. It returns the sources fn ended, with
// their ids.
func (s *Store) ImportStream(ctx context.Context, fn func(w *SourceWriter) error) ([]coding.Source, error) {
	var out []coding.Source
	err := s.rawTx(ctx, "import", func(tx *sql.Tx, raw *sqlite3.Conn) error {
		// Turns, sentences and pieces of text are appended in key order and
		// written once: pages need not stay in the cache until the commit,
		// which would hold the whole import in memory.
		if err := raw.Exec(fmt.Sprintf("PRAGMA cache_size=%d", defaultCacheKiB)); err != nil {
			return err
		}
		w, err := newSourceWriter(ctx, tx, raw)
		if err != nil {
			return err
		}
		defer w.close()
		err = fn(w)
		if err == nil && w.cur != nil {
			err = fmt.Errorf("import %q: source not ended", w.cur.label)
		}
		out = w.out
		s.note(tx, AuditImport, "", importedSources(out))
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importSourcesTx adds segmented items within tx (see ImportSources), so
// that other imports (a survey's open answers, a REFI-QDA project) share
// their transaction.
func importSourcesTx(ctx context.Context, tx *sql.Tx, raw *sqlite3.Conn, items []NewSource) ([]coding.Source, error) {
	w, err := newSourceWriter(ctx, tx, raw)
	if err != nil {
		return nil, err
	}
	defer w.close()
	return importSources(w, items)
}

// importSources adds segmented items through w.
func importSources(w *SourceWriter, items []NewSource) ([]coding.Source, error) {
	out := make([]coding.Source, 0, len(items))
	for _, it := range items {
		if err := w.Begin(it.Source, it.Force); err != nil {
			return nil, err
		}
		if err := w.Add(it.Source.Text, it.Turns, it.Sentences); err != nil {
			return nil, err
		}
		words := it.Words
		if words == 0 {
			words = coding.WordCount(it.Source.Text)
		}
		src, err := w.End(it.Source, words)
		if err != nil {
			return nil, err
		}
		src.Text = it.Source.Text
		out = append(out, src)
	}
	return out, nil
}

// bindLabel returns the participant a speaker label of a group belongs to,
// creating one with an opaque id (see opaqueRef) when the label is new.
func bindLabel(ctx context.Context, tx *sql.Tx, group, city, label string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT participant_id FROM speaker_labels WHERE grp = ? AND label = ?`, group, label).Scan(&id)
	if err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	ref, err := opaqueRef(ctx, tx, group, coding.IsFacilitatorLabel(label))
	if err != nil {
		return 0, err
	}
	err = tx.QueryRowContext(ctx, `SELECT id FROM participants WHERE ref = ?`, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := tx.ExecContext(ctx, `INSERT INTO participants (ref, grp, city, facilitator) VALUES (?,?,?,?)`,
			ref, group, city, coding.IsFacilitatorLabel(label))
		if err != nil {
			return 0, err
		}
		id, _ = res.LastInsertId()
	} else if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO speaker_labels (grp, label, participant_id) VALUES (?,?,?)`, group, label, id)
	return id, err
}

// SourceSummary is a source with the counts `fieldwork sources` shows.
type SourceSummary struct {
	coding.Source
	Turns        int
	Words        int
	Participants int // distinct non-facilitator participants who speak
	Codings      int
}

const sourceCols = `s.id, s.name, s.kind, s.format, s.encoding, s.file_name, s.sha256, s.city, s.grp, s.date, s.language, s.imported_at, s.pages`

func scanSource(sc interface{ Scan(...any) error }, src *coding.Source) error {
	var kind, imported string
	err := sc.Scan(&src.ID, &src.Name, &kind, &src.Format, &src.Encoding, &src.FileName, &src.SHA256,
		&src.City, &src.Group, &src.Date, &src.Language, &imported, &src.Pages)
	src.Kind = coding.SourceKind(kind)
	src.Imported = parseTime(imported)
	return err
}

// Sources lists the project's sources in import order, without their text.
func (s *Store) Sources() ([]SourceSummary, error) {
	var out []SourceSummary
	err := eachRow(context.Background(), s.db, `SELECT `+sourceCols+`, s.words,
		(SELECT count(*) FROM turns t WHERE t.source_id = s.id),
		(SELECT count(DISTINCT t.participant_id) FROM turns t JOIN participants p ON p.id = t.participant_id
			WHERE t.source_id = s.id AND p.facilitator = 0),
		(SELECT count(*) FROM codings c WHERE c.source_id = s.id)
		FROM sources s ORDER BY s.id`, func(sc scanner) error {
		var ss SourceSummary
		var words int
		var src coding.Source
		var imported, kind string
		if err := sc.Scan(&src.ID, &src.Name, &kind, &src.Format, &src.Encoding, &src.FileName, &src.SHA256,
			&src.City, &src.Group, &src.Date, &src.Language, &imported, &src.Pages, &words, &ss.Turns, &ss.Participants, &ss.Codings); err != nil {
			return err
		}
		src.Kind, src.Imported = coding.SourceKind(kind), parseTime(imported)
		ss.Source, ss.Words = src, words
		out = append(out, ss)
		return nil
	})
	return out, s.fail("list sources", err)
}

// Source finds a source by name (case-insensitive) or numeric id and loads
// its text.
func (s *Store) Source(ref string) (*coding.Source, error) {
	q := `SELECT ` + sourceCols + ` FROM sources s WHERE s.name = ?`
	args := []any{ref}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		q += ` OR s.id = ? ORDER BY s.name = ? DESC LIMIT 1`
		args = append(args, id, ref)
	}
	var src coding.Source
	ctx := context.Background()
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		if err := scanSource(tx.QueryRowContext(ctx, q, args...), &src); err != nil {
			return err
		}
		var err error
		src.Text, err = sourceText(ctx, tx, src.ID)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("source %q: %w (see `fieldwork sources`)", ref, ErrNotFound)
	}
	if err != nil {
		return nil, s.fail("read source", err)
	}
	return &src, nil
}

// Turns returns a source's turns in order, with their participants.
func (s *Store) Turns(sourceID int64) ([]coding.Turn, error) {
	var out []coding.Turn
	err := eachRow(context.Background(), s.db, `SELECT t.idx, t.speaker, ifnull(p.ref, ''), ifnull(p.facilitator, 0), t.start, t.end, t.line, t.at_ms, t.until_ms
		FROM turns t LEFT JOIN participants p ON p.id = t.participant_id WHERE t.source_id = ? ORDER BY t.idx`, func(sc scanner) error {
		var t coding.Turn
		var at, until sql.NullInt64
		if err := sc.Scan(&t.Index, &t.Speaker, &t.Participant, &t.Facilitator, &t.Start, &t.End, &t.Line, &at, &until); err != nil {
			return err
		}
		if at.Valid {
			t.HasTime = true
			t.At = msDuration(at.Int64)
			t.Until = msDuration(until.Int64)
		}
		out = append(out, t)
		return nil
	}, sourceID)
	return out, s.fail("read turns", err)
}

// Sentences returns a source's sentences in order.
func (s *Store) Sentences(sourceID int64) ([]coding.Sentence, error) {
	var out []coding.Sentence
	err := eachRow(context.Background(), s.db, `SELECT idx, turn_idx, start, end FROM sentences WHERE source_id = ? ORDER BY idx`, func(sc scanner) error {
		var se coding.Sentence
		if err := sc.Scan(&se.Index, &se.Turn, &se.Start, &se.End); err != nil {
			return err
		}
		out = append(out, se)
		return nil
	}, sourceID)
	return out, s.fail("read sentences", err)
}

// DeleteSource removes a source with its turns, sentences and codings.
func (s *Store) DeleteSource(ref string) error {
	src, err := s.Source(ref)
	if err != nil {
		return err
	}
	return s.tx("delete source", func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM sources WHERE id = ?`, src.ID)
		return err
	})
}

// insertRows inserts rows with multi-row VALUES statements: one statement
// per row costs more than SQLite's work on the row itself.
func insertRows(ctx context.Context, tx *sql.Tx, head string, rows [][]any) error {
	const batch = 100
	for len(rows) > 0 {
		n := min(batch, len(rows))
		ph := "(" + strings.TrimSuffix(strings.Repeat("?,", len(rows[0])), ",") + ")"
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(ph+",", n), ","), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
