package coding

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// The sentence tokenizer is Punkt as gopkg.in/neurosnap/sentences.v1 runs
// it (its training data, its word tokenizer and its two annotation passes),
// with the English refinements of github.com/jdkato/prose/v2 (MIT, Joseph
// Kato), which fieldwork used before and whose segmenter is not exported: a
// full stop or ellipsis before a capitalised word ends a sentence, "U.N."
// does not, punctuation before a closing quote or bracket does only when a
// capital follows.
//
// punktSplitter reimplements that pipeline over byte spans of the text:
// the library allocates a token and runs regular expressions for every
// word next to a full stop, which made segmentation most of an import's
// time. It must give the library's boundaries exactly:
// punkt_library_test.go keeps the library pipeline as it was and the tests
// and FuzzSplitterMatchesLibrary compare the two. Each language's splitter
// is built once and shared: splitting only reads it.

// frenchModel is the Punkt training data for French (see punkt/README.md).
//
//go:embed punkt/french.json.gz
var frenchModel []byte

// punktModel is one language's sentence splitter, built on first use.
type punktModel struct {
	name    string
	load    func() ([]byte, error) // the training data as JSON
	abbrevs []string               // added to the training's abbreviations
	drop    []string               // removed from them
	// capitalAfterEllipsis: see punktSplitter.
	capitalAfterEllipsis bool
	once                 sync.Once
	sp                   *punktSplitter
	err                  error
}

var (
	englishPunkt = &punktModel{
		name:    "English",
		load:    func() ([]byte, error) { return data.Asset("data/english.json") },
		abbrevs: []string{"sgt", "gov", "no", "mt"},
	}
	frenchPunkt = &punktModel{
		name: "French",
		load: func() ([]byte, error) {
			zr, err := gzip.NewReader(bytes.NewReader(frenchModel))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(zr)
		},
		// French groups switch to English; the French training took these
		// English words for abbreviations, so "Thank you. Really." was one
		// sentence.
		drop:                 []string{"you", "can"},
		capitalAfterEllipsis: true,
	}
)

// punktFor returns the model for a source's language: French for "fr" (and
// "fr-CA" ...), English for every other language, which has no model here.
func punktFor(lang string) *punktModel {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if primary == "fr" {
		return frenchPunkt
	}
	return englishPunkt
}

func (m *punktModel) splitter() (*punktSplitter, error) {
	m.once.Do(func() {
		b, err := m.load()
		var training *sentences.Storage
		if err == nil {
			training, err = sentences.LoadTraining(b)
		}
		if err != nil {
			m.err = fmt.Errorf("load the %s sentence model: %w", m.name, err)
			return
		}
		for _, a := range m.abbrevs {
			training.AbbrevTypes.Add(a)
		}
		for _, a := range m.drop {
			training.AbbrevTypes.Remove(a)
		}
		m.sp = &punktSplitter{st: training, capitalAfterEllipsis: m.capitalAfterEllipsis}
	})
	return m.sp, m.err
}

// punktSplitter splits paragraphs into sentences with one Punkt model.
type punktSplitter struct {
	st *sentences.Storage
	// capitalAfterEllipsis: only a capital after an ellipsis starts a
	// sentence, not a frequent sentence starter in lower case (French
	// starters include "comment": "Et c'est là que... comment dire.").
	capitalAfterEllipsis bool
}

// ptok is a word next to sentence punctuation, Punkt's token.
type ptok struct {
	tok       string
	end       int    // byte offset just past it (Punkt's Position)
	typ       string // Punkt's type of tok, once typed is set
	typed     bool
	sentBreak bool
	abbr      bool
}

// Orthographic contexts of the training (see sentences.v1's ortho.go).
const (
	orthoBegUc = 1 << 1
	orthoMidUc = 1 << 2
	orthoUnkUc = 1 << 3
	orthoBegLc = 1 << 4
	orthoMidLc = 1 << 5
	orthoUnkLc = 1 << 6
	orthoUc    = orthoBegUc + orthoMidUc + orthoUnkUc
	orthoLc    = orthoBegLc + orthoMidLc + orthoUnkLc
)

