package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyProject copies a closed project file: another coder's offline copy.
func copyProject(t *testing.T, from, name string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return to
}

// mergeProjects gives a project coded by lea and kai's copy of it, where
// kai coded one passage lea also coded and one she did not, with a new code.
func mergeProjects(t *testing.T, env vars) (here, there string) {
	t.Helper()
	here = newProject(t, env)
	one := writeFile(t, filepath.Dir(here), "fg-one.txt", []byte("Facilitator: What helps you?\nP1: A lawyer helped me. The papers took a year.\n"))
	run(t, env, "import", here, one)
	there = copyProject(t, here, "kai.fwp")
	run(t, env, "apply", here, "--source", "fg-one", "--code", legal, "--match", "A lawyer helped me.", "--coder", "lea")
	run(t, env, "apply", there, "--source", "fg-one", "--code", legal, "--match", "A lawyer helped me.", "--coder", "lea")
	run(t, env, "codebook", "add", there, "Adaptation and support systems/Waiting")
	run(t, env, "apply", there, "--source", "fg-one", "--code", "Waiting", "--match", "The papers took a year.", "--coder", "kai")
	return here, there
}

func TestMergeCommand(t *testing.T) {
	t.Parallel()
	here, there := mergeProjects(t, nil)
	dry := run(t, nil, "merge", here, there, "--dry-run")
	for _, want := range []string{"Dry run", "nothing was changed", "Sources: 1 matched", "Codes added (1): Adaptation and support systems/Waiting"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry)
		}
	}
	if n := len(jsonArray(t, run(t, nil, "codings", here, "--json"))); n != 1 {
		t.Fatalf("a dry run changed the project: %d codings", n)
	}
	out := run(t, nil, "merge", here, there)
	if !strings.Contains(out, "Merged kai.fwp into study.fwp.") {
		t.Errorf("output:\n%s", out)
	}
	var kai, lea string
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "kai "):
			kai = strings.Join(strings.Fields(l), " ")
		case strings.HasPrefix(l, "lea "):
			lea = strings.Join(strings.Fields(l), " ")
		}
	}
	if kai != "kai 1 0 0" || lea != "lea 0 1 0" {
		t.Errorf("per coder: %q, %q\n%s", kai, lea, out)
	}
	list := jsonArray(t, run(t, nil, "codings", here, "--json"))
	if len(list) != 2 {
		t.Fatalf("%d codings after the merge, want 2", len(list))
	}
	// The merged project's agreement now compares lea and kai.
	a := run(t, nil, "agree", here, "--code", "Adaptation and support systems")
	if !strings.Contains(a, "Agreement of kai, lea") {
		t.Errorf("agree after merge:\n%s", a)
	}
}

func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	here, there := mergeProjects(t, nil)
	failUsage(t, nil, "merge", here, here)
	failUsage(t, nil, "merge", here)
	errHas(t, failRuntime(t, nil, "merge", here, filepath.Join(t.TempDir(), "none.fwp")), "none.fwp")
	// A source kai imported on the laptop and coded is not here: refused.
	extra := writeFile(t, t.TempDir(), "fg-two.txt", []byte("Facilitator: Tell us more.\nP3: Nobody listened to us.\n"))
	run(t, nil, "import", there, extra)
	run(t, nil, "apply", there, "--source", "fg-two", "--code", legal, "--match", "Nobody listened", "--coder", "kai")
	errHas(t, failRuntime(t, nil, "merge", here, there), `source "fg-two" is not in this project`, "nothing was changed")
	if n := len(jsonArray(t, run(t, nil, "codings", here, "--json"))); n != 1 {
		t.Errorf("a refused merge changed the project: %d codings", n)
	}
}

func TestMergeEncrypted(t *testing.T) {
	t.Parallel()
	env := vars{"FIELDWORK_PASSPHRASE": "correct horse battery staple"}
	here, there := mergeProjects(t, env)
	out := run(t, env, "merge", here, there)
	if !strings.Contains(out, "Merged kai.fwp") {
		t.Errorf("output:\n%s", out)
	}
	// OTHER with its own passphrase.
	pf := writeFile(t, t.TempDir(), "pass", []byte("correct horse battery staple\n"))
	out = run(t, nil, "merge", here, there, "--passphrase-file", pf, "--other-passphrase-file", pf, "--dry-run")
	if !strings.Contains(out, "kai") {
		t.Errorf("output:\n%s", out)
	}
	failRuntime(t, nil, "merge", here, there)
}
