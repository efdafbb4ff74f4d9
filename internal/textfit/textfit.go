// Package textfit fits text into the columns people read it in: a table
// cell clipped with an ellipsis, a paragraph wrapped at a width, a time
// in a recording as hh:mm:ss. Widths are display cells, so accented and
// wide characters line up. The CLI uses it; the TUI and the reports can.
package textfit

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Clip shortens s to at most n display cells, ending it with "…" when it
// was cut. n < 1 gives "".
func Clip(s string, n int) string {
	if n < 1 {
		return ""
	}
	return ansi.Truncate(Safe(s), n, "…")
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
	s = Safe(s)
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

// Safe makes stored text inert on a terminal: escape sequences (CSI, OSC
// and the like) and every other control character are shown escaped
// ("\x1b", "\x07"), and so are the bidirectional overrides that reorder
// what a reader sees ("\u202e"). Line breaks and tabs stay. Every print
// of what people wrote (names, answers, quotes) goes through it.
func Safe(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0, isBidiControl(r), r == utf8.RuneError:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// isBidiControl reports the embeddings, overrides and isolates of
// Unicode's bidirectional algorithm (not the plain marks LRM and RLM,
// which Arabic and Hebrew text needs).
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
