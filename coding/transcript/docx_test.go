package transcript

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func TestReadDOCX(t *testing.T) {
	tests := []struct {
		name  string
		paras []Paragraph
		want  []want
		lines []int
	}{
		{"bold labels", []Paragraph{
			para("Moderator:", true, " Welcome, everyone.", false),
			para("P1", true, ": Thank you.", false),
			para("Amal ", true, "  : Hi.", false),
		}, []want{{"Moderator", "Welcome, everyone.", 0}, {"P1", "Thank you.", 0}, {"Amal", "Hi.", 0}}, []int{1, 2, 3}},
		{"plain labels, continuation, empty paragraphs", []Paragraph{
			para("Focus group, Toronto", false),
			{},
			para("Moderator: Welcome.", false),
			para("Second paragraph.", false),
			para("   ", false),
			para("[00:01:05] ", false, "P2: Yes.", false),
		}, []want{{"", "Focus group, Toronto", 0}, {"Moderator", "Welcome.\nSecond paragraph.", 0}, {"P2", "Yes.", 65 * time.Second}}, []int{1, 3, 6}},
		{"bold lower-case label with a descriptor", []Paragraph{
			para("moderator (jane):", true, " hi", false),
			para("jane doe:", true, " hi", false),
		}, []want{{"moderator", "hi", 0}, {"jane doe", "hi", 0}}, nil}, // a descriptor in parentheses is not part of the label
		{"bold note is not a label", []Paragraph{
			para("P1: It was cold.", false),
			para("Note:", true, " the heating was off.", false),
		}, []want{{"P1", "It was cold.\nNote: the heating was off.", 0}}, nil},
		{"sentence in bold is not a label", []Paragraph{
			para("P1:", true, " a", false),
			para("It was very", true, " cold: really.", false),
		}, []want{{"P1", "a\nIt was very cold: really.", 0}}, nil},
		{"tabs and breaks", []Paragraph{
			para("P1:", true, "\tone\ttwo\nthree", false),
		}, []want{{"P1", "one\ttwo three", 0}}, nil},
		{"no labels: a turn per paragraph", []Paragraph{
			para("One.", false), para("Two ", false, "halves.", true), {}, para("Three.", false),
		}, []want{{"", "One.", 0}, {"", "Two halves.", 0}, {"", "Three.", 0}}, []int{1, 2, 4}},
		{"NFD and entities", []Paragraph{
			para("E\u0301lise:", true, " <caf\u00e9> & cre\u0300me", false),
		}, []want{{"Élise", "<café> & crème", 0}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("fg.docx", docxOf(t, tc.paras...))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != FormatDOCX || doc.Encoding != "utf-8" {
				t.Errorf("format %q encoding %q", doc.Format, doc.Encoding)
			}
			checkTurns(t, doc, tc.want)
			for i, l := range tc.lines {
				if doc.Turns[i].Line != l {
					t.Errorf("turn %d on paragraph %d, want %d", i, doc.Turns[i].Line, l)
				}
			}
		})
	}
}

