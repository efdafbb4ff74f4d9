package store

import (
	"database/sql"
	"strings"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// segmentRows is how many rows one INSERT of a segmentWriter carries: a
// statement's start and end cost SQLite about as much as a row, and a
// transcript of 20 MB has hundreds of thousands of sentences.
const segmentRows = 64

// segmentWriter inserts a source's turns and sentences through the
// driver's own prepared statements, segmentRows rows per statement: no
// row is held as []any (a 20 MB transcript's rows would cost more memory
// than its text), and at most segmentRows rows of each table wait in
// memory.
type segmentWriter struct {
	turnsN, turns1 *sqlite3.Stmt // segmentRows rows; one row
	sentsN, sents1 *sqlite3.Stmt
	turns          []turnRow
	sents          []sentenceRow
}

type turnRow struct {
	src int64
	idx int
	t   coding.Turn
	pid sql.NullInt64
}

type sentenceRow struct {
	src int64
	idx int
	se  coding.Sentence
}

const (
	insertTurn     = `INSERT INTO turns (source_id, idx, speaker, participant_id, start, end, line, at_ms, until_ms) VALUES `
	turnValues     = `(?,?,?,?,?,?,?,?,?)`
	insertSentence = `INSERT INTO sentences (source_id, idx, turn_idx, start, end) VALUES `
	sentenceValues = `(?,?,?,?,?)`
)

func newSegmentWriter(raw *sqlite3.Conn) (w *segmentWriter, err error) {
	w = &segmentWriter{}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	many := func(head, row string) string {
		return head + strings.TrimSuffix(strings.Repeat(row+",", segmentRows), ",")
	}
	for _, st := range []struct {
		to  **sqlite3.Stmt
		sql string
	}{
		{&w.turnsN, many(insertTurn, turnValues)}, {&w.turns1, insertTurn + turnValues},
		{&w.sentsN, many(insertSentence, sentenceValues)}, {&w.sents1, insertSentence + sentenceValues},
	} {
		if *st.to, _, err = raw.Prepare(st.sql); err != nil {
			return nil, err
		}
	}
	w.turns = make([]turnRow, 0, segmentRows)
	w.sents = make([]sentenceRow, 0, segmentRows)
	return w, nil
}

func (w *segmentWriter) close() {
	for _, st := range []*sqlite3.Stmt{w.turnsN, w.turns1, w.sentsN, w.sents1} {
		if st != nil {
			st.Close()
		}
	}
}

func (w *segmentWriter) turn(src int64, i int, t coding.Turn, pid sql.NullInt64) error {
	w.turns = append(w.turns, turnRow{src, i, t, pid})
	if len(w.turns) < segmentRows {
		return nil
	}
	for r, row := range w.turns {
		bindTurn(w.turnsN, r*9+1, row)
	}
	w.turns = w.turns[:0]
	return w.turnsN.Exec()
}

func (w *segmentWriter) sentence(src int64, i int, se coding.Sentence) error {
	w.sents = append(w.sents, sentenceRow{src, i, se})
	if len(w.sents) < segmentRows {
		return nil
	}
	for r, row := range w.sents {
		bindSentence(w.sentsN, r*5+1, row)
	}
	w.sents = w.sents[:0]
	return w.sentsN.Exec()
}

// flush inserts the rows still waiting, one statement each: call it at the
// end of a source.
func (w *segmentWriter) flush() error {
	for _, row := range w.turns {
		bindTurn(w.turns1, 1, row)
		if err := w.turns1.Exec(); err != nil {
			return err
		}
	}
	w.turns = w.turns[:0]
	for _, row := range w.sents {
		bindSentence(w.sents1, 1, row)
		if err := w.sents1.Exec(); err != nil {
			return err
		}
	}
	w.sents = w.sents[:0]
	return nil
}

// bindTurn binds a turn's row to the 9 parameters of st from p.
func bindTurn(st *sqlite3.Stmt, p int, row turnRow) {
	t := row.t
	st.BindInt64(p, row.src)
	st.BindInt(p+1, row.idx)
	st.BindText(p+2, t.Speaker)
	if row.pid.Valid {
		st.BindInt64(p+3, row.pid.Int64)
	} else {
		st.BindNull(p + 3)
	}
	st.BindInt(p+4, t.Start)
	st.BindInt(p+5, t.End)
	st.BindInt(p+6, t.Line)
	st.BindNull(p + 7)
	st.BindNull(p + 8)
	if t.HasTime {
		st.BindInt64(p+7, t.At.Milliseconds())
		if t.Until > 0 {
			st.BindInt64(p+8, t.Until.Milliseconds())
		}
	}
}

// bindSentence binds a sentence's row to the 5 parameters of st from p.
func bindSentence(st *sqlite3.Stmt, p int, row sentenceRow) {
	st.BindInt64(p, row.src)
	st.BindInt(p+1, row.idx)
	st.BindInt(p+2, row.se.Turn)
	st.BindInt(p+3, row.se.Start)
	st.BindInt(p+4, row.se.End)
}
