package transcript

import (
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/coding/transcript/pdftext"
)

// page lays lines out as a page would: from the top down, 14 points apart,
// a line "" leaving an empty line (a gap), a line starting with "|" a
// margin number span apart from its text ("|12|text"), a line starting
// with "_" a footer at the foot of the page, and a line ending with "<" a
// line that ends short of the right margin (5 points a character). Other
// lines reach the margin.
func page(lines ...string) pdftext.Page {
	p := pdftext.Page{Width: 595, Height: 842}
	y := 800.0
	for _, l := range lines {
		if l == "" {
			y -= 14
			continue
		}
		var spans []pdftext.Span
		if foot, ok := strings.CutPrefix(l, "_"); ok {
			spans = append(spans, pdftext.Span{Text: foot, Left: 280, Right: 320})
			p.Lines = append(p.Lines, pdftext.Line{Spans: spans, Top: 40, Bottom: 30})
			continue
		}
		if strings.HasPrefix(l, "|") {
			num, text, _ := strings.Cut(l[1:], "|")
			spans = append(spans, pdftext.Span{Text: num, Left: 30, Right: 40})
			if text != "" {
				spans = append(spans, pdftext.Span{Text: text, Left: 60, Right: 500})
			}
		} else if short, ok := strings.CutSuffix(l, "<"); ok {
			spans = append(spans, pdftext.Span{Text: short, Left: 60, Right: 60 + 5*float64(len(short))})
		} else {
			spans = append(spans, pdftext.Span{Text: l, Left: 60, Right: 500})
		}
		p.Lines = append(p.Lines, pdftext.Line{Spans: spans, Top: y, Bottom: y - 10})
		y -= 14
	}
	return p
}

// cleaned runs pdfLines and shows its lines as text, each prefixed with
// its page as that many "#", paragraphs separated by "¶" and lines of one
// paragraph by "↵".
func cleaned(pages ...pdftext.Page) string {
	lines, _ := pdfLines(&pdftext.Document{Pages: pages})
	var sb strings.Builder
	sep := ""
	for _, l := range lines {
		if l.text == "" {
			sep = "¶"
			continue
		}
		if sb.Len() > 0 {
			if sep == "" {
				sep = "↵"
			}
			sb.WriteString(sep)
		}
		sb.WriteString(strings.Repeat("#", l.num) + " " + l.text)
		sep = ""
	}
	return sb.String()
}

