package tui

import (
	"fmt"
	"sort"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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

// codingPick is what the coding view's picker chooses.
type codingPick int

const (
	pickApply  codingPick = iota // a code to apply
	pickFilter                   // a code or coder to show alone
)

// codingPrompt is what the coding view's prompt is typing.
type codingPrompt int

const (
	promptSearch     codingPrompt = iota // a search
	promptNewCode                        // an in-vivo code's name
	promptCodingMemo                     // the memo of a coding (pendMemo)
	promptSpanMemo                       // the memo of the span
)

// codingChoice is what the coding view's chooser asks.
type codingChoice int

const (
	chooseRemove codingChoice = iota // which coding to remove
	chooseMemo                       // which coding (or the span) the memo is on
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
	looks    map[int64]codeLook // code id -> colour and label
	quick    [10]int64          // key 1-9 -> code id
	srcCount map[int64]int      // code id -> codings in this source
	memos    []store.Memo       // span memos of this source

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

	mode      codingMode
	picker    picker
	pickFor   codingPick
	prompt    prompt
	promptFor codingPrompt
	chooser   chooser
	chooseFor codingChoice
	choices   []coding.Coding
	pendMemo  *coding.Coding // chooser result for a memo

	search   string
	matches  []int // rune offsets of matches
	matchLen int

	filterCode  string // a code path (its sub-codes included)
	filterCoder string
	differ      differFilter // "where coders differ"

	lastSave string
	// coded and total are progress() as of the last change of codings: the
	// status line shows them on every redraw.
	coded, total int
	// stale: the codebook was edited elsewhere; reload the source when shown.
	stale bool
	note  string

	keys          codingKeys
	width, height int
	styleCache    map[styleKey]lipgloss.Style
}

type styleKey struct {
	color          string
	coded          bool
	fac, sel, cur  bool
	match, stripes bool
}

func newCodingView(c *common) *codingView {
	return &codingView{c: c, keys: newCodingKeys(c.keys), styleCache: map[styleKey]lipgloss.Style{},
		width: c.width, height: c.height - 1}
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
			if m.SourceID == src.ID && m.Kind == store.MemoPassage {
				msg.memos = append(msg.memos, m)
			}
		}
		return msg
	}
}

func (v *codingView) loaded() bool { return v.src != nil }

// setSource takes a loaded source into the view.
func (v *codingView) setSource(msg sourceLoadedMsg) {
	v.src, v.turns, v.sents, v.memos = msg.src, msg.turns, msg.sents, msg.memos
	v.runes = []rune(v.c.masked(msg.src.Text))
	if v.c.mask != nil {
		for i := range v.turns {
			v.turns[i].Speaker = v.c.masked(v.turns[i].Speaker)
		}
	}
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
	v.differ.refresh(v)
}

func (v *codingView) setCodebook(cb []store.CodebookEntry) {
	if v.filterCode != "" {
		v.filterCode = followCode(v.codebook, cb, v.filterCode) // renamed or moved
	}
	v.codebook = cb
	v.looks = codeLooks(cb, v.c.palette)
	v.quick = [10]int64{}
	for id, l := range v.looks {
		if k := l.quickKey(); k > 0 {
			v.quick[k] = id
		}
	}
}

// textWidth is the width of the transcript column.
func (v *codingView) textWidth() int {
	return max(v.width-v.panelWidth()-marginWidth-1, 10)
}

// panelWidth is the side panel's: about a third of a wide window (the
// transcript reads best under about 100 columns), none below 60.
func (v *codingView) panelWidth() int {
	switch {
	case v.width >= 140:
		return min(v.width/3, 64)
	case v.width >= 120:
		return 40
	case v.width >= 90:
		return 32
	case v.width >= 60:
		return 26
	}
	return 0
}

// bodyHeight is the number of transcript lines on screen: the room below
// the tab bar less the status line and the footer.
func (v *codingView) bodyHeight() int { return max(v.height-2, 1) }

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
func (v *codingView) SetSize(width, height int) {
	v.width, v.height = width, height
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
		if msg.note != "" {
			v.stale = true // a code was renamed, moved or merged
		}
		return nil
	case actionDoneMsg:
		return v.applyDone(msg)
	case participantsChangedMsg:
		v.stale = true // turns may belong to another id now
		return nil
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

// Capturing reports whether keys go to an input, so the root must not
// take q, tab or ? for itself.
func (v *codingView) Capturing() bool { return v.mode != modeNormal }

// Keys is the coding view's key map, switched for its state.
func (v *codingView) Keys() help.KeyMap {
	v.keys.update(v.search != "", v.selecting)
	return v.keys
}

// Show reloads the source when the codebook changed elsewhere.
func (v *codingView) Show() tea.Cmd {
	if v.stale && v.loaded() {
		v.stale = false
		return loadSourceCmd(v.c.store, v.src.Name, v.sents[v.cursor].Start)
	}
	return nil
}
