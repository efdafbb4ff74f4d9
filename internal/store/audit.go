package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fieldwork-qda/fieldwork/analysis/tracker"
	"github.com/fieldwork-qda/fieldwork/coding"
	"github.com/fieldwork-qda/fieldwork/internal/plural"
)

// The audit log: every transaction that changes the project appends one
// entry to a hash chain in the same transaction. An entry says when, who,
// what kind of change and a summary that names ids and counts, never what a
// participant said. Its hash is SHA-256 over its content and the previous
// entry's hash, so an entry edited, deleted or inserted behind the
// program's back breaks the chain at that entry (VerifyAudit). Someone who
// can write the file and recompute every later hash can forge a whole
// chain; the head hash that VerifyAudit returns, noted down elsewhere,
// catches that.

// Kinds of audit entry.
const (
	AuditProject        = "project"
	AuditImport         = "import"
	AuditCoding         = "coding"
	AuditCodebook       = "codebook"
	AuditMemo           = "memo"
	AuditParticipants   = "participants"
	AuditRecommendation = "recommendation"
	AuditSurvey         = "survey"
	AuditIdentifiers    = "identifiers"
	AuditWithdrawal     = "withdrawal"
	AuditChange         = "change"
)

// auditKinds sorts the store's transaction names into kinds; a name not
// listed is a plain "change".
var auditKinds = map[string]string{
	"import": AuditImport, "delete source": AuditImport,
	"apply": AuditCoding, "unapply": AuditCoding,
	"add code": AuditCodebook, "update code": AuditCodebook, "rename code": AuditCodebook, "move code": AuditCodebook,
	"merge codes": AuditCodebook, "delete code": AuditCodebook, "import codebook": AuditCodebook,
	"save memo":                  AuditMemo,
	"set participant attributes": AuditParticipants, "import roster": AuditParticipants, "merge participants": AuditParticipants,
	"add recommendation": AuditRecommendation, "import recommendations": AuditRecommendation,
	"edit recommendation": AuditRecommendation, "link codes": AuditRecommendation,
	"change status": AuditRecommendation, "add follow-up": AuditRecommendation,
	"define survey": AuditSurvey, "import survey": AuditSurvey, "map survey question": AuditSurvey,
	"unmap survey question": AuditSurvey,
}

// AuditKinds lists the kinds an entry may have.
func AuditKinds() []string {
	return []string{AuditProject, AuditImport, AuditCoding, AuditCodebook, AuditMemo, AuditParticipants,
		AuditRecommendation, AuditSurvey, AuditIdentifiers, AuditWithdrawal, AuditChange}
}

// AuditEntry is one link of the chain.
type AuditEntry struct {
	Seq     int64
	At      time.Time
	Actor   string
	Kind    string
	Summary string
	Prev    string // hash of the entry before, "" for the first
	Hash    string
}

type auditNote struct {
	kind, actor, summary string
	always               bool // logged even when no row changed
}

// auditState is the store's side of the chain: who acts, and the entry a
// transaction's body described for itself.
type auditState struct {
	mu      sync.Mutex
	actor   string
	enabled bool // false while the schema is older than the audit log
	notes   map[*sql.Tx]auditNote
}

func defaultActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// SetActor names who the changes made through this store are recorded
// under in the audit log (the CLI's coder name); empty keeps the OS user.
func (s *Store) SetActor(name string) {
	if name = strings.TrimSpace(name); name != "" {
		s.log.mu.Lock()
		s.log.actor = name
		s.log.mu.Unlock()
	}
}

// note describes the audit entry of the transaction tx belongs to, in
// place of the one derived from its name. An empty actor keeps the store's.
func (s *Store) note(tx *sql.Tx, kind, actor, summary string) {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	if s.log.notes == nil {
		s.log.notes = map[*sql.Tx]auditNote{}
	}
	s.log.notes[tx] = auditNote{kind: kind, actor: strings.TrimSpace(actor), summary: summary, always: kind == AuditProject}
}

func (s *Store) forget(tx *sql.Tx) {
	s.log.mu.Lock()
	delete(s.log.notes, tx)
	s.log.mu.Unlock()
}

