package analysis

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// Evidence is what the coded speech says for a recommendation, through the
// codes linked to it. It is counted with the rules of the tables (see the
// package comment): a participant supports the recommendation when they
// mention one of its linked codes, that is when a coding of the code, or
// of a code under it, overlaps a sentence they spoke. Facilitators never
// count.
type Evidence struct {
	// Codes are the linked codes found in the codebook, in codebook order.
	Codes []string `json:"codes"`
	// Participants mention at least one linked code, of ParticipantsTotal
	// in scope; ParticipantIDs lists them, sorted.
	Participants      int      `json:"participants"`
	ParticipantsTotal int      `json:"participants_total"`
	ParticipantIDs    []string `json:"participant_ids"`
	// Cities are the source cities where they said it (sorted), of
	// CitiesTotal cities where participants in scope speak.
	Cities      []string `json:"cities"`
	CitiesTotal int      `json:"cities_total"`
	// Codings counts the counted codings of the linked codes and the codes
	// under them, each coding once (even under two linked codes).
	Codings int `json:"codings"`
	// Strength is StrengthOf(Participants, ParticipantsTotal, len(Cities),
	// CitiesTotal).
	Strength Strength `json:"strength"`
	// Quotes are the strongest passages (see Analysis.Evidence).
	Quotes []Quote `json:"quotes"`
}

// EvidenceQuotes is how many quotes a recommendation's evidence carries.
const EvidenceQuotes = 3

// Evidence computes the evidence of the codes with the given ids (the
// codes linked to a recommendation); ids the codebook does not have are
// ignored. A linked code under another linked code adds nothing: counts
// roll up.
//
// The k strongest quotes are picked from the passages of all the linked
// codes together (a passage is the union of codings of one participant
// turn) by the rule of the analysis quotes: readable length (8 to 60
// words) first, then passages more coders coded, then the most typical
// words of all the passages, then text order; one quote per participant,
// each next one from a city not yet quoted when there is one. A quote's
// Code names the linked codes it was coded with ("; " between them). It
// names the speaker by participant ID and city only.
func (a *Analysis) Evidence(codeIDs []int64, k int) Evidence {
	s, cnt := a.s, a.k
	var linked []int
	for _, id := range codeIDs {
		if i, ok := s.codeIdx[id]; ok {
			linked = append(linked, i)
		}
	}
	slices.Sort(linked)
	linked = slices.Compact(linked)
	var top []int // linked codes not under another linked code
	for _, c := range linked {
		nested := false
		for _, d := range linked {
			if d != c && cnt.under(c, d) {
				nested = true
				break
			}
		}
		if !nested {
			top = append(top, c)
		}
	}
	cTot, _ := s.srcFieldTotals()
	ev := Evidence{Codes: []string{}, ParticipantsTotal: s.participantsTotal(), ParticipantIDs: []string{},
		Cities: []string{}, CitiesTotal: cTot, Quotes: []Quote{}}
	for _, c := range linked {
		ev.Codes = append(ev.Codes, s.codes[c].Path)
	}
	people := map[int]bool{}
	cities := map[int]bool{}
	for sl := 0; sl < cnt.nSlots; sl++ {
		for _, c := range top {
			if cnt.mention[c*cnt.nSlots+sl] {
				people[s.slots[sl].part] = true
				cities[cnt.slotCity[sl]] = true
				break
			}
		}
	}
	for p := range people {
		ev.ParticipantIDs = append(ev.ParticipantIDs, s.part[p].ID)
	}
	sort.Strings(ev.ParticipantIDs)
	for c := range cities {
		ev.Cities = append(ev.Cities, cnt.cityNames[c])
	}
	sort.Strings(ev.Cities)
	ev.Participants = len(people)
	for _, h := range s.hits {
		for _, c := range top {
			if cnt.under(h.code, c) {
				ev.Codings++
				break
			}
		}
	}
	ev.Strength = StrengthOf(ev.Participants, ev.ParticipantsTotal, len(ev.Cities), ev.CitiesTotal)
	if len(top) > 0 && k > 0 {
		ev.Quotes = a.evidenceQuotes(top, k)
	}
	return ev
}

// evidenceQuotes picks k quotes from the passages of the codes together.
func (a *Analysis) evidenceQuotes(codes []int, k int) []Quote {
	per := make([][]passage, len(codes))
	var all []passage
	for i, c := range codes {
		per[i] = a.passages(c)
		all = append(all, per[i]...)
	}
	// The codes' passages merged as one code's pieces are: within one
	// turn, passages that overlap or touch become one, coders pooled.
	merged := mergePassages(all)
	qs := a.pickQuotes(merged, k, func(p *passage) Quote {
		var paths []string
		first := -1
		for i, list := range per {
			for _, q := range list {
				if q.src == p.src && q.turn == p.turn && q.a < p.b && p.a < q.b {
					paths = append(paths, a.s.codes[codes[i]].Path)
					if first < 0 {
						first = codes[i]
					}
					break
				}
			}
		}
		if first < 0 { // cannot happen: p is a union of these passages
			first = codes[0]
		}
		q := a.quote(first, p)
		q.Code = strings.Join(paths, "; ")
		return q
	})
	if qs == nil {
		qs = []Quote{}
	}
	return qs
}

// EvidenceOf computes, on the whole dataset as the given coders coded it
// (nil: every coder, as tables count by default), the evidence of each
// recommendation, in the order given.
func EvidenceOf(d *Dataset, recs []tracker.Recommendation, k int, coders []string) ([]Evidence, error) {
	a, err := New(d, Options{Filter: Filter{Coders: coders}})
	if err != nil {
		return nil, err
	}
	out := make([]Evidence, len(recs))
	for i := range recs {
		out[i] = a.Evidence(recs[i].CodeIDs(), k)
	}
	return out, nil
}

