package demo

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/internal/store"
)

// TestDemoRecommendations checks the tracker of the demo project: the
// study's six recommendations, each linked to codes, with an owner,
// stakeholders, a due date and a log; on 2026-11-23 some are overdue and
// some are not; every one has evidence in the coded speech.
func TestDemoRecommendations(t *testing.T) {
	p := filepath.Join(t.TempDir(), DefaultFile)
	sum, err := Build(p, store.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Recommendations != 6 {
		t.Errorf("summary says %d recommendations, want 6", sum.Recommendations)
	}
	s, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.Recommendations()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("%d recommendations, want 6", len(recs))
	}
	topics := []string{"immigration", "networking", "task force", "capacity building", "secure collaboration platform", "peer support"}
	today, _ := tracker.ParseDate("2026-11-23")
	statuses := map[tracker.Status]bool{}
	overdue, upcoming := 0, 0
	for i, r := range recs {
		if want := "R" + string(rune('1'+i)); r.ID != want {
			t.Errorf("recommendation %d is %s, want %s", i, r.ID, want)
		}
		if !strings.Contains(strings.ToLower(r.Title), topics[i]) {
			t.Errorf("%s %q is not about %s", r.ID, r.Title, topics[i])
		}
		if len(r.Codes) == 0 || r.Owner == "" || len(r.Stakeholders) == 0 || r.Due.IsZero() || r.Text == "" {
			t.Errorf("%s lacks codes, owner, stakeholders, due date or text: %+v", r.ID, r)
		}
		if len(r.Log) < 2 {
			t.Errorf("%s has a log of %d entries, want a short log", r.ID, len(r.Log))
		}
		if r.Log[0].To != tracker.StatusProposed || r.Log[0].From != "" {
			t.Errorf("%s's log does not start with its proposal: %+v", r.ID, r.Log[0])
		}
		for j, f := range r.Log {
			if j > 0 && f.At.Before(r.Log[j-1].At) {
				t.Errorf("%s's log is not in time order at entry %d", r.ID, j+1)
			}
			if !tracker.DateOf(f.At).Before(today) {
				t.Errorf("%s has a log entry dated %v, after the demo's day", r.ID, f.At)
			}
			if f.Author == "" {
				t.Errorf("%s log entry %d has no author", r.ID, j+1)
			}
		}
		statuses[r.Status] = true
		if r.Overdue(today) {
			overdue++
		} else if left, _ := r.DaysLeft(today); left >= 0 && !r.Status.Closed() {
			upcoming++
		}
	}
	if overdue < 2 || upcoming < 2 {
		t.Errorf("on 2026-11-23: %d overdue and %d upcoming, want some of each", overdue, upcoming)
	}
	if len(statuses) < 4 || !statuses[tracker.StatusDone] {
		t.Errorf("statuses %v: want a variety, one done", statuses)
	}
	d, err := s.Dataset(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	evs, err := analysis.EvidenceOf(d, recs, analysis.EvidenceQuotes, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, ev := range evs {
		if ev.Participants == 0 || len(ev.Quotes) != analysis.EvidenceQuotes || len(ev.Cities) != 3 {
			t.Errorf("%s evidence: %d participants, %d quotes, cities %v", recs[i].ID, ev.Participants, len(ev.Quotes), ev.Cities)
		}
	}
}

// TestRecommendationsFileReads: the corpus file is a valid export whose
// codes are all in the starter codebook (checked by Build above) and whose
// people are invented: authors are not participants' pseudonyms.
func TestRecommendationsFileReads(t *testing.T) {
	data, err := fs.ReadFile(Corpus, path.Join(dir, RecommendationsFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := tracker.ReadRecs(RecommendationsFile, data)
	if err != nil {
		t.Fatal(err)
	}
	roster, err := fs.ReadFile(Corpus, path.Join(dir, "roster.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, f := range r.Log {
			if strings.Contains(strings.ToLower(string(roster)), ","+strings.ToLower(f.Author)+",") {
				t.Errorf("%s: log author %q is a participant's name", r.ID, f.Author)
			}
		}
	}
}
