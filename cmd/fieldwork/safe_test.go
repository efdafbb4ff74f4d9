package main

import (
	"strings"
	"testing"
)

// TestTerminalOutputIsInert: stored text with escape sequences prints
// escaped, and code names with control characters are refused.
func TestTerminalOutputIsInert(t *testing.T) {
	t.Parallel()
	p := hostileProject(t)
	run(t, nil, "participants", "set", p, "HAM-02", "note=\x1b]0;owned\x07 and \x1b[2J")
	out := run(t, nil, "participants", p) // run fails on any raw escape
	if !strings.Contains(out, `\x1b]0;owned\x07`) {
		t.Errorf("the attribute is not shown escaped:\n%s", out)
	}
	err := fail(t, nil, "codebook", "add", p, "Safety/\x1b[31mRed")
	errHas(t, err, "control character U+001B")
	if out := run(t, nil, "codebook", p); strings.Contains(out, "Red") {
		t.Errorf("the refused code was added:\n%s", out)
	}
	errHas(t, fail(t, nil, "codebook", "add", p, "Fine", "--definition", "a \x1b[5mblinking\x1b[0m one"), "definition", "U+001B")
	cb := writeFile(t, t.TempDir(), "cb.json", []byte(`{"codes":[{"path":"Fine"},{"path":"Bad\u0007bell"}]}`))
	errHas(t, fail(t, nil, "codebook", "import", p, cb), "codebook code 2", "U+0007")
}
