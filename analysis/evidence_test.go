package analysis_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// TestEvidenceByHand checks a recommendation's evidence on the tiny
// fixture (fixture_test.go) against counts worked out by hand. Code ids:
// 1 Theme one, 2 Code a, 3 Code b, 4 Theme two, 5 Code c.
func TestEvidenceByHand(t *testing.T) {
	tests := []struct {
		name     string
		codes    []int64
		filter   analysis.Filter
		wantCode string
		people   string // participant IDs
		total    int
		cities   string
		citiesN  int
		codings  int
		strength analysis.Strength
	}{
		// Code a: codings 1, 2, 6 (B-01); 5 is the facilitator's and never counts.
		{"code a", []int64{2}, analysis.Filter{}, "Theme one/Code a", "A-01 B-01", 3, "A B", 2, 3, analysis.StrengthStrong},
		// Code c: codings 4 and 7 (B-01).
		{"code c", []int64{5}, analysis.Filter{}, "Theme two/Code c", "A-02 B-01", 3, "A B", 2, 2, analysis.StrengthStrong},
		// Code a or Code c: everybody; codings 1, 2, 6, 4, 7.
		{"a and c", []int64{5, 2}, analysis.Filter{}, "Theme one/Code a; Theme two/Code c", "A-01 A-02 B-01", 3, "A B", 2, 5, analysis.StrengthStrong},
		// Code b under Theme one adds nothing to the theme: codings 1, 2, 3, 6, 8 once each.
		{"theme and its code", []int64{3, 1}, analysis.Filter{}, "Theme one; Theme one/Code b", "A-01 B-01", 3, "A B", 2, 5, analysis.StrengthStrong},
		// Only lea's codings: Code a is 1 alone, in one city of two: weak.
		{"code a by lea", []int64{2}, analysis.Filter{Coders: []string{"lea"}}, "Theme one/Code a", "A-01", 3, "A", 2, 1, analysis.StrengthWeak},
		// City B only: B-01 alone, of 1 participant in 1 city.
		{"code b in B", []int64{3}, analysis.Filter{Cities: []string{"B"}}, "Theme one/Code b", "B-01", 1, "B", 1, 1, analysis.StrengthStrong},
		// Women only (A-01, B-01): A-02's Code c drops out; half of them, but in one city of two: weak.
		{"code c women", []int64{5}, analysis.Filter{Where: map[string][]string{"gender": {"woman"}}}, "Theme two/Code c", "B-01", 2, "B", 2, 1, analysis.StrengthWeak},
		{"no codes", nil, analysis.Filter{}, "", "", 3, "", 2, 0, analysis.StrengthNone},
		{"unknown code", []int64{99}, analysis.Filter{}, "", "", 3, "", 2, 0, analysis.StrengthNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newAnalysis(t, tiny(), analysis.Options{Filter: tc.filter})
			ev := a.Evidence(tc.codes, 3)
			if got := strings.Join(ev.Codes, "; "); got != tc.wantCode {
				t.Errorf("codes %q, want %q", got, tc.wantCode)
			}
			if got := strings.Join(ev.ParticipantIDs, " "); got != tc.people || ev.Participants != len(ev.ParticipantIDs) {
				t.Errorf("participants %q (%d), want %q", got, ev.Participants, tc.people)
			}
			if ev.ParticipantsTotal != tc.total {
				t.Errorf("participants total %d, want %d", ev.ParticipantsTotal, tc.total)
			}
			if got := strings.Join(ev.Cities, " "); got != tc.cities || ev.CitiesTotal != tc.citiesN {
				t.Errorf("cities %q of %d, want %q of %d", got, ev.CitiesTotal, tc.cities, tc.citiesN)
			}
			if ev.Codings != tc.codings {
				t.Errorf("codings %d, want %d", ev.Codings, tc.codings)
			}
			if ev.Strength != tc.strength {
				t.Errorf("strength %s, want %s", ev.Strength, tc.strength)
			}
			if len(ev.Quotes) > len(ev.ParticipantIDs) {
				t.Errorf("%d quotes for %d participants", len(ev.Quotes), len(ev.ParticipantIDs))
			}
		})
	}
}

