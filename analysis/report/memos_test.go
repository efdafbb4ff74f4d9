package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// appendixMemos are memos of every kind, with text that must stay inert.
func appendixMemos() []Memo {
	at := time.Date(2026, 11, 20, 15, 4, 0, 0, time.UTC)
	return []Memo{
		{Ref: "M1", Kind: "project", Target: "project", Author: "lea", Updated: at,
			Text: "Why this study:\n- exile changes what support means\n\n# not a heading\n"},
		{Ref: "M2", Kind: "code", Target: "code Theme/Legal", Author: "sam", Updated: at,
			Text: "Includes <script>alert(1)</script> and [a link](https://example.org)."},
		{Ref: "M3", Kind: "participant", Target: "participant OTT-02", Author: "lea", Updated: at,
			Text: "=HYPERLINK(\"http://evil\")\nasked to be called back"},
		{Ref: "C7", Kind: "coding", Target: "coding 7 (Theme/Legal) ottawa 0-10", Author: "kai", Text: "*one* line"},
	}
}

func memoReport(t *testing.T, appendix bool, memos []Memo) *Report {
	t.Helper()
	a, err := analysis.New(trackerDataset(), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{MemoAppendix: appendix, Memos: memos})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// from cuts s at the first occurrence of mark.
func from(t *testing.T, s, mark string) string {
	t.Helper()
	i := strings.Index(s, mark)
	if i < 0 {
		t.Fatalf("%q not in the output", mark)
	}
	return s[i:]
}

// TestMemoAppendixGolden compares the memo appendix of the Markdown and
// HTML reports with testdata/TestMemoAppendixGolden/*.golden (-update).
func TestMemoAppendixGolden(t *testing.T) {
	r := memoReport(t, true, appendixMemos())
	t.Run("markdown", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteMarkdown(&b, r); err != nil {
			t.Fatal(err)
		}
		golden.RequireEqual(t, []byte(from(t, b.String(), "## Appendix: memos")))
	})
	t.Run("html", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteHTML(&b, r); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, `<a href="#memos">Memos</a>`) {
			t.Error("no link to the appendix")
		}
		golden.RequireEqual(t, []byte(from(t, out, `<section id="memos">`)))
	})
	t.Run("export-markdown", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteMemosMarkdown(&b, "Memos: study.fwp", appendixMemos()); err != nil {
			t.Fatal(err)
		}
		golden.RequireEqual(t, b.Bytes())
	})
}

func TestMemoAppendixIsOptIn(t *testing.T) {
	for _, tt := range []struct {
		appendix bool
		memos    []Memo
		want     string // in the Markdown; "" means no appendix
	}{
		{false, appendixMemos(), ""},
		{true, nil, "## Appendix: memos\n\nThe project has no memos.\n"},
		{true, appendixMemos()[:1], "1 memo: on the project"},
	} {
		r := memoReport(t, tt.appendix, tt.memos)
		var md, html bytes.Buffer
		if err := WriteMarkdown(&md, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&html, r); err != nil {
			t.Fatal(err)
		}
		gotMD, gotHTML := strings.Contains(md.String(), "Appendix: memos"), strings.Contains(html.String(), `id="memos"`)
		if tt.want == "" {
			if gotMD || gotHTML || strings.Contains(md.String(), "Why this study") {
				t.Errorf("appendix without MemoAppendix (md %v, html %v)", gotMD, gotHTML)
			}
			continue
		}
		if !strings.Contains(md.String(), tt.want) || !gotHTML {
			t.Errorf("appendix %v: Markdown lacks %q (html %v)", tt.appendix, tt.want, gotHTML)
		}
	}
}

func TestMemosCSVIsInertAndRoundTrips(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMemosCSV(&b, appendixMemos()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != "id,kind,on,author,updated,text" {
		t.Fatalf("rows %q", rows)
	}
	if got := rows[3][5]; !strings.HasPrefix(got, "'=") {
		t.Errorf("formula cell written as %q", got)
	}
	for i, m := range appendixMemos() {
		if got := inert.CSVValue(rows[i+1][5]); got != m.Text {
			t.Errorf("row %d text %q, want %q", i+1, got, m.Text)
		}
	}
	if rows[4][4] != "" || rows[1][4] != "2026-11-20" {
		t.Errorf("dates %q %q", rows[1][4], rows[4][4])
	}
}
