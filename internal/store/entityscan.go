package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"github.com/fieldwork-qda/fieldwork/coding/redact"
)

// The entity scan's findings per source (table entity_scans): prose's scan
// reads about 120 KB of text a second, so a project of a few MB would take
// most of a minute before every screened output. The store keeps what the
// scan found in each source (redact.Candidates), keyed by the SHA-256 of the
// source's text as it is now and by redact.ScanVersion, and scans again only
// the sources whose row is missing or stale. The project-wide filter
// (redact.Combine) runs on every use, since it depends on every text.
//
// Rows are written on the first screened output after an import, in a small
// transaction of their own that the audit log does not record (it is derived
// data, like an index: no user action). A project that cannot be written (a
// read-only file, another process holding the write lock for longer than
// scanWriteWait) still gets its screen, scanned in memory, and stores the
// scans on a later output. The rows hold identifiers: a withdrawal deletes
// those of the sources it masks under secure_delete, a de-identified copy
// deletes them all, and a merge never reads them.

// scanWriteWait is how long storing the scans waits for the write lock.
const scanWriteWait = 250 * time.Millisecond

// scanRow is one source as the cache sees it.
type scanRow struct {
	id    int64
	text  string
	sum   string
	terms []redact.Term
	fresh bool // the stored row holds for this text and scanner
}

// storedTerm is a term as entity_scans.terms keeps it.
type storedTerm struct {
	Text string      `json:"text"`
	Kind redact.Kind `json:"kind"`
}

// sourceEntities returns every source's text, in import order, and what
// the entity scan finds in each: from entity_scans where the row holds,
// else scanned now (the sources in parallel) and stored for next time.
func (s *Store) sourceEntities(ctx context.Context) (texts []string, found [][]redact.Term, err error) {
	s.scanMu.Lock()
	defer s.scanMu.Unlock()
	rows, err := s.entityRows(ctx)
	if err != nil {
		return nil, nil, err
	}
	texts, found = s.finishEntityScan(ctx, rows)
	return texts, found, nil
}