// TestEvidenceQuotes: the quotes of Code a and Code c together. B-01's
// turn holds a Code a coding (sam) and a Code c coding (lea) that merge
// into one passage of two coders; A-01's is coded by two coders too, so
// those two come first (one from each city), and A-02's, of one coder,
// last. Nobody is quoted twice; quotes name participant ID and city only.
func TestEvidenceQuotes(t *testing.T) {
	a := newAnalysis(t, tiny(), analysis.Options{})
	ev := a.Evidence([]int64{2, 5}, 3)
	if len(ev.Quotes) != 3 {
		t.Fatalf("%d quotes, want 3: %+v", len(ev.Quotes), ev.Quotes)
	}
	byWho := map[string]analysis.Quote{}
	for _, q := range ev.Quotes {
		if _, dup := byWho[q.Participant]; dup {
			t.Errorf("%s quoted twice", q.Participant)
		}
		byWho[q.Participant] = q
	}
	if ev.Quotes[2].Participant != "A-02" {
		t.Errorf("third quote by %s, want A-02 (one coder)", ev.Quotes[2].Participant)
	}
	if ev.Quotes[0].City == ev.Quotes[1].City {
		t.Errorf("the first two quotes are both from %s", ev.Quotes[0].City)
	}
	b := byWho["B-01"]
	if b.Text != "Lawyers are expensive. Police do nothing." || b.Coders != 2 || b.Code != "Theme one/Code a; Theme two/Code c" || b.By() != "B-01, B" {
		t.Errorf("B-01 quote %+v", b)
	}
	if q := byWho["A-01"]; q.Text != "Lawyers help me a lot." || q.Code != "Theme one/Code a" || q.Coders != 2 {
		t.Errorf("A-01 quote %+v", q)
	}
	if q := byWho["A-02"]; q.Text != "My family is threatened." || q.Code != "Theme two/Code c" || q.Source != "fg-a" {
		t.Errorf("A-02 quote %+v", q)
	}
	for _, q := range ev.Quotes {
		for _, name := range []string{"Alice", "Bob", "Chloé"} {
			if strings.Contains(q.By(), name) || strings.Contains(q.Text, name) {
				t.Errorf("quote names a pseudonym: %+v", q)
			}
		}
	}
	if got := a.Evidence([]int64{2, 5}, 1).Quotes; len(got) != 1 || got[0] != ev.Quotes[0] {
		t.Errorf("one quote: %+v, want the first of three", got)
	}
}

