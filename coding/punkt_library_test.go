package coding

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fieldwork-qda/fieldwork/coding/transcript"

	"gopkg.in/neurosnap/sentences.v1"
)

// The reference: fieldwork's sentence tokenizer as it was built on the
// library's DefaultSentenceTokenizer (Punkt, gopkg.in/neurosnap/sentences.v1,
// with the English refinements of github.com/jdkato/prose/v2), kept
// verbatim so that tests hold punktSplitter to the same boundaries.

// libraryTokenizer returns the library tokenizer of model m.
func libraryTokenizer(t testing.TB, m *punktModel) *sentences.DefaultSentenceTokenizer {
	t.Helper()
	sp, err := m.splitter()
	if err != nil {
		t.Fatal(err)
	}
	return newPunktTokenizer(sp.st, sp.capitalAfterEllipsis)
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
	libSentEnders = []string{
		`."`, `.)`, `.’`, `.”`, `.»`,
		`?`, `?"`, `?'`, `?)`, `?’`, `?”`, `?»`,
		`!`, `!"`, `!'`, `!)`, `!’`, `!”`, `!»`,
	}
	libSentEnderInside = []string{`.[`, `.(`, `."`, `?[`, `?(`, `![`, `!(`}
	reEntities         = regexp.MustCompile(`Yahoo!`)
	reAbbr             = regexp.MustCompile(`((?:[\w]\.)+[\w]*\.)`)
	reEllipsis         = regexp.MustCompile(`(?:\.\s?){2,}\.`)
)

