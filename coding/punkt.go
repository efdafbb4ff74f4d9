package coding

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// The sentence tokenizers are Punkt (gopkg.in/neurosnap/sentences.v1) with
// the English refinements of github.com/jdkato/prose/v2 (MIT, Joseph Kato),
// which fieldwork used before and whose segmenter is not exported: a full
// stop or ellipsis before a capitalised word ends a sentence, "U.N." does
// not, punctuation before a closing quote or bracket does only when a
// capital follows. Each language's tokenizer is built once and shared:
// tokenizing only reads it.

// frenchModel is the Punkt training data for French (see punkt/README.md).
//
//go:embed punkt/french.json.gz
var frenchModel []byte

// punktModel is one language's sentence tokenizer, built on first use.
type punktModel struct {
	name    string
	load    func() ([]byte, error) // the training data as JSON
	abbrevs []string               // added to the training's abbreviations
	drop    []string               // removed from them
	// capitalAfterEllipsis: see multiPunctAnnotation.
	capitalAfterEllipsis bool
	once                 sync.Once
	tok                  *sentences.DefaultSentenceTokenizer
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

func (m *punktModel) tokenizer() (*sentences.DefaultSentenceTokenizer, error) {
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
		m.tok = newPunktTokenizer(training, m.capitalAfterEllipsis)
	})
	return m.tok, m.err
}

func newPunktTokenizer(training *sentences.Storage, capitalAfterEllipsis bool) *sentences.DefaultSentenceTokenizer {
	lang := sentences.NewPunctStrings()
	word := &wordTokenizer{}
	word.PunctStrings = lang
	annotations := sentences.NewAnnotations(training, lang, word)
	ortho := &sentences.OrthoContext{Storage: training, PunctStrings: lang, TokenType: word, TokenFirst: word}
	annotations = append(annotations, &multiPunctAnnotation{
		capitalAfterEllipsis: capitalAfterEllipsis,
		Storage:              training, TokenParser: word, TokenGrouper: &sentences.DefaultTokenGrouper{}, Ortho: ortho,
	})
	return &sentences.DefaultSentenceTokenizer{Storage: training, PunctStrings: lang, WordTokenizer: word, Annotations: annotations}
}

// wordTokenizer is Punkt's word tokenizer, knowing that punctuation
// followed by a closing quote (English or French) or bracket ends a sentence.
type wordTokenizer struct {
	sentences.DefaultWordTokenizer
}

var (
	sentEnders = []string{
		`."`, `.)`, `.’`, `.”`, `.»`,
		`?`, `?"`, `?'`, `?)`, `?’`, `?”`, `?»`,
		`!`, `!"`, `!'`, `!)`, `!’`, `!”`, `!»`,
	}
	sentEnderInside = []string{`.[`, `.(`, `."`, `?[`, `?(`, `![`, `!(`}
	reEntities      = regexp.MustCompile(`Yahoo!`)
	reAbbr          = regexp.MustCompile(`((?:[\w]\.)+[\w]*\.)`)
	reEllipsis      = regexp.MustCompile(`(?:\.\s?){2,}\.`)
)

// HasSentEndChars reports whether a token ends with sentence punctuation
// followed by a closing quote or bracket, or holds one before an opening one.
func (e *wordTokenizer) HasSentEndChars(t *sentences.Token) bool {
	for _, ender := range sentEnders {
		if strings.HasSuffix(t.Tok, ender) && !reEntities.MatchString(t.Tok) {
			return true
		}
	}
	for _, p := range sentEnderInside {
		if strings.Contains(t.Tok, p) {
			return true
		}
	}
	return false
}

// multiPunctAnnotation corrects Punkt's breaks around ellipses, closing
// punctuation and multi-period abbreviations such as "F.B.I.".
type multiPunctAnnotation struct {
	// capitalAfterEllipsis: only a capital after an ellipsis starts a
	// sentence, not a frequent sentence starter in lower case (French
	// starters include "comment": "Et c'est là que... comment dire.").
	capitalAfterEllipsis bool
	*sentences.Storage
	sentences.TokenParser
	sentences.TokenGrouper
	sentences.Ortho
}

// Annotate implements sentences.AnnotateTokens.
func (a *multiPunctAnnotation) Annotate(tokens []*sentences.Token) []*sentences.Token {
	for _, pair := range a.TokenGrouper.Group(tokens) {
		if pair[1] == nil {
			if tok := pair[0].Tok; strings.Contains(tok, "\n") && strings.Contains(tok, " ") {
				pair[0].SentBreak = false // a break marked on an errant newline
			}
			continue
		}
		a.annotatePair(pair[0], pair[1])
	}
	return tokens
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

func (a *multiPunctAnnotation) annotatePair(one, two *sentences.Token) {
	// Two periods in a row: an ellipsis the word tokenizer split.
	if strings.HasSuffix(one.Tok, ".") && two.Tok == "." {
		one.SentBreak, two.SentBreak = false, false
		return
	}
	nonBreak := strings.HasSuffix(one.Tok, ".") && !one.SentBreak
	ellipsis := reEllipsis.MatchString(one.Tok)
	internal := one.SentBreak && looksInternal(one.Tok)
	var nextTyp string
	if nonBreak || ellipsis || internal {
		nextTyp = a.TokenParser.TypeNoSentPeriod(two)
		starter := a.SentStarters[nextTyp] != 0
		if ellipsis && (a.TokenParser.FirstUpper(two) || starter && !a.capitalAfterEllipsis) {
			one.SentBreak = true
			return
		}
		if internal && a.TokenParser.FirstLower(two) && !starter {
			one.SentBreak = false
			return
		}
		// A full stop the model did not take as a break, before a
		// capitalised word seen in lower case mid-sentence, is one.
		if nonBreak && a.TokenParser.FirstUpper(two) && a.Storage.OrthoContext[nextTyp]&112 != 0 {
			one.SentBreak = true
		}
	}
	if reAbbr.FindString(one.Tok) == "" || a.IsInitial(one) {
		return
	}
	one.Abbr, one.SentBreak = true, false
	if a.Ortho.Heuristic(two) == 1 {
		one.SentBreak = true
		return
	}
	if nextTyp == "" {
		nextTyp = a.TokenParser.TypeNoSentPeriod(two)
	}
	if a.TokenParser.FirstUpper(two) && a.SentStarters[nextTyp] != 0 {
		one.SentBreak = true
	}
}
