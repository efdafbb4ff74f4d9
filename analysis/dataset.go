package analysis

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/survey"
)

// Dataset is everything the tables are computed from: plain values, loaded
// in one read transaction by the store (store.Dataset) or built by hand in
// tests and benchmarks.
//
// Speaker labels are deliberately absent: in real studies they may be
// people's first names, and nothing in a table or a report may show them.
// Participants are known by their ID (MTL-03) only.
type Dataset struct {
	// Project names the project in report titles (the file's base name).
	Project      string
	Sources      []Source
	Turns        []Turn
	Sentences    []Sentence
	Participants []Participant
	// Codes are in tree order: every parent before its children.
	Codes   []Code
	Codings []Coding
	// Surveys are the project's surveys with their responses and the
	// codes their questions are mapped to (the needs' survey priority).
	Surveys []*survey.Data
}

// Source is one transcript with the fields tables group by.
type Source struct {
	ID       int64
	Name     string
	City     string
	Group    string
	Language string
	// Kind is the source's kind: "transcript", or "survey-answer" for a
	// survey question's open answers, which count only when named by
	// Filter.Sources.
	Kind string
	// Text is the normalised text; every offset is a code point into it.
	Text string
}

// Turn is one stretch of one speaker's talk.
type Turn struct {
	Source int64
	Index  int
	// Participant is the speaker's participant ID, "" for an unlabelled turn.
	Participant string
	// Facilitator turns never count.
	Facilitator bool
	Start, End  int
}

// Sentence is one sentence of a turn (prose's segmentation, kept per source).
type Sentence struct {
	Source     int64
	Index      int
	Turn       int // the index of its turn in the same source
	Start, End int
}

// Participant is a person of the study with their attributes.
type Participant struct {
	ID          string
	Group       string
	City        string
	Facilitator bool
	Attributes  map[string]string
}

// Code is one node of the codebook. A code at the top (ParentID 0) is a
// theme.
type Code struct {
	ID         int64
	ParentID   int64
	Name       string
	Path       string // "Theme/Sub-code"
	Definition string
	Color      string
	// Need marks a code as a need for the needs-assessment table.
	Need bool
}

// Coding marks the span [Start, End) of a source with a code, by one coder.
type Coding struct {
	ID         int64
	Source     int64
	Code       int64
	Start, End int
	Coder      string
}

// Validate checks the input contract every table relies on: unique source,
// code and participant IDs; codes in tree order with known parents;
// turns, sentences and codings pointing at known sources, turns, codes and
// participants, with spans inside their source's text; sentences of a
// source in text order without overlaps. It returns the first violation.
func (d *Dataset) Validate() error {
	_, err := d.prepare(Filter{})
	return err
}

// Filter narrows every table. Empty fields match everything; several values
// of one field match any of them; different fields must all match.
type Filter struct {
	// Coders keeps only these coders' codings. Denominators do not change.
	Coders []string
	// Cities, Groups and Sources keep only the sources with these fields
	// (source name for Sources). Participants who speak in no kept source
	// leave the denominators. Sources of kind survey-answer (open survey
	// answers) are kept only when Sources names them: their respondents
	// are not focus-group participants, and counting them by default would
	// change every denominator.
	Cities, Groups, Sources []string
	// Where keeps only participants whose attribute (or "city", "group")
	// has one of the listed values, keyed by attribute.
	Where map[string][]string
}

// IsZero reports whether the filter keeps everything.
func (f Filter) IsZero() bool {
	return len(f.Coders) == 0 && len(f.Cities) == 0 && len(f.Groups) == 0 && len(f.Sources) == 0 && len(f.Where) == 0
}

// String describes the filter for a report's scope line, in a stable order.
func (f Filter) String() string {
	var parts []string
	add := func(name string, vals []string) {
		if len(vals) > 0 {
			v := append([]string(nil), vals...)
			sort.Strings(v)
			parts = append(parts, name+" "+strings.Join(v, " or "))
		}
	}
	add("coder", f.Coders)
	add("city", f.Cities)
	add("group", f.Groups)
	add("source", f.Sources)
	keys := make([]string, 0, len(f.Where))
	for k := range f.Where {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(k, f.Where[k])
	}
	if len(parts) == 0 {
		return "all sources, participants and coders"
	}
	return strings.Join(parts, "; ")
}

