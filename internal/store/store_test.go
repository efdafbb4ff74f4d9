package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/coding/transcript"
	"github.com/ncruces/go-sqlite3/driver"
)

const sample = `Facilitator: Welcome, and thank you for coming tonight.
P1: My hearing date moved twice. I waited seven months for a work permit.
P2: Someone called my mother back home and asked where I live.
Facilitator: How did the police respond?
P1: They did not understand what transnational repression is.
`

func newSource(t testing.TB, name, group, text string) NewSource {
	t.Helper()
	doc, err := transcript.Read(name+".txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	src, turns := coding.FromTranscript(name+".txt", doc, coding.SourceMeta{City: "Ottawa", Group: group})
	return NewSource{Source: src, Turns: turns, Sentences: turnSentences(turns)}
}

// turnSentences makes each turn one sentence: the store persists whatever
// segmentation it is given (internal/project segments).
func turnSentences(turns []coding.Turn) []coding.Sentence {
	out := make([]coding.Sentence, len(turns))
	for i, t := range turns {
		out[i] = coding.Sentence{Index: i, Turn: i, Start: t.Start, End: t.End}
	}
	return out
}

func create(t testing.TB, opt Options) (*Store, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "p.fwp")
	s, err := Create(p, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, p
}

func TestCreateOpenAndMode(t *testing.T) {
	s, p := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "fg1", "G1", sample)}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("project mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := Create(p, Options{}); !errors.Is(err, ErrExists) {
		t.Errorf("Create over an existing project: %v, want ErrExists", err)
	}
	s.Close()
	s2, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	list, err := s2.Sources()
	if err != nil || len(list) != 1 || list[0].Name != "fg1" || list[0].Participants != 2 || list[0].Turns != 5 {
		t.Fatalf("sources after reopen: %+v, %v", list, err)
	}
}

func TestOpenRefusals(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "notes.fwp")
	os.WriteFile(foreign, []byte("just some notes, not a database"), 0o600)
	empty := filepath.Join(dir, "empty.fwp")
	os.WriteFile(empty, nil, 0o600)
	for _, c := range []struct {
		name, path string
		want       error
	}{
		{"foreign", foreign, ErrNotProject},
		{"empty", empty, ErrNotProject},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Open(c.path, Options{}); !errors.Is(err, c.want) {
				t.Fatalf("Open: %v, want %v", err, c.want)
			}
		})
	}
	if _, err := Open(filepath.Join(dir, "absent.fwp"), Options{}); err == nil || !strings.Contains(err.Error(), "no such project") {
		t.Fatalf("Open of an absent file: %v", err)
	}
}

func TestMigrations(t *testing.T) {
	p := filepath.Join(t.TempDir(), "old.fwp")
	// A project at schema 1, as the first release wrote it: only the first
	// migration, run on a bare SQLite file.
	db, err := driver.Open("file:" + filepath.ToSlash(p))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA application_id=%d; PRAGMA user_version=1", applicationID)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(p, Options{})
	if err != nil {
		t.Fatalf("open schema 1: %v", err)
	}
	var v, n int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	s.db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'recommendation_log'").Scan(&n)
	if v != SchemaVersion() || n != 1 {
		t.Fatalf("after migration: version %d (want %d), recommendation_log tables %d", v, SchemaVersion(), n)
	}
	// A newer fieldwork's file is refused, untouched.
	s.db.Exec("PRAGMA user_version=99")
	s.Close()
	if _, err := Open(p, Options{}); !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "upgrade fieldwork") {
		t.Fatalf("open schema 99: %v", err)
	}
}

func TestRecommendationLogIsAppendOnly(t *testing.T) {
	s, _ := create(t, Options{})
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO recommendations (ref, title, created_at) VALUES ('R1', 't', 'now')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO recommendation_log (recommendation_id, at, author, note) VALUES (1, 'now', 'a', 'n')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE recommendation_log SET note = 'changed'`); err == nil {
		t.Error("update of the log succeeded")
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM recommendation_log`); err == nil {
		t.Error("delete from the log succeeded")
	}
}

