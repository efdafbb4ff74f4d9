package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/coding"
)

func recStore(t *testing.T) *Store {
	t.Helper()
	s, _ := create(t, Options{})
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	montreal = time.FixedZone("EST", -5*3600)
	ana      = Stamp{At: time.Date(2026, 11, 23, 22, 15, 0, 0, montreal), Author: "ana"}
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := tracker.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAddRecommendation(t *testing.T) {
	s := recStore(t)
	r, err := s.AddRecommendation(tracker.Draft{Title: "  Fast documents ", Text: "Legal help and fast documents.",
		Owner: "Our program", Stakeholders: []string{"IRCC", "settlement agencies", "ircc", " "},
		Priority: "HIGH", Due: mustDate(t, "2026-09-30"), Codes: []string{"Legal assistance", "Adaptation and support systems/Immigration documents and delays"}},
		ana, "from the report")
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "R1" || r.Title != "Fast documents" || r.Priority != tracker.PriorityHigh || r.Status != tracker.StatusProposed {
		t.Errorf("added %+v", r)
	}
	if got := strings.Join(r.Stakeholders, "|"); got != "IRCC|settlement agencies" {
		t.Errorf("stakeholders %q", got)
	}
	// Codes come back in codebook order, whatever order they were given in.
	if got := strings.Join(r.CodePaths(), "|"); got != "Adaptation and support systems/Immigration documents and delays|Adaptation and support systems/Legal assistance" {
		t.Errorf("codes %q", got)
	}
	if tracker.FormatDate(r.Due) != "2026-09-30" {
		t.Errorf("due %v", r.Due)
	}
	if len(r.Log) != 1 || r.Log[0].To != tracker.StatusProposed || r.Log[0].From != "" || r.Log[0].Author != "ana" || r.Log[0].Note != "from the report" {
		t.Fatalf("creation log %+v", r.Log)
	}
	// The entry keeps the author's zone: 22:15 in Montreal is the 23rd there.
	if got := tracker.FormatDate(tracker.DateOf(r.Log[0].At)); got != "2026-11-23" {
		t.Errorf("log date %s, want the author's 2026-11-23", got)
	}
	r2, err := s.AddRecommendation(tracker.Draft{Title: "Peer support"}, ana, "")
	if err != nil || r2.ID != "R2" || r2.Priority != tracker.PriorityMedium || len(r2.Codes) != 0 {
		t.Fatalf("second: %+v, %v", r2, err)
	}

	bad := []struct {
		n   tracker.Draft
		msg string
	}{
		{tracker.Draft{Title: " "}, "title"},
		{tracker.Draft{Title: "x", Priority: "urgent"}, "priority"},
		{tracker.Draft{Title: "x", Status: "finished"}, "status"},
		{tracker.Draft{Title: "x", Codes: []string{"No such code"}}, `"No such code"`},
		{tracker.Draft{Title: "x", ID: "R1"}, "already exists"},
		{tracker.Draft{Title: "x", ID: "Q1"}, "R followed by a number"},
	}
	for _, tc := range bad {
		if _, err := s.AddRecommendation(tc.n, ana, ""); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("add %+v: %v, want an error about %s", tc.n, err, tc.msg)
		}
	}
	if _, err := s.AddRecommendation(tracker.Draft{Title: "x"}, Stamp{}, ""); err == nil {
		t.Error("a recommendation without an author for its log was added")
	}
	list, err := s.Recommendations()
	if err != nil || len(list) != 2 {
		t.Fatalf("%d recommendations after refused adds, %v", len(list), err)
	}
	// After R9, R10 sorts by number.
	if _, err := s.AddRecommendation(tracker.Draft{Title: "x", ID: "r9"}, ana, ""); err != nil {
		t.Fatal(err)
	}
	r10, err := s.AddRecommendation(tracker.Draft{Title: "y"}, ana, "")
	if err != nil || r10.ID != "R10" {
		t.Fatalf("next id %v, %v", r10.ID, err)
	}
	list, _ = s.Recommendations()
	var ids []string
	for _, r := range list {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "R1 R2 R9 R10" {
		t.Errorf("order %v", ids)
	}
	for _, ref := range []string{"r1", "1", " R1 "} {
		if r, err := s.Recommendation(ref); err != nil || r.ID != "R1" {
			t.Errorf("Recommendation(%q) = %v, %v", ref, r.ID, err)
		}
	}
	for _, ref := range []string{"R3", "R", "x", "R01", "-1"} {
		if _, err := s.Recommendation(ref); !errors.Is(err, ErrNotFound) {
			t.Errorf("Recommendation(%q): %v, want ErrNotFound", ref, err)
		}
	}
}

// TestStatusWritesLog: every status change writes its log entry in the
// same transaction; when the entry cannot be written, the status does not
// change either.
func TestStatusWritesLog(t *testing.T) {
	s := recStore(t)
	if _, err := s.AddRecommendation(tracker.Draft{Title: "Task force"}, ana, ""); err != nil {
		t.Fatal(err)
	}
	f, err := s.SetStatus("R1", tracker.StatusAccepted, "Agreed at the board meeting.", ana)
	if err != nil {
		t.Fatal(err)
	}
	if f.From != tracker.StatusProposed || f.To != tracker.StatusAccepted || f.ID == 0 {
		t.Errorf("entry %+v", f)
	}
	if _, err := s.SetStatus("R1", tracker.StatusAccepted, "", ana); !errors.Is(err, ErrSameStatus) {
		t.Errorf("same status: %v", err)
	}
	if _, err := s.SetStatus("R1", "finished", "", ana); err == nil {
		t.Error("unknown status accepted")
	}
	if _, err := s.SetStatus("R7", tracker.StatusDone, "", ana); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown recommendation: %v", err)
	}
	// Make the log refuse one note: the status change must roll back.
	if _, err := s.db.Exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON recommendation_log WHEN NEW.note = 'boom'
		BEGIN SELECT RAISE(ABORT, 'log write failed'); END`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetStatus("R1", tracker.StatusDone, "boom", ana); err == nil {
		t.Fatal("status change succeeded without its log entry")
	}
	r, _ := s.Recommendation("R1")
	if r.Status != tracker.StatusAccepted || len(r.Log) != 2 {
		t.Errorf("after a failed log write: status %s, %d entries; want accepted and 2", r.Status, len(r.Log))
	}
	if _, err := s.AddFollowUp("R1", "Called Public Safety.", Stamp{Author: "ben"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFollowUp("R1", "  ", ana); err == nil {
		t.Error("empty follow-up accepted")
	}
	r, _ = s.Recommendation("R1")
	if len(r.Log) != 3 || r.Log[2].Author != "ben" || r.Log[2].StatusChange() || r.Status != tracker.StatusAccepted {
		t.Errorf("log %+v", r.Log)
	}
	if time.Since(r.Log[2].At) > time.Minute {
		t.Errorf("a zero stamp is not now: %v", r.Log[2].At)
	}
}

// TestLogImmutable: nothing in the log can be edited or deleted, not even
// with SQL, and a recommendation with a log cannot be deleted.
func TestLogImmutable(t *testing.T) {
	s := recStore(t)
	if _, err := s.AddRecommendation(tracker.Draft{Title: "Platform"}, ana, "created"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetStatus("R1", tracker.StatusBlocked, "no funding", ana); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE recommendation_log SET note = 'rewritten'`,
		`UPDATE recommendation_log SET status_to = 'done' WHERE id = 2`,
		`DELETE FROM recommendation_log WHERE id = 1`,
		`DELETE FROM recommendation_log`,
		`DELETE FROM recommendations`,
	} {
		if _, err := s.db.Exec(q); err == nil {
			t.Errorf("%s: succeeded", q)
		}
	}
	r, _ := s.Recommendation("R1")
	if len(r.Log) != 2 || r.Log[0].Note != "created" || r.Log[1].Note != "no funding" || r.Log[1].To != tracker.StatusBlocked {
		t.Errorf("log changed: %+v", r.Log)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM recommendation_log`).Scan(&n)
	if n != 2 {
		t.Errorf("%d log rows, want 2", n)
	}
}

func TestEditRecommendation(t *testing.T) {
	s := recStore(t)
	if _, err := s.AddRecommendation(tracker.Draft{Title: "Networking", Owner: "Ana", Due: mustDate(t, "2026-06-30"),
		Stakeholders: []string{"city"}, Codes: []string{"Networking"}}, ana, ""); err != nil {
		t.Fatal(err)
	}
	str := func(s string) *string { return &s }
	prio := tracker.PriorityHigh
	due := mustDate(t, "2026-12-31")
	sh := []string{"municipalities", "unions"}
	codes := []string{"Networking", "Community and diaspora support"}
	r, err := s.EditRecommendation("R1", tracker.Edit{Title: str("Networking with local communities"), Owner: str("Ben"),
		Priority: &prio, Due: &due, Stakeholders: &sh, Codes: &codes}, ana)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Networking with local communities" || r.Owner != "Ben" || r.Priority != prio || tracker.FormatDate(r.Due) != "2026-12-31" ||
		strings.Join(r.Stakeholders, ",") != "municipalities,unions" || len(r.Codes) != 2 {
		t.Errorf("edited %+v", r)
	}
	last, _ := r.LastFollowUp()
	want := "edited title; owner Ana → Ben; priority medium → high; due 2026-06-30 → 2026-12-31; stakeholders city → municipalities, unions; linked Adaptation and support systems/Community and diaspora support"
	if last.Note != want || last.StatusChange() {
		t.Errorf("edit log %q\nwant        %q", last.Note, want)
	}
	// The same values again change nothing and write nothing.
	if r2, err := s.EditRecommendation("R1", tracker.Edit{Owner: str("Ben"), Due: &due}, ana); err != nil || len(r2.Log) != len(r.Log) {
		t.Errorf("no-op edit: %d entries (was %d), %v", len(r2.Log), len(r.Log), err)
	}
	zero := time.Time{}
	if r3, err := s.EditRecommendation("R1", tracker.Edit{Due: &zero}, ana); err != nil || !r3.Due.IsZero() {
		t.Errorf("clearing the due date: %v, %v", r3.Due, err)
	}
	if _, err := s.EditRecommendation("R1", tracker.Edit{Title: str(" ")}, ana); err == nil {
		t.Error("an empty title was accepted")
	}
	if _, err := s.EditRecommendation("R1", tracker.Edit{Codes: &[]string{"Nope"}}, ana); err == nil {
		t.Error("an unknown code was linked")
	}
}

func TestLinkCodes(t *testing.T) {
	s := recStore(t)
	if _, err := s.AddRecommendation(tracker.Draft{Title: "Platform"}, ana, ""); err != nil {
		t.Fatal(err)
	}
	r, err := s.LinkCodes("R1", []string{"Secure collaboration platform", "Surveillance and digital threats"}, false, ana)
	if err != nil || len(r.Codes) != 2 {
		t.Fatalf("link: %v, %v", r.Codes, err)
	}
	if _, err := s.LinkCodes("R1", []string{"Secure collaboration platform"}, false, ana); err == nil {
		t.Error("linking a linked code again is not reported")
	}
	r, err = s.LinkCodes("R1", []string{"Surveillance and digital threats"}, true, ana)
	if err != nil || len(r.Codes) != 1 {
		t.Fatalf("unlink: %v, %v", r.Codes, err)
	}
	last, _ := r.LastFollowUp()
	if last.Note != "unlinked Risks of activism and transnational repression/Surveillance and digital threats" {
		t.Errorf("unlink log %q", last.Note)
	}
	// Codebook changes follow the links: a merge moves it, a delete drops it.
	if _, err := s.MergeCode("Secure collaboration platform", "Networking"); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Recommendation("R1")
	if strings.Join(r.CodePaths(), ",") != "Recognition and capacity building/Networking" {
		t.Errorf("after merge: %v", r.CodePaths())
	}
	if _, err := s.DeleteCode("Networking", true); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Recommendation("R1")
	if len(r.Codes) != 0 {
		t.Errorf("after delete: %v", r.CodePaths())
	}
}

// TestImportRecommendationsAllOrNothing: one bad row refuses the whole import, and every
// bad row is reported with its line.
func TestImportRecommendationsAllOrNothing(t *testing.T) {
	s := recStore(t)
	if _, err := s.AddRecommendation(tracker.Draft{Title: "Existing"}, ana, ""); err != nil {
		t.Fatal(err)
	}
	list := []tracker.Draft{
		{Title: "Fine", Line: 2},
		{Title: "Bad code", Codes: []string{"Networking", "Nope"}, Line: 3},
		{Title: "Taken", ID: "R1", Line: 4},
		{Title: "Twice", ID: "R5", Line: 5},
		{Title: "Twice again", ID: "R5", Line: 6},
	}
	_, err := s.ImportRecommendations(list, ana, "imported")
	if err == nil {
		t.Fatal("a bad import succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"line 3: code \"Nope\"", "line 4: recommendation R1: already exists", "line 6: id R5 is also on line 5"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Index(msg, "line 3") > strings.Index(msg, "line 4") {
		t.Errorf("errors not in line order: %q", msg)
	}
	if got, _ := s.Recommendations(); len(got) != 1 {
		t.Fatalf("%d recommendations after a refused import, want 1", len(got))
	}
	// Rows that bring an id keep it; the others get numbers after them.
	refs, err := s.ImportRecommendations([]tracker.Draft{
		{Title: "A", Line: 2},
		{Title: "B", ID: "R3", Status: "in progress", Line: 3},
		{Title: "C", Line: 4, Log: []tracker.FollowUp{
			{At: time.Date(2026, 4, 2, 10, 0, 0, 0, montreal), Author: "ana", To: tracker.StatusProposed, Note: "from the report"},
			{At: time.Date(2026, 5, 2, 10, 0, 0, 0, montreal), Author: "ben", From: tracker.StatusProposed, To: tracker.StatusAccepted},
		}, Status: tracker.StatusAccepted},
	}, ana, "imported")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(refs, " ") != "R4 R3 R5" {
		t.Errorf("refs %v", refs)
	}
	b, _ := s.Recommendation("R3")
	if b.Status != tracker.StatusInProgress || len(b.Log) != 1 || b.Log[0].To != tracker.StatusInProgress || b.Log[0].Note != "imported" {
		t.Errorf("R3 %+v", b)
	}
	c, _ := s.Recommendation("R5")
	if len(c.Log) != 2 || c.Log[1].Author != "ben" || tracker.FormatDate(c.Created) != "2026-04-02" {
		t.Errorf("R5 log kept? %+v", c)
	}
	// A log that ends on another status than the recommendation's is refused.
	_, err = s.ImportRecommendations([]tracker.Draft{{Title: "D", Status: tracker.StatusDone, Line: 9, Log: []tracker.FollowUp{
		{At: time.Now(), Author: "ana", To: tracker.StatusProposed}}}}, ana, "")
	if err == nil || !strings.Contains(err.Error(), "line 9") {
		t.Errorf("inconsistent log: %v", err)
	}
}
