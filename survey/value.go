package survey

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// ValueError is an answer the instrument does not allow, with where it is
// and what would have been allowed.
type ValueError struct {
	// Row is the row in the file (1-based, header rows included).
	Row int
	// Column is the column's header as written in the file.
	Column   string
	Question string
	Value    string
	// Reason says what is wrong; Allowed lists what is allowed.
	Reason  string
	Allowed string
}

func (e *ValueError) Error() string {
	where := fmt.Sprintf("row %d, column %q", e.Row, e.Column)
	if e.Question != "" && !strings.EqualFold(e.Question, e.Column) {
		where += fmt.Sprintf(" (question %s)", e.Question)
	}
	if e.Row == 0 && e.Column == "" {
		where = "question " + e.Question
	}
	msg := fmt.Sprintf("%s: %q %s", where, clip(e.Value, 60), e.Reason)
	if e.Allowed != "" {
		msg += "; allowed: " + e.Allowed
	}
	return msg
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Allowed describes the answers q accepts, for messages: the options as
// "code label" (codes or labels are both accepted), then the missing
// values; the range of a numeric question; the date format.
func (q *Question) Allowed() string {
	switch q.Type {
	case Numeric:
		s := "a number"
		switch {
		case q.Min != nil && q.Max != nil:
			s = fmt.Sprintf("a number from %s to %s", formatNumber(*q.Min), formatNumber(*q.Max))
		case q.Min != nil:
			s = fmt.Sprintf("a number of at least %s", formatNumber(*q.Min))
		case q.Max != nil:
			s = fmt.Sprintf("a number of at most %s", formatNumber(*q.Max))
		}
		return s + q.missingList()
	case Date:
		return "a date as YYYY-MM-DD" + q.missingList()
	case Text:
		return "any text"
	}
	parts := make([]string, 0, len(q.Options)+len(q.Missing))
	for _, o := range append(append([]Option(nil), q.Options...), q.Missing...) {
		if o.Label == o.Code || o.Label == "" {
			parts = append(parts, o.Code)
		} else {
			parts = append(parts, o.Code+" "+o.Label)
		}
	}
	s := strings.Join(parts, ", ")
	if q.Type == Multiple {
		s = "any of " + s
	}
	return s
}

func (q *Question) missingList() string {
	if len(q.Missing) == 0 {
		return ""
	}
	parts := make([]string, len(q.Missing))
	for i, o := range q.Missing {
		parts[i] = o.Code + " " + o.Label
	}
	return ", or " + strings.Join(parts, ", ")
}

// fold is the form under which codes and labels are compared: trimmed,
// inner spaces collapsed, NFC, lower case.
func fold(s string) string {
	return strings.ToLower(norm.NFC.String(strings.Join(strings.Fields(s), " ")))
}

// matcher finds the option (or missing value) a cell names by code or
// label, compared under fold.
type matcher struct {
	byKey map[string]string // folded code or label -> code
	keys  []string          // folded codes and labels, longest first
}

func (q *Question) matcher() *matcher {
	m := &matcher{byKey: map[string]string{}}
	add := func(list []Option) {
		for _, o := range list {
			for _, k := range []string{fold(o.Code), fold(o.Label)} {
				if k == "" {
					continue
				}
				if _, dup := m.byKey[k]; !dup {
					m.byKey[k] = o.Code
					m.keys = append(m.keys, k)
				}
			}
		}
	}
	add(q.Options) // codes and labels of options win over missing values
	add(q.Missing)
	sort.SliceStable(m.keys, func(i, j int) bool { return len(m.keys[i]) > len(m.keys[j]) })
	return m
}

// Parser turns raw cells of one question into canonical answers. Make one
// with NewParser and reuse it for every row: it caches the option lookup.
type Parser struct {
	q   *Question
	m   *matcher
	sep []string
	pos map[string]int
	// recent and memo hold the canonical answers of cells already read:
	// an export repeats a closed question's few values on every row, and
	// comparing with a few recent ones is cheaper than hashing.
	recent []parsed
	memo   map[string]string
}

type parsed struct{ raw, v string }

// recentSize is how many cells a parser compares before its memo.
const recentSize = 8

// memoSize bounds a parser's memo: a numeric or date column may hold as
// many distinct cells as rows.
const memoSize = 4096

// NewParser returns a parser for q. seps are the separators a multiple
// choice cell may join options with (";" when none are given).
func NewParser(q *Question, seps ...string) *Parser {
	if len(seps) == 0 {
		seps = []string{";"}
	}
	p := &Parser{q: q, sep: seps, pos: map[string]int{}, memo: map[string]string{}}
	if q.Type.Closed() || len(q.Missing) > 0 {
		p.m = q.matcher()
	}
	for i, o := range q.Options {
		p.pos[o.Code] = i
	}
	return p
}

// Parse validates a raw cell and returns its canonical answer ("" for a
// blank cell). The error is a *ValueError without Row and Column, which the
// caller fills in.
func (p *Parser) Parse(raw string) (string, error) {
	for _, x := range p.recent {
		if x.raw == raw {
			return x.v, nil
		}
	}
	if v, ok := p.memo[raw]; ok {
		return v, nil
	}
	v, err := p.parse(raw)
	if err != nil || p.q.Type == Text {
		return v, err
	}
	if len(p.recent) < recentSize {
		p.recent = append(p.recent, parsed{raw, v})
	} else if len(p.memo) < memoSize {
		p.memo[raw] = v
	}
	return v, nil
}

func (p *Parser) parse(raw string) (string, error) {
	q := p.q
	v := strings.TrimSpace(raw)
	if v == "" {
		return "", nil
	}
	bad := func(reason string) (string, error) {
		return "", &ValueError{Question: q.ID, Value: raw, Reason: reason, Allowed: q.Allowed()}
	}
	if q.Type == Text {
		return norm.NFC.String(v), nil
	}
	if p.m != nil {
		if code, ok := p.m.byKey[fold(v)]; ok {
			if q.Type.Closed() || q.IsMissing(code) {
				return code, nil
			}
		}
	}
	switch q.Type {
	case Single, Likert, Rating:
		return bad("is not an option")
	case Multiple:
		return p.parseMultiple(v)
	case Numeric:
		f, ok := parseNumber(v)
		if !ok {
			return bad("is not a number")
		}
		if (q.Min != nil && f < *q.Min) || (q.Max != nil && f > *q.Max) {
			return bad("is out of range")
		}
		return formatNumber(f), nil
	case Date:
		d, ok := parseDate(v)
		if !ok {
			return bad("is not a date")
		}
		return d, nil
	}
	return bad("cannot be read")
}

// parseMultiple splits a multiple-choice cell into options, matching the
// longest code or label first, so that labels holding the separator
// ("Housing, health") still match whole. The codes are returned in the
// instrument's order, each once, joined by ";".
func (p *Parser) parseMultiple(v string) (string, error) {
	q := p.q
	lv := fold(v)
	chosen := make([]bool, len(q.Options))
	for i := 0; i < len(lv); {
		for i < len(lv) && (lv[i] == ' ' || p.isSep(lv[i:]) > 0) {
			if n := p.isSep(lv[i:]); n > 0 {
				i += n
			} else {
				i++
			}
		}
		if i >= len(lv) {
			break
		}
		found := false
		for _, k := range p.m.keys {
			if !strings.HasPrefix(lv[i:], k) {
				continue
			}
			after := lv[i+len(k):]
			if strings.TrimSpace(after) != "" && p.isSep(after) == 0 && p.isSep(strings.TrimLeft(after, " ")) == 0 {
				continue
			}
			code := p.m.byKey[k]
			if q.IsMissing(code) {
				return "", &ValueError{Question: q.ID, Value: v, Reason: "mixes a missing value with options", Allowed: q.Allowed()}
			}
			chosen[p.pos[code]] = true
			i += len(k)
			found = true
			break
		}
		if !found {
			end := len(lv)
			for j := i; j < len(lv); j++ {
				if p.isSep(lv[j:]) > 0 {
					end = j
					break
				}
			}
			return "", &ValueError{Question: q.ID, Value: v, Reason: fmt.Sprintf("holds %q, which is not an option", strings.TrimSpace(lv[i:end])), Allowed: q.Allowed()}
		}
	}
	var codes []string
	for i, c := range chosen {
		if c {
			codes = append(codes, q.Options[i].Code)
		}
	}
	if len(codes) == 0 {
		return "", nil
	}
	return strings.Join(codes, ";"), nil
}

// isSep returns the length of the separator s starts with, or 0.
func (p *Parser) isSep(s string) int {
	for _, sep := range p.sep {
		t := strings.TrimRight(sep, " ")
		if t == "" {
			t = " "
		}
		if strings.HasPrefix(s, t) {
			return len(t)
		}
	}
	return 0
}

// parseNumber reads a decimal number; a single comma is taken as the
// decimal mark when there is no point ("3,5").
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "\u00a0", "")
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006/01/02", "2006/01/02 15:04:05"}

// parseDate reads an ISO date or date-time and returns YYYY-MM-DD.
func parseDate(s string) (string, bool) {
	// Every layout starts with a four-digit year and a separator: other
	// values (most answers, when a column's type is guessed) skip time.Parse.
	if len(s) < 10 || (s[4] != '-' && s[4] != '/') {
		return "", false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}
