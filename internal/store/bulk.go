package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
)

// bulkBatch bounds how many rows a bulk writer holds before it hands them to
// SQLite: memory stays flat however large the file.
const bulkBatch = 8192

// Page cache sizes in KiB (negative, as PRAGMA cache_size takes them):
// SQLite's default, and the cache of bulk writes and large reads.
const (
	defaultCacheKiB = -2000
	bulkCacheKiB    = -262144
)

// rawTx is txContext for bulk writes: fn gets the transaction and the
// driver's own connection beneath it, whose prepared statements insert a
// row without database/sql's per-call allocations and conversions. Both
// are the same SQLite connection, so the rows fn writes through raw are
// part of tx (and of its audit entry).
func (s *Store) rawTx(ctx context.Context, action string, fn func(tx *sql.Tx, raw *sqlite3.Conn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.fail(action, err)
	}
	defer conn.Close()
	// database/sql rolls a transaction back on its own goroutine when the
	// transaction's context is cancelled, which would run beside raw's
	// statements on the same SQLite connection: the transaction is given a
	// context that is never cancelled, and fn checks ctx itself between
	// batches (a cancelled import then rolls back here, in turn).
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return s.fail(action, err)
	}
	defer s.forget(tx)
	mark := s.changeMark(ctx, tx)
	// Raw holds the driver connection's lock while its callback runs, and tx
	// needs that lock: take the SQLite connection out and use it beside tx.
	// conn is reserved to this goroutine until it is closed, so nothing
	// else reaches the connection meanwhile.
	var raw *sqlite3.Conn
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("%s: the SQLite driver has no raw connection (%T)", action, dc)
		}
		raw = c.Raw()
		return nil
	})
	if err == nil {
		// A bulk write touches index pages all over the file: with SQLite's
		// default 2 MB page cache, a million rows spill and reread pages.
		err = raw.Exec(fmt.Sprintf("PRAGMA cache_size=%d", bulkCacheKiB))
		defer raw.Exec(fmt.Sprintf("PRAGMA cache_size=%d", defaultCacheKiB))
	}
	if err == nil {
		err = fn(tx, raw)
	}
	if err == nil {
		err = ctx.Err() // cancelled once fn was done: nothing is kept
	}
	if err == nil {
		err = s.appendAudit(ctx, tx, action, mark)
	}
	if err != nil {
		tx.Rollback()
		if isSQLite(err) {
			return s.fail(action, err)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.fail(action, err)
	}
	return nil
}

// readTx runs fn in one read transaction with the driver's own connection
// beside it (as rawTx does), for reads of a million rows: a prepared
// statement stepped directly costs a fraction of database/sql's Next and
// Scan. The page cache is enlarged for the read.
func (s *Store) readTx(ctx context.Context, fn func(tx *sql.Tx, raw *sqlite3.Conn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Never cancelled, as in rawTx: fn checks ctx between rows.
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var raw *sqlite3.Conn
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("the SQLite driver has no raw connection (%T)", dc)
		}
		raw = c.Raw()
		return nil
	})
	if err != nil {
		return err
	}
	if err := raw.Exec(fmt.Sprintf("PRAGMA cache_size=%d", bulkCacheKiB)); err != nil {
		return err
	}
	defer raw.Exec(fmt.Sprintf("PRAGMA cache_size=%d", defaultCacheKiB))
	return fn(tx, raw)
}
