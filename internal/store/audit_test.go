package store

import (
	"strings"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3/driver"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
)

// auditedProject makes a project with one change of most kinds and returns
// its path, closed.
func auditedProject(t *testing.T) string {
	t.Helper()
	s, p := create(t, Options{})
	s.SetActor("lea")
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", sample)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("Risks/Surveillance", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(NewCoding{Source: "ottawa", Code: "Risks/Surveillance", Start: 60, End: 80, Coder: "sam"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSpanMemo(1, 0, 10, "lea", "Someone called my mother: ask again."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRecommendation(tracker.Draft{Title: "Legal clinic"}, Stamp{Author: "lea"}, "from the Ottawa group"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sources(); err != nil { // a read is not logged
		t.Fatal(err)
	}
	s.Close()
	return p
}

func TestAuditLogRecordsChanges(t *testing.T) {
	p := auditedProject(t)
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.Audit(AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range all {
		kinds = append(kinds, e.Kind)
		if strings.Contains(e.Summary, "mother") || strings.Contains(e.Summary, "hearing") {
			t.Errorf("entry %d quotes the text: %q", e.Seq, e.Summary)
		}
	}
	want := "project import codebook coding memo recommendation"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("kinds = %q, want %q", got, want)
	}
	if all[3].Actor != "sam" || all[1].Actor != "lea" {
		t.Errorf("actors: coding by %q, import by %q", all[3].Actor, all[1].Actor)
	}
	if got, _ := s.Audit(AuditFilter{Actor: "SAM"}); len(got) != 1 || got[0].Kind != AuditCoding {
		t.Errorf("filter by actor: %+v", got)
	}
	if got, _ := s.Audit(AuditFilter{Kind: AuditMemo}); len(got) != 1 {
		t.Errorf("filter by kind: %+v", got)
	}
	if got, _ := s.Audit(AuditFilter{Since: time.Now().Add(time.Hour)}); len(got) != 0 {
		t.Errorf("filter by time: %+v", got)
	}
	c, err := s.VerifyAudit()
	if err != nil || c.Break != nil || c.Entries != len(all) || c.Head != all[len(all)-1].Hash {
		t.Fatalf("verify an intact log: %+v %v", c, err)
	}
	// the triggers refuse edits through the program's own connection
	if _, err := s.db.Exec(`UPDATE audit_log SET summary = 'x' WHERE seq = 2`); err == nil {
		t.Error("update of the audit log succeeded")
	}
	if _, err := s.db.Exec(`DELETE FROM audit_log WHERE seq = 2`); err == nil {
		t.Error("delete from the audit log succeeded")
	}
}

// tamper changes the closed project file at p behind the program's back,
// with its own SQLite connection and the triggers dropped, as someone with
// the sqlite3 shell would.
func tamper(t *testing.T, p string, stmts ...string) {
	t.Helper()
	db, err := driver.Open("file:" + p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts = append([]string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}, stmts...)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestAuditLogVerifyFindsTampering(t *testing.T) {
	cases := []struct {
		name  string
		stmts []string
		seq   int64
		why   string
	}{
		{"edited summary", []string{`UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 3`}, 3, "edited"},
		{"edited actor", []string{`UPDATE audit_log SET actor = 'someone else' WHERE seq = 4`}, 4, "edited"},
		{"edited with a made-up hash", []string{`UPDATE audit_log SET summary = 'x', hash = '` + strings.Repeat("ab", 32) + `' WHERE seq = 2`}, 2, "edited"},
		{"deleted", []string{`DELETE FROM audit_log WHERE seq = 2`}, 3, "deleted"},
		{"inserted", []string{`UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3`, `UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100`,
			`INSERT INTO audit_log (seq, at, actor, kind, summary, prev, hash) SELECT 3, at, actor, kind, 'invented', hash, hash FROM audit_log WHERE seq = 2`}, 3, "edited"},
		{"all deleted", []string{`DELETE FROM audit_log`}, 1, "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := auditedProject(t)
			tamper(t, p, c.stmts...)
			s, err := Open(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got, err := s.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if got.Break == nil {
				t.Fatalf("verify passed a tampered log")
			}
			if got.Break.Seq != c.seq || !strings.Contains(got.Break.Error(), c.why) {
				t.Errorf("break = %v, want entry %d (%s)", got.Break, c.seq, c.why)
			}
		})
	}
}

// TestAuditLogRewrittenEntry: an entry edited with its own hash recomputed
// breaks the chain at the entry after it.
func TestAuditLogRewrittenEntry(t *testing.T) {
	p := auditedProject(t)
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.Audit(AuditFilter{})
	s.Close()
	e := all[1]
	e.Summary = "import (0 row(s) changed)"
	e.Hash = e.computeHash()
	tamper(t, p, `UPDATE audit_log SET summary = '`+e.Summary+`', hash = '`+e.Hash+`' WHERE seq = 2`)
	s, err = Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, _ := s.VerifyAudit()
	if got.Break == nil || got.Break.Seq != 3 || !strings.Contains(got.Break.Reason, "does not follow") {
		t.Errorf("break = %+v", got.Break)
	}
}

func TestImportedRecommendationHistoryIsMarked(t *testing.T) {
	s, _ := create(t, Options{})
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	_, err := s.ImportRecommendations([]tracker.Draft{{Title: "Task force", Status: tracker.StatusAccepted, ImportedFrom: "recs.csv",
		Log: []tracker.FollowUp{{At: at, Author: "kim", To: tracker.StatusProposed}, {At: at.Add(time.Hour), Author: "kim", From: tracker.StatusProposed, To: tracker.StatusAccepted}}}},
		Stamp{Author: "lea"}, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ImportedHistory()
	if err != nil || got["recs.csv"] != 2 || len(got) != 1 {
		t.Errorf("imported history = %v, %v", got, err)
	}
	log, _ := s.Audit(AuditFilter{Kind: AuditRecommendation})
	if len(log) != 1 || log[0].Actor != "lea" || !strings.Contains(log[0].Summary, "2 history entries marked imported from recs.csv") {
		t.Errorf("audit = %+v", log)
	}
}

func TestAuditStartsOnUpgrade(t *testing.T) {
	s, p := create(t, Options{})
	// back to schema 4, as a project written before the audit log (and the
	// participant memos of schema 6, the settings of schema 7 and the
	// survey answers of schema 8, the stored entity scans of schema 9 and
	// the source_text of schema 10)
	for _, q := range append(append(textsBefore10, surveyAnswersBefore8...), `DROP TABLE entity_scans`, `DROP TABLE settings`, `DROP INDEX memos_participant`, `ALTER TABLE memos DROP COLUMN participant_id`, `DROP TABLE audit_log`, `DROP TABLE identifiers`,
		`ALTER TABLE participants DROP COLUMN withdrawn_at`, `ALTER TABLE participants DROP COLUMN withdrawn_note`,
		`ALTER TABLE recommendation_log DROP COLUMN imported_from`, `PRAGMA user_version=4`) {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log, _ := s.Audit(AuditFilter{})
	if len(log) != 1 || !strings.Contains(log[0].Summary, "upgraded from version 4") {
		t.Errorf("log after upgrade = %+v", log)
	}
}
