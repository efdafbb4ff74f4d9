package analysis_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := analysis.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want analysis.Status
		ok   bool
	}{
		{"proposed", analysis.StatusProposed, true},
		{"Accepted", analysis.StatusAccepted, true},
		{"in-progress", analysis.StatusInProgress, true},
		{"in progress", analysis.StatusInProgress, true},
		{" IN_PROGRESS ", analysis.StatusInProgress, true},
		{"blocked", analysis.StatusBlocked, true},
		{"done", analysis.StatusDone, true},
		{"dropped", analysis.StatusDropped, true},
		{"finished", "", false},
		{"", "", false},
		{"in--progress", analysis.StatusInProgress, true},
	}
	for _, tc := range tests {
		got, err := analysis.ParseStatus(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "in-progress") {
			t.Errorf("ParseStatus(%q) error %q does not list the statuses", tc.in, err)
		}
	}
}

func TestParsePriority(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want analysis.Priority
		ok   bool
	}{{"high", analysis.PriorityHigh, true}, {" Medium", analysis.PriorityMedium, true}, {"LOW", analysis.PriorityLow, true}, {"urgent", "", false}, {"", "", false}} {
		got, err := analysis.ParsePriority(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParsePriority(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{{"2026-11-23", "2026-11-23", true}, {" 2026-02-28 ", "2026-02-28", true}, {"", "", true},
		{"2026-02-30", "", false}, {"23/11/2026", "", false}, {"2026-11-23T10:00:00Z", "", false}} {
		got, err := analysis.ParseDate(tc.in)
		if (err == nil) != tc.ok || analysis.FormatDate(got) != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v", tc.in, got, err)
		}
	}
}

// TestOverdueFixedClock checks the due rule on a fixed clock: due on the
// day, overdue from the day after, never when closed or without a date.
func TestOverdueFixedClock(t *testing.T) {
	montreal := time.FixedZone("EST", -5*3600)
	// 23:30 in Montreal on 23 November is already 24 November in UTC: the
	// day is the one on the user's wall.
	clock := analysis.Clock(func() time.Time { return time.Date(2026, 11, 23, 23, 30, 0, 0, montreal) })
	today := clock.Today()
	if got := analysis.FormatDate(today); got != "2026-11-23" {
		t.Fatalf("today = %s, want 2026-11-23", got)
	}
	tests := []struct {
		due     string
		status  analysis.Status
		left    int
		hasDue  bool
		overdue bool
		label   string
	}{
		{"2026-11-22", analysis.StatusAccepted, -1, true, true, "overdue by 1 day"},
		{"2026-09-30", analysis.StatusInProgress, -54, true, true, "overdue by 54 days"},
		{"2026-11-23", analysis.StatusInProgress, 0, true, false, "due today"},
		{"2026-11-24", analysis.StatusProposed, 1, true, false, "due in 1 day"},
		{"2027-01-01", analysis.StatusBlocked, 39, true, false, "due in 39 days"},
		{"2026-01-01", analysis.StatusDone, -326, true, false, ""},
		{"2026-01-01", analysis.StatusDropped, -326, true, false, ""},
		{"", analysis.StatusProposed, 0, false, false, ""},
		// Across the change to standard time and a leap year.
		{"2028-03-01", analysis.StatusAccepted, 464, true, false, "due in 464 days"},
	}
	for _, tc := range tests {
		r := analysis.Recommendation{ID: "R1", Status: tc.status, Due: day(t, tc.due)}
		left, ok := r.DaysLeft(today)
		if left != tc.left || ok != tc.hasDue {
			t.Errorf("due %s: DaysLeft = %d, %v; want %d, %v", tc.due, left, ok, tc.left, tc.hasDue)
		}
		if got := r.Overdue(today); got != tc.overdue {
			t.Errorf("due %s %s: Overdue = %v, want %v", tc.due, tc.status, got, tc.overdue)
		}
		if got := r.DueLabel(today); got != tc.label {
			t.Errorf("due %s %s: DueLabel = %q, want %q", tc.due, tc.status, got, tc.label)
		}
	}
}

func TestDueList(t *testing.T) {
	today := day(t, "2026-11-23")
	recs := []analysis.Recommendation{
		{ID: "R1", Status: analysis.StatusInProgress, Priority: analysis.PriorityLow, Due: day(t, "2026-11-30")},
		{ID: "R2", Status: analysis.StatusAccepted, Priority: analysis.PriorityHigh, Due: day(t, "2026-10-01")},
		{ID: "R3", Status: analysis.StatusDone, Priority: analysis.PriorityHigh, Due: day(t, "2026-09-01")},
		{ID: "R4", Status: analysis.StatusDropped, Priority: analysis.PriorityHigh, Due: day(t, "2026-11-24")},
		{ID: "R5", Status: analysis.StatusBlocked, Priority: analysis.PriorityMedium, Due: day(t, "2026-11-20")},
		{ID: "R6", Status: analysis.StatusProposed, Priority: analysis.PriorityHigh},
		{ID: "R7", Status: analysis.StatusProposed, Priority: analysis.PriorityHigh, Due: day(t, "2027-06-01")},
		{ID: "R10", Status: analysis.StatusProposed, Priority: analysis.PriorityHigh, Due: day(t, "2026-11-30")},
		{ID: "R8", Status: analysis.StatusProposed, Priority: analysis.PriorityLow, Due: day(t, "2026-11-30")},
		{ID: "R9", Status: analysis.StatusAccepted, Priority: analysis.PriorityMedium, Due: day(t, "2026-11-23")},
	}
	ids := func(list []analysis.DueItem) string {
		var s []string
		for _, x := range list {
			s = append(s, fmt.Sprintf("%s:%d", x.Rec.ID, x.DaysLeft))
		}
		return strings.Join(s, " ")
	}
	tests := []struct {
		within int
		want   string
	}{
		{30, "R2:-53 R5:-3 R9:0 R10:7 R1:7 R8:7"},
		{0, "R2:-53 R5:-3 R9:0"},
		{6, "R2:-53 R5:-3 R9:0"},
		{-1, "R2:-53 R5:-3 R9:0 R10:7 R1:7 R8:7 R7:190"},
	}
	for _, tc := range tests {
		got := analysis.DueList(recs, today, tc.within)
		if ids(got) != tc.want {
			t.Errorf("within %d: %s\nwant %s", tc.within, ids(got), tc.want)
		}
		for _, x := range got {
			if x.Rec.Status.Closed() {
				t.Errorf("within %d: %s is %s and listed", tc.within, x.Rec.ID, x.Rec.Status)
			}
			if x.Overdue != (x.DaysLeft < 0) {
				t.Errorf("%s: overdue %v with %d days left", x.Rec.ID, x.Overdue, x.DaysLeft)
			}
		}
	}
	order := append([]analysis.Recommendation(nil), recs...)
	analysis.TrackerOrder(order, today)
	var got []string
	for _, r := range order {
		got = append(got, r.ID)
	}
	if s := strings.Join(got, " "); s != "R2 R5 R9 R10 R1 R8 R7 R6 R3 R4" {
		t.Errorf("tracker order %s", s)
	}
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

func TestFollowUpSummary(t *testing.T) {
	tests := []struct {
		f    analysis.FollowUp
		want string
	}{
		{analysis.FollowUp{Note: "Met IRCC."}, "Met IRCC."},
		{analysis.FollowUp{From: analysis.StatusAccepted, To: analysis.StatusInProgress, Note: "Funded."}, "accepted → in progress: Funded."},
		{analysis.FollowUp{From: analysis.StatusAccepted, To: analysis.StatusBlocked}, "accepted → blocked"},
		{analysis.FollowUp{To: analysis.StatusProposed, Note: "from the report"}, "created as proposed: from the report"},
	}
	for _, tc := range tests {
		if got := tc.f.Summary(); got != tc.want {
			t.Errorf("Summary = %q, want %q", got, tc.want)
		}
	}
}

func TestRefOrder(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{{"R2", "R10", true}, {"R10", "R2", false}, {"R1", "R1", false}, {"X", "R1", true}} {
		if got := analysis.RefLess(tc.a, tc.b); got != tc.less {
			t.Errorf("RefLess(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
	if analysis.RefNumber("R12") != 12 || analysis.RefNumber("R") != 0 || analysis.RefNumber("Rx") != 0 {
		t.Error("RefNumber")
	}
}

// The due list of a fixed day: overdue first, then what falls due within
// the window; done and dropped recommendations never appear.
func ExampleDueList() {
	d := func(s string) time.Time { t, _ := analysis.ParseDate(s); return t }
	recs := []analysis.Recommendation{
		{ID: "R1", Title: "Task force", Status: analysis.StatusInProgress, Due: d("2026-12-15")},
		{ID: "R2", Title: "Document help", Status: analysis.StatusAccepted, Due: d("2026-09-30")},
		{ID: "R3", Title: "Peer support", Status: analysis.StatusDone, Due: d("2026-06-30")},
	}
	today := analysis.Clock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }).Today()
	for _, x := range analysis.DueList(recs, today, 30) {
		fmt.Println(x.Rec.ID, x.Rec.Title, x.Rec.DueLabel(today))
	}
	// Output:
	// R2 Document help overdue by 54 days
	// R1 Task force due in 22 days
}
