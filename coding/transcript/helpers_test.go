package transcript

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// want is one expected turn: its speaker, its text (the slice of
// Document.Text by the turn's rune offsets), and its start time.
type want struct {
	Speaker string
	Text    string
	At      time.Duration
}

// turnText returns the text of turn i by code-point offsets.
func turnText(doc *Document, i int) string {
	r := []rune(doc.Text)
	return string(r[doc.Turns[i].Start:doc.Turns[i].End])
}

// checkTurns compares a document's turns with wants, after checking the
// document's invariants.
func checkTurns(t *testing.T, doc *Document, wants []want) {
	t.Helper()
	if err := invariants(doc); err != "" {
		t.Fatalf("invariant broken: %s\ntext: %q", err, doc.Text)
	}
	if len(doc.Turns) != len(wants) {
		for i := range doc.Turns {
			t.Logf("turn %d: %q %q at %v", i, doc.Turns[i].Speaker, turnText(doc, i), doc.Turns[i].At)
		}
		t.Fatalf("got %d turns, want %d", len(doc.Turns), len(wants))
	}
	for i, w := range wants {
		got := want{doc.Turns[i].Speaker, turnText(doc, i), doc.Turns[i].At}
		if got != w {
			t.Errorf("turn %d = %+q, want %+q", i, got, w)
		}
	}
}

// invariants checks what every successful Read must give: turns inside
// the text, ordered and disjoint, separated by "\n\n" and trimmed; the text
// valid UTF-8 and NFC. It returns a description of the first breach, or "".
func invariants(doc *Document) string {
	if !utf8.ValidString(doc.Text) {
		return "text is not valid UTF-8"
	}
	if !norm.NFC.IsNormalString(doc.Text) {
		return "text is not NFC"
	}
	n := utf8.RuneCountInString(doc.Text)
	runes := []rune(doc.Text)
	prev := 0
	for i, tu := range doc.Turns {
		if tu.Start < 0 || tu.Start > tu.End || tu.End > n {
			return "turn out of range"
		}
		if tu.Start < prev {
			return "turns overlap or are out of order"
		}
		if tu.Start == tu.End {
			return "empty turn"
		}
		if i > 0 && string(runes[prev:tu.Start]) != "\n\n" {
			return "turns not separated by a blank line"
		}
		if i == 0 && tu.Start != 0 {
			return "text before the first turn"
		}
		s := string(runes[tu.Start:tu.End])
		if bytes.Contains([]byte(s), []byte("\n\n")) {
			return "turn holds a blank line"
		}
		if len(s) > 0 && (isBlank(s[:1]) || isBlank(s[len(s)-1:])) {
			return "turn not trimmed"
		}
		if tu.Line < 1 {
			return "turn without a line number"
		}
		prev = tu.End
	}
	if len(doc.Turns) > 0 && prev != n {
		return "text after the last turn"
	}
	if len(doc.Turns) == 0 && doc.Text != "" {
		return "text without turns"
	}
	return ""
}

// docxOf builds a .docx from paragraphs with WriteDOCX.
func docxOf(t testing.TB, paras ...Paragraph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, paras); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// para builds a paragraph from alternating text and bold flags:
// para("Name:", true, " text", false).
func para(parts ...any) Paragraph {
	var p Paragraph
	for i := 0; i+1 < len(parts); i += 2 {
		p.Runs = append(p.Runs, Run{Text: parts[i].(string), Bold: parts[i+1].(bool)})
	}
	return p
}

// zipOf builds a zip archive of the given files (name, content pairs),
// stored without compression (deflate is slow under fuzzing).
func zipOf(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: files[i], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawDOCX builds a .docx whose word/document.xml has the given body XML.
func rawDOCX(t testing.TB, body string) []byte {
	t.Helper()
	return zipOf(t,
		"[Content_Types].xml", docxContentTypes,
		"_rels/.rels", docxRels,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<w:document xmlns:w="`+nsW+`" xmlns:mc="`+nsMC+`"><w:body>`+body+`</w:body></w:document>`)
}
