package analysis

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// counts are the per-code figures every table starts from, each code rolled
// up with the codes under it.
//
// The counting rule: a participant mentions a code when at least one coding
// of that code (or of a code under it) overlaps a sentence that participant
// spoke, in scope. Overlap is of half-open code-point spans: [a,b) and
// [c,d) overlap when a < d and c < b. Facilitator speech and unlabelled
// turns belong to no participant and never count; a coding that overlaps
// only such speech is not counted at all.
type counts struct {
	s      *scope
	nSlots int
	// mention[c*nSlots+sl]: code c (rolled up) is mentioned in slot sl.
	mention []bool
	// codings[c]: counted codings of c and the codes under it.
	codings []int
	// passages[c]: coded passages of c and the codes under it (see
	// countPassages).
	passages []int
	// slotCity and slotGroup number each slot's source city and group.
	slotCity, slotGroup []int
	cityNames           []string
	groupNames          []string
	// words[c]+1 is codedWords(c) once computed (0: not yet): the
	// frequency table is built for the report and again for its themes.
	words []int
}

func newCounts(s *scope) *counts {
	n := len(s.codes)
	k := &counts{s: s, nSlots: len(s.slots), mention: make([]bool, n*len(s.slots)), codings: make([]int, n)}
	var anc []int
	seen := make([]int, len(s.slots)) // last hit+1 that marked the slot
	for h := range s.hits {
		ht := &s.hits[h]
		anc = s.ancestors(ht.code, anc)
		for _, a := range anc {
			k.codings[a]++
		}
		for _, se := range s.sents[ht.lo:ht.hi] {
			if seen[se.slot] == h+1 {
				continue
			}
			seen[se.slot] = h + 1
			for _, a := range anc {
				k.mention[a*k.nSlots+se.slot] = true
			}
		}
	}
	k.passages = countPassages(s)
	k.slotCity, k.cityNames = k.number(func(sl slot) string { return s.ds.Sources[sl.src].City })
	k.slotGroup, k.groupNames = k.number(func(sl slot) string { return s.ds.Sources[sl.src].Group })
	return k
}

// countPassages counts the coded passages of every code, rolled up with the
// codes under it.
//
// The passage rule: a coding's passage for a participant is its span clipped
// to that participant's words, from the first sentence of theirs it overlaps
// to the last. Codings of a code (or of codes under it) whose passages for
// the same participant in the same source overlap ([a,b) and [c,d) with
// a < d and c < b) make one coded passage, whoever coded them: a
// check-coder coding the same words again adds a coding, never a passage.
// Passages that only touch (b == c) stay two. A coding over two
// participants' turns gives each of them a passage.
//
// Pieces are sorted by slot (participant and source), then start; one sweep
// then merges, for every code at once, the pieces of its subtree.
func countPassages(s *scope) []int {
	type piece struct{ a, b, code int32 }
	type slotted struct {
		slot int
		piece
	}
	pieces := make([]slotted, 0, len(s.hits)+len(s.hits)/4) // one a hit, more across slots
	perSlot := make([]int, len(s.slots)+1)
	for h := range s.hits {
		ht := &s.hits[h]
		first := len(pieces) // this hit's pieces, one per slot
		for _, se := range s.sents[ht.lo:ht.hi] {
			a, b := int32(max(ht.start, se.start)), int32(min(ht.end, se.end))
			found := false
			for i := first; i < len(pieces); i++ {
				if p := &pieces[i]; p.slot == se.slot {
					p.a, p.b = min(p.a, a), max(p.b, b)
					found = true
					break
				}
			}
			if !found {
				pieces = append(pieces, slotted{se.slot, piece{a, b, int32(ht.code)}})
				perSlot[se.slot+1]++
			}
		}
	}
	// Bucket by slot (a counting sort), then sort each slot's few pieces
	// by start.
	for i := 1; i < len(perSlot); i++ {
		perSlot[i] += perSlot[i-1]
	}
	sorted := make([]piece, len(pieces))
	next := append([]int(nil), perSlot[:len(perSlot)-1]...)
	for _, p := range pieces {
		sorted[next[p.slot]] = p.piece
		next[p.slot]++
	}
	n := len(s.codes)
	out := make([]int, n)
	curSlot, curEnd := make([]int, n), make([]int32, n)
	for i := range curSlot {
		curSlot[i] = -1
	}
	var anc []int
	for sl := 0; sl+1 < len(perSlot); sl++ {
		bucket := sorted[perSlot[sl]:perSlot[sl+1]]
		slices.SortFunc(bucket, func(x, y piece) int { return cmp.Compare(x.a, y.a) })
		for _, p := range bucket {
			anc = s.ancestors(int(p.code), anc)
			for _, c := range anc {
				if curSlot[c] == sl && p.a < curEnd[c] {
					curEnd[c] = max(curEnd[c], p.b)
					continue
				}
				out[c]++
				curSlot[c], curEnd[c] = sl, p.b
			}
		}
	}
	return out
}