// changeMark is the connection's count of changed rows, to tell a
// transaction that changed nothing (a read) from one that did.
func (s *Store) changeMark(ctx context.Context, tx *sql.Tx) int64 {
	var n int64
	if tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n) != nil {
		return -1
	}
	return n
}

// appendAudit adds the entry of the transaction in tx, if it changed
// anything.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, action string, mark int64) error {
	s.log.mu.Lock()
	enabled, actor := s.log.enabled, s.log.actor
	n, described := s.log.notes[tx]
	s.log.mu.Unlock()
	if !enabled {
		return nil
	}
	changed := s.changeMark(ctx, tx) - mark
	if changed <= 0 && mark >= 0 && !n.always {
		return nil // a read, or nothing to do
	}
	if !described {
		kind, ok := auditKinds[action]
		if !ok {
			kind = AuditChange
		}
		n = auditNote{kind: kind, summary: fmt.Sprintf("%s (%s changed)", action, plural.Count(int(changed), "row", "rows"))}
	}
	if n.actor == "" {
		n.actor = actor
	}
	return appendEntry(ctx, tx, n)
}

func appendEntry(ctx context.Context, tx *sql.Tx, n auditNote) error {
	var seq int64
	var prev string
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e := AuditEntry{Seq: seq + 1, At: time.Now().UTC().Truncate(time.Second), Actor: n.actor, Kind: n.kind,
		Summary: n.summary, Prev: prev}
	e.Hash = e.computeHash()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, kind, summary, prev, hash) VALUES (?,?,?,?,?,?,?)`,
		e.Seq, e.At.Format(time.RFC3339), e.Actor, e.Kind, e.Summary, e.Prev, e.Hash)
	return err
}

// computeHash is SHA-256 over the entry's fields, each length-prefixed so
// that no two different entries share an encoding, and the previous hash.
func (e AuditEntry) computeHash() string {
	h := sha256.New()
	for _, f := range []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339), e.Actor, e.Kind, e.Summary, e.Prev} {
		fmt.Fprintf(h, "%d:%s\n", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// auditSchema is the schema version that brought the audit log (found, not
// hard-coded, so that merging another branch's migration cannot break it).
func auditSchema() int {
	for i, m := range migrations {
		if strings.Contains(m, "CREATE TABLE audit_log") {
			return i + 1
		}
	}
	return len(migrations) + 1
}

// startAudit turns the chain on once the schema has it, and records how the
// chain started: a new project, or an older one whose history before this
// point was not logged.
func (s *Store) startAudit(ctx context.Context, from int) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return s.fail("read schema version", err)
	}
	first := auditSchema()
	if v < first {
		return nil
	}
	s.log.mu.Lock()
	s.log.enabled = true
	s.log.mu.Unlock()
	if from >= first {
		return nil
	}
	summary := "project created"
	if from > 0 {
		summary = fmt.Sprintf("schema upgraded from version %d to %d; changes before this entry were not logged", from, v)
	}
	return s.tx("start audit log", func(tx *sql.Tx) error {
		s.note(tx, AuditProject, "", summary)
		return nil
	})
}

// AuditFilter narrows the audit listing; empty fields match everything.
type AuditFilter struct {
	Actor string
	Kind  string
	Since time.Time
}

// Audit lists the audit log's entries in order.
func (s *Store) Audit(f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT seq, at, actor, kind, summary, prev, hash FROM audit_log WHERE 1=1`
	var args []any
	if f.Actor != "" {
		q += ` AND actor = ? COLLATE NOCASE`
		args = append(args, f.Actor)
	}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, f.Kind)
	}
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, f.Since.UTC().Format(time.RFC3339))
	}
	q += ` ORDER BY seq`
	var out []AuditEntry
	err := eachRow(context.Background(), s.db, q, func(sc scanner) error {
		var e AuditEntry
		var at string
		if err := sc.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Summary, &e.Prev, &e.Hash); err != nil {
			return err
		}
		e.At = parseTime(at)
		out = append(out, e)
		return nil
	}, args...)
	return out, err
}

// AuditBreak is the first entry at which the chain does not hold.
type AuditBreak struct {
	Seq    int64  // the entry's number as stored (for a deleted entry: the one after the gap)
	Reason string // what does not match
}

func (b *AuditBreak) Error() string {
	return fmt.Sprintf("the audit log does not hold at entry %d: %s", b.Seq, b.Reason)
}

