package analysis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fieldwork-qda/fieldwork/analysis/agreement"
)

// UnitSource is the third unit of agreement: a whole source (its
// participant sentences in scope).
const UnitSource Unit = "source"

// ParseAgreementUnit reads sentence, turn or source.
func ParseAgreementUnit(s string) (Unit, error) {
	switch Unit(s) {
	case UnitSentence, UnitTurn, UnitSource:
		return Unit(s), nil
	}
	return "", fmt.Errorf("unit %q: want sentence, turn or source", s)
}

// ReliabilityOptions chooses what is compared.
type ReliabilityOptions struct {
	// Unit is sentence (the default), turn or source.
	Unit Unit
	// Coders are the coders compared; empty means every coder with a
	// coding in a source in scope.
	Coders []string
	// Code, a path or a name only one code has, keeps that code and the
	// codes under it; empty keeps the whole codebook.
	Code string
	// Filter narrows sources and participants as for the tables; its
	// Coders field is ignored (Coders above chooses).
	Filter Filter
}

// CodeReliability is the reliability data of one code: per unit and coder,
// "1" when the coder coded the unit with the code, "0" when they did not,
// missing when they coded nothing in the unit's source.
type CodeReliability struct {
	// Code is the code's path.
	Code string
	Data *agreement.Data
}

// Reliability is reliability data for intercoder agreement, per code and
// overall.
//
// The rule: a unit (a participant sentence, a participant turn, or a
// source's participant sentences) is coded with C by coder X when one of
// X's codings of C, or of a code under C, overlaps it (a coding [a,b)
// overlaps a sentence [c,d) when a < d and c < b; a turn or a source when
// it overlaps one of its sentences in scope). Facilitator and unlabelled
// speech is never a unit. A coder who made no coding at all in a source
// did not code it: their values for its units are missing, not "0".
//
// Overall pools every listed code's data: each (code, unit) pair is one
// unit of the pooled data, named "code | unit".
type Reliability struct {
	Unit   Unit
	Coders []string
	// Units counts the units in scope.
	Units   int
	Codes   []CodeReliability
	Overall *agreement.Data
	// UnitSource is the source id of each unit, by its label.
	UnitSource map[string]int64
}

// Reliability builds the reliability data of the coders' codings.
// Naming a coder, code, city, group, source or participant attribute the
// project does not have is an ErrFilter error.
func (d *Dataset) Reliability(opt ReliabilityOptions) (*Reliability, error) {
	s, coders, codes, err := d.agreementScope(&opt)
	if err != nil {
		return nil, err
	}
	unitOf, labels, unitSrc := s.agreementUnits(opt.Unit)

	// coded[src*len(coders)+c]: coder c made a coding in source src.
	coderNum := map[string]int{}
	for i, c := range coders {
		coderNum[c] = i
	}
	coded := make([]bool, len(d.Sources)*len(coders))
	for _, c := range d.Codings {
		si := s.srcIdx[c.Source]
		if ci, ok := coderNum[c.Coder]; ok && s.srcIn[si] {
			coded[si*len(coders)+ci] = true
		}
	}
	// marks[code] holds unit*len(coders)+coder for every unit a coder
	// coded with the code or a code under it.
	inList := make([]bool, len(s.codes))
	for _, ci := range codes {
		inList[ci] = true
	}
	marks := make([]map[int]struct{}, len(s.codes))
	var anc []int
	for _, h := range s.hits {
		cn, ok := coderNum[d.Codings[h.coding].Coder]
		if !ok {
			continue
		}
		anc = s.ancestors(h.code, anc)
		for _, a := range anc {
			if !inList[a] {
				continue
			}
			if marks[a] == nil {
				marks[a] = map[int]struct{}{}
			}
			for i := h.lo; i < h.hi; i++ {
				marks[a][unitOf[i]*len(coders)+cn] = struct{}{}
			}
		}
	}

	res := &Reliability{Unit: opt.Unit, Coders: coders, Units: len(labels), UnitSource: make(map[string]int64, len(labels))}
	for u, label := range labels {
		res.UnitSource[label] = d.Sources[unitSrc[u]].ID
	}
	for _, ci := range codes {
		cr := CodeReliability{Code: s.codes[ci].Path, Data: agreement.NewData()}
		for u, label := range labels {
			for cn, coder := range coders {
				v := ""
				if coded[unitSrc[u]*len(coders)+cn] {
					v = "0"
					if _, ok := marks[ci][u*len(coders)+cn]; ok {
						v = "1"
					}
				}
				if err := cr.Data.Add(label, coder, v); err != nil {
					return nil, err
				}
			}
		}
		res.Codes = append(res.Codes, cr)
	}
	if res.Overall, err = PoolReliability(res.Codes); err != nil {
		return nil, err
	}
	return res, nil
}

