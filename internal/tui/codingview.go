package tui

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// codingMode is what the coding view's keys go to.
type codingMode int

const (
	modeNormal  codingMode = iota
	modePicker             // c, f: choosing a code (or coder)
	modePrompt             // /, n, m: typing
	modeChooser            // x, m: which coding
)

func (m codingMode) String() string {
	return [...]string{"normal", "picker", "prompt", "chooser"}[m]
}

// marginWidth is the stripe column left of the text.
const marginWidth = 4

// codingView is the coding screen: one source's transcript with a sentence
// cursor, a selection, coding stripes and highlights, and the codebook.
type codingView struct {
	c *common

	src   *coding.Source
	runes []rune
	turns []coding.Turn
	sents []coding.Sentence

	codings  spanIndex
	codebook []store.CodebookEntry
	colors   map[int64]string // code id -> colour
	srcCount map[int64]int    // code id -> codings in this source
	memos    []store.Memo     // span memos of this source

	lines       []dline
	lidx        lineIndex
	layoutWidth int
	top         int // first visible line
	cursor      int // sentence index

	selecting bool
	anchor    int // sentence where the selection started
	selStart  int
	selEnd    int
	dragging  bool

	mode     codingMode
	picker   picker
	pickFor  string // "apply" or "filter"
	prompt   prompt
	chooser  chooser
	choices  []coding.Coding
	pendMemo *coding.Coding // chooser result for a memo

	search   string
	matches  []int // rune offsets of matches
	matchLen int

	filterCode  string // a code path (its sub-codes included)
	filterCoder string

	lastSave string
	// coded and total are progress() as of the last change of codings: the
	// status line shows them on every redraw.
	coded, total int
	// stale: the codebook was edited elsewhere; reload the source when shown.
	stale bool
	note  string

	styleCache map[styleKey]lipgloss.Style
}

type styleKey struct {
	color          string
	fac, sel, cur  bool
	match, stripes bool
}

func newCodingView(c *common) *codingView {
	return &codingView{c: c, styleCache: map[styleKey]lipgloss.Style{}}
}

// loadSourceCmd reads a source with everything the view shows.
func loadSourceCmd(st *store.Store, ref string, goTo int) tea.Cmd {
	return func() tea.Msg {
		src, err := st.Source(ref)
		if err != nil {
			return errMsg{err}
		}
		msg := sourceLoadedMsg{src: src, goTo: goTo}
		if msg.turns, err = st.Turns(src.ID); err != nil {
			return errMsg{err}
		}
		if msg.sents, err = st.Sentences(src.ID); err != nil {
			return errMsg{err}
		}
		if msg.codings, err = st.Codings(store.CodingFilter{Source: fmt.Sprint(src.ID)}); err != nil {
			return errMsg{err}
		}
		if msg.codebook, err = st.Codebook(); err != nil {
			return errMsg{err}
		}
		memos, err := st.Memos()
		if err != nil {
			return errMsg{err}
		}
		for _, m := range memos {
			if m.SourceID == src.ID && !m.OnCoding {
				msg.memos = append(msg.memos, m)
			}
		}
		return msg
	}
}

func loadCodebookCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		cb, err := st.Codebook()
		if err != nil {
			return errMsg{err}
		}
		return codebookLoadedMsg{entries: cb}
	}
}

func (v *codingView) loaded() bool { return v.src != nil }

// setSource takes a loaded source into the view.
func (v *codingView) setSource(msg sourceLoadedMsg) {
	v.src, v.turns, v.sents, v.memos = msg.src, msg.turns, msg.sents, msg.memos
	v.runes = []rune(msg.src.Text)
	v.codings = newSpanIndex(msg.codings)
	v.setCodebook(msg.codebook)
	v.srcCount = map[int64]int{}
	for _, c := range msg.codings {
		v.srcCount[c.CodeID]++
	}
	v.coded, v.total = v.progress()
	v.layoutWidth = -1
	v.relayout()
	v.cursor, v.top, v.selecting, v.mode = 0, 0, false, modeNormal
	v.search, v.matches = "", nil
	if msg.goTo >= 0 {
		v.cursor = v.sentenceAt(msg.goTo)
	} else if i := v.nextParticipantSentence(-1, 1); i >= 0 {
		v.cursor = i
	}
	v.scrollToCursor()
}

