// Package inert makes text that people wrote (participants' words, code
// names, attributes, recommendation fields, log notes) inert in outputs that
// another program interprets: a spreadsheet opening a CSV file, a Markdown
// viewer rendering a report.
//
// CSV follows OWASP's rule against formula injection: a cell that begins
// with =, +, -, @, a tab or a carriage return gets a leading apostrophe,
// which spreadsheets take as "this is text" (a negative number is left
// alone). Markdown escapes what would make HTML, a link or an image, so a
// viewer neither runs markup nor fetches an address from a participant's
// quote.
package inert

import (
	"regexp"
	"strings"
)

// number is a plain decimal number: "-3", "-0.25", "-1e3".
var number = regexp.MustCompile(`^-(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$`)

// CSVCell is s made safe to open in a spreadsheet: when it begins with =,
// +, -, @, a tab or a carriage return, and is not a negative number, it is
// prefixed with an apostrophe.
//
// A value that already begins with an apostrophe before such a character
// gets a second one, so that CSVValue gives back exactly what was written:
// files fieldwork writes and reads again (recs export, codings export)
// round-trip.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\'' && CSVCell(s[1:]) != s[1:] {
		return "'" + s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if number.MatchString(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// CSVValue undoes CSVCell: a cell that CSVCell prefixed loses its
// apostrophe. Readers of files that fieldwork writes call it on each cell.
func CSVValue(s string) string {
	if len(s) > 1 && s[0] == '\'' && CSVCell(s[1:]) != s[1:] {
		return s[1:]
	}
	return s
}

// CSVRecord is CSVCell of every field, in a new slice.
func CSVRecord(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = CSVCell(s)
	}
	return out
}

// Markdown is s as inline Markdown text that shows as written: line breaks
// become spaces (a field cannot start a block of its own), and backslash,
// brackets, backquote, emphasis marks, tilde and pipe are escaped, as is a
// < that could open a tag, a comment or an autolink (<img, </p, <!--,
// <https:); "<3" stays as it is. So are the marks by which GitHub-flavoured
// Markdown links bare addresses: the colon of "://", the dot of "www." and
// "@". Use it for text that follows other text on its line; MarkdownLine
// for text that starts a line.
func Markdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\r', '\n':
			b.WriteByte(' ')
			if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		case '\\', '`', '*', '_', '[', ']', '~', '|':
			b.WriteByte('\\')
		case '<':
			if i+1 < len(s) && opensTag(s[i+1]) {
				b.WriteByte('\\')
			}
		case ':': // https://... (GFM links bare addresses)
			if strings.HasPrefix(s[i+1:], "//") {
				b.WriteByte('\\')
			}
		case '.': // www.example.org
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\')
			}
		case '@': // name@example.org
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func opensTag(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// MarkdownLine is Markdown for text that starts a line: a first character
// that would make a heading, a quote, a list, a rule or a setext underline
// (#, >, -, +, =, or "1." and "1)") is escaped too, and leading spaces
// and tabs that would make a code block are dropped.
func MarkdownLine(s string) string {
	m := strings.TrimLeft(Markdown(s), " \t")
	if m == "" {
		return m
	}
	switch m[0] {
	case '#', '>', '-', '+', '=':
		return `\` + m
	}
	if d := len(m) - len(strings.TrimLeft(m, "0123456789")); d > 0 && d < len(m) && (m[d] == '.' || m[d] == ')') {
		return m[:d] + `\` + m[d:]
	}
	return m
}
