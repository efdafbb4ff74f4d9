package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// interviewPDF makes a two-page interview transcript with a running header,
// "Page N of M" footers and a margin column of line numbers.
func interviewPDF(t *testing.T, password string) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	if password != "" {
		pdf.SetProtection(fpdf.CnProtectPrint, password, "owner")
	}
	pdf.SetHeaderFunc(func() {
		pdf.SetFont("Helvetica", "I", 8)
		pdf.CellFormat(0, 6, "Interview 3 - Ottawa - confidential", "", 1, "C", false, 0, "")
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 6, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AliasNbPages("")
	pdf.AddPage()
	n := 0
	line := func(s string) {
		n++
		pdf.SetFont("Courier", "", 10)
		pdf.CellFormat(10, 6, fmt.Sprint(n), "", 0, "R", false, 0, "")
		pdf.CellFormat(0, 6, "   "+s, "", 1, "L", false, 0, "")
	}
	for i := range 20 {
		line("Interviewer: How was week " + fmt.Sprint(i+1) + "?")
		line("Amira: It was long, and the forms were")
		line("hard to fill in.")
		line("")
	}
	return pdfOut(t, pdf)
}

func pdfOut(t *testing.T, pdf *fpdf.Fpdf) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportPDF(t *testing.T) {
	p := newProject(t, nil)
	dir := t.TempDir()
	file := writeFile(t, dir, "ottawa-3.pdf", interviewPDF(t, ""))
	out := run(t, nil, "import", p, file, "--group", "G")
	if !strings.Contains(out, "ottawa-3") || !strings.Contains(out, "pdf") {
		t.Errorf("import output:\n%s", out)
	}
	show := jsonObject(t, run(t, nil, "show", p, "ottawa-3", "--json"))
	if show["format"] != "pdf" || num(t, show, "pages") != 2 {
		t.Errorf("show: format %v pages %v, want pdf and 2", show["format"], show["pages"])
	}
	turns, _ := show["turns"].([]any)
	if len(turns) != 40 {
		t.Fatalf("%d turns, want 40: %v", len(turns), turns)
	}
	for i, tu := range turns {
		got := tu.(map[string]any)
		want := map[string]any{"speaker": "Interviewer", "text": fmt.Sprintf("How was week %d?", i/2+1), "facilitator": true}
		if i%2 == 1 {
			want = map[string]any{"speaker": "Amira", "text": "It was long, and the forms were hard to fill in.", "facilitator": false}
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("turn %d %s = %v, want %v", i, k, got[k], v)
			}
		}
	}
	if text := run(t, nil, "show", p, "ottawa-3"); strings.Contains(text, "confidential") || strings.Contains(text, "Page 1") {
		t.Errorf("page furniture in the transcript:\n%s", text)
	}
}

func TestImportPDFRefused(t *testing.T) {
	p := newProject(t, nil)
	dir := t.TempDir()
	good := writeFile(t, dir, "good.pdf", interviewPDF(t, ""))
	locked := writeFile(t, dir, "locked.pdf", interviewPDF(t, "pw"))
	err := failRuntime(t, nil, "import", p, good, locked)
	errHas(t, err, "locked.pdf", "encrypted", "nothing was imported")
	if srcs := jsonArray(t, run(t, nil, "sources", p, "--json")); len(srcs) != 0 {
		t.Errorf("sources after a refused import: %v", srcs)
	}
}
