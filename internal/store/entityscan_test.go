package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// named is a transcript in which the entity scan finds people and places
// nobody listed. The people are invented.
const named = `Facilitator: Welcome, and thank you for coming tonight.
P1: My hearing date moved twice. I waited seven months for a work permit.
P2: Yesterday Viktor Abramenko flew to Toronto and then to London with Daniel.
Facilitator: How did the police respond?
P1: They did not understand what transnational repression is.
`

func termTexts(ts []redact.Term) string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t.Kind)+":"+t.Text)
	}
	return strings.Join(out, " | ")
}

func TestSourceEntitiesStoredAndReused(t *testing.T) {
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", named), newSource(t, "hamilton", "HAM-1", hostile)}); err != nil {
		t.Fatal(err)
	}
	texts, err := s.SourceTexts()
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, d := range texts {
		all = append(all, d.Text)
	}
	first, err := s.SourceEntities(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if want := redact.Entities(all...); termTexts(first) != termTexts(want) {
		t.Errorf("stored scan = %s\nscan = %s", termTexts(first), termTexts(want))
	}
	if !strings.Contains(termTexts(first), "Abramenko") {
		t.Fatalf("the scan found no Abramenko: %s (the test cannot see a stored scan)", termTexts(first))
	}
	var rows int
	s.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 2 {
		t.Fatalf("%d stored scans, want one per source", rows)
	}

	// a stored row that holds is read, not scanned again: a sentinel in its
	// place comes back
	if _, err := s.db.Exec(`UPDATE entity_scans SET terms = '[{"text":"Qzx Sentinel","kind":"name"}]' WHERE source_id = (SELECT id FROM sources WHERE name = 'ottawa')`); err != nil {
		t.Fatal(err)
	}
	again, _ := s.SourceEntities(t.Context())
	if got := termTexts(again); !strings.Contains(got, "Qzx Sentinel") || strings.Contains(got, "Abramenko") {
		t.Errorf("second use scanned again: %s", got)
	}
	// a row of another text or another scanner is stale
	for _, stale := range []string{`text_sha256 = 'x'`, `scanner = scanner + 1`} {
		if _, err := s.db.Exec(`UPDATE entity_scans SET terms = '[{"text":"Qzx Sentinel","kind":"name"}]', ` + stale); err != nil {
			t.Fatal(err)
		}
		got, _ := s.SourceEntities(t.Context())
		if termTexts(got) != termTexts(first) {
			t.Errorf("%s: stale row used: %s", stale, termTexts(got))
		}
	}
	// the cache is no change of the user's: no audit entry, the chain holds
	log, _ := s.Audit(AuditFilter{})
	for _, e := range log {
		if strings.Contains(e.Summary, "entity") {
			t.Errorf("audit entry for the cache: %+v", e)
		}
	}
	if c, _ := s.VerifyAudit(); c.Break != nil {
		t.Errorf("audit chain: %v", c.Break)
	}
}

func TestSourceEntitiesWhenLocked(t *testing.T) {
	s, p := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", named)}); err != nil {
		t.Fatal(err)
	}
	// a busy timeout of an hour: storing the scans must not wait for it
	other, err := Open(p, Options{BusyTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := s.db.Begin() // holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	sc, err := other.IdentifierScreen(true)
	if err != nil {
		t.Fatalf("a project that cannot be written now must still be screened: %v", err)
	}
	if got := sc.Text("Viktor Abramenko called."); strings.Contains(got, "Abramenko") {
		t.Errorf("screened = %q", got)
	}
	var rows int
	other.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 0 {
		t.Errorf("%d scans stored while another connection held the lock", rows)
	}
	tx.Rollback()
	// the connection is whole: once the lock is free, the scans are stored
	if _, err := other.SourceEntities(t.Context()); err != nil {
		t.Fatal(err)
	}
	other.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 1 {
		t.Errorf("%d scans stored once the lock was free", rows)
	}
}

func TestSourceEntitiesEncrypted(t *testing.T) {
	s, p := create(t, Options{Passphrase: "correct horse battery staple"})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", named)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IdentifierScreen(true); err != nil {
		t.Fatal(err)
	}
	var rows int
	s.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 1 {
		t.Errorf("%d stored scans in an encrypted project", rows)
	}
	s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	if fileHolds(t, p, []byte("Abramenko")) {
		t.Error("an encrypted project's file holds a scanned name in clear")
	}
}

