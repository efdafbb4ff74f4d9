package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// quote is a coded passage with who said it, the sentences around it, and
// every coder who coded exactly this passage with the code (or its
// sub-codes): identical passages are listed once.
type quote struct {
	coding      coding.Coding // the first coding of the passage
	coders      []string
	participant string
	city, group string
	// before and after are the sentences around the passage, in its turn
	// (the context), nearest last and first.
	before, after []string
}

// contextSentences is how many sentences of context an expanded quote shows
// on each side (a folded one shows one line of the nearest).
const contextSentences = 3

// quotesView retrieves every passage coded with one code (and its
// sub-codes) across sources.
type quotesView struct {
	c          *common
	keys       listKeys
	entries    []store.CodebookEntry
	looks      map[int64]codeLook
	cbStale    bool // the codebook (and its counts) changed since it was read
	wantPicker bool
	code       string
	quotes     []quote
	cursor     int
	expanded   map[int]bool
	picker     *picker
	stale      bool
	list       scroller
	exp        quotesExport
	width      int
	height     int
}

func newQuotesView(c *common) *quotesView {
	k := newListKeys(c.keys, map[string]string{"open": "jump to transcript", "code": "choose code", "expand": "more context"})
	return &quotesView{c: c, keys: k, list: newScroller(), expanded: map[int]bool{}}
}

func (v *quotesView) Capturing() bool   { return v.picker != nil || v.exp.chooser != nil }
func (v *quotesView) Keys() help.KeyMap { return quotesKeys{v.keys, v.c.keys.Export} }

func (v *quotesView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.list.setSize(width, max(height-2, 1))
}

// Show reloads the current code's quotes, or asks for a code.
func (v *quotesView) Show() tea.Cmd {
	if v.code == "" {
		return v.openPicker()
	}
	return loadQuotesCmd(v.c.store, v.code)
}

// openPicker opens the code picker, reading the codebook first when it
// changed since. The read clears cbStale, so this asks at most once.
func (v *quotesView) openPicker() tea.Cmd {
	if v.entries == nil || v.cbStale {
		v.wantPicker = true
		return loadCodebookCmd(v.c.store)
	}
	var items []pickItem
	for _, e := range v.entries {
		it := codeItem(e, v.looks)
		it.name = fmt.Sprintf("%s (%d)", e.Name, e.Total)
		items = append(items, it)
	}
	p := newPicker("Quotes of code", items)
	v.picker = &p
	return nil
}

func (v *quotesView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case actionDoneMsg:
		v.stale, v.cbStale = true, true
		if msg.codebook != nil {
			v.takeCodebook(msg.codebook)
		}
	case codebookLoadedMsg:
		v.takeCodebook(msg.entries)
		if v.wantPicker {
			v.wantPicker = false
			return v.openPicker()
		}
	case quotesLoadedMsg:
		if msg.code != v.code {
			v.cursor, v.expanded = 0, map[int]bool{}
		}
		v.code, v.quotes, v.stale = msg.code, msg.quotes, false
		if v.c.mask != nil {
			for i := range v.quotes {
				q := &v.quotes[i]
				q.coding.Text = v.c.masked(q.coding.Text)
				for j := range q.before {
					q.before[j] = v.c.masked(q.before[j])
				}
				for j := range q.after {
					q.after[j] = v.c.masked(q.after[j])
				}
			}
		}
		v.cursor = min(v.cursor, max(len(v.quotes)-1, 0))
	case exportedMsg:
		v.exp.note = exportNote(msg)
	case tea.KeyMsg:
		return v.updateKey(msg)
	}
	return nil
}

// takeCodebook follows a rename or move of the code shown; a code merged
// or deleted away is forgotten, so the picker opens on the next visit.
func (v *quotesView) takeCodebook(cb []store.CodebookEntry) {
	if v.code != "" {
		if v.code = followCode(v.entries, cb, v.code); v.code == "" {
			v.quotes, v.cursor = nil, 0
		}
	}
	v.entries, v.cbStale = cb, false
	v.looks = codeLooks(cb, v.c.palette)
}

func (v *quotesView) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := v.keys
	if v.exp.chooser != nil {
		return v.updateExport(msg)
	}
	v.exp.note = ""
	if v.picker != nil {
		val, done, cmd := v.picker.update(msg, v.c.keys)
		if !done {
			return cmd
		}
		v.picker = nil
		if val != "" {
			return loadQuotesCmd(v.c.store, val)
		}
		return nil
	}
	switch {
	case moveInList(msg, k, &v.cursor, len(v.quotes), 5):
	case key.Matches(msg, k.Code), key.Matches(msg, v.c.keys.Filter):
		return v.openPicker()
	case key.Matches(msg, k.Expand):
		v.expanded[v.cursor] = !v.expanded[v.cursor]
	case key.Matches(msg, v.c.keys.Export):
		return v.startExport()
	case key.Matches(msg, k.Open):
		if v.cursor < len(v.quotes) {
			q := v.quotes[v.cursor].coding
			return func() tea.Msg { return openSourceMsg{source: q.Source, offset: q.Start} }
		}
	}
	return nil
}