func (v *codingView) setCodebook(cb []store.CodebookEntry) {
	if v.filterCode != "" {
		v.filterCode = followCode(v.codebook, cb, v.filterCode) // renamed or moved
	}
	v.codebook = cb
	v.colors = map[int64]string{}
	for _, e := range cb {
		v.colors[e.ID] = e.Color
	}
}

// textWidth is the width of the transcript column.
func (v *codingView) textWidth() int {
	return max(v.c.width-v.panelWidth()-marginWidth-1, 10)
}

func (v *codingView) panelWidth() int {
	switch {
	case v.c.width >= 120:
		return 40
	case v.c.width >= 90:
		return 32
	case v.c.width >= 60:
		return 26
	}
	return 0
}

// bodyHeight is the number of transcript lines on screen: the window less
// the tab bar, the status line and the footer.
func (v *codingView) bodyHeight() int { return max(v.c.height-3, 1) }

func (v *codingView) relayout() {
	if v.src == nil || v.layoutWidth == v.textWidth() {
		return
	}
	v.layoutWidth = v.textWidth()
	v.lines = layoutText(v.runes, v.turns, v.layoutWidth)
	v.lidx = newLineIndex(v.lines)
	v.scrollToCursor()
}

// SetSize is called on every window resize. A change of height alone
// needs no new layout, but may leave the cursor off screen.
func (v *codingView) SetSize() {
	v.relayout()
	if v.loaded() {
		v.scrollToCursor()
	}
}

// span is what an action applies to: the selection, else the sentence
// under the cursor.
func (v *codingView) span() (int, int) {
	if v.selecting {
		return v.selStart, v.selEnd
	}
	if v.cursor < len(v.sents) {
		s := v.sents[v.cursor]
		return s.Start, s.End
	}
	return 0, 0
}

func (v *codingView) sentenceAt(off int) int {
	i := sort.Search(len(v.sents), func(i int) bool { return v.sents[i].End > off })
	return min(i, max(len(v.sents)-1, 0))
}

func (v *codingView) isFacilitatorSentence(i int) bool {
	t := v.sents[i].Turn
	return t < len(v.turns) && (v.turns[t].Facilitator || v.turns[t].Participant == "")
}

// codedByMe reports whether a coding by this coder overlaps sentence i.
func (v *codingView) codedByMe(i int) bool {
	var buf [16]coding.Coding
	for _, c := range v.codings.overlapping(buf[:0], v.sents[i].Start, v.sents[i].End) {
		if c.Coder == v.c.coder {
			return true
		}
	}
	return false
}

// nextParticipantSentence returns the next (dir 1) or previous (-1)
// participant sentence after from, or -1.
func (v *codingView) nextParticipantSentence(from, dir int) int {
	for i := from + dir; i >= 0 && i < len(v.sents); i += dir {
		if !v.isFacilitatorSentence(i) {
			return i
		}
	}
	return -1
}

// progress is the share of participant sentences this coder has coded.
func (v *codingView) progress() (coded, total int) {
	for i := range v.sents {
		if v.isFacilitatorSentence(i) {
			continue
		}
		total++
		if v.codedByMe(i) {
			coded++
		}
	}
	return coded, total
}

func (v *codingView) moveCursor(to int) {
	if len(v.sents) == 0 {
		return
	}
	v.cursor = max(0, min(to, len(v.sents)-1))
	if v.selecting {
		a, b := v.anchor, v.cursor
		if a > b {
			a, b = b, a
		}
		v.selStart, v.selEnd = v.sents[a].Start, v.sents[b].End
	}
	v.scrollToCursor()
}

