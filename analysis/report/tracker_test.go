package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fieldwork-qda/fieldwork/analysis"
	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// trackerDataset: two cities, three participants; "Legal" is mentioned by
// A-01 and B-01, "Threats" by A-02 alone.
func trackerDataset() *analysis.Dataset {
	return trackerDatasetOf("Lawyers help me a lot, they really do.", "My family is threatened back home every week.", "Lawyers are expensive and slow for people like us.")
}

// trackerDatasetOf is trackerDataset with other words: A-01 says s1, A-02
// s2, B-01 s3.
func trackerDatasetOf(s1, s2, s3 string) *analysis.Dataset {
	d := &analysis.Dataset{Project: "tiny"}
	texts := []string{s1 + "\n\n" + s2, s3}
	d.Sources = []analysis.Source{{ID: 1, Name: "fg-a", City: "A", Group: "A-1", Text: texts[0]}, {ID: 2, Name: "fg-b", City: "B", Group: "B-1", Text: texts[1]}}
	n1 := len([]rune(s1))
	b2 := n1 + 2
	e2 := len([]rune(texts[0]))
	e3 := len([]rune(texts[1]))
	d.Turns = []analysis.Turn{{Source: 1, Index: 0, Participant: "A-01", Start: 0, End: n1}, {Source: 1, Index: 1, Participant: "A-02", Start: b2, End: e2},
		{Source: 2, Index: 0, Participant: "B-01", Start: 0, End: e3}}
	d.Sentences = []analysis.Sentence{{Source: 1, Index: 0, Turn: 0, Start: 0, End: n1}, {Source: 1, Index: 1, Turn: 1, Start: b2, End: e2},
		{Source: 2, Index: 0, Turn: 0, Start: 0, End: e3}}
	d.Participants = []analysis.Participant{{ID: "A-01", City: "A", Group: "A-1"}, {ID: "A-02", City: "A", Group: "A-1"}, {ID: "B-01", City: "B", Group: "B-1"}}
	d.Codes = []analysis.Code{{ID: 1, Name: "Theme", Path: "Theme"}, {ID: 2, ParentID: 1, Name: "Legal", Path: "Theme/Legal"}, {ID: 3, ParentID: 1, Name: "Threats", Path: "Theme/Threats"}}
	d.Codings = []analysis.Coding{{ID: 1, Source: 1, Code: 2, Start: 0, End: n1, Coder: "lea"}, {ID: 2, Source: 1, Code: 3, Start: b2, End: e2, Coder: "lea"},
		{ID: 3, Source: 2, Code: 2, Start: 0, End: e3, Coder: "sam"}}
	return d
}

// zeroDay is no day: a report without recommendations needs none.
var zeroDay time.Time

func trackerRecs() []tracker.Recommendation {
	day := func(s string) time.Time { t, _ := tracker.ParseDate(s); return t }
	return []tracker.Recommendation{
		{ID: "R1", Title: "Legal clinic", Status: tracker.StatusDone, Priority: tracker.PriorityLow, Due: day("2026-01-31"),
			Codes: []tracker.LinkedCode{{ID: 2, Path: "Theme/Legal"}}},
		{ID: "R2", Title: "Protect families", Text: "A hotline.", Owner: "Ana", Stakeholders: []string{"police"}, Status: tracker.StatusBlocked,
			Priority: tracker.PriorityHigh, Due: day("2026-11-01"), Codes: []tracker.LinkedCode{{ID: 3, Path: "Theme/Threats"}},
			Log: []tracker.FollowUp{{At: time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC), Author: "ben", From: tracker.StatusAccepted, To: tracker.StatusBlocked, Note: "No contact."}}},
		{ID: "R3", Title: "Nothing yet", Status: tracker.StatusProposed, Priority: tracker.PriorityMedium},
	}
}

