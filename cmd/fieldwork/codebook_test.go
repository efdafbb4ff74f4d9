package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// codes returns `codebook --json` by path, checking every entry's keys.
func codes(t *testing.T, env vars, p string) map[string]map[string]any {
	t.Helper()
	list := jsonArray(t, run(t, env, "codebook", p, "--json"))
	for _, c := range list {
		assertKeys(t, "codebook --json", c, "path", "name", "parent", "definition", "inclusion", "exclusion",
			"color", "codings", "codings_with_subcodes", "need")
	}
	return byKey(t, list, "path")
}

// codedProject has an empty codebook, one source "fg", the codes
// Theme/A, Theme/B and Other, and codings: two of Theme/A, one of Theme/B.
func codedProject(t *testing.T) string {
	t.Helper()
	return shared(t, "coded", "study.fwp", func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "study.fwp")
		run(t, nil, "init", p, "--codebook", "empty")
		f := writeFile(t, dir, "fg.txt", []byte("Amira: The paperwork took two years.\nJonas: A mentor helped me find work.\n"))
		run(t, nil, "import", p, f)
		for _, c := range []string{"Theme/A", "Theme/B", "Other"} {
			run(t, nil, "codebook", "add", p, c, "--parents")
		}
		run(t, nil, "apply", p, "--source", "fg", "--code", "Theme/A", "--match", "paperwork", "--coder", "lea")
		run(t, nil, "apply", p, "--source", "fg", "--code", "Theme/A", "--match", "two years", "--coder", "sam")
		run(t, nil, "apply", p, "--source", "fg", "--code", "Theme/B", "--match", "A mentor", "--coder", "lea")
		return p
	})
}

func TestCodebookTreeAndJSON(t *testing.T) {
	t.Parallel()
	p := codedProject(t)
	out := run(t, nil, "codebook", p)
	want := "code   codings  colour\n" +
		"Theme    0 (3)  #1f77b4\n" +
		"├─ A         2  #1f77b4\n" +
		"└─ B         1  #ff7f0e\n" +
		"Other        0  #ff7f0e\n" +
		"codings: on the code itself (with its sub-codes)\n"
	if out != want {
		t.Errorf("codebook tree:\n%s\nwant:\n%s", out, want)
	}
	cb := codes(t, nil, p)
	if len(cb) != 4 {
		t.Errorf("%d codes, want 4", len(cb))
	}
	for path, w := range map[string]struct {
		name, parent  string
		codings, with int
	}{
		"Theme": {"Theme", "", 0, 3}, "Theme/A": {"A", "Theme", 2, 2}, "Theme/B": {"B", "Theme", 1, 1}, "Other": {"Other", "", 0, 0},
	} {
		c := cb[path]
		if c == nil {
			t.Errorf("no code %q", path)
			continue
		}
		if c["name"] != w.name || c["parent"] != w.parent || num(t, c, "codings") != w.codings || num(t, c, "codings_with_subcodes") != w.with {
			t.Errorf("%s = %v, want %+v", path, c, w)
		}
	}

	empty := newProject(t, nil, "--codebook", "empty")
	if out := run(t, nil, "codebook", empty, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty codebook --json = %q", out)
	}
	if out := run(t, nil, "codebook", empty); !strings.Contains(out, "codebook is empty") {
		t.Errorf("empty codebook: %q", out)
	}
}