// scrollToCursor keeps the cursor sentence on screen with two lines of
// context.
func (v *codingView) scrollToCursor() {
	if len(v.sents) == 0 || len(v.lines) == 0 {
		return
	}
	s := v.sents[v.cursor]
	first, last := v.lidx.lineOf(s.Start), v.lidx.lineOf(max(s.End-1, s.Start))
	if first > 0 && v.lines[first-1].kind == lineHeader {
		first-- // show the speaker with the turn's first sentence
	}
	h := v.bodyHeight()
	switch {
	case first < v.top+1:
		v.top = max(first-1, 0)
	case last > v.top+h-3:
		v.top = min(last-h+3, first)
	}
	v.top = max(0, min(v.top, len(v.lines)-1))
}

func (v *codingView) turnStartSentence(turn int) int {
	i := sort.Search(len(v.sents), func(i int) bool { return v.sents[i].Turn >= turn })
	return min(i, len(v.sents)-1)
}

// Update handles a message for the coding view.
func (v *codingView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sourceLoadedMsg:
		v.setSource(msg)
		return nil
	case codebookLoadedMsg:
		v.setCodebook(msg.entries)
		return nil
	case actionDoneMsg:
		return v.applyDone(msg)
	case errMsg:
		v.c.hist.busy = false
		return nil
	case tea.MouseMsg:
		v.mouse(msg)
		return nil
	case tea.KeyMsg:
		if !v.loaded() {
			return nil
		}
		switch v.mode {
		case modePicker:
			return v.updatePicker(msg)
		case modePrompt:
			return v.updatePrompt(msg)
		case modeChooser:
			return v.updateChooser(msg)
		}
		return v.updateNormal(msg)
	}
	if v.mode == modePrompt {
		var cmd tea.Cmd
		v.prompt.input, cmd = v.prompt.input.Update(msg)
		return cmd
	}
	return nil
}

// capturing reports whether keys go to an input, so the root must not
// take q, tab or ? for itself.
func (v *codingView) capturing() bool { return v.mode != modeNormal }

