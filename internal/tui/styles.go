package tui

import "github.com/charmbracelet/lipgloss"

// Styles holds every style of the app, built once by NewStyles; view code
// never makes its own.
type Styles struct {
	App lipgloss.Style

	TabActive, Tab, TabBar lipgloss.Style

	Speaker, Facilitator, FacilitatorText, Time lipgloss.Style
	Cursor, Selection, Match                    lipgloss.Style

	Panel, PanelTitle, Dim, Bold, Error, Status, StatusKey lipgloss.Style
	ListCursor, ListItem                                   lipgloss.Style

	Overlay lipgloss.Style

	// Overdue marks a recommendation past its due date.
	Overdue lipgloss.Style
}

// NewStyles builds the styles for a renderer (its colour profile decides
// whether colours are emitted at all).
func NewStyles(r *lipgloss.Renderer) *Styles {
	s := &Styles{}
	s.App = r.NewStyle()
	s.TabActive = r.NewStyle().Bold(true).Foreground(lipgloss.Color("15")).Background(lipgloss.Color("25")).Padding(0, 1)
	s.Tab = r.NewStyle().Foreground(lipgloss.Color("245")).Padding(0, 1)
	s.TabBar = r.NewStyle()
	s.Speaker = r.NewStyle().Bold(true).Foreground(lipgloss.Color("39"))
	s.Facilitator = r.NewStyle().Faint(true).Italic(true)
	s.FacilitatorText = r.NewStyle().Faint(true)
	s.Time = r.NewStyle().Foreground(lipgloss.Color("243"))
	s.Cursor = r.NewStyle().Reverse(true)
	s.Selection = r.NewStyle().Underline(true).Bold(true)
	s.Match = r.NewStyle().Foreground(lipgloss.Color("0")).Background(lipgloss.Color("220"))
	s.Panel = r.NewStyle().BorderStyle(lipgloss.NormalBorder()).BorderLeft(true).BorderForeground(lipgloss.Color("240")).PaddingLeft(1)
	s.PanelTitle = r.NewStyle().Bold(true).Underline(true)
	s.Dim = r.NewStyle().Faint(true)
	s.Bold = r.NewStyle().Bold(true)
	s.Error = r.NewStyle().Foreground(lipgloss.Color("15")).Background(lipgloss.Color("124")).Padding(0, 1)
	s.Status = r.NewStyle().Foreground(lipgloss.Color("252")).Background(lipgloss.Color("236"))
	s.StatusKey = r.NewStyle().Foreground(lipgloss.Color("15")).Background(lipgloss.Color("25")).Bold(true).Padding(0, 1)
	s.ListCursor = r.NewStyle().Reverse(true)
	s.ListItem = r.NewStyle()
	s.Overlay = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("39")).Padding(0, 1)
	s.Overdue = r.NewStyle().Foreground(lipgloss.Color("203")).Bold(true)
	return s
}

// codeStyle is the highlight of text coded with a code of this colour:
// the colour as background, black or white text by its lightness.
func codeStyle(r *lipgloss.Renderer, hex string) lipgloss.Style {
	fg := "#000000"
	if lum(hex) < 0.45 {
		fg = "#ffffff"
	}
	return r.NewStyle().Background(lipgloss.Color(hex)).Foreground(lipgloss.Color(fg))
}

// lum is the relative lightness of #rrggbb in 0..1.
func lum(hex string) float64 {
	if len(hex) != 7 {
		return 1
	}
	var v [3]float64
	for i := 0; i < 3; i++ {
		var x int
		for _, c := range hex[1+2*i : 3+2*i] {
			x *= 16
			switch {
			case c >= '0' && c <= '9':
				x += int(c - '0')
			case c >= 'a' && c <= 'f':
				x += int(c-'a') + 10
			case c >= 'A' && c <= 'F':
				x += int(c-'A') + 10
			}
		}
		v[i] = float64(x) / 255
	}
	return 0.2126*v[0] + 0.7152*v[1] + 0.0722*v[2]
}
