// Package textfit fits text into the columns people read it in: a table
// cell clipped with an ellipsis, a paragraph wrapped at a width, a time
// in a recording as hh:mm:ss. Widths are display cells, so accented and
// wide characters line up. The CLI uses it; the TUI and the reports can.
package textfit

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Clip shortens s to at most n display cells, ending it with "…" when it
// was cut. n < 1 gives "".
func Clip(s string, n int) string {
	if n < 1 {
		return ""
	}
	return ansi.Truncate(s, n, "…")
}

// Cell is s on one line (runs of spaces and line breaks made one space),
// clipped to n cells: a table cell.
func Cell(s string, n int) string { return Clip(OneLine(s), n) }

// OneLine makes every run of spaces and line breaks in s one space.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Wrap breaks s into lines of at most width cells at spaces, keeping its
// paragraphs (line breaks). A word longer than width gets a line of its
// own, uncut.
func Wrap(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, w := "", 0
		for _, word := range strings.Fields(para) {
			ww := ansi.StringWidth(word)
			if line != "" && w+1+ww > width {
				out = append(out, line)
				line, w = "", 0
			}
			if line != "" {
				line += " "
				w++
			}
			line += word
			w += ww
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// Clock writes a time in a recording as hh:mm:ss. It truncates, as media
// players and transcript stamps do: rounding would put a turn that starts
// at 00:00:04.6 at 00:00:05, after its first words.
func Clock(d time.Duration) string {
	d = d.Truncate(time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}
