package project

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// SearchQuery is a search across every source: a regular expression and
// filters on where, by whom and how the words were coded. Empty fields
// match everything; an empty pattern lists every sentence the filters keep.
type SearchQuery struct {
	// Pattern is a regular expression (Go's RE2 syntax), matched within
	// each sentence. Without an upper-case letter it ignores case.
	Pattern string
	// Code keeps sentences that overlap a coding of this code (path or
	// unique name) or of a code under it; with Coder, a coding by them.
	Code string
	// Coder alone keeps sentences that overlap any coding by this coder.
	Coder string
	// City is the speaker's city (the source's when the participant has
	// none); Group is the source's group.
	City, Group string
	// Attributes are the speaker's attributes, every one required.
	Attributes map[string]string
	// Facilitators includes facilitators' and unlabelled speech, which
	// never counts in the tables and is left out by default.
	Facilitators bool
	// Limit caps the hits kept (Total still counts them all); 0 is
	// DefaultSearchLimit.
	Limit int
}

// DefaultSearchLimit is how many hits a search keeps unless told.
const DefaultSearchLimit = 5000

// SearchHit is one sentence the search found. The speaker is named by
// participant id only: never a speaker label, which may be a name.
type SearchHit struct {
	Source      string
	SourceID    int64
	City, Group string
	Participant string // "" for unlabelled speech
	Facilitator bool
	// Start and End are the sentence's span; TurnStart and TurnEnd its
	// turn's. Offsets are code points into the source's text.
	Start, End         int
	TurnStart, TurnEnd int
	// Matches are the pattern's matches in the sentence, in order.
	Matches [][2]int
	// Text is the sentence.
	Text string
}

// MatchSpan is the span from the first match to the end of the last, or
// the sentence when the search had no pattern.
func (h SearchHit) MatchSpan() (int, int) {
	if len(h.Matches) == 0 {
		return h.Start, h.End
	}
	return h.Matches[0][0], h.Matches[len(h.Matches)-1][1]
}

// SearchResult is what a search found.
type SearchResult struct {
	Hits []SearchHit
	// Total counts every hit, those past the limit too; Sources counts
	// the sources with a hit.
	Total, Sources int
}

// Search runs a search on the project, read in one transaction (with the
// codings the code and coder filters name, when they do).
func (p *Project) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	if _, err := CompileSearch(q.Pattern); err != nil {
		return nil, err
	}
	d, err := p.st.SearchData(ctx, q.Code, q.Coder)
	if errors.Is(err, store.ErrNotFound) {
		return nil, InvalidError{fmt.Errorf("search: %w", err)}
	}
	if err != nil {
		return nil, err
	}
	return SearchDataset(d, q)
}

// CompileSearch compiles a search pattern: case-insensitive unless it has
// an upper-case letter. A pattern that does not compile is refused as
// InvalidError.
func CompileSearch(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return nil, nil
	}
	expr := pattern
	if !strings.ContainsFunc(pattern, unicode.IsUpper) {
		expr = "(?i)" + pattern
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, InvalidError{fmt.Errorf("search pattern %q: %w", pattern, err)}
	}
	return re, nil
}

// SearchDataset searches a dataset (see Search).
func SearchDataset(d *analysis.Dataset, q SearchQuery) (*SearchResult, error) {
	re, err := CompileSearch(q.Pattern)
	if err != nil {
		return nil, err
	}
	coded, err := codedSpans(d, q.Code, q.Coder)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	people := make(map[string]analysis.Participant, len(d.Participants))
	for _, p := range d.Participants {
		people[p.ID] = p
	}
	turns := map[[2]int64]analysis.Turn{}
	for _, t := range d.Turns {
		turns[[2]int64{t.Source, int64(t.Index)}] = t
	}
	res := &SearchResult{}
	si := 0
	for _, src := range d.Sources {
		if q.Group != "" && !strings.EqualFold(src.Group, q.Group) {
			continue
		}
		text, offsets := src.Text, runeOffsets(src.Text)
		found := false
		for ; si < len(d.Sentences) && d.Sentences[si].Source < src.ID; si++ {
		}
		for ; si < len(d.Sentences) && d.Sentences[si].Source == src.ID; si++ {
			se := d.Sentences[si]
			t := turns[[2]int64{src.ID, int64(se.Turn)}]
			hit, ok := searchSentence(q, re, src, se, t, people, coded, text, offsets)
			if !ok {
				continue
			}
			found = true
			res.Total++
			if len(res.Hits) < limit {
				res.Hits = append(res.Hits, hit)
			}
		}
		if found {
			res.Sources++
		}
	}
	return res, nil
}

