package analysis

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Span is a stretch [Start, End) of a source's text, in code points.
type Span struct{ Start, End int }

// Disagreement is a unit on which the coders compared coded differently:
// the sets of codes in scope that their codings overlapping the unit carry
// are not all the same. Only coders who coded the unit's source take part
// (a coder who made no coding in a source is missing there, as for
// Reliability).
type Disagreement struct {
	// Unit is the unit's label, as in the reliability data.
	Unit string
	// Source is the source's id; SourceName and City name it.
	Source           int64
	SourceName, City string
	// Participant is the speaker's id (never a speaker label); "" for a
	// source unit, which has several.
	Participant string
	// Spans are the unit's participant speech, one span per turn.
	Spans []Span
	// Text is the unit's text, its turns joined by " … ".
	Text string
	// Coders are the coders compared who coded the source, in order;
	// Coded[i] are the paths of the codes in scope coder i applied to the
	// unit, in codebook order.
	Coders []string
	Coded  [][]string
	// Codings are the codings behind Coded: in scope, by those coders,
	// overlapping the unit.
	Codings []Coding
}

// Disagreements lists the units on which the coders differ, in source and
// text order, under the same options and rules as Reliability: with a
// Code, only that code and the codes under it count.
func (d *Dataset) Disagreements(opt ReliabilityOptions) ([]Disagreement, error) {
	s, coders, codes, err := d.agreementScope(&opt)
	if err != nil {
		return nil, err
	}
	inScope := make([]bool, len(s.codes))
	for _, ci := range codes {
		inScope[ci] = true
	}
	coderNum := map[string]int{}
	for i, c := range coders {
		coderNum[c] = i
	}
	coded := make([]bool, len(d.Sources)*len(coders))
	for _, c := range d.Codings {
		if ci, ok := coderNum[c.Coder]; ok {
			coded[s.srcIdx[c.Source]*len(coders)+ci] = true
		}
	}
	unitOf, labels, unitSrc := s.agreementUnits(opt.Unit)
	// byUnit[u] are the hits (in scope, by a compared coder) on unit u.
	byUnit := map[int][]int{}
	for h, ht := range s.hits {
		if _, ok := coderNum[d.Codings[ht.coding].Coder]; !ok || !inScope[ht.code] {
			continue
		}
		last := -1
		for i := ht.lo; i < ht.hi; i++ {
			if u := unitOf[i]; u != last {
				byUnit[u] = append(byUnit[u], h)
				last = u
			}
		}
	}
	units := make([]int, 0, len(byUnit))
	for u := range byUnit {
		units = append(units, u)
	}
	sort.Ints(units) // units are numbered in source and text order
	var out []Disagreement
	for _, u := range units {
		var present []int
		for cn := range coders {
			if coded[unitSrc[u]*len(coders)+cn] {
				present = append(present, cn)
			}
		}
		if len(present) < 2 {
			continue
		}
		if dis, ok := s.disagreement(u, labels[u], unitSrc[u], unitOf, byUnit[u], coders, present); ok {
			out = append(out, dis)
		}
	}
	return out, nil
}

// disagreement builds unit u's entry, or reports that its coders agree.
func (s *scope) disagreement(u int, label string, src int, unitOf, hits []int, coders []string, present []int) (Disagreement, bool) {
	d := s.ds
	sets := make(map[int]map[int]bool, len(present))
	slot := map[int]int{}
	for i, cn := range present {
		sets[i] = map[int]bool{}
		slot[cn] = i
	}
	dis := Disagreement{Unit: label, Source: d.Sources[src].ID, SourceName: d.Sources[src].Name, City: d.Sources[src].City}
	num := map[string]int{}
	for i, c := range coders {
		num[c] = i
	}
	for _, h := range hits {
		ht := s.hits[h]
		c := d.Codings[ht.coding]
		i, ok := slot[num[c.Coder]]
		if !ok {
			continue
		}
		sets[i][ht.code] = true
		dis.Codings = append(dis.Codings, c)
	}
	same := true
	for i := 1; i < len(present) && same; i++ {
		same = sameSet(sets[0], sets[i])
	}
	if same {
		return dis, false
	}
	for i, cn := range present {
		dis.Coders = append(dis.Coders, coders[cn])
		var paths []string
		for ci := range s.codes {
			if sets[i][ci] {
				paths = append(paths, s.codes[ci].Path)
			}
		}
		dis.Coded = append(dis.Coded, paths)
	}
	s.unitSpans(&dis, u, src, unitOf)
	return dis, true
}

