package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/project"
)

var sizes = [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}}

// checkSize fails unless view has exactly h lines, none wider than w.
func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide (max %d): %q", i, lw, w, l)
		}
	}
}

// checkPanelAligned fails unless the side panel's border is in the same
// column on every transcript row.
func checkPanelAligned(t *testing.T, h *harness) {
	t.Helper()
	v := h.cv()
	if v.panelWidth() == 0 {
		return
	}
	want := marginWidth + v.textWidth() + 1
	lines := strings.Split(h.view(), "\n")
	for row := 1; row <= v.bodyHeight(); row++ {
		l := lines[row]
		i := strings.Index(l, "│")
		if i < 0 {
			t.Errorf("row %d has no panel border: %q", row, l)
			continue
		}
		if got := lipgloss.Width(l[:i]); got != want {
			t.Errorf("row %d: the panel border is at column %d, want %d: %q", row, got, want, l)
		}
	}
}

// screens puts the app on each screen (and state) to check.
var screens = []struct {
	name string
	show func(h *harness)
}{
	{"sources", func(h *harness) { h.run(h.m.switchTo(tabSources)) }},
	{"coding", func(h *harness) { h.open("ottawa-fg") }},
	{"coding-end", func(h *harness) { h.open("ottawa-fg"); h.keys("G") }},
	{"coding-french", func(h *harness) { h.open("montreal-fg"); h.keys("J", "J", "v", "j", "1") }},
	{"coding-picker", func(h *harness) { h.open("montreal-fg"); h.keys("c") }},
	{"coding-filter-picker", func(h *harness) { h.open("montreal-fg"); h.keys("f") }},
	{"coding-prompt", func(h *harness) { h.open("montreal-fg"); h.keys("v", "j", "j", "n") }},
	{"coding-chooser", func(h *harness) { h.open("ottawa-fg"); h.keys("1", "2", "x") }},
	{"coding-memo-edit", func(h *harness) {
		// lea's coding at 3679 has a memo longer than a narrow status line.
		h.open("ottawa-fg")
		h.goToSentence(h.cv().sentenceAt(3679))
		h.keys("m", "1")
	}},
	{"codebook", func(h *harness) { h.run(h.m.switchTo(tabCodebook)); h.keys("G") }},
	{"codebook-prompt", func(h *harness) { h.run(h.m.switchTo(tabCodebook)); h.keys("j", "e") }},
	{"codebook-confirm", func(h *harness) { h.run(h.m.switchTo(tabCodebook)); h.keys("d") }},
	{"codebook-picker", func(h *harness) { h.run(h.m.switchTo(tabCodebook)); h.keys("j", "M") }},
	{"quotes-picker", func(h *harness) { h.run(h.m.switchTo(tabQuotes)) }},
	{"quotes", func(h *harness) {
		h.run(h.m.switchTo(tabQuotes))
		h.typeText("Community and diaspora")
		h.keys("enter", "j", "j")
	}},
	{"memos", func(h *harness) { h.run(h.m.switchTo(tabMemos)); h.keys("j") }},
	{"memos-filter", func(h *harness) { h.run(h.m.switchTo(tabMemos)); h.keys("/"); h.typeText("exil") }},
	{"search", func(h *harness) { searchFor(h, "lawyer|clinic"); h.keys("space", "G") }},
	{"search-filters", func(h *harness) { searchFor(h, "police"); h.keys("f") }},
	{"search-prompt", func(h *harness) { searchFor(h, "police"); h.keys("/") }},
	{"participants", func(h *harness) { showPeople(h); h.keys("G") }},
	{"participants-bind", func(h *harness) {
		importNewSpeakers(h.t.(*testing.T), h.s)
		for v := showPeople(h); !v.list[v.cursor].Unmatched; {
			h.keys("j")
		}
		h.keys("b", "enter")
	}},
	{"quotes-export", func(h *harness) { quotesOf(h, selfCens); h.keys("E") }},
	{"help", func(h *harness) { h.keys("?") }},
	{"error", func(h *harness) { h.send(errMsg{fmt.Errorf("%s", strings.Repeat("a long error ", 30))}) }},
}

func TestResizes(t *testing.T) {
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			h := newHarness(t)
			sc.show(h)
			h.noErrorUnless(sc.name == "error")
			for _, sz := range sizes {
				h.resize(sz[0], sz[1])
				t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
					checkSize(t, h.view(), sz[0], sz[1])
					if h.m.active == tabCoding && !h.m.showHelp {
						checkPanelAligned(t, h)
						checkCursorVisible(t, h)
					}
				})
			}
		})
	}
}