func TestImportAllOrNothing(t *testing.T) {
	s, _ := create(t, Options{})
	a := newSource(t, "fg1", "G1", sample)
	if _, err := s.ImportSources(t.Context(), []NewSource{a}); err != nil {
		t.Fatal(err)
	}
	b := newSource(t, "fg2", "G2", strings.ReplaceAll(sample, "tonight", "this evening"))
	dup := newSource(t, "fg3", "G3", sample) // same text as fg1
	_, err := s.ImportSources(t.Context(), []NewSource{b, dup})
	if err == nil || !strings.Contains(err.Error(), "already in the project") || !strings.Contains(err.Error(), "fg1") {
		t.Fatalf("duplicate import: %v", err)
	}
	list, _ := s.Sources()
	if len(list) != 1 {
		t.Fatalf("after a refused import: %d sources, want 1 (fg2 must not be kept)", len(list))
	}
	ps, _ := s.Participants()
	if len(ps) != 3 {
		t.Fatalf("after a refused import: %d participants, want 3", len(ps))
	}
	dup.Force = true
	if _, err := s.ImportSources(t.Context(), []NewSource{b, dup}); err != nil {
		t.Fatalf("forced import: %v", err)
	}
	same := newSource(t, "fg2", "G9", sample+"\nP9: more.")
	if _, err := s.ImportSources(t.Context(), []NewSource{same}); err == nil || !strings.Contains(err.Error(), "named") {
		t.Fatalf("second source with the same name: %v", err)
	}
}

func TestParticipantsScopedToGroup(t *testing.T) {
	s, _ := create(t, Options{})
	two := strings.ReplaceAll(sample, "tonight", "again")
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "OTT-1", sample), newSource(t, "b", "TOR-1", two)}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Participants()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	fac := 0
	for _, p := range ps {
		ids = append(ids, p.ID)
		if p.Facilitator {
			fac++
		}
	}
	want := "OTT-1-F01 OTT-1-P01 OTT-1-P02 TOR-1-F01 TOR-1-P01 TOR-1-P02"
	if strings.Join(ids, " ") != want || fac != 2 {
		t.Fatalf("participants %q (%d facilitators), want %q (2)", strings.Join(ids, " "), fac, want)
	}
}

