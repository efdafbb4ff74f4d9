package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// moveInList moves a list cursor for j/k, arrows, g/G and PgUp/PgDn and
// reports whether the key was one of those.
func moveInList(msg tea.KeyMsg, k KeyMap, cursor *int, n int) bool {
	last := max(n-1, 0)
	switch {
	case key.Matches(msg, k.Down):
		*cursor = min(*cursor+1, last)
	case key.Matches(msg, k.Up):
		*cursor = max(*cursor-1, 0)
	case key.Matches(msg, k.Top):
		*cursor = 0
	case key.Matches(msg, k.Bottom):
		*cursor = last
	case key.Matches(msg, k.PageDown):
		*cursor = min(*cursor+10, last)
	case key.Matches(msg, k.PageUp):
		*cursor = max(*cursor-10, 0)
	default:
		return false
	}
	return true
}

// listWindow returns the first row to draw so that cursor stays visible.
func listWindow(cursor, rows int) int {
	if cursor >= rows {
		return cursor - rows + 1
	}
	return 0
}

// ---- Sources ----

// sourcesView lists the project's sources with this coder's progress.
type sourcesView struct {
	c        *common
	list     []store.SourceSummary
	progress map[int64][2]int
	cursor   int
	stale    bool
}

func newSourcesView(c *common) *sourcesView { return &sourcesView{c: c} }

func loadSourcesCmd(st *store.Store, coder string) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Sources()
		if err != nil {
			return errMsg{err}
		}
		prog, err := st.CodingProgress(coder)
		if err != nil {
			return errMsg{err}
		}
		return sourcesLoadedMsg{list: list, progress: prog}
	}
}

func (v *sourcesView) capturing() bool { return false }

func (v *sourcesView) Update(msg tea.Msg) tea.Cmd {
	k := v.c.keys
	switch msg := msg.(type) {
	case sourcesLoadedMsg:
		v.list, v.progress, v.stale = msg.list, msg.progress, false
		v.cursor = min(v.cursor, max(len(v.list)-1, 0))
	case tea.KeyMsg:
		switch {
		case moveInList(msg, k, &v.cursor, len(v.list)):
		case key.Matches(msg, k.Open):
			if v.cursor < len(v.list) {
				name := v.list[v.cursor].Name
				return func() tea.Msg { return openSourceMsg{source: name, offset: -1} }
			}
		}
	}
	return nil
}

