package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// TestHTMLEscapesEveryField: hostile markup in a code's name, colour and
// definition, a city, a quote and a recommendation reaches the page as text,
// and the page refers to nothing outside itself.
func TestHTMLEscapesEveryField(t *testing.T) {
	d := trackerDataset()
	const payload = `<img src="https://evil.example/p.png" onerror="alert(1)">`
	d.Codes[0].Name, d.Codes[0].Path = "Theme"+payload, "Theme"+payload
	d.Codes[0].Color = `red;background:url(https://evil.example/c.png)`
	d.Codes[0].Definition = `</p><script>alert(2)</script>`
	for i := range d.Codes[1:] {
		d.Codes[i+1].Path = d.Codes[0].Path + "/" + d.Codes[i+1].Name
	}
	d.Sources[0].City = `A<svg onload=alert(3)>`
	for i := range d.Participants {
		if d.Participants[i].City == "A" {
			d.Participants[i].City = d.Sources[0].City
		}
	}
	d.Sources[0].Text = strings.Replace(d.Sources[0].Text, "Lawyers help me a lot", "<b>Lawyers</b> help me", 1)
	recs := trackerRecs()
	recs[1].Title = `<a href="https://evil.example">x</a>`
	recs[1].Log[0].Note = `"><iframe src="https://evil.example">`
	for i := range recs {
		for j := range recs[i].Codes {
			recs[i].Codes[j].Path = d.Codes[recs[i].Codes[j].ID-1].Path
		}
	}
	a, err := analysis.New(d, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{Recommendations: recs, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<img", "<script", "<svg onload", "<iframe", `<a href="https`, "<b>", "url(https"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;img src=&#34;https://evil.example/p.png&#34;") {
		t.Error("the code name is not shown escaped")
	}
	for _, want := range []string{"&lt;b&gt;Lawyers&lt;/b&gt;", "A&lt;svg onload=alert(3)&gt;", "&lt;/p&gt;&lt;script&gt;", "&lt;iframe", "&lt;a href="} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q: a hostile field was not rendered at all", want)
		}
	}
	// Self-contained: the only URL is the SVG namespace, no src= or
	// external href anywhere.
	urls := regexp.MustCompile(`(?i)(?:src|href)\s*=\s*"([^"#][^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(urls) > 0 {
		t.Errorf("the page refers outside itself: %v", urls)
	}
	var again bytes.Buffer
	WriteHTML(&again, r)
	if !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Error("two renderings of one report differ")
	}
}
