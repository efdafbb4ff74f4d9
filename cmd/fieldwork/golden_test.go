package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
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
// with testdata/TestGolden/*.golden (x/exp/golden) byte for byte. After an intended change of the
// output or of the demo corpus, rewrite them with
//
//	go test ./cmd/fieldwork -run TestGolden -update
//
// and review the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	p := demoForAnalysis(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"sources", []string{"sources", p}},
		{"codebook", []string{"codebook", p}},
		{"participants", []string{"participants", p}},
		{"codings-self-censorship", []string{"codings", p, "--code", "Self-censorship"}},
		{"codings-lea-toronto-mentorship", []string{"codings", p, "--code", "Mentorship", "--coder", "lea", "--source", "toronto-fg"}},
		{"show-ottawa", []string{"show", p, "ottawa-fg"}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			golden.RequireEqual(t, []byte(run(t, nil, tc.args...))) // run also asserts no ANSI escapes
		})
	}
}
