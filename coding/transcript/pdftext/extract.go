package pdftext

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
)

// MaxSize is the largest PDF Extract reads, in bytes (64 MiB): a
// transcript of hundreds of pages is a few MB; more is most likely scanned
// images, which have no text to read anyway.
const MaxSize = 64 << 20

// MaxPages is the most pages Extract reads.
const MaxPages = 5000

// Errors Extract returns (wrapped); test for them with errors.Is.
var (
	// ErrEncrypted: the file needs a password.
	ErrEncrypted = errors.New("the PDF is encrypted (password-protected)")
	// ErrDamaged: PDFium cannot open the file as a PDF.
	ErrDamaged = errors.New("the file is damaged or not a PDF")
	// ErrTooLarge: the file is over MaxSize or MaxPages.
	ErrTooLarge = errors.New("the PDF is too large")
)

// Document is the text layer of a PDF.
type Document struct {
	// Pages in order; a page without text has no lines.
	Pages []Page
}

// Page is the text of one page.
type Page struct {
	// Width and Height of the page in points (1/72 inch).
	Width, Height float64
	// Lines from the top of the page down.
	Lines []Line
	// Images counts the images drawn on a page without text (a scanned
	// page has one); it is not counted on pages with text.
	Images int
}

// Line is the text on one line of a page, left to right.
type Line struct {
	// Spans are the runs of text of the line, left to right, as PDFium
	// groups them (text of one font, without a wide gap).
	Spans []Span
	// Top and Bottom are the line's extent in points from the bottom of
	// the page (PDF coordinates: Top > Bottom).
	Top, Bottom float64
}

// Span is a run of text on a line.
type Span struct {
	Text        string
	Left, Right float64 // points from the left edge of the page
}

// Text returns the line's text: its spans joined, with a space between
// spans that are apart and not already separated by one.
func (l Line) Text() string {
	var sb strings.Builder
	for i, s := range l.Spans {
		if i > 0 && sb.Len() > 0 {
			prev := l.Spans[i-1]
			gap := s.Left - prev.Right
			last := sb.String()[sb.Len()-1]
			if gap > 0.15*(l.Top-l.Bottom) && last != ' ' && !strings.HasPrefix(s.Text, " ") {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(s.Text)
	}
	return sb.String()
}

// Height is the line's height in points.
func (l Line) Height() float64 { return l.Top - l.Bottom }

// Extract reads the text layer of the PDF in data. It starts the engine on
// first use (see Start). A password-protected file gives ErrEncrypted, one
// PDFium cannot open ErrDamaged, one over MaxSize or MaxPages ErrTooLarge.
func Extract(data []byte) (*Document, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w: %.1f MiB, the limit is %d MiB", ErrTooLarge, float64(len(data))/(1<<20), MaxSize>>20)
	}
	var doc *Document
	err := withDeadline(func(inst pdfium.Pdfium, alive func()) error {
		var err error
		doc, err = extract(inst, data, alive)
		return err
	})
	return doc, err
}

// extract reads every page's lines with one PDFium instance, calling alive
// after each page.
func extract(inst pdfium.Pdfium, data []byte, alive func()) (*Document, error) {
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		switch {
		case errors.Is(err, pdferrors.ErrPassword), errors.Is(err, pdferrors.ErrSecurity):
			return nil, ErrEncrypted
		default:
			return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
	if err != nil {
		return nil, fmt.Errorf("%w (count pages: %v)", ErrDamaged, err)
	}
	if count.PageCount > MaxPages {
		return nil, fmt.Errorf("%w: %d pages, the limit is %d", ErrTooLarge, count.PageCount, MaxPages)
	}
	doc := &Document{Pages: make([]Page, count.PageCount)}
	for i := range doc.Pages {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: opened.Document, Index: i}}
		size, err := inst.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: opened.Document, Index: i})
		if err != nil {
			return nil, fmt.Errorf("%w (page %d: %v)", ErrDamaged, i+1, err)
		}
		st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: page, Mode: requests.GetPageTextStructuredModeChars,
		})
		if err != nil {
			return nil, fmt.Errorf("%w (page %d: %v)", ErrDamaged, i+1, err)
		}
		alive()
		doc.Pages[i] = Page{Width: size.Width, Height: size.Height, Lines: lines(runs(st.Chars))}
		if len(doc.Pages[i].Lines) == 0 {
			if doc.Pages[i].Images, err = images(inst, page); err != nil {
				return nil, fmt.Errorf("%w (page %d: %v)", ErrDamaged, i+1, err)
			}
		}
	}
	return doc, nil
}

// maxObjects bounds the page objects images looks at.
const maxObjects = 10000

