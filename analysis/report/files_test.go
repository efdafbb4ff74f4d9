package report

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// TestXLSXEntriesDated: every entry of the XLSX file has a real date (the
// fixed one, or the stamp), not the zero 1980-00-00, and the bytes are the
// same twice.
func TestXLSXEntriesDated(t *testing.T) {
	r := buildTracker(t, 0, nil, zeroDay)
	a, err := XLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := XLSX(r)
	if !bytes.Equal(a, b) {
		t.Error("two XLSX files of one report differ")
	}
	checkZipDates(t, a, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	r.Generated = "2026-11-23T10:30:42Z"
	c, err := XLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	checkZipDates(t, c, time.Date(2026, 11, 23, 10, 30, 42, 0, time.UTC))
}

func checkZipDates(t *testing.T, data []byte, want time.Time) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		month := f.ModifiedDate >> 5 & 0xf
		day := f.ModifiedDate & 0x1f
		if month == 0 || day == 0 {
			t.Errorf("%s: MS-DOS date %d-%02d-%02d", f.Name, 1980+int(f.ModifiedDate>>9), month, day)
		}
		if !f.Modified.Equal(want) {
			t.Errorf("%s dated %v, want %v", f.Name, f.Modified, want)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		rc.Close()
	}
	if len(names) == 0 {
		t.Error("an empty zip")
	}
	return names
}

// TestCSVReportTarget: --out r.zip is a zip of the tables, --out r.csv is
// refused with what to give instead, any other name is a folder.
func TestCSVReportTarget(t *testing.T) {
	r := buildTracker(t, 0, nil, zeroDay)
	dir := t.TempDir()
	_, err := WriteCSVReport(filepath.Join(dir, "r.csv"), r)
	if err == nil || !strings.Contains(err.Error(), "give a folder (--out "+filepath.Join(dir, "r")+") or a zip file (--out "+filepath.Join(dir, "r")+".zip)") {
		t.Errorf("r.csv: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.csv")); !os.IsNotExist(err) {
		t.Error("a refused r.csv was created")
	}
	if CheckCSVOut(filepath.Join(dir, "R.CSV")) == nil || CheckCSVOut("tables") != nil || CheckCSVOut("r.zip") != nil {
		t.Error("CheckCSVOut judges names wrongly")
	}

	zipPath := filepath.Join(dir, "r.zip")
	names, err := WriteCSVReport(zipPath, r)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(zipPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("zip mode %v", fi.Mode().Perm())
	}
	inZip := checkZipDates(t, data, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	if strings.Join(inZip, ",") != strings.Join(names, ",") || names[0] != "about.csv" || len(names) != len(r.Tables()) {
		t.Errorf("zip holds %v, reported %v", inZip, names)
	}
	// The zip holds the same CSV files a folder gets, byte for byte.
	files, err := WriteCSVReport(filepath.Join(dir, "tables"), r)
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for i, f := range zr.File {
		rc, _ := f.Open()
		got, _ := io.ReadAll(rc)
		rc.Close()
		want, _ := os.ReadFile(files[i])
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs between the zip and the folder", f.Name)
		}
	}
	again := filepath.Join(dir, "again.zip")
	WriteCSVReport(again, r)
	if b, _ := os.ReadFile(again); !bytes.Equal(b, data) {
		t.Error("two zips of one report differ")
	}
}

// TestTitleAndCoders: the title option replaces the file name, and the
// coders in scope, with how they were chosen, are on every format.
func TestTitleAndCoders(t *testing.T) {
	a, err := analysis.New(trackerDataset(), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Needs assessment: tiny" || !strings.Contains(r.Summary()[0], "Coders in scope: lea, sam.") {
		t.Errorf("defaults: %q, %q", r.Title, r.Summary()[0])
	}
	r, err = Build(a, Options{Title: "Defenders in exile: needs 2026", Coders: []string{"lea"}, CodersChosenBy: "the project's default"})
	if err != nil {
		t.Fatal(err)
	}
	var md, html bytes.Buffer
	WriteMarkdown(&md, r)
	WriteHTML(&html, r)
	const scope = "Coders in scope: lea (the project&#39;s default)."
	if !strings.HasPrefix(md.String(), "# Defenders in exile: needs 2026\n") || !strings.Contains(md.String(), "Coders in scope: lea (the project's default).") {
		t.Errorf("Markdown:\n%s", md.String()[:300])
	}
	if !strings.Contains(html.String(), "<title>Defenders in exile: needs 2026</title>") || !strings.Contains(html.String(), scope) {
		t.Error("HTML lacks the title or the coders in scope")
	}
	var csv bytes.Buffer
	WriteCSV(&csv, r.About())
	if !strings.Contains(csv.String(), "title,Defenders in exile: needs 2026\n") || !strings.Contains(csv.String(), "coders,lea\ncoders_chosen_by,the project's default\n") {
		t.Errorf("about.csv:\n%s", csv.String())
	}
}

// TestChartOrderAndLabels: the needs chart is in order of what it shows
// (prevalence among all participants) and says so; a scale is named by its
// ends, never by its id; every table can scroll on a narrow page.
func TestChartOrderAndLabels(t *testing.T) {
	d := trackerDataset()
	d.Surveys = surveyOnly(t).Surveys
	a, err := analysis.New(d, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := r.htmlView()
	share := regexp.MustCompile(`: (\d+)% of all participants`)
	var got []string
	last := 101
	for _, e := range v.Needs.Chart.Els {
		if m := share.FindStringSubmatch(e.Text); m != nil {
			got = append(got, e.Text)
			n := 0
			for _, c := range m[1] {
				n = n*10 + int(c-'0')
			}
			if n > last {
				t.Errorf("%q comes after a need of %d%%", e.Text, last)
			}
			last = n
		}
	}
	if len(got) != r.Needs.Rows() || !strings.Contains(v.Needs.Chart.Caption, "in order of their prevalence among all participants, highest first") {
		t.Errorf("chart rows %q, caption %q", got, v.Needs.Chart.Caption)
	}
	// Legal (2 of 3) before Threats (1 of 3), whatever the score says.
	if !strings.HasPrefix(got[0], "Legal: 67%") {
		t.Errorf("first bar %q", got[0])
	}
	caption := v.Surveys[0].Charts[0].Caption
	if !strings.HasPrefix(caption, "Scale from “Disagree” to “Agree” (1-3)") || strings.Contains(caption, "safe") {
		t.Errorf("scale caption %q", caption)
	}
	var html bytes.Buffer
	WriteHTML(&html, r)
	page := html.String()
	if n, m := strings.Count(page, "<table"), strings.Count(page, `<div class="scroll"><table`); n == 0 || n != m {
		t.Errorf("%d tables, %d of them in a scrolling box", n, m)
	}
}

// TestByShare: a chart's rows by share, highest first, ties in their
// order, suppressed last: 41% never sits below 26%.
func TestByShare(t *testing.T) {
	nan := math.NaN()
	rows := []barRow{{label: "rank 1", share: 0.26}, {label: "rank 2", share: 0.41}, {label: "rank 3", share: nan}, {label: "rank 4", share: 0.41}, {label: "rank 5", share: 0.3}}
	var got []string
	for _, r := range byShare(rows) {
		got = append(got, r.label)
	}
	if strings.Join(got, ",") != "rank 2,rank 4,rank 5,rank 1,rank 3" {
		t.Errorf("order %v", got)
	}
	if rows[0].label != "rank 1" {
		t.Error("byShare changed its argument")
	}
}