// split appends to out the byte spans of text's sentences, as the library's
// Tokenize gives them (untrimmed, covering text). toks is scratch space,
// returned for reuse.
func (p *punktSplitter) split(text string, toks []ptok, out []span) ([]ptok, []span) {
	toks = words(text, toks[:0])
	for i := range toks {
		p.typeAnnotate(&toks[i])
	}
	for i := 0; i+1 < len(toks); i++ {
		p.tokenAnnotate(&toks[i], &toks[i+1])
	}
	for i := range toks {
		if i+1 == len(toks) {
			// A break marked on an errant newline (only the token of a text
			// without sentence punctuation holds white space).
			if t := toks[i].tok; strings.Contains(t, "\n") && strings.Contains(t, " ") {
				toks[i].sentBreak = false
			}
			break
		}
		p.refine(&toks[i], &toks[i+1])
	}
	last := 0
	for i := range toks {
		if toks[i].sentBreak {
			out = append(out, span{last, toks[i].end})
			last = toks[i].end
		}
	}
	if last != len(text) {
		out = append(out, span{last, len(text)})
	}
	return toks, out
}

// words is Punkt's word tokenizer in its period context: the words (split
// at white space) that hold '.', '!' or '?' and each word after one. Like
// the library it ends the last word at the end of text only when text ends
// in a one-byte character; a text without such a word is one token.
func words(text string, toks []ptok) []ptok {
	n := len(text)
	if n == 0 {
		return toks
	}
	lastSpace := 0
	next := false
	punct := false // text[lastSpace:i] holds '.', '!' or '?'
	for i := 0; i < n; {
		c := text[i]
		size, space := 1, false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
			punct = punct || c == '.' || c == '!' || c == '?'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			space = unicode.IsSpace(r)
		}
		if !space && i != n-1 {
			i += size
			continue
		}
		cursor := i
		if i == n-1 {
			cursor = n
		}
		i += size
		word := strings.TrimSpace(text[lastSpace:cursor])
		if word == "" {
			continue
		}
		if !punct && !next {
			lastSpace = cursor
			continue
		}
		toks = append(toks, ptok{tok: word, end: cursor})
		lastSpace = cursor
		next, punct = punct, false
	}
	if len(toks) == 0 {
		toks = append(toks, ptok{tok: text, end: n})
	}
	return toks
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// typeAnnotate is Punkt's first pass: sentence punctuation is a break, a
// word ending in a full stop is an abbreviation of the model or a break.
func (p *punktSplitter) typeAnnotate(t *ptok) {
	if hasSentEndChars(t.tok) {
		t.sentBreak = true
		return
	}
	if strings.HasSuffix(t.tok, ".") && !strings.HasSuffix(t.tok, "..") {
		// The library cuts the full stop at the rune count, as bytes.
		noPeriod := strings.ToLower(t.tok[:utf8.RuneCountInString(t.tok)-1])
		lastPart := noPeriod[strings.LastIndexByte(noPeriod, '-')+1:]
		if p.st.AbbrevTypes.Has(noPeriod) || p.st.AbbrevTypes.Has(lastPart) {
			t.abbr = true
		} else {
			t.sentBreak = true
		}
	}
}

// tokenAnnotate is Punkt's second pass over a token and the next:
// collocations, the orthographic and sentence-starter heuristics, spaced
// ellipses, initials and ordinals.
func (p *punktSplitter) tokenAnnotate(one, two *ptok) {
	if !strings.HasSuffix(one.tok, ".") {
		return
	}
	typ := noPeriod(one.punktType())
	nextTyp := two.typeNoSentPeriod()
	initial := isInitial(one.tok)
	if p.st.Collocations[typ+","+nextTyp] != 0 {
		one.sentBreak, one.abbr = false, true
		return
	}
	if (one.abbr || strings.HasSuffix(one.tok, "..")) && !initial {
		if p.heuristic(two) == 1 {
			one.sentBreak = true
			return
		}
		if firstUpper(two.tok) && p.st.SentStarters[nextTyp] != 0 {
			one.sentBreak = true
			return
		}
	}
	if one.tok == "." && two.tok == "." {
		one.sentBreak, two.sentBreak = false, false
		return
	}
	if initial || typ == "##number##" {
		h := p.heuristic(two)
		if h == 0 {
			one.sentBreak, one.abbr = false, true
			return
		}
		if h == -1 && initial && firstUpper(two.tok) && p.st.OrthoContext[nextTyp]&orthoLc == 0 {
			one.sentBreak, one.abbr = false, true
		}
	}
}

