package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// The tests below make their PDFs with fpdf and read them with the real
// engine, which starts once per test process (pdftext keeps one engine).

// pdfDoc starts an A4 document with fixed dates, so fixtures are the same
// bytes on every run.
func pdfDoc() *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	return pdf
}

// pdfBytes writes the document out.
func pdfBytes(t testing.TB, pdf *fpdf.Fpdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// speech writes paragraphs as a word processor would: each wrapped by fpdf
// to the page width, with a little space after it. A paragraph "Name: ..."
// has its label in bold. It returns the page each paragraph starts on.
func speech(pdf *fpdf.Fpdf, paras ...string) (pages []int) {
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	for _, p := range paras {
		pages = append(pages, pdf.PageNo())
		pdf.SetFont("Helvetica", "", 11)
		if label, rest, ok := strings.Cut(p, ": "); ok && len(label) < 20 {
			pdf.SetFont("Helvetica", "B", 11)
			w := pdf.GetStringWidth(tr(label + ": "))
			pdf.CellFormat(w, 6, tr(label+":"), "", 0, "L", false, 0, "")
			pdf.SetFont("Helvetica", "", 11)
			// The first line follows the label; fpdf's Write wraps the
			// rest at the right margin and goes back to the left margin.
			pdf.Write(6, tr(rest))
			pdf.Ln(6)
		} else {
			pdf.MultiCell(0, 6, tr(p), "", "L", false)
		}
		pdf.Ln(3)
	}
	return pages
}

// long makes a paragraph long enough to wrap over several lines.
const long = "we met every week in the community centre near the station, and the people there helped us " +
	"with the forms for the work permit, which took many months to come, and in the meantime " +
	"we could only volunteer and learn the language in the evenings."

func TestReadPDF(t *testing.T) {
	tests := []struct {
		name  string
		build func(pdf *fpdf.Fpdf) (pages []int)
		pages int
		want  []want
	}{
		{
			name: "text",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.AddPage()
				return speech(pdf,
					"Moderator: Welcome, everyone. Please tell us how you came to the city.",
					"Amal: At first "+long,
					"Élise: For me it was different, "+long,
					"Moderator: Thank you.")
			},
			want: []want{
				{Speaker: "Moderator", Text: "Welcome, everyone. Please tell us how you came to the city."},
				{Speaker: "Amal", Text: "At first " + long},
				{Speaker: "Élise", Text: "For me it was different, " + long},
				{Speaker: "Moderator", Text: "Thank you."},
			},
		},
		{
			name: "no labels: one turn per paragraph",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.AddPage()
				return speech(pdf, "First "+long, "Second "+long)
			},
			want: []want{{Text: "First " + long}, {Text: "Second " + long}},
		},
		{
			name: "line-number column",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.AddPage()
				rows := []string{
					"Dan: Okay. So now you can tell me",
					"about the first months here.",
					"",
					"P1: The first months were hard. We",
					"had no papers and no friends.",
					"",
					"Dan: And then?",
					"P1: Then it got better, slowly.",
				}
				for i, r := range rows {
					pdf.SetFont("Courier", "", 10)
					pdf.CellFormat(10, 5, fmt.Sprint(i+1), "", 0, "R", false, 0, "")
					pdf.CellFormat(0, 5, "    "+r, "", 1, "L", false, 0, "")
				}
				return nil
			},
			want: []want{
				{Speaker: "Dan", Text: "Okay. So now you can tell me about the first months here."},
				{Speaker: "P1", Text: "The first months were hard. We had no papers and no friends."},
				{Speaker: "Dan", Text: "And then?"},
				{Speaker: "P1", Text: "Then it got better, slowly."},
			},
		},
		{
			name: "header, footer and page numbers on every page",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.SetHeaderFunc(func() {
					pdf.SetFont("Helvetica", "I", 9)
					pdf.CellFormat(0, 6, "Focus group 2 - Toronto - CONFIDENTIAL", "", 1, "C", false, 0, "")
					pdf.Ln(4)
				})
				pdf.SetFooterFunc(func() {
					pdf.SetY(-15)
					pdf.SetFont("Helvetica", "", 9)
					pdf.CellFormat(0, 6, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
				})
				pdf.AliasNbPages("")
				pdf.AddPage()
				var paras []string
				for i := range 16 {
					who := []string{"Moderator", "Amal", "Bilal"}[i%3]
					paras = append(paras, fmt.Sprintf("%s: Turn %d, %s", who, i+1, long))
				}
				return speech(pdf, paras...)
			},
			want: func() []want {
				var w []want
				for i := range 16 {
					who := []string{"Moderator", "Amal", "Bilal"}[i%3]
					w = append(w, want{Speaker: who, Text: fmt.Sprintf("Turn %d, %s", i+1, long)})
				}
				return w
			}(),
		},
		{
			name: "hyphen mended only into a word of the document",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.AddPage()
				pdf.SetFont("Helvetica", "", 11)
				for _, l := range []string{
					"Interviewer: The interview took place in a well-",
					"known cafe. We started the inter-",
					"view late, with a hand-",
					"out and a follow-",
					"Up. Jean-",
					"Pierre came -",
					"late.",
				} {
					pdf.CellFormat(0, 6, l, "", 1, "L", false, 0, "")
				}
				return nil
			},
			want: []want{{Speaker: "Interviewer", Text: "The interview took place in a well-known cafe. " +
				"We started the interview late, with a hand-out and a follow-Up. Jean-Pierre came - late."}},
		},
		{
			name: "an empty page (no text, no image) is no scan",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.AddPage()
				speech(pdf, "P1: before")
				pdf.AddPage()
				pdf.AddPage()
				speech(pdf, "P2: after")
				return []int{1, 3}
			},
			want: []want{{Speaker: "P1", Text: "before"}, {Speaker: "P2", Text: "after"}},
		},
		{
			name: "turn across a page break keeps its first page",
			build: func(pdf *fpdf.Fpdf) []int {
				pdf.AddPage()
				var paras []string
				for i := range 12 {
					paras = append(paras, fmt.Sprintf("P%d: %s", i%2+1, long))
				}
				return speech(pdf, paras...)
			},
			want: func() []want {
				var w []want
				for i := range 12 {
					w = append(w, want{Speaker: fmt.Sprintf("P%d", i%2+1), Text: long})
				}
				return w
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := pdfDoc()
			starts := tt.build(pdf)
			pages := pdf.PageNo()
			doc, err := Read("interview.pdf", pdfBytes(t, pdf))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != FormatPDF || doc.Pages != pages {
				t.Errorf("format %q pages %d, want pdf and %d", doc.Format, doc.Pages, pages)
			}
			checkTurns(t, doc, tt.want)
			if starts != nil && len(starts) == len(doc.Turns) {
				for i, tu := range doc.Turns {
					if tu.Line != starts[i] {
						t.Errorf("turn %d starts on page %d, want %d", i, tu.Line, starts[i])
					}
				}
			}
		})
	}
}