func (v *codingView) updateNormal(msg tea.KeyMsg) tea.Cmd {
	k := v.c.keys
	v.note = ""
	switch {
	case key.Matches(msg, k.Down):
		v.moveCursor(v.cursor + 1)
	case key.Matches(msg, k.Up):
		v.moveCursor(v.cursor - 1)
	case key.Matches(msg, k.NextTurn):
		t := v.sents[v.cursor].Turn
		if t+1 < len(v.turns) {
			v.moveCursor(v.turnStartSentence(t + 1))
		}
	case key.Matches(msg, k.PrevTurn):
		t := v.sents[v.cursor].Turn
		start := v.turnStartSentence(t)
		if v.cursor > start {
			v.moveCursor(start)
		} else if t > 0 {
			v.moveCursor(v.turnStartSentence(t - 1))
		}
	case key.Matches(msg, k.Top):
		v.moveCursor(0)
	case key.Matches(msg, k.Bottom):
		v.moveCursor(len(v.sents) - 1)
	case key.Matches(msg, k.PageDown), key.Matches(msg, k.PageUp):
		h := v.bodyHeight() - 2
		if key.Matches(msg, k.PageUp) {
			h = -h
		}
		v.top = max(0, min(v.top+h, len(v.lines)-v.bodyHeight()))
		line := v.top + 2
		for line < len(v.lines) && v.lines[line].kind != lineText {
			line++
		}
		if line < len(v.lines) {
			v.moveCursor(v.sentenceAt(v.lines[line].start))
		}
		v.top = max(0, min(v.top, len(v.lines)-1))
	case key.Matches(msg, k.NextUncoded), key.Matches(msg, k.PrevUncoded):
		dir := 1
		if key.Matches(msg, k.PrevUncoded) {
			dir = -1
		}
		for i := v.nextParticipantSentence(v.cursor, dir); i >= 0; i = v.nextParticipantSentence(i, dir) {
			if !v.codedByMe(i) {
				v.moveCursor(i)
				return nil
			}
		}
		v.note = "no uncoded participant sentence that way"
	case key.Matches(msg, k.Select):
		if v.selecting {
			v.selecting = false
		} else {
			v.selecting, v.anchor = true, v.cursor
			v.moveCursor(v.cursor)
		}
	case key.Matches(msg, k.SelectTurn):
		t := v.turns[v.sents[v.cursor].Turn]
		v.selecting, v.anchor = true, v.cursor
		v.selStart, v.selEnd = t.Start, t.End
	case key.Matches(msg, k.GrowWord) && v.selecting:
		v.selEnd = v.nextWordEnd(v.selEnd)
	case key.Matches(msg, k.TrimWord) && v.selecting:
		v.selEnd = v.prevWordEnd(v.selEnd)
	case key.Matches(msg, k.Cancel):
		v.selecting, v.search, v.matches = false, "", nil
	case key.Matches(msg, k.Code):
		v.openPicker("apply", "Apply code")
	case key.Matches(msg, k.QuickCode):
		top := v.topCodes()
		i := int(msg.Runes[0] - '1')
		if i >= len(top) {
			v.note = fmt.Sprintf("no code %d yet: the quick codes are the nine most used", i+1)
			return nil
		}
		return v.applyCode(top[i].Path)
	case key.Matches(msg, k.NextMatch) && v.search != "":
		v.jumpMatch(1)
	case key.Matches(msg, k.PrevMatch) && v.search != "":
		v.jumpMatch(-1)
	case key.Matches(msg, k.NewCode):
		a, b := v.span()
		name := strings.Join(strings.Fields(string(v.runes[a:b])), " ")
		name = strings.Trim(truncate(name, 60), " .,;:!?…")
		v.mode, v.prompt = modePrompt, newPrompt("new code", "newcode", strings.ReplaceAll(name, "/", "-"))
	case key.Matches(msg, k.Remove):
		here := v.codingsHere()
		switch len(here) {
		case 0:
			v.note = "no coding here"
		case 1:
			return v.remove(here[0])
		default:
			v.openChooser("Remove which coding?", "remove", here, false)
		}
	case key.Matches(msg, k.Memo):
		here := v.codingsHere()
		if len(here) == 0 {
			v.startSpanMemo()
		} else {
			v.openChooser("Memo on…", "memo", here, true)
		}
	case key.Matches(msg, k.Undo):
		if cmd := v.c.hist.undoCmd(v.c.store); cmd != nil {
			return cmd
		}
		v.note = "nothing to undo"
	case key.Matches(msg, k.Redo):
		if cmd := v.c.hist.redoCmd(v.c.store); cmd != nil {
			return cmd
		}
		v.note = "nothing to redo"
	case key.Matches(msg, k.Search):
		v.mode, v.prompt = modePrompt, newPrompt("search", "search", v.search)
	case key.Matches(msg, k.Filter):
		v.openPicker("filter", "Show only")
	}
	return nil
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
}

// nextWordEnd moves a selection end past the next word, within its turn.
func (v *codingView) nextWordEnd(end int) int {
	limit := v.turns[v.sents[v.cursor].Turn].End
	i := end
	for i < limit && !isWordRune(v.runes[i]) {
		i++
	}
	for i < limit && isWordRune(v.runes[i]) {
		i++
	}
	return i
}

// prevWordEnd moves a selection end back by a word, keeping at least one.
func (v *codingView) prevWordEnd(end int) int {
	i := end
	for i > v.selStart && !isWordRune(v.runes[i-1]) {
		i--
	}
	for i > v.selStart && isWordRune(v.runes[i-1]) {
		i--
	}
	for i > v.selStart && !isWordRune(v.runes[i-1]) {
		i--
	}
	if i <= v.selStart {
		return end
	}
	return i
}

// codingsHere are the codings overlapping the span an action would use,
// honouring the view filter.
func (v *codingView) codingsHere() []coding.Coding {
	a, b := v.span()
	var out []coding.Coding
	for _, c := range v.codings.overlapping(nil, a, b) {
		if v.visible(c) {
			out = append(out, c)
		}
	}
	return out
}

func (v *codingView) visible(c coding.Coding) bool {
	if v.filterCoder != "" && c.Coder != v.filterCoder {
		return false
	}
	if v.filterCode != "" && c.Code != v.filterCode && !strings.HasPrefix(c.Code, v.filterCode+"/") {
		return false
	}
	return true
}

