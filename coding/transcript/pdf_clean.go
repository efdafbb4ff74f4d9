package transcript

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/fieldwork-qda/fieldwork/coding/transcript/pdftext"
)

// From a PDF's text lines to transcript lines
//
// A PDF holds lines as the page laid them out, with the page's furniture.
// pdfLines turns them back into the paragraphs a .txt transcript would
// have, in this order:
//
//  1. Margin line numbers: when at least half the lines of the document
//     (and at least three) start with a number, and on each page those
//     numbers rise in small steps (1, 2, 3 ... or 41, 42, 44 ...), the
//     numbers are taken off; a line holding only its number was an empty
//     line, a paragraph break.
//  2. Page numbers: among the first two and last two lines of a page, a
//     line that is only a page number ("3/12", "Page 3 of 12", "p. 3",
//     "Seite 3 von 12", "Página 3 de 12") is left out, and so is a bare
//     number ("3", "- 3 -") that follows the pages' order (see
//     dropPageNumbers).
//  3. Running headers and footers: a line among the first three or last
//     three of a page whose text, digits aside, is among the first or last
//     three lines of at least half the pages with text (and of at least
//     two) is left out.
//  4. Paragraphs: a line continues the paragraph above it unless it starts
//     with a speaker label (the .txt rules), follows a numbered empty line,
//     or sits further below the line above than 1.3 times the document's
//     usual line spacing; these start a new paragraph. A line also starts
//     a new line of its paragraph (as a line break in a .txt file would)
//     when the line above ended short: its first word would have fit
//     there, so the layout did not wrap it. Wrapped lines are joined with
//     a space; a line ending in letter + hyphen is joined without one, and
//     the hyphen is dropped only when the joined word is a word elsewhere
//     in the document ("inter-" + "view" gives "interview" when
//     "interview" occurs elsewhere, "well-" + "known" stays "well-known").
//
// The paragraphs, NFC-normalised, then go through the .txt reader's label
// rules; each keeps the 1-based page where it starts as its line number.

// pdfLine is one line of a page while it is cleaned.
type pdfLine struct {
	text        string // NFC, runs of spaces collapsed, trimmed
	page        int    // 1-based
	top, bottom float64
	left, right float64 // of the text, margin number aside
	// textLeft is where the text after a first span holding only a
	// number (a margin line number?) starts, or -1.
	textLeft float64
	blank    bool // a numbered empty line: a paragraph break
	drop     bool // page furniture
}

// maxNumberedLines bounds the lines of a page searched for a line-number
// column (the search is quadratic).
const maxNumberedLines = 2000

// maxNumberStep is the largest step between consecutive margin line
// numbers (some exports leave empty lines unnumbered, or drop them).
const maxNumberStep = 5

// pdfLines turns a PDF's text layer into transcript lines: the lines the
// layout wrapped joined into one, a line break of the text kept, and a
// blank line between paragraphs. hasText is false when the document has
// no text at all.
func pdfLines(pd *pdftext.Document) (lines []srcLine, hasText bool) {
	pages := make([][]pdfLine, len(pd.Pages))
	for i, p := range pd.Pages {
		for _, l := range p.Lines {
			t := collapseSpaces(norm.NFC.String(l.Text()))
			if t == "" {
				continue
			}
			pl := pdfLine{text: t, page: i + 1, top: l.Top, bottom: l.Bottom,
				left: l.Spans[0].Left, right: l.Spans[len(l.Spans)-1].Right}
			pl.textLeft = -1
			if first := strings.TrimSpace(l.Spans[0].Text); len(l.Spans) > 1 && first != "" && allDigits(first) {
				pl.textLeft = l.Spans[1].Left
			}
			pages[i] = append(pages[i], pl)
			hasText = true
		}
	}
	if !hasText {
		return nil, false
	}
	stripLineNumbers(pages)
	dropPageNumbers(pages)
	dropRunning(pages)
	return paragraphs(pages), true
}

// collapseSpaces trims s and turns each run of spaces and tabs into one
// space (PDF text is often spaced out to justify it). Other white space,
// such as the no-break space before a French colon, is kept.
func collapseSpaces(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' })
	return strings.Join(f, " ")
}

