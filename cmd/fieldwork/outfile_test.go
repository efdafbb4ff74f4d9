package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// Every --out file is written 0600, even over an existing file readable by
// others: the outputs hold participants' words.
func TestOutFilesOwnerOnly(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	dir := t.TempDir()
	tests := []struct {
		file string
		args []string
	}{
		{"codebook.json", []string{"codebook", "export", p, "--out"}},
		{"instrument.yaml", []string{"survey", "instrument", p, filepath.Join(surveyData, "qualtrics.csv"), "--out"}},
		{"recs.csv", []string{"recs", "export", p, "--csv", "--out"}},
		{"report.md", []string{"report", p, "--today", "2026-11-23", "--out"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			out := writeFile(t, dir, tc.file, []byte("old"))
			if err := os.Chmod(out, 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, nil, append(tc.args, out)...)
			fi, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 || fi.Size() <= 3 {
				t.Errorf("%s: mode %04o, %d bytes; want 0600 and the new content", tc.file, fi.Mode().Perm(), fi.Size())
			}
		})
	}
}

// full is a writer on a full disk.
type full struct{}

func (full) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

func TestDiskFull(t *testing.T) {
	t.Parallel()
	e := &Env{Out: full{}, Err: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	_, err := e.writeOut("", []byte("x"))
	if err == nil || !strings.HasPrefix(err.Error(), "disk full: writing standard output") || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("stdout on a full disk: %v", err)
	}
	wrapped := fmt.Errorf("write x.html: %w", syscall.ENOSPC)
	if got := diskFull(wrapped, "x.html"); got.Error() != "disk full: writing x.html: write x.html: no space left on device" {
		t.Errorf("file on a full disk: %v", got)
	}
	// The store already names the project and says the disk is full.
	named := fmt.Errorf("import: study.fwp: %w (no space left on device)", store.ErrDiskFull)
	if got := diskFull(named, "study.fwp"); got != named {
		t.Errorf("a store error was wrapped again: %v", got)
	}
	if got := diskFull(errors.New("other"), "x"); got.Error() != "other" {
		t.Errorf("another error changed: %v", got)
	}
}
