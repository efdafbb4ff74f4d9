package main

import "fmt"

// plural is "1 participant", "2 participants": a count with the noun that
// agrees with it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
