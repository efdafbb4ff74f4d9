package pdftext

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// render makes a one-page PDF with fpdf.
func render(t testing.TB, build func(pdf *fpdf.Fpdf)) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetCreationDate(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	build(pdf)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestStart(t *testing.T) {
	took, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	// The first Start in a process says how long it took (a later one
	// returns zero): logged, not asserted, since it depends on the machine.
	t.Logf("engine start: %v (compiled code cached in %q)", took, CacheDir())
	if !Started() {
		t.Error("Started is false after Start")
	}
	if again, err := Start(); err != nil || again != 0 {
		t.Errorf("second Start = %v, %v; want 0, nil", again, err)
	}
}

func TestExtractLines(t *testing.T) {
	// The margin numbers are drawn after all the text, as some exports
	// do: the lines must still come out whole, top to bottom.
	data := render(t, func(pdf *fpdf.Fpdf) {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		rows := []string{"Dan: Okay. So now", "you can tell me.", "P1: Yes."}
		for i, r := range rows {
			pdf.Text(100, float64(100+20*i), r)
		}
		for i := range rows {
			pdf.Text(60, float64(100+20*i), fmt.Sprint(i+1))
		}
		pdf.AddPage()
	})
	doc, err := Extract(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 2 || len(doc.Pages[1].Lines) != 0 {
		t.Fatalf("got %d pages, want 2 with an empty second page", len(doc.Pages))
	}
	p := doc.Pages[0]
	if p.Width < 594 || p.Width > 596 || p.Height < 841 || p.Height > 843 {
		t.Errorf("page size %.1f x %.1f, want A4 (595 x 842)", p.Width, p.Height)
	}
	want := []string{"1 Dan: Okay. So now", "2 you can tell me.", "3 P1: Yes."}
	if len(p.Lines) != len(want) {
		for _, l := range p.Lines {
			t.Logf("%q", l.Text())
		}
		t.Fatalf("got %d lines, want %d", len(p.Lines), len(want))
	}
	for i, l := range p.Lines {
		if l.Text() != want[i] {
			t.Errorf("line %d = %q, want %q", i, l.Text(), want[i])
		}
		if len(l.Spans) < 2 || l.Spans[0].Left > 70 || l.Spans[1].Left < 95 {
			t.Errorf("line %d spans %+v: want the number at x≈60 apart from the text at x≈100", i, l.Spans)
		}
		if i > 0 && l.Top >= p.Lines[i-1].Bottom {
			t.Errorf("line %d (top %.1f) is not below line %d (bottom %.1f)", i, l.Top, i-1, p.Lines[i-1].Bottom)
		}
	}
}

func TestExtractTightLinesAndWatermark(t *testing.T) {
	// 12 pt text on 9.5 pt lines: glyph boxes of neighbouring lines
	// overlap, and no character may leak into the line above or below. A
	// diagonal watermark is not text of the transcript.
	data := render(t, func(pdf *fpdf.Fpdf) {
		pdf.AddPage()
		pdf.SetFont("Times", "", 12)
		for i := range 4 {
			pdf.Text(60, 100+9.5*float64(i), fmt.Sprintf("%d Gypsy jumping, quickly (Quebec) [pgqy] {|}", i))
		}
		pdf.SetFont("Helvetica", "B", 60)
		pdf.TransformBegin()
		pdf.TransformRotate(45, 300, 400)
		pdf.Text(150, 400, "CONFIDENTIAL")
		pdf.TransformEnd()
	})
	doc, err := Extract(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Pages[0].Lines {
		got = append(got, l.Text())
	}
	if len(got) != 4 {
		t.Fatalf("got lines %q, want 4", got)
	}
	for i, l := range got {
		if want := fmt.Sprintf("%d Gypsy jumping, quickly (Quebec) [pgqy] {|}", i); l != want {
			t.Errorf("line %d = %q, want %q", i, l, want)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	locked := render(t, func(pdf *fpdf.Fpdf) {
		pdf.SetProtection(fpdf.CnProtectPrint, "user", "owner")
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Text(60, 100, "secret")
	})
	for _, tt := range []struct {
		name string
		data []byte
		err  error
	}{
		{"password", locked, ErrEncrypted},
		{"garbage", []byte("%PDF-1.7\nnot really a PDF at all"), ErrDamaged},
		{"too large", make([]byte, MaxSize+1), ErrTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Extract(tt.data); !errors.Is(err, tt.err) {
				t.Errorf("got %v, want %v", err, tt.err)
			}
		})
	}
}

func TestOwnerPasswordOnlyIsReadable(t *testing.T) {
	// Encrypted with an empty user password: any reader opens it, so do we.
	data := render(t, func(pdf *fpdf.Fpdf) {
		pdf.SetProtection(fpdf.CnProtectPrint, "", "owner")
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Text(60, 100, "P1: open words")
	})
	doc, err := Extract(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 1 || len(doc.Pages[0].Lines) != 1 || doc.Pages[0].Lines[0].Text() != "P1: open words" {
		t.Errorf("got %+v", doc.Pages)
	}
}

// BenchmarkExtract reads a ten-page transcript.
func BenchmarkExtract(b *testing.B) {
	data := render(b, func(pdf *fpdf.Fpdf) {
		pdf.SetFont("Helvetica", "", 11)
		for p := range 10 {
			pdf.AddPage()
			for i := range 50 {
				pdf.Text(60, float64(60+14*i), fmt.Sprintf("P%d: line %d of page %d, words words words words words words", i%3, i, p))
			}
		}
	})
	if _, err := Start(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Extract(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTimeoutStopsAndEngineRecovers(t *testing.T) {
	data := render(t, func(pdf *fpdf.Fpdf) {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Text(60, 100, "P1: words")
	})
	if _, err := Start(); err != nil {
		t.Fatal(err)
	}
	saved := Timeout
	Timeout = time.Nanosecond
	_, err := Extract(data)
	Timeout = saved
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	// The stopped instance is replaced: the next file reads.
	doc, err := Extract(data)
	if err != nil {
		t.Fatalf("after a timeout: %v", err)
	}
	if len(doc.Pages) != 1 || len(doc.Pages[0].Lines) != 1 || doc.Pages[0].Lines[0].Text() != "P1: words" {
		t.Errorf("after a timeout: %+v", doc.Pages)
	}
}
