// Package suggest finds, for a mistyped name, the closest of the names
// that exist: the "did you mean" of error messages for codes, coders,
// tables and flags.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the name of known closest to typed, compared without
// case, or "" when none is close enough: within a third of the typed
// name's length in edits (at least 1, at most 3), or a name that starts
// with typed or ends with it after a "/" (a code's own name for its path).
// Ties go to the first in known.
func Closest(typed string, known []string) string {
	t := strings.ToLower(strings.TrimSpace(typed))
	if t == "" {
		return ""
	}
	limit := min(max(utf8.RuneCountInString(t)/3, 1), 3)
	best, bestD := "", limit+1
	for _, k := range known {
		l := strings.ToLower(k)
		if l == t {
			return k
		}
		d := distance(t, l)
		if i := strings.LastIndex(l, "/"); i >= 0 {
			d = min(d, distance(t, l[i+1:]))
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return best
	}
	for _, k := range known {
		if len(t) >= 3 && strings.HasPrefix(strings.ToLower(k), t) {
			return k
		}
	}
	return ""
}

// Phrase is `; did you mean "x"?` for the closest known name, or "".
func Phrase(typed string, known []string) string {
	if c := Closest(typed, known); c != "" && c != typed {
		return `; did you mean "` + c + `"?`
	}
	return ""
}

// distance is the optimal string alignment distance between a and b, in
// code points: insertions, deletions, substitutions and swaps of two
// neighbours ("lae" for "lea") cost one each.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// rows i-2, i-1 and i of the table.
	pp, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}
