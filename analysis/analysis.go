// Package analysis turns a coded project into the tables of a needs
// assessment: code frequencies, a code x attribute matrix, code
// co-occurrence, the needs table and theme summaries.
//
// # Counting rules
//
// Participants are the unit. A participant mentions a code when at least one
// coding of that code, or of a code under it, overlaps a sentence that the
// participant spoke. Spans are half-open code-point ranges: a coding [a,b)
// overlaps a sentence [c,d) when a < d and c < b. Facilitator speech and
// unlabelled turns belong to no participant: they never count, and a coding
// that overlaps only them is not counted anywhere.
//
// Every row of a code counts the code together with every code under it
// (a theme rolls up its sub-codes).
//
// Denominators are always kept next to the counts: participants_total is
// the number of participants in scope — not facilitators, passing the
// attribute filter, and speaking at least one sentence in a source in
// scope. A share with a denominator of 0 is NaN ("–" in human views, empty in
// CSV, null in JSON): it has no answer.
//
// Breadth (groups, cities) counts the distinct focus groups and cities of the
// sources where the code was mentioned, out of those where participants in
// scope speak.
//
// Codings are counted once per coder: two coders coding the same passage
// make two codings (filter by coder to count one coder's). Coded passages
// count what was coded, not who coded it: a coding's passage for a
// participant is its span clipped to that participant's words, and the
// passages of a code (or of codes under it) that overlap on one
// participant's words in one source count once, whoever coded them. The
// needs table's intensity is passages per mentioning participant, so a
// check-coder does not inflate it. Coded words count the union of the
// spans, so shared words count once.
//
// Which coders count is the caller's choice (Filter.Coders); the CLI takes
// it from --coder or the project's default coders and shows it on every
// table and report.
//
// Small-cell suppression (Options.SuppressBelow) is described in
// suppress.go; each table's doc comment gives its formulas.
//
// The package computes; analysis/report renders. Tables are gota data
// frames (github.com/go-gota/gota) with typed columns; the overlap join of
// codings and sentences, which is where the time goes on large projects, is
// a sorted sweep in plain Go.
package analysis

import (
	"fmt"
)

// Options apply to every table.
type Options struct {
	Filter Filter
	// SuppressBelow is N of small-cell suppression: participant counts of
	// 1..N-1 are shown as "<N". 0 or 1 turns it off.
	SuppressBelow int
}

// Analysis is a dataset prepared under one filter; its methods build the
// tables. It is not safe for concurrent use.
type Analysis struct {
	s   *scope
	k   *counts
	opt Options
	// caches for quotes and words
	hitsByCode [][]int
	voc        *vocab
}

// New validates d (see Dataset.Validate) and prepares it for opt's filter.
// A filter naming a city, group, source, coder or attribute value that the
// project does not have is an error wrapping ErrFilter.
func New(d *Dataset, opt Options) (*Analysis, error) {
	if opt.SuppressBelow < 0 {
		return nil, fmt.Errorf("suppress below %d: must be 0 (off) or more", opt.SuppressBelow)
	}
	s, err := d.prepare(opt.Filter)
	if err != nil {
		return nil, err
	}
	return &Analysis{s: s, k: newCounts(s), opt: opt}, nil
}

// ParticipantsTotal is the denominator of every participant share: the
// participants in scope.
func (a *Analysis) ParticipantsTotal() int { return a.s.participantsTotal() }

// Coders lists the coders whose codings are counted, sorted.
func (a *Analysis) Coders() []string {
	set := map[string]bool{}
	for _, h := range a.s.hits {
		set[a.s.ds.Codings[h.coding].Coder] = true
	}
	return sortedKeys(set)
}

// Dataset is the data the analysis was prepared from.
func (a *Analysis) Dataset() *Dataset { return a.s.ds }

// Options are the options the analysis was prepared with.
func (a *Analysis) Options() Options { return a.opt }

// themeName is the name of code c's theme.
func (a *Analysis) themeName(c int) string { return a.s.codes[a.s.theme[c]].Name }

// Frequencies is the code frequency table: one row per code in codebook
// order, each code rolled up with the codes under it.
//
//	codings            counted codings of the code (see the package rules)
//	passages           coded passages: overlapping codings on one
//	                   participant's words count once, whoever coded them
//	words              words in the union of those codings' spans, clipped
//	                   to participant sentences
//	participants       participants who mention the code
//	participants_total participants in scope
//	share              participants / participants_total (NaN if the total is 0)
//	groups, cities     distinct source groups / cities where it is mentioned,
//	                   of groups_total / cities_total where participants speak
func (a *Analysis) Frequencies() *Table {
	s, k := a.s, a.k
	total := s.participantsTotal()
	cTot, gTot := s.srcFieldTotals()
	b := newBuilder("frequencies", "Code frequencies",
		Column{Name: "code", Kind: Text},
		Column{Name: "theme", Kind: Text, Aside: true},
		Column{Name: "depth", Kind: Int, Aside: true},
		Column{Name: "codings", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "passages", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "words", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "participants", Kind: Count, Of: "participants_total"},
		Column{Name: "participants_total", Kind: Count, Aside: true},
		Column{Name: "share", Kind: Share, Deps: []string{"participants", "participants_total"}},
		Column{Name: "groups", Kind: Int, Of: "groups_total", Deps: []string{"participants"}},
		Column{Name: "groups_total", Kind: Int, Aside: true},
		Column{Name: "cities", Kind: Int, Of: "cities_total", Deps: []string{"participants"}},
		Column{Name: "cities_total", Kind: Int, Aside: true},
	)
	for c, code := range s.codes {
		r := k.reach(c)
		b.add(code.Path, a.themeName(c), s.depth[c], k.codings[c], k.passages[c], k.codedWords(c), r.participants, total,
			ratio(r.participants, total), r.groups, gTot, r.cities, cTot)
	}
	t := b.build()
	t.Notes = []string{
		"A participant mentions a code when one of its codings overlaps a sentence they spoke; facilitators never count.",
		fmt.Sprintf("Each code counts with the codes under it; share is participants mentioning it of the %d participants in scope.", total),
		"Codings count each coder's codings; passages count overlapping codings of one participant's words once, whoever coded them; words count the coded text once.",
	}
	t.suppress(a.opt.SuppressBelow, nil)
	return t
}
