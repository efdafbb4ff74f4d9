package tui

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// Issue 17: without colour (NO_COLOR, a terminal with no colour profile)
// the workbench keeps its text attributes: the cursor sentence in reverse
// video, the selection underlined, coded spans bold, the active tab and
// headers bold, and every code's label in the margin.

// noColorHarness is the app as NewRenderer sets it up under NO_COLOR: the
// plain ANSI profile (attributes, 16 colours) with styles that use no
// colour at all.
func noColorHarness(t *testing.T) *harness {
	t.Helper()
	s := openDemo(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	h := &harness{t: t, s: s, m: New(Options{Store: s, Coder: testCoder, Renderer: r, NoColor: true, Now: fixedClock})}
	h.resize(100, 30)
	h.run(h.m.Init())
	return h
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// attrNames are the SGR attributes the app uses, by their codes.
var attrNames = map[string]string{"1": "bold", "2": "faint", "3": "italic", "4": "underline", "7": "reverse"}

// tagAttributes writes a view's SGR sequences as readable tags
// («bold+reverse» ... «/»), so that a golden file shows where each
// attribute starts and ends: a tag is written only where the set of
// attributes of the text changes (lipgloss styles underlined text rune by
// rune). It fails on any colour.
func tagAttributes(t *testing.T, view string) string {
	t.Helper()
	var b strings.Builder
	state, shown := map[string]bool{}, ""
	rest := view
	for rest != "" {
		loc := sgr.FindStringSubmatchIndex(rest)
		text := rest
		if loc != nil {
			text = rest[:loc[0]]
		}
		if text != "" {
			// Spaces keep the tag shown: lipgloss draws the spaces of
			// underlined text apart, which would cut every word.
			if cur := attrSet(state); cur != shown && strings.TrimSpace(text) != "" {
				b.WriteString("«" + nz(cur, "/") + "»")
				shown = cur
			}
			b.WriteString(text)
		}
		if loc == nil {
			break
		}
		for _, p := range strings.Split(rest[loc[2]:loc[3]], ";") {
			if p == "" || p == "0" {
				state = map[string]bool{}
				continue
			}
			if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
				t.Errorf("a colour (SGR %s) in NO_COLOR mode", p)
			}
			state[nz(attrNames[p], "sgr"+p)] = true
		}
		rest = rest[loc[1]:]
	}
	return b.String()
}

// attrSet names a set of attributes in a fixed order.
func attrSet(state map[string]bool) string {
	var names []string
	for _, n := range []string{"bold", "faint", "italic", "underline", "reverse"} {
		if state[n] {
			names = append(names, n)
		}
	}
	for n := range state {
		if strings.HasPrefix(n, "sgr") {
			names = append(names, n)
		}
	}
	return strings.Join(names, "+")
}

// styledRuns returns the text drawn with an attribute (an SGR code), in
// the order drawn.
func styledRuns(view, code string) []string {
	var out []string
	on := false
	var cur strings.Builder
	rest := view
	for {
		loc := sgr.FindStringSubmatchIndex(rest)
		end := len(rest)
		if loc != nil {
			end = loc[0]
		}
		if on {
			cur.WriteString(rest[:end])
		}
		if loc == nil {
			break
		}
		params := strings.Split(rest[loc[2]:loc[3]], ";")
		was := on
		for _, p := range params {
			switch p {
			case "", "0":
				on = false
			case code:
				on = true
			}
		}
		if was && !on && cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		rest = rest[loc[1]:]
	}
	return out
}

func TestNoColorGolden(t *testing.T) {
	for _, g := range []struct {
		name string
		show func(h *harness)
	}{
		// The cursor on a sentence, coded spans around it.
		{"nocolor-coding", func(h *harness) {
			h.keys("j", "enter", "j", "j", "J", "9", "j", "8")
		}},
		// A selection of two sentences, one of them coded.
		{"nocolor-selection", func(h *harness) {
			h.keys("j", "enter", "j", "j", "J", "9", "v", "j")
		}},
		{"nocolor-codebook", func(h *harness) { h.keys("tab", "tab", "j") }},
	} {
		t.Run(g.name, func(t *testing.T) {
			h := noColorHarness(t)
			g.show(h)
			h.noError()
			view := h.m.View()
			checkSize(t, ansi.Strip(view), 100, 30)
			checkGolden(t, g.name, tagAttributes(t, view))
		})
	}
}

// TestNoColorAttributes checks the attributes the golden files show: the
// cursor sentence is reversed, a selection underlined, coded text bold,
// the active tab bold, and the margin names the codes.
func TestNoColorAttributes(t *testing.T) {
	h := noColorHarness(t)
	h.keys("j", "enter")
	v := h.cv()
	h.goToSentence(20)
	h.keys("9", "k") // code sentence 20, cursor on 19
	view := h.m.View()
	rev := strings.Join(styledRuns(view, "7"), "")
	if want := textfit.OneLine(h.sentence(19)); !strings.Contains(textfit.OneLine(rev), want[:min(len(want), 30)]) {
		t.Errorf("the cursor sentence is not in reverse video: reversed runs %q", rev)
	}
	bold := strings.Join(styledRuns(view, "1"), " ")
	if !strings.Contains(textfit.OneLine(bold), strings.Fields(h.sentence(20))[0]) {
		t.Errorf("the coded sentence is not bold: bold runs %q", bold)
	}
	if !strings.Contains(strings.ReplaceAll(bold, " ", ""), "Coding:ottawa-fg") {
		t.Errorf("the active tab is not bold: %q", bold)
	}
	h.keys("v", "j")
	under := textfit.OneLine(strings.Join(styledRuns(h.m.View(), "4"), " "))
	if !strings.Contains(under, strings.Fields(h.sentence(20))[0]) {
		t.Errorf("the selection is not underlined: %q", under)
	}
	line := ansi.Strip(strings.Split(h.m.View(), "\n")[v.lidx.lineOf(v.sents[20].Start)-v.top+1])
	if !strings.HasPrefix(line, "9") {
		t.Errorf("the margin does not name the code: %q", line)
	}
}
