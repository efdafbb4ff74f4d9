// Package plural writes a count with the noun that agrees with it, for the
// messages, titles and audit summaries people read ("1 coding", "2
// codings"), where "coding(s)" used to stand.
package plural

import "strconv"

// Count is "1 coding" for n == 1 and "N codings" otherwise (0 included).
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
