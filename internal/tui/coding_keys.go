package tui

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/textfit"
)

// updateNormal handles a key outside inputs: a move, or an action. The
// bindings are switched for the state first (n is "next match" during a
// search, "new code" otherwise).
func (v *codingView) updateNormal(msg tea.KeyMsg) tea.Cmd {
	v.keys.update(v.search != "", v.selecting)
	v.note = ""
	if v.updateMove(msg) {
		return nil
	}
	if v.updateSelect(msg) {
		return nil
	}
	return v.updateAction(msg)
}

// updateMove moves the cursor, and reports whether the key was a move.
func (v *codingView) updateMove(msg tea.KeyMsg) bool {
	k := v.keys
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
		v.page(key.Matches(msg, k.PageUp))
	case key.Matches(msg, k.NextUncoded), key.Matches(msg, k.PrevUncoded):
		v.nextUncoded(key.Matches(msg, k.PrevUncoded))
	case key.Matches(msg, k.NextMatch):
		v.jumpMatch(1)
	case key.Matches(msg, k.PrevMatch):
		v.jumpMatch(-1)
	default:
		return false
	}
	return true
}

// page scrolls a screen up or down and puts the cursor near the top.
func (v *codingView) page(up bool) {
	h := v.bodyHeight() - 2
	if up {
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
}

// nextUncoded goes to the next (or previous) participant sentence this
// coder has not coded.
func (v *codingView) nextUncoded(back bool) {
	dir := 1
	if back {
		dir = -1
	}
	if v.differ.on {
		v.differ.next(v, dir)
		return
	}
	for i := v.nextParticipantSentence(v.cursor, dir); i >= 0; i = v.nextParticipantSentence(i, dir) {
		if !v.codedByMe(i) {
			v.moveCursor(i)
			return
		}
	}
	v.note = "no uncoded participant sentence that way"
}

// updateSelect changes the selection, and reports whether it did.
func (v *codingView) updateSelect(msg tea.KeyMsg) bool {
	k := v.keys
	switch {
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
	case key.Matches(msg, k.GrowWord):
		v.selEnd = v.nextWordEnd(v.selEnd)
	case key.Matches(msg, k.TrimWord):
		v.selEnd = v.prevWordEnd(v.selEnd)
	case key.Matches(msg, k.Cancel):
		v.selecting, v.search, v.matches = false, "", nil
	default:
		return false
	}
	return true
}

// updateAction runs the key's action on the span.
func (v *codingView) updateAction(msg tea.KeyMsg) tea.Cmd {
	k := v.keys
	switch {
	case key.Matches(msg, k.Code):
		v.openPicker(pickApply, "Apply code")
	case key.Matches(msg, k.QuickCode):
		n := int(msg.Runes[0] - '0')
		id := v.quick[n]
		if id == 0 {
			v.note = fmt.Sprintf("no code has the key %d: keys go to the first nine codes of the codebook", n)
			return nil
		}
		for _, e := range v.codebook {
			if e.ID == id {
				return v.applyCode(e.Path)
			}
		}
	case key.Matches(msg, k.NewCode):
		a, b := v.span()
		name := strings.Trim(truncate(textfit.OneLine(string(v.runes[a:b])), 60), " .,;:!?…")
		v.openPrompt(promptNewCode, "new code", strings.ReplaceAll(name, "/", "-"))
	case key.Matches(msg, k.Remove):
		here := v.codingsHere()
		switch len(here) {
		case 0:
			v.note = "no coding here"
		case 1:
			return v.remove(here[0])
		default:
			v.openChooser("Remove which coding?", chooseRemove, here, false)
		}
	case key.Matches(msg, k.Memo):
		if here := v.codingsHere(); len(here) == 0 {
			v.startSpanMemo()
		} else {
			v.openChooser("Memo on…", chooseMemo, here, true)
		}
	case key.Matches(msg, k.Undo, k.Redo):
		cmd, note := v.c.undoRedo(msg)
		if cmd != nil {
			return cmd
		}
		v.note = note
	case key.Matches(msg, k.Search):
		v.openPrompt(promptSearch, "search", v.search)
	case key.Matches(msg, k.Filter):
		v.openPicker(pickFilter, "Show only")
	}
	return nil
}

func (v *codingView) openPrompt(p codingPrompt, label, value string) {
	v.mode, v.promptFor, v.prompt = modePrompt, p, newPrompt(label, value)
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
	return v.differ.shows(c)
}

func (v *codingView) openPicker(purpose codingPick, title string) {
	var items []pickItem
	if purpose == pickFilter {
		items = append(items, pickItem{label: "(everything)", value: "\x00none"})
		items = append(items, pickItem{label: "(where coders differ)", value: "\x00differ"})
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
		items = append(items, codeItem(e, v.looks))
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
	if v.pickFor == pickFilter {
		switch {
		case val == "\x00none":
			v.filterCode, v.filterCoder, v.differ.on = "", "", false
		case val == "\x00differ":
			v.differ.on = true
			v.differ.refresh(v)
			v.note = "] and [ go to where the coders differ"
		case strings.HasPrefix(val, "\x00coder:"):
			v.filterCoder = strings.TrimPrefix(val, "\x00coder:")
		default:
			v.filterCode = val
		}
		return nil
	}
	return v.applyCode(val)
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
