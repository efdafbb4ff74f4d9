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

// Model is the root of the app: it handles the window size, the tabs and
// the global keys, shows errors, and routes everything else to the active
// screen.
type Model struct {
	c       *common
	active  tab
	screens [tabCount]screen
	// The screens by their type, for what only one of them does.
	sources  *sourcesView
	coding   *codingView
	codebook *codebookView
	quotes   *quotesView
	memos    *memosView
	recs     *recsView
	search   *searchView
	people   *participantsView
	compare  *compareView
	idents   *identifiersView
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
	palette := opt.Palette
	if palette == "" {
		palette = DefaultPalette
	}
	st := NewStyles(r, opt.NoColor)
	h := help.New()
	h.Styles = st.Help
	if opt.Store != nil {
		opt.Store.SetActor(opt.Coder) // the audit log names the coder of the session
	}
	c := &common{store: opt.Store, coder: opt.Coder, keys: DefaultKeyMap(), styles: st, renderer: r,
		width: 100, height: 30, now: now, help: h, palette: palette, mask: opt.Mask}
	m := &Model{c: c, sources: newSourcesView(c), coding: newCodingView(c), codebook: newCodebookView(c),
		quotes: newQuotesView(c), memos: newMemosView(c), recs: newRecsView(c), compare: newCompareView(c),
		search: newSearchView(c), people: newParticipantsView(c), idents: newIdentifiersView(c),
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), initial: opt.Source}
	m.screens = [tabCount]screen{m.sources, m.coding, m.codebook, m.quotes, m.search, m.people, m.idents, m.memos, m.compare, m.recs}
	m.setSize(c.width, c.height)
	return m
}

// Init loads the Sources screen, or opens the source asked for.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{loadSourcesCmd(m.c.store, m.c.coder), loadSourceAgreementCmd(m.c.store), m.spinner.Tick}
	m.loading = true
	if m.initial != "" {
		m.active = tabCoding
		cmds = append(cmds, loadSourceCmd(m.c.store, m.initial, -1))
	}
	return tea.Batch(cmds...)
}

// capturing reports whether the active screen is taking typed text.
func (m *Model) capturing() bool { return m.screens[m.active].Capturing() }

func (m *Model) setSize(w, h int) {
	m.c.width, m.c.height = w, h
	m.c.help.Width = w
	for _, s := range m.screens {
		s.SetSize(w, max(h-1, 1))
	}
}

// Update handles global messages first, then routes to the active screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		return m, nil
	case spinner.TickMsg:
		// The spinner turns only while something loads: a tick that comes
		// when nothing does is not re-issued, so an idle screen costs no CPU.
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
		return m.updateKey(msg)
	case openSourceMsg:
		m.active = tabCoding
		return m, tea.Batch(loadSourceCmd(m.c.store, msg.source, msg.offset), m.startLoading())
	case sourceLoadedMsg:
		m.loading = false
		return m, m.coding.Update(msg)
	case sourcesLoadedMsg:
		m.loading = false
		return m, m.sources.Update(msg)
	case recsLoadedMsg:
		m.loading = false
		return m, m.recs.Update(msg)
	case identifiersLoadedMsg:
		m.loading = false
		if msg.err != nil {
			m.err = msg.err
		}
		return m, m.idents.Update(msg)
	case disagreementsLoadedMsg:
		return m, m.compare.Update(msg)
	case sourceAgreementMsg:
		return m, m.sources.Update(msg)
	case actionDoneMsg, codebookLoadedMsg, participantsChangedMsg:
		if a, ok := msg.(actionDoneMsg); ok {
			m.c.hist.record(a)
		}
		// News of the project: every screen takes it (the others reload
		// when shown).
		cmds := make([]tea.Cmd, 0, len(m.screens))
		for _, s := range m.screens {
			cmds = append(cmds, s.Update(msg))
		}
		return m, tea.Batch(cmds...)
	}
	return m, m.route(msg)
}

// startLoading shows the spinner, and starts it unless it turns already.
func (m *Model) startLoading() tea.Cmd {
	if m.loading {
		return nil
	}
	m.loading = true
	return m.spinner.Tick
}

func (m *Model) updateKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.c.keys
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
	return m, m.followScan(m.route(msg))
}

// followScan turns the spinner when a key started the Identifiers
// screen's scan (r).
func (m *Model) followScan(cmd tea.Cmd) tea.Cmd {
	if m.active == tabIdentifiers && m.idents.scanning {
		return tea.Batch(cmd, m.startLoading())
	}
	return cmd
}

// route sends a message to the active screen.
func (m *Model) route(msg tea.Msg) tea.Cmd { return m.screens[m.active].Update(msg) }

// switchTo shows a tab, which reloads its data when the project changed.
func (m *Model) switchTo(t tab) tea.Cmd {
	m.active = t
	return m.followScan(m.screens[t].Show())
}

// View draws the tab bar and the active screen (or the help overlay).
func (m *Model) View() string {
	st := m.c.styles
	bar := m.tabBar(tab.String, true)
	if lipgloss.Width(bar) > m.c.width {
		bar = m.tabBar(tab.short, true)
	}
	if lipgloss.Width(bar) > m.c.width {
		bar = m.tabBar(tab.short, false) // the coding view's status line names the source
	}
	if m.loading {
		bar += " " + m.spinner.View()
	}
	bar = padRight(truncateANSI(bar, m.c.width), m.c.width)
	var body string
	if m.showHelp {
		body = m.helpView()
	} else {
		body = m.screens[m.active].View()
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

// tabBar draws the tabs with their names as name gives them, and the
// open source's name on the Coding tab with source.
func (m *Model) tabBar(name func(tab) string, source bool) string {
	st := m.c.styles
	var tabs []string
	for t := tab(0); t < tabCount; t++ {
		n := name(t)
		if t == tabCoding && source && m.coding.loaded() {
			n += ": " + m.coding.src.Name
		}
		if t == m.active {
			tabs = append(tabs, st.TabActive.Render(n))
		} else {
			tabs = append(tabs, st.Tab.Render(n))
		}
	}
	return strings.Join(tabs, "")
}

// helpView is the `?` overlay: the key map's columns (a screen with keys
// of its own shows its own) side by side, or, when
// the window is too narrow for all of them, in two bands (so that no
// column is cut off down to 80x24).
func (m *Model) helpView() string {
	groups := m.c.keys.FullHelp()
	if own, ok := m.screens[m.active].Keys().(screenHelp); ok {
		groups = own.screenHelp()
	}
	closeNote := m.c.styles.Dim.Render("any key closes this help")
	wide := m.c.help
	wide.Width = 0 // no truncation: measure the full width
	if full := wide.FullHelpView(groups); lipgloss.Width(full) <= m.c.width {
		return "\n" + full + "\n\n" + closeNote
	}
	half := (len(groups) + 1) / 2
	return m.c.help.FullHelpView(groups[:half]) + "\n\n" + m.c.help.FullHelpView(groups[half:]) + "\n" + closeNote
}