// loadQuotesCmd reads a code's passages with their speakers and context.
func loadQuotesCmd(st *store.Store, code string) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Codings(store.CodingFilter{Code: code})
		if err != nil {
			return errMsg{err}
		}
		srcs, err := st.Sources()
		if err != nil {
			return errMsg{err}
		}
		meta := map[int64]store.SourceSummary{}
		for _, s := range srcs {
			meta[s.ID] = s
		}
		texts := map[int64]*sourceText{}
		var out []quote
		at := map[[3]int64]int{} // source, start, end -> index in out
		for _, c := range list {
			k := [3]int64{c.SourceID, int64(c.Start), int64(c.End)}
			if i, ok := at[k]; ok {
				out[i].coders = appendNew(out[i].coders, c.Coder)
				continue
			}
			t, ok := texts[c.SourceID]
			if !ok {
				if t, err = readSourceText(st, c.SourceID); err != nil {
					return errMsg{err}
				}
				texts[c.SourceID] = t
			}
			q := quote{coding: c, coders: []string{c.Coder}, city: meta[c.SourceID].City, group: meta[c.SourceID].Group}
			t.fill(&q)
			at[k] = len(out)
			out = append(out, q)
		}
		return quotesLoadedMsg{code: code, quotes: out}
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// sourceText is what the Quotes screen needs of a source: its text, turns
// and sentences.
type sourceText struct {
	runes []rune
	turns []coding.Turn
	sents []coding.Sentence
}

func readSourceText(st *store.Store, id int64) (*sourceText, error) {
	src, err := st.Source(fmt.Sprint(id))
	if err != nil {
		return nil, err
	}
	t := &sourceText{runes: []rune(src.Text)}
	if t.turns, err = st.Turns(id); err != nil {
		return nil, err
	}
	if t.sents, err = st.Sentences(id); err != nil {
		return nil, err
	}
	return t, nil
}

// fill sets a quote's speaker and the sentences of its turn around it.
func (t *sourceText) fill(q *quote) {
	c := q.coding
	ti := sort.Search(len(t.turns), func(i int) bool { return t.turns[i].End > c.Start })
	if ti < len(t.turns) {
		q.participant = t.turns[ti].Participant
	}
	first := sort.Search(len(t.sents), func(i int) bool { return t.sents[i].End > c.Start })
	last := sort.Search(len(t.sents), func(i int) bool { return t.sents[i].Start >= c.End })
	text := func(s coding.Sentence) string {
		return strings.TrimSpace(string(t.runes[min(s.Start, len(t.runes)):min(s.End, len(t.runes))]))
	}
	for i := first - 1; i >= 0 && i >= first-contextSentences && t.sents[i].Turn == ti; i-- {
		q.before = append([]string{text(t.sents[i])}, q.before...)
	}
	for i := last; i < len(t.sents) && i < last+contextSentences && t.sents[i].Turn == ti; i++ {
		q.after = append(q.after, text(t.sents[i]))
	}
}

func (v *quotesView) View() string {
	st := v.c.styles
	if v.picker != nil {
		return v.picker.view(st, v.width, v.height)
	}
	if v.exp.chooser != nil {
		return v.exp.chooser.view(st, v.width)
	}
	if v.code == "" {
		return st.Dim.Render(" Press c to choose a code.") + "\n" + footer(v.c, v.exp.note, v.Keys())
	}
	w := v.width
	title := st.PanelTitle.Render(truncate(fmt.Sprintf("%s — %s", v.code, plural.Count(len(v.quotes), "passage", "passages")), w))
	var lines []string
	first, last := 0, 0
	for i, q := range v.quotes {
		if i == v.cursor {
			first = len(lines)
		}
		lines = append(lines, v.quoteLines(i, q)...)
		if i == v.cursor {
			last = len(lines) - 1
		}
	}
	if len(lines) == 0 {
		lines = []string{st.Dim.Render(" no passage coded with it yet")}
	}
	return title + "\n" + v.list.view(lines, first, last) + "\n" + footer(v.c, v.exp.note, v.Keys())
}

// quoteLines draws one quote: who and where, the context before (dim), the
// whole passage, the context after, and a blank line.
func (v *quotesView) quoteLines(i int, q quote) []string {
	st, w := v.c.styles, v.width
	who := fmt.Sprintf("%s · %s %s · %s %d-%d · %s", nz(q.participant, "?"), q.city, q.group, q.coding.Source,
		q.coding.Start, q.coding.End, strings.Join(q.coders, ", "))
	var out []string
	if i == v.cursor {
		out = append(out, st.ListCursor.Render(fit(" "+who, w)))
	} else {
		out = append(out, st.Bold.Render(truncate(" "+who, w)))
	}
	context := func(sents []string, nearestLast bool) {
		if len(sents) == 0 {
			return
		}
		if !v.expanded[i] {
			s := sents[0]
			if nearestLast {
				s = sents[len(sents)-1]
			}
			out = append(out, st.Dim.Render(truncate("   "+s, w)))
			return
		}
		for _, l := range wordWrap(strings.Join(sents, " "), w-4) {
			out = append(out, st.Dim.Render("   "+l))
		}
	}
	context(q.before, true)
	for _, l := range wordWrap("“"+q.coding.Text+"”", w-4) {
		out = append(out, "   "+l)
	}
	context(q.after, false)
	return append(out, "")
}
