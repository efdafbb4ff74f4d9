package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// truncate cuts s (styled or not) to n display cells with an ellipsis.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return ansi.Truncate(s, n, "…")
}

// truncateANSI cuts a styled string to n cells, without an ellipsis.
func truncateANSI(s string, n int) string { return ansi.Truncate(s, max(n, 0), "") }

// padRight pads s with spaces to n display cells.
func padRight(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// padLeft pads s with spaces on the left to n display cells.
func padLeft(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}

// fit is s cut or padded to exactly n cells.
func fit(s string, n int) string { return padRight(truncate(s, n), n) }

// wordWrap breaks s into lines of at most width cells; a word longer than
// the line is broken.
func wordWrap(s string, width int) []string {
	width = max(width, 8)
	wrapped := ansi.Wrap(textfit.OneLine(s), width, "")
	if wrapped == "" {
		return nil
	}
	return strings.Split(wrapped, "\n")
}

// nz is s, or alt when s is empty.
func nz(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// lineCount is the number of lines of s.
func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// fitHeight pads or cuts the view to exactly h lines, so a resize never
// leaves stale lines on screen.
func fitHeight(s string, h int) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// bar is a small text progress bar.
func bar(n, total, width int) string {
	full := 0
	if total > 0 {
		full = n * width / total
	}
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

// leafName is the last name of a code path.
func leafName(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}
