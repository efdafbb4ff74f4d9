package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitCodeClassification(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil, "--codebook", "empty")
	missing := filepath.Join(t.TempDir(), "missing.fwp")
	tests := []struct {
		name  string
		args  []string
		usage bool
	}{
		{"unknown command", []string{"nope"}, true},
		{"misspelt command", []string{"sorces", p}, true},
		{"sources without project", []string{"sources"}, true},
		{"sources with two projects", []string{"sources", p, p}, true},
		{"unknown flag", []string{"sources", p, "--bogus"}, true},
		{"unknown global flag", []string{"--bogus", "sources", p}, true},
		{"flag without value", []string{"import", p, "x.txt", "--city"}, true},
		{"init without project", []string{"init"}, true},
		{"import without files", []string{"import", p}, true},
		{"show without source", []string{"show", p}, true},
		{"codebook add without path", []string{"codebook", "add", p}, true},
		{"codebook with two args", []string{"codebook", p, "extra"}, true},
		{"participants set without pairs", []string{"participants", "set", p, "X"}, true},
		{"participants merge one id", []string{"participants", "merge", p, "X"}, true},
		{"apply without source", []string{"apply", p, "--code", "X", "--match", "y"}, true},
		{"unapply bad id", []string{"unapply", p, "abc"}, true},
		{"demo with an argument", []string{"demo", "x"}, true},
		{"bad int flag", []string{"apply", p, "--source", "s", "--code", "c", "--start", "one", "--end", "2"}, true},

		{"missing project", []string{"sources", missing}, false},
		{"missing project for codebook", []string{"codebook", missing}, false},
		{"missing project for import", []string{"import", missing, "x.txt"}, false},
		{"unknown source", []string{"show", p, "nosuch"}, false},
		{"unknown participant", []string{"participants", "set", p, "X", "a=b"}, false},
		{"unknown code", []string{"codebook", "delete", p, "X"}, false},
		{"missing transcript", []string{"import", p, filepath.Join(t.TempDir(), "x.txt")}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.usage {
				failUsage(t, nil, tc.args...)
			} else {
				failRuntime(t, nil, tc.args...)
			}
		})
	}
	if m, _ := filepath.Glob(missing + "*"); len(m) != 0 {
		t.Errorf("opening a missing project created %v", m)
	}
	errHas(t, failRuntime(t, nil, "sources", missing), "missing.fwp", "init")
}

func TestHelpIsNotAnError(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"help"}, {"--help"}, {"import", "--help"}, {"codebook", "add", "--help"}} {
		out := run(t, nil, args...)
		if out == "" {
			t.Errorf("fieldwork %v printed nothing", args)
		}
	}
}

// TestErrorsSayItOnce: an error that names its command is printed without a
// second "fieldwork:"; mistyped flags, tables and code names get the closest
// name there is.
func TestErrorsSayItOnce(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	env := &Env{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	root := newRootCmd(env)
	root.SetArgs([]string{"recs"})
	if code := execute(env, root); code != exitUsage {
		t.Errorf("exit code %d, want %d", code, exitUsage)
	}
	if got := errb.String(); strings.Contains(got, "fieldwork: fieldwork") || !strings.HasPrefix(got, "fieldwork recs: expects PROJECT, got 0 arguments\n") {
		t.Errorf("stderr %q", got)
	}

	p := demoForAnalysis(t)
	errHas(t, failUsage(t, nil, "table", p, "needs", "--supress-below", "3"), "unknown flag: --supress-below", "did you mean --suppress-below?")
	errHas(t, failUsage(t, nil, "report", p, "--passphrase-fil", "x"), "did you mean --passphrase-file?")
	errHas(t, failUsage(t, nil, "table", p, "need"), `did you mean "needs"?`)
	errHas(t, fail(t, nil, "codings", p, "--code", "Legal assistence"), `did you mean "Adaptation and support systems/Legal assistance"?`)
	errHas(t, fail(t, nil, "apply", p, "--source", "ottawa-fg", "--code", "Self-sensorship", "--match", "helped", "--occurrence", "1", "--coder", "x"), `did you mean "Risks of activism and transnational repression/Self-censorship"?`)
	if err := failUsage(t, nil, "table", p, "needs", "--zzz"); strings.Contains(err.Error(), "did you mean") {
		t.Errorf("a flag like no other got a suggestion: %v", err)
	}
}
