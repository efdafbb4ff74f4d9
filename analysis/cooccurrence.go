package analysis

import (
	"fmt"
	"math/bits"
	"sort"
)

// Unit is what co-occurrence counts.
type Unit string

// The units of co-occurrence.
const (
	// UnitSentence: a participant sentence in scope.
	UnitSentence Unit = "sentence"
	// UnitTurn: a participant turn in scope (its sentences in scope).
	UnitTurn Unit = "turn"
)

// ParseUnit reads "sentence" or "turn".
func ParseUnit(s string) (Unit, error) {
	switch Unit(s) {
	case UnitSentence, UnitTurn:
		return Unit(s), nil
	}
	return "", fmt.Errorf("unit %q: want sentence or turn", s)
}

// Cooccurrence counts pairs of codes applied to the same unit: a unit is
// coded with C when a counted coding of C (the code as applied, not rolled
// up) overlaps it. One row per pair coded together at least once, the pair
// in codebook order, rows by units desc, then Jaccard desc, then codebook
// order.
//
//	units          units coded with both A and B
//	units_a        units coded with A; units_b likewise
//	jaccard        units / (units_a + units_b - units)
//	participants   participants who spoke a unit coded with both
//
// When participants is suppressed, units and jaccard are hidden with it.
func (a *Analysis) Cooccurrence(unit Unit) (*Table, error) {
	s := a.s
	if unit == "" {
		unit = UnitSentence
	}
	if _, err := ParseUnit(string(unit)); err != nil {
		return nil, err
	}
	// Number the units: sentences, or (source, turn) pairs.
	unitOf := make([]int, len(s.sents))
	nUnits := 0
	if unit == UnitSentence {
		for i := range s.sents {
			unitOf[i] = i
		}
		nUnits = len(s.sents)
	} else {
		type tk struct{ src, turn int }
		ids := map[tk]int{}
		for i, se := range s.sents {
			k := tk{se.src, se.turn}
			id, ok := ids[k]
			if !ok {
				id = len(ids)
				ids[k] = id
			}
			unitOf[i] = id
		}
		nUnits = len(ids)
	}
	unitPart := make([]int, nUnits)
	for i, se := range s.sents {
		unitPart[unitOf[i]] = se.part
	}
	// Codes per unit, deduplicated.
	codesOf := make([][]int, nUnits)
	for _, ht := range s.hits {
		for i := ht.lo; i < ht.hi; i++ {
			u := unitOf[i]
			l := codesOf[u]
			if len(l) == 0 || l[len(l)-1] != ht.code {
				codesOf[u] = append(l, ht.code)
			}
		}
	}
	nc, np := len(s.codes), len(s.part)
	single := make([]int, nc)
	// pairs by x*nc+y (x < y): units coded with both, and the participants
	// who spoke them, a bit each (allocated for pairs that occur)
	pairN := make([]int, nc*nc)
	people := make([][]uint64, nc*nc)
	for u, l := range codesOf {
		sort.Ints(l)
		l = dedupe(l)
		p := unitPart[u]
		for i, x := range l {
			single[x]++
			for _, y := range l[i+1:] {
				k := x*nc + y
				pairN[k]++
				if people[k] == nil {
					people[k] = make([]uint64, (np+63)/64)
				}
				people[k][p/64] |= 1 << (p % 64)
			}
		}
	}
	var keys [][2]int
	for k, n := range pairN {
		if n > 0 {
			keys = append(keys, [2]int{k / nc, k % nc})
		}
	}
	pair := func(k [2]int) int { return pairN[k[0]*nc+k[1]] }
	jac := func(k [2]int) float64 { return ratio(pair(k), single[k[0]]+single[k[1]]-pair(k)) }
	sort.Slice(keys, func(i, j int) bool {
		ki, kj := keys[i], keys[j]
		if pair(ki) != pair(kj) {
			return pair(ki) > pair(kj)
		}
		if ji, jj := jac(ki), jac(kj); ji != jj {
			return ji > jj
		}
		if ki[0] != kj[0] {
			return ki[0] < kj[0]
		}
		return ki[1] < kj[1]
	})
	b := newBuilder("cooccurrence", "Codes applied to the same "+string(unit),
		Column{Name: "code_a", Kind: Text},
		Column{Name: "code_b", Kind: Text},
		Column{Name: "unit", Kind: Text, Aside: true},
		Column{Name: "units", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "units_a", Kind: Int},
		Column{Name: "units_b", Kind: Int},
		Column{Name: "jaccard", Kind: Float, Deps: []string{"participants"}},
		Column{Name: "participants", Kind: Count},
	)
	for _, k := range keys {
		n := 0
		for _, w := range people[k[0]*nc+k[1]] {
			n += bits.OnesCount64(w)
		}
		b.add(s.codes[k[0]].Path, s.codes[k[1]].Path, string(unit), pair(k), single[k[0]], single[k[1]], jac(k), n)
	}
	t := b.build()
	t.Title = "Co-occurrence of codes by " + string(unit)
	t.Notes = []string{
		fmt.Sprintf("A %s is coded with a code when one of its codings overlaps it; %d participant %ss are in scope.", unit, nUnits, unit),
		"Jaccard = units with both / units with either.",
	}
	t.suppress(a.opt.SuppressBelow, nil)
	return t, nil
}

// dedupe removes adjacent duplicates of a sorted slice in place.
func dedupe(l []int) []int {
	if len(l) < 2 {
		return l
	}
	out := l[:1]
	for _, x := range l[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}
