package report

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// TestScreenReachesEveryFormat: Options.Screen sees every text of the
// report once, so that no format writes what it would have replaced.
func TestScreenReachesEveryFormat(t *testing.T) {
	d := trackerDatasetOf("Lawyers help me a lot, Rana said, they really do.", "My family is threatened back home every week.",
		"Lawyers are expensive and slow, write to rana@example.org now.")
	recs := trackerRecs()
	recs[0].Title, recs[0].Text = "Ask Rana", "Rana knows the clinic."
	a, err := analysis.New(d, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// unscreened, the identifiers are there: the test can see a leak
	plain, err := Build(a, Options{Recommendations: recs, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var pm bytes.Buffer
	if err := WriteMarkdown(&pm, plain); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pm.String(), "Rana said") || !strings.Contains(pm.String(), `rana\@example.org`) {
		t.Fatalf("the fixture's identifiers do not reach the unscreened report:\n%s", pm.String())
	}
	calls := 0
	screen := func(s string) string {
		calls++
		s = strings.ReplaceAll(s, "rana@example.org", "[email]")
		return strings.ReplaceAll(s, "Rana", "[name]")
	}
	r, err := Build(a, Options{Recommendations: recs, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Screen: screen})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Fatal("the screen was never called")
	}
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	x, err := XLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WriteCSVDir(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	var csvs []byte
	for _, f := range files {
		b, _ := os.ReadFile(f)
		csvs = append(csvs, b...)
	}
	zr, err := zip.NewReader(bytes.NewReader(x), int64(len(x)))
	if err != nil {
		t.Fatal(err)
	}
	var sheets []byte
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		sheets = append(sheets, b...)
	}
	for name, out := range map[string][]byte{"md": md.Bytes(), "html": html.Bytes(), "xlsx": sheets, "csv": csvs} {
		if bytes.Contains(bytes.ToLower(out), []byte("rana")) {
			t.Errorf("%s holds an identifier the screen replaces", name)
		}
		if !bytes.Contains(out, []byte("name")) {
			t.Errorf("%s lost the placeholder", name)
		}
	}
	if strings.Contains(md.String(), IdentifiersKept) {
		t.Error("a screened report says identifiers were kept")
	}

	// --allow-identifiers: every format says so
	r, err = Build(a, Options{IdentifiersAllowed: true})
	if err != nil {
		t.Fatal(err)
	}
	md.Reset()
	html.Reset()
	WriteMarkdown(&md, r)
	WriteHTML(&html, r)
	about := r.About()
	if !strings.Contains(md.String(), IdentifiersKept) || !strings.Contains(html.String(), "IDENTIFIERS NOT SCREENED") ||
		about.Cell(about.Rows()-1, 1).Str != IdentifiersKept {
		t.Errorf("an unscreened report does not say so")
	}
}
