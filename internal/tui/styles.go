package tui

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles holds every style of the app, built once by NewStyles; view code
// never makes its own. Every state a colour shows also has a text
// attribute (bold, underline, reverse video), so that the app can be used
// without colour (NO_COLOR, monochrome terminals) and without telling hues
// apart.
type Styles struct {
	// NoColor: the styles carry attributes only.
	NoColor bool

	TabActive, Tab lipgloss.Style

	Speaker, Facilitator, Time  lipgloss.Style
	Cursor, Selection, Match    lipgloss.Style
	Coded, CodedFacilitatorText lipgloss.Style

	Panel, PanelTitle, Dim, Bold, Error, Status, StatusKey lipgloss.Style
	ListCursor                                             lipgloss.Style

	// Overdue marks a recommendation past its due date.
	Overdue lipgloss.Style

	// Help is the footer's and the overlay's look.
	Help help.Styles
	// Table is the look of the Sources table.
	Table table.Styles

	r *lipgloss.Renderer
	// swatches and codeStyles are caches: a swatch is drawn for every
	// code in the panel and every stripe, on every redraw.
	swatches   map[codeLook]string
	codeStyles map[string]lipgloss.Style
}

// NewRenderer is the renderer for an output, and whether the app must do
// without colour. Under NO_COLOR, or on a terminal with no colour profile,
// lipgloss would drop every attribute with the colours (termenv's Ascii
// profile emits nothing): the renderer is switched to the plain ANSI
// profile and the styles then leave colours out, so that bold, underline
// and reverse video stay.
func NewRenderer(w io.Writer) (r *lipgloss.Renderer, noColor bool) {
	r = lipgloss.NewRenderer(w)
	if r.ColorProfile() == termenv.Ascii {
		r.SetColorProfile(termenv.ANSI)
		return r, true
	}
	return r, false
}

// NewStyles builds the styles for a renderer; noColor leaves every colour
// out and keeps the attributes.
func NewStyles(r *lipgloss.Renderer, noColor bool) *Styles {
	s := &Styles{NoColor: noColor, r: r, swatches: map[codeLook]string{}, codeStyles: map[string]lipgloss.Style{}}
	fg := func(st lipgloss.Style, c string) lipgloss.Style {
		if noColor {
			return st
		}
		return st.Foreground(lipgloss.Color(c))
	}
	bg := func(st lipgloss.Style, c string) lipgloss.Style {
		if noColor {
			return st
		}
		return st.Background(lipgloss.Color(c))
	}
	s.TabActive = bg(fg(r.NewStyle().Bold(true).Underline(noColor).Padding(0, 1), "15"), "25")
	s.Tab = fg(r.NewStyle().Padding(0, 1), "245")
	s.Speaker = fg(r.NewStyle().Bold(true), "39")
	s.Facilitator = r.NewStyle().Faint(true).Italic(true)
	s.Time = fg(r.NewStyle().Faint(noColor), "243")
	s.Cursor = r.NewStyle().Reverse(true)
	s.Selection = r.NewStyle().Underline(true).Bold(true)
	s.Match = bg(fg(r.NewStyle().Italic(true).Underline(noColor), "0"), "220")
	// Coded text: in colour, its code's colour as background; without, bold.
	s.Coded = r.NewStyle().Bold(noColor)
	s.Panel = r.NewStyle().BorderStyle(lipgloss.NormalBorder()).BorderLeft(true).PaddingLeft(1)
	if !noColor {
		s.Panel = s.Panel.BorderForeground(lipgloss.Color("240"))
	}
	s.PanelTitle = r.NewStyle().Bold(true).Underline(true)
	s.Dim = r.NewStyle().Faint(true)
	s.Bold = r.NewStyle().Bold(true)
	s.Error = bg(fg(r.NewStyle().Bold(true).Reverse(noColor).Padding(0, 1), "15"), "124")
	s.Status = bg(fg(r.NewStyle().Reverse(noColor), "252"), "236")
	s.StatusKey = bg(fg(r.NewStyle().Bold(true).Reverse(noColor).Padding(0, 1), "15"), "25")
	s.ListCursor = r.NewStyle().Reverse(true)
	s.Overdue = fg(r.NewStyle().Bold(true), "203")
	s.Help = help.Styles{
		ShortKey:       r.NewStyle().Bold(true),
		ShortDesc:      r.NewStyle().Faint(true),
		ShortSeparator: r.NewStyle().Faint(true),
		Ellipsis:       r.NewStyle().Faint(true),
		FullKey:        r.NewStyle().Bold(true),
		FullDesc:       r.NewStyle().Faint(true),
		FullSeparator:  r.NewStyle().Faint(true),
	}
	s.Table = table.Styles{
		Header:   r.NewStyle().Bold(true).Padding(0, 1),
		Cell:     r.NewStyle().Padding(0, 1),
		Selected: r.NewStyle().Reverse(true),
	}
	return s
}

