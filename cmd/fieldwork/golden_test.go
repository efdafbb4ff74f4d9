package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, gl, wl)
		}
	}
	return "no line differs"
}

// TestGolden compares the rendered (non-JSON) listings of the demo project
// with testdata/*.golden byte for byte. After an intended change of the
// output or of the demo corpus, rewrite them with
//
//	go test ./cmd/fieldwork -run TestGolden -update
//
// and review the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "demo.fwp")
	run(t, nil, "demo", "--out", p)
	tests := []struct {
		golden string
		args   []string
	}{
		{"sources.golden", []string{"sources", p}},
		{"codebook.golden", []string{"codebook", p}},
		{"participants.golden", []string{"participants", p}},
		{"codings-self-censorship.golden", []string{"codings", p, "--code", "Self-censorship"}},
		{"codings-lea-toronto-mentorship.golden", []string{"codings", p, "--code", "Mentorship", "--coder", "lea", "--source", "toronto-fg"}},
		{"show-ottawa.golden", []string{"show", p, "ottawa-fg"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			got := run(t, nil, tc.args...) // run also asserts no ANSI escapes
			file := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (create it with -update)", err)
			}
			if got != string(want) {
				t.Errorf("output of %v differs from %s (rerun with -update if intended): %s", tc.args[:1], file, firstDiff(got, string(want)))
			}
		})
	}
}
