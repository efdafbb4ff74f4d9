package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		wantCodes int // codes in `codebook --json`
		wantOut   string
	}{
		{"default is an empty codebook", nil, 0, "with an empty codebook"},
		{"the study's starter", []string{"--codebook", "hrd-study"}, 20, "with 20 codes"},
		{"starter, the old name", []string{"--codebook", "starter"}, 20, "with 20 codes"},
		{"empty", []string{"--codebook", "empty"}, 0, "with an empty codebook"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(t.TempDir(), "p.fwp")
			out := run(t, nil, append([]string{"init", p}, tc.args...)...)
			if !strings.Contains(out, tc.wantOut) || !strings.Contains(out, "not encrypted") {
				t.Errorf("init said %q, want %q and \"not encrypted\"", out, tc.wantOut)
			}
			if fi, err := os.Stat(p); err != nil {
				t.Fatal(err)
			} else if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
				t.Errorf("project mode %v, want 0600", fi.Mode().Perm())
			}
			codes := jsonArray(t, run(t, nil, "codebook", p, "--json"))
			if len(codes) != tc.wantCodes {
				t.Errorf("%d codes, want %d", len(codes), tc.wantCodes)
			}
		})
	}
}

func TestInitStarterCodebookHasTheThreeThemes(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	codes := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")
	for _, path := range []string{
		"Adaptation and support systems",
		"Adaptation and support systems/Legal assistance",
		"Risks of activism and transnational repression",
		"Risks of activism and transnational repression/Self-censorship",
		"Recognition and capacity building",
		"Recognition and capacity building/Secure collaboration platform",
		"Recognition and capacity building/Peer support",
	} {
		c, ok := codes[path]
		if !ok {
			t.Errorf("starter codebook has no %q", path)
			continue
		}
		if c["definition"] == "" {
			t.Errorf("%q has no definition", path)
		}
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	run(t, nil, "codebook", "add", p, "Kept")
	before, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", p}, {"init", p, "--codebook", "empty"}} {
		err := failRuntime(t, nil, args...)
		errHas(t, err, "already exists")
	}
	after, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) < len(before) {
		t.Errorf("the project shrank from %d to %d bytes", len(before), len(after))
	}
	if _, ok := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")["Kept"]; !ok {
		t.Error("a refused init lost a code of the existing project")
	}

	// Any existing file, not only a project.
	notes := writeFile(t, t.TempDir(), "notes.fwp", []byte("my notes"))
	failRuntime(t, nil, "init", notes)
	if b, _ := os.ReadFile(notes); string(b) != "my notes" {
		t.Errorf("init overwrote a file: now %q", b)
	}
}

func TestInitBadCodebookIsUsageError(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "p.fwp")
	err := failUsage(t, nil, "init", p, "--codebook", "bad")
	errHas(t, err, "hrd-study", "bad")
	if _, err := os.Stat(p); err == nil {
		t.Error("a refused init created the project file")
	}
	// A codebook file that does not parse creates nothing either.
	bad := writeFile(t, t.TempDir(), "cb.json", []byte("{not json"))
	errHas(t, failRuntime(t, nil, "init", p, "--codebook", bad), "cb.json", "no project was created")
	if _, err := os.Stat(p); err == nil {
		t.Error("an init with a broken codebook file created the project file")
	}
}

// TestInitCodebookFile: init brings a codebook exported from another
// project, in fieldwork's JSON or REFI-QDA's .qdc.
func TestInitCodebookFile(t *testing.T) {
	t.Parallel()
	from := newProject(t, nil)
	dir := t.TempDir()
	for _, f := range []string{"cb.json", "cb.qdc"} {
		out := filepath.Join(dir, f)
		format := "json"
		if filepath.Ext(f) == ".qdc" {
			format = "qdc"
		}
		run(t, nil, "codebook", "export", from, "--out", out, "--format", format)
		p := filepath.Join(dir, f+".fwp")
		run(t, nil, "init", p, "--codebook", out)
		if n := len(jsonArray(t, run(t, nil, "codebook", p, "--json"))); n != 20 {
			t.Errorf("init --codebook %s: %d codes, want the 20 exported", f, n)
		}
	}
}

// TestEmptyCodebookGuidance: an empty project's codebook says how to start
// one, and each way it names works.
func TestEmptyCodebookGuidance(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	out := run(t, nil, "codebook", p)
	if !strings.Contains(out, "--parents") || !strings.Contains(out, "codebook import "+p+" hrd-study") {
		t.Fatalf("empty codebook says %q", out)
	}
	run(t, nil, "codebook", "add", p, "Theme/Sub-code", "--parents")
	if out := run(t, nil, "codebook", "import", p, "hrd-study"); !strings.Contains(out, "20 codes created") {
		t.Errorf("codebook import hrd-study: %q", out)
	}
}