func buildTracker(t *testing.T, suppress int, recs []tracker.Recommendation, today time.Time) *Report {
	t.Helper()
	a, err := analysis.New(trackerDataset(), analysis.Options{SuppressBelow: suppress})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{Recommendations: recs, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTrackerSection(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	r := buildTracker(t, 0, trackerRecs(), today)
	var md bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	sec := md.String()[strings.Index(md.String(), "## Recommendation tracker"):]
	for _, want := range []string{
		"As of 2026-11-23: 3 recommendations, 1 overdue; 1 proposed, 1 blocked, 1 done.",
		"| R2  | Protect families | blocked  | high     | 2026-11-01 (overdue by 22 days) | weak     |       1 of 3 | 1 of 2 | 2026-10-02     |",
		"### R2. Protect families\n\nBlocked · high priority · owner: Ana · due 2026-11-01, overdue by 22 days\nStakeholders: police.\nLinked codes: Threats.",
		"Evidence: weak — 1 of 3 participants, in 1 of 2 cities; 1 coding.",
		"> “My family is threatened back home every week.” — A-02, A",
		"Last follow-up: 2026-10-02, ben: accepted → blocked: No contact.",
		"Evidence: none: no code is linked.",
		"Evidence: strong — 2 of 3 participants, in 2 of 2 cities; 2 codings.",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("tracker section lacks %q:\n%s", want, sec)
		}
	}
	// Overdue first, done last.
	if i, j, k := strings.Index(sec, "### R2"), strings.Index(sec, "### R3"), strings.Index(sec, "### R1"); !(i < j && j < k) {
		t.Errorf("order R2 %d, R3 %d, R1 %d", i, j, k)
	}
	var html bytes.Buffer
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href="#tracker">Tracker</a>`, `<section id="tracker">`, `<tr class="overdue"><td>R2</td>`,
		`<article class="rec overdue">`, "article.rec.overdue", "— A-02, A"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	names := []string{}
	for _, tb := range r.Tables() {
		names = append(names, tb.Name)
	}
	if got := strings.Join(names[len(names)-2:], ","); got != "tracker_status,tracker" {
		t.Errorf("last tables %s", got)
	}
	about := r.About()
	if about.Cell(about.Rows()-1, 0).Str != "tracker_as_of" || about.Cell(about.Rows()-1, 1).Str != "2026-11-23" {
		t.Errorf("about does not say the tracker's day")
	}
	data, err := XLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("tracker")
	if len(rows) != 4 || rows[0][0] != "id" || rows[1][0] != "R2" {
		t.Errorf("tracker sheet %v", rows)
	}
	if typ, _ := f.GetCellType("tracker", "K2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("participants is not a number in the tracker sheet: %v", typ)
	}
}

// TestTrackerSuppressed: with small-cell suppression, a recommendation's
// evidence from fewer than N participants is withheld, quotes included.
func TestTrackerSuppressed(t *testing.T) {
	r := buildTracker(t, 3, trackerRecs(), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	var md bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	sec := md.String()[strings.Index(md.String(), "## Recommendation tracker"):]
	if strings.Contains(sec, "threatened") || strings.Contains(sec, "Lawyers") {
		t.Errorf("a suppressed recommendation's quote is shown:\n%s", sec)
	}
	if !strings.Contains(sec, "Evidence: <3 of 3 participants; details withheld: too few participants.") {
		t.Errorf("no withheld evidence:\n%s", sec)
	}
	if !strings.Contains(sec, "<3: fewer than 3 participants") {
		t.Errorf("no legend:\n%s", sec)
	}
}

// TestNoTracker: without recommendations the report is what it was, and
// with some it needs the day.
func TestNoTracker(t *testing.T) {
	a, err := analysis.New(trackerDataset(), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var md, html bytes.Buffer
	WriteMarkdown(&md, r)
	WriteHTML(&html, r)
	if r.Tracker != nil || strings.Contains(md.String(), "tracker") || strings.Contains(html.String(), "tracker") || len(r.Tables()) != 9 {
		t.Error("a report without recommendations has a tracker")
	}
	if _, err := Build(a, Options{Recommendations: trackerRecs()}); err == nil {
		t.Error("a tracker was built without a day")
	}
}
