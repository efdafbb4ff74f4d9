package transcript

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// fuzzRead reads data as file name and checks the invariants of a
// successful read.
func fuzzRead(t *testing.T, name string, data []byte) {
	doc, err := Read(name, data)
	sameFromFile(t, doc, err, name, data)
	if err != nil {
		if _, ok := err.(*ParseError); !ok {
			t.Fatalf("error %v is not a *ParseError", err)
		}
		return
	}
	if msg := invariants(doc); msg != "" {
		t.Fatalf("%s\ntext: %q", msg, doc.Text)
	}
	sameAsTurns(t, doc, name, data)
}

// sameFromFile checks that ReadFileTurns on data written to a file gives
// what Read gives (doc and err), read line by line from the file or not.
func sameFromFile(t *testing.T, doc *Document, err error, name string, data []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var h handed
	got, gerr := ReadFileTurns(path, h.take)
	if (err == nil) != (gerr == nil) {
		t.Fatalf("ReadFileTurns error %v, Read error %v", gerr, err)
	}
	if err != nil {
		var pe *ParseError
		if !errors.As(gerr, &pe) {
			t.Fatalf("ReadFileTurns error %v is not a *ParseError", gerr)
		}
		for _, sentinel := range []error{ErrBinary, ErrEmpty, ErrTooLarge} {
			if errors.Is(err, sentinel) != errors.Is(gerr, sentinel) {
				t.Fatalf("ReadFileTurns error %v, Read error %v", gerr, err)
			}
		}
		return
	}
	h.same(t, "ReadFileTurns", got, doc)
}

// sameAsTurns checks that ReadTurns hands over doc's turns with its text.
func sameAsTurns(t *testing.T, doc *Document, name string, data []byte) {
	t.Helper()
	var h handed
	got, err := ReadTurns(name, data, h.take)
	if err != nil {
		t.Fatalf("ReadTurns: %v, Read: no error", err)
	}
	h.same(t, "ReadTurns", got, doc)
}

// handed collects the turns a reader hands over.
type handed struct {
	turns []Turn
	texts []string
}

func (h *handed) take(t Turn, text string) error {
	h.turns = append(h.turns, t)
	h.texts = append(h.texts, text)
	return nil
}

// same checks what was handed over, with the Document the reader returned
// (got), against Read's doc: the texts joined with a blank line are
// doc.Text, the turns are doc's, the rest of the Document is the same.
func (h *handed) same(t *testing.T, reader string, got, doc *Document) {
	t.Helper()
	if got.Text != "" || got.Turns != nil {
		t.Fatalf("%s kept the text or turns", reader)
	}
	if text := strings.Join(h.texts, "\n\n"); text != doc.Text {
		t.Fatalf("%s text %q, Read %q", reader, text, doc.Text)
	}
	if !reflect.DeepEqual(h.turns, doc.Turns) && (len(h.turns) > 0 || len(doc.Turns) > 0) {
		t.Fatalf("%s turns %+v, Read %+v", reader, h.turns, doc.Turns)
	}
	g := *got
	g.Text, g.Turns = doc.Text, doc.Turns
	if !reflect.DeepEqual(&g, doc) {
		t.Fatalf("%s document %+v, Read %+v", reader, g, doc)
	}
}

// addCorpus adds the start of a file of the repository's synthetic corpus
// as a seed (whole files make the fuzzer's minimisation slow).
func addCorpus(f *testing.F, path string) {
	if data, err := os.ReadFile(path); err == nil {
		f.Add(data[:min(len(data), 3000)])
	}
}