func TestRosterBindsMergesAndReports(t *testing.T) {
	s, _ := create(t, Options{})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "OTT-1", sample)}); err != nil {
		t.Fatal(err)
	}
	roster := "id,group,label,gender,city\nOTT-01,OTT-1,P1,woman,Ottawa\nOTT-03,OTT-1,Speaker 3,man,\nX-9,,,,Toronto\n"
	rows, err := coding.ParseRoster(strings.NewReader(roster), "roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.ImportRoster(rows)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Bound != 2 || len(rep.Unmatched) != 1 || rep.Unmatched[0].Label != "P2" {
		t.Fatalf("report %+v", rep)
	}
	// P1's turns now belong to OTT-01, and the auto participant is gone.
	turns, _ := s.Turns(1)
	if turns[1].Participant != "OTT-01" {
		t.Fatalf("turn 1 participant %q", turns[1].Participant)
	}
	ps, _ := s.Participants()
	byID := map[string]ParticipantSummary{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	if _, ok := byID["OTT-1-P01"]; ok {
		t.Error("OTT-1-P01 still exists after the roster named it")
	}
	if p := byID["OTT-01"]; p.Attributes["gender"] != "woman" || p.City != "Ottawa" || p.Turns != 2 {
		t.Errorf("OTT-01 = %+v", p)
	}
	// A later transcript with "Speaker 3" in OTT-1 binds to OTT-03, bound in advance.
	later := "Speaker 3: I was followed after the vigil.\n"
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "b", "OTT-1", later)}); err != nil {
		t.Fatal(err)
	}
	sents, _ := s.Sentences(2)
	tt, _ := s.Turns(2)
	if tt[0].Participant != "OTT-03" || len(sents) != 1 {
		t.Fatalf("advance binding: %+v", tt)
	}
	// Merge P2 into X-9, then set and remove attributes.
	if err := s.MergeParticipants("X-9", "OTT-1-P02"); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeParticipants("X-9", "OTT-1-F01"); err == nil {
		t.Error("merging a facilitator into a participant succeeded")
	}
	if err := s.SetAttributes("X-9", map[string]string{"pathway": "refugee claim", "city": "Ottawa"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttributes("X-9", map[string]string{"pathway": ""}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttributes("nobody", map[string]string{"a": "b"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("set on an unknown id: %v", err)
	}
	ps, _ = s.Participants()
	for _, p := range ps {
		if p.ID == "X-9" && (p.Turns != 1 || p.City != "Ottawa" || len(p.Attributes) != 0 || len(p.Labels) != 1) {
			t.Errorf("X-9 after merge = %+v", p)
		}
	}
}

func TestCodebookOperations(t *testing.T) {
	s, _ := create(t, Options{})
	if _, _, err := s.ImportCodebook(coding.StarterCodebook()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "G", sample)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("New theme/Child/Grandchild", CodeFields{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode("new theme/child", CodeFields{}); !errors.Is(err, ErrExists) {
		t.Errorf("adding an existing code (other case): %v", err)
	}
	if _, err := s.Apply(NewCoding{Source: "a", Code: "Legal assistance", Start: 0, End: 7, Coder: "lea"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(NewCoding{Source: "a", Code: "Grandchild", Start: 8, End: 12, Coder: "lea"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveCode("New theme/Child", "New theme/Child/Grandchild"); err == nil {
		t.Error("moved a code under its own child")
	}
	if _, err := s.RenameCode("Child", "Kid"); err != nil {
		t.Fatal(err)
	}
	c, err := s.MoveCode("Kid", "Adaptation and support systems")
	if err != nil || c.Path != "Adaptation and support systems/Kid" {
		t.Fatalf("move: %+v %v", c, err)
	}
	if _, err := s.DeleteCode("Kid", false); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("delete in use without force: %v", err)
	}
	n, err := s.MergeCode("Kid", "Legal assistance")
	if err != nil || n != 0 { // Kid's only coding is on Grandchild, which moves as a code
		t.Fatalf("merge: %d %v", n, err)
	}
	got, _ := s.Codings(CodingFilter{Code: "Legal assistance"})
	if len(got) != 2 {
		t.Fatalf("Legal assistance has %d codings after the merge, want 2 (its sub-code included)", len(got))
	}
	if _, err := s.Code("Grandchild"); err != nil {
		t.Fatalf("grandchild lost in merge: %v", err)
	}
	if n, err := s.DeleteCode("Legal assistance", true); err != nil || n != 2 {
		t.Fatalf("forced delete: %d %v", n, err)
	}
	cb, _ := s.Codebook()
	for _, e := range cb {
		if strings.Contains(e.Path, "Legal") || strings.Contains(e.Path, "Grandchild") {
			t.Errorf("%q survived deletion", e.Path)
		}
	}
	// Export and import into a fresh project gives the same codebook.
	file, err := s.ExportCodebook()
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := create(t, Options{})
	if _, _, err := s2.ImportCodebook(file); err != nil {
		t.Fatal(err)
	}
	file2, _ := s2.ExportCodebook()
	if len(file2.Codes) != len(file.Codes) {
		t.Fatalf("round trip: %d codes, want %d", len(file2.Codes), len(file.Codes))
	}
	for i := range file.Codes {
		if file.Codes[i] != file2.Codes[i] {
			t.Errorf("round trip code %d: %+v != %+v", i, file2.Codes[i], file.Codes[i])
		}
	}
	if _, err := s.Code("Threats"); !errors.Is(err, ErrNotFound) {
		t.Errorf("partial name resolved: %v", err)
	}
}

func TestApplyValidationAndUnapply(t *testing.T) {
	s, _ := create(t, Options{})
	s.ImportCodebook(coding.StarterCodebook())
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "G", sample)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []NewCoding{
		{Source: "a", Code: "Legal assistance", Start: 5, End: 5, Coder: "x"},
		{Source: "a", Code: "Legal assistance", Start: -1, End: 5, Coder: "x"},
		{Source: "a", Code: "Legal assistance", Start: 0, End: 100000, Coder: "x"},
		{Source: "zzz", Code: "Legal assistance", Start: 0, End: 5, Coder: "x"},
		{Source: "a", Code: "No such code", Start: 0, End: 5, Coder: "x"},
		{Source: "a", Code: "Legal assistance", Start: 0, End: 5, Coder: " "},
	} {
		if _, err := s.Apply(c); err == nil {
			t.Errorf("Apply(%+v) succeeded", c)
		}
	}
	c, err := s.Apply(NewCoding{Source: "1", Code: "Legal assistance", Start: 0, End: 7, Coder: "lea", Memo: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(NewCoding{Source: "a", Code: "Legal assistance", Start: 0, End: 7, Coder: "lea"}); err == nil || !strings.Contains(err.Error(), "already coded") {
		t.Errorf("the same coding twice: %v", err)
	}
	if _, err := s.Apply(NewCoding{Source: "a", Code: "Legal assistance", Start: 0, End: 7, Coder: "sam"}); err != nil {
		t.Errorf("another coder on the same span: %v", err)
	}
	list, _ := s.Codings(CodingFilter{Coder: "lea"})
	if len(list) != 1 || list[0].Text != "Welcome" || list[0].Memo != "m" || list[0].Code != "Adaptation and support systems/Legal assistance" {
		t.Fatalf("codings = %+v", list)
	}
	if _, err := s.Unapply(c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unapply(c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second unapply: %v", err)
	}
}

func TestEncryption(t *testing.T) {
	s, p := create(t, Options{Passphrase: "correct horse battery staple"})
	if _, err := s.ImportSources(t.Context(), []NewSource{newSource(t, "a", "G", sample)}); err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(p + "-wal") // while open, the WAL holds the import
	s.Close()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, wal...)
	for _, secret := range []string{"transnational repression", "hearing date", "SQLite format 3", "Facilitator"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("encrypted file contains %q in clear", secret)
		}
	}
	if !IsEncrypted(p) {
		t.Error("IsEncrypted = false")
	}
	if _, err := Open(p, Options{}); !errors.Is(err, ErrNeedPassphrase) {
		t.Errorf("open without passphrase: %v", err)
	}
	if _, err := Open(p, Options{Passphrase: "wrong"}); !errors.Is(err, ErrPassphrase) {
		t.Errorf("open with a wrong passphrase: %v", err)
	}
	s2, err := Open(p, Options{Passphrase: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	list, err := s2.Sources()
	if err != nil || len(list) != 1 {
		t.Fatalf("sources of the reopened encrypted project: %v %v", list, err)
	}
	src, err := s2.Source("a")
	if err != nil || !strings.Contains(src.Text, "transnational repression") {
		t.Fatalf("text of the reopened encrypted project: %v", err)
	}
	// A plain project refuses a passphrase rather than ignoring it.
	_, plain := create(t, Options{})
	if _, err := Open(plain, Options{Passphrase: "x"}); !errors.Is(err, ErrNotEncrypted) {
		t.Errorf("plain project with a passphrase: %v", err)
	}
}

func TestEncryptedProjectsDifferBySalt(t *testing.T) {
	_, p1 := create(t, Options{Passphrase: "same"})
	_, p2 := create(t, Options{Passphrase: "same"})
	a, _ := os.ReadFile(p1)
	b, _ := os.ReadFile(p2)
	if bytes.Equal(a[32:48], b[32:48]) {
		t.Error("two projects share a salt")
	}
}

func TestTwoHandlesOneFile(t *testing.T) {
	_, p := create(t, Options{})
	a, err := Open(p, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(p, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// a holds the write lock; b's write must fail with the plain message.
	tx, err := a.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.AddCode("Theme", CodeFields{})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "p.fwp is being written by another fieldwork process") {
		t.Fatalf("write while locked: %v", err)
	}
	// Readers are not blocked by a writer in WAL mode.
	if _, err := b.Codebook(); err != nil {
		t.Fatalf("read while locked: %v", err)
	}
	tx.Rollback()

	// Concurrent writers with a generous timeout all succeed, nothing lost.
	a2, _ := Open(p, Options{})
	defer a2.Close()
	b2, _ := Open(p, Options{})
	defer b2.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i, st := range []*Store{a2, b2} {
		wg.Add(1)
		go func(i int, st *Store) {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if _, err := st.AddCode(string(rune('A'+i))+"/"+strings.Repeat("x", j+1), CodeFields{}); err != nil {
					errs <- err
					return
				}
			}
		}(i, st)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	cb, _ := a2.Codebook()
	if len(cb) != 102 {
		t.Fatalf("%d codes after concurrent writes, want 102", len(cb))
	}
}

// A full disk is said as such, with the project's file name.
func TestFailDiskFull(t *testing.T) {
	s, _ := create(t, Options{})
	err := s.fail("import", &os.PathError{Op: "write", Path: s.Path() + "-wal", Err: syscall.ENOSPC})
	if !errors.Is(err, ErrDiskFull) || err.Error() != "import: p.fwp: the disk is full (no space left on device)" {
		t.Errorf("fail = %v", err)
	}
}