// TestEvidenceOf: the same numbers from a dataset and a list of
// recommendations.
func TestEvidenceOf(t *testing.T) {
	recs := []tracker.Recommendation{
		{ID: "R1", Codes: []tracker.LinkedCode{{ID: 2, Path: "Theme one/Code a"}}},
		{ID: "R2"},
	}
	evs, err := analysis.EvidenceOf(tiny(), recs, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Participants != 2 || evs[0].Codings != 3 || evs[1].Strength != analysis.StrengthNone {
		t.Errorf("evidence %+v", evs)
	}
	bad := tiny()
	bad.Codings[0].Code = 42
	if _, err := analysis.EvidenceOf(bad, recs, 3, nil); err == nil {
		t.Error("an invalid dataset gave evidence")
	}
}

// TestTrackerTable: the report's tracker on the tiny fixture, with and
// without suppression.
func TestTrackerTable(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	recs := []tracker.Recommendation{
		{ID: "R1", Title: "Legal help", Status: tracker.StatusDone, Priority: tracker.PriorityHigh, Due: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC),
			Codes: []tracker.LinkedCode{{ID: 2}}},
		{ID: "R2", Title: "Safety", Status: tracker.StatusInProgress, Priority: tracker.PriorityHigh, Due: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Owner: "Our program", Stakeholders: []string{"Public Safety", "police"}, Codes: []tracker.LinkedCode{{ID: 5}},
			Log: []tracker.FollowUp{{At: today, Author: "ana", From: tracker.StatusAccepted, To: tracker.StatusInProgress, Note: "Funded."}}},
		{ID: "R3", Title: "Nothing said", Status: tracker.StatusProposed, Priority: tracker.PriorityLow},
	}
	a := newAnalysis(t, tiny(), analysis.Options{})
	tr := a.Tracker(recs, today)
	it := tr.Items
	if it.Rows() != 3 || tr.Recs[0].ID != "R2" || tr.Recs[1].ID != "R3" || tr.Recs[2].ID != "R1" {
		t.Fatalf("order %v", tr.Recs)
	}
	want(t, it, 0, "id", "R2")
	want(t, it, 0, "due_state", "overdue by 22 days")
	want(t, it, 0, "days_overdue", 22)
	want(t, it, 0, "stakeholders", "Public Safety; police")
	want(t, it, 0, "participants", 2)
	want(t, it, 0, "participants_total", 3)
	want(t, it, 0, "cities", 2)
	want(t, it, 0, "codings", 2)
	want(t, it, 0, "strength", "strong")
	want(t, it, 0, "last_follow_up", "accepted → in progress: Funded.")
	want(t, it, 0, "last_follow_up_at", "2026-11-23")
	want(t, it, 1, "strength", "none")
	want(t, it, 1, "due_state", "")
	want(t, it, 2, "due_state", "") // done: never overdue
	want(t, it, 2, "days_overdue", 0)
	st := tr.Status
	want(t, st, row(t, st, "status", "in-progress"), "recommendations", 1)
	want(t, st, row(t, st, "status", "in-progress"), "overdue", 1)
	want(t, st, row(t, st, "status", "done"), "overdue", 0)
	want(t, st, row(t, st, "status", "blocked"), "recommendations", 0)
	if st.Rows() != 6 {
		t.Errorf("%d status rows, want 6", st.Rows())
	}

	// With suppression below 3, two participants are "<3": strength,
	// cities, codings and quotes are hidden.
	sup := newAnalysis(t, tiny(), analysis.Options{SuppressBelow: 3}).Tracker(recs, today).Items
	want(t, sup, 0, "participants", "<3")
	for _, c := range []string{"strength", "cities", "codings", "quote_1", "quote_1_by"} {
		want(t, sup, 0, c, "x")
	}
	want(t, sup, 1, "participants", 0) // nobody is shown as 0
}

func TestStrengthRule(t *testing.T) {
	tests := []struct {
		p, n, c, ct int
		want        analysis.Strength
	}{
		{0, 27, 0, 3, analysis.StrengthNone},
		{0, 0, 0, 0, analysis.StrengthNone},
		{14, 27, 3, 3, analysis.StrengthStrong},   // 14 of 27 is at least half
		{13, 27, 3, 3, analysis.StrengthModerate}, // 13 of 27 is not
		{20, 27, 2, 3, analysis.StrengthModerate}, // many, but not in every city
		{7, 27, 2, 3, analysis.StrengthModerate},  // a quarter is 6.75
		{6, 27, 3, 3, analysis.StrengthWeak},
		{10, 27, 1, 3, analysis.StrengthWeak}, // one city only
		{1, 27, 1, 3, analysis.StrengthWeak},
		{2, 3, 1, 1, analysis.StrengthStrong}, // a one-city study: every city is that one
		{1, 4, 1, 1, analysis.StrengthModerate},
	}
	for _, tc := range tests {
		if got := analysis.StrengthOf(tc.p, tc.n, tc.c, tc.ct); got != tc.want {
			t.Errorf("StrengthOf(%d of %d, %d of %d cities) = %s, want %s", tc.p, tc.n, tc.c, tc.ct, got, tc.want)
		}
	}
}
