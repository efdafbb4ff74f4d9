package tracker_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

func sampleRecs(t *testing.T) []tracker.Recommendation {
	t.Helper()
	zone := time.FixedZone("EST", -5*3600)
	return []tracker.Recommendation{
		{ID: "R1", Title: "Fast documents, with legal help", Text: "Streamline \"immigration\"; help with documents.",
			Owner: "Our program", Stakeholders: []string{"IRCC", "settlement agencies"}, Priority: tracker.PriorityHigh,
			Status: tracker.StatusInProgress, Due: day(t, "2026-09-30"),
			Codes:   []tracker.LinkedCode{{ID: 2, Path: "Adaptation/Legal assistance"}, {ID: 3, Path: "Adaptation/Documents"}},
			Created: time.Date(2026, 4, 2, 10, 0, 0, 0, zone),
			Log: []tracker.FollowUp{
				{At: time.Date(2026, 4, 2, 10, 0, 0, 0, zone), Author: "ana", To: tracker.StatusProposed, Note: "from the report"},
				{At: time.Date(2026, 6, 1, 9, 30, 0, 0, zone), Author: "ben", From: tracker.StatusProposed, To: tracker.StatusInProgress, Note: "Clinic agreed."},
				{At: time.Date(2026, 7, 1, 9, 30, 0, 0, zone), Author: "ana", Note: "First clinic day held."},
			}},
		{ID: "R2", Title: "Peer support", Priority: tracker.PriorityLow, Status: tracker.StatusProposed, Stakeholders: []string{}},
	}
}