// topCodes are the nine most used codes of the project, for keys 1-9.
func (v *codingView) topCodes() []store.CodebookEntry {
	var used []store.CodebookEntry
	for _, e := range v.codebook {
		if e.Codings > 0 {
			used = append(used, e)
		}
	}
	sort.SliceStable(used, func(i, j int) bool { return used[i].Codings > used[j].Codings })
	return used[:min(9, len(used))]
}

func (v *codingView) openPicker(purpose, title string) {
	var items []pickItem
	if purpose == "filter" {
		items = append(items, pickItem{label: "(everything)", value: "\x00none"})
		coders := map[string]bool{}
		for _, c := range v.codings.list {
			coders[c.Coder] = true
		}
		names := make([]string, 0, len(coders))
		for c := range coders {
			names = append(names, c)
		}
		sort.Strings(names)
		for _, c := range names {
			items = append(items, pickItem{label: "coder: " + c, value: "\x00coder:" + c})
		}
	}
	for _, e := range v.codebook {
		items = append(items, codeItem(e))
	}
	v.mode, v.pickFor, v.picker = modePicker, purpose, newPicker(title, items)
}

func (v *codingView) updatePicker(msg tea.KeyMsg) tea.Cmd {
	val, done, cmd := v.picker.update(msg, v.c.keys)
	if !done {
		return cmd
	}
	v.mode = modeNormal
	if val == "" {
		return nil
	}
	if v.pickFor == "filter" {
		switch {
		case val == "\x00none":
			v.filterCode, v.filterCoder = "", ""
		case strings.HasPrefix(val, "\x00coder:"):
			v.filterCoder = strings.TrimPrefix(val, "\x00coder:")
		default:
			v.filterCode = val
		}
		return nil
	}
	return v.applyCode(val)
}

func (v *codingView) applyCode(path string) tea.Cmd {
	a, b := v.span()
	if b <= a {
		return nil
	}
	act := action{kind: actApply, coding: coding.Coding{Source: v.src.Name, SourceID: v.src.ID, Start: a, End: b,
		Code: path, Coder: v.c.coder, Text: string(v.runes[a:b])}}
	return v.do(act)
}

func (v *codingView) do(act action) tea.Cmd {
	if v.c.hist.busy {
		v.note = "still saving the last action"
		return nil
	}
	v.c.hist.busy = true
	return doCmd(v.c.store, act)
}

func (v *codingView) remove(c coding.Coding) tea.Cmd {
	return v.do(action{kind: actRemove, coding: c})
}

func (v *codingView) openChooser(title, purpose string, list []coding.Coding, withSentence bool) {
	opts := make([]string, 0, len(list)+1)
	for _, c := range list {
		name := c.Code
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
		opts = append(opts, fmt.Sprintf("%s (%s)", name, c.Coder))
	}
	if withSentence {
		opts = append(opts, "this sentence / selection")
	}
	v.mode, v.choices = modeChooser, list
	v.chooser = chooser{title: title, options: opts, purpose: purpose}
}

func (v *codingView) updateChooser(msg tea.KeyMsg) tea.Cmd {
	i, done := v.chooser.update(msg, v.c.keys)
	if !done {
		return nil
	}
	v.mode = modeNormal
	if i < 0 {
		return nil
	}
	switch v.chooser.purpose {
	case "remove":
		return v.remove(v.choices[i])
	case "memo":
		if i >= len(v.choices) {
			v.startSpanMemo()
			return nil
		}
		c := v.choices[i]
		v.pendMemo = &c
		v.mode, v.prompt = modePrompt, newPrompt("memo", "codingmemo", c.Memo)
	}
	return nil
}

func (v *codingView) spanMemo(a, b int) (string, bool) {
	for _, m := range v.memos {
		if m.Start == a && m.End == b {
			return m.Text, true
		}
	}
	return "", false
}

