package tui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/fieldwork-qda/fieldwork/internal/project"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// spread is how much of a result "code the results" codes.
type spread int

const (
	spreadSentence spread = iota // the sentence with the match
	spreadTurn                   // the speaker's whole turn
	spreadMatch                  // the matched words only
	spreadCount
)

func (s spread) String() string { return [...]string{"sentence", "turn", "match"}[s] }

// searchKeys are the Search screen's bindings.
type searchKeys struct {
	listKeys
	Filter, Mark, Spread key.Binding
}

// ShortHelp is the Search screen's footer.
func (k searchKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Search, k.Filter, k.Mark, k.Code, k.Spread, k.Open, k.Undo, k.Redo, k.Cancel, k.Down,
		k.NextTab, k.Help, k.Quit}
}

// screenHelp is the Search screen's `?` overlay.
func (k searchKeys) screenHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Search, k.Filter, k.Open, k.Mark, k.Cancel, k.Spread, k.Code},
		{k.Undo, k.Redo, k.NextTab, k.all.PrevTab, k.Help, k.Quit},
	}
}

// searchView searches every source with a regular expression and filters,
// lists the sentences found with who said them (participant id and city),
// opens one in the transcript, and codes the marked results, or all of
// them, in one action that one undo takes back.
type searchView struct {
	c       *common
	keys    searchKeys
	query   project.SearchQuery
	res     *project.SearchResult
	seq     int // the search asked last; older answers are dropped
	running bool
	cursor  int
	// marked holds the marked results by source and sentence start, so
	// that marks survive a search run again.
	marked  map[[2]int64]bool
	spread  spread
	facets  *project.SearchFacets
	entries []store.CodebookEntry
	looks   map[int64]codeLook
	cbStale bool
	stale   bool
	prompt  *prompt
	filters *chooser
	picker  *picker
	pickFor searchPick
	note    string
	rows    scroller
	width   int
	height  int
}

func newSearchView(c *common) *searchView {
	l := newListKeys(c.keys, map[string]string{"open": "open", "code": "code…", "search": "pattern",
		"cancel": "unmark", "undo": "", "redo": ""})
	k := searchKeys{listKeys: l, Filter: with(c.keys.Filter, "filter"), Mark: c.keys.Mark, Spread: with(c.keys.Spread, "spread")}
	return &searchView{c: c, keys: k, marked: map[[2]int64]bool{}, rows: newScroller()}
}

func (v *searchView) Capturing() bool {
	return v.prompt != nil || v.filters != nil || v.picker != nil
}

func (v *searchView) Keys() help.KeyMap { return v.keys }

func (v *searchView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.rows.setSize(width, max(height-3, 1))
}

// Show reads what the filters offer, and runs the search again when the
// project changed while the screen was hidden. Nothing runs on its own
// while the screen waits.
func (v *searchView) Show() tea.Cmd {
	var cmds []tea.Cmd
	if v.facets == nil || v.stale {
		cmds = append(cmds, loadFacetsCmd(v.c.store))
	}
	if v.entries == nil || v.cbStale {
		cmds = append(cmds, loadCodebookCmd(v.c.store))
	}
	if v.stale && v.res != nil {
		cmds = append(cmds, v.run())
	}
	v.stale = false
	return tea.Batch(cmds...)
}

// searchDoneMsg: a search's results.
type searchDoneMsg struct {
	seq int
	res *project.SearchResult
	err error
}

// facetsLoadedMsg: the values the filters offer.
type facetsLoadedMsg struct{ facets *project.SearchFacets }

func loadFacetsCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		f, err := project.New(st).SearchFacets(context.Background())
		if err != nil {
			return errMsg{err}
		}
		return facetsLoadedMsg{f}
	}
}

// run starts the search as the query stands.
func (v *searchView) run() tea.Cmd {
	v.seq++
	v.running = true
	seq, q, st := v.seq, v.query, v.c.store
	return func() tea.Msg {
		res, err := project.New(st).Search(context.Background(), q)
		return searchDoneMsg{seq: seq, res: res, err: err}
	}
}

// searchable: the query has a pattern or a filter (an empty query would
// list every sentence of the project).
func (v *searchView) searchable() bool {
	q := v.query
	return q.Pattern != "" || q.Code != "" || q.Coder != "" || q.City != "" || q.Group != "" || len(q.Attributes) > 0
}

