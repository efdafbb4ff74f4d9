package tracker_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := tracker.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want tracker.Status
		ok   bool
	}{
		{"proposed", tracker.StatusProposed, true},
		{"Accepted", tracker.StatusAccepted, true},
		{"in-progress", tracker.StatusInProgress, true},
		{"in progress", tracker.StatusInProgress, true},
		{" IN_PROGRESS ", tracker.StatusInProgress, true},
		{"blocked", tracker.StatusBlocked, true},
		{"done", tracker.StatusDone, true},
		{"dropped", tracker.StatusDropped, true},
		{"finished", "", false},
		{"", "", false},
		{"in--progress", tracker.StatusInProgress, true},
	}
	for _, tc := range tests {
		got, err := tracker.ParseStatus(tc.in)
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
		want tracker.Priority
		ok   bool
	}{{"high", tracker.PriorityHigh, true}, {" Medium", tracker.PriorityMedium, true}, {"LOW", tracker.PriorityLow, true}, {"urgent", "", false}, {"", "", false}} {
		got, err := tracker.ParsePriority(tc.in)
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
		got, err := tracker.ParseDate(tc.in)
		if (err == nil) != tc.ok || tracker.FormatDate(got) != tc.want {
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
	clock := tracker.Clock(func() time.Time { return time.Date(2026, 11, 23, 23, 30, 0, 0, montreal) })
	today := clock.Today()
	if got := tracker.FormatDate(today); got != "2026-11-23" {
		t.Fatalf("today = %s, want 2026-11-23", got)
	}
	tests := []struct {
		due     string
		status  tracker.Status
		left    int
		hasDue  bool
		overdue bool
		label   string
	}{
		{"2026-11-22", tracker.StatusAccepted, -1, true, true, "overdue by 1 day"},
		{"2026-09-30", tracker.StatusInProgress, -54, true, true, "overdue by 54 days"},
		{"2026-11-23", tracker.StatusInProgress, 0, true, false, "due today"},
		{"2026-11-24", tracker.StatusProposed, 1, true, false, "due in 1 day"},
		{"2027-01-01", tracker.StatusBlocked, 39, true, false, "due in 39 days"},
		{"2026-01-01", tracker.StatusDone, -326, true, false, ""},
		{"2026-01-01", tracker.StatusDropped, -326, true, false, ""},
		{"", tracker.StatusProposed, 0, false, false, ""},
		// Across the change to standard time and a leap year.
		{"2028-03-01", tracker.StatusAccepted, 464, true, false, "due in 464 days"},
	}
	for _, tc := range tests {
		r := tracker.Recommendation{ID: "R1", Status: tc.status, Due: day(t, tc.due)}
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
	recs := []tracker.Recommendation{
		{ID: "R1", Status: tracker.StatusInProgress, Priority: tracker.PriorityLow, Due: day(t, "2026-11-30")},
		{ID: "R2", Status: tracker.StatusAccepted, Priority: tracker.PriorityHigh, Due: day(t, "2026-10-01")},
		{ID: "R3", Status: tracker.StatusDone, Priority: tracker.PriorityHigh, Due: day(t, "2026-09-01")},
		{ID: "R4", Status: tracker.StatusDropped, Priority: tracker.PriorityHigh, Due: day(t, "2026-11-24")},
		{ID: "R5", Status: tracker.StatusBlocked, Priority: tracker.PriorityMedium, Due: day(t, "2026-11-20")},
		{ID: "R6", Status: tracker.StatusProposed, Priority: tracker.PriorityHigh},
		{ID: "R7", Status: tracker.StatusProposed, Priority: tracker.PriorityHigh, Due: day(t, "2027-06-01")},
		{ID: "R10", Status: tracker.StatusProposed, Priority: tracker.PriorityHigh, Due: day(t, "2026-11-30")},
		{ID: "R8", Status: tracker.StatusProposed, Priority: tracker.PriorityLow, Due: day(t, "2026-11-30")},
		{ID: "R9", Status: tracker.StatusAccepted, Priority: tracker.PriorityMedium, Due: day(t, "2026-11-23")},
	}
	ids := func(list []tracker.DueItem) string {
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
		got := tracker.DueList(recs, today, tc.within)
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
	order := append([]tracker.Recommendation(nil), recs...)
	tracker.Order(order, today)
	var got []string
	for _, r := range order {
		got = append(got, r.ID)
	}
	if s := strings.Join(got, " "); s != "R2 R5 R9 R10 R1 R8 R7 R6 R3 R4" {
		t.Errorf("tracker order %s", s)
	}
}

func TestFollowUpSummary(t *testing.T) {
	tests := []struct {
		f    tracker.FollowUp
		want string
	}{
		{tracker.FollowUp{Note: "Met IRCC."}, "Met IRCC."},
		{tracker.FollowUp{From: tracker.StatusAccepted, To: tracker.StatusInProgress, Note: "Funded."}, "accepted → in progress: Funded."},
		{tracker.FollowUp{From: tracker.StatusAccepted, To: tracker.StatusBlocked}, "accepted → blocked"},
		{tracker.FollowUp{To: tracker.StatusProposed, Note: "from the report"}, "created as proposed: from the report"},
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
		if got := tracker.RefLess(tc.a, tc.b); got != tc.less {
			t.Errorf("RefLess(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
	if tracker.RefNumber("R12") != 12 || tracker.RefNumber("R") != 0 || tracker.RefNumber("Rx") != 0 {
		t.Error("RefNumber")
	}
}

// The due list of a fixed day: overdue first, then what falls due within
// the window; done and dropped recommendations never appear.
func ExampleDueList() {
	d := func(s string) time.Time { t, _ := tracker.ParseDate(s); return t }
	recs := []tracker.Recommendation{
		{ID: "R1", Title: "Task force", Status: tracker.StatusInProgress, Due: d("2026-12-15")},
		{ID: "R2", Title: "Document help", Status: tracker.StatusAccepted, Due: d("2026-09-30")},
		{ID: "R3", Title: "Peer support", Status: tracker.StatusDone, Due: d("2026-06-30")},
	}
	today := tracker.Clock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }).Today()
	for _, x := range tracker.DueList(recs, today, 30) {
		fmt.Println(x.Rec.ID, x.Rec.Title, x.Rec.DueLabel(today))
	}
	// Output:
	// R2 Document help overdue by 54 days
	// R1 Task force due in 22 days
}
