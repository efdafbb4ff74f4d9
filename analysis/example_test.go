package analysis_test

import (
	"fmt"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

// The frequency table of the tiny fixture (see fixture_test.go): Code a is
// coded three times for A-01 and B-01 (once more on the facilitator's
// question, which never counts).
func ExampleAnalysis_Frequencies() {
	a, err := analysis.New(tiny(), analysis.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := a.Frequencies()
	for r := 0; r < f.Rows(); r++ {
		fmt.Printf("%-16s codings %s, participants %s (%s)\n", f.Human(r, f.Col("code")),
			f.Human(r, f.Col("codings")), f.Human(r, f.Col("participants")), f.Human(r, f.Col("share")))
	}
	// Output:
	// Theme one        codings 5, participants 2 of 3 (67%)
	// Theme one/Code a codings 3, participants 2 of 3 (67%)
	// Theme one/Code b codings 2, participants 2 of 3 (67%)
	// Theme two        codings 2, participants 2 of 3 (67%)
	// Theme two/Code c codings 2, participants 2 of 3 (67%)
}

// With --suppress-below 3, counts of one or two participants become "<3"
// and what was computed from them is hidden.
func ExampleOptions_suppressBelow() {
	a, err := analysis.New(tiny(), analysis.Options{SuppressBelow: 3, Filter: analysis.Filter{Cities: []string{"A"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := a.Frequencies()
	r := 1 // Theme one/Code a
	fmt.Println(f.Human(r, f.Col("participants")), f.Human(r, f.Col("share")), f.Machine(r, f.Col("codings")))
	fmt.Println(f.Legend())
	// Output:
	// <3 of <3 x x
	// <3: fewer than 3 participants (1 to 2), suppressed; x: hidden so that a suppressed count cannot be worked out.
}

// The matrix counts participants of each column, with the column's n.
func ExampleAnalysis_Matrix() {
	a, err := analysis.New(tiny(), analysis.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := a.Matrix(analysis.By{Field: "gender"})
	if err != nil {
		fmt.Println(err)
		return
	}
	codes, values, idx := m.Pivot("code", "value")
	for i, code := range codes {
		fmt.Printf("%-16s", code)
		for j, v := range values {
			r := idx[i][j]
			fmt.Printf("  %s: %s (%s)", v, m.Human(r, m.Col("participants")), m.Human(r, m.Col("column_share")))
		}
		fmt.Println()
	}
	// Output:
	// Theme one         man: 0 of 1 (0%)  woman: 2 of 2 (100%)
	// Theme one/Code a  man: 0 of 1 (0%)  woman: 2 of 2 (100%)
	// Theme one/Code b  man: 0 of 1 (0%)  woman: 2 of 2 (100%)
	// Theme two         man: 1 of 1 (100%)  woman: 1 of 2 (50%)
	// Theme two/Code c  man: 1 of 1 (100%)  woman: 1 of 2 (50%)
}

// Bands group a numeric attribute.
func ExampleParseBands() {
	bands, err := analysis.ParseBands("0-2,3-5,6-10,11+")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range bands {
		fmt.Println(b.Label, b.Lo, b.Hi)
	}
	// Output:
	// 0-2 0 2
	// 3-5 3 5
	// 6-10 6 10
	// 11+ 11 +Inf
}