func (v *sourcesView) View() string {
	st := v.c.styles
	if v.list == nil {
		return st.Dim.Render("loading…")
	}
	if len(v.list) == 0 {
		return st.Dim.Render("No sources yet. Import transcripts with `fieldwork import PROJECT FILE...`.")
	}
	header := []string{"source", "city", "group", "date", "participants", "words", "codings", "coded by " + v.c.coder}
	rows := make([][]string, len(v.list))
	for i, s := range v.list {
		p := v.progress[s.ID]
		pct := "–"
		if p[1] > 0 {
			pct = fmt.Sprintf("%3d%% %s", p[0]*100/p[1], bar(p[0], p[1], 10))
		}
		rows[i] = []string{s.Name, s.City, s.Group, s.Date, fmt.Sprint(s.Participants), fmt.Sprint(s.Words), fmt.Sprint(s.Codings), pct}
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = lipgloss.Width(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	line := func(cells []string) string {
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = padRight(c, widths[i])
		}
		return " " + strings.Join(parts, "  ")
	}
	var b strings.Builder
	b.WriteString(st.Bold.Render(truncate(line(header), v.c.width)) + "\n")
	for i, r := range rows {
		l := padRight(truncate(line(r), v.c.width), v.c.width)
		if i == v.cursor {
			l = st.ListCursor.Render(l)
		}
		b.WriteString(l + "\n")
	}
	b.WriteString("\n" + st.Dim.Render(" enter open · j/k move · tab screens · ? help · q quit"))
	return b.String()
}

// bar is a small text progress bar.
func bar(n, total, width int) string {
	full := 0
	if total > 0 {
		full = n * width / total
	}
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

// ---- Codebook ----

// codebookView browses and edits the codebook.
type codebookView struct {
	c       *common
	entries []store.CodebookEntry
	cursor  int
	stale   bool
	prompt  *prompt
	picker  *picker
	pickFor string
	confirm *chooser
	note    string
}

func newCodebookView(c *common) *codebookView { return &codebookView{c: c} }

func (v *codebookView) capturing() bool {
	return v.prompt != nil || v.picker != nil || v.confirm != nil
}

func (v *codebookView) current() (store.CodebookEntry, bool) {
	if v.cursor < len(v.entries) {
		return v.entries[v.cursor], true
	}
	return store.CodebookEntry{}, false
}

// codebookEdit runs one codebook change and reloads the codebook.
func codebookEdit(st *store.Store, fn func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		note, err := fn()
		if err != nil {
			return errMsg{err}
		}
		cb, err := st.Codebook()
		if err != nil {
			return errMsg{err}
		}
		return codebookLoadedMsg{entries: cb, note: note}
	}
}

func (v *codebookView) Update(msg tea.Msg) tea.Cmd {
	k := v.c.keys
	st := v.c.store
	switch msg := msg.(type) {
	case codebookLoadedMsg:
		v.entries, v.stale = msg.entries, false
		v.cursor = min(v.cursor, max(len(v.entries)-1, 0))
		if msg.note != "" {
			v.note = msg.note
		}
		return nil
	case statusMsg:
		v.note = string(msg)
		return nil
	case tea.KeyMsg:
		if v.prompt != nil {
			return v.updatePrompt(msg)
		}
		if v.picker != nil {
			val, done, cmd := v.picker.update(msg, k)
			if !done {
				return cmd
			}
			v.picker = nil
			if val == "" {
				return nil
			}
			cur, _ := v.current()
			switch v.pickFor {
			case "move":
				parent := val
				if parent == "\x00top" {
					parent = ""
				}
				return codebookEdit(st, func() (string, error) {
					c, err := st.MoveCode(cur.Path, parent)
					return "moved to " + c.Path, err
				})
			case "merge":
				return codebookEdit(st, func() (string, error) {
					n, err := st.MergeCode(cur.Path, val)
					return fmt.Sprintf("merged into %s (%d codings moved)", val, n), err
				})
			}
			return nil
		}
		if v.confirm != nil {
			i, done := v.confirm.update(msg, k)
			if !done {
				return nil
			}
			v.confirm = nil
			cur, _ := v.current()
			if i == 0 {
				return codebookEdit(st, func() (string, error) {
					n, err := st.DeleteCode(cur.Path, true)
					return fmt.Sprintf("deleted %s and %d coding(s)", cur.Path, n), err
				})
			}
			return nil
		}
		v.note = ""
		cur, ok := v.current()
		switch {
		case moveInList(msg, k, &v.cursor, len(v.entries)):
		case key.Matches(msg, k.Add):
			pre := ""
			if ok {
				pre = cur.Path + "/"
			}
			p := newPrompt("new code path", "add", pre)
			v.prompt = &p
		case key.Matches(msg, k.Rename) && ok:
			p := newPrompt("rename", "rename", cur.Name)
			v.prompt = &p
		case key.Matches(msg, k.Edit) && ok:
			p := newPrompt("definition", "definition", cur.Definition)
			v.prompt = &p
		case key.Matches(msg, k.Move) && ok:
			items := []pickItem{{label: "(top level: a theme)", value: "\x00top"}}
			for _, e := range v.entries {
				if e.Path != cur.Path && !strings.HasPrefix(e.Path, cur.Path+"/") {
					items = append(items, codeItem(e))
				}
			}
			p := newPicker("Move "+cur.Name+" under", items)
			v.picker, v.pickFor = &p, "move"
		case key.Matches(msg, k.Merge) && ok:
			var items []pickItem
			for _, e := range v.entries {
				if e.Path != cur.Path && !strings.HasPrefix(e.Path, cur.Path+"/") {
					items = append(items, codeItem(e))
				}
			}
			p := newPicker("Merge "+cur.Name+" into", items)
			v.picker, v.pickFor = &p, "merge"
		case key.Matches(msg, k.Delete) && ok:
			if cur.Total == 0 && !v.hasChildren(cur) {
				return codebookEdit(st, func() (string, error) {
					_, err := st.DeleteCode(cur.Path, false)
					return "deleted " + cur.Path, err
				})
			}
			v.confirm = &chooser{title: fmt.Sprintf("Delete %s with its sub-codes and %d coding(s)?", cur.Name, cur.Total),
				options: []string{"yes, delete", "no, keep it"}, cursor: 1}
		}
	}
	return nil
}

func (v *codebookView) hasChildren(e store.CodebookEntry) bool {
	for _, o := range v.entries {
		if o.ParentID == e.ID {
			return true
		}
	}
	return false
}

// prompts run in sequence for an edit: definition, inclusion, exclusion,
// example, colour; Enter saves each field, Esc stops.
var editSequence = []string{"definition", "inclusion", "exclusion", "example", "colour"}

func (v *codebookView) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	text, done, cancelled, cmd := v.prompt.update(msg)
	if cancelled {
		v.prompt = nil
		return nil
	}
	if !done {
		return cmd
	}
	st := v.c.store
	purpose := v.prompt.purpose
	v.prompt = nil
	cur, _ := v.current()
	switch purpose {
	case "add":
		return codebookEdit(st, func() (string, error) {
			c, err := st.AddCode(text, store.CodeFields{})
			return "added " + c.Path, err
		})
	case "rename":
		return codebookEdit(st, func() (string, error) {
			c, err := st.RenameCode(cur.Path, text)
			return "renamed to " + c.Path, err
		})
	}
	// A field of the edit sequence: save it and ask for the next.
	f := store.CodeFields{}
	t := text
	next := ""
	for i, name := range editSequence {
		if name == purpose && i+1 < len(editSequence) {
			next = editSequence[i+1]
		}
	}
	switch purpose {
	case "definition":
		f.Definition = &t
	case "inclusion":
		f.Inclusion = &t
	case "exclusion":
		f.Exclusion = &t
	case "example":
		f.Example = &t
	case "colour":
		f.Color = &t
	}
	if next != "" {
		val := map[string]string{"inclusion": cur.Inclusion, "exclusion": cur.Exclusion, "example": cur.Example, "colour": cur.Color}[next]
		p := newPrompt(next, next, val)
		v.prompt = &p
	}
	return codebookEdit(st, func() (string, error) {
		_, err := st.UpdateCode(cur.Path, f)
		return purpose + " saved", err
	})
}