// noErrorUnless is noError unless an error is expected.
func (h *harness) noErrorUnless(expected bool) {
	h.t.Helper()
	if !expected {
		h.noError()
	}
}

func TestResizeKeepsCursorSentence(t *testing.T) {
	h := newHarness(t)
	h.open("montreal-fg")
	h.keys("G", "K", "K", "j")
	v := h.cv()
	cur := v.cursor
	for _, sz := range append(sizes, [2]int{80, 24}, [2]int{59, 20}) {
		h.resize(sz[0], sz[1])
		if v.cursor != cur {
			t.Errorf("%v: the cursor moved from %d to %d", sz, cur, v.cursor)
		}
		if v.layoutWidth != v.textWidth() {
			t.Errorf("%v: laid out for %d cells, text column %d", sz, v.layoutWidth, v.textWidth())
		}
		checkSize(t, h.view(), sz[0], sz[1])
		checkCursorVisible(t, h)
	}
}

// TestFrenchTextAligns checks montreal-fg, page by page, at every size: no
// line overflows and the panel border stays in its column whatever the
// accents.
func TestFrenchTextAligns(t *testing.T) {
	h := newHarness(t)
	h.open("montreal-fg")
	v := h.cv()
	accented := false
	for _, r := range v.runes {
		accented = accented || strings.ContainsRune("éèàçêôÉ", r)
	}
	if !accented {
		t.Fatal("montreal-fg has no accented letters")
	}
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h.resize(sz[0], sz[1])
			h.keys("g")
			for page := 0; ; page++ {
				checkSize(t, h.view(), sz[0], sz[1])
				checkPanelAligned(t, h)
				if t.Failed() {
					t.Fatalf("on page %d", page)
				}
				top := v.top
				h.keys("pgdown")
				if v.top == top {
					break
				}
			}
		})
	}
}

// TestWideCharactersAlign imports a transcript with CJK, emoji and
// combining accents and checks every page at every size.
func TestWideCharactersAlign(t *testing.T) {
	h := newHarness(t)
	text := "Facilitator: 欢迎大家。今天我们谈谈流亡中的生活。Bienvenue à tous, e\u0301te\u0301 compris.\n\n" +
		"Speaker 1: 我在多伦多住了三年。我以前是记者，现在还在写作。🙂 Je suis arrivée en 2021; c'était difficile. " +
		strings.Repeat("长句子没有空格长句子没有空格长句子没有空格。", 6) + "\n\n" +
		"Speaker 2: 👩🏽‍💻 Ｆｕｌｌ ｗｉｄｔｈ ｔｅｘｔ and normal text, mixed: 東京 Montréal Zürich.\n"
	h.open(importSource(t, h, "wide.txt", text))
	v := h.cv()
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			h.resize(sz[0], sz[1])
			h.keys("g")
			for i := 0; i < len(v.sents); i++ {
				checkSize(t, h.view(), sz[0], sz[1])
				checkPanelAligned(t, h)
				checkCursorVisible(t, h)
				if t.Failed() {
					t.Fatalf("at sentence %d", v.cursor)
				}
				h.keys("j")
			}
			h.keys("t", "c")
			checkSize(t, h.view(), sz[0], sz[1])
			h.keys("enter")
			h.noError()
			checkSize(t, h.view(), sz[0], sz[1])
			checkPanelAligned(t, h)
			h.keys("u")
		})
	}
	// A click on a wide character maps to its code point.
	h.resize(100, 30)
	h.keys("g")
	li := v.lidx.lineOf(v.sents[0].Start)
	l := v.lines[li]
	// The third cell of 欢迎 is the second character.
	click(h, marginWidth+2, li-v.top+1)
	if got, want := v.cursor, v.sentenceAt(l.start+1); got != want {
		t.Errorf("click on a wide character: cursor %d, want %d", got, want)
	}
}

// importSource imports a transcript into the harness's project and
// returns the source's name.
func importSource(t *testing.T, h *harness, file, text string) string {
	t.Helper()
	im, err := project.New(h.s).ImportTranscripts(t.Context(), []project.Transcript{{Path: file, Data: []byte(text),
		Meta: coding.SourceMeta{City: "Montréal", Group: "宽-1"}}}, project.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return im[0].Source.Name
}
