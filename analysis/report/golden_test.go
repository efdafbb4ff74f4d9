package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden compares the Markdown and HTML reports of the tracker fixture,
// and the Markdown report of the hostile one, with testdata/*.golden
// (go test ./analysis/report -run TestGolden -update).
func TestGolden(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tiny := buildTracker(t, 0, trackerRecs(), day)
	render := func(t *testing.T, write func(*bytes.Buffer) error) []byte {
		t.Helper()
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	t.Run("markdown", func(t *testing.T) {
		golden.RequireEqual(t, render(t, func(b *bytes.Buffer) error { return WriteMarkdown(b, tiny) }))
	})
	t.Run("html", func(t *testing.T) {
		golden.RequireEqual(t, render(t, func(b *bytes.Buffer) error { return WriteHTML(b, tiny) }))
	})
	t.Run("hostile-markdown", func(t *testing.T) {
		r := hostileReport(t, "city")
		golden.RequireEqual(t, render(t, func(b *bytes.Buffer) error { return WriteMarkdown(b, r) }))
	})
}
