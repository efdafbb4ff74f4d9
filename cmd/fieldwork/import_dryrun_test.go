package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestImportDryRunAndWarnings: --dry-run shows the speakers and turn counts
// a file would make and writes nothing; the reader's doubts (lines that
// look like labels but were read as speech) go to stderr with the file and
// line, on a dry run and on an import.
func TestImportDryRunAndWarnings(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	dir := t.TempDir()
	f := writeFile(t, dir, "fg.txt", []byte("Moderator (Jane): Welcome.\nP1: Hello there.\nOttawa - the city\nP2 (woman, 40s): From the radio.\nP3 - I went there.\nP1: Fine.\n"))
	before := run(t, nil, "sources", p, "--json")
	r := exec(t, nil, "import", p, f, "--dry-run")
	if r.e != nil {
		t.Fatal(r.e)
	}
	for _, want := range []string{"dry run: nothing was written", "5 turns", "4 speakers",
		"Moderator", "facilitator", "P1", "participant"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, r.out)
		}
	}
	if !regexp.MustCompile(`(?m)^P1 +participant +2$`).MatchString(r.out) {
		t.Errorf("dry run does not give P1 two turns:\n%s", r.out)
	}
	wantWarn := "warning: " + f + ` line 3: "Ottawa -" looks like a speaker label`
	if !strings.Contains(r.err, wantWarn) {
		t.Errorf("dry run stderr lacks %q:\n%s", wantWarn, r.err)
	}
	if strings.Contains(r.out, "Ottawa -") {
		t.Errorf("a warning went to stdout:\n%s", r.out)
	}
	if after := run(t, nil, "sources", p, "--json"); after != before {
		t.Errorf("a dry run changed the sources:\n%s", after)
	}

	r = exec(t, nil, "import", p, f)
	if r.e != nil {
		t.Fatal(r.e)
	}
	if !strings.Contains(r.err, wantWarn) || !strings.Contains(r.out, "imported 1 source into") {
		t.Errorf("import: stdout %q, stderr %q", r.out, r.err)
	}
	failUsage(t, nil, "import", p, writeFile(t, dir, "x.qdpx", []byte("x")), "--dry-run")
}