// number gives each slot the index of its value among the sorted distinct
// values.
func (k *counts) number(val func(slot) string) ([]int, []string) {
	set := map[string]bool{}
	for _, sl := range k.s.slots {
		set[val(sl)] = true
	}
	names := make([]string, 0, len(set))
	for v := range set {
		names = append(names, v)
	}
	sort.Strings(names)
	idx := make(map[string]int, len(names))
	for i, v := range names {
		idx[v] = i
	}
	out := make([]int, len(k.s.slots))
	for i, sl := range k.s.slots {
		out[i] = idx[val(sl)]
	}
	return out, names
}

// reach is how far a code reaches: distinct participants, source cities and
// source groups among the slots where it is mentioned.
type reach struct {
	participants, cities, groups int
	// byCity[i]: participants mentioning it in city cityNames[i].
	byCity []int
}

func (k *counts) reach(c int) reach {
	s := k.s
	parts := map[int]bool{}
	cities := make([]map[int]bool, len(k.cityNames))
	groups := map[int]bool{}
	for sl := 0; sl < k.nSlots; sl++ {
		if !k.mention[c*k.nSlots+sl] {
			continue
		}
		p := s.slots[sl].part
		parts[p] = true
		ci := k.slotCity[sl]
		if cities[ci] == nil {
			cities[ci] = map[int]bool{}
		}
		cities[ci][p] = true
		groups[k.slotGroup[sl]] = true
	}
	r := reach{participants: len(parts), groups: len(groups), byCity: make([]int, len(k.cityNames))}
	for i, m := range cities {
		if len(m) > 0 {
			r.cities++
			r.byCity[i] = len(m)
		}
	}
	return r
}

// cityTotals counts the participants in scope who speak in each city.
func (k *counts) cityTotals() []int {
	out := make([]int, len(k.cityNames))
	seen := make([]map[int]bool, len(k.cityNames))
	for sl, x := range k.s.slots {
		ci := k.slotCity[sl]
		if seen[ci] == nil {
			seen[ci] = map[int]bool{}
		}
		if !seen[ci][x.part] {
			seen[ci][x.part] = true
			out[ci]++
		}
	}
	return out
}

// ratio is a/b, NaN when b is 0: a share of nobody has no answer.
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// codedWords counts, for code c rolled up, the words of the union of its
// counted codings' spans clipped to the sentences in scope they overlap.
// Overlapping codings (two coders, or a code and its sub-code) count their
// shared words once. Words are counted as coding.WordCount does: runs of
// letters, digits, apostrophes and hyphens; a coding that starts inside a
// word counts that word. Each source's words are indexed once (words.go),
// so a span's count is a subtraction, not a pass over its text.
func (k *counts) codedWords(c int) int {
	if k.words == nil {
		k.words = make([]int, len(k.s.codes))
	}
	if k.words[c] == 0 {
		k.words[c] = k.countWords(c) + 1
	}
	return k.words[c] - 1
}

// countWords is codedWords without the memo.
func (k *counts) countWords(c int) int {
	s := k.s
	own := s.ownSpans()
	var lists [][]wordSpan
	for x := range own {
		if len(own[x]) > 0 && k.under(x, c) {
			lists = append(lists, own[x])
		}
	}
	// Merge the sorted lists of c and the codes under it, and count the
	// words of each stretch of their union.
	n := 0
	var cur wordSpan
	have := false
	for {
		best := -1
		for i, l := range lists {
			if len(l) > 0 && (best < 0 || compareSpans(l[0], lists[best][0]) < 0) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		sp := lists[best][0]
		lists[best] = lists[best][1:]
		if have && sp.src == cur.src && sp.a <= cur.b {
			cur.b = max(cur.b, sp.b)
			continue
		}
		if have {
			n += s.words(cur.src).count(cur.a, cur.b)
		}
		cur, have = sp, true
	}
	if have {
		n += s.words(cur.src).count(cur.a, cur.b)
	}
	return n
}

// under reports whether code x is c or under c.
func (k *counts) under(x, c int) bool {
	for ; x >= 0; x = k.s.parent[x] {
		if x == c {
			return true
		}
	}
	return false
}
