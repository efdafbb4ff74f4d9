package coding

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
)

// Segment splits the turns of one source's text into sentences with the
// Punkt model of its language (French for "fr", "fr-CA" ...; English for
// any other, which has no model here), never letting a sentence cross a
// turn boundary or a blank line. Text outside every turn (the separators)
// belongs to no sentence. Turns must be in text order and not overlap; they
// are segmented in parallel, at most GOMAXPROCS at a time. Offsets are code
// points; sentences are in text order, do not overlap and carry no
// surrounding white space. Turns out of order or past the text, or a
// failure of the tokenizer, give an error and no sentences.
func Segment(text string, turns []Turn, lang string) ([]Sentence, error) {
	tok, err := punktFor(lang).tokenizer()
	if err != nil {
		return nil, err
	}
	jobs, err := turnBytes(text, turns)
	if err != nil {
		return nil, err
	}
	spans := make([][]span, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				spans[i], errs[i] = segmentTurn(tok, text[j.start:j.end], turns[i].Start)
				if errs[i] != nil {
					errs[i] = fmt.Errorf("segment turn %d (line %d): %w", i+1, turns[i].Line, errs[i])
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first; the others are likely alike
		}
	}
	n := 0
	for _, s := range spans {
		n += len(s)
	}
	out := make([]Sentence, 0, n)
	for ti, ss := range spans {
		for _, s := range ss {
			out = append(out, Sentence{Index: len(out), Turn: ti, Start: s.start, End: s.end})
		}
	}
	return out, nil
}

type span struct{ start, end int }

// turnBytes converts the turns' code-point spans to byte spans of text in
// one pass, checking that they are in order and inside the text.
func turnBytes(text string, turns []Turn) ([]span, error) {
	out := make([]span, len(turns))
	bytePos, runePos := 0, 0
	seek := func(to int) bool { // moves both cursors to code point to
		for runePos < to && bytePos < len(text) {
			_, size := utf8.DecodeRuneInString(text[bytePos:])
			bytePos += size
			runePos++
		}
		return runePos == to
	}
	prevEnd := 0
	for i, t := range turns {
		if t.Start < prevEnd || t.End < t.Start {
			return nil, fmt.Errorf("segment: turn %d spans [%d,%d), out of order", i+1, t.Start, t.End)
		}
		if !seek(t.Start) {
			return nil, fmt.Errorf("segment: turn %d starts at %d, past the end of the text (%d)", i+1, t.Start, runePos)
		}
		out[i].start = bytePos
		if !seek(t.End) {
			return nil, fmt.Errorf("segment: turn %d ends at %d, past the end of the text (%d)", i+1, t.End, runePos)
		}
		out[i].end = bytePos
		prevEnd = t.End
	}
	return out, nil
}

// segmentTurn splits one turn's text, which starts at code point base of
// its source, at blank lines and each paragraph into sentences.
func segmentTurn(tok *sentences.DefaultSentenceTokenizer, turn string, base int) (out []span, err error) {
	defer func() {
		// The tokenizer is a library working on participants' words: a
		// panic in it must fail this import, not the program.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("the sentence tokenizer failed: %v", r)
		}
	}()
	runePos := base // code point of turn[bytePos]
	bytePos := 0
	advance := func(to int) {
		runePos += utf8.RuneCountInString(turn[bytePos:to])
		bytePos = to
	}
	var sents []span // sentences of the current paragraph, bytes of turn
	for _, p := range paragraphs(turn) {
		para := turn[p.start:p.end]
		prev := 0
		sents = sents[:0]
		for _, s := range tok.Tokenize(para) {
			if s.Start < prev || s.End < s.Start || s.End > len(para) {
				return nil, fmt.Errorf("the sentence tokenizer gave bytes [%d,%d) after %d in a paragraph of %d", s.Start, s.End, prev, len(para))
			}
			prev = s.End
			a, b := trimSpace(para, s.Start, s.End)
			if n := len(sents); n > 0 {
				// French sets closing guillemets apart ("C'est fini. »"),
				// and Punkt breaks before them: they end the sentence before.
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
			out = append(out, span{start, runePos})
		}
	}
	return out, nil
}

// closingMarks returns the length in bytes of the closing quotes and
// brackets that open s when white space or the end of s follows them.
func closingMarks(s string) int {
	n := len(s) - len(strings.TrimLeft(s, "»”’\")]"))
	if n == 0 || n == len(s) {
		return n
	}
	if r, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsSpace(r) {
		return n
	}
	return 0
}

// paragraphs cuts s at blank lines (lines of nothing but white space).
func paragraphs(s string) []span {
	var out []span
	start, lineStart, blankSoFar := 0, 0, true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			if blankSoFar && lineStart > start {
				// The line [lineStart,i) is blank and text precedes it.
				out = append(out, span{start, lineStart})
				start = i + 1
			} else if blankSoFar && lineStart == start {
				start = i + 1 // leading blank lines
			}
			lineStart, blankSoFar = i+1, true
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
		default:
			blankSoFar = false
		}
	}
	if start < len(s) {
		out = append(out, span{start, len(s)})
	}
	return out
}

// trimSpace narrows the byte span [a,b) of s to exclude white space.
func trimSpace(s string, a, b int) (int, int) {
	for a < b {
		r, size := utf8.DecodeRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += size
	}
	for b > a {
		r, size := utf8.DecodeLastRuneInString(s[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= size
	}
	return a, b
}

// Slice returns the text between two code-point offsets of s, clamped to s.
func Slice(s string, start, end int) string {
	if start < 0 {
		start = 0
	}
	if end <= start {
		return ""
	}
	b0, b1, i := -1, len(s), 0
	for bi := range s {
		if i == start {
			b0 = bi
		}
		if i == end {
			b1 = bi
			break
		}
		i++
	}
	if b0 < 0 {
		return ""
	}
	return s[b0:b1]
}

// WordCount counts the words of s: runs of letters, digits, apostrophes and
// hyphens (so "l'immigration" and "Jean-Baptiste" are one word each).
func WordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
