package textfit

import (
	"strings"
	"testing"
	"time"
)

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven chars", 10, "eleven ch…"},
		{"Amélie à Montréal", 8, "Amélie …"},
		{"宽宽宽宽", 5, "宽宽…"},
		{"x", 0, ""},
	}
	for _, tc := range tests {
		if got := Clip(tc.in, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
	if got := Cell("two\n  lines here", 20); got != "two lines here" {
		t.Errorf("Cell = %q", got)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"one two three four", 9, "one two\nthree\nfour"},
		{"first para\nsecond one here", 10, "first para\nsecond one\nhere"},
		{"a supercalifragilistic word", 8, "a\nsupercalifragilistic\nword"},
		{"Réfugiée à Montréal depuis", 12, "Réfugiée à\nMontréal\ndepuis"},
		{"", 5, ""},
	}
	for _, tc := range tests {
		if got := Wrap(tc.in, tc.width); got != tc.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		4600 * time.Millisecond:                        "00:00:04",
		time.Hour + 2*time.Minute + 3*time.Second:      "01:02:03",
		26*time.Hour + 59*time.Minute + 59*time.Second: "26:59:59",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%v) = %s, want %s", d, got, want)
		}
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain Montréal 東京":           "plain Montréal 東京",
		"red \x1b[31mtext\x1b[0m":     `red \x1b[31mtext\x1b[0m`,
		"title \x1b]0;pwned\x07":      `title \x1b]0;pwned\x07`,
		"bell\x07 and \u009b C1":      `bell\x07 and \u009b C1`,
		"evil\u202egnp.exe":           `evil\u202egnp.exe`,
		"two\nlines\tand tab":         "two\nlines\tand tab",
		"carriage\rreturn overwrites": `carriage\x0dreturn overwrites`,
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Cell("a\x1b[2Jb", 20); strings.Contains(got, "\x1b") {
		t.Errorf("Cell lets an escape through: %q", got)
	}
}
