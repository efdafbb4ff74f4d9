package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// failing is a command that fails as fn does.
func failing(fn func() error) (*Env, *bytes.Buffer, *cobra.Command) {
	var out, errb bytes.Buffer
	env := &Env{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	root := &cobra.Command{Use: "fieldwork", SilenceErrors: true, SilenceUsage: true, RunE: func(*cobra.Command, []string) error { return fn() }}
	root.SetArgs(nil)
	return env, &errb, root
}

func indexPanic(list []int) int { return list[0] }

func TestExecuteExitCodes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.csv")
	tests := []struct {
		name string
		fn   func() error
		code int
		msg  []string
	}{
		{"ok", func() error { return nil }, 0, nil},
		{"failure", func() error { return errors.New("no such project") }, 1, []string{"fieldwork: no such project"}},
		{"usage", func() error { return usagef("--format %q: want md", "x") }, 2, []string{"want md", "Run 'fieldwork help'"}},
		{"panic", func() error {
			indexPanic(nil)
			return os.WriteFile(out, []byte("partial"), 0o600)
		}, 3, []string{"fieldwork: internal error (fieldwork ", "index out of range [0] with length 0", "at cmd/fieldwork.indexPanic (exit_test.go:", "This is a bug"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, errb, root := failing(tc.fn)
			if code := execute(env, root); code != tc.code {
				t.Errorf("exit code %d, want %d; stderr %s", code, tc.code, errb)
			}
			for _, m := range tc.msg {
				if !strings.Contains(errb.String(), m) {
					t.Errorf("stderr %q does not say %q", errb, m)
				}
			}
		})
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the panicking command wrote %s", out)
	}
}

// A CSV report either writes its folder whole or leaves nothing: not the
// folder, nor the temporary one beside it (a panic included, which a
// project with no codings caused once).
func TestReportCSVWholeOrNothing(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.csv")
	var stdout, stderr bytes.Buffer
	env := &Env{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Getenv: func(string) string { return "" }}
	root := newRootCmd(env)
	root.SetArgs([]string{"report", p, "--format", "csv", "--out", out})
	code := execute(env, root)
	entries, _ := os.ReadDir(dir)
	if code == 0 {
		files, _ := os.ReadDir(out)
		if len(files) == 0 || len(entries) != 1 {
			t.Errorf("report succeeded with %d tables and %d entries beside", len(files), len(entries))
		}
		return
	}
	if len(entries) != 0 {
		t.Errorf("report failed (exit %d: %s) and left %v", code, stderr.String(), entries)
	}
}