// PoolReliability pools the reliability data of several codes into one:
// each (code, unit) pair is a unit of the pooled data, named
// "code | unit", with every coder of the code's data (missing values
// stay missing). It is the "overall" of an agreement report, for a
// project's codes and for a file of reliability data alike.
func PoolReliability(codes []CodeReliability) (*agreement.Data, error) {
	pooled := agreement.NewData()
	for _, c := range codes {
		var err error
		c.Data.EachCell(func(unit, coder, value string) {
			if err == nil {
				err = pooled.Add(c.Code+" | "+unit, coder, value)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("code %q: %w", c.Code, err)
		}
	}
	return pooled, nil
}

// agreementCoders returns the coders to compare, spelled as in the
// codings: those named (in the order named), or every coder with a coding
// in a source in scope, sorted.
// agreementScope checks opt (filling its default unit) and prepares what
// Reliability and Disagreements share: the filtered data, the coders
// compared and the codes in scope (opt.Code and the codes under it).
func (d *Dataset) agreementScope(opt *ReliabilityOptions) (*scope, []string, []int, error) {
	if opt.Unit == "" {
		opt.Unit = UnitSentence
	}
	if _, err := ParseAgreementUnit(string(opt.Unit)); err != nil {
		return nil, nil, nil, err
	}
	f := opt.Filter
	f.Coders = opt.Coders
	s, err := d.prepare(f)
	if err != nil {
		return nil, nil, nil, err
	}
	codes, err := s.subtree(opt.Code)
	if err != nil {
		return nil, nil, nil, err
	}
	return s, s.agreementCoders(opt.Coders), codes, nil
}

func (s *scope) agreementCoders(named []string) []string {
	spelled := map[string]string{}
	for _, c := range s.ds.Codings {
		if s.srcIn[s.srcIdx[c.Source]] {
			spelled[strings.ToLower(c.Coder)] = c.Coder
		}
	}
	if len(named) == 0 {
		out := make([]string, 0, len(spelled))
		for _, c := range spelled {
			out = append(out, c)
		}
		sort.Strings(out)
		return out
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range named {
		k := strings.ToLower(n)
		if seen[k] {
			continue
		}
		seen[k] = true
		if c, ok := spelled[k]; ok {
			out = append(out, c)
		} else {
			out = append(out, n)
		}
	}
	return out
}

// subtree returns the code named by path or unique name and the codes under
// it, in tree order; every code when name is empty.
func (s *scope) subtree(name string) ([]int, error) {
	var out []int
	if name == "" {
		for i := range s.codes {
			out = append(out, i)
		}
		return out, nil
	}
	root := -1
	var byName []int
	for i, c := range s.codes {
		if strings.EqualFold(c.Path, name) {
			root = i
			break
		}
		if strings.EqualFold(c.Name, name) {
			byName = append(byName, i)
		}
	}
	if root < 0 {
		switch len(byName) {
		case 0:
			return nil, fmt.Errorf("%w: no code %q", ErrFilter, name)
		case 1:
			root = byName[0]
		default:
			var paths []string
			for _, i := range byName {
				paths = append(paths, s.codes[i].Path)
			}
			return nil, fmt.Errorf("%w: %d codes are named %q (%s): give the path", ErrFilter, len(byName), name, strings.Join(paths, ", "))
		}
	}
	var buf []int
	for i := range s.codes {
		for _, a := range s.ancestors(i, buf) {
			if a == root {
				out = append(out, i)
				break
			}
		}
	}
	return out, nil
}

// agreementUnits numbers the units in scope: unitOf[i] is the unit of
// sentence s.sents[i]; labels name the units ("fg-a:120-164" for the
// sentence of code points 120-164 of source fg-a, "fg-a:turn 3", "fg-a");
// unitSrc is each unit's source index.
func (s *scope) agreementUnits(unit Unit) (unitOf []int, labels []string, unitSrc []int) {
	unitOf = make([]int, len(s.sents))
	type key struct{ src, turn int }
	ids := map[key]int{}
	for i, se := range s.sents {
		k := key{se.src, se.turn}
		switch unit {
		case UnitSentence:
			k = key{i, 0}
		case UnitSource:
			k.turn = 0
		}
		id, ok := ids[k]
		if !ok {
			id = len(labels)
			ids[k] = id
			name := s.ds.Sources[se.src].Name
			switch unit {
			case UnitSentence:
				name = fmt.Sprintf("%s:%d-%d", name, se.start, se.end)
			case UnitTurn:
				name = fmt.Sprintf("%s:turn %d", name, se.turn)
			}
			labels = append(labels, name)
			unitSrc = append(unitSrc, se.src)
		}
		unitOf[i] = id
	}
	return unitOf, labels, unitSrc
}
