package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// moveInList moves a list cursor for j/k, arrows, g/G and PgUp/PgDn and
// reports whether the key was one of those.
func moveInList(msg tea.KeyMsg, k listKeys, cursor *int, n, page int) bool {
	last := max(n-1, 0)
	page = max(page, 1)
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
		*cursor = min(*cursor+page, last)
	case key.Matches(msg, k.PageUp):
		*cursor = max(*cursor-page, 0)
	default:
		return false
	}
	return true
}

// scroller shows a list or a long text in a bubbles viewport that follows
// a cursor: each View gives it the lines and the range of lines the cursor
// covers, and it scrolls just enough to show that range (its top first
// when it is taller than the window).
type scroller struct {
	vp viewport.Model
}

func newScroller() scroller { return scroller{vp: viewport.New(0, 0)} }

// setSize sets the window of the scroller.
func (s *scroller) setSize(width, height int) {
	s.vp.Width, s.vp.Height = max(width, 1), max(height, 1)
}

// view draws lines (each already at most the width) with lines
// [first,last] in sight.
func (s *scroller) view(lines []string, first, last int) string {
	s.vp.SetContent(strings.Join(lines, "\n"))
	y := s.vp.YOffset
	if last >= y+s.vp.Height {
		y = last - s.vp.Height + 1
	}
	if first < y {
		y = first
	}
	s.vp.SetYOffset(y)
	return s.vp.View()
}

// scroll moves the window by n lines (the mouse wheel, or a detail's j/k).
func (s *scroller) scroll(n int) {
	if n > 0 {
		s.vp.ScrollDown(n)
	} else {
		s.vp.ScrollUp(-n)
	}
}