func sameSet(a, b map[int]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// unitSpans fills the unit's spans (one per turn), its text and its
// speaker.
func (s *scope) unitSpans(dis *Disagreement, u, src int, unitOf []int) {
	lo, hi := s.srcSents[src][0], s.srcSents[src][1]
	turn := -1
	parts := map[int]bool{}
	for i := lo; i < hi; i++ {
		if unitOf[i] != u {
			continue
		}
		se := s.sents[i]
		parts[se.part] = true
		if se.turn != turn || len(dis.Spans) == 0 {
			dis.Spans = append(dis.Spans, Span{se.start, se.end})
			turn = se.turn
		} else {
			dis.Spans[len(dis.Spans)-1].End = se.end
		}
	}
	if len(parts) == 1 {
		for p := range parts {
			dis.Participant = s.part[p].ID
		}
	}
	r := s.runes(src)
	texts := make([]string, len(dis.Spans))
	for i, sp := range dis.Spans {
		texts[i] = strings.TrimSpace(string(r[sp.Start:sp.End]))
	}
	dis.Text = strings.Join(texts, " … ")
}

// ResolveKind is how a disagreement is resolved.
type ResolveKind int

const (
	// KeepCoder makes every coder's codes on the unit those of one coder.
	KeepCoder ResolveKind = iota
	// KeepAll gives every coder the codes any of them applied to the unit.
	KeepAll
	// Recode replaces every coder's codes on the unit with one code.
	Recode
)

// Resolution is a decision on a disagreement.
type Resolution struct {
	Kind ResolveKind
	// Coder is the coder kept (KeepCoder).
	Coder string
	// Code is the path of the code applied (Recode).
	Code string
}

// String says what the resolution does, for logs and status lines.
func (r Resolution) String() string {
	switch r.Kind {
	case KeepCoder:
		return "kept " + r.Coder + "'s coding"
	case KeepAll:
		return "kept every coder's coding"
	}
	return "recoded as " + r.Code
}

// CodingChange is what a resolution does to the codings: the ids of the
// codings removed and the codings added (pieces of a removed coding that
// lie outside the unit, and codes copied or applied to the unit).
type CodingChange struct {
	Remove []int64
	Add    []PlannedCoding
}

// PlannedCoding is a coding to add. From is the coding it was cut or
// copied from (0 for a recode): a piece of a coder's own coding keeps its
// memo.
type PlannedCoding struct {
	Code       string
	Start, End int
	Coder      string
	From       int64
}

// Plan is the change that resolves the disagreement as r says. It changes
// the unit only: a coding removed from the unit keeps its parts outside
// the unit (those that are not blank in text), and codes are added within
// the unit's spans. Afterwards every coder's codes in scope on the unit
// are the same. paths names the codes by id; text is the source's text.
func (dis Disagreement) Plan(r Resolution, text []rune, paths map[int64]string) (CodingChange, error) {
	target, err := dis.target(r)
	if err != nil {
		return CodingChange{}, err
	}
	var ch CodingChange
	for i, coder := range dis.Coders {
		have := map[string]bool{}
		for _, p := range dis.Coded[i] {
			have[p] = true
		}
		for _, c := range dis.Codings {
			if c.Coder != coder || target[paths[c.Code]] {
				continue
			}
			ch.Remove = append(ch.Remove, c.ID)
			for _, p := range subtract(Span{c.Start, c.End}, dis.Spans) {
				if !blank(text, p) {
					ch.Add = append(ch.Add, PlannedCoding{Code: paths[c.Code], Start: p.Start, End: p.End, Coder: coder, From: c.ID})
				}
			}
		}
		for _, code := range sortedPaths(target) {
			if have[code] {
				continue
			}
			for _, a := range dis.copies(r, code, paths) {
				a.Coder = coder
				ch.Add = append(ch.Add, a)
			}
		}
	}
	return ch, nil
}

// target is the set of code paths every coder ends with.
func (dis Disagreement) target(r Resolution) (map[string]bool, error) {
	t := map[string]bool{}
	switch r.Kind {
	case KeepCoder:
		found := false
		for i, c := range dis.Coders {
			if c == r.Coder {
				found = true
				for _, p := range dis.Coded[i] {
					t[p] = true
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: %q is not one of the coders compared (%s)", dis.Unit, r.Coder, strings.Join(dis.Coders, ", "))
		}
	case KeepAll:
		for _, l := range dis.Coded {
			for _, p := range l {
				t[p] = true
			}
		}
	case Recode:
		if r.Code == "" {
			return nil, fmt.Errorf("%s: recode with no code", dis.Unit)
		}
		t[r.Code] = true
	default:
		return nil, fmt.Errorf("%s: unknown resolution %d", dis.Unit, r.Kind)
	}
	return t, nil
}

// copies are the codings of code to give a coder who lacks it: for a
// recode the unit's spans, else the parts within the unit of the codings
// of the code that the coders kept made (the coder kept, or everyone),
// joined where they overlap.
func (dis Disagreement) copies(r Resolution, code string, paths map[int64]string) []PlannedCoding {
	if r.Kind == Recode {
		out := make([]PlannedCoding, len(dis.Spans))
		for i, sp := range dis.Spans {
			out[i] = PlannedCoding{Code: code, Start: sp.Start, End: sp.End}
		}
		return out
	}
	var parts []Span
	from := map[Span]int64{}
	for _, c := range dis.Codings {
		if paths[c.Code] != code || (r.Kind == KeepCoder && c.Coder != r.Coder) {
			continue
		}
		for _, sp := range dis.Spans {
			p := Span{max(c.Start, sp.Start), min(c.End, sp.End)}
			if p.Start < p.End {
				parts = append(parts, p)
				if _, ok := from[p]; !ok {
					from[p] = c.ID
				}
			}
		}
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].Start < parts[j].Start })
	var out []PlannedCoding
	for _, p := range parts {
		if n := len(out); n > 0 && p.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, p.End)
			continue
		}
		out = append(out, PlannedCoding{Code: code, Start: p.Start, End: p.End, From: from[p]})
	}
	return out
}

// subtract is a minus the spans (sorted, not overlapping).
func subtract(a Span, spans []Span) []Span {
	var out []Span
	at := a.Start
	for _, sp := range spans {
		if sp.End <= at || sp.Start >= a.End {
			continue
		}
		if sp.Start > at {
			out = append(out, Span{at, sp.Start})
		}
		at = max(at, sp.End)
	}
	if at < a.End {
		out = append(out, Span{at, a.End})
	}
	return out
}

func blank(text []rune, sp Span) bool {
	for i := sp.Start; i < sp.End && i < len(text); i++ {
		if !unicode.IsSpace(text[i]) && !unicode.IsPunct(text[i]) {
			return false
		}
	}
	return true
}

func sortedPaths(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
