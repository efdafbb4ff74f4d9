package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding"
)

// addInParts writes it through w in parts of every k turns, each with the
// text from the end of the turns before.
func addInParts(t *testing.T, w *SourceWriter, it NewSource, k int) (coding.Source, error) {
	t.Helper()
	if err := w.Begin(it.Source, it.Force); err != nil {
		return coding.Source{}, err
	}
	text := it.Source.Text
	byteAt := func(cp int) int { // byte offset of code point cp
		n := 0
		for i := range text {
			if n == cp {
				return i
			}
			n++
		}
		return len(text)
	}
	from, si := 0, 0
	for i := 0; i < len(it.Turns); i += k {
		turns := it.Turns[i:min(i+k, len(it.Turns))]
		end := byteAt(turns[len(turns)-1].End)
		if i+k >= len(it.Turns) {
			end = len(text)
		}
		var sents []coding.Sentence
		for si < len(it.Sentences) && it.Sentences[si].Turn < i+len(turns) {
			sents = append(sents, it.Sentences[si])
			si++
		}
		if err := w.Add(text[from:end], turns, sents); err != nil {
			return coding.Source{}, err
		}
		from = end
	}
	return w.End(it.Source, coding.WordCount(text))
}

// A source written in parts is stored as the same source written whole.
func TestSourceWriterInParts(t *testing.T) {
	text := strings.Repeat("P1: Où est le café? Il est là.\nFacilitator: Merci.\nP2: Ça va.\n", 40)
	whole, _ := create(t, Options{})
	parts, _ := create(t, Options{})
	a := newSource(t, "fg", "G1", text)
	want, err := whole.ImportSources(t.Context(), []NewSource{a})
	if err != nil {
		t.Fatal(err)
	}
	var got coding.Source
	if _, err := parts.ImportStream(t.Context(), func(w *SourceWriter) error {
		got, err = addInParts(t, w, a, 7)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got.SHA256 != want[0].SHA256 || got.SHA256 != TextHash(a.Source.Text) {
		t.Errorf("hash %s in parts, %s whole", got.SHA256, want[0].SHA256)
	}
	for _, s := range []*Store{whole, parts} {
		src, err := s.Source("fg")
		if err != nil || src.Text != a.Source.Text {
			t.Fatalf("stored text differs (%v)", err)
		}
	}
	for name, read := range map[string]func(*Store, int64) (any, error){
		"turns":     func(s *Store, id int64) (any, error) { return s.Turns(id) },
		"sentences": func(s *Store, id int64) (any, error) { return s.Sentences(id) },
	} {
		x, err1 := read(whole, want[0].ID)
		y, err2 := read(parts, got.ID)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(x, y) {
			t.Errorf("%s differ: %v %v", name, err1, err2)
		}
	}
	ws, _ := whole.Sources()
	ps, _ := parts.Sources()
	if len(ws) != 1 || len(ps) != 1 || ws[0].Words != ps[0].Words || ws[0].Turns != ps[0].Turns || ps[0].Participants != 2 {
		t.Errorf("summaries whole %+v, in parts %+v", ws, ps)
	}
}

// Whatever goes wrong in a streamed import, nothing of it is kept.
func TestImportStreamRefusals(t *testing.T) {
	a := func(t *testing.T) NewSource { return newSource(t, "fg", "G1", "P1: One.\nP2: Two.\n") }
	boom := errors.New("the disk is full")
	tests := []struct {
		name string
		fn   func(t *testing.T, w *SourceWriter) error
		want string
	}{
		{"same text twice", func(t *testing.T, w *SourceWriter) error {
			if _, err := addInParts(t, w, a(t), 1); err != nil {
				return err
			}
			b := a(t)
			b.Source.Name = "fg-again"
			_, err := addInParts(t, w, b, 1)
			return err
		}, "same text is already in the project"},
		{"same name twice", func(t *testing.T, w *SourceWriter) error {
			if _, err := addInParts(t, w, a(t), 1); err != nil {
				return err
			}
			b := newSource(t, "fg", "G1", "P1: Other words.\n")
			_, err := addInParts(t, w, b, 1)
			return err
		}, "already in the project"},
		{"left unended", func(t *testing.T, w *SourceWriter) error {
			it := a(t)
			if err := w.Begin(it.Source, false); err != nil {
				return err
			}
			return w.Add(it.Source.Text, it.Turns, it.Sentences)
		}, "not ended"},
		{"the caller fails", func(t *testing.T, w *SourceWriter) error {
			if _, err := addInParts(t, w, a(t), 1); err != nil {
				return err
			}
			return boom
		}, boom.Error()},
		{"add before begin", func(t *testing.T, w *SourceWriter) error {
			return w.Add("x", nil, nil)
		}, "no source begun"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := create(t, Options{})
			_, err := s.ImportStream(t.Context(), func(w *SourceWriter) error { return tc.fn(t, w) })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			var n int
			if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM source_text) + (SELECT count(*) FROM turns) + (SELECT count(*) FROM participants)`).Scan(&n); err != nil || n != 0 {
				t.Errorf("a refused import left %d rows (%v)", n, err)
			}
		})
	}
	// A cancelled context stops the writer at its next part.
	s, _ := create(t, Options{})
	ctx, cancel := context.WithCancel(t.Context())
	_, err := s.ImportStream(ctx, func(w *SourceWriter) error {
		cancel()
		_, err := addInParts(t, w, a(t), 1)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// A long text is stored in pieces of at most maxPiece bytes, each valid
// UTF-8, and read back whole; an empty one is one empty piece.
func TestSourceWriterPieces(t *testing.T) {
	s, _ := create(t, Options{})
	long := strings.Repeat("é", maxPiece/2+3) + "\n\nx" // a rune straddles the first cut
	var ids []int64
	if _, err := s.ImportStream(t.Context(), func(w *SourceWriter) error {
		for _, it := range []struct{ name, text string }{{"long", long}, {"empty", ""}} {
			if err := w.Begin(coding.Source{Name: it.name}, false); err != nil {
				return err
			}
			if err := w.Add(it.text, nil, nil); err != nil {
				return err
			}
			src, err := w.End(coding.Source{Format: "txt"}, 0)
			if err != nil {
				return err
			}
			ids = append(ids, src.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{long, ""} {
		var pieces []string
		rows, err := s.db.Query(`SELECT piece FROM source_text WHERE source_id = ? ORDER BY seq`, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var p string
			rows.Scan(&p)
			if len(p) > maxPiece || !utf8.ValidString(p) {
				t.Errorf("piece of %d bytes, valid UTF-8 %v", len(p), utf8.ValidString(p))
			}
			pieces = append(pieces, p)
		}
		rows.Close()
		if strings.Join(pieces, "") != want || (want == "" && len(pieces) != 1) || (want != "" && len(pieces) < 2) {
			t.Errorf("source %d: %d pieces making %d bytes, want %d", i, len(pieces), len(strings.Join(pieces, "")), len(want))
		}
	}
}