// ErrFilter is wrapped by errors about a filter that names something the
// project does not have.
var ErrFilter = errors.New("filter matches nothing")

// attrValue is a participant's value of a field: "city", "group", or an
// attribute key.
func (p *Participant) attrValue(key string) string {
	switch key {
	case "city":
		return p.City
	case "group":
		return p.Group
	}
	return p.Attributes[key]
}

// scope is a dataset prepared for counting under one filter: sources,
// participants and codes indexed, the participant sentences in scope in
// text order, and each counted coding with the range of sentences it
// overlaps.
type scope struct {
	ds *Dataset
	f  Filter

	srcIdx    map[int64]int
	srcIn     []bool
	srcRune   [][]rune      // lazily filled by runes()
	srcWords  []*wordStarts // lazily filled by words()
	codeSpans [][]wordSpan  // lazily filled by ownSpans()

	part    []*Participant // participants by index
	partIdx map[string]int
	partIn  []bool // passes the attribute filter and is not a facilitator

	codes   []Code
	codeIdx map[int64]int
	parent  []int // index of the parent code, -1 for a theme
	theme   []int // index of the code's theme
	depth   []int

	// sents are the sentences in scope: spoken by a participant in scope,
	// in a source in scope, ordered by source then start.
	sents []sent
	// srcSents[i] is the range of sents of source i.
	srcSents [][2]int
	// slots are the (participant, source) pairs that speak in scope.
	slots []slot
	// speakers[p] is true when participant p has a sentence in scope.
	speakers []bool

	// coderIdx numbers the coders in order of first sight.
	coderIdx map[string]int
	// hits are the counted codings: in scope and overlapping at least one
	// sentence in scope, with the range of sents they overlap.
	hits []hit
}

type sent struct {
	src, turn  int // source index, turn index within its source
	part, slot int
	start, end int
}

type slot struct {
	part, src int
}

type hit struct {
	coding     int // index into ds.Codings
	code       int // code index
	lo, hi     int // sents[lo:hi] are the sentences it overlaps
	start, end int // the coding's span
	coder      int // index of the coder in order of first sight
}

// prepare validates the dataset and builds the scope for f.
func (d *Dataset) prepare(f Filter) (*scope, error) {
	s := &scope{ds: d, f: f, srcIdx: map[int64]int{}, partIdx: map[string]int{}, codeIdx: map[int64]int{}}
	if err := s.indexSources(); err != nil {
		return nil, err
	}
	if err := s.indexParticipants(); err != nil {
		return nil, err
	}
	if err := s.indexCodes(); err != nil {
		return nil, err
	}
	if err := s.collectSentences(); err != nil {
		return nil, err
	}
	if err := s.collectHits(); err != nil {
		return nil, err
	}
	return s, nil
}