// scanPNG is a grey image with dark bars, like a scanned page.
func scanPNG(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for y := range 280 {
		for x := range 200 {
			c := color.Gray{Y: 235}
			if y%14 < 4 && x > 20 && x < 180 {
				c.Y = 40
			}
			img.SetGray(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadPDFErrors(t *testing.T) {
	scan := func(t *testing.T) []byte {
		pdf := pdfDoc()
		pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(scanPNG(t)))
		for range 2 {
			pdf.AddPage()
			pdf.ImageOptions("scan", 10, 10, 190, 270, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		}
		return pdfBytes(t, pdf)
	}
	scanAmongText := func(t *testing.T) []byte {
		pdf := pdfDoc()
		pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(scanPNG(t)))
		pdf.AddPage()
		speech(pdf, "P1: typed page")
		pdf.AddPage()
		pdf.ImageOptions("scan", 10, 10, 190, 270, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.AddPage()
		speech(pdf, "P2: typed again")
		return pdfBytes(t, pdf)
	}
	locked := func(t *testing.T) []byte {
		pdf := pdfDoc()
		pdf.SetProtection(fpdf.CnProtectPrint, "open-sesame", "owner")
		pdf.AddPage()
		speech(pdf, "P1: secret words")
		return pdfBytes(t, pdf)
	}
	furnitureOnly := func(t *testing.T) []byte {
		pdf := pdfDoc()
		pdf.SetFooterFunc(func() {
			pdf.SetY(-15)
			pdf.SetFont("Helvetica", "", 9)
			pdf.CellFormat(0, 6, fmt.Sprintf("%d/{nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
		})
		pdf.AliasNbPages("")
		pdf.AddPage()
		return pdfBytes(t, pdf)
	}
	good := func(t *testing.T) []byte {
		pdf := pdfDoc()
		pdf.AddPage()
		speech(pdf, "P1: "+long)
		return pdfBytes(t, pdf)
	}
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		err  error
		msg  string
	}{
		{"scan", scan, ErrPDFNoText, "no text layer on any of its 2 pages: it looks like a scan, which needs OCR"},
		{"a scanned page among typed ones", scanAmongText, ErrPDFNoText, "page 2: only an image, no text layer"},
		{"password", locked, ErrPDFEncrypted, "encrypted (password-protected)"},
		{"only a page number", furnitureOnly, ErrPDFNoText, "only page headers"},
		{"no pages (PDFium calls it damaged)", func(*testing.T) []byte {
			return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
				"trailer<</Root 1 0 R>>\n%%EOF\n")
		}, ErrCorruptPDF, "damaged"},
		{"not a PDF", func(*testing.T) []byte { return []byte("Moderator: hello\n") }, ErrCorruptPDF, "not a PDF"},
		{"damaged", func(t *testing.T) []byte {
			d := good(t)
			return append(d[:20:20], bytes.Repeat([]byte("\x00garbage"), 50)...)
		}, ErrCorruptPDF, "damaged"},
		{"empty", func(*testing.T) []byte { return nil }, ErrEmpty, "empty"},
		{"too large", func(*testing.T) []byte {
			return append([]byte("%PDF-1.4\n"), make([]byte, 64<<20)...)
		}, ErrTooLarge, "larger than the 64 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("session.pdf", tt.data(t))
			if !errors.Is(err, tt.err) {
				t.Fatalf("got %v (doc %v), want %v", err, doc, tt.err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "session.pdf" {
				t.Errorf("error %v does not name the file", err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}
