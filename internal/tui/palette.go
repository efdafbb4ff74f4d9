package tui

import (
	"sort"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// DefaultPalette is the palette of code colours unless --palette says
// otherwise: Paul Tol's muted set, nine colours that colour-blind readers
// tell apart (enough for a theme of nine codes to have nine colours).
const DefaultPalette = "tol-muted"

// palettes are the sets of code colours --palette chooses from: colour-
// blind-safe qualitative sets (Okabe-Ito; Paul Tol's bright, muted and
// light), and "codebook", the colours saved with the codes.
var palettes = map[string][]string{
	"okabe-ito":  {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"},
	"tol-bright": {"#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"},
	"tol-muted":  {"#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"},
	"tol-light":  {"#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#DDDDDD"},
	"codebook":   nil,
}

// Palettes lists the palette names, for --palette's help and errors.
func Palettes() []string {
	names := make([]string, 0, len(palettes))
	for n := range palettes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ValidPalette reports whether name is a palette.
func ValidPalette(name string) bool {
	_, ok := palettes[name]
	return ok
}

// codeLook is how a code shows on screen: its colour and its one-character
// label, which is also its quick key when it is a digit. The label carries
// what the colour carries, for a coder who cannot see the colour.
type codeLook struct {
	color string
	label rune
}

// quickKey is the code's key 1-9, or 0.
func (l codeLook) quickKey() int {
	if l.label >= '1' && l.label <= '9' {
		return int(l.label - '0')
	}
	return 0
}

// codeLooks gives every code of a codebook its colour and label, from the
// codebook's order alone, so that neither moves when codings change. The
// first nine codes without sub-codes get the keys 1-9, every other code a
// letter. Colours are dealt in codebook order: each code takes the colour
// used longest ago among those its parent and its siblings do not have, so
// that a theme's codes all differ (while the palette is longer than the
// theme) and neighbours in the codebook rarely share one.
func codeLooks(cb []store.CodebookEntry, palette string) map[int64]codeLook {
	colors, ok := palettes[palette]
	if !ok || colors == nil {
		colors = palettes[DefaultPalette]
	}
	parents := map[int64]bool{}
	for _, e := range cb {
		parents[e.ParentID] = true
	}
	out := make(map[int64]codeLook, len(cb))
	lastUse := make([]int, len(colors)) // position+1 of the code that last took each colour
	taken := map[int64]map[int]bool{}   // parent id -> colours of its children
	colorOf := map[int64]int{}
	digit, letter := '1', 'a'
	for i, e := range cb {
		avoid := taken[e.ParentID]
		best := -1
		for c := range colors {
			if p, ok := colorOf[e.ParentID]; (ok && c == p) || avoid[c] {
				continue
			}
			if best < 0 || lastUse[c] < lastUse[best] {
				best = c
			}
		}
		if best < 0 { // more siblings than colours: the one used longest ago, not the parent's
			for c := range colors {
				if p, ok := colorOf[e.ParentID]; ok && c == p && len(colors) > 1 {
					continue
				}
				if best < 0 || lastUse[c] < lastUse[best] {
					best = c
				}
			}
		}
		lastUse[best], colorOf[e.ID] = i+1, best
		if taken[e.ParentID] == nil {
			taken[e.ParentID] = map[int]bool{}
		}
		taken[e.ParentID][best] = true
		l := codeLook{label: '·', color: colors[best]}
		if palette == "codebook" && coding.ValidColor(e.Color) {
			l.color = e.Color
		}
		switch {
		case !parents[e.ID] && digit <= '9':
			l.label = digit
			digit++
		case letter <= 'z':
			l.label = letter
			letter++
		}
		out[e.ID] = l
	}
	return out
}