func (v *codingView) startSpanMemo() {
	a, b := v.span()
	old, _ := v.spanMemo(a, b)
	v.mode, v.prompt = modePrompt, newPrompt("memo", "spanmemo", old)
}

func (v *codingView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg)
	if cancelled {
		v.mode = modeNormal
		return nil
	}
	if !done {
		return cmd
	}
	v.mode = modeNormal
	switch v.prompt.purpose {
	case "search":
		v.setSearch(text)
	case "newcode":
		name := strings.TrimSpace(text)
		if name == "" {
			return nil
		}
		a, b := v.span()
		return v.do(action{kind: actNewCode, codePath: name, coding: coding.Coding{Source: v.src.Name, SourceID: v.src.ID,
			Start: a, End: b, Code: name, Coder: v.c.coder, Text: string(v.runes[a:b])}})
	case "codingmemo":
		c := *v.pendMemo
		return v.do(action{kind: actCodingMemo, coding: c, oldText: c.Memo, newText: text})
	case "spanmemo":
		a, b := v.span()
		old, _ := v.spanMemo(a, b)
		return v.do(action{kind: actSpanMemo, sourceID: v.src.ID, start: a, end: b, oldText: old, newText: text,
			coding: coding.Coding{Coder: v.c.coder, Source: v.src.Name, SourceID: v.src.ID}})
	}
	return nil
}

func (v *codingView) setSearch(q string) {
	v.search, v.matches = q, nil
	if q == "" {
		return
	}
	needle := []rune(strings.ToLower(q))
	hay := []rune(strings.ToLower(string(v.runes)))
	if len(hay) != len(v.runes) { // a case mapping changed the length: match case-sensitively
		hay, needle = v.runes, []rune(q)
	}
	v.matchLen = len(needle)
	for i := 0; i+len(needle) <= len(hay); i++ {
		if hay[i] == needle[0] && string(hay[i:i+len(needle)]) == string(needle) {
			v.matches = append(v.matches, i)
		}
	}
	if len(v.matches) == 0 {
		v.note = fmt.Sprintf("%q not found", q)
		return
	}
	v.jumpMatch(0)
}

// jumpMatch moves to the next (1), previous (-1) or first-from-here (0)
// match.
func (v *codingView) jumpMatch(dir int) {
	if len(v.matches) == 0 {
		return
	}
	cur := v.sents[v.cursor].Start
	pick := -1
	switch dir {
	case 1:
		pick = sort.SearchInts(v.matches, v.sents[v.cursor].End)
	case 0:
		pick = sort.SearchInts(v.matches, cur)
	case -1:
		pick = sort.SearchInts(v.matches, cur) - 1
	}
	if pick >= len(v.matches) {
		pick = 0
		v.note = "search wrapped to the top"
	} else if pick < 0 {
		pick = len(v.matches) - 1
		v.note = "search wrapped to the bottom"
	}
	v.moveCursor(v.sentenceAt(v.matches[pick]))
	if v.note == "" {
		v.note = fmt.Sprintf("match %d of %d", pick+1, len(v.matches))
	}
}

