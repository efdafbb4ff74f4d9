package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/go-gota/gota/dataframe"
)

// needCodes lists the codes that are needs: the codes marked as a need if
// any is, else every code under a theme.
func (a *Analysis) needCodes() []int {
	var marked, under []int
	for c, code := range a.s.codes {
		if code.Need {
			marked = append(marked, c)
		}
		if a.s.depth[c] > 0 {
			under = append(under, c)
		}
	}
	if len(marked) > 0 {
		return marked
	}
	return under
}

// competitionRank ranks values best first ("1224": ties share the best
// rank, the next rank skips). better(i, j) says i beats j.
func competitionRank(n int, better func(i, j int) bool) []int {
	out := make([]int, n)
	for i := 0; i < n; i++ {
		out[i] = 1
		for j := 0; j < n; j++ {
			if better(j, i) {
				out[i]++
			}
		}
	}
	return out
}

// greater compares two shares where NaN is worst.
func greater(x, y float64) bool {
	if math.IsNaN(x) {
		return false
	}
	return math.IsNaN(y) || x > y
}

// Needs is the needs-assessment table: one row per need (the codes marked
// as needs if any code is marked, else every code under a theme), each
// rolled up with the codes under it, best rank first.
//
//	participants     participants who mention the need, of participants_total
//	prevalence       participants / participants_total
//	cities, groups   breadth: source cities and groups where it is mentioned,
//	                 of cities_total and groups_total
//	codings          counted codings (each coder's)
//	passages         coded passages: overlapping codings of the need on one
//	                 participant's words count once, whoever coded them
//	                 (see countPassages)
//	intensity        passages / participants (NaN when nobody mentions it):
//	                 a check-coder coding the same words does not raise it
//	survey_priority  the mean rating of the survey question(s) mapped to the
//	                 need (see surveyPriority); NaN, printed empty, when none
//	score            the mean of three competition ranks ("1224"), each best
//	                 first: prevalence; breadth (cities share, then groups
//	                 share); intensity. NaN ranks last.
//	rank             position by score ascending, then prevalence
//	                 descending, then codebook order
//	quote_1, quote_2 the two most representative quotes (see Quotes), with
//	                 quote_1_by, quote_2_by: "participant ID, city"
//
// When participants is suppressed, every figure of the row but the rank is
// hidden, quotes included.
func (a *Analysis) Needs() *Table { return a.needs(true) }

// needs builds the table, without quotes when quotes is false (the
// benchmark compares the counting alone with pandas).
func (a *Analysis) needs(quotes bool) *Table {
	s, k := a.s, a.k
	total := s.participantsTotal()
	cTot, gTot := s.srcFieldTotals()
	needs := a.needCodes()
	n := len(needs)
	type row struct {
		c                        int
		reach                    reach
		prev, cityS, groupS, int float64
	}
	rows := make([]row, n)
	for i, c := range needs {
		r := k.reach(c)
		rows[i] = row{c: c, reach: r, prev: ratio(r.participants, total), cityS: ratio(r.cities, cTot),
			groupS: ratio(r.groups, gTot), int: ratio(k.passages[c], r.participants)}
	}
	rPrev := competitionRank(n, func(i, j int) bool { return greater(rows[i].prev, rows[j].prev) })
	rBreadth := competitionRank(n, func(i, j int) bool {
		if rows[i].cityS != rows[j].cityS && !(math.IsNaN(rows[i].cityS) && math.IsNaN(rows[j].cityS)) {
			return greater(rows[i].cityS, rows[j].cityS)
		}
		return greater(rows[i].groupS, rows[j].groupS)
	})
	rInt := competitionRank(n, func(i, j int) bool { return greater(rows[i].int, rows[j].int) })
	score := make([]float64, n)
	for i := range rows {
		score[i] = float64(rPrev[i]+rBreadth[i]+rInt[i]) / 3
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if score[i] != score[j] {
			return score[i] < score[j]
		}
		if rows[i].prev != rows[j].prev {
			return greater(rows[i].prev, rows[j].prev)
		}
		return rows[i].c < rows[j].c
	})
	rank := make([]int, n)
	for pos, i := range order {
		rank[i] = pos + 1
	}
	b := newBuilder("needs", "Needs assessment",
		Column{Name: "rank", Kind: Int},
		Column{Name: "need", Kind: Text},
		Column{Name: "theme", Kind: Text},
		Column{Name: "participants", Kind: Count, Of: "participants_total"},
		Column{Name: "participants_total", Kind: Count, Aside: true},
		Column{Name: "prevalence", Kind: Share, Deps: []string{"participants", "participants_total"}},
		Column{Name: "cities", Kind: Int, Of: "cities_total", Deps: []string{"participants"}},
		Column{Name: "cities_total", Kind: Int, Aside: true},
		Column{Name: "groups", Kind: Int, Of: "groups_total", Deps: []string{"participants"}},
		Column{Name: "groups_total", Kind: Int, Aside: true},
		Column{Name: "codings", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "passages", Kind: Int, Deps: []string{"participants"}},
		Column{Name: "intensity", Kind: Float, Deps: []string{"participants"}},
		Column{Name: "survey_priority", Kind: Float},
		Column{Name: "score", Kind: Float, Deps: []string{"participants"}},
		Column{Name: "quote_1", Kind: Text, Aside: true, Deps: []string{"participants"}},
		Column{Name: "quote_1_by", Kind: Text, Aside: true, Deps: []string{"participants"}},
		Column{Name: "quote_2", Kind: Text, Aside: true, Deps: []string{"participants"}},
		Column{Name: "quote_2_by", Kind: Text, Aside: true, Deps: []string{"participants"}},
	)
	for i, r := range rows {
		var qs []Quote
		if quotes {
			qs = a.quotes(r.c, 2)
		}
		var q [4]string
		for j, x := range qs {
			q[2*j], q[2*j+1] = x.Text, x.By()
		}
		b.add(rank[i], s.codes[r.c].Path, a.themeName(r.c), r.reach.participants, total, r.prev,
			r.reach.cities, cTot, r.reach.groups, gTot, k.codings[r.c], k.passages[r.c], r.int, a.surveyPriority(r.c), roundTo(score[i], 4),
			q[0], q[1], q[2], q[3])
	}
	t := b.build()
	if n > 0 {
		t.Frame = t.Frame.Arrange(dataframe.Sort("rank"))
	}
	t.Notes = []string{
		fmt.Sprintf("Prevalence is the share of the %d participants in scope who mention the need; breadth counts the cities and groups where it was said; intensity is coded passages per mentioning participant (overlapping codings of one participant's words count once, whoever coded them).", total),
		"Score is the mean of the need's ranks on prevalence, breadth and intensity (1 is best); rank orders by score, then prevalence.",
		a.surveyPriorityNote(),
		"Quotes: readable length first, then passages more coders agreed on, then the most typical words of the need; one per participant, spread over cities.",
	}
	t.suppress(a.opt.SuppressBelow, nil)
	return t
}