// AuditCheck is what VerifyAudit found.
type AuditCheck struct {
	Entries int
	Head    string // the last entry's hash: note it down to catch a rewritten chain
	Break   *AuditBreak
}

// VerifyAudit recomputes the chain from the first entry and reports the
// first entry that was edited (its hash does not match its content),
// deleted (a gap in the numbers, or the next entry's previous hash does not
// match) or inserted (a number out of order, or a previous hash that does
// not match). An empty log on a project that has one is a break too.
func (s *Store) VerifyAudit() (AuditCheck, error) {
	var c AuditCheck
	rows, err := s.db.Query(`SELECT seq, at, actor, kind, summary, prev, hash FROM audit_log ORDER BY rowid`)
	if err != nil {
		return c, s.fail("verify audit log", err)
	}
	defer rows.Close()
	var prev string
	var last int64
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Summary, &e.Prev, &e.Hash); err != nil {
			return c, s.fail("verify audit log", err)
		}
		t, err := time.Parse(time.RFC3339, at)
		e.At = t
		c.Entries++
		switch {
		case e.Seq != last+1:
			c.Break = &AuditBreak{e.Seq, fmt.Sprintf("expected entry %d here: an entry was deleted or inserted", last+1)}
		case err != nil:
			c.Break = &AuditBreak{e.Seq, fmt.Sprintf("its time %q is not a time: it was edited", at)}
		case e.Prev != prev:
			c.Break = &AuditBreak{e.Seq, "it does not follow the entry before it: an entry was deleted, inserted or rewritten"}
		case e.computeHash() != e.Hash:
			c.Break = &AuditBreak{e.Seq, "its content does not match its hash: it was edited"}
		}
		if c.Break != nil {
			return c, nil
		}
		prev, last = e.Hash, e.Seq
	}
	if err := rows.Err(); err != nil {
		return c, s.fail("verify audit log", err)
	}
	c.Head = prev
	if c.Entries == 0 {
		c.Break = &AuditBreak{1, "the log is empty: its entries were deleted"}
	}
	return c, nil
}

// insertImportedLog adds one entry of a recommendation's history read from
// file: kept as it was written, and marked as imported from that file so
// that nobody takes it for a change made in this project.
func insertImportedLog(ctx context.Context, tx *sql.Tx, rec int64, f tracker.FollowUp, file string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO recommendation_log (recommendation_id, at, author, note, status_from, status_to, imported_from)
		VALUES (?,?,?,?,?,?,?)`, rec, f.At.Format(time.RFC3339), strings.TrimSpace(f.Author), strings.TrimSpace(f.Note),
		string(f.From), string(f.To), file)
	return err
}

// ImportedHistory counts, by file, the recommendation log entries that were
// imported rather than written in this project.
func (s *Store) ImportedHistory() (map[string]int, error) {
	out := map[string]int{}
	err := eachRow(context.Background(), s.db, `SELECT imported_from, count(*) FROM recommendation_log WHERE imported_from <> '' GROUP BY imported_from`,
		func(sc scanner) error {
			var f string
			var n int
			if err := sc.Scan(&f, &n); err != nil {
				return err
			}
			out[f] = n
			return nil
		})
	return out, err
}

// importSummary is the audit summary of a recommendations import: how many,
// how many history entries came with them, and from which file.
func importSummary(list []tracker.Draft) string {
	entries := 0
	files := map[string]bool{}
	var names []string
	for _, n := range list {
		entries += len(n.Log)
		if f := strings.TrimSpace(n.ImportedFrom); f != "" && !files[f] {
			files[f] = true
			names = append(names, f)
		}
	}
	msg := fmt.Sprintf("import %s", plural.Count(len(list), "recommendation", "recommendations"))
	if entries > 0 {
		msg += fmt.Sprintf(" with %d history entries marked imported", entries)
	}
	if len(names) > 0 {
		msg += " from " + strings.Join(names, ", ")
	}
	return msg
}

// importedSources is the audit summary of a transcript import: how many
// sources, by id (names may be file names, and file names may be names).
func importedSources(list []coding.Source) string {
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = strconv.FormatInt(s.ID, 10)
	}
	return fmt.Sprintf("import %s: id %s", plural.Count(len(list), "source", "sources"), strings.Join(ids, ", "))
}
