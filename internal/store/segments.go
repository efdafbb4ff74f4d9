package store

import (
	"database/sql"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// segmentWriter inserts a source's turns and sentences through the
// driver's own prepared statements: a 20 MB transcript has hundreds of
// thousands of sentences, and a row held as []any for a multi-row INSERT
// costs more memory than its text.
type segmentWriter struct {
	turns, sents *sqlite3.Stmt
}

func newSegmentWriter(raw *sqlite3.Conn) (*segmentWriter, error) {
	turns, _, err := raw.Prepare(`INSERT INTO turns (source_id, idx, speaker, participant_id, start, end, line, at_ms, until_ms) VALUES (?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, err
	}
	sents, _, err := raw.Prepare(`INSERT INTO sentences (source_id, idx, turn_idx, start, end) VALUES (?,?,?,?,?)`)
	if err != nil {
		turns.Close()
		return nil, err
	}
	return &segmentWriter{turns: turns, sents: sents}, nil
}

func (w *segmentWriter) close() {
	w.turns.Close()
	w.sents.Close()
}

func (w *segmentWriter) turn(src int64, i int, t coding.Turn, pid sql.NullInt64) error {
	st := w.turns
	st.BindInt64(1, src)
	st.BindInt(2, i)
	st.BindText(3, t.Speaker)
	if pid.Valid {
		st.BindInt64(4, pid.Int64)
	} else {
		st.BindNull(4)
	}
	st.BindInt(5, t.Start)
	st.BindInt(6, t.End)
	st.BindInt(7, t.Line)
	st.BindNull(8)
	st.BindNull(9)
	if t.HasTime {
		st.BindInt64(8, t.At.Milliseconds())
		if t.Until > 0 {
			st.BindInt64(9, t.Until.Milliseconds())
		}
	}
	return st.Exec()
}

func (w *segmentWriter) sentence(src int64, i int, se coding.Sentence) error {
	st := w.sents
	st.BindInt64(1, src)
	st.BindInt(2, i)
	st.BindInt(3, se.Turn)
	st.BindInt(4, se.Start)
	st.BindInt(5, se.End)
	return st.Exec()
}
