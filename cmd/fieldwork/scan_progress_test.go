package main

import (
	"bytes"
	"testing"
)

// TestScanProgressPiped checks what a first screened output says on a
// stderr that is not a terminal: one line for a long scan, nothing for a
// short one (the demo's), nothing as sources are done.
func TestScanProgressPiped(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bytes int64
		want  string
	}{
		{"long", 5_100_000, "scanning 200 sources (5.1 MB) for names, once: the project keeps the scans\n"},
		{"short", 90_000, ""},
	} {
		var errb bytes.Buffer
		env := &Env{Err: &errb}
		tell := env.scanProgress()
		tell(0, 200, tc.bytes)
		tell(1, 200, tc.bytes)
		tell(200, 200, tc.bytes)
		if errb.String() != tc.want {
			t.Errorf("%s: stderr %q, want %q", tc.name, errb.String(), tc.want)
		}
	}
}