func TestCodebookAdd(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	// A parent that is not in the codebook is refused (a typo would make a
	// new theme), with the closest code there is; --parents creates it.
	errHas(t, failUsage(t, nil, "codebook", "add", p, "Risks/Digital/Phishing"), `no code "Risks/Digital"`, "--parents")
	if n := len(codes(t, nil, p)); n != 0 {
		t.Fatalf("a refused add left %d codes", n)
	}
	out := run(t, nil, "codebook", "add", p, "Risks/Digital/Phishing", "--definition", "Fake login pages", "--color", "#AABBCC", "--parents")
	if !strings.Contains(out, "added Risks/Digital/Phishing") {
		t.Errorf("add said %q", out)
	}
	cb := codes(t, nil, p)
	for _, path := range []string{"Risks", "Risks/Digital", "Risks/Digital/Phishing"} {
		if cb[path] == nil {
			t.Errorf("missing parent %q was not created: %v", path, cb)
		}
	}
	leaf := cb["Risks/Digital/Phishing"]
	if leaf["definition"] != "Fake login pages" || !strings.EqualFold(leaf["color"].(string), "#aabbcc") || leaf["parent"] != "Risks/Digital" {
		t.Errorf("leaf = %v", leaf)
	}
	if c, _ := cb["Risks"]["color"].(string); c == "" {
		t.Error("a created parent has no colour")
	}

	for _, bad := range []string{"red", "#abc", "#gggggg", "aabbcc"} {
		err := failUsage(t, nil, "codebook", "add", p, "Other", "--color", bad)
		errHas(t, err, bad)
	}
	errHas(t, failRuntime(t, nil, "codebook", "add", p, "Risks/Digital"), "already exists")
	failRuntime(t, nil, "codebook", "add", p, "A//B")
	failUsage(t, nil, "codebook", "add", p)
	errHas(t, failUsage(t, nil, "codebook", "add", p, "Risk/Digital/Spyware"), `no code "Risk/Digital"`, `did you mean "Risks/Digital"?`)
	run(t, nil, "codebook", "add", p, "risks/digital/Spyware") // a parent's case does not matter
	errHas(t, failRuntime(t, nil, "codebook", "set", p, "Phising", "--definition", "x"), `did you mean "Risks/Digital/Phishing"?`)
	if n := len(codes(t, nil, p)); n != 4 {
		t.Errorf("refused adds left %d codes, want 4", n)
	}
}

func TestCodebookEdit(t *testing.T) {
	t.Parallel()
	p := codedProject(t)
	steps := []struct {
		name  string
		args  []string
		want  string // output
		check func(t *testing.T, cb map[string]map[string]any)
	}{
		{"set definition and colour", []string{"set", p, "Theme/A", "--definition", "New one", "--color", "#123456"}, "updated Theme/A",
			func(t *testing.T, cb map[string]map[string]any) {
				if a := cb["Theme/A"]; a["definition"] != "New one" || a["color"] != "#123456" {
					t.Errorf("Theme/A = %v", a)
				}
			}},
		{"set leaves other fields", []string{"set", p, "Theme/A", "--inclusion", "Any paper"}, "updated Theme/A",
			func(t *testing.T, cb map[string]map[string]any) {
				if a := cb["Theme/A"]; a["definition"] != "New one" || a["inclusion"] != "Any paper" || a["color"] != "#123456" {
					t.Errorf("Theme/A = %v", a)
				}
			}},
		{"set by unique name", []string{"set", p, "B", "--exclusion", "Not this"}, "updated Theme/B",
			func(t *testing.T, cb map[string]map[string]any) {
				if cb["Theme/B"]["exclusion"] != "Not this" {
					t.Errorf("Theme/B = %v", cb["Theme/B"])
				}
			}},
		{"rename keeps codings", []string{"rename", p, "Theme/A", "Documents"}, "renamed to Theme/Documents",
			func(t *testing.T, cb map[string]map[string]any) {
				d := cb["Theme/Documents"]
				if cb["Theme/A"] != nil || d == nil || num(t, d, "codings") != 2 || d["definition"] != "New one" {
					t.Errorf("after rename: %v", cb)
				}
			}},
		{"move under another code", []string{"move", p, "Theme/Documents", "Other"}, "moved to Other/Documents",
			func(t *testing.T, cb map[string]map[string]any) {
				if cb["Other/Documents"] == nil || num(t, cb["Other"], "codings_with_subcodes") != 2 || num(t, cb["Theme"], "codings_with_subcodes") != 1 {
					t.Errorf("after move: %v", cb)
				}
			}},
		{"move to the top", []string{"move", p, "Other/Documents", "/"}, "moved to Documents",
			func(t *testing.T, cb map[string]map[string]any) {
				if d := cb["Documents"]; d == nil || d["parent"] != "" {
					t.Errorf("after move to /: %v", cb)
				}
			}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			out := run(t, nil, append([]string{"codebook"}, st.args...)...)
			if !strings.Contains(out, st.want) {
				t.Errorf("said %q, want %q", out, st.want)
			}
			st.check(t, codes(t, nil, p))
		})
	}
	// The codings follow the renamed and moved code.
	cs := jsonArray(t, run(t, nil, "codings", p, "--code", "Documents", "--json"))
	if len(cs) != 2 || cs[0]["code"] != "Documents" {
		t.Errorf("codings of the moved code: %v", cs)
	}

	codebookRefusals(t, p)
}