func TestPDFLines(t *testing.T) {
	tests := []struct {
		name  string
		pages []pdftext.Page
		want  string
	}{
		{"wrapped lines joined, label starts a paragraph",
			[]pdftext.Page{page("Moderator: So tell me", "about it.", "Amal: It was", "cold.")},
			"# Moderator: So tell me about it.¶# Amal: It was cold."},
		{"a line ending short ends a line, not the paragraph",
			[]pdftext.Page{page("P1: we came in the winter and", "it was very cold.<", "Then spring came and we", "could go out.<", "Title<", "P2: The end.")},
			"# P1: we came in the winter and it was very cold.↵# Then spring came and we could go out.↵# Title¶# P2: The end."},
		{"a short line with a hyphen, or before a long word, is wrapped",
			[]pdftext.Page{page("P1: well-<", "known", "P1: we had a very long nineteen-character-word<", "antidisestablishmentarianism in it")},
			"# P1: well-known¶# P1: we had a very long nineteen-character-word antidisestablishmentarianism in it"},
		{"gap ends a paragraph",
			[]pdftext.Page{page("One line", "goes on.", "", "Another", "paragraph.")},
			"# One line goes on.¶# Another paragraph."},
		{"label-like words that are no label do not break",
			[]pdftext.Page{page("Amal: I said to him", "so my question is: why", "did you come?")},
			"# Amal: I said to him so my question is: why did you come?"},
		{"page numbers with words or a count left out",
			[]pdftext.Page{
				page("P1: first page", "text", "1/3"),
				page("Page 2 of 3", "P2: second", "page 2"),
				page("P1: third", "p. 3"),
			},
			"# P1: first page text¶## P2: second¶### P1: third"},
		{"bare page numbers left out when they follow the page order",
			[]pdftext.Page{
				page("P1: first page", "text", "- 1 -"),
				page("P2: How many? About", "12", "- 2 -"),
				page("3", "P1: third"),
			},
			"# P1: first page text¶## P2: How many? About 12¶### P1: third"},
		{"one page: a bare 1 is its number, another number is speech",
			[]pdftext.Page{page("P1: How many?", "P2: Seven", "7")},
			"# P1: How many?¶# P2: Seven 7"},
		{"one page numbered 1",
			[]pdftext.Page{page("P1: How many?", "P2: Seven", "1")},
			"# P1: How many?¶# P2: Seven"},
		{"a number alone mid-page is speech",
			[]pdftext.Page{page("P1: How many?", "P2: About", "12", "or so.", "P1: Fine.", "P2: Yes.")},
			"# P1: How many?¶# P2: About 12 or so.¶# P1: Fine.¶# P2: Yes."},
		{"running header and footer left out, digits aside",
			[]pdftext.Page{
				page("Interview 3, Ottawa", "P1: words on", "page one", "_Confidential draft 1"),
				page("Interview 3, Ottawa", "that go on", "P2: and more", "_Confidential draft 2"),
				page("Interview 3, Ottawa", "P1: last", "_Confidential draft 3"),
			},
			"# P1: words on page one that go on¶## P2: and more¶### P1: last"},
		{"a line that recurs at the foot of pages, but not at one height, is speech",
			[]pdftext.Page{
				page("P1: we waited", "and we could go home."),
				page("P2: they waited longer", "and then", "and we could go home."),
			},
			"# P1: we waited and we could go home.¶## P2: they waited longer and then and we could go home."},
		{"a header on one page of two is kept",
			[]pdftext.Page{page("Title of the study", "P1: a"), page("P2: b")},
			"# Title of the study¶# P1: a¶## P2: b"},
		{"line-number column, empty numbered lines end paragraphs",
			[]pdftext.Page{page("|1|Dan: Okay. So now you", "|2|can tell me.", "|3|", "|4|Thanks.", "|5|P1: Yes", "|6|indeed.")},
			"# Dan: Okay. So now you can tell me.¶# Thanks.¶# P1: Yes indeed."},
		{"line numbers go on across pages, with a header that starts with a year",
			[]pdftext.Page{
				page("2024 study, group 1", "|41|Dan: Okay.", "|42|P1: Right, we", "|43|went on", "|45|walking."),
				page("2024 study, group 1", "|46|Dan: Then?", "|47|P1: Home."),
			},
			"# Dan: Okay.¶# P1: Right, we went on walking.¶## Dan: Then?¶## P1: Home."},
		{"a list of numbers in speech keeps its numbers",
			[]pdftext.Page{page("P1: We had", "3 rooms,", "and 4 children and", "a dog, then", "the flat.")},
			"# P1: We had 3 rooms, and 4 children and a dog, then the flat."},
		{"hyphen at line end, and PDFium's line-end mark",
			[]pdftext.Page{page("P1: the inter\u00ad", "view of the", "interview; a well-", "known cafe and a co-", "Op.")},
			"# P1: the interview of the interview; a well-known cafe and a co-Op."},
		{"spaces collapsed, NFC",
			[]pdftext.Page{page("E\u0301lise :   bonjour    a\u0300", "tous")},
			"# \u00c9lise : bonjour \u00e0 tous"},
		{"page furniture only",
			[]pdftext.Page{page("1"), page("2")},
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleaned(tt.pages...); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPDFLinesNoText(t *testing.T) {
	if _, hasText := pdfLines(&pdftext.Document{Pages: []pdftext.Page{{}, {}}}); hasText {
		t.Error("pages without lines have text")
	}
}

func TestLeadingNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		rest string
		ok   bool
	}{
		{"12 Dan: hi", 12, "Dan: hi", true},
		{"7", 7, "", true},
		{"12345 x", 12345, "x", true},
		{"123456 x", 0, "", false},
		{"12: x", 0, "", false},
		{"1.5 x", 0, "", false},
		{"x 1", 0, "", false},
	} {
		n, rest, ok := leadingNumber(tt.in)
		if n != tt.n || rest != tt.rest || ok != tt.ok {
			t.Errorf("leadingNumber(%q) = %d %q %v, want %d %q %v", tt.in, n, rest, ok, tt.n, tt.rest, tt.ok)
		}
	}
}

// FuzzPDFLines fuzzes the cleaning of a PDF's lines without the engine:
// pages are separated by form feeds, lines by newlines; "" leaves a gap,
// "|n|text" draws a margin number apart, "_text" a footer, "text<" a short
// line (see page).
func FuzzPDFLines(f *testing.F) {
	f.Add("Interview 3\n|1|Dan: Okay. So now\n|2|you can tell me.\n|3|\n_Page 1 of 2\fInterview 3\n|4|P1: the inter\u00ad\n|5|view was long-\n|6|Winded.<\n_Page 2 of 2")
	f.Add("- 1 -\nP1: a well-\nknown co-\nop\n\nno label here:\n12\n\u00ad\n-\n")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<14 {
			t.Skip()
		}
		var pages []pdftext.Page
		for _, p := range strings.Split(s, "\f") {
			pages = append(pages, page(strings.Split(p, "\n")...))
		}
		lines, _ := pdfLines(&pdftext.Document{Pages: pages})
		for _, l := range lines {
			if l.num < 1 || l.num > len(pages) {
				t.Fatalf("line %q on page %d of %d", l.text, l.num, len(pages))
			}
		}
		doc, _ := parseLines(sliceLines(lines), false, false, nil)
		if msg := invariants(doc); msg != "" {
			t.Fatalf("%s\ntext: %q", msg, doc.Text)
		}
	})
}
