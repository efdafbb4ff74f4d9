package analysis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// stopWords are English and French function words (and the fillers of
// spoken French and English), removed before words are weighed.
var stopWords = func() map[string]bool {
	const en = `a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each even every few for from further get gets got had hadn't has hasn't have haven't having he he'd
he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is
isn't it it's its itself just know let's like maybe me mean more most much must mustn't my myself no nor not
now of off often on once one only or other ought our ours ourselves out over own really right said same say
says shan't she she'd she'll she's should shouldn't so some something still such than that that's the their
theirs them themselves then there there's these they they'd they'll they're they've thing things think this
those through to too under until up upon us very was wasn't we we'd we'll we're we've well were weren't what
what's when when's where where's which while who who's whom why why's will with won't would wouldn't yeah yes
you you'd you'll you're you've your yours yourself yourselves okay ok oh um uh going go want also lot kind
went come came told tell take took make made give gave put look way back first two three four five day days`
	const fr = `à a afin ai aie aient aies ait alors as au aucun aucune aussi autre autres aux avaient avais avait
avant avec avez aviez avions avoir avons ayant bah ben bien bon c ça car ce ceci cela celle celles celui ces
cet cette ceux chaque chez ci comme comment d dans de des déjà depuis donc dont du elle elles en encore entre
es est et étaient étais était été êtes étiez étions être eu eue eues eurent eus eut euh eux fait faire fais
font fut hein il ils j je jusqu l la là le les leur leurs lui m ma mais me même mêmes mes moi mon n ne ni
nos notre nous on ont ou où par parce pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels
qui quoi s sa sans se sera serait ses si sien sienne son sont sous suis sur t ta te tes toi ton tous tout
toute toutes très tu un une unes uns v va vais vont vos votre vous vu y voilà oui non alors puis aussi`
	m := map[string]bool{}
	for _, w := range strings.Fields(en + " " + fr) {
		m[w] = true
	}
	return m
}()

// elisions are the French articles and pronouns that fuse with the next
// word through an apostrophe: l'aide is the word aide.
var elisions = []string{"l'", "d'", "j'", "qu'", "n'", "s'", "c'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'"}

// term normalises one token into a word worth weighing: lower case,
// curly apostrophes made straight, French elisions and English possessives
// removed, surrounding punctuation trimmed. It returns false for stop words,
// numbers and words shorter than three letters.
func term(tok string) (string, bool) {
	w := strings.ToLower(strings.ReplaceAll(tok, "’", "'"))
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, e := range elisions {
		if strings.HasPrefix(w, e) && len(w) > len(e) {
			w = w[len(e):]
			break
		}
	}
	w = strings.TrimSuffix(w, "'s")
	if stopWords[w] {
		return "", false
	}
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 3 {
		return "", false
	}
	return w, true
}

// proseTerms splits text with prose's tokenizer (no tagging, no
// segmentation) and keeps the words term accepts.
func proseTerms(text string) []string {
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range doc.Tokens() {
		if w, ok := term(t.Text); ok {
			out = append(out, w)
		}
	}
	return out
}

// termSplitter is proseTerms for many texts with the words of each
// whitespace-separated field worked out once: prose's tokenizer splits each
// field on its own (prefixes, contractions, suffixes), so a text's terms are
// its fields' terms in order. The theme summaries split every coded
// passage, a few distinct fields repeated millions of times.
type termSplitter struct {
	fields map[string][]string
	buf    []byte
}

func newTermSplitter() *termSplitter { return &termSplitter{fields: map[string][]string{}} }

// count adds to tf the terms of text (code points), as proseTerms would
// find them in it, and returns how many it added.
func (ts *termSplitter) count(text []rune, tf map[string]int) int {
	n := 0
	start := -1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && !unicode.IsSpace(text[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			for _, w := range ts.field(text[start:i]) {
				tf[w]++
				n++
			}
			start = -1
		}
	}
	return n
}

// field is the terms of one field.
func (ts *termSplitter) field(f []rune) []string {
	ts.buf = ts.buf[:0]
	for _, r := range f {
		ts.buf = utf8.AppendRune(ts.buf, r)
	}
	t, ok := ts.fields[string(ts.buf)]
	if !ok {
		t = proseTerms(string(ts.buf))
		ts.fields[string(ts.buf)] = t
	}
	return t
}

// isWordRune is what coding.WordCount counts words of: letters, digits,
// apostrophes and hyphens.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
}

// wordStarts is a source's words indexed by code point: starts[i] is how
// many words begin before code point i, and in[i] whether code point i is
// part of a word. Built once per source, it counts the words of any span in
// constant time, where coding.WordCount reads (and copies) the span.
type wordStarts struct {
	starts []int32
	in     []bool
}

func newWordStarts(text string) wordStarts {
	n := utf8.RuneCountInString(text)
	w := wordStarts{starts: make([]int32, n+1), in: make([]bool, n)}
	i, prev, count := 0, false, int32(0)
	for _, r := range text {
		cur := isWordRune(r)
		w.starts[i] = count
		if cur && !prev {
			count++
		}
		w.in[i] = cur
		prev = cur
		i++
	}
	w.starts[n] = count
	return w
}

// count is coding.WordCount of code points [a, b): the words that begin in
// it, and the word a starts inside of.
func (w wordStarts) count(a, b int) int {
	a, b = max(a, 0), min(b, len(w.in))
	if a >= b {
		return 0
	}
	n := int(w.starts[b] - w.starts[a+1])
	if w.in[a] {
		n++
	}
	return n
}

// words is source i's wordStarts, built on first use.
func (s *scope) words(i int) wordStarts {
	if s.srcWords == nil {
		s.srcWords = make([]*wordStarts, len(s.ds.Sources))
	}
	if s.srcWords[i] == nil {
		w := newWordStarts(s.ds.Sources[i].Text)
		s.srcWords[i] = &w
	}
	return *s.srcWords[i]
}

// wordSpan is a coded stretch of one sentence: a source index and the code
// points [a, b).
type wordSpan struct{ src, a, b int }

func compareSpans(x, y wordSpan) int {
	return cmp.Or(cmp.Compare(x.src, y.src), cmp.Compare(x.a, y.a))
}

// ownSpans is, for every code, the counted codings of that code itself
// clipped to the sentences in scope they overlap, sorted by source and
// start: built in one pass over the hits, then merged per code (with the
// codes under it) by codedWords, instead of a pass over every hit and a
// sort for each code.
func (s *scope) ownSpans() [][]wordSpan {
	if s.codeSpans != nil {
		return s.codeSpans
	}
	out := make([][]wordSpan, len(s.codes))
	n := make([]int, len(s.codes))
	for h := range s.hits {
		n[s.hits[h].code] += s.hits[h].hi - s.hits[h].lo
	}
	for c := range out {
		out[c] = make([]wordSpan, 0, n[c])
	}
	for h := range s.hits {
		ht := &s.hits[h]
		cd := &s.ds.Codings[ht.coding]
		for _, se := range s.sents[ht.lo:ht.hi] {
			if a, b := max(cd.Start, se.start), min(cd.End, se.end); a < b {
				out[ht.code] = append(out[ht.code], wordSpan{se.src, a, b})
			}
		}
	}
	for _, l := range out {
		slices.SortFunc(l, compareSpans)
	}
	s.codeSpans = out
	return out
}
