package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// tab is a screen of the app.
type tab int

const (
	tabSources tab = iota
	tabCoding
	tabCodebook
	tabQuotes
	tabMemos
	tabRecs
	tabCount
)

func (t tab) String() string {
	return [...]string{"Sources", "Coding", "Codebook", "Quotes", "Memos", "Recommendations"}[t]
}

// Model is the root of the app: it handles the window size, the tabs and
// the global keys, shows errors, and routes everything else to the active
// screen.
type Model struct {
	c        *common
	active   tab
	sources  *sourcesView
	coding   *codingView
	codebook *codebookView
	quotes   *quotesView
	memos    *memosView
	recs     *recsView
	help     help.Model
	showHelp bool
	spinner  spinner.Model
	loading  bool
	err      error
	initial  string
}

// New builds the app on an open project.
func New(opt Options) *Model {
	r := opt.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	c := &common{store: opt.Store, coder: opt.Coder, keys: DefaultKeyMap(), styles: NewStyles(r), renderer: r,
		width: 100, height: 30, now: now}
	sp := spinner.New(spinner.WithSpinner(spinner.Dot))
	m := &Model{c: c, sources: newSourcesView(c), coding: newCodingView(c), codebook: newCodebookView(c),
		quotes: newQuotesView(c), memos: newMemosView(c), recs: newRecsView(c), help: help.New(), spinner: sp, initial: opt.Source}
	return m
}

// Init loads the Sources screen, or opens the source asked for.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{loadSourcesCmd(m.c.store, m.c.coder), m.spinner.Tick}
	m.loading = true
	if m.initial != "" {
		m.active = tabCoding
		cmds = append(cmds, loadSourceCmd(m.c.store, m.initial, -1))
	}
	return tea.Batch(cmds...)
}

// capturing reports whether the active screen is taking typed text.
func (m *Model) capturing() bool {
	switch m.active {
	case tabCoding:
		return m.coding.capturing()
	case tabCodebook:
		return m.codebook.capturing()
	case tabQuotes:
		return m.quotes.capturing()
	case tabMemos:
		return m.memos.capturing()
	case tabRecs:
		return m.recs.capturing()
	}
	return false
}

// Update handles global messages first, then routes to the active screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k := m.c.keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.coding.SetSize()
		return m, nil
	case spinner.TickMsg:
		if !m.loading {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case errMsg:
		m.err, m.loading = msg.err, false
		m.c.hist.busy = false // a failed save leaves the history as it was
		return m, m.route(msg)
	case tea.KeyMsg:
		// Keys typed faster than they are read arrive as one message with
		// several runes ("jj"); outside text inputs, take them one by one.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.capturing() {
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
		if m.err != nil {
			m.err = nil // any key dismisses the error
			if msg.Type == tea.KeyEsc {
				return m, nil
			}
		}
		if msg.Type == tea.KeyCtrlC {
			return m, tea.Quit
		}
		if m.showHelp {
			m.showHelp = false
			return m, nil
		}
		if !m.capturing() {
			switch {
			case key.Matches(msg, k.Quit):
				return m, tea.Quit
			case key.Matches(msg, k.Help):
				m.showHelp = true
				return m, nil
			case key.Matches(msg, k.NextTab):
				return m, m.switchTo((m.active + 1) % tabCount)
			case key.Matches(msg, k.PrevTab):
				return m, m.switchTo((m.active + tabCount - 1) % tabCount)
			}
		}
	case openSourceMsg:
		m.active = tabCoding
		m.loading = true
		return m, tea.Batch(loadSourceCmd(m.c.store, msg.source, msg.offset), m.spinner.Tick)
	case sourceLoadedMsg:
		m.loading = false
		m.coding.Update(msg)
		return m, nil
	case sourcesLoadedMsg:
		m.loading = false
		m.sources.Update(msg)
		return m, nil
	case recsLoadedMsg:
		m.loading = false
		return m, m.recs.Update(msg)
	case actionDoneMsg:
		// Codings changed: the other screens reload when shown.
		m.sources.stale, m.codebook.stale, m.quotes.stale, m.memos.stale = true, true, true, true
		m.recs.stale = true // the evidence of recommendations
		return m, m.coding.Update(msg)
	case codebookLoadedMsg:
		m.coding.Update(msg)
		m.codebook.Update(msg)
		if msg.note != "" {
			m.coding.stale = true // a code was renamed, moved or merged
			m.recs.stale = true   // and so were the codes linked to recommendations
		}
		return m, m.quotes.Update(msg)
	}
	return m, m.route(msg)
}

