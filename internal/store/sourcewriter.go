package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"

	"github.com/ncruces/go-sqlite3"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// SourceWriter adds sources to one import transaction a batch of turns at
// a time (Store.ImportStream): Begin a source, Add its turns with their
// sentences and text in order, End it. A 20 MB transcript then never sits
// in memory whole, neither in Go nor in SQLite: the text is stored in
// pieces (table source_text), the turns and sentences a few rows at a
// time.
type SourceWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	rows  *segmentWriter
	piece *sqlite3.Stmt
	cur   *openSource
	out   []coding.Source
}

// openSource is the source between Begin and End.
type openSource struct {
	src   coding.Source
	label string // the file (or source) name, for messages
	force bool
	pids  map[string]int64 // speaker label -> participant
	turns int              // turns and sentences written so far
	sents int
	seq   int // next piece
	hash  hash.Hash
}

func newSourceWriter(ctx context.Context, tx *sql.Tx, raw *sqlite3.Conn) (*SourceWriter, error) {
	rows, err := newSegmentWriter(raw)
	if err != nil {
		return nil, err
	}
	piece, _, err := raw.Prepare(`INSERT INTO source_text (source_id, seq, piece) VALUES (?,?,?)`)
	if err != nil {
		rows.close()
		return nil, err
	}
	return &SourceWriter{ctx: ctx, tx: tx, rows: rows, piece: piece}, nil
}

func (w *SourceWriter) close() {
	w.rows.close()
	w.piece.Close()
}

// Begin starts a source: it is refused if a source of its name is in the
// project. src's text is not used (Add gives it); its Format, Encoding and
// Pages may be left for End, when the file has been read.
func (w *SourceWriter) Begin(src coding.Source, force bool) error {
	if w.cur != nil {
		return fmt.Errorf("import %q: source %q is not ended", src.Name, w.cur.src.Name)
	}
	label := src.FileName
	if label == "" {
		label = src.Name
	}
	var other string
	err := w.tx.QueryRowContext(w.ctx, `SELECT name FROM sources WHERE name = ?`, src.Name).Scan(&other)
	if err == nil {
		return fmt.Errorf("import %q: a source named %q is already in the project (use --name to give another)", label, other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if src.Kind == "" {
		src.Kind = coding.KindTranscript
	}
	if src.Group == "" {
		// Speaker labels are scoped to a group; a session imported
		// without one is its own group.
		src.Group = src.Name
	}
	src.Text = ""
	// The hash and the word count are known at End.
	res, err := w.tx.ExecContext(w.ctx, `INSERT INTO sources
		(name, kind, format, encoding, file_name, sha256, city, grp, date, language, words, imported_at, pages)
		VALUES (?,?,?,?,?,'',?,?,?,?,0,?,?)`,
		src.Name, string(src.Kind), src.Format, src.Encoding, src.FileName,
		src.City, src.Group, src.Date, src.Language, now(), src.Pages)
	if err != nil {
		return err
	}
	src.ID, _ = res.LastInsertId()
	w.cur = &openSource{src: src, label: label, force: force, pids: map[string]int64{}, hash: sha256.New()}
	return nil
}

// Add appends the next turns of the source begun, with their sentences
// and text: text is the source's text from the end of the turns added
// before (the blank line between turns included) to the end of the last
// of these turns. Offsets are code points into the whole text; turn and
// sentence indexes are given in order here, and Sentence.Turn is the index
// of the sentence's turn in the whole source.
func (w *SourceWriter) Add(text string, turns []coding.Turn, sents []coding.Sentence) error {
	c := w.cur
	if c == nil {
		return errors.New("import: no source begun")
	}
	if err := w.ctx.Err(); err != nil {
		return err
	}
	writeString(c.hash, text)
	if text != "" {
		if err := w.pieces(c, text); err != nil {
			return err
		}
	}
	for _, t := range turns {
		var pid sql.NullInt64
		if t.Speaker != "" {
			id, ok := c.pids[t.Speaker]
			if !ok {
				var err error
				if id, err = bindLabel(w.ctx, w.tx, c.src.Group, c.src.City, t.Speaker); err != nil {
					return err
				}
				c.pids[t.Speaker] = id
			}
			pid = sql.NullInt64{Int64: id, Valid: true}
		}
		if err := w.rows.turn(c.src.ID, c.turns, t, pid); err != nil {
			return err
		}
		c.turns++
	}
	for _, se := range sents {
		if err := w.rows.sentence(c.src.ID, c.sents, se); err != nil {
			return err
		}
		c.sents++
	}
	return nil
}

// End finishes the source begun, storing words (coding.WordCount of its
// text) and file's Format, Encoding and Pages, and returns the source with
// its id and hash. Unless Begin was forced, a source whose text is already
// in the project is refused.
func (w *SourceWriter) End(file coding.Source, words int) (coding.Source, error) {
	c := w.cur
	if c == nil {
		return coding.Source{}, errors.New("import: no source begun")
	}
	w.cur = nil
	if err := w.rows.flush(); err != nil {
		return coding.Source{}, err
	}
	if c.seq == 0 { // an empty text is one empty piece, as in setSourceText
		if err := w.pieces(c, ""); err != nil {
			return coding.Source{}, err
		}
	}
	src := c.src
	src.SHA256 = hex.EncodeToString(c.hash.Sum(nil))
	src.Format, src.Encoding, src.Pages = file.Format, file.Encoding, file.Pages
	if !c.force {
		var other string
		err := w.tx.QueryRowContext(w.ctx, `SELECT name FROM sources WHERE sha256 = ? AND id <> ?`, src.SHA256, src.ID).Scan(&other)
		if err == nil {
			return coding.Source{}, fmt.Errorf("import %q: the same text is already in the project as source %q (use --force to import it again)", c.label, other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return coding.Source{}, err
		}
	}
	if _, err := w.tx.ExecContext(w.ctx, `UPDATE sources SET sha256 = ?, words = ?, format = ?, encoding = ?, pages = ? WHERE id = ?`,
		src.SHA256, words, src.Format, src.Encoding, src.Pages, src.ID); err != nil {
		return coding.Source{}, err
	}
	w.out = append(w.out, src)
	return src, nil
}

// pieces stores text as the next pieces of source c.
func (w *SourceWriter) pieces(c *openSource, text string) error {
	for _, p := range textPieces(text) {
		w.piece.BindInt64(1, c.src.ID)
		w.piece.BindInt(2, c.seq)
		w.piece.BindText(3, p)
		if err := w.piece.Exec(); err != nil {
			return err
		}
		c.seq++
	}
	return nil
}

// writeString writes s to h in pieces: []byte(s) would copy a 20 MB text
// whole.
func writeString(h hash.Hash, s string) {
	var buf [64 << 10]byte
	for len(s) > 0 {
		n := copy(buf[:], s)
		h.Write(buf[:n])
		s = s[n:]
	}
}