// TestRecsJSONRoundTrip: an export reads back as the same recommendations,
// log included.
func TestRecsJSONRoundTrip(t *testing.T) {
	recs := sampleRecs(t)
	var b bytes.Buffer
	if err := tracker.WriteRecsJSON(&b, recs); err != nil {
		t.Fatal(err)
	}
	rows, err := tracker.ReadRecs("recs.json", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if r.ID != "R1" || r.Title != recs[0].Title || r.Text != recs[0].Text || r.Owner != "Our program" ||
		strings.Join(r.Stakeholders, "|") != "IRCC|settlement agencies" || r.Priority != tracker.PriorityHigh ||
		r.Status != tracker.StatusInProgress || tracker.FormatDate(r.Due) != "2026-09-30" ||
		strings.Join(r.Codes, "|") != "Adaptation/Legal assistance|Adaptation/Documents" || r.Line != 4 {
		t.Errorf("row %+v", r)
	}
	if len(r.Log) != 3 || !r.Log[1].At.Equal(recs[0].Log[1].At) || r.Log[1].From != tracker.StatusProposed || r.Log[2].Note != "First clinic day held." {
		t.Errorf("log %+v", r.Log)
	}
	if _, off := r.Log[0].At.Zone(); off != -5*3600 {
		t.Errorf("the author's zone was lost: %v", r.Log[0].At)
	}
	// A bare array reads too.
	rows, err = tracker.ReadRecs("list.json", []byte(`[{"title": "One"},
  {"title": "Two", "priority": "High", "status": "in progress", "codes": ["Networking"]}]`))
	if err != nil || len(rows) != 2 || rows[1].Line != 2 || rows[1].Status != tracker.StatusInProgress || rows[1].Priority != tracker.PriorityHigh {
		t.Errorf("array: %+v, %v", rows, err)
	}
}

// TestRecsCSVRoundTrip: the CSV export reads back (without its log).
func TestRecsCSVRoundTrip(t *testing.T) {
	recs := sampleRecs(t)
	var b bytes.Buffer
	if err := tracker.WriteRecsCSV(&b, recs); err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(b.String(), "\n", 2)[0]
	if head != "id,title,text,owner,stakeholders,priority,status,due,codes,created_at,last_follow_up_at,last_follow_up" {
		t.Errorf("header %q", head)
	}
	if !strings.Contains(b.String(), "2026-07-01T09:30:00-05:00,First clinic day held.") {
		t.Errorf("last follow-up missing:\n%s", b.String())
	}
	rows, err := tracker.ReadRecs("recs.csv", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if len(rows) != 2 || r.Title != recs[0].Title || r.Text != recs[0].Text || strings.Join(r.Codes, "|") != "Adaptation/Legal assistance|Adaptation/Documents" ||
		strings.Join(r.Stakeholders, "|") != "IRCC|settlement agencies" || r.Status != tracker.StatusInProgress || r.Line != 2 || len(r.Log) != 0 {
		t.Errorf("row %+v", r)
	}
	if rows[1].Line != 3 || rows[1].Priority != tracker.PriorityLow {
		t.Errorf("row 2 %+v", rows[1])
	}
}

// TestReadRecsCSV: a report's recommendation list with other column
// names, a BOM, quoted line breaks and blank lines.
func TestReadRecsCSV(t *testing.T) {
	data := "\ufeffRecommendation,Description,Lead,Stakeholder,Priority,Deadline,Evidence codes\n" +
		"Task force on transnational repression,\"Digital security,\nlegal protection\",Our program,Public Safety; RCMP,high,2026-12-31,Threats to self or family;Police and public-safety response\n" +
		"\n" +
		"Secure platform,,,,,,\n"
	rows, err := tracker.ReadRecs("list.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Text != "Digital security,\nlegal protection" || rows[0].Owner != "Our program" ||
		strings.Join(rows[0].Stakeholders, "|") != "Public Safety|RCMP" || len(rows[0].Codes) != 2 || rows[1].Line != 5 ||
		rows[1].Priority != "" || rows[1].Status != "" {
		t.Errorf("rows %+v", rows)
	}
}

// TestReadRecsErrors: every bad row is reported with its line, and
// nothing is returned.
func TestReadRecsErrors(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{"bad.csv", "title,priority,due,status\nOne,urgent,2026-01-01,\n,low,,\nThree,high,31/12/2026,finished\nFour,low,,\n",
			[]string{`bad.csv line 2: priority "urgent"`, "bad.csv line 3: no title", `bad.csv line 4: status "finished"`, `due date "31/12/2026"`}},
		{"cols.csv", "title,colour\nx,red\n", []string{`cols.csv line 1: unknown column "colour"`}},
		{"notitle.csv", "owner,due\nx,\n", []string{"no title column"}},
		{"twice.csv", "title,Title\nx,y\n", []string{`column "title" appears twice`}},
		{"wide.csv", "title\nx,y\n", []string{"line 2: 2 cells but the header has 1"}},
		{"quote.csv", "title\n\"unclosed\n", []string{"quote.csv line"}},
		{"empty.csv", "  \n", []string{"empty file"}},
		{"header.csv", "title,owner\n", []string{"no recommendations"}},
		{"latin1.csv", "title\nCaf\xe9\n", []string{"latin1.csv line 2: not UTF-8"}},
		{"bad.json", "[\n {\"title\": \"ok\"},\n {\"title\": \"\", \"priority\": \"urgent\"},\n {\"title\": \"x\", \"colour\": \"red\"}\n]",
			[]string{"bad.json line 3: no title; priority", `bad.json line 4: not a recommendation: json: unknown field "colour"`}},
		{"log.json", `[{"title": "x", "status": "done", "log": [{"at": "yesterday", "author": ""}, {"at": "2026-01-01T10:00:00Z", "author": "a", "status_to": "accepted"}]}]`,
			[]string{"log entry 1: at \"yesterday\"", "the log ends with status accepted but the status is done"}},
		{"fmt.json", `{"format": "other/1", "recommendations": []}`, []string{`format is not "fieldwork-recommendations/1"`}},
		{"key.json", `{"recs": []}`, []string{`unknown key "recs"`}},
		{"scalar.json", `"title"`, []string{"want a JSON array"}},
		{"trail.json", `[{"title": "x"}] [1]`, []string{"unexpected data"}},
		{"cut.json", "[{\"title\": \"x\"},\n{\"title\": ", []string{"cut.json line 2"}},
		{"none.json", `[]`, []string{"no recommendations"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := tracker.ReadRecs(tc.name, []byte(tc.data))
			if err == nil {
				t.Fatalf("read %d rows, want an error", len(rows))
			}
			if rows != nil {
				t.Errorf("rows returned with an error: %+v", rows)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
		})
	}
}

// FuzzReadRecs: no input makes the reader panic, and what it accepts has
// a title, a line, and known priorities and statuses.
func FuzzReadRecs(f *testing.F) {
	var b bytes.Buffer
	tracker.WriteRecsJSON(&b, []tracker.Recommendation{{ID: "R1", Title: "x", Priority: "high", Status: "done",
		Log: []tracker.FollowUp{{At: time.Unix(0, 0), Author: "a", To: "done"}}}})
	f.Add("r.json", b.String())
	b.Reset()
	tracker.WriteRecsCSV(&b, []tracker.Recommendation{{ID: "R1", Title: "x", Priority: "high", Status: "done", Stakeholders: []string{"a", "b"}}})
	f.Add("r.csv", b.String())
	f.Add("r.csv", "title,due\n\"a\nb\",2026-01-01\n")
	f.Add("r", "[{\"title\":\"x\"}]")
	f.Add("r", "{\"format\":\"fieldwork-recommendations/1\",\"recommendations\":[{\"title\":\"x\"}]}")
	f.Fuzz(func(t *testing.T, name, data string) {
		rows, err := tracker.ReadRecs(name, []byte(data))
		if err != nil {
			return
		}
		if len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
		for _, r := range rows {
			if r.Title == "" || r.Line < 1 {
				t.Fatalf("row %+v", r)
			}
			if r.Priority != "" && r.Priority.Rank() > 2 || r.Status != "" && r.Status.Rank() > 5 {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
