// Package redact finds identifiers in text — the roster's labels and
// pseudonyms, speaker labels, the project's identifier list, the names,
// places and organisations a named-entity scan finds, e-mail addresses,
// phone numbers, URLs and @handles — and replaces them by their replacement
// or a neutral placeholder ("[name]", "[place]" ...).
//
// Positions are Unicode code points, as everywhere in fieldwork: a Result
// carries an offset map so that codings on the original text can be moved to
// the same words of the de-identified text. Nothing here knows about SQL or
// the command line.
package redact

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what sort of identifier a match is.
type Kind string

// The kinds of identifier.
const (
	KindName   Kind = "name"
	KindPlace  Kind = "place"
	KindOrg    Kind = "org"
	KindEmail  Kind = "email"
	KindPhone  Kind = "phone"
	KindURL    Kind = "url"
	KindHandle Kind = "handle"
)

// KindKeep marks an entry of a project's identifier list that is never
// replaced: a public institution or the host country, which the entity
// scan would otherwise take for an identifier. It is not an identifier
// kind (not in Kinds).
const KindKeep Kind = "keep"

// Kinds lists every kind in the order counts are printed.
var Kinds = []Kind{KindName, KindPlace, KindOrg, KindEmail, KindPhone, KindURL, KindHandle}

// ParseKind reads a kind by name; "" is a name.
func ParseKind(s string) (Kind, error) {
	if s == "" {
		return KindName, nil
	}
	for _, k := range Kinds {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown identifier kind %q (one of name, place, org, email, phone, url, handle)", s)
}

// Placeholder is the neutral text an identifier of kind k is replaced by
// when it has no replacement of its own.
func Placeholder(k Kind) string {
	if k == "" {
		k = KindName
	}
	return "[" + string(k) + "]"
}

// Where a term came from, for suggestions and the key.
const (
	FromRoster = "roster"  // a participant's pseudonym or name attribute
	FromLabel  = "label"   // a speaker label
	FromList   = "list"    // the project's identifier list
	FromEntity = "entity"  // the named-entity scan
	FromScan   = "pattern" // the e-mail, phone, URL and handle patterns
)

// Term is one identifier to replace wherever it occurs as a whole word,
// whatever its case.
type Term struct {
	Text        string
	Replacement string // "" for the kind's placeholder
	Kind        Kind   // "" is a name
	Source      string // FromRoster, FromLabel, FromList or FromEntity
}

func (t Term) replacement() string {
	if t.Replacement != "" {
		return t.Replacement
	}
	return Placeholder(t.Kind)
}

// Match is one identifier found in a text.
type Match struct {
	Start, End  int // code points of the original text
	Kind        Kind
	Text        string // as written in the text
	Replacement string
	Source      string
}

// Counts is how many identifiers of each kind were replaced.
type Counts map[Kind]int

// Total is the number of replacements of every kind.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// String says the counts in words: "3 name, 1 email", or "none".
func (c Counts) String() string {
	var parts []string
	for _, k := range Kinds {
		if c[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[k], k))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Add adds o's counts to c.
func (c Counts) Add(o Counts) {
	for k, v := range o {
		c[k] += v
	}
}

// Result is a de-identified text.
type Result struct {
	Text    string
	Matches []Match // in text order, never overlapping
	Map     OffsetMap
	Counts  Counts
}

// OffsetMap moves code-point offsets of an original text to the text with
// its identifiers replaced. An offset inside a replaced identifier moves to
// the start of its replacement when it starts a span, to its end when it
// ends one, so a coding keeps covering the same words.
type OffsetMap struct {
	edits []edit // sorted, non-overlapping
}

type edit struct{ oldStart, oldEnd, newStart, newEnd int }

// Start maps the start of a span.
func (m OffsetMap) Start(off int) int { return m.move(off, false) }

// End maps the (exclusive) end of a span.
func (m OffsetMap) End(off int) int { return m.move(off, true) }

// Span maps a span [start, end).
func (m OffsetMap) Span(start, end int) (int, int) { return m.Start(start), m.End(end) }

func (m OffsetMap) move(off int, isEnd bool) int {
	// the last edit that starts before off (or at it, for an end)
	i := sort.Search(len(m.edits), func(i int) bool {
		if isEnd {
			return m.edits[i].oldStart >= off
		}
		return m.edits[i].oldStart > off
	}) - 1
	if i < 0 {
		return off
	}
	e := m.edits[i]
	switch {
	case off >= e.oldEnd:
		return off + (e.newEnd - e.oldEnd)
	case isEnd:
		return e.newEnd
	default:
		return e.newStart
	}
}

var (
	urlRe    = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'` + "`" + `]+`)
	emailRe  = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}`)
	handleRe = regexp.MustCompile(`@[\p{L}\p{N}_]{2,30}`)
	phoneRe  = regexp.MustCompile(`\+?\(?\d[\d ().\-\x{00A0}]{5,}\d`)
	dateRe   = regexp.MustCompile(`^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$|^\d{4}\s*[-–]\s*\d{4}$`)
)

type pattern struct {
	kind Kind
	re   *regexp.Regexp
	keep func(text string, start, end int) (int, int, bool)
}

// patterns run before the terms, in this order, so that an address is
// replaced whole rather than the name inside it.
var patterns = []pattern{
	{KindURL, urlRe, func(t string, s, e int) (int, int, bool) {
		for e > s && strings.ContainsRune(".,;:!?)]}", rune(t[e-1])) {
			e--
		}
		return s, e, e > s
	}},
	{KindEmail, emailRe, func(_ string, s, e int) (int, int, bool) { return s, e, true }},
	{KindHandle, handleRe, func(t string, s, e int) (int, int, bool) {
		if s > 0 {
			r, _ := utf8.DecodeLastRuneInString(t[:s])
			if isWord(r) || r == '@' {
				return 0, 0, false
			}
		}
		return s, e, true
	}},
	{KindPhone, phoneRe, func(t string, s, e int) (int, int, bool) {
		m := t[s:e]
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 7 || digits > 15 || dateRe.MatchString(strings.TrimSpace(m)) || allYears(m) {
			return 0, 0, false
		}
		if s > 0 {
			if r, _ := utf8.DecodeLastRuneInString(t[:s]); isWord(r) {
				return 0, 0, false
			}
		}
		if e < len(t) {
			if r, _ := utf8.DecodeRuneInString(t[e:]); isWord(r) {
				return 0, 0, false
			}
		}
		return s, e, true
	}},
}

// allYears reports whether a digit run is only years ("2019 2020 2021").
func allYears(m string) bool {
	groups := strings.FieldsFunc(m, func(r rune) bool { return r < '0' || r > '9' })
	for _, g := range groups {
		if len(g) != 4 || !(strings.HasPrefix(g, "19") || strings.HasPrefix(g, "20")) {
			return false
		}
	}
	return len(groups) > 1
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// Redactor replaces a fixed set of terms and the patterns. It is safe for
// concurrent use.
type Redactor struct {
	terms []Term          // longest first
	allow map[string]bool // lower-cased texts never replaced
}

// New makes a redactor for terms, matched longest first (the entity scan's
// after all others). Duplicate texts (ignoring case) keep the
// first term given, so callers list the most trusted source first. Terms
// in allow (ignoring case) are never replaced, nor patterns matching them.
func New(terms []Term, allow ...string) *Redactor {
	r := &Redactor{allow: map[string]bool{}}
	for _, a := range allow {
		if a = strings.TrimSpace(a); a != "" {
			r.allow[lowerRunes(a)] = true
		}
	}
	seen := map[string]bool{}
	for _, t := range terms {
		t.Text = strings.TrimSpace(t.Text)
		if t.Kind == "" {
			t.Kind = KindName
		}
		k := lowerRunes(t.Text)
		if k == "" || seen[k] || r.allow[k] {
			continue
		}
		seen[k] = true
		r.terms = append(r.terms, t)
	}
	// Longest first, but what the project knows (roster, labels, list)
	// before what the entity scan guessed, whose spans are often too wide
	// ("Tell Maria Gonzalez").
	sort.SliceStable(r.terms, func(i, j int) bool {
		ei, ej := r.terms[i].Source == FromEntity, r.terms[j].Source == FromEntity
		if ei != ej {
			return ej
		}
		return utf8.RuneCountInString(r.terms[i].Text) > utf8.RuneCountInString(r.terms[j].Text)
	})
	return r
}

// Terms returns the redactor's terms, longest first.
func (r *Redactor) Terms() []Term { return append([]Term(nil), r.terms...) }

// lowerRunes lower-cases rune by rune, so that the result has as many code
// points as s (strings.ToLower may not).
func lowerRunes(s string) string {
	rs := []rune(s)
	for i, c := range rs {
		rs[i] = unicode.ToLower(c)
	}
	return string(rs)
}

// Redact finds the identifiers of text and replaces them.
func (r *Redactor) Redact(text string) Result {
	if !utf8.ValidString(text) {
		text = string([]rune(text)) // one U+FFFD per bad byte keeps code-point offsets
	}
	var found []Match
	var occupied []bool // by code point, filled once the text's length is known
	taken := func(s, e int) bool {
		for i := s; i < e; i++ {
			if occupied[i] {
				return true
			}
		}
		return false
	}
	take := func(m Match) {
		for i := m.Start; i < m.End; i++ {
			occupied[i] = true
		}
		found = append(found, m)
	}
	// byte offset -> code point offset, for regexp and strings.Index results
	cp := make([]int, len(text)+1)
	n := 0
	for i := range text {
		cp[i] = n
		n++
	}
	cp[len(text)] = n
	occupied = make([]bool, n)
	for i := len(text) - 1; i >= 0; i-- { // continuation bytes share their rune's offset
		if !utf8.RuneStart(text[i]) {
			cp[i] = cp[i+1] - 1
		}
	}
	for _, p := range patterns {
		for _, loc := range p.re.FindAllStringIndex(text, -1) {
			s, e, ok := p.keep(text, loc[0], loc[1])
			if !ok || r.allow[lowerRunes(text[s:e])] {
				continue
			}
			cs, ce := cp[s], cp[e]
			if taken(cs, ce) {
				continue
			}
			take(Match{Start: cs, End: ce, Kind: p.kind, Text: text[s:e],
				Replacement: Placeholder(p.kind), Source: FromScan})
		}
	}
	low := lowerRunes(text)
	lowCP := make([]int, len(low)+1) // byte offsets of low -> code points
	n = 0
	for i := range low {
		lowCP[i] = n
		n++
	}
	lowCP[len(low)] = n
	runes := []rune(text)
	for _, t := range r.terms {
		needle := lowerRunes(t.Text)
		tl := utf8.RuneCountInString(needle)
		_, step := utf8.DecodeRuneInString(needle)
		for from := 0; from < len(low); {
			i := strings.Index(low[from:], needle)
			if i < 0 {
				break
			}
			bs := from + i
			from = bs + step
			cs := lowCP[bs]
			ce := cs + tl
			if cs > 0 && isWord(runes[cs-1]) && isWord(runes[cs]) {
				continue
			}
			if ce < len(runes) && isWord(runes[ce]) && isWord(runes[ce-1]) {
				continue
			}
			if t.Source == FromEntity && !unicode.IsUpper(runes[cs]) {
				continue // the scan found a proper noun: "Grace", not "grace"
			}
			if taken(cs, ce) {
				continue
			}
			take(Match{Start: cs, End: ce, Kind: t.Kind, Text: string(runes[cs:ce]),
				Replacement: t.replacement(), Source: t.Source})
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Start < found[j].Start })
	res := Result{Matches: found, Counts: Counts{}}
	var b strings.Builder
	prev, shift := 0, 0
	for _, m := range found {
		b.WriteString(string(runes[prev:m.Start]))
		b.WriteString(m.Replacement)
		rl := utf8.RuneCountInString(m.Replacement)
		res.Map.edits = append(res.Map.edits, edit{m.Start, m.End, m.Start + shift, m.Start + shift + rl})
		shift += rl - (m.End - m.Start)
		prev = m.End
		res.Counts[m.Kind]++
	}
	b.WriteString(string(runes[prev:]))
	res.Text = b.String()
	return res
}

// Find lists the identifiers of text without replacing them.
func (r *Redactor) Find(text string) []Match { return r.Redact(text).Matches }
