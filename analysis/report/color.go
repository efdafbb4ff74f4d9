package report

import (
	"fmt"
	"math"
	"strconv"
)

// Colours of the HTML report. Charts never carry information by colour
// alone: bars are labelled with their city and value, heat-map cells with
// their figures, survey segments with their point's number.

// cityColors are told apart by colour-blind readers: Okabe-Ito's
// qualitative palette, then two of Paul Tol's, given to cities in their
// sorted order.
var cityColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999933", "#332288"}

// Text colours chosen against a fill (inkOn).
const (
	black = "#000000"
	white = "#ffffff"
)

// minContrast is WCAG 2's AA contrast ratio for normal text.
const minContrast = 4.5

// luminance is the WCAG relative luminance of a colour #rrggbb; NaN when
// the colour is not one.
func luminance(hex string) float64 {
	if len(hex) != 7 || hex[0] != '#' {
		return math.NaN()
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return math.NaN()
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

// contrast is the WCAG contrast ratio of two colours #rrggbb, 1 to 21.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// inkOn is the text colour, black or white, that contrasts most with the
// fill: at least 4.58 to 1 for any fill, above WCAG AA's 4.5.
func inkOn(fill string) string {
	if contrast(fill, black) >= contrast(fill, white) {
		return black
	}
	return white
}

// heat is the colour of a share: white to deep blue (one hue, so that
// order reads without telling hues apart).
func heat(share float64) string {
	if math.IsNaN(share) {
		return white
	}
	lerp := func(a, b int) int { return a + int(math.Round(float64(b-a)*share)) }
	return fmt.Sprintf("#%02x%02x%02x", lerp(0xf7, 0x08), lerp(0xfb, 0x45), lerp(0xff, 0x94))
}

// divergingColors are the colours of a scale's points, lowest first:
// brown to teal through grey (colour-blind safe, after ColorBrewer BrBG).
func divergingColors(n int) []string {
	lo := [3]float64{0x8c, 0x51, 0x0a}
	mid := [3]float64{0xdd, 0xdd, 0xdd}
	hi := [3]float64{0x01, 0x66, 0x5e}
	out := make([]string, n)
	for i := range out {
		t := 0.5
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		a, b, u := lo, mid, t*2
		if t > 0.5 {
			a, b, u = mid, hi, (t-0.5)*2
		}
		var c [3]int
		for k := range c {
			c[k] = int(math.Round(a[k] + (b[k]-a[k])*u))
		}
		out[i] = fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
	}
	return out
}