// swatch is a code's mark in lists: its label on its colour (or the label
// alone, bold, without colour).
func (s *Styles) swatch(c codeLook) string {
	if sw, ok := s.swatches[c]; ok {
		return sw
	}
	sw := s.codeStyle(c.color).Bold(true).Render(string(c.label))
	s.swatches[c] = sw
	return sw
}

// codeStyle is the highlight of text coded with a code of this colour:
// the colour as background, black or white text by its lightness; without
// colour, the Coded attribute.
func (s *Styles) codeStyle(hex string) lipgloss.Style {
	if s.NoColor || hex == "" {
		return s.Coded
	}
	if st, ok := s.codeStyles[hex]; ok {
		return st
	}
	st := s.r.NewStyle().Background(terminalColor(hex)).Foreground(lipgloss.Color(textOn(hex)))
	s.codeStyles[hex] = st
	return st
}

// terminalColor is hex for every colour profile. termenv (v0.16) maps
// some colours to the 256-colour palette badly (#CC6677, a rose, became
// #080808, near black: it measures greys by cube indices, not values), so
// the 256-colour index is computed here, and the 16-colour one from it.
func terminalColor(hex string) lipgloss.TerminalColor {
	var rgb [3]int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &rgb[0], &rgb[1], &rgb[2]); err != nil {
		return lipgloss.Color(hex)
	}
	levels := [6]int{0, 0x5f, 0x87, 0xaf, 0xd7, 0xff}
	dist := func(c [3]int) int {
		d := 0
		for i := range c {
			d += (c[i] - rgb[i]) * (c[i] - rgb[i])
		}
		return d
	}
	var cube [3]int
	idx := 16
	for i, v := range rgb {
		best := 0
		for l := range levels {
			if abs(levels[l]-v) < abs(levels[best]-v) {
				best = l
			}
		}
		cube[i] = levels[best]
		idx += best * [3]int{36, 6, 1}[i]
	}
	avg := (rgb[0] + rgb[1] + rgb[2]) / 3
	g := min(max((avg-8+5)/10, 0), 23)
	if grey := 8 + 10*g; dist([3]int{grey, grey, grey}) < dist(cube) {
		idx = 232 + g
	}
	ansi := "7"
	if c, ok := termenv.ANSI.Convert(termenv.ANSI256Color(idx)).(termenv.ANSIColor); ok {
		ansi = strconv.Itoa(int(c))
	}
	return lipgloss.CompleteColor{TrueColor: hex, ANSI256: strconv.Itoa(idx), ANSI: ansi}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// textOn is black or white, whichever reads better on the colour hex
// (the larger WCAG contrast ratio).
func textOn(hex string) string {
	var rgb [3]uint8
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &rgb[0], &rgb[1], &rgb[2]); err != nil {
		return "#000000"
	}
	var lin [3]float64
	for i, v := range rgb {
		c := float64(v) / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	l := 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
	// Contrast with black (l+0.05)/0.05 against white 1.05/(l+0.05).
	if (l+0.05)*(l+0.05) > 0.05*1.05 {
		return "#000000"
	}
	return "#ffffff"
}