// refine corrects Punkt's breaks around ellipses, closing punctuation and
// multi-period abbreviations such as "F.B.I." (prose's annotation).
func (p *punktSplitter) refine(one, two *ptok) {
	// Two periods in a row: an ellipsis the word tokenizer split.
	if strings.HasSuffix(one.tok, ".") && two.tok == "." {
		one.sentBreak, two.sentBreak = false, false
		return
	}
	nonBreak := strings.HasSuffix(one.tok, ".") && !one.sentBreak
	ellipsis := hasEllipsis(one.tok)
	internal := one.sentBreak && looksInternal(one.tok)
	var nextTyp string
	if nonBreak || ellipsis || internal {
		nextTyp = two.typeNoSentPeriod()
		starter := p.st.SentStarters[nextTyp] != 0
		if ellipsis && (firstUpper(two.tok) || starter && !p.capitalAfterEllipsis) {
			one.sentBreak = true
			return
		}
		if internal && firstLower(two.tok) && !starter {
			one.sentBreak = false
			return
		}
		// A full stop the model did not take as a break, before a
		// capitalised word seen in lower case mid-sentence, is one.
		if nonBreak && firstUpper(two.tok) && p.st.OrthoContext[nextTyp]&(orthoBegLc|orthoMidLc|orthoUnkLc) != 0 {
			one.sentBreak = true
		}
	}
	if !hasDottedAbbrev(one.tok) || isInitial(one.tok) {
		return
	}
	one.abbr, one.sentBreak = true, false
	if p.heuristic(two) == 1 {
		one.sentBreak = true
		return
	}
	if nextTyp == "" {
		nextTyp = two.typeNoSentPeriod()
	}
	if firstUpper(two.tok) && p.st.SentStarters[nextTyp] != 0 {
		one.sentBreak = true
	}
}

// heuristic is Punkt's orthographic heuristic: 1 if t starts a sentence,
// 0 if it does not, -1 if the training cannot tell.
func (p *punktSplitter) heuristic(t *ptok) int {
	switch t.tok {
	case ";", ":", ",", ".", "!", "?":
		return 0
	}
	ctx := p.st.OrthoContext[t.typeNoSentPeriod()]
	if firstUpper(t.tok) && ctx&orthoLc > 0 && ctx&orthoMidUc == 0 {
		return 1
	}
	if firstLower(t.tok) && (ctx&orthoUc > 0 || ctx&orthoBegLc == 0) {
		return 0
	}
	return -1
}

// punktType is Punkt's type of the token: lower case, a number at its end
// (`-?[\.,]?\d[\d,\.-]*\.?$`) as "##number##", and commas removed from a
// type longer than one byte.
func (t *ptok) punktType() string {
	if t.typed {
		return t.typ
	}
	typ := strings.ToLower(t.tok)
	if i := numberSuffix(typ); i >= 0 {
		typ = typ[:i] + "##number##"
	}
	if len(typ) > 1 {
		typ = strings.ReplaceAll(typ, ",", "")
	}
	t.typ, t.typed = typ, true
	return typ
}

// typeNoSentPeriod is the type without its final full stop when the token
// is a sentence break.
func (t *ptok) typeNoSentPeriod() string {
	if t.sentBreak {
		return noPeriod(t.punktType())
	}
	return t.punktType()
}

// noPeriod drops the final full stop of a type longer than one byte.
func noPeriod(typ string) string {
	if len(typ) > 1 && typ[len(typ)-1] == '.' {
		return typ[:len(typ)-1]
	}
	return typ
}

