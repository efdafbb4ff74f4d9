package tracker_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

func TestTally(t *testing.T) {
	today := day(t, "2026-11-23")
	recs := []tracker.Recommendation{
		{ID: "R1", Status: tracker.StatusInProgress, Due: day(t, "2026-09-30")}, // overdue
		{ID: "R2", Status: tracker.StatusInProgress, Due: day(t, "2026-12-30")},
		{ID: "R3", Status: tracker.StatusDone, Due: day(t, "2026-01-01")}, // closed: never overdue
		{ID: "R4", Status: tracker.StatusProposed},
	}
	counts, late := tracker.Tally(recs, today)
	if late != 1 || len(counts) != len(tracker.Statuses()) {
		t.Fatalf("Tally: %d overdue, %d counts", late, len(counts))
	}
	got := map[tracker.Status][2]int{}
	for _, c := range counts {
		got[c.Status] = [2]int{c.N, c.Overdue}
	}
	if got[tracker.StatusInProgress] != [2]int{2, 1} || got[tracker.StatusDone] != [2]int{1, 0} ||
		got[tracker.StatusProposed] != [2]int{1, 0} || got[tracker.StatusBlocked] != [2]int{0, 0} {
		t.Errorf("Tally counts %v", got)
	}
	want := "4 recommendations: 1 proposed, 2 in progress, 1 done; 1 overdue (as of 2026-11-23)"
	if s := tracker.TallyLine(recs, today); s != want {
		t.Errorf("TallyLine\n got %q\nwant %q", s, want)
	}
	if s := tracker.TallyLine(recs[3:], today); !strings.HasPrefix(s, "1 recommendation: 1 proposed;") {
		t.Errorf("TallyLine of one: %q", s)
	}
}

func TestEditDiff(t *testing.T) {
	str := func(s string) *string { return &s }
	prio := tracker.PriorityHigh
	due := time.Date(2026, 12, 1, 15, 0, 0, 0, time.FixedZone("EST", -5*3600))
	list := []string{" police ", "IRCC", "ircc"}
	r := &tracker.Recommendation{Title: "Task force", Owner: "Ana", Priority: tracker.PriorityMedium, Stakeholders: []string{"IRCC"}}
	tests := []struct {
		name string
		e    tracker.Edit
		want string
		err  bool
	}{
		{"same values", tracker.Edit{Title: str(" Task force "), Owner: str("Ana")}, "", false},
		{"owner", tracker.Edit{Owner: str(" Ben ")}, "owner Ana → Ben", false},
		{"owner cleared", tracker.Edit{Owner: str("")}, "owner Ana → (none)", false},
		{"title and priority", tracker.Edit{Title: str("Task force on repression"), Priority: &prio}, "title; priority medium → high", false},
		{"due", tracker.Edit{Due: &due}, "due (none) → 2026-12-01", false},
		{"stakeholders", tracker.Edit{Stakeholders: &list}, "stakeholders IRCC → IRCC, police", false},
		{"empty title", tracker.Edit{Title: str(" ")}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, notes, err := tc.e.Diff(r)
			if (err != nil) != tc.err {
				t.Fatalf("err %v", err)
			}
			if got := strings.Join(notes, "; "); got != tc.want {
				t.Errorf("notes %q, want %q", got, tc.want)
			}
		})
	}
	if got := tracker.EditNote(append([]string{"text"}, tracker.CodeChanges([]string{"A/B"}, nil)...)); got != "edited text; linked A/B" {
		t.Errorf("EditNote %q", got)
	}
}

func TestStatusText(t *testing.T) {
	var v struct {
		S tracker.Status   `json:"s"`
		P tracker.Priority `json:"p"`
	}
	if err := json.Unmarshal([]byte(`{"s":"In progress","p":" HIGH"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.S != tracker.StatusInProgress || v.P != tracker.PriorityHigh || v.S.String() != "in-progress" {
		t.Errorf("unmarshal %+v", v)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"s":"in-progress","p":"high"}` {
		t.Errorf("marshal %s", b)
	}
	if err := json.Unmarshal([]byte(`{"s":"finished"}`), &v); err == nil {
		t.Error("an unknown status was read")
	}
}

func TestParseRef(t *testing.T) {
	for in, want := range map[string]string{"R3": "R3", "r3": "R3", " 3 ": "R3", "R0": "", "R03": "", "x": "", "R+3": ""} {
		got, ok := tracker.ParseRef(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseRef(%q) = %q, %v", in, got, ok)
		}
	}
}