func (v *codebookView) View() string {
	st := v.c.styles
	if v.entries == nil {
		return st.Dim.Render("loading…")
	}
	h := max(v.c.height-3, 3)
	detailH := 7
	listH := max(h-detailH, 3)
	var b strings.Builder
	if v.picker != nil {
		return v.picker.view(st, v.c.renderer, v.c.width, h+1)
	}
	first := listWindow(v.cursor, listH)
	for i := first; i < len(v.entries) && i < first+listH; i++ {
		e := v.entries[i]
		sw := v.c.renderer.NewStyle().Foreground(lipgloss.Color(e.Color)).Render("■")
		counts := fmt.Sprintf("%d", e.Codings)
		if e.Total != e.Codings {
			counts = fmt.Sprintf("%d (%d)", e.Codings, e.Total)
		}
		name := strings.Repeat("  ", e.Depth) + e.Name
		room := v.c.width - 16
		line := " " + sw + " " + padRight(truncate(name, room), room) + padLeft(counts, 12)
		if i == v.cursor {
			line = " " + sw + " " + st.ListCursor.Render(padRight(truncate(name, room), room)+padLeft(counts, 12))
		}
		b.WriteString(line + "\n")
	}
	for i := min(len(v.entries), first+listH) - first; i < listH; i++ {
		b.WriteString("\n")
	}
	if cur, ok := v.current(); ok {
		b.WriteString(st.PanelTitle.Render(truncate(cur.Path, v.c.width)) + "\n")
		field := func(name, val string) {
			if val == "" {
				val = st.Dim.Render("–")
			}
			b.WriteString(truncate(fmt.Sprintf(" %-10s %s", name, oneLine(val)), v.c.width) + "\n")
		}
		field("definition", cur.Definition)
		field("include", cur.Inclusion)
		field("exclude", cur.Exclusion)
		field("example", cur.Example)
		field("colour", cur.Color)
	}
	switch {
	case v.prompt != nil:
		b.WriteString(v.prompt.view(st, v.c.width))
	case v.confirm != nil:
		// The question, then the answers with the current one marked (enter
		// takes it), each on a line that fits the window.
		b.WriteString(st.StatusKey.Render(truncate(v.confirm.title, v.c.width-2)) + "\n")
		opts := make([]string, len(v.confirm.options))
		for i, o := range v.confirm.options {
			opts[i] = fmt.Sprintf("  %d %s", i+1, o)
			if i == v.confirm.cursor {
				opts[i] = st.ListCursor.Render(fmt.Sprintf("› %d %s", i+1, o))
			}
		}
		b.WriteString(truncateANSI(strings.Join(opts, "  ")+st.Dim.Render("   1/2 or j/k and enter · esc keeps it"), v.c.width))
	case v.note != "":
		b.WriteString(st.Status.Render(padRight(" "+v.note, v.c.width)))
	default:
		b.WriteString(st.Dim.Render(" a add · r rename · e edit · M move · ctrl+g merge · d delete · tab screens"))
	}
	return b.String()
}