// numberSuffix returns where the leftmost match of
// `-?[\.,]?\d[\d,\.-]*\.?$` starts in s, or -1. The match is made of
// digits, commas, full stops and hyphens only, so it starts in the longest
// such tail of s, at the first place where the head of the pattern holds.
func numberSuffix(s string) int {
	tail := len(s)
	for tail > 0 && isNumberByte(s[tail-1]) {
		tail--
	}
	for i := tail; i < len(s); i++ {
		j := i
		if s[j] == '-' {
			j++
		}
		if j < len(s) && (s[j] == '.' || s[j] == ',') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			return i
		}
	}
	return -1
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == ',' || c == '.' || c == '-'
}

// isInitial matches `^[A-Za-z]\.$`.
func isInitial(tok string) bool {
	return len(tok) == 2 && tok[1] == '.' && (tok[0]|0x20 >= 'a' && tok[0]|0x20 <= 'z')
}

func isWordByte(c byte) bool { // RE2's \w
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// hasDottedAbbrev reports whether tok holds `(?:\w\.)+\w*\.`, as in
// "U.N." or "p.m.": a word character and a full stop, then word
// characters and a full stop.
func hasDottedAbbrev(tok string) bool {
	for i := 0; i+2 < len(tok); i++ {
		if !isWordByte(tok[i]) || tok[i+1] != '.' {
			continue
		}
		j := i + 2
		for j < len(tok) && isWordByte(tok[j]) {
			j++
		}
		if j < len(tok) && tok[j] == '.' {
			return true
		}
	}
	return false
}

// hasEllipsis reports whether tok holds `(?:\.\s?){2,}\.`: three full
// stops, each pair separated by at most one white-space byte (\s is
// [\t\n\f\r ]).
func hasEllipsis(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if tok[i] != '.' {
			continue
		}
		j, dots := i+1, 1
		for dots < 3 {
			if j < len(tok) && reSpace(tok[j]) && j+1 < len(tok) && tok[j+1] == '.' {
				j += 2
			} else if j < len(tok) && tok[j] == '.' {
				j++
			} else {
				break
			}
			dots++
		}
		if dots == 3 {
			return true
		}
	}
	return false
}

func reSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// hasSentEndChars reports whether a token ends with sentence punctuation
// followed by a closing quote or bracket (`."`, `.)`, `.’`, `.”`, `.»`, the
// same after '?' and '!', `?'`, `!'`, or a bare '?' or '!'), unless it
// holds "Yahoo!", a name; or whether it holds sentence punctuation before an
// opening bracket (`.[`, `.(`, `."`, `?[`, `?(`, `![`, `!(`).
func hasSentEndChars(tok string) bool {
	if endsSentence(tok) && !strings.Contains(tok, "Yahoo!") {
		return true
	}
	for i := 0; i+1 < len(tok); i++ {
		switch tok[i] {
		case '.':
			if c := tok[i+1]; c == '[' || c == '(' || c == '"' {
				return true
			}
		case '?', '!':
			if c := tok[i+1]; c == '[' || c == '(' {
				return true
			}
		}
	}
	return false
}

// endsSentence reports whether tok ends with one of the enders of
// hasSentEndChars.
func endsSentence(tok string) bool {
	r, size := utf8.DecodeLastRuneInString(tok)
	before := byte(0)
	if len(tok) > size {
		before = tok[len(tok)-size-1]
	}
	switch r {
	case '?', '!':
		return true
	case '"', ')', '’', '”', '»':
		return before == '.' || before == '?' || before == '!'
	case '\'':
		return before == '?' || before == '!'
	}
	return false
}

// looksInternal reports whether tok's final punctuation may be inside a
// sentence (a closing bracket or quote).
func looksInternal(tok string) bool {
	for _, p := range []string{")", `’`, `”`, `"`, `'`, `»`} {
		if strings.HasSuffix(tok, p) {
			return true
		}
	}
	return false
}

// firstUpper and firstLower test the first rune of a token.
func firstUpper(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return tok != "" && unicode.IsUpper(r)
}

func firstLower(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return tok != "" && unicode.IsLower(r)
}
