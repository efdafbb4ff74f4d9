package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCodingProgressSweep checks the sweep against the query it replaced
// (a correlated EXISTS per sentence), on random codings of two coders over
// two sources, spans across turns and inside sentences included.
func TestCodingProgressSweep(t *testing.T) {
	s, _ := create(t, Options{})
	long := sample + strings.Repeat("P1: The permit office lost my file. I waited. Then I called again.\nP2: Same for me, twice.\n", 30)
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "G1", long), newSource(t, "b", "G2", sample)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("Risks", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for _, src := range []string{"a", "b"} {
		x, _ := s.Source(src)
		n := len([]rune(x.Text))
		for range 40 {
			a := rng.IntN(n - 1)
			b := min(n, a+1+rng.IntN(120))
			coder := []string{"lea", "sam"}[rng.IntN(2)]
			if _, err := s.Apply(NewCoding{Source: src, Code: "Risks", Start: a, End: b, Coder: coder}); err != nil && !strings.Contains(err.Error(), "already coded") {
				t.Fatal(err)
			}
		}
	}
	// Codings that end exactly where a sentence starts, or start exactly
	// where one ends, touch it without coding it.
	b, _ := s.Source("b")
	sents, err := s.Sentences(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range sents[1:3] {
		for _, sp := range [][2]int{{se.Start - 3, se.Start}, {se.End, se.End + 2}} {
			if _, err := s.Apply(NewCoding{Source: "b", Code: "Risks", Start: sp[0], End: sp[1], Coder: "edge"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, coder := range []string{"lea", "sam", "edge", "nobody"} {
		got, err := s.CodingProgress(coder)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64][2]int{}
		err = s.readRows(`SELECT se.source_id, count(*),
				sum(EXISTS (SELECT 1 FROM codings c WHERE c.source_id = se.source_id AND c.coder = ?
					AND c.start < se.end AND c.end > se.start))
			FROM sentences se
			JOIN turns t ON t.source_id = se.source_id AND t.idx = se.turn_idx
			JOIN participants p ON p.id = t.participant_id
			WHERE p.facilitator = 0 GROUP BY se.source_id`, func(sc scanner) error {
			var id int64
			var total, coded int
			if err := sc.Scan(&id, &total, &coded); err != nil {
				return err
			}
			want[id] = [2]int{coded, total}
			return nil
		}, coder)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: sweep %v, query %v", coder, got, want)
		}
	}
}
