package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// disagreementsLoadedMsg: the Compare screen's units where coders differ,
// under the options asked for.
type disagreementsLoadedMsg struct {
	opt      analysis.ReliabilityOptions
	data     *project.Disagreements
	codebook []store.CodebookEntry
}

// comparePick is what the Compare screen's picker chooses.
type comparePick int

const (
	pickCompareCode comparePick = iota
	pickCompareCoders
	pickRecode
)

// compareKeys are the Compare screen's bindings: a list's, and the
// resolutions.
type compareKeys struct {
	listKeys
	PickCoders, KeepCoder, KeepAll, Recode, Unit key.Binding
}

// ShortHelp is the Compare screen's footer.
func (k compareKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.KeepCoder, k.KeepAll, k.Recode, k.Undo, k.Code, k.PickCoders, k.Unit, k.Open, k.NextTab, k.Help, k.Quit}
}

// screenHelp is the Compare screen's `?` overlay: the resolutions beside
// the list's keys.
func (k compareKeys) screenHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.KeepCoder, k.KeepAll, k.Recode, k.Code, k.Open},
		{k.PickCoders, k.Unit, k.Undo, k.Redo},
		{k.NextTab, k.all.PrevTab, k.Help, k.Quit},
	}
}

// compareView lists the units where coders differ on a code (or on any),
// side by side with the text, and resolves them: keep one coder's coding,
// keep all of them, or recode. Each resolution is one transaction, undoable
// with the session's history, and logged under the coder resolving.
type compareView struct {
	c       *common
	keys    compareKeys
	opt     analysis.ReliabilityOptions
	data    *project.Disagreements
	entries []store.CodebookEntry
	looks   map[string]codeLook // by code path
	cursor  int
	focus   string // a unit to put the cursor on when the list comes (an undone resolution's)
	picker  *picker
	pickFor comparePick
	stale   bool
	note    string
	list    scroller
	width   int
	height  int
}

func newCompareView(c *common) *compareView {
	l := newListKeys(c.keys, map[string]string{"open": "open in transcript", "code": "choose code", "undo": "undo", "redo": "redo"})
	k := compareKeys{listKeys: l, PickCoders: c.keys.PickCoders, KeepCoder: c.keys.KeepCoder, KeepAll: c.keys.KeepAll,
		Recode: c.keys.Recode, Unit: c.keys.Unit}
	return &compareView{c: c, keys: k, list: newScroller(), opt: analysis.ReliabilityOptions{Unit: analysis.UnitSentence}}
}

// loadDisagreementsCmd reads the units where the coders differ.
func loadDisagreementsCmd(st *store.Store, opt analysis.ReliabilityOptions) tea.Cmd {
	return func() tea.Msg {
		ds, err := project.New(st).Disagreements(context.Background(), opt)
		if err != nil {
			return errMsg{err}
		}
		cb, err := st.Codebook()
		if err != nil {
			return errMsg{err}
		}
		return disagreementsLoadedMsg{opt: opt, data: ds, codebook: cb}
	}
}

func (v *compareView) Capturing() bool   { return v.picker != nil }
func (v *compareView) Keys() help.KeyMap { return v.keys }

// SetSize: the title, the column heads and the footer take three lines.
func (v *compareView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.list.setSize(width, max(height-3, 1))
}

// Show loads the list the first time, and again when the project changed.
func (v *compareView) Show() tea.Cmd {
	if v.data == nil || v.stale {
		return v.load(v.opt)
	}
	return nil
}

func (v *compareView) load(opt analysis.ReliabilityOptions) tea.Cmd {
	return loadDisagreementsCmd(v.c.store, opt)
}

func (v *compareView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case disagreementsLoadedMsg:
		v.take(msg)
	case codebookLoadedMsg:
		v.followCodebook(msg.entries)
	case actionDoneMsg:
		v.stale = true
		if msg.codebook != nil {
			v.followCodebook(msg.codebook)
		}
		if msg.act.kind == actResolve {
			v.note = doneNote(msg)
			if msg.undo {
				v.focus = msg.act.resolved.dis.Unit
			}
			return v.load(v.opt)
		}
	case tea.KeyMsg:
		return v.updateKey(msg)
	}
	return nil
}

// followCodebook follows a rename or move of the code compared; a code
// merged or deleted away leaves every code compared.
func (v *compareView) followCodebook(cb []store.CodebookEntry) {
	if v.opt.Code != "" && v.entries != nil {
		v.opt.Code = followCode(v.entries, cb, v.opt.Code)
	}
	v.entries, v.stale = cb, true
}

// take shows a loaded list, the cursor staying on its unit or the next.
func (v *compareView) take(msg disagreementsLoadedMsg) {
	at := ""
	if v.data != nil && v.cursor < len(v.data.Items) {
		at = v.data.Items[v.cursor].Unit
	}
	if v.focus != "" {
		at, v.focus = v.focus, ""
	}
	same := v.data != nil && msg.opt.Code == v.opt.Code && msg.opt.Unit == v.opt.Unit &&
		strings.Join(msg.opt.Coders, ",") == strings.Join(v.opt.Coders, ",")
	v.opt, v.data, v.entries, v.stale = msg.opt, msg.data, msg.codebook, false
	v.looks = map[string]codeLook{}
	for id, l := range codeLooks(msg.codebook, v.c.palette) {
		for _, e := range msg.codebook {
			if e.ID == id {
				v.looks[e.Path] = l
			}
		}
	}
	if !same {
		v.cursor = 0
		return
	}
	for i, d := range v.data.Items {
		if d.Unit == at {
			v.cursor = i
			return
		}
	}
	v.cursor = min(v.cursor, max(len(v.data.Items)-1, 0))
}