// Tracker is the recommendation tracker of a report: how many
// recommendations stand at each status, and every recommendation with its
// evidence and last follow-up, overdue ones first.
type Tracker struct {
	// Today is the day the due dates were judged against.
	Today time.Time
	// Status has one row per status in workflow order: status,
	// recommendations, overdue.
	Status *Table
	// Items has one row per recommendation, in tracker.Order.
	Items *Table
	// Recs are the recommendations in the order of Items' rows.
	Recs []tracker.Recommendation
}

// Tracker builds the tracker of recs on today (a calendar day, see
// tracker.DateOf) under the analysis' filter and suppression.
//
// Items columns:
//
//	id, title, owner, stakeholders ("; "), priority, status, due
//	due_state          "overdue by 3 days", "due today", "due in 12 days", or ""
//	days_overdue       days past the due date of an open recommendation, else 0
//	strength           the evidence strength (StrengthOf); hidden with participants
//	participants       participants who mention a linked code, of participants_total
//	cities             cities where they said it, of cities_total
//	codings            counted codings of the linked codes
//	codes              the linked codes ("; ")
//	last_follow_up_at, last_follow_up_by, last_follow_up
//	                   the newest log entry: its date, author and summary
//	quote_1 .. quote_3 and quote_N_by: the evidence quotes, "participant ID, city"
//
// When participants is suppressed, strength, cities, codings and the
// quotes are hidden, as in the other tables.
func (a *Analysis) Tracker(recs []tracker.Recommendation, today time.Time) *Tracker {
	today = tracker.DateOf(today)
	list := slices.Clone(recs)
	tracker.Order(list, today)
	st := newBuilder("tracker_status", "Recommendations by status",
		Column{Name: "status", Kind: Text},
		Column{Name: "recommendations", Kind: Int},
		Column{Name: "overdue", Kind: Int},
	)
	counts, _ := tracker.Tally(list, today)
	for _, c := range counts {
		st.add(string(c.Status), c.N, c.Overdue)
	}
	cols := []Column{
		{Name: "id", Kind: Text},
		{Name: "title", Kind: Text},
		{Name: "owner", Kind: Text},
		{Name: "stakeholders", Kind: Text},
		{Name: "priority", Kind: Text},
		{Name: "status", Kind: Text},
		{Name: "due", Kind: Text},
		{Name: "due_state", Kind: Text},
		{Name: "days_overdue", Kind: Int},
		{Name: "strength", Kind: Text, Deps: []string{"participants"}},
		{Name: "participants", Kind: Count, Of: "participants_total"},
		{Name: "participants_total", Kind: Count, Aside: true},
		{Name: "cities", Kind: Int, Of: "cities_total", Deps: []string{"participants"}},
		{Name: "cities_total", Kind: Int, Aside: true},
		{Name: "codings", Kind: Int, Deps: []string{"participants"}},
		{Name: "codes", Kind: Text},
		{Name: "last_follow_up_at", Kind: Text},
		{Name: "last_follow_up_by", Kind: Text},
		{Name: "last_follow_up", Kind: Text},
	}
	for i := 1; i <= EvidenceQuotes; i++ {
		q := fmt.Sprintf("quote_%d", i)
		cols = append(cols, Column{Name: q, Kind: Text, Aside: true, Deps: []string{"participants"}},
			Column{Name: q + "_by", Kind: Text, Aside: true, Deps: []string{"participants"}})
	}
	it := newBuilder("tracker", "Recommendation tracker", cols...)
	for i := range list {
		r := &list[i]
		ev := a.Evidence(r.CodeIDs(), EvidenceQuotes)
		late := 0
		if r.Overdue(today) {
			left, _ := r.DaysLeft(today)
			late = -left
		}
		var lastAt, lastBy, last string
		if f, ok := r.LastFollowUp(); ok {
			lastAt, lastBy, last = tracker.FormatDate(f.At), f.Author, f.Summary()
		}
		row := []any{r.ID, r.Title, r.Owner, strings.Join(r.Stakeholders, "; "), string(r.Priority), string(r.Status),
			tracker.FormatDate(r.Due), r.DueLabel(today), late, string(ev.Strength), ev.Participants, ev.ParticipantsTotal,
			len(ev.Cities), ev.CitiesTotal, ev.Codings, strings.Join(ev.Codes, "; "), lastAt, lastBy, last}
		for j := 0; j < EvidenceQuotes; j++ {
			if j < len(ev.Quotes) {
				row = append(row, ev.Quotes[j].Text, ev.Quotes[j].By())
			} else {
				row = append(row, "", "")
			}
		}
		it.add(row...)
	}
	t := &Tracker{Today: today, Status: st.build(), Items: it.build(), Recs: list}
	t.Status.Notes = []string{fmt.Sprintf("As of %s. Done and dropped recommendations are never overdue.", tracker.FormatDate(today))}
	t.Items.Notes = []string{
		"A recommendation is overdue when it is still open after its due date. Overdue ones come first, the most overdue first; then the open ones by due date; done and dropped ones last.",
		fmt.Sprintf("Evidence: the participants (of the %d in scope) who mention one of the recommendation's linked codes, the cities where they said it, and the codings of those codes.", a.ParticipantsTotal()),
		"Strength: strong when at least half the participants mention it, in every city; moderate when at least a quarter do, in at least two cities; weak when fewer do; none when nobody does. Codings do not enter it.",
	}
	t.Items.suppress(a.opt.SuppressBelow, nil)
	return t
}
