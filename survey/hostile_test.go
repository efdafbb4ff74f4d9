package survey_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/survey"
)

// rawXLSX builds a minimal workbook by hand, so that a test controls what
// no spreadsheet program would write: a lying or missing <dimension>, a
// cell in column XFD, a sheet of any size. rows writes the <sheetData>
// content.
func rawXLSX(t testing.TB, dimension string, rows func(w io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name, body string) io.Writer {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
		return w
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w := put("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if dimension != "" {
		fmt.Fprintf(w, `<dimension ref="%s"/>`, dimension)
	}
	io.WriteString(w, `<sheetData>`)
	rows(w)
	io.WriteString(w, `</sheetData></worksheet>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wideRows writes n rows, each with a cell in column A and one in XFD,
// the last column a sheet may have.
func wideRows(n int) func(io.Writer) {
	return func(w io.Writer) {
		for r := 1; r <= n; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>a</t></is></c><c r="XFD%d" t="inlineStr"><is><t>z</t></is></c></row>`, r, r, r)
		}
	}
}

// TestXLSXWideSheetRefusedEarly: a 12,000-row sheet with a cell in column
// XFD of every row is refused before the rows are built, whether or not
// the sheet declares its dimension, and reading it stays far below the
// gigabytes that padding every row to 16,384 cells would cost.
func TestXLSXWideSheetRefusedEarly(t *testing.T) {
	for _, dim := range []string{"A1:XFD12000", "", "A1:B2"} {
		t.Run("dimension="+dim, func(t *testing.T) {
			data := rawXLSX(t, dim, wideRows(12000))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := survey.ReadGrid("wide.xlsx", data)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), "at most 4096 columns") || !strings.Contains(err.Error(), "wide.xlsx") {
				t.Fatalf("err = %v, want a refusal naming the file and the column limit", err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MiB before refusing", alloc>>20)
			}
		})
	}
}

// TestXLSXManyCellsRefused: the cell cap holds for a sheet whose rows are
// each within the column limit.
func TestXLSXManyCellsRefused(t *testing.T) {
	data := rawXLSX(t, "A1:Z1000000", func(w io.Writer) {})
	_, err := survey.ReadGrid("big.xlsx", data)
	if err == nil || !strings.Contains(err.Error(), "more than 20000000 cells") {
		t.Fatalf("err = %v", err)
	}
}

// TestXLSXNoSpillToTemp: a sheet over excelize's 16 MB in-memory default
// is read without a single file in the temporary folder, so an encrypted
// project's survey never lies on disk in plaintext.
func TestXLSXNoSpillToTemp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	text := strings.Repeat("confidential answer ", 10)
	data := rawXLSX(t, "", func(w io.Writer) {
		fmt.Fprint(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>q1</t></is></c></row>`)
		for r := 2; r <= 90000; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>R%d</t></is></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, r, r, text)
		}
	})
	// excelize removes its spill files when the workbook is closed, so the
	// folder is watched while the workbook is read: a kill at that moment
	// would leave the plaintext behind.
	done := make(chan struct{})
	seen := make(chan string, 1)
	go func() {
		defer close(seen)
		for {
			select {
			case <-done:
				return
			default:
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				seen <- left[0].Name()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	g, err := survey.ReadGrid("large.xlsx", data)
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Rows) != 90000 {
		t.Fatalf("%d rows", len(g.Rows))
	}
	if name, ok := <-seen; ok {
		t.Errorf("reading the workbook wrote %s to the temporary folder", name)
	}
}

// TestRaggedAndControlRowsRefused: short CSV rows, cells right of the
// header and control characters are invalid rows, named by row and column.
func TestRaggedAndControlRowsRefused(t *testing.T) {
	in, err := survey.ParseInstrument("i.yaml", []byte(`name: s
questions:
  - {id: q1, type: text}
  - {id: q2, type: text}
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, csv string
		want      []string // in the import's error, in order
	}{
		{"short row", "id,q1,q2\nR1,a,b\nR2,a\n", []string{"row 3", `column "q2"`, "ragged"}},
		{"extra cell", "id,q1,q2\nR1,a,b,c\n", []string{"row 2", `column "#4"`, "right of the header"}},
		{"escape in answer", "id,q1,q2\nR1,\x1b[31mred,b\n", []string{"row 2", `column "q1"`, "U+001B"}},
		{"C1 control", "id,q1,q2\nR1,a,\u009bb\n", []string{"row 2", `column "q2"`, "U+009B"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := survey.ReadGrid("s.csv", []byte(tc.csv))
			if err != nil {
				t.Fatal(err)
			}
			im, err := survey.Read(g, in, survey.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Invalid) != 1 {
				t.Fatalf("%d invalid rows, want 1", len(im.Invalid))
			}
			msg := im.Err("s.csv", 5).Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
	// A trailing blank cell and an XLSX-style short row are not ragged:
	// spreadsheets leave blank trailing cells out.
	g, _ := survey.ReadGrid("s.csv", []byte("id,q1,q2\nR1,a,b,\n"))
	if im, err := survey.Read(g, in, survey.ReadOptions{}); err != nil || len(im.Invalid) != 0 {
		t.Errorf("trailing blank cell: %v %v", err, im.Err("s.csv", 3))
	}
}

// TestInstrumentControlRefused: control characters in what a question
// shows are refused when the instrument is read.
func TestInstrumentControlRefused(t *testing.T) {
	_, err := survey.ParseInstrument("i.yaml", []byte("name: s\nquestions:\n  - {id: q1, type: text, text: \"Hi \\e[2J\"}\n"))
	if err == nil || !strings.Contains(err.Error(), "U+001B") {
		t.Fatalf("err = %v", err)
	}
}