// HasSentEndChars reports whether a token ends with sentence punctuation
// followed by a closing quote or bracket, or holds one before an opening one.
func (e *wordTokenizer) HasSentEndChars(t *sentences.Token) bool {
	for _, ender := range libSentEnders {
		if strings.HasSuffix(t.Tok, ender) && !reEntities.MatchString(t.Tok) {
			return true
		}
	}
	for _, p := range libSentEnderInside {
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

// libLooksInternal reports whether tok's final punctuation may be inside a
// sentence (a closing bracket or quote).
func libLooksInternal(tok string) bool {
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
	internal := one.SentBreak && libLooksInternal(one.Tok)
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

// splitBoth returns the library's sentence spans of text and the
// splitter's, as "start-end" lists.
func splitBoth(t testing.TB, m *punktModel, text string) (lib, fast string) {
	t.Helper()
	sp, err := m.splitter()
	if err != nil {
		t.Fatal(err)
	}
	var a, b []string
	for _, s := range libraryTokenizer(t, m).Tokenize(text) {
		a = append(a, fmt.Sprintf("%d-%d", s.Start, s.End))
	}
	_, spans := sp.split(text, nil, nil)
	for _, s := range spans {
		b = append(b, fmt.Sprintf("%d-%d", s.start, s.end))
	}
	return strings.Join(a, " "), strings.Join(b, " ")
}

// trickyWords are the words where Punkt's rules differ: abbreviations,
// initials, numbers, ellipses, quotes and brackets, accents, case.
var trickyWords = strings.Fields(`Dr. Mr. U.N. F.B.I. etc. e.g. i.e. p.m. a.m. No. no. J. A. St. vs.
	... . . . … » « “ ” " ' ( ) [ ] Yahoo! Yahoo!) 3.5 1,000. 12. -4. .5 2024. -.5 4,5. a-3. x1.2.3
	Élise élise Ça ça Très très. été. Où? où! the The and But but I i. Nous nous Je je comment Comment
	Thank you. Really. can. Sgt. Gov. Mt. mt. Inc. Jan. Fig. A.B. x.y.z ok?! wow!! ? ! . , ; :
	(P3.) (yes.) "No." 'Yes.' “Non.” fin.» fin. she said.) it.’ so.’ well?’ ¿Qué? 日本語。 word.[1]
	end.( - — – l'immigration. Jean-Baptiste. mid-sentence. co-op. ##number##. t.v. T.V. Ph.D. ph.d.
	123 4. IV. iv. é. naïve. ÉCOLE. Ökonomie. ..x x.. a..b .. .... Mme. M. Dupont. cf. env. c.-à-d.
	p. ex. janv. Yes.» «Non!» ok.’ no?) eh!” _a. a_.b. 1.2. 1.a. Ω. ω.`)

// trickyText builds text of n words from trickyWords and plain words,
// with varied white space.
func trickyText(r *rand.Rand, n int) string {
	plain := strings.Fields("we waited months for documents and the lawyer said nous avons attendu le permis Police Family")
	seps := []string{" ", " ", " ", "  ", "\t", " \u00a0", "\n", "\u2003", "\r\n"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(seps[r.IntN(len(seps))])
		}
		if r.IntN(3) == 0 {
			b.WriteString(trickyWords[r.IntN(len(trickyWords))])
		} else {
			b.WriteString(plain[r.IntN(len(plain))])
		}
	}
	return b.String()
}

// The splitter gives the library's boundaries on hand-picked texts and on
// thousands of random ones, in English and in French.
func TestSplitterMatchesLibrary(t *testing.T) {
	texts := []string{
		"", " ", "\n", "x", "é", "Hello", "Hello.", "Hello there. I waited seven months. Dr. Amal helped me.",
		"Thank you. Really. Et c'est là que... comment dire. « C'est fini. » Puis rien.",
		"I just... For a long time I was alone. No. Then there is no crime, sir.",
		"We met at 5 p.m. on Tuesday; nobody came. The U.N. said no. J. Bach wrote it.",
		"Il est arrivé avec ses enfants, etc. et leur grand-mère. Très.",
		"no punctuation at all\nbut two lines", "ends in a multibyte word. café", "ends. «", ". . . and then",
		"He said \"No.\" Then left. (Really.) she did. It's 3.5 percent. -4. Yes.",
	}
	r := rand.New(rand.NewPCG(15, 3))
	for range 3000 {
		texts = append(texts, trickyText(r, 1+r.IntN(40)))
	}
	for _, m := range []*punktModel{englishPunkt, frenchPunkt} {
		for _, text := range texts {
			if lib, fast := splitBoth(t, m, text); lib != fast {
				t.Fatalf("%s %q:\nlibrary  %s\nsplitter %s", m.name, text, lib, fast)
			}
		}
	}
}

// On the demo corpus, Segment gives the library's sentences, in the
// corpus's language and in the other.
func TestSegmentMatchesLibraryOnDemoCorpus(t *testing.T) {
	files, err := filepath.Glob("../internal/demo/corpus/*-fg.*")
	if err != nil || len(files) < 3 {
		t.Fatalf("demo corpus: %v %v", files, err)
	}
	for _, f := range files {
		doc, err := transcript.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, turns := FromTranscript(f, doc, SourceMeta{})
		for _, lang := range []string{"en", "fr"} {
			got, err := Segment(src.Text, turns, lang)
			if err != nil {
				t.Fatal(err)
			}
			want := librarySegment(t, src.Text, turns, lang)
			if len(got) != len(want) {
				t.Fatalf("%s %s: %d sentences, the library %d", f, lang, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s %s: sentence %d is %+v, the library's %+v", f, lang, i, got[i], want[i])
				}
			}
		}
	}
}

// librarySegment is Segment as it was, one turn at a time through the
// library tokenizer.
func librarySegment(t testing.TB, text string, turns []Turn, lang string) []Sentence {
	t.Helper()
	tok := libraryTokenizer(t, punktFor(lang))
	jobs, err := turnBytes(text, turns)
	if err != nil {
		t.Fatal(err)
	}
	var out []Sentence
	for ti, j := range jobs {
		turn := text[j.start:j.end]
		runePos, bytePos := turns[ti].Start, 0
		advance := func(to int) {
			runePos += utf8.RuneCountInString(turn[bytePos:to])
			bytePos = to
		}
		for _, p := range paragraphs(turn, nil) {
			para := turn[p.start:p.end]
			var sents []span
			for _, s := range tok.Tokenize(para) {
				a, b := trimSpace(para, s.Start, s.End)
				if n := len(sents); n > 0 {
					if m := closingMarks(para[a:b]); m > 0 {
						sents[n-1].end = p.start + a + m
						a, b = trimSpace(para, a+m, b)
					}
				}
				if a < b {
					sents = append(sents, span{p.start + a, p.start + b})
				}
			}
			for _, b := range sents {
				advance(b.start)
				start := runePos
				advance(b.end)
				out = append(out, Sentence{Index: len(out), Turn: ti, Start: start, End: runePos})
			}
		}
	}
	return out
}

func FuzzSplitterMatchesLibrary(f *testing.F) {
	f.Add("Hello there. Dr. Amal helped me... Yes. U.N. p.m. Thank you. Really.", false)
	f.Add("J'ai vu M. Tremblay. « Non. » Puis rien… etc. et puis. Comment.", true)
	f.Add("(yes.) she said.) -4. 3.5 x.. . . . a..b fin.»", false)
	f.Fuzz(func(t *testing.T, text string, french bool) {
		m := englishPunkt
		if french {
			m = frenchPunkt
		}
		if lib, fast := splitBoth(t, m, text); lib != fast {
			t.Fatalf("%s %q:\nlibrary  %s\nsplitter %s", m.name, text, lib, fast)
		}
	})
}