// route sends a message to the active screen.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	switch m.active {
	case tabSources:
		return m.sources.Update(msg)
	case tabCoding:
		return m.coding.Update(msg)
	case tabCodebook:
		return m.codebook.Update(msg)
	case tabQuotes:
		return m.quotes.Update(msg)
	case tabMemos:
		return m.memos.Update(msg)
	case tabRecs:
		return m.recs.Update(msg)
	}
	return nil
}

// switchTo shows a tab, reloading its data when the project changed.
func (m *Model) switchTo(t tab) tea.Cmd {
	m.active = t
	switch t {
	case tabCoding:
		if m.coding.stale && m.coding.loaded() {
			m.coding.stale = false
			return loadSourceCmd(m.c.store, m.coding.src.Name, m.coding.sents[m.coding.cursor].Start)
		}
	case tabSources:
		if m.sources.stale {
			return loadSourcesCmd(m.c.store, m.c.coder)
		}
	case tabCodebook:
		if m.codebook.stale || m.codebook.entries == nil {
			return loadCodebookCmd(m.c.store)
		}
	case tabQuotes:
		return m.quotes.refresh()
	case tabMemos:
		if m.memos.stale || m.memos.list == nil {
			return loadMemosCmd(m.c.store)
		}
	case tabRecs:
		if m.recs.stale || !m.recs.loaded() {
			return loadRecsCmd(m.c.store)
		}
	}
	return nil
}

// View draws the tab bar and the active screen (or the help overlay).
func (m *Model) View() string {
	st := m.c.styles
	var tabs []string
	for t := tab(0); t < tabCount; t++ {
		name := t.String()
		if t == tabCoding && m.coding.loaded() {
			name += ": " + m.coding.src.Name
		}
		if t == m.active {
			tabs = append(tabs, st.TabActive.Render(name))
		} else {
			tabs = append(tabs, st.Tab.Render(name))
		}
	}
	bar := strings.Join(tabs, "")
	if m.loading {
		bar += " " + m.spinner.View()
	}
	bar = padRight(truncateANSI(bar, m.c.width), m.c.width)
	var body string
	switch {
	case m.showHelp:
		body = m.helpView()
	case m.active == tabSources:
		body = m.sources.View()
	case m.active == tabCoding:
		body = m.coding.View()
	case m.active == tabCodebook:
		body = m.codebook.View()
	case m.active == tabQuotes:
		body = m.quotes.View()
	case m.active == tabMemos:
		body = m.memos.View()
	case m.active == tabRecs:
		body = m.recs.View()
	}
	out := bar + "\n" + body
	if m.err != nil {
		lines := strings.Split(out, "\n")
		e := st.Error.Render(truncate(fmt.Sprintf("error: %v (any key)", m.err), m.c.width-2))
		if len(lines) > 1 {
			lines[1] = e
		}
		out = strings.Join(lines, "\n")
	}
	return fitHeight(out, m.c.height)
}

// helpView is the `?` overlay: the key map's columns side by side, or, when
// the window is too narrow for all of them, in two bands (so that no
// column is cut off down to 80x24).
func (m *Model) helpView() string {
	groups := m.c.keys.FullHelp()
	closeNote := m.c.styles.Dim.Render("any key closes this help")
	wide := m.help
	wide.Width = 0 // no truncation: measure the full width
	if full := wide.FullHelpView(groups); lipgloss.Width(full) <= m.c.width {
		return "\n" + full + "\n\n" + closeNote
	}
	half := (len(groups) + 1) / 2
	return m.help.FullHelpView(groups[:half]) + "\n\n" + m.help.FullHelpView(groups[half:]) + "\n" + closeNote
}

// fitHeight pads or cuts the view to exactly h lines, so a resize never
// leaves stale lines on screen.
func fitHeight(s string, h int) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