// ---- Quotes ----

// quote is a coded passage with who said it.
type quote struct {
	coding      coding.Coding
	participant string
	city, group string
}

// quotesView retrieves every passage coded with one code (and its
// sub-codes) across sources.
type quotesView struct {
	c          *common
	entries    []store.CodebookEntry
	wantPicker bool
	code       string
	quotes     []quote
	cursor     int
	picker     *picker
	stale      bool
}

func newQuotesView(c *common) *quotesView { return &quotesView{c: c} }

func (v *quotesView) capturing() bool { return v.picker != nil }

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
		turns := map[int64][]coding.Turn{}
		out := make([]quote, 0, len(list))
		for _, c := range list {
			ts, ok := turns[c.SourceID]
			if !ok {
				if ts, err = st.Turns(c.SourceID); err != nil {
					return errMsg{err}
				}
				turns[c.SourceID] = ts
			}
			q := quote{coding: c, city: meta[c.SourceID].City, group: meta[c.SourceID].Group}
			i := sort.Search(len(ts), func(i int) bool { return ts[i].End > c.Start })
			if i < len(ts) {
				q.participant = ts[i].Participant
			}
			out = append(out, q)
		}
		return quotesLoadedMsg{code: code, quotes: out}
	}
}

// refresh reloads the current code's quotes, or asks for a code.
func (v *quotesView) refresh() tea.Cmd {
	if v.code == "" {
		return v.openPicker()
	}
	return loadQuotesCmd(v.c.store, v.code)
}

// openPicker opens the code picker, loading the codebook first if needed.
func (v *quotesView) openPicker() tea.Cmd {
	if v.entries == nil || v.stale {
		v.wantPicker = true
		return loadCodebookCmd(v.c.store)
	}
	var items []pickItem
	for _, e := range v.entries {
		it := codeItem(e)
		it.name = fmt.Sprintf("%s (%d)", e.Name, e.Total)
		items = append(items, it)
	}
	p := newPicker("Quotes of code", items)
	v.picker = &p
	return nil
}

func (v *quotesView) Update(msg tea.Msg) tea.Cmd {
	k := v.c.keys
	switch msg := msg.(type) {
	case codebookLoadedMsg:
		if v.code != "" {
			// Follow a rename or move; a code merged or deleted away is
			// forgotten, so the picker opens on the next visit.
			if v.code = followCode(v.entries, msg.entries, v.code); v.code == "" {
				v.quotes, v.cursor = nil, 0
			}
		}
		v.entries = msg.entries
		if v.wantPicker {
			v.wantPicker = false
			return v.openPicker()
		}
	case quotesLoadedMsg:
		v.code, v.quotes, v.stale = msg.code, msg.quotes, false
		v.cursor = min(v.cursor, max(len(v.quotes)-1, 0))
	case tea.KeyMsg:
		if v.picker != nil {
			val, done, cmd := v.picker.update(msg, k)
			if !done {
				return cmd
			}
			v.picker = nil
			if val != "" {
				v.cursor = 0
				return loadQuotesCmd(v.c.store, val)
			}
			return nil
		}
		switch {
		case moveInList(msg, k, &v.cursor, len(v.quotes)):
		case key.Matches(msg, k.Code), key.Matches(msg, k.Filter):
			return v.openPicker()
		case key.Matches(msg, k.Open):
			if v.cursor < len(v.quotes) {
				q := v.quotes[v.cursor].coding
				return func() tea.Msg { return openSourceMsg{source: q.Source, offset: q.Start} }
			}
		}
	}
	return nil
}