func FuzzReadText(f *testing.F) {
	for _, s := range []string{
		"Moderator: Hello.\nP1: Hi.\n",
		"Title\n\n**Amal:** yes\n__Bob__: no\n[00:01:02] Speaker 1: ok\n(1:02) P2 : oui\n00:00:03 Dr. Amal: x",
		"Note: the room\nSo my question is: why?\nhttps://x.org: link\n10:30 time",
		"para one\n\npara two\r\nline\rthree",
		"E\u0301lise\u00a0: cafe\u0301\nP1:\u0301x",
		"\xEF\xBB\xBFP1: bom",
		"\xFF\xFEP\x001\x00:\x00 \x00h\x00i\x00",
		"P1: caf\xe9",
		"Name (00:01:02): text\nName [1:02]: more\n**Name (0:01):** x",
		"Speaker 1  0:00\nHello.\n\nMaria Gonzalez  1:02:03\nHi.\nP2 (woman, 40s): x\nP3 - y\n**P4** – z\nModerator (Jane) [0:01]: w\nI - I went",
	} {
		f.Add([]byte(s))
	}
	addCorpus(f, "../../internal/demo/corpus/toronto-fg.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.txt", data)
		fuzzRead(t, "fuzz.md", data)
	})
}

func FuzzReadVTT(f *testing.F) {
	for _, s := range []string{
		"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Speaker 1>Hello</v>\n\n2\n00:00:02.000 --> 00:00:03.000\n<v Speaker 1>again</v>\n",
		"WEBVTT - t\nKind: captions\n\nNOTE x\n\nSTYLE\n::cue{}\n\n00:01.000 --> 00:02.000 align:start\nJane Doe: hi &amp; <i>bye</i>\n",
		"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.loud A>one\n\ntwo\n00:00:02.000 --> 00:00:03.000\n<c>x</c><00:00:02.500>y\n",
		"WEBVTT\n\n00:01:xx --> 00:00:02.000\nbad",
		"WEBVTT\n\n<v >\n00:00:01.000 --> 00:00:02.000\n<v\t>- Amal: a\n[Bob] b\n",
	} {
		f.Add([]byte(s))
	}
	addCorpus(f, "../../internal/demo/corpus/ottawa-fg.vtt")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.vtt", data)
	})
}

func FuzzReadSRT(f *testing.F) {
	for _, s := range []string{
		"1\n00:00:01,000 --> 00:00:04,000\nModerator: Welcome\n\n2\n00:00:04,500 --> 00:00:06,000\nModerator: more\n",
		"1\r\n00:00:01,000 --> 00:00:02,000\r\n[Amal] hi\r\n- Bob: yo\r\n{\\an8}<i>x</i>\r\n2\r\n00:00:02.000 --> 00:00:03.000\r\n[MUSIC]\r\n",
		"1\n00:00:0x,000 --> 00:00:02,000\nbad",
		"3\n\n00:00:01,000 --> 00:00:00,500\nback",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.srt", data)
	})
}