// leadingNumber returns the number a line starts with (1-5 digits followed
// by a space or the end of the line) and the text after it.
func leadingNumber(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < 6 && isDigit(s[i]) {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || i > 5 || (i < len(s) && s[i] != ' ') {
		return 0, "", false
	}
	return n, strings.TrimSpace(s[i:]), true
}

// numberChain finds a page's margin line numbers: the longest chain of
// lines whose leading numbers rise by 1 to maxNumberStep. It returns the
// chain's line indexes, last first.
func numberChain(lines []pdfLine) []int {
	n := len(lines)
	if n > maxNumberedLines {
		return nil
	}
	nums := make([]int, n)
	for i := range lines {
		nums[i] = -1
		if v, _, ok := leadingNumber(lines[i].text); ok {
			nums[i] = v
		}
	}
	best := make([]int, n) // length of the longest chain ending at i
	prev := make([]int, n)
	end := -1
	for i := range lines {
		prev[i] = -1
		if nums[i] < 0 {
			continue
		}
		best[i] = 1
		for j := i - 1; j >= 0; j-- {
			if nums[j] >= 0 && nums[i] > nums[j] && nums[i]-nums[j] <= maxNumberStep && best[j]+1 > best[i] {
				best[i], prev[i] = best[j]+1, j
			}
		}
		if end < 0 || best[i] > best[end] {
			end = i
		}
	}
	var chain []int
	for i := end; i >= 0; i = prev[i] {
		chain = append(chain, i)
	}
	return chain
}

// stripLineNumbers takes a margin column of line numbers off the pages,
// when the pages' chains of rising numbers (see numberChain) number at
// least half the document's lines, and at least three.
func stripLineNumbers(pages [][]pdfLine) {
	chains := make([][]int, len(pages))
	numbered, all := 0, 0
	for p, lines := range pages {
		chains[p] = numberChain(lines)
		numbered += len(chains[p])
		all += len(lines)
	}
	if numbered < 3 || 2*numbered < all {
		return
	}
	for p, lines := range pages {
		for _, i := range chains[p] {
			_, rest, _ := leadingNumber(lines[i].text)
			lines[i].text = rest
			lines[i].blank = rest == ""
			// The text's own left, when the number was a span of its own
			// (else unknown).
			lines[i].left = lines[i].textLeft
		}
	}
}

// pageNumberRe matches a line that is only a page number with words or a
// page count ("Page 3", "p. 3", "3/12", "3 of 12", "Seite 3 von 12").
var pageNumberRe = regexp.MustCompile(`(?i)^(?:(?:page|pg\.?|p\.|seite|página|pagina|pàgina|strona|стр\.?|страница)\s*[-–—]?\s*\d{1,5}` +
	`(?:\s*(?:/|of|de|sur|von|di|из|z)\s*\d{1,5})?|\d{1,5}\s*(?:/|of|de|sur|von|di|из|z)\s*\d{1,5})\s*$`)

// bareNumberRe matches a line that is only a number, maybe between dashes
// ("3", "- 3 -"): a page number, or a number someone said.
var bareNumberRe = regexp.MustCompile(`^[-–—]?\s*(\d{1,5})\s*[-–—]?$`)

// live returns the indexes of a page's lines that are neither dropped nor
// blank.
func live(lines []pdfLine) []int {
	var out []int
	for i := range lines {
		if !lines[i].drop && !lines[i].blank {
			out = append(out, i)
		}
	}
	return out
}

// band returns the indexes of the first k and last k live lines.
func band(lines []pdfLine, k int) []int {
	idx := live(lines)
	if len(idx) <= 2*k {
		return idx
	}
	return append(idx[:k:k], idx[len(idx)-k:]...)
}

// dropPageNumbers leaves out page numbers among the first two and last two
// lines of each page. A number with words or a count ("Page 3", "3/12")
// is one; a bare number ("3", "- 3 -") only when it follows the page
// order: it is the page's index plus the same offset on at least half the
// pages with text (so "12" said at the foot of page 5 stays), and on a
// single page only when it is 1.
func dropPageNumbers(pages [][]pdfLine) {
	type bare struct{ page, line, offset int }
	var bares []bare
	withText := 0
	for p, lines := range pages {
		b := band(lines, 2)
		if len(b) > 0 {
			withText++
		}
		for _, i := range b {
			t := lines[i].text
			if pageNumberRe.MatchString(t) {
				lines[i].drop = true
			} else if m := bareNumberRe.FindStringSubmatch(t); m != nil {
				n, _ := strconv.Atoi(m[1])
				bares = append(bares, bare{p, i, n - (p + 1)})
			}
		}
	}
	onPages := map[int]map[int]bool{} // offset -> pages
	for _, b := range bares {
		if onPages[b.offset] == nil {
			onPages[b.offset] = map[int]bool{}
		}
		onPages[b.offset][b.page] = true
	}
	need := max(1, (withText+1)/2)
	for _, b := range bares {
		if len(onPages[b.offset]) >= need && (withText > 1 || b.offset == 0) {
			pages[b.page][b.line].drop = true
		}
	}
}

// furnitureKey is the text of a line as running headers are compared:
// lower case, each run of digits as "#".
func furnitureKey(s string) string {
	var sb strings.Builder
	digits := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsDigit(r) {
			if !digits {
				sb.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// dropRunning leaves out running headers and footers: lines among the first
// or last three of a page that recur, digits aside, in that band and at the
// same height (within runningSlack) on at least half the pages with text,
// and on at least two.
func dropRunning(pages [][]pdfLine) {
	type place struct{ page, line int }
	withText := 0
	places := map[string][]place{}
	for p, lines := range pages {
		b := band(lines, 3)
		if len(b) > 0 {
			withText++
		}
		for _, i := range b {
			k := furnitureKey(lines[i].text)
			places[k] = append(places[k], place{p, i})
		}
	}
	need := max(2, (withText+1)/2)
	top := func(pl place) float64 { return pages[pl.page][pl.line].top }
	for _, pls := range places {
		if len(pls) < need {
			continue
		}
		// For each place, the pages with the same line within runningSlack
		// of its height: a window sliding over the places sorted by height.
		sort.Slice(pls, func(i, j int) bool { return top(pls[i]) < top(pls[j]) })
		inWindow := map[int]int{} // page -> places in the window
		lo, hi := 0, 0
		for _, a := range pls {
			for hi < len(pls) && top(pls[hi]) <= top(a)+runningSlack {
				inWindow[pls[hi].page]++
				hi++
			}
			for top(pls[lo]) < top(a)-runningSlack {
				if inWindow[pls[lo].page]--; inWindow[pls[lo].page] == 0 {
					delete(inWindow, pls[lo].page)
				}
				lo++
			}
			if len(inWindow) >= need {
				pages[a.page][a.line].drop = true
			}
		}
	}
}

// runningSlack is how far (in points) a running header may move from page
// to page.
const runningSlack = 3

// paragraphGap is how many times the usual line spacing a gap must be to
// end a paragraph.
const paragraphGap = 1.3

// paragraphs joins the lines the page layout wrapped back into
// paragraphs, as transcript lines with a blank line between paragraphs.
func paragraphs(pages [][]pdfLine) []srcLine {
	edge := rightEdge(pages)
	// The usual spacing: the median distance between consecutive lines.
	var gaps []float64
	for _, lines := range pages {
		var prev *pdfLine
		for i := range lines {
			l := &lines[i]
			if l.drop {
				continue
			}
			if prev != nil {
				if g := lineGap(prev, l); g > 0 {
					gaps = append(gaps, g)
				}
			}
			prev = l
		}
	}
	usual := 0.0
	if len(gaps) > 0 {
		sort.Float64s(gaps)
		usual = gaps[len(gaps)/2]
	}
	// Labels as the .txt reader accepts them, and the document's words.
	judge := newLabelJudge(2)
	words := map[string]bool{}
	for _, lines := range pages {
		for _, i := range live(lines) {
			if c, ok := scanLabel(lines[i].text); ok {
				judge.see(c)
			}
			for _, w := range strings.FieldsFunc(lines[i].text, func(r rune) bool { return !isWordRune(r) }) {
				words[strings.ToLower(w)] = true
			}
		}
	}
	var out []srcLine
	var cur strings.Builder
	page := 0
	blank := true // whether a blank line goes before the next paragraph
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		text := strings.TrimSuffix(cur.String(), "\u00AD")
		if len(text) < cur.Len() {
			text += "-"
		}
		if len(out) > 0 && blank {
			out = append(out, srcLine{num: page})
		}
		out = append(out, srcLine{text: text, num: page})
		cur.Reset()
	}
	var prev *pdfLine
	for _, lines := range pages {
		for i := range lines {
			l := &lines[i]
			if l.drop {
				continue
			}
			if l.blank {
				flush()
				prev = nil
				continue
			}
			text := strings.ReplaceAll(l.text, "\u00AD", "")
			if strings.HasSuffix(l.text, "\u00AD") {
				text += "\u00AD" // PDFium's mark of a hyphen at a line end
			}
			c, isLabel := scanLabel(text)
			newPara := cur.Len() == 0 || (isLabel && judge.accept(c)) ||
				(prev != nil && prev.page == l.page && usual > 0 && lineGap(prev, l) > paragraphGap*usual)
			broken := !newPara && prev != nil && shortLine(prev, l, edge)
			if newPara || broken {
				flush()
				blank = newPara
				page = l.page
				cur.WriteString(text)
			} else {
				joinLine(&cur, text, words)
			}
			prev = l
		}
	}
	flush()
	return out
}

// rightEdge is where the text column ends: the 90th percentile of the
// lines' right ends, so that a line running into the margin does not move
// it. Taking it too far left only makes shortLine see fewer short lines.
func rightEdge(pages [][]pdfLine) float64 {
	var rights []float64
	for _, lines := range pages {
		for _, i := range live(lines) {
			rights = append(rights, lines[i].right)
		}
	}
	if len(rights) == 0 {
		return 0
	}
	sort.Float64s(rights)
	return rights[len(rights)*9/10]
}

// shortLine reports whether line a ended short of the column's right edge
// by more than the first word of the next line b (and two characters more,
// for the space and the uncertainty of the width estimate): the layout
// would have put that word on a, so a ends with a line break of the text.
// A line ending with a hyphen is never short.
func shortLine(a, b *pdfLine, edge float64) bool {
	if edge <= 0 || b.left < 0 || strings.HasSuffix(a.text, "-") || strings.HasSuffix(a.text, "\u00AD") {
		return false
	}
	n := utf8.RuneCountInString(b.text)
	if n == 0 || b.right <= b.left {
		return false
	}
	charWidth := (b.right - b.left) / float64(n)
	word, _, _ := strings.Cut(b.text, " ")
	return a.right+float64(utf8.RuneCountInString(word)+2)*charWidth < edge
}

// lineGap is the distance from line a down to line b: the smaller of the
// distances between their tops and between their bottoms, so that a line
// without capitals or descenders does not look further away.
func lineGap(a, b *pdfLine) float64 {
	return min(a.top-b.top, a.bottom-b.bottom)
}

// isWordRune reports whether r is part of a word for hyphen mending.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

// joinLine appends a wrapped line to its paragraph. After letter + hyphen
// (or PDFium's line-end hyphen mark) the line is joined without a space,
// and the hyphen is dropped only when the joined word is a word of the
// document and the line goes on in lower case.
func joinLine(cur *strings.Builder, text string, words map[string]bool) {
	s := cur.String()
	last, n := utf8.DecodeLastRuneInString(s)
	if last != '-' && last != '\u00AD' {
		cur.WriteByte(' ')
		cur.WriteString(text)
		return
	}
	head := s[:len(s)-n]
	before, _ := utf8.DecodeLastRuneInString(head)
	first, _ := utf8.DecodeRuneInString(text)
	if !isWordRune(before) || !isWordRune(first) {
		if last == '\u00AD' {
			cur.Reset()
			cur.WriteString(head)
			cur.WriteByte('-')
		}
		cur.WriteByte(' ')
		cur.WriteString(text)
		return
	}
	start := 0
	if i := strings.LastIndexFunc(head, func(r rune) bool { return !isWordRune(r) }); i >= 0 {
		_, size := utf8.DecodeRuneInString(head[i:])
		start = i + size
	}
	end := strings.IndexFunc(text, func(r rune) bool { return !isWordRune(r) })
	if end < 0 {
		end = len(text)
	}
	cur.Reset()
	cur.WriteString(head)
	if !(unicode.IsLower(first) && words[strings.ToLower(head[start:]+text[:end])]) {
		cur.WriteByte('-')
	}
	cur.WriteString(text)
}
