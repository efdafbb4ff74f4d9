package inert

import (
	"regexp"
	"testing"
)

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"@SUM(1)", "'@SUM(1)"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"-3", "-3"},
		{"-0.25", "-0.25"},
		{"-.5", "-.5"},
		{"-1e3", "-1e3"},
		{"-1e3=1", "'-1e3=1"},
		{"3-1", "3-1"},
		{"a=b", "a=b"},
		{"<3", "<3"},
	}
	for _, tc := range tests {
		if got := CSVCell(tc.in); got != tc.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := CSVRecord([]string{"=1", "2"}); got[0] != "'=1" || got[1] != "2" {
		t.Errorf("CSVRecord %q", got)
	}
}

// active finds Markdown that a viewer would turn into markup, a link or an
// image: an unescaped bracket or a < that opens a tag.
var active = regexp.MustCompile(`(?:^|[^\\])(?:\\\\)*(?:\[|\]|<[A-Za-z/!?]|://|(?i:www)\.|@)`)

func TestMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{`<img src="https://evil.example/p.png">`, `\<img src="https\://evil.example/p.png">`},
		{"![t](https://evil.example/p.png)", `!\[t\](https\://evil.example/p.png)`},
		{"[x](https://evil.example)", `\[x\](https\://evil.example)`},
		{"<https://evil.example>", `\<https\://evil.example>`},
		{"</p><!-- x -->", `\</p>\<!-- x -->`},
		{"<3 of 9", "<3 of 9"},
		{"a | b", `a \| b`},
		{"*bold* _it_ `code` ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~"},
		{`\[x](y)`, `\\\[x\](y)`},
		{"one\ntwo\r\nthree", "one two three"},
		{"see https://evil.example or WWW.evil.example, ana@evil.example", `see https\://evil.example or WWW\.evil.example, ana\@evil.example`},
		{"at 10:30, a.b", "at 10:30, a.b"},
	}
	for _, tc := range tests {
		got := Markdown(tc.in)
		if got != tc.want {
			t.Errorf("Markdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if active.MatchString(got) {
			t.Errorf("Markdown(%q) = %q is still active", tc.in, got)
		}
	}
	lines := []struct{ in, want string }{
		{"# Heading", `\# Heading`},
		{"> quote", `\> quote`},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"===", `\===`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"    code", "code"},
		{"\tcode", "code"},
		{"2026 was", "2026 was"},
		{"<3: fewer than 3", "<3: fewer than 3"},
		{"x\n# y", "x # y"},
	}
	for _, tc := range lines {
		if got := MarkdownLine(tc.in); got != tc.want {
			t.Errorf("MarkdownLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCSVRoundTrip: CSVValue gives back what CSVCell was given, for
// values that need an apostrophe, values that already have one, and
// values that need nothing.
func TestCSVRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "=SUM(1)", "'=SUM(1)", "''=x", "'quoted'", "-3", "-x", "@h", "+1", "\tx", "'", "'-2"} {
		if got := CSVValue(CSVCell(s)); got != s {
			t.Errorf("CSVValue(CSVCell(%q)) = %q", s, got)
		}
	}
}
