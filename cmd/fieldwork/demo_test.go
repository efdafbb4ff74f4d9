package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "demo.fwp")

	out := run(t, nil, "demo", "--out", p)
	for _, w := range []string{
		"built " + p,
		"montreal-fg", "ottawa-fg", "toronto-fg",
		"27 participants (invented) and 3 facilitators",
		"20 codes in the starter codebook",
		"by two coders",
		"Next:", "fieldwork sources " + p,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("demo output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "not in the roster") {
		t.Errorf("demo has speaker labels outside its roster:\n%s", out)
	}

	srcs := jsonArray(t, run(t, nil, "sources", p, "--json"))
	if len(srcs) != 3 {
		t.Fatalf("%d sources, want 3", len(srcs))
	}
	formats, people := map[string]bool{}, 0
	for _, s := range srcs {
		formats[s["format"].(string)] = true
		people += num(t, s, "participants")
		if num(t, s, "words") < 4000 {
			t.Errorf("source %v has fewer than 4,000 words", s["name"])
		}
	}
	if len(formats) != 3 || people != 27 {
		t.Errorf("formats %v and %d participants, want 3 formats and 27", formats, people)
	}
	var nonFac int
	for _, pj := range jsonArray(t, run(t, nil, "participants", p, "--json")) {
		if pj["facilitator"] == false {
			nonFac++
		}
	}
	if nonFac != 27 {
		t.Errorf("%d participants, want 27", nonFac)
	}

	// A second run without --force leaves the project alone.
	run(t, nil, "codebook", "add", p, "Marker")
	out = run(t, nil, "demo", "--out", p)
	if !strings.Contains(out, "already here") || !strings.Contains(out, "--force") || strings.Contains(out, "built") {
		t.Errorf("second demo run said:\n%s", out)
	}
	if _, ok := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")["Marker"]; !ok {
		t.Error("demo without --force rebuilt the project")
	}

	// --force rebuilds it.
	out = run(t, nil, "demo", "--out", p, "--force")
	if !strings.Contains(out, "built") || !strings.Contains(out, "27 participants") {
		t.Errorf("demo --force said:\n%s", out)
	}
	if _, ok := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")["Marker"]; ok {
		t.Error("demo --force did not rebuild the project")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.building*")); len(m) != 0 {
		t.Errorf("demo left temporary files: %v", m)
	}
}

func TestDemoDefaultFileInCurrentFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out := run(t, nil, "demo")
	if !strings.Contains(out, "fieldwork-demo.fwp") {
		t.Errorf("demo said:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "fieldwork-demo.fwp")); err != nil {
		t.Errorf("no fieldwork-demo.fwp in the current folder: %v", err)
	}
}

// TestDemoNextCommands: every "Next:" line is a command that exists and
// runs on the demo project as printed, with nothing after it (no comment
// in parentheses), starting the way fieldwork was started.
func TestDemoNextCommands(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	out := run(t, nil, "demo", "--out", p)
	_, next, ok := strings.Cut(out, "Next:")
	if !ok {
		t.Fatalf("no Next: in\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(next), "\n")[1:]
	if len(lines) < 10 {
		t.Fatalf("%d Next: lines", len(lines))
	}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasSuffix(l, ")") {
			t.Errorf("Next: line ends in a comment: %q", l)
		}
		args := shellWords(t, l)
		if args[0] != "fieldwork" {
			t.Errorf("Next: line %q does not start with fieldwork", l)
			continue
		}
		args = args[1:]
		for i := range args {
			if args[i] == "report.html" {
				args[i] = filepath.Join(t.TempDir(), "report.html")
			}
		}
		r := exec(t, nil, args...)
		if args[0] == "code" {
			// The workbench needs a terminal; the command exists.
			if r.e == nil || !strings.Contains(r.e.Error(), "terminal") {
				t.Errorf("%s: %v", l, r.e)
			}
			continue
		}
		if r.e != nil {
			t.Errorf("%s: %v", l, r.e)
		}
	}
}

// shellWords splits a command line as a POSIX shell would, for the
// double-quoted and plain words that the Next: lines use.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var w strings.Builder
	inQuote, inWord := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case r == ' ' && !inQuote:
			if inWord {
				out = append(out, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if inWord {
		out = append(out, w.String())
	}
	return out
}

func TestInvocation(t *testing.T) {
	for _, tc := range []struct{ args0, want string }{
		{"", "fieldwork"},
		{"fieldwork", "fieldwork"},
		{"/tmp/go-build2861/b001/exe/fieldwork", "go run ./cmd/fieldwork"},
		{"./fieldwork", "./fieldwork"},
		{"/home/a b/fieldwork", "'/home/a b/fieldwork'"},
	} {
		if got := (&Env{Args0: tc.args0}).invocation(); got != tc.want {
			t.Errorf("invocation of %q = %q, want %q", tc.args0, got, tc.want)
		}
	}
}
