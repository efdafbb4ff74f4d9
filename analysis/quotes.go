package analysis

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote is a passage of one participant, coded with a code, chosen to
// represent it. It names the participant by ID and city only, never by a
// speaker label or a pseudonym attribute.
type Quote struct {
	Code        string `json:"code"`
	Participant string `json:"participant"`
	City        string `json:"city"`
	Source      string `json:"source"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Text        string `json:"text"`
	// Coders is how many coders coded (part of) the passage.
	Coders int `json:"coders"`
	// Typicality is the cosine similarity of the passage's words with the
	// words of every other passage of the code.
	Typicality float64 `json:"typicality"`
}

// By is "MTL-03, Montreal".
func (q Quote) By() string {
	if q.City == "" {
		return q.Participant
	}
	return q.Participant + ", " + q.City
}

// Quote length, in words, that reads well in a table.
const (
	quoteMinWords = 8
	quoteMaxWords = 60
)

// passage is the union of a code's codings within one participant turn.
type passage struct {
	src, turn, part int
	a, b            int    // code points
	lo, hi          int    // sents[lo:hi]
	coders          uint64 // bit i: coder i of the scope (coders past 64 share bit 63)
	words           int
	typ             float64
}

func (p *passage) nCoders() int { return bits.OnesCount64(p.coders) }

// byCode lists the counted hits of every code itself (not rolled up).
func (a *Analysis) byCode() [][]int {
	if a.hitsByCode == nil {
		a.hitsByCode = make([][]int, len(a.s.codes))
		for h, ht := range a.s.hits {
			a.hitsByCode[ht.code] = append(a.hitsByCode[ht.code], h)
		}
	}
	return a.hitsByCode
}

// subtree lists c and every code under it.
func (a *Analysis) subtree(c int) []int {
	out := []int{c}
	for i := c + 1; i < len(a.s.codes); i++ {
		if a.k.under(i, c) {
			out = append(out, i)
		}
	}
	return out
}

// passages builds the passages of code c (rolled up). A coding is cut at
// turn boundaries into its pieces of participant speech in scope (from its
// first overlapped sentence to its last in each turn, clipped to the
// coding); pieces of one turn that overlap or touch are merged, their
// coders pooled.
func (a *Analysis) passages(c int) []passage {
	s := a.s
	hb := a.byCode()
	sub := a.subtree(c)
	n := 0
	for _, x := range sub {
		n += len(hb[x])
	}
	pieces := make([]passage, 0, n+n/4) // a coding across turns makes more than one
	cut := func(ht *hit) {
		bit := uint64(1) << min(ht.coder, 63)
		for i := ht.lo; i < ht.hi; {
			j := i + 1
			for j < ht.hi && s.sents[j].turn == s.sents[i].turn && s.sents[j].src == s.sents[i].src {
				j++
			}
			pieces = append(pieces, passage{src: s.sents[i].src, turn: s.sents[i].turn, part: s.sents[i].part,
				a: max(ht.start, s.sents[i].start), b: min(ht.end, s.sents[j-1].end), lo: i, hi: j, coders: bit})
			i = j
		}
	}
	if len(sub) == 1 {
		for _, h := range hb[c] {
			cut(&s.hits[h])
		}
	} else {
		// every hit in the hits' order, which is text order when the
		// codings come sorted: the pieces then need no sort
		in := make([]bool, len(s.codes))
		for _, x := range sub {
			in[x] = true
		}
		for h := range s.hits {
			if in[s.hits[h].code] {
				cut(&s.hits[h])
			}
		}
	}
	return mergePassages(pieces)
}

// mergePassages sorts passages in text order and merges those of one turn
// that overlap or touch, pooling their coders. It reuses ps.
//
// The sort need not be stable: passages that tie start in one sentence
// (one source, turn and participant) at one code point, so they merge
// into one whatever their order, and what merging keeps of the first (its
// source, turn, participant, sentence and start) is the same for each. It
// sorts 16-byte keys, then moves each passage once.
func mergePassages(ps []passage) []passage {
	type key struct {
		k uint64 // sentence, then start
		i int
	}
	keys := make([]key, len(ps))
	sorted := true
	for i := range ps {
		p := &ps[i]
		if p.lo < 0 || p.lo >= 1<<32 || p.a < 0 || p.a >= 1<<32 {
			return mergeSorted(ps, func(p, q passage) int { return cmp.Or(cmp.Compare(p.lo, q.lo), cmp.Compare(p.a, q.a)) })
		}
		keys[i] = key{uint64(p.lo)<<32 | uint64(p.a), i}
		if i > 0 && keys[i].k < keys[i-1].k {
			sorted = false
		}
	}
	if !sorted {
		slices.SortFunc(keys, func(x, y key) int { return cmp.Compare(x.k, y.k) })
		// place each passage where its key went, following the
		// permutation's cycles (a placed key's i is its own index)
		for i := range keys {
			if keys[i].i == i {
				continue
			}
			held, j := ps[i], i
			for {
				k := keys[j].i
				keys[j].i = j
				if k == i {
					ps[j] = held
					break
				}
				ps[j] = ps[k]
				j = k
			}
		}
	}
	return mergeSorted(ps, nil)
}

// mergeSorted merges ps in place, sorting it first by order unless order is
// nil (ps is in order).
func mergeSorted(ps []passage, order func(p, q passage) int) []passage {
	if order != nil {
		slices.SortFunc(ps, order)
	}
	out := ps[:0]
	for _, p := range ps {
		if n := len(out); n > 0 {
			q := &out[n-1]
			if q.src == p.src && q.turn == p.turn && p.a <= q.b {
				q.b = max(q.b, p.b)
				q.hi = max(q.hi, p.hi)
				q.coders |= p.coders
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// vocab interns words and keeps each sentence's word counts and word
// count, computed once.
type vocab struct {
	ids   map[string]int32
	vecs  []*sparse
	words []int
	// forms maps a token as written to its word's id, -1 for a token term
	// refuses: most tokens repeat, and term lower-cases and trims each.
	forms map[string]int32
	buf   []byte
	found []int32
}

// sparse is a vector of word counts.
type sparse struct {
	ids   []int32
	cnt   []float64
	norm2 float64
}

func (a *Analysis) vocab() *vocab {
	if a.voc == nil {
		a.voc = &vocab{ids: map[string]int32{}, vecs: make([]*sparse, len(a.s.sents)), words: make([]int, len(a.s.sents)),
			forms: map[string]int32{}}
	}
	return a.voc
}

// sentence returns the word vector of sentence i, and its word count. Its
// words are the runs of letters, digits, apostrophes and hyphens that term
// accepts (prose's tokenizer costs about 1.4 µs a token, too much for a
// million codings). Counts are whole numbers, so the vectors' sums and
// products are exact whatever the order of the ids.
func (v *vocab) sentence(a *Analysis, i int) (*sparse, int) {
	if x := v.vecs[i]; x != nil {
		return x, v.words[i]
	}
	se := a.s.sents[i]
	r := a.s.runes(se.src)
	text := r[min(se.start, len(r)):min(se.end, len(r))]
	v.found = v.found[:0]
	start := -1
	for j := 0; j <= len(text); j++ {
		if j < len(text) && isWordRune(text[j]) {
			if start < 0 {
				start = j
			}
			continue
		}
		if start >= 0 {
			if id := v.form(text[start:j]); id >= 0 {
				v.found = append(v.found, id)
			}
			start = -1
		}
	}
	slices.Sort(v.found)
	x := &sparse{}
	for j := 0; j < len(v.found); {
		k := j + 1
		for k < len(v.found) && v.found[k] == v.found[j] {
			k++
		}
		n := float64(k - j)
		x.ids = append(x.ids, v.found[j])
		x.cnt = append(x.cnt, n)
		x.norm2 += n * n
		j = k
	}
	v.vecs[i], v.words[i] = x, a.s.words(se.src).count(se.start, se.end)
	return x, v.words[i]
}

// form is the id of the word of token tok (-1 when term refuses it).
func (v *vocab) form(tok []rune) int32 {
	v.buf = v.buf[:0]
	for _, c := range tok {
		v.buf = utf8.AppendRune(v.buf, c)
	}
	if id, ok := v.forms[string(v.buf)]; ok {
		return id
	}
	id := int32(-1)
	if w, ok := term(string(v.buf)); ok {
		var seen bool
		if id, seen = v.ids[w]; !seen {
			id = int32(len(v.ids))
			v.ids[w] = id
		}
	}
	v.forms[string(v.buf)] = id
	return id
}

// Quotes picks k quotes for code c (rolled up).
//
// Candidates are the code's passages. They are ranked by, in order:
//  1. a readable length: 8 to 60 words first;
//  2. agreement: passages more coders coded first;
//  3. typicality: the cosine similarity between the word counts of the
//     sentences the passage touches and those of all the code's other
//     passages (stop words removed), highest first;
//  4. position: source, then offset.
//
// The first quote is the best passage. Each next one is the best passage of
// a participant not yet quoted, from a city not yet quoted if there is one.
// No participant is quoted twice, so there are fewer than k quotes when
// fewer than k participants spoke the code.
func (a *Analysis) quotes(c, k int) []Quote {
	return a.pickQuotes(a.passages(c), k, func(p *passage) Quote { return a.quote(c, p) })
}

// pickQuotes ranks passages ps and picks k of them by the rule of quotes;
// mk turns a picked passage into a Quote.
func (a *Analysis) pickQuotes(ps []passage, k int, mk func(*passage) Quote) []Quote {
	s := a.s
	if len(ps) == 0 || k <= 0 {
		return nil
	}
	v := a.vocab()
	// Words of each passage: whole sentences add up their cached counts;
	// a passage cut inside a sentence is counted from its text.
	for i := range ps {
		p := &ps[i]
		whole := p.a == s.sents[p.lo].start && p.b == s.sents[p.hi-1].end
		for j := p.lo; j < p.hi; j++ {
			_, n := v.sentence(a, j)
			p.words += n
		}
		if !whole {
			p.words = s.words(p.src).count(p.a, p.b)
		}
	}
	// The centroid: every passage's sentences' word counts added up.
	centroid := make([]float64, len(v.ids))
	for _, p := range ps {
		for j := p.lo; j < p.hi; j++ {
			x, _ := v.sentence(a, j)
			for n, id := range x.ids {
				centroid[id] += x.cnt[n]
			}
		}
	}
	cc := 0.0
	for _, x := range centroid {
		cc += x * x
	}
	// Typicality: cos(p, C-p) = (p.C - p.p) / (|p| |C-p|), with
	// |C-p|^2 = C.C - 2 p.C + p.p.
	scratch := make([]float64, len(v.ids))
	var touched []int32
	for i := range ps {
		p := &ps[i]
		dot, pp := 0.0, 0.0
		if p.hi-p.lo == 1 {
			x, _ := v.sentence(a, p.lo)
			for n, id := range x.ids {
				dot += x.cnt[n] * centroid[id]
			}
			pp = x.norm2
		} else {
			touched = touched[:0]
			for j := p.lo; j < p.hi; j++ {
				x, _ := v.sentence(a, j)
				for n, id := range x.ids {
					if scratch[id] == 0 {
						touched = append(touched, id)
					}
					scratch[id] += x.cnt[n]
				}
			}
			for _, id := range touched {
				dot += scratch[id] * centroid[id]
				pp += scratch[id] * scratch[id]
				scratch[id] = 0
			}
		}
		if den := math.Sqrt(pp) * math.Sqrt(math.Max(cc-2*dot+pp, 0)); den > 0 {
			p.typ = (dot - pp) / den
		}
	}
	inRange := func(p *passage) bool { return p.words >= quoteMinWords && p.words <= quoteMaxWords }
	better := func(p, q *passage) bool {
		if rp, rq := inRange(p), inRange(q); rp != rq {
			return rp
		}
		if np, nq := p.nCoders(), q.nCoders(); np != nq {
			return np > nq
		}
		if p.typ != q.typ {
			return p.typ > q.typ
		}
		return p.lo < q.lo || (p.lo == q.lo && p.a < q.a)
	}
	people, cities := make([]bool, len(s.part)), map[string]bool{}
	var out []Quote
	for len(out) < k {
		pick := -1
		for pass := 0; pass < 2 && pick < 0; pass++ {
			for i := range ps {
				p := &ps[i]
				if people[p.part] || (pass == 0 && cities[a.cityOf(p)]) {
					continue
				}
				if pick < 0 || better(p, &ps[pick]) {
					pick = i
				}
			}
		}
		if pick < 0 {
			break
		}
		p := &ps[pick]
		people[p.part], cities[a.cityOf(p)] = true, true
		out = append(out, mk(p))
	}
	return out
}

// cityOf is the participant's city, else the source's.
func (a *Analysis) cityOf(p *passage) string {
	if c := a.s.part[p.part].City; c != "" {
		return c
	}
	return a.s.ds.Sources[p.src].City
}

func (a *Analysis) quote(c int, p *passage) Quote {
	s := a.s
	r := s.runes(p.src)
	text := string(r[min(p.a, len(r)):min(p.b, len(r))])
	text = strings.Join(strings.Fields(text), " ")
	if p.words > quoteMaxWords {
		text = firstWords(text, quoteMaxWords) + " …"
	} else if p.b < s.sents[p.hi-1].end && !endsSentence(text) {
		text += " …"
	}
	if p.a > s.sents[p.lo].start {
		text = "… " + text
	}
	return Quote{Code: s.codes[c].Path, Participant: s.part[p.part].ID, City: a.cityOf(p), Source: s.ds.Sources[p.src].Name,
		Start: p.a, End: p.b, Text: text, Coders: p.nCoders(), Typicality: roundTo(p.typ, 4)}
}

func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return r == '"' || r == '»' || r == '”' || r == ')' || unicode.IsSpace(r) })
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "…")
}

// firstWords keeps the first n white-space separated words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return s
	}
	return strings.Join(f[:n], " ")
}