func oneOf(v string, list []string) bool {
	if len(list) == 0 {
		return true
	}
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// checkKnown returns an ErrFilter error when a wanted value is not among have.
func checkKnown(what string, want []string, have map[string]bool) error {
	for _, w := range want {
		found := false
		for h := range have {
			if strings.EqualFold(h, w) {
				found = true
				break
			}
		}
		if !found {
			known := make([]string, 0, len(have))
			for h := range have {
				if h != "" {
					known = append(known, h)
				}
			}
			sort.Strings(known)
			return fmt.Errorf("%w: no %s %q (known: %s)", ErrFilter, what, w, strings.Join(known, ", "))
		}
	}
	return nil
}

func (s *scope) indexSources() error {
	d := s.ds
	cities, groups, names := map[string]bool{}, map[string]bool{}, map[string]bool{}
	s.srcIn = make([]bool, len(d.Sources))
	s.srcRune = make([][]rune, len(d.Sources))
	for i, src := range d.Sources {
		if _, dup := s.srcIdx[src.ID]; dup {
			return fmt.Errorf("dataset: source id %d appears twice", src.ID)
		}
		s.srcIdx[src.ID] = i
		cities[src.City], groups[src.Group], names[src.Name] = true, true, true
		s.srcIn[i] = oneOf(src.City, s.f.Cities) && oneOf(src.Group, s.f.Groups) && oneOf(src.Name, s.f.Sources)
		if src.Kind == string(coding.KindSurveyAnswer) && len(s.f.Sources) == 0 {
			s.srcIn[i] = false
		}
	}
	for _, c := range []struct {
		what string
		want []string
		have map[string]bool
	}{{"city", s.f.Cities, cities}, {"group", s.f.Groups, groups}, {"source", s.f.Sources, names}} {
		if err := checkKnown(c.what, c.want, c.have); err != nil {
			return err
		}
	}
	return nil
}

func (s *scope) indexParticipants() error {
	d := s.ds
	s.part = make([]*Participant, len(d.Participants))
	s.partIn = make([]bool, len(d.Participants))
	values := map[string]map[string]bool{}
	for k := range s.f.Where {
		values[k] = map[string]bool{}
	}
	for i := range d.Participants {
		p := &d.Participants[i]
		if p.ID == "" {
			return fmt.Errorf("dataset: participant %d has no id", i+1)
		}
		if _, dup := s.partIdx[p.ID]; dup {
			return fmt.Errorf("dataset: participant %q appears twice", p.ID)
		}
		s.partIdx[p.ID] = i
		s.part[i] = p
		in := !p.Facilitator
		for k, want := range s.f.Where {
			v := p.attrValue(k)
			if !p.Facilitator {
				values[k][v] = true
			}
			in = in && oneOf(v, want)
		}
		s.partIn[i] = in
	}
	keys := make([]string, 0, len(s.f.Where))
	for k := range s.f.Where {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := checkKnown("participant with "+k, s.f.Where[k], values[k]); err != nil {
			return err
		}
	}
	s.speakers = make([]bool, len(d.Participants))
	return nil
}

func (s *scope) indexCodes() error {
	d := s.ds
	s.codes = d.Codes
	s.parent = make([]int, len(d.Codes))
	s.theme = make([]int, len(d.Codes))
	s.depth = make([]int, len(d.Codes))
	for i, c := range d.Codes {
		if _, dup := s.codeIdx[c.ID]; dup {
			return fmt.Errorf("dataset: code id %d appears twice", c.ID)
		}
		if c.ParentID == 0 {
			s.parent[i], s.theme[i], s.depth[i] = -1, i, 0
		} else {
			p, ok := s.codeIdx[c.ParentID]
			if !ok {
				return fmt.Errorf("dataset: code %q comes before its parent (id %d) or the parent is missing", c.Path, c.ParentID)
			}
			s.parent[i], s.theme[i], s.depth[i] = p, s.theme[p], s.depth[p]+1
		}
		s.codeIdx[c.ID] = i
	}
	return nil
}

// collectSentences keeps the sentences in scope and assigns slots.
func (s *scope) collectSentences() error {
	d := s.ds
	// Turns by (source, index).
	type tkey struct {
		src, idx int
	}
	turns := make(map[tkey]*Turn, len(d.Turns))
	for i := range d.Turns {
		t := &d.Turns[i]
		si, ok := s.srcIdx[t.Source]
		if !ok {
			return fmt.Errorf("dataset: turn %d of unknown source %d", t.Index, t.Source)
		}
		if t.Start < 0 || t.End < t.Start {
			return fmt.Errorf("dataset: turn %d of source %q has span %d-%d", t.Index, d.Sources[si].Name, t.Start, t.End)
		}
		if t.Participant != "" {
			if _, ok := s.partIdx[t.Participant]; !ok {
				return fmt.Errorf("dataset: turn %d of source %q is spoken by unknown participant %q", t.Index, d.Sources[si].Name, t.Participant)
			}
		}
		turns[tkey{si, t.Index}] = t
	}
	// Sentences grouped by source, in text order.
	bySrc := make([][]int, len(d.Sources))
	for i := range d.Sentences {
		se := &d.Sentences[i]
		si, ok := s.srcIdx[se.Source]
		if !ok {
			return fmt.Errorf("dataset: sentence %d of unknown source %d", se.Index, se.Source)
		}
		if se.Start < 0 || se.End <= se.Start {
			return fmt.Errorf("dataset: sentence %d of source %q has span %d-%d", se.Index, d.Sources[si].Name, se.Start, se.End)
		}
		if _, ok := turns[tkey{si, se.Turn}]; !ok {
			return fmt.Errorf("dataset: sentence %d of source %q belongs to unknown turn %d", se.Index, d.Sources[si].Name, se.Turn)
		}
		bySrc[si] = append(bySrc[si], i)
	}
	slotIdx := map[slot]int{}
	s.srcSents = make([][2]int, len(d.Sources))
	for si, list := range bySrc {
		sort.SliceStable(list, func(a, b int) bool { return d.Sentences[list[a]].Start < d.Sentences[list[b]].Start })
		prevEnd := 0
		lo := len(s.sents)
		for _, i := range list {
			se := &d.Sentences[i]
			if se.Start < prevEnd {
				return fmt.Errorf("dataset: sentences of source %q overlap at %d", d.Sources[si].Name, se.Start)
			}
			prevEnd = se.End
			if !s.srcIn[si] {
				continue
			}
			t := turns[tkey{si, se.Turn}]
			if t.Facilitator || t.Participant == "" {
				continue
			}
			pi := s.partIdx[t.Participant]
			if !s.partIn[pi] {
				continue
			}
			k := slot{pi, si}
			sl, ok := slotIdx[k]
			if !ok {
				sl = len(s.slots)
				slotIdx[k] = sl
				s.slots = append(s.slots, k)
			}
			s.speakers[pi] = true
			s.sents = append(s.sents, sent{src: si, turn: se.Turn, part: pi, slot: sl, start: se.Start, end: se.End})
		}
		s.srcSents[si] = [2]int{lo, len(s.sents)}
	}
	return nil
}

// collectHits finds, for every coding in scope, the sentences in scope it
// overlaps: a coding [a,b) overlaps a sentence [c,d) when a < d and c < b.
// Sentences of a source are disjoint and sorted, so their ends are sorted
// too and the first candidate is found by binary search.
func (s *scope) collectHits() error {
	d := s.ds
	coders := map[string]bool{}
	s.coderIdx = map[string]int{}
	s.hits = make([]hit, 0, len(d.Codings))
	for i := range d.Codings {
		c := &d.Codings[i]
		coders[c.Coder] = true
		if _, ok := s.coderIdx[c.Coder]; !ok {
			s.coderIdx[c.Coder] = len(s.coderIdx)
		}
		si, ok := s.srcIdx[c.Source]
		if !ok {
			return fmt.Errorf("dataset: coding %d of unknown source %d", c.ID, c.Source)
		}
		ci, ok := s.codeIdx[c.Code]
		if !ok {
			return fmt.Errorf("dataset: coding %d of unknown code %d", c.ID, c.Code)
		}
		if c.Start < 0 || c.End <= c.Start {
			return fmt.Errorf("dataset: coding %d has empty or negative span %d-%d", c.ID, c.Start, c.End)
		}
		if !s.srcIn[si] || !oneOf(c.Coder, s.f.Coders) {
			continue
		}
		r := s.srcSents[si]
		list := s.sents[r[0]:r[1]]
		lo := sort.Search(len(list), func(k int) bool { return list[k].end > c.Start })
		hi := lo
		for hi < len(list) && list[hi].start < c.End {
			hi++
		}
		if hi > lo {
			s.hits = append(s.hits, hit{coding: i, code: ci, lo: r[0] + lo, hi: r[0] + hi, start: c.Start, end: c.End, coder: s.coderIdx[c.Coder]})
		}
	}
	return checkKnown("coder", s.f.Coders, coders)
}

// runes returns source i's text as code points, converting it once.
func (s *scope) runes(i int) []rune {
	if s.srcRune[i] == nil {
		s.srcRune[i] = []rune(s.ds.Sources[i].Text)
	}
	return s.srcRune[i]
}

// subtree reports, for every code, the codes whose counts roll up into it:
// itself and every code under it. ancestors(i) lists i and its ancestors.
func (s *scope) ancestors(i int, buf []int) []int {
	buf = buf[:0]
	for ; i >= 0; i = s.parent[i] {
		buf = append(buf, i)
	}
	return buf
}

// participantsTotal is the number of participants in scope: not
// facilitators, passing the attribute filter, and speaking at least one
// sentence in a source in scope.
func (s *scope) participantsTotal() int {
	n := 0
	for _, b := range s.speakers {
		if b {
			n++
		}
	}
	return n
}

// srcFieldTotals counts the distinct source cities and groups among the
// sources where participants in scope speak.
func (s *scope) srcFieldTotals() (cities, groups int) {
	cs, gs := map[string]bool{}, map[string]bool{}
	for _, sl := range s.slots {
		src := &s.ds.Sources[sl.src]
		cs[src.City], gs[src.Group] = true, true
	}
	return len(cs), len(gs)
}
