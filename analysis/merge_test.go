package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergePassagesAsStable: merging after the unstable key sort gives what
// a stable sort of the passages gave, on random pieces with many ties.
func TestMergePassagesAsStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		var ps []passage
		for i := rng.IntN(40); i >= 0; i-- {
			lo := rng.IntN(8)
			a := lo*10 + rng.IntN(4)
			ps = append(ps, passage{src: lo / 4, turn: lo / 2, part: lo / 2, lo: lo, hi: lo + 1 + rng.IntN(2),
				a: a, b: a + 1 + rng.IntN(12), coders: 1 << rng.IntN(3)})
		}
		want := slices.Clone(ps)
		slices.SortStableFunc(want, func(p, q passage) int {
			if p.lo != q.lo {
				return p.lo - q.lo
			}
			return p.a - q.a
		})
		want = mergeSorted(want, nil)
		if got := mergePassages(slices.Clone(ps)); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d:\n got %v\nwant %v", round, got, want)
		}
	}
}
