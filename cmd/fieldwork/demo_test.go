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
