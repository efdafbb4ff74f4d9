package tui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis/report/inert"
)

// quotesOf shows the Quotes screen with a code's passages.
func quotesOf(h *harness, code string) *quotesView {
	h.t.Helper()
	h.run(h.m.switchTo(tabQuotes))
	v := h.m.quotes
	h.typeText(leafName(code))
	h.pickValue(v.picker, code)
	h.keys("enter")
	h.noError()
	if v.code != code || len(v.quotes) == 0 {
		h.t.Fatalf("no quotes of %s", code)
	}
	return v
}

func TestQuotesExport(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	h := newHarness(t)
	v := quotesOf(h, selfCens)
	mustContain(t, h.view(), "E export passages")
	// CSV: one row per passage, participant id and city only.
	h.keys("E")
	mustContain(t, h.view(), "with participant id and city only", "self-censorship.csv")
	h.keys("2")
	h.noError()
	path := filepath.Join(dir, "self-censorship.csv")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 || files[0] != path {
		t.Fatalf("files written: %v, want %s", files, path)
	}
	// The footer shows the path (cut to the width: its start at least).
	mustContain(t, h.view(), "exported "+strconv.Itoa(len(v.quotes))+" passages to self-censorship.csv in "+dir[:min(len(dir), 10)])
	if !strings.HasSuffix(v.exp.note, "self-censorship.csv in "+dir) {
		t.Errorf("the note %q does not name %s", v.exp.note, path)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("stat %v, mode %v", err, st.Mode())
	}
	f, _ := os.Open(path)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != len(v.quotes)+1 {
		t.Fatalf("%d rows (%v), want %d", len(rows), err, len(v.quotes)+1)
	}
	if strings.Join(rows[0], ",") != "code,participant,city,text" {
		t.Errorf("header %v", rows[0])
	}
	labels := labelsOf(t, h.s)
	for i, r := range rows[1:] {
		q := v.quotes[i]
		if r[1] != q.participant || r[2] != q.city || inert.CSVValue(r[3]) != q.coding.Text {
			t.Errorf("row %d: %v, want %s %s %q", i, r, q.participant, q.city, q.coding.Text)
		}
		if _, isLabel := labels[r[1]]; isLabel && labels[r[1]] != r[1] {
			t.Errorf("row %d names a speaker label: %v", i, r)
		}
	}
	// Markdown; a second export of the same format never overwrites.
	h.keys("E", "1")
	h.keys("E", "1")
	md, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(md) != 2 {
		t.Fatalf("markdown files %v", md)
	}
	b, _ := os.ReadFile(md[0])
	if !strings.Contains(string(b), "# "+selfCens+"\n") || strings.Count(string(b), "\n- “") != len(v.quotes) {
		t.Errorf("markdown:\n%s", b)
	}
	// Esc leaves the chooser without writing.
	h.keys("E", "esc")
	if md2, _ := filepath.Glob(filepath.Join(dir, "*")); len(md2) != 3 {
		t.Errorf("files after esc: %v", md2)
	}
}