func FuzzReadDOCX(f *testing.F) {
	f.Add(docxOf(f,
		para("Moderator:", true, " Welcome.", false),
		para("P1", true, ": Thanks\tall\nof you.", false),
		para("Continuation.", false),
		Paragraph{},
		para("[00:01:02] Amal: hi", false),
	))
	f.Add(docxOf(f, para("no labels at all", false), para("second", true)))
	f.Add(rawDOCX(f, `<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>P1:</w:t></w:r><w:del><w:r><w:delText>x</w:delText></w:r></w:del></w:p>`+
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>00:00:05</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Amal</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`+
		`<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>in box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:t>x</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`))
	f.Add(zipOf(f, "word/document.xml", "<w:document><w:body><w:p>"))
	f.Add([]byte("PK\x03\x04 not really"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "fuzz.docx", data)
	})
}

// FuzzReadDOCXXML fuzzes word/document.xml inside a good zip: random bytes
// rarely make a zip, so FuzzReadDOCX seldom reaches the XML reader.
func FuzzReadDOCXXML(f *testing.F) {
	f.Add(`<w:document><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>P1:</w:t></w:r><w:r><w:t>hi</w:t><w:tab/><w:br/></w:r></w:p></w:body></w:document>`)
	f.Add(`<?xml version="1.0"?><w:document xmlns:w="` + nsW + `" xmlns:mc="` + nsMC + `"><w:body>` +
		`<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>P1:</w:t></w:r><w:del><w:r><w:delText>x</w:delText></w:r></w:del></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>00:00:05</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Amal</w:t></w:r></w:p></w:tc>` +
		`<w:tc><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>` +
		`<w:p><w:r><w:t>in box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:t>x</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`</w:body></w:document>`)
	f.Fuzz(func(t *testing.T, xml string) {
		fuzzRead(t, "fuzz.docx", zipOf(t, "word/document.xml", xml))
	})
}

// maxFuzzPDF caps the PDFs FuzzReadPDF reads: PDFium's cost grows with the
// file, and small files reach the same parsers.
const maxFuzzPDF = 64 << 10

// FuzzReadPDF fuzzes the PDF path through the real engine, which each fuzz
// process starts once. A read costs milliseconds, so minimising a new input
// takes the fuzzer long: run it with -fuzzminimizetime 3s.
func FuzzReadPDF(f *testing.F) {
	// Seeds: PDFs of the shapes the reader handles, made as in pdf_test.go,
	// uncompressed so that mutations reach the text.
	add := func(build func(pdf *fpdf.Fpdf)) {
		pdf := pdfDoc()
		pdf.SetCompression(false)
		build(pdf)
		f.Add(pdfBytes(f, pdf))
	}
	add(func(pdf *fpdf.Fpdf) {
		pdf.AddPage()
		speech(pdf, "Moderator: Welcome.", "P1: The inter-", "view went well.")
	})
	add(func(pdf *fpdf.Fpdf) {
		pdf.SetFooterFunc(func() {
			pdf.SetY(-15)
			pdf.SetFont("Helvetica", "", 9)
			pdf.CellFormat(0, 6, "Page 1 of 2", "", 0, "C", false, 0, "")
		})
		pdf.AddPage()
		pdf.SetFont("Courier", "", 10)
		for i, r := range []string{"Dan: Okay.", "", "P1: Yes."} {
			pdf.CellFormat(0, 5, fmt.Sprintf("%d    %s", i+1, r), "", 1, "L", false, 0, "")
		}
	})
	add(func(pdf *fpdf.Fpdf) {
		pdf.SetProtection(fpdf.CnProtectPrint, "pw", "owner")
		pdf.AddPage()
		speech(pdf, "P1: locked")
	})
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj trailer<</Root 1 0 R>>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzPDF {
			t.Skip("larger than the fuzz cap")
		}
		fuzzRead(t, "fuzz.pdf", data)
	})
}

// TestReadTurnsMatchesRead compares ReadFileTurns with ReadFile on the
// synthetic corpus and the test files, every format.
func TestReadTurnsMatchesRead(t *testing.T) {
	paths, _ := filepath.Glob("../../internal/demo/corpus/*")
	more, _ := filepath.Glob("testdata/*.*")
	paths = append(paths, more...)
	n := 0
	for _, p := range paths {
		if _, err := FormatOf(p); err != nil {
			continue
		}
		doc, err := ReadFile(p)
		if err != nil {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) { sameAsTurns(t, doc, p, data) })
		n++
	}
	if n < 4 {
		t.Fatalf("only %d files compared", n)
	}
}

// TestReadTurnsStopsOnError: an error from the caller's function ends the
// reading and comes back as it is.
func TestReadTurnsStopsOnError(t *testing.T) {
	stop := errors.New("disk full")
	for _, tc := range []struct{ name, text string }{
		{"a.txt", "P1: one\nP2: two\nP1: three\n"},
		{"b.txt", "para one\n\npara two\n\npara three\n"},
		{"c.srt", "1\n00:00:01,000 --> 00:00:02,000\nModerator: a\n\n2\n00:00:03,000 --> 00:00:04,000\nP1: b\n"},
	} {
		calls := 0
		_, err := ReadTurns(tc.name, []byte(tc.text), func(Turn, string) error {
			calls++
			return stop
		})
		if err != stop || calls != 1 {
			t.Errorf("%s: err %v after %d calls, want %v after 1", tc.name, err, calls, stop)
		}
	}
}
