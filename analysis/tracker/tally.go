package tracker

import (
	"fmt"
	"strings"
	"time"
)

// Count is how many recommendations stand at one status, and how many of
// them are overdue.
type Count struct {
	Status  Status
	N       int
	Overdue int
}

// Tally counts recs by status on a day: one Count per status, in workflow
// order (zero counts included), and the overdue total.
func Tally(recs []Recommendation, today time.Time) (counts []Count, overdue int) {
	counts = make([]Count, len(Statuses()))
	for i, st := range Statuses() {
		counts[i].Status = st
	}
	for i := range recs {
		r := &recs[i]
		k := r.Status.Rank()
		late := r.Overdue(today)
		if late {
			overdue++
		}
		if k < len(counts) {
			counts[k].N++
			if late {
				counts[k].Overdue++
			}
		}
	}
	return counts, overdue
}

// TallyLine is the tally in one line: "6 recommendations: 1 proposed,
// 2 in progress ...; 2 overdue (as of 2026-11-23)". Statuses nobody has
// are left out.
func TallyLine(recs []Recommendation, today time.Time) string {
	counts, late := Tally(recs, today)
	var parts []string
	for _, c := range counts {
		if c.N > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.N, c.Status.Label()))
		}
	}
	noun := "recommendations"
	if len(recs) == 1 {
		noun = "recommendation"
	}
	return fmt.Sprintf("%d %s: %s; %d overdue (as of %s)", len(recs), noun, strings.Join(parts, ", "), late, FormatDate(today))
}