func (v *searchView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchDoneMsg:
		return v.takeResults(msg)
	case facetsLoadedMsg:
		v.facets = msg.facets
	case codebookLoadedMsg:
		v.takeCodebook(msg.entries)
	case actionDoneMsg:
		v.stale, v.cbStale = true, true
		if msg.codebook != nil {
			v.takeCodebook(msg.codebook)
		}
		if msg.act.kind == actBatchApply {
			v.note = doneNote(msg)
			if !msg.undo && !msg.redo {
				v.marked = map[[2]int64]bool{}
				if msg.act.skipped > 0 {
					v.note += fmt.Sprintf(" (%d already coded)", msg.act.skipped)
				}
			}
		}
	case participantsChangedMsg:
		v.stale = true // results name participants by id, and ids may have changed
	case batchEmptyMsg:
		v.c.hist.busy = false
		v.note = fmt.Sprintf("nothing to do: you had coded all %d with %s", msg.asked, leafName(msg.code))
	case tea.KeyMsg:
		return v.updateKey(msg)
	}
	return nil
}

func (v *searchView) takeResults(msg searchDoneMsg) tea.Cmd {
	if msg.seq != v.seq {
		return nil
	}
	v.running = false
	if msg.err != nil {
		if project.IsInvalid(msg.err) {
			v.note = msg.err.Error()
			return nil
		}
		return func() tea.Msg { return errMsg{msg.err} }
	}
	v.res = msg.res
	v.cursor = min(v.cursor, max(len(v.res.Hits)-1, 0))
	return nil
}

// takeCodebook follows a code filter through a rename or a move.
func (v *searchView) takeCodebook(cb []store.CodebookEntry) {
	if v.query.Code != "" && v.entries != nil {
		v.query.Code = followCode(v.entries, cb, v.query.Code)
	}
	v.entries, v.cbStale = cb, false
	v.looks = codeLooks(cb, v.c.palette)
}

func (v *searchView) updateKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case v.prompt != nil:
		return v.updatePrompt(msg)
	case v.filters != nil:
		return v.updateFilters(msg)
	case v.picker != nil:
		return v.updatePicker(msg)
	}
	v.note = ""
	k := v.keys
	n := 0
	if v.res != nil {
		n = len(v.res.Hits)
	}
	switch {
	case moveInList(msg, k.listKeys, &v.cursor, n, max(v.height/3, 1)):
	case key.Matches(msg, k.Search):
		p := newPrompt("search (regexp)", v.query.Pattern)
		v.prompt = &p
	case key.Matches(msg, k.Filter):
		v.openFilters()
	case key.Matches(msg, k.Mark):
		if v.cursor < n {
			h := v.res.Hits[v.cursor]
			id := [2]int64{h.SourceID, int64(h.Start)}
			if v.marked[id] {
				delete(v.marked, id)
			} else {
				v.marked[id] = true
			}
			v.cursor = min(v.cursor+1, n-1)
		}
	case key.Matches(msg, k.Cancel):
		v.marked = map[[2]int64]bool{}
	case key.Matches(msg, k.Spread):
		v.spread = (v.spread + 1) % spreadCount
		v.note = "the results are coded by " + v.spread.String()
	case key.Matches(msg, k.Code):
		return v.openCodePicker()
	case key.Matches(msg, k.Open):
		if v.cursor < n {
			h := v.res.Hits[v.cursor]
			return func() tea.Msg { return openSourceMsg{source: h.Source, offset: h.Start} }
		}
	case key.Matches(msg, k.Undo, k.Redo):
		cmd, note := v.c.undoRedo(msg)
		if cmd != nil {
			return cmd
		}
		v.note = note
	}
	return nil
}

func (v *searchView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg, v.c.keys)
	if cancelled {
		v.prompt = nil
		return nil
	}
	if !done {
		return cmd
	}
	v.prompt = nil
	if _, err := project.CompileSearch(text); err != nil {
		v.note = err.Error()
		return nil
	}
	v.query.Pattern = text
	return v.search()
}

// search runs a new query, from the first result and with no mark (the
// marks survive only the same query run again).
func (v *searchView) search() tea.Cmd {
	v.cursor = 0
	v.marked = map[[2]int64]bool{}
	if !v.searchable() {
		v.res, v.running = nil, false
		v.seq++
		return nil
	}
	return v.run()
}