// images counts the image objects of a page.
func images(inst pdfium.Pdfium, page requests.Page) (int, error) {
	count, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range min(count.Count, maxObjects) {
		obj, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return 0, err
		}
		typ, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil {
			return 0, err
		}
		if typ.Type == enums.FPDF_PAGEOBJ_IMAGE {
			n++
		}
	}
	return n, nil
}

// run is a stretch of text on one line: the characters PDFium reads in a
// row on one line, without a wide gap.
type run struct {
	text                     string
	left, right, top, bottom float64
}

// upright reports whether a character's angle (radians) is level text.
func upright(angle float64) bool {
	const eps = 0.02
	return angle < eps || angle > 2*math.Pi-eps
}

// runs cuts a page's characters, in PDFium's reading order, into runs: at
// the line breaks PDFium puts between lines, and at a gap wider than
// gapRatio times the run's height (a margin number and its text are two
// runs). When most of the page is level text, rotated characters (a
// diagonal watermark, a note up the margin) are left out.
func runs(chars []*responses.GetPageTextStructuredChar) []run {
	level, visible := 0, 0
	for _, c := range chars {
		if strings.TrimSpace(c.Text) != "" {
			visible++
			if upright(c.Angle) {
				level++
			}
		}
	}
	skipRotated := 2*level > visible
	var out []run
	var cur run
	var sb strings.Builder
	inked := false // cur has a character with a box
	end := func() {
		if inked {
			cur.text = clean(sb.String())
			out = append(out, cur)
		}
		sb.Reset()
		cur, inked = run{}, false
	}
	for _, c := range chars {
		if c.Text == "\r" || c.Text == "\n" {
			end()
			continue
		}
		if skipRotated && !upright(c.Angle) {
			continue
		}
		p := c.PointPosition
		top, bottom := math.Max(p.Top, p.Bottom), math.Min(p.Top, p.Bottom)
		left, right := math.Min(p.Left, p.Right), math.Max(p.Left, p.Right)
		blank := strings.TrimSpace(c.Text) == "" || bad(top) || bad(bottom) || bad(left) || bad(right) ||
			top-bottom <= 0 || right-left < 0
		if blank {
			// A space (often made up by PDFium) has no reliable box.
			if inked {
				sb.WriteString(c.Text)
			}
			continue
		}
		if inked {
			// A wide gap, or a character wholly above or below the run
			// (PDFium did not see a new line), ends the run.
			if left-cur.right > gapRatio*(cur.top-cur.bottom) || bottom >= cur.top || top <= cur.bottom {
				end()
			}
		}
		if !inked {
			cur = run{left: left, right: right, top: top, bottom: bottom}
			inked = true
		}
		sb.WriteString(c.Text)
		cur.left, cur.right = math.Min(cur.left, left), math.Max(cur.right, right)
		cur.top, cur.bottom = math.Max(cur.top, top), math.Min(cur.bottom, bottom)
	}
	end()
	return out
}

// gapRatio: a gap wider than this times the line's height separates two
// runs (a word space is about a quarter of it).
const gapRatio = 0.6

// lines groups runs into lines: runs whose vertical middles are within
// half a line of each other are one line, whatever order the page drew
// them in (a margin column of line numbers is often drawn apart from the
// text it numbers).
func lines(rs []run) []Line {
	mid := func(r run) float64 { return (r.top + r.bottom) / 2 }
	sort.SliceStable(rs, func(i, j int) bool { return mid(rs[i]) > mid(rs[j]) })
	var out []Line
	for _, r := range rs {
		if strings.TrimSpace(r.text) == "" {
			continue
		}
		if n := len(out); n > 0 {
			l := &out[n-1]
			lm := (l.Top + l.Bottom) / 2
			h := math.Min(l.Top-l.Bottom, r.top-r.bottom)
			if math.Abs(lm-mid(r)) <= h/2 {
				l.Spans = append(l.Spans, Span{Text: r.text, Left: r.left, Right: r.right})
				l.Top, l.Bottom = math.Max(l.Top, r.top), math.Min(l.Bottom, r.bottom)
				continue
			}
		}
		out = append(out, Line{Spans: []Span{{Text: r.text, Left: r.left, Right: r.right}}, Top: r.top, Bottom: r.bottom})
	}
	for i := range out {
		sp := out[i].Spans
		sort.SliceStable(sp, func(a, b int) bool { return sp[a].Left < sp[b].Left })
	}
	return out
}

// bad reports a coordinate that is not a number.
func bad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// clean turns the control characters PDFium may put in text (line breaks,
// tabs, NUL) into spaces, keeping U+0002, PDFium's mark of a hyphen that
// the layout added at a line end, as a soft hyphen.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 2:
			return '\u00AD'
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}
