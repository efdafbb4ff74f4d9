package report

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestContrast(t *testing.T) {
	if c := contrast(black, white); math.Abs(c-21) > 1e-9 {
		t.Errorf("black on white %.3f, want 21", c)
	}
	if c := contrast("#777777", white); math.Abs(c-4.48) > 0.01 {
		t.Errorf("#777 on white %.3f, want 4.48 (WCAG's example of a failing grey)", c)
	}
	if c := contrast(white, white); c != 1 {
		t.Errorf("white on white %.3f", c)
	}
}

// TestInkMeetsWCAGAA: every fill the report draws text on gets text of at
// least 4.5:1 (WCAG AA): each heat-map share, the empty and suppressed
// cells, and every point of every diverging scale up to 11 points.
func TestInkMeetsWCAGAA(t *testing.T) {
	fills := []string{"#eef0f3", white}
	for i := 0; i <= 1000; i++ {
		fills = append(fills, heat(float64(i)/1000))
	}
	for n := 2; n <= 11; n++ {
		fills = append(fills, divergingColors(n)...)
	}
	for _, f := range fills {
		if c := contrast(f, inkOn(f)); c < minContrast {
			t.Errorf("text %s on %s: %.2f:1, below AA", inkOn(f), f, c)
		}
	}
	// The old rule (white above 55%) gave 3.4:1 at 60%.
	if contrast(heat(0.6), white) >= minContrast || inkOn(heat(0.6)) != black || inkOn(heat(0.9)) != white {
		t.Errorf("ink on 60%%: %s, on 90%%: %s", inkOn(heat(0.6)), inkOn(heat(0.9)))
	}
}

// TestHeatMapTextContrast reads the rendered heat map: each cell's text
// against its rectangle's fill.
func TestHeatMapTextContrast(t *testing.T) {
	r := buildTracker(t, 0, nil, zeroDay)
	ch := heatMap(r.Matrix, UnitParticipants)
	cells := 0
	for i, e := range ch.Els {
		if e.Kind != "rect" {
			continue
		}
		txt := ch.Els[i+1]
		if c := contrast(e.Fill, txt.Fill); c < minContrast {
			t.Errorf("cell %q: %s on %s, %.2f:1", txt.Text, txt.Fill, e.Fill, c)
		}
		cells++
	}
	if cells != r.Matrix.Rows() {
		t.Errorf("%d cells for %d matrix rows", cells, r.Matrix.Rows())
	}
}

// TestChartsLabelBars: every bar of the prevalence charts has its city
// written beside it, every survey segment wide enough its point's number,
// and the legend gives each city's n.
func TestChartsLabelBars(t *testing.T) {
	r := buildTracker(t, 0, nil, zeroDay)
	v := r.htmlView()
	ch := v.Needs.Chart
	var bars, cityLabels int
	for _, e := range ch.Els {
		switch {
		case e.Kind == "rect" && e.Title != "":
			bars++
		case e.Kind == "text" && (e.Text == "A" || e.Text == "B") && e.Anchor == "end":
			cityLabels++
		}
	}
	if bars == 0 || cityLabels != 2*r.Needs.Rows() {
		t.Errorf("%d bars, %d city labels for %d needs", bars, cityLabels, r.Needs.Rows())
	}
	var legend []string
	for _, e := range ch.Els {
		if strings.Contains(e.Text, "(n") {
			legend = append(legend, e.Text)
		}
	}
	if strings.Join(legend, "|") != "A (n=2)|B (n=1)" {
		t.Errorf("legend %q", legend)
	}
	s := surveyViews([]SurveySection{{Summary: summaryOf(t, surveyOnly(t))}})
	numbered := regexp.MustCompile(`^[1-3](: \d+%)?$`)
	seg := 0
	for _, e := range s[0].Charts[0].Els {
		if e.Kind == "text" && numbered.MatchString(e.Text) {
			seg++
		}
	}
	if seg != 2 {
		t.Errorf("%d labelled segments, want 2 (one answer each at 1 and 3)", seg)
	}
}