func (v *quotesView) View() string {
	st := v.c.styles
	h := max(v.c.height-3, 3)
	if v.picker != nil {
		return v.picker.view(st, v.c.renderer, v.c.width, h+1)
	}
	if v.code == "" {
		return st.Dim.Render("Press c to choose a code.")
	}
	var b strings.Builder
	b.WriteString(st.PanelTitle.Render(truncate(fmt.Sprintf("%s — %d passage(s)", v.code, len(v.quotes)), v.c.width)) + "\n")
	// Each quote takes three lines: who, where, the words.
	per := 3
	rows := max((h-1)/per, 1)
	first := listWindow(v.cursor, rows)
	for i := first; i < len(v.quotes) && i < first+rows; i++ {
		q := v.quotes[i]
		who := fmt.Sprintf("%s · %s %s · %s %d-%d · %s", nz(q.participant, "?"), q.city, q.group, q.coding.Source,
			q.coding.Start, q.coding.End, q.coding.Coder)
		text := "“" + oneLine(q.coding.Text) + "”"
		if i == v.cursor {
			b.WriteString(st.ListCursor.Render(padRight(truncate(" "+who, v.c.width), v.c.width)) + "\n")
		} else {
			b.WriteString(st.Bold.Render(truncate(" "+who, v.c.width)) + "\n")
		}
		b.WriteString(truncate("   "+text, v.c.width) + "\n\n")
	}
	b.WriteString(st.Dim.Render(" enter jump to transcript · c choose code · j/k move"))
	return b.String()
}

func nz(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// ---- Memos ----

// memosView lists every memo, filterable with /.
type memosView struct {
	c      *common
	list   []store.Memo
	shown  []int
	filter string
	prompt *prompt
	cursor int
	stale  bool
}

func newMemosView(c *common) *memosView { return &memosView{c: c} }

func (v *memosView) capturing() bool { return v.prompt != nil }

func loadMemosCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Memos()
		if err != nil {
			return errMsg{err}
		}
		if list == nil {
			list = []store.Memo{}
		}
		return memosLoadedMsg{list}
	}
}

func (v *memosView) apply() {
	v.shown = v.shown[:0]
	q := strings.ToLower(v.filter)
	for i, m := range v.list {
		if q == "" || strings.Contains(strings.ToLower(m.Text+" "+m.Source+" "+m.Code+" "+m.Author), q) {
			v.shown = append(v.shown, i)
		}
	}
	v.cursor = min(v.cursor, max(len(v.shown)-1, 0))
}

func (v *memosView) Update(msg tea.Msg) tea.Cmd {
	k := v.c.keys
	switch msg := msg.(type) {
	case memosLoadedMsg:
		v.list, v.stale = msg.memos, false
		v.apply()
	case tea.KeyMsg:
		if v.prompt != nil {
			text, done, cancelled, cmd := v.prompt.update(msg)
			if cancelled {
				v.prompt = nil
				return nil
			}
			if done {
				v.prompt, v.filter = nil, text
				v.apply()
			}
			return cmd
		}
		switch {
		case moveInList(msg, k, &v.cursor, len(v.shown)):
		case key.Matches(msg, k.Search), key.Matches(msg, k.Filter):
			p := newPrompt("filter memos", "filter", v.filter)
			v.prompt = &p
		case key.Matches(msg, k.Cancel):
			v.filter = ""
			v.apply()
		case key.Matches(msg, k.Open):
			if v.cursor < len(v.shown) {
				m := v.list[v.shown[v.cursor]]
				return func() tea.Msg { return openSourceMsg{source: m.Source, offset: m.Start} }
			}
		}
	}
	return nil
}

func (v *memosView) View() string {
	st := v.c.styles
	if v.list == nil {
		return st.Dim.Render("loading…")
	}
	h := max(v.c.height-3, 3)
	var b strings.Builder
	title := fmt.Sprintf("%d memo(s)", len(v.shown))
	if v.filter != "" {
		title += fmt.Sprintf(" matching %q (esc clears)", v.filter)
	}
	b.WriteString(st.PanelTitle.Render(truncate(title, v.c.width)) + "\n")
	rows := max((h-1)/3, 1)
	first := listWindow(v.cursor, rows)
	for i := first; i < len(v.shown) && i < first+rows; i++ {
		m := v.list[v.shown[i]]
		on := "passage"
		if m.OnCoding {
			on = "coding " + m.Code
		}
		head := fmt.Sprintf("%s %d-%d · %s · %s", m.Source, m.Start, m.End, on, m.Author)
		if i == v.cursor {
			b.WriteString(st.ListCursor.Render(padRight(truncate(" "+head, v.c.width), v.c.width)) + "\n")
		} else {
			b.WriteString(st.Bold.Render(truncate(" "+head, v.c.width)) + "\n")
		}
		b.WriteString(truncate("   ✎ "+oneLine(m.Text), v.c.width) + "\n\n")
	}
	if v.prompt != nil {
		b.WriteString(v.prompt.view(st, v.c.width))
	} else {
		b.WriteString(st.Dim.Render(" enter open its place · / filter · esc clear"))
	}
	return b.String()
}