func (v *compareView) updateKey(msg tea.KeyMsg) tea.Cmd {
	if v.picker != nil {
		return v.updatePicker(msg)
	}
	v.note = ""
	k := v.keys
	n := 0
	if v.data != nil {
		n = len(v.data.Items)
	}
	switch {
	case moveInList(msg, k.listKeys, &v.cursor, n, max(v.list.vp.Height/4, 1)):
	case key.Matches(msg, k.Code):
		v.openPicker(pickCompareCode)
	case key.Matches(msg, k.PickCoders):
		v.openPicker(pickCompareCoders)
	case key.Matches(msg, k.Unit):
		opt := v.opt
		opt.Unit = map[analysis.Unit]analysis.Unit{analysis.UnitSentence: analysis.UnitTurn,
			analysis.UnitTurn: analysis.UnitSource, analysis.UnitSource: analysis.UnitSentence}[opt.Unit]
		return v.load(opt)
	case key.Matches(msg, k.Undo, k.Redo):
		cmd, note := v.c.undoRedo(msg)
		if cmd != nil {
			return cmd
		}
		v.note = note
	case n == 0:
	case key.Matches(msg, k.KeepCoder):
		i := int(msg.Runes[0] - '1')
		d := v.data.Items[v.cursor]
		if i >= len(d.Coders) {
			v.note = fmt.Sprintf("no coder %d here: %d coders coded this source", i+1, len(d.Coders))
			return nil
		}
		return v.resolve(analysis.Resolution{Kind: analysis.KeepCoder, Coder: d.Coders[i]})
	case key.Matches(msg, k.KeepAll):
		return v.resolve(analysis.Resolution{Kind: analysis.KeepAll})
	case key.Matches(msg, k.Recode):
		v.openPicker(pickRecode)
	case key.Matches(msg, k.Open):
		d := v.data.Items[v.cursor]
		return func() tea.Msg { return openSourceMsg{source: d.SourceName, offset: d.Spans[0].Start} }
	}
	return nil
}

// resolve saves a resolution of the unit under the cursor, unless another
// action is still being saved.
func (v *compareView) resolve(r analysis.Resolution) tea.Cmd {
	if v.c.hist.busy {
		v.note = "still saving the last change"
		return nil
	}
	v.c.hist.busy = true
	d := v.data.Items[v.cursor]
	a := action{kind: actResolve, resolved: resolution{dis: d, how: r}}
	a.coding.SourceID, a.coding.Source = d.Source, d.SourceName
	return doCmd(v.c.store, a)
}

// openPicker asks for a code to compare on (or every code), the coders
// to compare (all, or a pair), or the code a unit is recoded with.
func (v *compareView) openPicker(purpose comparePick) {
	var items []pickItem
	title := "Compare on code"
	switch purpose {
	case pickCompareCode:
		items = append(items, pickItem{label: "(every code)", value: "\x00all"})
	case pickCompareCoders:
		title = "Compare coders"
		items = v.coderItems()
	case pickRecode:
		title = "Recode as"
	}
	if purpose != pickCompareCoders {
		for _, e := range v.entries {
			if purpose == pickRecode && v.opt.Code != "" && e.Path != v.opt.Code && !strings.HasPrefix(e.Path, v.opt.Code+"/") {
				continue // a recode stays within the code compared
			}
			it := codeItem(e, nil)
			if l, ok := v.looks[e.Path]; ok {
				it.look = &l
			}
			items = append(items, it)
		}
	}
	p := newPicker(title, items)
	v.picker, v.pickFor = &p, purpose
}

// coderItems are every coder together, then every pair.
func (v *compareView) coderItems() []pickItem {
	var all []string
	if v.data != nil {
		all = v.data.AllCoders
	}
	items := []pickItem{{label: "all coders (" + strings.Join(all, ", ") + ")", value: "\x00all"}}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			items = append(items, pickItem{label: all[i] + " and " + all[j], value: all[i] + "," + all[j]})
		}
	}
	return items
}

func (v *compareView) updatePicker(msg tea.KeyMsg) tea.Cmd {
	val, done, cmd := v.picker.update(msg, v.c.keys)
	if !done {
		return cmd
	}
	v.picker = nil
	if val == "" {
		return nil
	}
	opt := v.opt
	switch v.pickFor {
	case pickRecode:
		if v.data == nil || v.cursor >= len(v.data.Items) {
			return nil
		}
		return v.resolve(analysis.Resolution{Kind: analysis.Recode, Code: val})
	case pickCompareCode:
		opt.Code = val
		if val == "\x00all" {
			opt.Code = ""
		}
	case pickCompareCoders:
		opt.Coders = nil
		if val != "\x00all" {
			opt.Coders = strings.Split(val, ",")
		}
	}
	return v.load(opt)
}
