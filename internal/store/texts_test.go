package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
	"github.com/ncruces/go-sqlite3/driver"
)

// textsBefore10 turns a project back into schema 9's text storage: the
// text in sources.text, no source_text table.
var textsBefore10 = []string{
	`ALTER TABLE sources ADD COLUMN text TEXT NOT NULL DEFAULT ''`,
	`UPDATE sources SET text = ifnull((SELECT group_concat(piece, '' ORDER BY seq) FROM source_text WHERE source_id = sources.id), '')`,
	`DROP TABLE source_text`,
}

// schema9Texts are texts as a schema 9 project may hold them: empty, one
// character, multi-byte characters of every width, and a paragraph.
var schema9Texts = []struct{ name, text string }{
	{"empty", ""},
	{"one", "x"},
	{"runes", "Zoë: «Ça va?» — 東京で会った。 🙂👍🏽\nP2: مرحبا\n"},
	{"plain", sample},
}

// TestTextsUpgrade writes a project as schema 9 did (the text in
// sources.text) and checks that schema 10 moves every text into
// source_text, as text, and that every reader returns it unchanged.
func TestTextsUpgrade(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nine.fwp")
	db, err := driver.Open("file:" + filepath.ToSlash(p))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migrations[:9] {
		if _, err := db.Exec(m); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
	stmts := []string{fmt.Sprintf("PRAGMA application_id=%d; PRAGMA user_version=9", applicationID),
		`INSERT INTO codes (name) VALUES ('fear')`}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, x := range schema9Texts {
		res, err := db.Exec(`INSERT INTO sources (name, sha256, text, imported_at) VALUES (?, ?, ?, '2026-01-02T03:04:05Z')`,
			x.name, TextHash(x.text), x.text)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		if n := utf8.RuneCountInString(x.text); n > 1 { // a coding of the last two code points
			if _, err := db.Exec(`INSERT INTO codings (source_id, code_id, start, end, coder, created_at) VALUES (?, 1, ?, ?, 'lea', 'now')`,
				id, n-2, n); err != nil {
				t.Fatal(err)
			}
		}
	}
	db.Close()

	s, err := Open(p, Options{})
	if err != nil {
		t.Fatalf("open schema 9: %v", err)
	}
	defer s.Close()
	var v, oldColumn int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	s.db.QueryRow("SELECT count(*) FROM pragma_table_info('sources') WHERE name = 'text'").Scan(&oldColumn)
	if v != 10 || SchemaVersion() != 10 || oldColumn != 0 {
		t.Fatalf("after the upgrade: version %d, schema %d, sources.text columns %d", v, SchemaVersion(), oldColumn)
	}
	var pieces, texts int
	s.db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE typeof(piece) = 'text' AND seq = 0) FROM source_text`).Scan(&pieces, &texts)
	if pieces != len(schema9Texts) || texts != pieces {
		t.Errorf("source_text: %d pieces, %d of them text at seq 0; want %d", pieces, texts, len(schema9Texts))
	}

	ctx := context.Background()
	d, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := s.SourceTexts()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sources) != len(schema9Texts) || len(docs) != len(schema9Texts) {
		t.Fatalf("dataset %d sources, SourceTexts %d, want %d", len(d.Sources), len(docs), len(schema9Texts))
	}
	refi, _, err := s.ExportREFI(REFIExportOptions{Origin: "test"})
	if err != nil {
		t.Fatal(err)
	}
	scanned, _, err := s.sourceEntities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(refi.TextSources) != len(schema9Texts) || len(scanned) != len(schema9Texts) {
		t.Fatalf("REFI export %d sources, entity scan %d, want %d", len(refi.TextSources), len(scanned), len(schema9Texts))
	}
	var lengths map[string]codingSource
	if err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		lengths, err = codingSources(ctx, tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i, x := range schema9Texts {
		src, err := s.Source(x.name)
		if err != nil {
			t.Fatal(err)
		}
		if src.Text != x.text {
			t.Errorf("Source(%q).Text = %q, want %q", x.name, src.Text, x.text)
		}
		if d.Sources[i].Name != x.name || d.Sources[i].Text != x.text {
			t.Errorf("dataset source %d = %q %q, want %q %q", i, d.Sources[i].Name, d.Sources[i].Text, x.name, x.text)
		}
		if docs[i].Name != x.name || docs[i].Text != x.text {
			t.Errorf("SourceTexts %d = %q %q, want %q %q", i, docs[i].Name, docs[i].Text, x.name, x.text)
		}
		if refi.TextSources[i].Name != x.name || refi.TextSources[i].Text != x.text {
			t.Errorf("REFI source %d = %q %q, want %q %q", i, refi.TextSources[i].Name, refi.TextSources[i].Text, x.name, x.text)
		}
		if scanned[i] != x.text {
			t.Errorf("entity scan text %d = %q, want %q", i, scanned[i], x.text)
		}
		if got, want := lengths[x.name].length, utf8.RuneCountInString(x.text); got != want {
			t.Errorf("length of %q = %d, want %d", x.name, got, want)
		}
		n := utf8.RuneCountInString(x.text)
		if n < 2 {
			continue
		}
		list, err := s.Codings(CodingFilter{Source: x.name})
		if err != nil {
			t.Fatal(err)
		}
		if want := string([]rune(x.text)[n-2:]); len(list) != 1 || list[0].Text != want {
			t.Errorf("codings of %q = %+v, want one with the text %q", x.name, list, want)
		}
	}

	// de-identification reads every text and writes it back, here in
	// upper case (same length, so the offsets hold)
	var seen []string
	_, err = s.Deidentify(ctx, Deidentification{
		Text: func(text string) redact.Result {
			seen = append(seen, text)
			return redact.Result{Text: strings.ToUpper(text), Map: redact.OffsetMap{}}
		},
		Other: func(x string) string { return x },
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range schema9Texts {
		if i >= len(seen) || seen[i] != x.text {
			t.Errorf("Deidentify read text %d as %q, want %q", i, seen, x.text)
			continue
		}
		src, err := s.Source(x.name)
		if err != nil {
			t.Fatal(err)
		}
		if src.Text != strings.ToUpper(x.text) {
			t.Errorf("after de-identification %q = %q", x.name, src.Text)
		}
	}
}

// TestSourceTextPieces: a text written by setSourceText reads back the
// same from sourceText and eachSourceText, whatever straddles the 1 MiB
// cut, in valid UTF-8 pieces of at most maxPiece bytes numbered from 0,
// whose lengths sum to the text's code points; a new text replaces every
// piece of the old one.
func TestSourceTextPieces(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name, text string
		pieces     int
	}{
		{"empty", "", 1},
		{"short", "héllo", 1},
		{"exactly one piece", a(maxPiece), 1},
		{"one byte over", a(maxPiece + 1), 2},
		{"2-byte rune across the cut", a(maxPiece-1) + "é" + a(10), 2},
		{"3-byte rune across the cut", a(maxPiece-1) + "€" + a(10), 2},
		{"3-byte rune a byte later", a(maxPiece-2) + "€" + a(10), 2},
		{"4-byte rune across the cut", a(maxPiece-1) + "🙂" + a(10), 2},
		{"4-byte rune two bytes later", a(maxPiece-2) + "🙂", 2},
		{"4-byte rune three bytes later", a(maxPiece-3) + "🙂", 2},
		{"4-byte rune ending at the cut", a(maxPiece-4) + "🙂" + "z", 2},
		{"multi-byte throughout", strings.Repeat("東京🙂é", maxPiece/3), 4},
	}
	s, _ := create(t, Options{})
	ctx := context.Background()
	res, err := s.db.Exec(`INSERT INTO sources (name, sha256, imported_at) VALUES ('s', '', 'now')`)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			// an old text of more pieces than any case, all replaced
			if err := setSourceText(ctx, tx, id, strings.Repeat("old ", maxPiece+2)); err != nil {
				t.Fatal(err)
			}
			if err := setSourceText(ctx, tx, id, c.text); err != nil {
				t.Fatal(err)
			}
			got, err := sourceText(ctx, tx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.text {
				t.Fatalf("sourceText: %d bytes, want the %d written", len(got), len(c.text))
			}
			var walked []string
			if err := eachSourceText(ctx, tx, func(sid int64, text string) error {
				if sid != id {
					t.Errorf("eachSourceText: source %d", sid)
				}
				walked = append(walked, text)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(walked) != 1 || walked[0] != c.text {
				t.Fatalf("eachSourceText: %d texts, not the one written", len(walked))
			}
			seq := 0
			err = eachRow(ctx, tx, `SELECT seq, piece, typeof(piece) FROM source_text WHERE source_id = ? ORDER BY seq`, func(sc scanner) error {
				var n int
				var piece, typ string
				if err := sc.Scan(&n, &piece, &typ); err != nil {
					return err
				}
				if n != seq || typ != "text" || len(piece) > maxPiece || !utf8.ValidString(piece) {
					t.Errorf("piece %d: seq %d, %s, %d bytes, valid UTF-8 %v", seq, n, typ, len(piece), utf8.ValidString(piece))
				}
				seq++
				return nil
			}, id)
			if err != nil {
				t.Fatal(err)
			}
			if seq != c.pieces {
				t.Errorf("%d pieces, want %d", seq, c.pieces)
			}
			var length int
			if err := tx.QueryRowContext(ctx, `SELECT `+textLengthSQL("?"), id).Scan(&length); err != nil {
				t.Fatal(err)
			}
			if want := utf8.RuneCountInString(c.text); length != want {
				t.Errorf("textLengthSQL = %d, want %d", length, want)
			}
		})
	}
}

// TestSourceTextMissing: a source without pieces reads as "" and has
// length 0, and eachSourceText does not name it.
func TestSourceTextMissing(t *testing.T) {
	s, _ := create(t, Options{})
	ctx := context.Background()
	if _, err := s.db.Exec(`INSERT INTO sources (id, name, sha256, imported_at) VALUES (7, 's', '', 'now')`); err != nil {
		t.Fatal(err)
	}
	text, err := sourceText(ctx, s.db, 7)
	var length int
	s.db.QueryRow(`SELECT ` + textLengthSQL("7")).Scan(&length)
	called := false
	eachSourceText(ctx, s.db, func(int64, string) error { called = true; return nil })
	if err != nil || text != "" || length != 0 || called {
		t.Errorf("no pieces: text %q, %v; length %d; eachSourceText called %v", text, err, length, called)
	}
}

// TestWithdrawAfterTextsUpgrade: the upgrade to schema 10 frees the pages
// that held sources.text; a later withdrawal must not find its
// participant's words still there, in the free pages.
func TestWithdrawAfterTextsUpgrade(t *testing.T) {
	s, p := create(t, Options{})
	withdrawn := "Someone called my mother back home and asked where I live."
	long := sample + strings.Repeat("P1: The permit office lost my file again, so I waited another month.\n", 200)
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", long)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster([]coding.RosterRow{
		{Line: 2, ID: "OTT-01", Group: "OTT-1", Label: "P1"},
		{Line: 3, ID: "OTT-02", Group: "OTT-1", Label: "P2"},
	}); err != nil {
		t.Fatal(err)
	}
	// back to schema 9, leaving the words only where schema 9 kept them
	stmts := append([]string{`PRAGMA secure_delete=ON`}, textsBefore10...)
	stmts = append(stmts, `PRAGMA user_version=9`, `PRAGMA wal_checkpoint(TRUNCATE)`)
	for _, q := range stmts {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !fileHolds(t, p, []byte(withdrawn)) {
		t.Fatal("the sentence is not in the file before the withdrawal: the test cannot see it")
	}
	if w, err := s.Withdraw("OTT-02", ""); err != nil || w.Turns != 1 {
		t.Fatalf("withdrawal = %+v, %v", w, err)
	}
	for _, part := range []string{withdrawn, "asked where I live", "mother back home"} {
		if fileHolds(t, p, []byte(part)) {
			t.Errorf("the file or its WAL still holds %q after the withdrawal", part)
		}
	}
}