// searchSentence decides whether a sentence is a hit, and makes it.
func searchSentence(q SearchQuery, re *regexp.Regexp, src analysis.Source, se analysis.Sentence, t analysis.Turn,
	people map[string]analysis.Participant, coded map[int64][][2]int, text string, offsets []int) (SearchHit, bool) {
	p, known := people[t.Participant]
	if !q.Facilitators && (t.Participant == "" || t.Facilitator || !known) {
		return SearchHit{}, false
	}
	city := src.City
	if p.City != "" {
		city = p.City
	}
	if q.City != "" && !strings.EqualFold(city, q.City) {
		return SearchHit{}, false
	}
	for k, v := range q.Attributes {
		if !strings.EqualFold(p.Attributes[k], v) {
			return SearchHit{}, false
		}
	}
	if coded != nil && !overlaps(coded[src.ID], se.Start, se.End) {
		return SearchHit{}, false
	}
	if se.Start < 0 || se.End > len(offsets)-1 || se.Start >= se.End {
		return SearchHit{}, false
	}
	sentence := text[offsets[se.Start]:offsets[se.End]]
	h := SearchHit{Source: src.Name, SourceID: src.ID, City: city, Group: src.Group, Participant: t.Participant,
		Facilitator: t.Facilitator, Start: se.Start, End: se.End, TurnStart: t.Start, TurnEnd: t.End, Text: sentence}
	if re != nil {
		for _, m := range re.FindAllStringIndex(sentence, -1) {
			if m[1] > m[0] {
				a := se.Start + utf8.RuneCountInString(sentence[:m[0]])
				b := a + utf8.RuneCountInString(sentence[m[0]:m[1]])
				h.Matches = append(h.Matches, [2]int{a, b})
			}
		}
		if len(h.Matches) == 0 {
			return SearchHit{}, false
		}
	}
	return h, true
}

// runeOffsets maps code-point offsets to byte offsets: offsets[i] is the
// byte where code point i starts, and the last entry is len(text).
func runeOffsets(text string) []int {
	out := make([]int, 0, len(text)+1)
	for i := range text {
		out = append(out, i)
	}
	return append(out, len(text))
}

// codedSpans is, per source, the union of the spans coded with the code
// (or under it) and by the coder, as sorted disjoint intervals; nil when
// neither filter is set.
func codedSpans(d *analysis.Dataset, code, coder string) (map[int64][][2]int, error) {
	if code == "" && coder == "" {
		return nil, nil
	}
	var ids map[int64]bool
	if code != "" {
		root, err := findCode(d.Codes, code)
		if err != nil {
			return nil, err
		}
		ids = map[int64]bool{root: true}
		for _, c := range d.Codes { // tree order: parents first
			if ids[c.ParentID] {
				ids[c.ID] = true
			}
		}
	}
	spans := map[int64][][2]int{}
	for _, c := range d.Codings {
		if (ids == nil || ids[c.Code]) && (coder == "" || c.Coder == coder) {
			spans[c.Source] = append(spans[c.Source], [2]int{c.Start, c.End})
		}
	}
	for src, list := range spans {
		sort.Slice(list, func(i, j int) bool { return list[i][0] < list[j][0] })
		merged := list[:1]
		for _, s := range list[1:] {
			if last := &merged[len(merged)-1]; s[0] <= last[1] {
				last[1] = max(last[1], s[1])
			} else {
				merged = append(merged, s)
			}
		}
		spans[src] = merged
	}
	return spans, nil
}

// findCode finds a code by path, or by a name only one code has.
func findCode(codes []analysis.Code, ref string) (int64, error) {
	var byName []analysis.Code
	for _, c := range codes {
		if strings.EqualFold(c.Path, ref) {
			return c.ID, nil
		}
		if strings.EqualFold(c.Name, ref) {
			byName = append(byName, c)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0].ID, nil
	case 0:
		return 0, InvalidError{fmt.Errorf("search: no code %q (see `fieldwork codebook`)", ref)}
	}
	return 0, InvalidError{fmt.Errorf("search: %d codes are named %q: give the path (%s or %s)", len(byName), ref, byName[0].Path, byName[1].Path)}
}

// overlaps reports whether [a,b) overlaps one of the sorted disjoint spans.
func overlaps(spans [][2]int, a, b int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i][1] > a })
	return i < len(spans) && spans[i][0] < b
}