// applyDone takes a saved action into the view (and the history).
func (v *codingView) applyDone(msg actionDoneMsg) tea.Cmd {
	v.c.hist.record(msg)
	if v.src == nil {
		return nil
	}
	a := msg.act
	v.lastSave = v.c.now().Format("15:04:05")
	// An undo or redo may concern a source that is not on screen: the
	// project counts change, this view's text and codings do not.
	here := a.coding.SourceID == v.src.ID
	if a.kind == actSpanMemo {
		here = a.sourceID == v.src.ID
	}
	added := (a.kind == actApply || a.kind == actNewCode) != msg.undo
	if a.kind == actRemove {
		added = msg.undo
	}
	var cmd tea.Cmd
	switch a.kind {
	case actApply, actRemove, actNewCode:
		list := v.codings.list
		switch {
		case !here && added:
			v.bumpProject(a.coding.CodeID, 1)
		case !here:
			v.bumpProject(a.coding.CodeID, -1)
		case added:
			list = append(append([]coding.Coding(nil), list...), a.coding)
			v.srcCount[a.coding.CodeID]++
			v.bumpProject(a.coding.CodeID, 1)
		default:
			out := make([]coding.Coding, 0, len(list))
			for _, c := range list {
				if c.ID != a.coding.ID {
					out = append(out, c)
				}
			}
			list = out
			v.srcCount[a.coding.CodeID]--
			v.bumpProject(a.coding.CodeID, -1)
		}
		v.codings = newSpanIndex(list)
		v.coded, v.total = v.progress()
		if a.kind == actNewCode {
			cmd = loadCodebookCmd(v.c.store)
		}
		verb := map[bool]string{true: "coded", false: "removed"}[added]
		v.note = fmt.Sprintf("%s %s", verb, leafName(a.coding.Code))
		if !msg.undo && !msg.redo {
			v.selecting = false
		}
	case actCodingMemo:
		list := append([]coding.Coding(nil), v.codings.list...)
		for i := range list {
			if list[i].ID == a.coding.ID {
				list[i].Memo = a.coding.Memo
			}
		}
		v.codings = newSpanIndex(list)
		v.note = "memo saved"
	case actSpanMemo:
		v.note = "memo saved"
		if !here {
			break
		}
		text := a.newText
		if msg.undo {
			text = a.oldText
		}
		kept := v.memos[:0:0]
		for _, m := range v.memos {
			if !(m.Start == a.start && m.End == a.end) {
				kept = append(kept, m)
			}
		}
		if strings.TrimSpace(text) != "" {
			kept = append(kept, store.Memo{SourceID: a.sourceID, Source: v.src.Name, Start: a.start, End: a.end, Author: v.c.coder, Text: text})
		}
		v.memos = kept
	}
	if !here {
		v.note += " in " + a.coding.Source
	}
	if msg.undo {
		v.note = "undone: " + v.note
	} else if msg.redo {
		v.note = "redone: " + v.note
	}
	return cmd
}

func (v *codingView) bumpProject(code int64, d int) {
	for i := range v.codebook {
		if v.codebook[i].ID == code {
			v.codebook[i].Codings += d
			v.codebook[i].Total += d
			parent := v.codebook[i].ParentID
			for j := i - 1; j >= 0 && parent != 0; j-- {
				if v.codebook[j].ID == parent {
					v.codebook[j].Total += d
					parent = v.codebook[j].ParentID
				}
			}
			return
		}
	}
}

// mouse: the wheel scrolls, a click moves the cursor, a drag selects.
func (v *codingView) mouse(msg tea.MouseMsg) {
	if !v.loaded() || v.mode != modeNormal {
		return
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		v.top = max(v.top-3, 0)
		return
	case tea.MouseButtonWheelDown:
		v.top = max(0, min(v.top+3, len(v.lines)-v.bodyHeight()))
		return
	}
	off, ok := v.offsetAt(msg.X, msg.Y)
	switch {
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && ok:
		v.selecting = false
		v.cursor = v.sentenceAt(off)
		v.anchor, v.dragging = v.cursor, true
	case msg.Action == tea.MouseActionMotion && v.dragging && ok:
		s := v.sentenceAt(off)
		if s != v.anchor || v.selecting {
			v.selecting = true
			v.moveCursor(s)
		}
	case msg.Action == tea.MouseActionRelease:
		v.dragging = false
	}
}

// offsetAt maps a screen cell to a text offset (the tab bar is row 0).
func (v *codingView) offsetAt(x, y int) (int, bool) {
	row := y - 1
	if row < 0 || row >= v.bodyHeight() || x < marginWidth || x >= marginWidth+v.textWidth() {
		return 0, false
	}
	li := v.top + row
	if li >= len(v.lines) || v.lines[li].kind != lineText {
		return 0, false
	}
	l := v.lines[li]
	w := 0
	for i := l.start; i < l.end; i++ {
		w += runewidth.RuneWidth(v.runes[i])
		if w > x-marginWidth {
			return i, true
		}
	}
	return max(l.end-1, l.start), true
}

// leafName is the last name of a code path.
func leafName(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}
