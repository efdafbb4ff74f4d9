package coding

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// Segment splits a source's text into sentences with prose's Punkt
// segmenter, never letting a sentence cross a turn boundary or a blank line.
// Text outside every turn (the separators) belongs to no sentence. Offsets
// are code points; sentences are in text order and do not overlap.
func Segment(text string, turns []Turn) []Sentence {
	return SegmentAll([]string{text}, [][]Turn{turns})[0]
}

// SegmentAll segments several sources at once. prose loads its Punkt model
// for every document it builds, which costs more than segmenting a whole
// transcript, so the texts go through prose as one document, joined by
// blank lines (which no sentence crosses), and are split apart again.
//
// prose gives sentence texts, not offsets, so each is found again in the
// text from where the previous one ended; a sentence prose altered beyond
// recognition is absorbed into the span up to the next one it can find.
func SegmentAll(texts []string, turns [][]Turn) [][]Sentence {
	const sep = "\n\n"
	var all strings.Builder
	bases := make([]int, len(texts)) // code-point offset of each text in all
	pos := 0
	for i, t := range texts {
		if i > 0 {
			all.WriteString(sep)
			pos += len(sep)
		}
		bases[i] = pos
		all.WriteString(t)
		pos += utf8.RuneCountInString(t)
	}
	joined := all.String()
	doc, err := prose.NewDocument(joined,
		prose.WithTokenization(false), prose.WithTagging(false), prose.WithExtraction(false))
	var pieces []span
	if err == nil {
		pieces = locate(joined, doc.Sentences())
	} else {
		pieces = []span{{0, pos}}
	}
	runes := []rune(joined)
	out := make([][]Sentence, len(texts))
	k := 0 // first piece that may still reach the current turn
	for i := range texts {
		for ti, t := range turns[i] {
			ts, te := bases[i]+t.Start, bases[i]+t.End
			for k < len(pieces) && pieces[k].end <= ts {
				k++
			}
			for _, p := range pieces[k:] {
				if p.start >= te {
					break
				}
				s, e := max(p.start, ts), min(p.end, te, len(runes))
				if s >= e {
					continue
				}
				for _, q := range splitBlankLines(runes, s, e) {
					out[i] = append(out[i], Sentence{Index: len(out[i]), Turn: ti, Start: q.start - bases[i], End: q.end - bases[i]})
				}
			}
		}
	}
	return out
}

type span struct{ start, end int }

// locate maps prose's sentence texts back to code-point spans of text.
func locate(text string, sents []prose.Sentence) []span {
	var out []span
	bytePos, runePos := 0, 0
	advance := func(to int) { // move both cursors to byte offset to
		runePos += utf8.RuneCountInString(text[bytePos:to])
		bytePos = to
	}
	for _, s := range sents {
		st := strings.TrimSpace(s.Text)
		if st == "" {
			continue
		}
		i := strings.Index(text[bytePos:], st)
		if i < 0 {
			continue
		}
		if n := len(out); n > 0 && i > 0 && strings.TrimSpace(text[bytePos:bytePos+i]) != "" {
			// Unmatched text between two found sentences joins the earlier one.
			advance(bytePos + i)
			out[n-1].end = runePos
		} else {
			advance(bytePos + i)
		}
		start := runePos
		advance(bytePos + len(st))
		out = append(out, span{start, runePos})
	}
	if rest := text[bytePos:]; strings.TrimSpace(rest) != "" {
		lead := len(rest) - len(strings.TrimLeftFunc(rest, unicode.IsSpace))
		advance(bytePos + lead)
		start := runePos
		advance(len(strings.TrimRightFunc(text, unicode.IsSpace)))
		out = append(out, span{start, runePos})
	}
	return out
}

// splitBlankLines cuts the span [s,e) of runes at blank lines and trims
// surrounding white space from each part.
func splitBlankLines(runes []rune, s, e int) []span {
	var out []span
	start := s
	flush := func(end int) {
		a, b := start, end
		for a < b && unicode.IsSpace(runes[a]) {
			a++
		}
		for b > a && unicode.IsSpace(runes[b-1]) {
			b--
		}
		if a < b {
			out = append(out, span{a, b})
		}
	}
	for i := s; i+1 < e; i++ {
		if runes[i] == '\n' && runes[i+1] == '\n' {
			flush(i)
			start = i + 2
			i++
		}
	}
	flush(e)
	return out
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
