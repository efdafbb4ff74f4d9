package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// The import bounds the Go heap to about twice its largest text file, and
// restores the limit after; with a DOCX or PDF it sets none.
func TestLimitImportMemory(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(txt, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	before := debug.SetMemoryLimit(-1)
	restore := limitImportMemory([]string{txt})
	if got, want := debug.SetMemoryLimit(-1), int64(importMemoryBase+2<<20); got != want {
		t.Errorf("limit %d while importing 1 MiB, want %d", got, want)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d after, %d before", got, before)
	}
	restore = limitImportMemory([]string{txt, filepath.Join(dir, "b.docx")})
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d with a DOCX, want none (%d)", got, before)
	}
	restore()
}