// codebookRefusals: edits that must be refused, leaving the codebook as it
// is (a code Documents under the root, Theme with Theme/B).
func codebookRefusals(t *testing.T, p string) {
	t.Helper()
	failures := []struct {
		name string
		args []string
		want []string
	}{
		{"move under itself", []string{"move", p, "Theme", "Theme"}, []string{"under itself"}},
		{"move under its own sub-code", []string{"move", p, "Theme", "Theme/B"}, []string{"under itself"}},
		{"rename to a sibling's name", []string{"rename", p, "Documents", "Theme"}, []string{"Theme"}},
		{"rename to a path", []string{"rename", p, "Documents", "x/y"}, []string{"x/y"}},
		{"set unknown code", []string{"set", p, "Nope", "--definition", "x"}, []string{"Nope", "not found"}},
		{"rename unknown code", []string{"rename", p, "Nope", "Yes"}, []string{"Nope"}},
		{"move to unknown parent", []string{"move", p, "Documents", "Nope"}, []string{"Nope"}},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			before := run(t, nil, "codebook", p, "--json")
			errHas(t, failRuntime(t, nil, append([]string{"codebook"}, f.args...)...), f.want...)
			if after := run(t, nil, "codebook", p, "--json"); after != before {
				t.Errorf("a refused %s changed the codebook", f.args[0])
			}
		})
	}
	errHas(t, failUsage(t, nil, "codebook", "set", p, "Documents", "--color", "blue"), "blue")
}

func TestCodebookMerge(t *testing.T) {
	t.Parallel()
	p := codedProject(t)
	run(t, nil, "codebook", "add", p, "Theme/A/Deep")
	out := run(t, nil, "codebook", "merge", p, "Theme/A", "Theme/B")
	if !strings.Contains(out, "merged Theme/A into Theme/B (2 codings moved)") {
		t.Errorf("merge said %q", out)
	}
	cb := codes(t, nil, p)
	if cb["Theme/A"] != nil {
		t.Error("merged code still exists")
	}
	if cb["Theme/B/Deep"] == nil {
		t.Errorf("sub-code of the merged code did not move: %v", cb)
	}
	if n := num(t, cb["Theme/B"], "codings"); n != 3 {
		t.Errorf("Theme/B has %d codings, want 3", n)
	}
	for _, c := range jsonArray(t, run(t, nil, "codings", p, "--json")) {
		if c["code"] != "Theme/B" {
			t.Errorf("coding %v not moved to Theme/B", c)
		}
	}
	errHas(t, failRuntime(t, nil, "codebook", "merge", p, "Theme", "Theme/B"), "sub-code")
	errHas(t, failRuntime(t, nil, "codebook", "merge", p, "Theme/B", "Theme/B"), "same")
	failRuntime(t, nil, "codebook", "merge", p, "Nope", "Theme/B")
}

