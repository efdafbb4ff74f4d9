package transcript

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestEncodings(t *testing.T) {
	const speech = "P1: Café, déjà vu — “oui”.\nP2: Ça va."
	utf16 := func(order unicode.Endianness) []byte {
		b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(speech))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
		enc  string
	}{
		{"utf-8", []byte(speech), "utf-8"},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, speech...), "utf-8-bom"},
		{"utf-16le", utf16(unicode.LittleEndian), "utf-16le"},
		{"utf-16be", utf16(unicode.BigEndian), "utf-16be"},
		{"windows-1252", []byte("P1: Caf\xe9, d\xe9j\xe0 vu \x97 \x93oui\x94.\nP2: \xc7a va."), "windows-1252"},
		{"crlf", []byte(strings.ReplaceAll(speech, "\n", "\r\n")), "utf-8"},
		{"lone cr", []byte(strings.ReplaceAll(speech, "\n", "\r")), "utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read("fg.txt", tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Encoding != tc.enc {
				t.Errorf("encoding %q, want %q", doc.Encoding, tc.enc)
			}
			if strings.Contains(doc.Text, "Ã") || strings.ContainsAny(doc.Text, "\r\uFEFF") {
				t.Errorf("mis-decoded text %q", doc.Text)
			}
			checkTurns(t, doc, []want{{"P1", "Café, déjà vu — “oui”.", 0}, {"P2", "Ça va.", 0}})
		})
	}
}

func TestMixedUTF8AndWindows1252(t *testing.T) {
	// A UTF-8 file with one pasted Windows-1252 line.
	doc, err := Read("mixed.txt", []byte("P1: Élise a dit « déjà ».\nP2: caf\xe9 \x93cr\xe8me\x94"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Encoding != "windows-1252" {
		t.Errorf("encoding %q", doc.Encoding)
	}
	checkTurns(t, doc, []want{{"P1", "Élise a dit « déjà ».", 0}, {"P2", "café “crème”", 0}})
}

func TestCRLFLines(t *testing.T) {
	doc, err := Read("a.txt", []byte("Title\r\n\r\nP1: a\r\nb\rP2: c\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, doc, []want{{"", "Title", 0}, {"P1", "a\nb", 0}, {"P2", "c", 0}})
	if l := doc.Turns[2].Line; l != 5 {
		t.Errorf("P2 on line %d, want 5", l)
	}
}

func TestNFC(t *testing.T) {
	// NFD input: "e" + combining acute; offsets must count NFC code points.
	in := "P1: cafe\u0301 cre\u0300me\nE\u0301lise: re\u0301sume\u0301 ok\n"
	doc, err := Read("nfd.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(doc.Text, '\u0301') {
		t.Errorf("text not NFC: %q", doc.Text)
	}
	checkTurns(t, doc, []want{{"P1", "café crème", 0}, {"Élise", "résumé ok", 0}})
	if tu := doc.Turns[1]; tu.Start != 12 || tu.End != 21 {
		t.Errorf("turn 1 spans %d-%d, want 12-21", tu.Start, tu.End)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file string
		in         []byte
		is         error
		msg        string
	}{
		{"empty", "a.txt", nil, ErrEmpty, `transcript "a.txt": empty file`},
		{"white space", "a.vtt", []byte(" \n\t\r\n  "), ErrEmpty, `transcript "a.vtt": empty file`},
		{"bom only", "a.srt", []byte{0xEF, 0xBB, 0xBF}, ErrEmpty, `transcript "a.srt": empty file`},
		{"nul", "a.txt", []byte("P1: hello\x00world"), ErrBinary, `transcript "a.txt": binary data, not a text transcript`},
		{"controls", "a.md", []byte("\x01\x02\x03\x04P1: some text here\x05\x06"), ErrBinary, `transcript "a.md": binary data, not a text transcript`},
		{"png", "a.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01"), ErrBinary, `transcript "a.txt": binary data, not a text transcript`},
		{"unknown extension", "notes.epub", []byte("P1: hi"), ErrUnknownFormat,
			`transcript "notes.epub": unknown format ".epub"; supported: .txt, .md, .markdown, .vtt, .srt, .docx, .pdf`},
		{"no extension", "dir.v/README", []byte("P1: hi"), ErrUnknownFormat,
			`transcript "dir.v/README": no file extension to tell the format; supported: .txt, .md, .markdown, .vtt, .srt, .docx, .pdf`},
		{"old word", "x.DOC", []byte("P1: hi"), ErrUnknownFormat,
			`transcript "x.DOC": unknown format ".doc" (save it as .docx); supported: .txt, .md, .markdown, .vtt, .srt, .docx, .pdf`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Read(tc.file, tc.in)
			if err == nil {
				t.Fatalf("no error; got %+v", doc)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != tc.file {
				t.Errorf("error %#v is not a *ParseError for the file", err)
			}
			if err.Error() != tc.msg {
				t.Errorf("message\n %s\nwant\n %s", err, tc.msg)
			}
		})
	}
}

func TestDOSEOF(t *testing.T) {
	doc, err := Read("a.txt", []byte("P1: hi\r\n\x1a"))
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, doc, []want{{"P1", "hi", 0}})
}

func TestFormatOf(t *testing.T) {
	for name, f := range map[string]Format{
		"a.txt": FormatText, "A.TXT": FormatText, "x/y.md": FormatMarkdown, `c:\d\e.Markdown`: FormatMarkdown,
		"f.vtt": FormatVTT, "g.SRT": FormatSRT, "h.docx": FormatDOCX, "archive.tar.docx": FormatDOCX,
	} {
		got, err := FormatOf(name)
		if err != nil || got != f {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", name, got, err, f)
		}
	}
	for _, name := range []string{"", ".txt", "a.", "a.epub", "a.txt/b", "a.docx.bak"} {
		if _, err := FormatOf(name); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("FormatOf(%q) error %v, want ErrUnknownFormat", name, err)
		}
	}
}
