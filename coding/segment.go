package coding

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
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
	sp, err := punktFor(lang).splitter()
	if err != nil {
		return nil, err
	}
	jobs, err := turnBytes(text, turns)
	if err != nil {
		return nil, err
	}
	// Workers take runs of turns of about segmentChunk bytes: a turn at a
	// time costs more in hand-over and small slices than in splitting.
	var chunks []int // first turn of each run
	for i, size := 0, 0; i < len(jobs); i++ {
		if i == 0 || size >= segmentChunk {
			chunks = append(chunks, i)
			size = 0
		}
		size += jobs[i].end - jobs[i].start
	}
	found := make([][]turnSpan, len(chunks))
	errs := make([]error, len(chunks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s segmenter
			s.sp = sp
			for {
				c := int(next.Add(1)) - 1
				if c >= len(chunks) {
					return
				}
				end := len(jobs)
				if c+1 < len(chunks) {
					end = chunks[c+1]
				}
				var out []turnSpan
				var err error
				for i := chunks[c]; i < end; i++ {
					j := jobs[i]
					if out, err = s.turn(out, text[j.start:j.end], i, turns[i].Start); err != nil {
						errs[c] = fmt.Errorf("segment turn %d (line %d): %w", i+1, turns[i].Line, err)
						break
					}
				}
				found[c] = out
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
	for _, f := range found {
		n += len(f)
	}
	out := make([]Sentence, 0, n)
	for c, f := range found {
		for _, s := range f {
			out = append(out, Sentence{Index: len(out), Turn: int(s.turn), Start: int(s.start), End: int(s.end)})
		}
		found[c] = nil
	}
	return out, nil
}

// segmentChunk is the text, in bytes, a worker of Segment takes at a time.
const segmentChunk = 64 << 10

// turnSpan is a sentence as a worker finds it: its turn and code points
// (a text is at most transcript.MaxSize bytes, so 32 bits hold them).
type turnSpan struct{ turn, start, end int32 }

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

// segmenter is one worker's splitter with its scratch space.
type segmenter struct {
	sp    *punktSplitter
	toks  []ptok
	paras []span
	found []span
	sents []span
}

// turn appends to out the sentences of the turn ti, whose text starts at
// code point base of its source: the turn is cut at blank lines and each
// paragraph into sentences.
func (s *segmenter) turn(out []turnSpan, turn string, ti, base int) (_ []turnSpan, err error) {
	defer func() {
		// The splitter works on participants' words: a panic in it (a bug)
		// must fail this import, not the program.
		if r := recover(); r != nil { // the result is then nil
			err = fmt.Errorf("the sentence tokenizer failed: %v", r)
		}
	}()
	runePos := base // code point of turn[bytePos]
	bytePos := 0
	advance := func(to int) {
		runePos += utf8.RuneCountInString(turn[bytePos:to])
		bytePos = to
	}
	s.paras = paragraphs(turn, s.paras[:0])
	for _, p := range s.paras {
		para := turn[p.start:p.end]
		prev := 0
		sents := s.sents[:0] // sentences of the paragraph, bytes of turn
		s.toks, s.found = s.sp.split(para, s.toks, s.found[:0])
		for _, f := range s.found {
			if f.start < prev || f.end < f.start || f.end > len(para) {
				return nil, fmt.Errorf("the sentence tokenizer gave bytes [%d,%d) after %d in a paragraph of %d", f.start, f.end, prev, len(para))
			}
			prev = f.end
			a, b := trimSpace(para, f.start, f.end)
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
		s.sents = sents
		for _, b := range sents {
			advance(b.start)
			start := runePos
			advance(b.end)
			out = append(out, turnSpan{int32(ti), int32(start), int32(runePos)})
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

// paragraphs appends to out the spans of s between blank lines (lines of
// nothing but white space).
func paragraphs(s string, out []span) []span {
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
	for i := 0; i < len(s); {
		var w bool
		if c := s[i]; c < utf8.RuneSelf {
			w = asciiWord[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			w = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '’'
			i += size
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// asciiWord says which ASCII characters WordCount counts as word characters.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		r := rune(c)
		t[c] = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-'
	}
	return t
}()