// entityRows reads every source's text with its stored scan, marking the
// rows whose stored scan still holds (fresh).
func (s *Store) entityRows(ctx context.Context) ([]*scanRow, error) {
	var rows []*scanRow
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		type storedScan struct {
			sum, terms string
			version    int
		}
		stored := map[int64]storedScan{}
		byID := map[int64]*scanRow{}
		err := eachRow(ctx, tx, `SELECT s.id, ifnull(e.text_sha256, ''), ifnull(e.scanner, 0), ifnull(e.terms, '')
			FROM sources s LEFT JOIN entity_scans e ON e.source_id = s.id ORDER BY s.id`, func(sc scanner) error {
			r := &scanRow{}
			var st storedScan
			if err := sc.Scan(&r.id, &st.sum, &st.version, &st.terms); err != nil {
				return err
			}
			stored[r.id] = st
			byID[r.id] = r
			rows = append(rows, r)
			return nil
		})
		if err != nil {
			return err
		}
		err = eachSourceText(ctx, tx, func(id int64, text string) error {
			if r := byID[id]; r != nil {
				r.text = text
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range rows {
			sum := sha256.Sum256([]byte(r.text))
			r.sum = hex.EncodeToString(sum[:])
			st := stored[r.id]
			if st.sum == r.sum && st.version == redact.ScanVersion {
				var list []storedTerm
				if json.Unmarshal([]byte(st.terms), &list) == nil {
					r.fresh = true
					for _, t := range list {
						r.terms = append(r.terms, redact.Term{Text: t.Text, Kind: t.Kind, Source: redact.FromEntity})
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, s.fail("read entity scans", err)
	}
	return rows, nil
}

// finishEntityScan scans the rows that are not fresh, stores their scans,
// and returns every row's text and terms.
func (s *Store) finishEntityScan(ctx context.Context, rows []*scanRow) (texts []string, found [][]redact.Term) {
	var stale []*scanRow
	for _, r := range rows {
		if !r.fresh {
			stale = append(stale, r)
		}
	}
	scanAll(stale, s.scanProgress)
	if len(stale) > 0 {
		// the cache is an optimisation: a project that cannot be written
		// now is screened all the same
		_ = s.storeEntityScans(ctx, stale)
	}
	texts = make([]string, len(rows))
	found = make([][]redact.Term, len(rows))
	for i, r := range rows {
		texts[i], found[i] = r.text, r.terms
	}
	return texts, found
}

// OnEntityScan sets fn to hear how the entity scan goes when an output's
// screen must scan sources (the first screened output after an import
// scans every new source, at about 200 KB a second per processor): fn
// gets the sources scanned so far, how many there are to scan, and their
// size in bytes, first with none done, then after each source. fn may be
// called from several goroutines, never at once.
func (s *Store) OnEntityScan(fn func(done, total int, bytes int64)) { s.scanProgress = fn }

// scanAll runs the entity scan over rows, one source per processor at a
// time, telling progress (if not nil) as it goes.
func scanAll(rows []*scanRow, progress func(done, total int, bytes int64)) {
	if len(rows) == 0 {
		return
	}
	var bytes int64
	for _, r := range rows {
		bytes += int64(len(r.text))
	}
	var mu sync.Mutex
	done := 0
	tell := func(n int) {
		if progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done += n
		progress(done, len(rows), bytes)
	}
	tell(0)
	next := make(chan *scanRow)
	var wg sync.WaitGroup
	for range min(len(rows), runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				r.terms = redact.Candidates(r.text)
				tell(1)
			}
		}()
	}
	for _, r := range rows {
		next <- r
	}
	close(next)
	wg.Wait()
}

// storeEntityScans writes rows to entity_scans in one transaction. It is
// not an action of the user's, so it joins no audit entry. It waits for
// another process's write for a moment only (scanWriteWait), not the busy
// timeout: an output should not stall for a cache.
func (s *Store) storeEntityScans(ctx context.Context, rows []*scanRow) error {
	ctx, cancel := context.WithTimeout(ctx, scanWriteWait)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO entity_scans (source_id, text_sha256, scanner, terms) VALUES (?,?,?,?)
		ON CONFLICT (source_id) DO UPDATE SET text_sha256 = excluded.text_sha256, scanner = excluded.scanner, terms = excluded.terms`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, r := range rows {
		list := make([]storedTerm, len(r.terms))
		for i, t := range r.terms {
			list[i] = storedTerm{Text: t.Text, Kind: t.Kind}
		}
		b, err := json.Marshal(list)
		if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, r.id, r.sum, redact.ScanVersion, string(b)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SourceEntities is what the named-entity scan finds in the project's
// sources (redact.Entities over every source's text), from the stored scans
// where they hold.
func (s *Store) SourceEntities(ctx context.Context) ([]redact.Term, error) {
	texts, found, err := s.sourceEntities(ctx)
	if err != nil {
		return nil, err
	}
	return redact.Combine(found, texts), nil
}

// forgetEntityScans deletes the stored scans of the sources that query
// selects (ids; all sources when query is empty), in tx: call it where the
// text changes under secure_delete, so that the names a scan found go with
// the words.
func forgetEntityScans(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	if query == "" {
		_, err := tx.ExecContext(ctx, `DELETE FROM entity_scans`)
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM entity_scans WHERE source_id IN (`+query+`)`, args...)
	return err
}

// StartEntityScan is SourceEntities in two steps: it reads the sources
// and their stored scans now, then scans the others in the background,
// and wait returns the terms once the scan is done and stored. A caller
// reads and computes its own output meanwhile (the first screened report
// after an import scans beside its analysis, on the processor the analysis
// leaves free). A second scan waits for this one.
func (s *Store) StartEntityScan(ctx context.Context) (wait func() ([]redact.Term, error)) {
	s.scanMu.Lock()
	rows, err := s.entityRows(ctx)
	if err != nil {
		s.scanMu.Unlock()
		return func() ([]redact.Term, error) { return nil, err }
	}
	done := make(chan []redact.Term, 1)
	go func() {
		defer s.scanMu.Unlock()
		texts, found := s.finishEntityScan(ctx, rows)
		done <- redact.Combine(found, texts)
	}()
	return func() ([]redact.Term, error) { return <-done, nil }
}