// TestWithdrawErasesEntityScan: the names the scan found in a withdrawn
// participant's words leave the file's bytes with the words.
func TestWithdrawErasesEntityScan(t *testing.T) {
	s, p := create(t, Options{})
	long := named + strings.Repeat("P1: The permit office lost my file again, so I waited another month.\n", 200)
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", long)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportRoster([]coding.RosterRow{
		{Line: 2, ID: "OTT-01", Group: "OTT-1", Label: "P1"},
		{Line: 3, ID: "OTT-02", Group: "OTT-1", Label: "P2"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IdentifierScreen(true); err != nil {
		t.Fatal(err)
	}
	stored := []byte(`"text":"Viktor Abramenko"`)
	if !fileHolds(t, p, stored) {
		t.Fatal("the stored scan is not in the file before the withdrawal: the test cannot see it")
	}
	if _, err := s.Withdraw("OTT-02", ""); err != nil {
		t.Fatal(err)
	}
	for _, part := range [][]byte{stored, []byte("Abramenko")} {
		if fileHolds(t, p, part) {
			t.Errorf("the file or its WAL still holds %s after the withdrawal", part)
		}
	}
	// the next screen scans the masked text again and finds no Abramenko
	found, err := s.SourceEntities(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := termTexts(found); strings.Contains(got, "Abramenko") {
		t.Errorf("after the withdrawal the scan finds %s", got)
	}
	if c, _ := s.VerifyAudit(); c.Break != nil {
		t.Errorf("audit chain: %v", c.Break)
	}
}

func TestDeidentifyDropsEntityScans(t *testing.T) {
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", named)}); err != nil {
		t.Fatal(err)
	}
	sc, err := s.IdentifierScreen(true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Deidentify(t.Context(), Deidentification{Text: sc.Redact, Other: sc.Text}); err != nil {
		t.Fatal(err)
	}
	var rows int
	s.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 0 {
		t.Errorf("a de-identified copy keeps %d stored scan(s)", rows)
	}
}

func TestMergeLeavesEntityScans(t *testing.T) {
	// a merge brings codings and memos onto sources both projects have
	here, _ := create(t, Options{})
	there, _ := create(t, Options{})
	for _, s := range []*Store{here, there} {
		if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", named)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := there.AddCode("Risks", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	if _, err := there.Apply(NewCoding{Source: "ottawa", Code: "Risks", Start: 0, End: 20, Coder: "sam"}); err != nil {
		t.Fatal(err)
	}
	if _, err := there.IdentifierScreen(true); err != nil {
		t.Fatal(err)
	}
	res, err := here.Merge(there, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.SourcesMatched != 1 || len(res.CodesAdded) != 1 {
		t.Fatalf("merge = %+v: the test merged nothing", res)
	}
	var rows int
	here.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 0 {
		t.Errorf("the merge brought %d stored scan(s) along", rows)
	}
	found, err := here.SourceEntities(t.Context())
	if err != nil || !strings.Contains(termTexts(found), "Abramenko") {
		t.Errorf("after the merge the scan finds %s, %v", termTexts(found), err)
	}
}

// StartEntityScan finds what SourceEntities finds, and stores it: a screen
// afterwards scans nothing.
func TestStartEntityScan(t *testing.T) {
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "ottawa", "OTT-1", named)}); err != nil {
		t.Fatal(err)
	}
	wait := s.StartEntityScan(t.Context())
	got, err := wait()
	if err != nil || len(got) == 0 {
		t.Fatalf("started scan: %v %v", got, err)
	}
	var rows int
	s.db.QueryRow(`SELECT count(*) FROM entity_scans`).Scan(&rows)
	if rows != 1 {
		t.Errorf("%d stored scans after the started scan, want 1", rows)
	}
	scanned := 0
	s.OnEntityScan(func(done, total int, _ int64) { scanned = total })
	want, err := s.SourceEntities(t.Context())
	if err != nil || !reflect.DeepEqual(got, want) || scanned != 0 {
		t.Errorf("SourceEntities after it: %v (%v, %d scanned), started scan %v", want, err, scanned, got)
	}
}
