package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/xuri/excelize/v2"
)

// TestReportGolden compares the Markdown and HTML reports of the demo
// project with testdata/TestReportGolden/*.golden (go test ./cmd/fieldwork -update).
func TestReportGolden(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"report-md", []string{"report", p, "--today", "2026-11-23"}},
		{"report-html", []string{"report", p, "--format", "html", "--today", "2026-11-23"}},
		{"report-md-suppressed-by-gender", []string{"report", p, "--by", "gender", "--suppress-below", "3", "--today", "2026-11-23"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			golden.RequireEqual(t, []byte(run(t, nil, tc.args...)))
		})
	}
}

// TestReportReproducible writes every format twice and compares the bytes.
func TestReportReproducible(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	dir := t.TempDir()
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, format := range []string{"md", "html", "xlsx"} {
		a, b := filepath.Join(dir, "a."+format), filepath.Join(dir, "b."+format)
		run(t, nil, "report", p, "--format", format, "--out", a, "--today", "2026-11-23")
		run(t, nil, "report", p, "--format", format, "--out", b, "--today", "2026-11-23")
		if !bytes.Equal(read(a), read(b)) {
			t.Errorf("two %s reports of one project differ", format)
		}
		if fi, err := os.Stat(a); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", a, fi.Mode().Perm())
		}
	}
	run(t, nil, "report", p, "--format", "csv", "--out", filepath.Join(dir, "c1"), "--today", "2026-11-23")
	run(t, nil, "report", p, "--format", "csv", "--out", filepath.Join(dir, "c2"), "--today", "2026-11-23")
	files, _ := filepath.Glob(filepath.Join(dir, "c1", "*.csv"))
	if len(files) != 11 {
		t.Fatalf("%d CSV files, want 11", len(files))
	}
	for _, f := range files {
		if !bytes.Equal(read(f), read(filepath.Join(dir, "c2", filepath.Base(f)))) {
			t.Errorf("two CSV outputs differ in %s", filepath.Base(f))
		}
	}
	md := run(t, nil, "report", p)
	if strings.Contains(md, "Generated") {
		t.Error("a report without --stamp says when it was generated")
	}
	if !strings.Contains(run(t, nil, "report", p, "--stamp"), "Generated 20") {
		t.Error("--stamp adds no generated-at line")
	}
}

func TestReportCSV(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	dir := filepath.Join(t.TempDir(), "tables")
	out := run(t, nil, "report", p, "--format", "csv", "--out", dir)
	for _, name := range []string{"about", "frequencies", "matrix", "cooccurrence", "needs", "themes", "theme_cities", "theme_words", "theme_quotes"} {
		if !strings.Contains(out, name+".csv") {
			t.Errorf("%s.csv not reported in %q", name, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "needs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(string(b), "\n", 2)[0]
	if head != "rank,need,theme,participants,participants_total,prevalence,cities,cities_total,groups,groups_total,codings,passages,intensity,survey_priority,score,quote_1,quote_1_by,quote_2,quote_2_by" {
		t.Errorf("needs.csv header %q", head)
	}
	// The survey priority column holds the mean rating of the demo
	// survey's question mapped to a need, and is empty for the other needs.
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for _, r := range rows[1:] {
		if r[13] != "" {
			filled++
		}
	}
	if filled != 9 {
		t.Errorf("%d needs have a survey priority, want the demo's 9 mapped ones", filled)
	}
}

func TestReportXLSX(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	path := filepath.Join(t.TempDir(), "report.xlsx")
	run(t, nil, "report", p, "--format", "xlsx", "--out", path, "--suppress-below", "3")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"about", "frequencies", "matrix", "cooccurrence", "needs", "themes", "theme_cities", "theme_words", "theme_quotes", "tracker_status", "tracker"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, sheet := range want {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen (%+v, %v)", sheet, panes, err)
		}
	}
	// Numbers are numbers (no string type: excelize leaves t unset for a
	// number); text is text.
	for _, tc := range []struct {
		cell string
		num  bool
	}{
		{"D2", true}, // frequencies: codings of the first theme
		{"E2", true}, // passages
		{"G2", true}, // participants
		{"I2", true}, // share
		{"A2", false},
	} {
		typ, err := f.GetCellType("frequencies", tc.cell)
		isNum := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
		if err != nil || isNum != tc.num {
			t.Errorf("frequencies!%s type %v (%v), want number %v", tc.cell, typ, err, tc.num)
		}
		if raw, _ := f.GetCellValue("frequencies", tc.cell, excelize.Options{RawCellValue: true}); tc.num && raw == "" {
			t.Errorf("frequencies!%s is empty", tc.cell)
		}
	}
	v, _ := f.GetCellValue("frequencies", "G1")
	if v != "participants" {
		t.Errorf("frequencies!G1 = %q, want participants", v)
	}
	rows, err := f.GetRows("matrix")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		for _, c := range r {
			if c == "<3" {
				found = true
			}
		}
	}
	if !found {
		t.Error("no suppressed cell in the matrix sheet")
	}
}

func TestReportHTMLSelfContained(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	html := run(t, nil, "report", p, "--format", "html")
	for _, bad := range []string{"<script", "<link", "src=", "@import", "url(", "https://"} {
		if strings.Contains(html, bad) {
			t.Errorf("the HTML report contains %q: it must not load anything", bad)
		}
	}
	if strings.Count(html, "http://") != strings.Count(html, `xmlns="http://www.w3.org/2000/svg"`) {
		t.Error("the HTML report links somewhere other than the SVG namespace")
	}
	for _, want := range []string{"<svg", "Prevalence of each need by city", "Heat map", "@media print", "TOR-", "MTL-", "OTT-"} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
}

func TestReportUsageErrors(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	dir := t.TempDir()
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"report", p, "--format", "pdf"}, `--format "pdf"`},
		{[]string{"report", p, "--format", "xlsx"}, "needs --out"},
		{[]string{"report", p, "--format", "csv"}, "needs --out"},
		{[]string{"report", p, "--out", p}, "project"},
		{[]string{"report", p, "--out", filepath.Join(dir, "other.fwp")}, "project file"},
		{[]string{"report", p, "--unit", "words"}, "participants or segments"},
		{[]string{"report", p, "--cooccurrence-unit", "page"}, "sentence or turn"},
		{[]string{"report", p, "--by", "pseudonym"}, "name people"},
		{[]string{"report", p, "--group", "XYZ-9"}, `no group "XYZ-9"`},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[2:], " "), func(t *testing.T) {
			errHas(t, failUsage(t, nil, tc.args...), tc.msg)
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "other.fwp")); err == nil {
		t.Error("a refused report left a file behind")
	}
}