func TestReadDOCXMarkup(t *testing.T) {
	const b = `<w:rPr><w:b/></w:rPr>`
	tests := []struct {
		name, body string
		want       []want
	}{
		{"deleted text ignored", `<w:p><w:r>` + b + `<w:t>P1:</w:t></w:r><w:r><w:t xml:space="preserve"> I </w:t></w:r>` +
			`<w:del w:id="1" w:author="x"><w:r><w:delText>never </w:delText></w:r></w:del>` +
			`<w:ins w:id="2" w:author="x"><w:r><w:t>really </w:t></w:r></w:ins><w:r><w:t>agree.</w:t></w:r></w:p>`,
			[]want{{"P1", "I really agree.", 0}}},
		{"bold off values", `<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>not bold:</w:t></w:r><w:r><w:t xml:space="preserve"> text</w:t></w:r></w:p>` +
			`<w:p><w:r><w:rPr><w:b w:val="false"/></w:rPr><w:t>also not:</w:t></w:r><w:r><w:t xml:space="preserve"> x</w:t></w:r></w:p>` +
			`<w:p><w:r><w:rPr><w:b w:val="true"/></w:rPr><w:t>bold one:</w:t></w:r><w:r><w:t xml:space="preserve"> y</w:t></w:r></w:p>` +
			`<w:p><w:r><w:rPr><w:b w:val="1"/></w:rPr><w:t>bold two:</w:t></w:r><w:r><w:t xml:space="preserve"> z</w:t></w:r></w:p>`,
			[]want{{"", "not bold: text\nalso not: x", 0}, {"bold one", "y", 0}, {"bold two", "z", 0}}},
		{"paragraph-mark bold and old formatting do not count", `<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr>` +
			`<w:r><w:rPr><w:rPrChange w:id="1" w:author="x"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>P1:</w:t></w:r><w:r><w:t xml:space="preserve"> hi</w:t></w:r></w:p>` +
			`<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve">lower case: </w:t></w:r><w:r><w:t>text</w:t></w:r></w:p>`,
			[]want{{"P1", "hi\nlower case: text", 0}}},
		{"text box fallback not doubled", `<w:p><w:r><w:t xml:space="preserve">P1: before </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>` +
			`<w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
			`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>` +
			`<w:r><w:t xml:space="preserve"> after</w:t></w:r></w:p>`,
			[]want{{"P1", "before boxed after", 0}}},
		{"field codes ignored, results kept", `<w:p><w:r><w:t xml:space="preserve">P1: see </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
			`<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://x.org" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
			`<w:r><w:t>the site</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:hyperlink><w:r><w:t>.</w:t></w:r></w:hyperlink></w:p>`,
			[]want{{"P1", "see the site.", 0}}},
		{"table rows with speaker cells", `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>` +
			`<w:tr><w:tc><w:p><w:r><w:t>Speaker</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Text</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>Moderator</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Welcome.</w:t></w:r></w:p><w:p><w:r><w:t>Let us start.</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>P1:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Thanks.</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>And more.</w:t></w:r></w:p></w:tc></w:tr>` +
			`</w:tbl>`,
			[]want{{"Moderator", "Welcome.\nLet us start.", 0}, {"P1", "Thanks.\nAnd more.", 0}}},
		{"table rows with time cells", `<w:tbl>` +
			`<w:tr><w:tc><w:p><w:r><w:t>00:00:05</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Amal</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hello.</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>00:00:09</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Bob</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hi.</w:t></w:r></w:p></w:tc></w:tr>` +
			`</w:tbl>`,
			[]want{{"Amal", "Hello.", 5 * time.Second}, {"Bob", "Hi.", 9 * time.Second}}},
		{"table rows with a descriptor", `<w:tbl>` +
			`<w:tr><w:tc><w:p><w:r><w:t>Moderator (Jane)</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Welcome.</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>P2 (woman, 40s):</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>From the radio.</w:t></w:r></w:p></w:tc></w:tr>` +
			`</w:tbl>`,
			[]want{{"Moderator", "Welcome.", 0}, {"P2", "From the radio.", 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("fg.docx", rawDOCX(t, tc.body))
			if err != nil {
				t.Fatal(err)
			}
			checkTurns(t, doc, tc.want)
		})
	}
}

func TestDOCXErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		is   error
		msg  string // prefix of the message
	}{
		{"empty file", nil, ErrEmpty, `transcript "x.docx": empty file`},
		{"random bytes", []byte("\x8f\x12\xe4 definitely not a zip \x00\x01\x02"), ErrCorruptDOCX, `transcript "x.docx": corrupt DOCX: zip: not a valid zip file`},
		{"text file renamed", []byte("P1: hello"), ErrCorruptDOCX, `transcript "x.docx": corrupt DOCX: zip:`},
		{"zip without document.xml", zipOf(t, "[Content_Types].xml", docxContentTypes, "word/other.xml", "<x/>"), ErrCorruptDOCX,
			`transcript "x.docx": corrupt DOCX: no word/document.xml, not a Word document`},
		{"bad XML", zipOf(t, "word/document.xml", "<w:document><w:body><w:p></w:body>"), ErrCorruptDOCX,
			`transcript "x.docx": corrupt DOCX: XML syntax error on line 1`},
		{"truncated XML", zipOf(t, "word/document.xml", "<w:document><w:body><w:p><w:r><w:t>P1: hi"), ErrCorruptDOCX,
			`transcript "x.docx": corrupt DOCX: XML syntax error on line 1: unexpected EOF`},
		{"no text", rawDOCX(t, "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"), ErrEmpty, `transcript "x.docx": empty file`},
		{"truncated zip", docxOf(t, para("P1: hi", false))[:100], ErrCorruptDOCX, `transcript "x.docx": corrupt DOCX: zip:`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("x.docx", tc.in)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tc.is) || !strings.HasPrefix(err.Error(), tc.msg) {
				t.Errorf("error %q, want %v starting %q", err, tc.is, tc.msg)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "x.docx" {
				t.Errorf("not a *ParseError: %#v", err)
			}
		})
	}
}

func TestDOCXZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	io.WriteString(w, "<w:document><w:body><w:p><w:r><w:t>")
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < 65; i++ {
		w.Write(chunk)
	}
	io.WriteString(w, "</w:t></w:r></w:p></w:body></w:document>")
	zw.Close()
	_, err := Read("bomb.docx", buf.Bytes())
	if !errors.Is(err, ErrCorruptDOCX) || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("error %v, want a too-large corrupt DOCX", err)
	}
}

func TestLimitReader(t *testing.T) {
	r := &limitReader{r: strings.NewReader("0123456789"), n: 4}
	b, err := io.ReadAll(r)
	if !errors.Is(err, errTooLarge) || string(b) != "0123" {
		t.Errorf("got %q, %v", b, err)
	}
	r = &limitReader{r: strings.NewReader("0123"), n: 4}
	if b, err := io.ReadAll(r); err != nil || string(b) != "0123" {
		t.Errorf("exact size: got %q, %v", b, err)
	}
}

func TestWriteDOCXRoundTrip(t *testing.T) {
	paras := []Paragraph{
		para("Facilitator:", true, " Welcome & <thanks> \"all\".", false),
		para("Speaker 1:", true, " Merci\u00a0! Control\x01char.", false),
	}
	data := docxOf(t, paras...)
	again := docxOf(t, paras...)
	if !bytes.Equal(data, again) {
		t.Error("WriteDOCX output is not reproducible")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "[Content_Types].xml _rels/.rels word/document.xml" {
		t.Errorf("parts %s", got)
	}
	doc, err := Read("rt.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, doc, []want{
		{"Facilitator", `Welcome & <thanks> "all".`, 0},
		{"Speaker 1", "Merci\u00a0! Control\uFFFDchar.", 0},
	})
}

// TestReadDOCXLibreOffice reads a document written by a real word
// processor: testdata/libreoffice-montreal.docx was made by LibreOffice 7.4
// (soffice --convert-to docx) from an HTML page with a heading, bold labels
// (French spacing, bold name then plain colon), italics inside speech, a
// bold "Note:", a speaker table with a header row, and a timestamped label.
func TestReadDOCXLibreOffice(t *testing.T) {
	data, err := os.ReadFile("testdata/libreoffice-montreal.docx")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read("libreoffice-montreal.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, doc, []want{
		{"", "Focus group — Montréal", 0},
		{"Animatrice", "Bonjour à toutes et à tous, merci d'être là.", 0},
		{"P1", "Merci. Je suis ici depuis quatre ans.\nJe travaillais sur les droits des femmes.\nNote: la salle était froide.", 0},
		{"Élise", "Moi, trois ans.", 0},
		{"P2", "J'attends encore.\nDepuis deux ans.", 0},
		{"P3", "Et le permis de travail, sept mois.", 12*time.Minute + 30*time.Second},
	})
	wantLines := []int{1, 2, 3, 6, 9, 12}
	for i, l := range wantLines {
		if doc.Turns[i].Line != l {
			t.Errorf("turn %d on paragraph %d, want %d", i, doc.Turns[i].Line, l)
		}
	}
}