func TestCodebookDelete(t *testing.T) {
	t.Parallel()
	p := codedProject(t)
	out := run(t, nil, "codebook", "delete", p, "Other")
	if !strings.Contains(out, "deleted Other (0 codings deleted)") {
		t.Errorf("delete said %q", out)
	}
	errHas(t, failRuntime(t, nil, "codebook", "delete", p, "Theme/A"), "in use", "--force")
	errHas(t, failRuntime(t, nil, "codebook", "delete", p, "Theme"), "--force")
	if cb := codes(t, nil, p); cb["Theme/A"] == nil || num(t, cb["Theme/A"], "codings") != 2 {
		t.Fatalf("a refused delete changed the codebook: %v", cb)
	}
	out = run(t, nil, "codebook", "delete", p, "Theme/A", "--force")
	if !strings.Contains(out, "(2 codings deleted)") {
		t.Errorf("delete --force said %q", out)
	}
	if n := len(jsonArray(t, run(t, nil, "codings", p, "--json"))); n != 1 {
		t.Errorf("%d codings left, want 1", n)
	}
	run(t, nil, "codebook", "delete", p, "Theme", "--force")
	if cb := codes(t, nil, p); len(cb) != 0 {
		t.Errorf("codes left: %v", cb)
	}
	if n := len(jsonArray(t, run(t, nil, "codings", p, "--json"))); n != 0 {
		t.Errorf("%d codings left after deleting their codes", n)
	}
	failRuntime(t, nil, "codebook", "delete", p, "Nope")
}

func TestCodebookExportImport(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	run(t, nil, "codebook", "add", p, "Extra/Leaf", "--definition", "Added", "--color", "#010203", "--parents")
	run(t, nil, "codebook", "set", p, "Self-censorship", "--inclusion", "Deleting posts", "--exclusion", "Privacy settings", "--example", "I delete it")
	dir := t.TempDir()
	file := filepath.Join(dir, "codebook.json")
	out := run(t, nil, "codebook", "export", p, "--out", file)
	if !strings.Contains(out, "wrote 22 codes") {
		t.Errorf("export said %q", out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Without --out the JSON goes to stdout, the same.
	if stdout := run(t, nil, "codebook", "export", p); stdout != string(data) {
		t.Errorf("export to stdout differs from export --out")
	}

	q := newProject(t, nil, "--codebook", "empty")
	out = run(t, nil, "codebook", "import", q, file)
	if !strings.Contains(out, "22 codes created, 0 updated") {
		t.Errorf("import said %q", out)
	}
	if a, b := run(t, nil, "codebook", p, "--json"), run(t, nil, "codebook", q, "--json"); a != b {
		t.Errorf("imported codebook differs:\n%s\nvs\n%s", a, b)
	}
	if a, b := run(t, nil, "codebook", p), run(t, nil, "codebook", q); a != b {
		t.Errorf("imported codebook tree differs:\n%s\nvs\n%s", a, b)
	}
	if again := run(t, nil, "codebook", "export", q); again != string(data) {
		t.Errorf("re-export differs (the example field or order was lost):\n%s\nvs\n%s", again, data)
	}
	// Importing again updates, never duplicates.
	out = run(t, nil, "codebook", "import", q, file)
	if !strings.Contains(out, "0 codes created") {
		t.Errorf("second import said %q", out)
	}

	bad := writeFile(t, dir, "bad.json", []byte("{not json"))
	errHas(t, failRuntime(t, nil, "codebook", "import", q, bad), "bad.json")
	failRuntime(t, nil, "codebook", "import", q, filepath.Join(dir, "missing.json"))
}

// TestCodebookNeed: --need marks a code for the needs table and shows in
// codebook --json; --need=false unmarks it.
func TestCodebookNeed(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	run(t, nil, "codebook", "set", p, "Legal assistance", "--need")
	cb := byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")
	if cb["Adaptation and support systems/Legal assistance"]["need"] != true || cb["Adaptation and support systems/Housing and health"]["need"] != false {
		t.Fatalf("need flags: %v", cb)
	}
	run(t, nil, "codebook", "set", p, "Legal assistance", "--need=false")
	cb = byKey(t, jsonArray(t, run(t, nil, "codebook", p, "--json")), "path")
	if cb["Adaptation and support systems/Legal assistance"]["need"] != false {
		t.Fatal("--need=false did not unmark")
	}
}
