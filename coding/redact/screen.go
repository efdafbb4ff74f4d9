package redact

import (
	"sync"
	"unicode"
)

// Screen is the identifier screen every output passes through: reports,
// table quotes, exports. It replaces identifiers in each string it is given
// and keeps a running count of what it replaced, for the command to print.
//
// A nil *Screen lets text through unchanged (the researcher's own
// --allow-identifiers use) and counts nothing.
type Screen struct {
	mu     sync.Mutex
	r      *Redactor
	terms  []Term
	allow  []string
	counts Counts
}

// NewScreen makes a screen for terms; texts in allow (ignoring case) are
// never replaced — the study's cities or code names that tables must show.
func NewScreen(terms []Term, allow ...string) *Screen {
	return &Screen{r: New(terms, allow...), terms: append([]Term(nil), terms...),
		allow: append([]string(nil), allow...), counts: Counts{}}
}

// Learn runs the named-entity scan over texts (all at once, since the
// scan's model is loaded per call) and adds the people, places and
// organisations it finds to the screen's terms. Terms the screen already
// has keep their replacement.
func (s *Screen) Learn(texts ...string) {
	if s == nil {
		return
	}
	s.Add(Entities(texts...)...)
}

// Add adds terms to the screen's (what the entity scan found, kept by the
// store); terms the screen already has keep their replacement.
func (s *Screen) Add(terms ...Term) {
	if s == nil || len(terms) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.terms = append(s.terms, terms...)
	s.r = New(s.terms, s.allow...)
}

// Text returns str with its identifiers replaced, and counts them.
func (s *Screen) Text(str string) string {
	if s == nil || str == "" {
		return str
	}
	s.mu.Lock()
	r := s.r
	s.mu.Unlock()
	res := r.Redact(str)
	if len(res.Matches) == 0 {
		return str
	}
	s.mu.Lock()
	s.counts.Add(res.Counts)
	s.mu.Unlock()
	return res.Text
}

// Counts returns what the screen has replaced so far, by kind.
func (s *Screen) Counts() Counts {
	out := Counts{}
	if s == nil {
		return out
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out.Add(s.counts)
	return out
}

// Reset sets the counts back to zero.
func (s *Screen) Reset() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.counts = Counts{}
	s.mu.Unlock()
}

// Redact is Text with the whole result: the offset map moves codings on
// str to the same words of the screened text. It counts what it replaced.
// A nil screen returns str unchanged with an empty map.
func (s *Screen) Redact(str string) Result {
	if s == nil || str == "" {
		return Result{Text: str, Counts: Counts{}}
	}
	s.mu.Lock()
	r := s.r
	s.mu.Unlock()
	res := r.Redact(str)
	s.mu.Lock()
	s.counts.Add(res.Counts)
	s.mu.Unlock()
	return res
}

// Func is the screen as a function of text, for the packages that take
// one (the report, the TUI's mask); a nil screen gives nil.
func (s *Screen) Func() func(string) string {
	if s == nil {
		return nil
	}
	return s.Text
}

// Mask hides the identifiers of str without moving anything: each one's
// characters become '•' (spaces stay), so the text keeps its length in
// code points and codings keep their offsets. It is for a screen shown to
// others (`fieldwork code --mask`); outputs use Text, which does not
// reveal a name's length.
func (s *Screen) Mask(str string) string {
	if s == nil || str == "" {
		return str
	}
	s.mu.Lock()
	r := s.r
	s.mu.Unlock()
	ms := r.Find(str)
	if len(ms) == 0 {
		return str
	}
	runes := []rune(str)
	for _, m := range ms {
		for i := m.Start; i < m.End && i < len(runes); i++ {
			if !unicode.IsSpace(runes[i]) {
				runes[i] = '•'
			}
		}
	}
	return string(runes)
}
