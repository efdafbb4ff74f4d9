package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

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

func (v *codingView) openChooser(title string, purpose codingChoice, list []coding.Coding, withSentence bool) {
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
	v.mode, v.choices, v.chooseFor = modeChooser, list, purpose
	v.chooser = chooser{title: title, options: opts}
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
	switch v.chooseFor {
	case chooseRemove:
		return v.remove(v.choices[i])
	case chooseMemo:
		if i >= len(v.choices) {
			v.startSpanMemo()
			return nil
		}
		c := v.choices[i]
		v.pendMemo = &c
		v.openPrompt(promptCodingMemo, "memo", c.Memo)
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
	v.openPrompt(promptSpanMemo, "memo", old)
}

func (v *codingView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	if cancelled {
		v.mode = modeNormal
		return nil
	}
	if !done {
		return cmd
	}
	v.mode = modeNormal
	switch v.promptFor {
	case promptSearch:
		v.setSearch(text)
	case promptNewCode:
		name := strings.TrimSpace(text)
		if name == "" {
			return nil
		}
		a, b := v.span()
		return v.do(action{kind: actNewCode, codePath: name, coding: coding.Coding{Source: v.src.Name, SourceID: v.src.ID,
			Start: a, End: b, Code: name, Coder: v.c.coder, Text: string(v.runes[a:b])}})
	case promptCodingMemo:
		c := *v.pendMemo
		return v.do(action{kind: actCodingMemo, coding: c, oldText: c.Memo, newText: text})
	case promptSpanMemo:
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

// doneNote is the note on a saved action: what it did, in the same words
// when it is undone or redone.
func doneNote(msg actionDoneMsg) string {
	note := msg.act.describe()
	switch {
	case msg.undo:
		return "undone: " + note
	case msg.redo:
		return "redone: " + note
	}
	return note
}

// applyDone takes a saved action (recorded in the history by the root)
// into the view.
func (v *codingView) applyDone(msg actionDoneMsg) tea.Cmd {
	defer v.differ.refresh(v) // the codings changed
	a := msg.act
	if a.kind == actResolve {
		return v.resolvedDone(msg)
	}
	if msg.codebook != nil {
		v.setCodebook(msg.codebook)
		if v.loaded() {
			// The codings on screen may name the code by its old path.
			v.stale, v.note = false, doneNote(msg)
			return loadSourceCmd(v.c.store, v.src.Name, v.sents[v.cursor].Start)
		}
	}
	if v.src == nil {
		return nil
	}
	v.lastSave = v.c.now().Format("15:04:05")
	v.note = doneNote(msg)
	if a.kind == actBatchApply {
		v.takeBatch(a, msg.undo)
		return nil
	}
	// An undo or redo may concern a source that is not on screen: the
	// project counts change, this view's text and codings do not.
	here := a.coding.SourceID == v.src.ID
	switch a.kind {
	case actApply, actRemove, actNewCode:
		added := (a.kind == actApply || a.kind == actNewCode) != msg.undo
		if a.kind == actRemove {
			added = msg.undo
		}
		v.takeCoding(a.coding, here, added)
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
	case actSpanMemo:
		here = a.sourceID == v.src.ID
		if here {
			v.takeSpanMemo(a, msg.undo)
		}
	default:
		return nil // a codebook action
	}
	if !here {
		v.note += " in " + a.coding.Source
	}
	if a.kind == actNewCode {
		return loadCodebookCmd(v.c.store)
	}
	return nil
}

// takeCoding adds or removes a coding in the view and the counts.
func (v *codingView) takeCoding(c coding.Coding, here, added bool) {
	d := -1
	if added {
		d = 1
	}
	v.bumpProject(c.CodeID, d)
	if !here {
		return
	}
	list := v.codings.list
	if added {
		list = append(append([]coding.Coding(nil), list...), c)
	} else {
		out := make([]coding.Coding, 0, len(list))
		for _, o := range list {
			if o.ID != c.ID {
				out = append(out, o)
			}
		}
		list = out
	}
	v.srcCount[c.CodeID] += d
	v.codings = newSpanIndex(list)
	v.coded, v.total = v.progress()
}

// takeSpanMemo puts a span memo's new (or, undone, old) text in the view.
func (v *codingView) takeSpanMemo(a action, undo bool) {
	text := a.newText
	if undo {
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
