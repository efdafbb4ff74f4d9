package tui

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// TestTerminalColor: on a 256-colour terminal every palette colour keeps
// its hue (termenv made the rose #CC6677 a near black, #080808).
func TestTerminalColor(t *testing.T) {
	tests := []struct{ hex, ansi256 string }{
		{"#CC6677", "168"}, {"#332288", "54"}, {"#DDCC77", "186"}, {"#E69F00", "178"}, {"#BBBBBB", "250"}, {"#000000", "16"},
	}
	for _, tt := range tests {
		c, ok := terminalColor(tt.hex).(lipgloss.CompleteColor)
		if !ok || c.TrueColor != tt.hex || c.ANSI256 != tt.ansi256 {
			t.Errorf("%s: %+v, want 256-colour %s", tt.hex, c, tt.ansi256)
		}
	}
	for name, colors := range palettes {
		for _, hex := range colors {
			if c := terminalColor(hex).(lipgloss.CompleteColor); c.ANSI256 >= "232" && len(c.ANSI256) == 3 && hex != "#BBBBBB" && hex != "#DDDDDD" {
				t.Errorf("%s: %s became a grey (%s)", name, hex, c.ANSI256)
			}
		}
	}
}
