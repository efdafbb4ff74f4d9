package store

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"
)

// A source's text lives in source_text (schema 10), in pieces of at most
// maxPiece bytes, so that neither writing nor reading a long transcript
// makes SQLite hold the whole text (its WebAssembly memory never shrinks):
// the text is put together here, in Go. Every reader and writer of a
// source's words goes through this file.

// maxPiece is the most bytes setSourceText puts in one piece.
const maxPiece = 1 << 20

// textLengthSQL is an SQL expression for the length in code points (the
// unit of offsets) of the text of the source whose id is idExpr, counted
// without putting the text together.
func textLengthSQL(idExpr string) string {
	return `ifnull((SELECT sum(length(piece)) FROM source_text WHERE source_id = ` + idExpr + `), 0)`
}

// sourceText returns the text of source id: "" for a source with no
// pieces (or none at all; callers check that the source exists).
func sourceText(ctx context.Context, q queryer, id int64) (string, error) {
	var size int64
	// octet_length of a column is read from the record header: the pieces
	// are not loaded to size the text.
	err := q.QueryRowContext(ctx, `SELECT ifnull(sum(octet_length(piece)), 0) FROM source_text WHERE source_id = ?`, id).Scan(&size)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(int(size))
	err = eachRow(ctx, q, `SELECT piece FROM source_text WHERE source_id = ? ORDER BY seq`, func(sc scanner) error {
		var piece string
		if err := sc.Scan(&piece); err != nil {
			return err
		}
		b.WriteString(piece)
		return nil
	}, id)
	return b.String(), err
}

// eachSourceText calls fn with the id and text of every source that has
// pieces, in id order, from one walk of source_text (a source without
// pieces has the text ""). Callers that read the sources' other columns
// read them first, in the same transaction.
func eachSourceText(ctx context.Context, q rowsQueryer, fn func(id int64, text string) error) error {
	sizes := map[int64]int64{}
	err := eachRow(ctx, q, `SELECT source_id, sum(octet_length(piece)) FROM source_text GROUP BY source_id`, func(sc scanner) error {
		var id, n int64
		if err := sc.Scan(&id, &n); err != nil {
			return err
		}
		sizes[id] = n
		return nil
	})
	if err != nil {
		return err
	}
	var b strings.Builder
	cur := int64(-1)
	flush := func() error {
		if cur < 0 {
			return nil
		}
		text := b.String()
		b = strings.Builder{}
		return fn(cur, text)
	}
	err = eachRow(ctx, q, `SELECT source_id, piece FROM source_text ORDER BY source_id, seq`, func(sc scanner) error {
		var id int64
		var piece string
		if err := sc.Scan(&id, &piece); err != nil {
			return err
		}
		if id != cur {
			if err := flush(); err != nil {
				return err
			}
			cur = id
			b.Grow(int(sizes[id]))
		}
		b.WriteString(piece)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// setSourceText replaces the text of source id: its pieces are deleted
// (under the transaction's secure_delete, when a withdrawal or a
// de-identification set it) and the text written again in pieces of at
// most maxPiece bytes, cut between runes. An empty text is one empty
// piece, as schema 10 made it.
func setSourceText(ctx context.Context, tx *sql.Tx, id int64, text string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM source_text WHERE source_id = ?`, id); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO source_text (source_id, seq, piece) VALUES (?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for seq, piece := range textPieces(text) {
		if _, err := stmt.ExecContext(ctx, id, seq, piece); err != nil {
			return err
		}
	}
	return nil
}

// textPieces cuts text into pieces of at most maxPiece bytes, each ending
// at a rune boundary (a piece is valid UTF-8 when the text is); "" is one
// empty piece.
func textPieces(text string) []string {
	if text == "" {
		return []string{""}
	}
	var out []string
	for len(text) > 0 {
		n := min(len(text), maxPiece)
		if n < len(text) {
			// back to the start of the rune that straddles the cut; bytes
			// that start no rune (invalid UTF-8) are cut where they lie
			for k := n; k > n-utf8.UTFMax && k > 0; k-- {
				if utf8.RuneStart(text[k]) {
					n = k
					break
				}
			}
		}
		out = append(out, text[:n])
		text = text[n:]
	}
	return out
}
