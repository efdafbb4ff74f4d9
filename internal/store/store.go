// Package store is the project file: one SQLite database per project
// (*.fwp), opened through the pure-Go ncruces driver, optionally encrypted
// at rest. It is the only package with SQL in it.
//
// Every method that changes the project runs one transaction, so a crash
// loses at most the action in flight, and an import of many files is all or
// nothing. The file is kept in WAL mode with a busy timeout so that two
// fieldwork processes can share it; when one must wait too long, the other
// reports ErrLocked instead of a raw SQLite error.
package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
)

// applicationID marks a SQLite file as a fieldwork project ("FWRK").
const applicationID = 0x4657524b

// DefaultBusyTimeout is how long a write waits for another process's
// transaction before giving up with ErrLocked.
const DefaultBusyTimeout = 5 * time.Second

// Errors callers may test for with errors.Is.
var (
	// ErrLocked: another process holds the write lock beyond BusyTimeout.
	ErrLocked = errors.New("is being written by another fieldwork process")
	// ErrPassphrase: the passphrase does not open this project.
	ErrPassphrase = errors.New("wrong passphrase")
	// ErrNeedPassphrase: the project is encrypted and no passphrase was given.
	ErrNeedPassphrase = errors.New("is encrypted: give the passphrase with --passphrase-file or FIELDWORK_PASSPHRASE")
	// ErrNotEncrypted: a passphrase was given for a project that has none.
	ErrNotEncrypted = errors.New("is not encrypted, but a passphrase was given")
	// ErrNotProject: the file is not a fieldwork project.
	ErrNotProject = errors.New("is not a fieldwork project")
	// ErrNewer: the project was written by a newer fieldwork.
	ErrNewer = errors.New("was written by a newer version of fieldwork")
	// ErrNotFound: a named source, code, participant or coding does not exist.
	ErrNotFound = errors.New("not found")
	// ErrExists: the project file already exists (Create) or an item with that name does.
	ErrExists = errors.New("already exists")
	// ErrDiskFull: a write found no space left on the disk (ENOSPC).
	ErrDiskFull = errors.New("the disk is full")
)

// Options control how a project file is opened.
type Options struct {
	// Passphrase, when non-empty, encrypts a new project or opens an
	// encrypted one.
	Passphrase string
	// BusyTimeout overrides DefaultBusyTimeout (tests use a short one).
	BusyTimeout time.Duration
	// Upgrading, when set, is told before a file from an older fieldwork
	// is brought to this schema (once; a large survey takes seconds).
	Upgrading func(from, to int)
}

// Store is an open project file.
type Store struct {
	db        *sql.DB
	path      string
	log       auditState         // the audit chain's actor and each transaction's entry
	upgrading func(from, to int) // Options.Upgrading
	// scanProgress, when set, hears how the entity scan of sources not
	// scanned before goes (OnEntityScan).
	scanProgress func(done, total int, bytes int64)
	// scanMu makes a second entity scan wait for the first rather than
	// scan the same sources again (ScanEntities in the background).
	scanMu sync.Mutex
}

// Create makes a new, empty project at path (mode 0600) with the latest
// schema. It refuses to overwrite an existing file.
func Create(path string, opt Options) (*Store, error) {
	kind, _, err := sniff(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if kind != kindAbsent {
		return nil, fmt.Errorf("create %s: %w", path, ErrExists)
	}
	var key []byte
	if opt.Passphrase != "" {
		os.Remove(path) // an empty leftover file, checked above
		if key, err = newCryptHeader(path, opt.Passphrase); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	} else {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		f.Close()
	}
	s, err := open(path, key, opt)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return s, nil
}

// Open opens an existing project, migrating an older schema to the latest.
func Open(path string, opt Options) (*Store, error) {
	kind, head, err := sniff(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	name := filepath.Base(path)
	switch kind {
	case kindAbsent:
		if _, err := os.Stat(path); err == nil {
			return nil, fmt.Errorf("%s is empty: %w", name, ErrNotProject)
		}
		return nil, fmt.Errorf("open %s: no such project (create it with `fieldwork init`)", path)
	case kindForeign:
		return nil, fmt.Errorf("%s %w", name, ErrNotProject)
	case kindPlain:
		if opt.Passphrase != "" {
			return nil, fmt.Errorf("%s %w", name, ErrNotEncrypted)
		}
		return open(path, nil, opt)
	}
	if opt.Passphrase == "" {
		return nil, fmt.Errorf("%s %w", name, ErrNeedPassphrase)
	}
	h, err := parseCryptHeader(head)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	key := h.deriveKey(opt.Passphrase)
	if keyCheck(key) != h.check {
		return nil, fmt.Errorf("open %s: %w", name, ErrPassphrase)
	}
	return open(path, key, opt)
}

// IsEncrypted reports whether the project file at path is encrypted.
func IsEncrypted(path string) bool {
	k, _, err := sniff(path)
	return err == nil && k == kindEncrypted
}

func open(path string, key []byte, opt Options) (*Store, error) {
	busy := opt.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	name := filepath.Base(path)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_txlock", "immediate")
	if key != nil {
		q.Set("vfs", cryptVFS)
	}
	dsn := (&url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	db, err := driver.Open(dsn, func(c *sqlite3.Conn) error {
		if key != nil {
			if err := c.Exec("PRAGMA hexkey='" + hex.EncodeToString(key) + "'"); err != nil {
				return err
			}
		}
		return c.Exec(fmt.Sprintf(`PRAGMA busy_timeout=%d; PRAGMA foreign_keys=ON; PRAGMA temp_store=memory;`,
			busy.Milliseconds()))
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	// One connection: the CLI and the TUI do one thing at a time, and a single
	// connection keeps every transaction strictly ordered.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, path: path, log: auditState{actor: defaultActor()}, upgrading: opt.Upgrading}
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Chmod(path+suffix, 0o600) // SQLite creates them with the umask's mode
	}
	return s, nil
}

func (s *Store) init() error {
	ctx := context.Background()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return s.fail("open", err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA synchronous=FULL"); err != nil {
		return s.fail("open", err)
	}
	var appID int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return s.fail("open", err)
	}
	var tables int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return s.fail("open", err)
	}
	if appID != applicationID && tables > 0 {
		return fmt.Errorf("%s %w (it is some other SQLite database)", filepath.Base(s.path), ErrNotProject)
	}
	return s.migrate(ctx)
}

// Close closes the project file.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// fail wraps a database error with the action and turns SQLite's busy and
// not-a-database errors into the package's plain errors.
func (s *Store) fail(action string, err error) error {
	if err == nil {
		return nil
	}
	name := filepath.Base(s.path)
	switch {
	case errors.Is(err, sqlite3.BUSY), errors.Is(err, sqlite3.LOCKED):
		return fmt.Errorf("%s: %s %w", action, name, ErrLocked)
	case errors.Is(err, sqlite3.NOTADB):
		return fmt.Errorf("%s: %s %w", action, name, ErrNotProject)
	case errors.Is(err, sqlite3.FULL), errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s: %s: %w (no space left on device)", action, name, ErrDiskFull)
	}
	return fmt.Errorf("%s: %w", action, err)
}

// tx runs fn in one write transaction, committing when it returns nil.
// When fn changed a row, an audit entry joins the hash chain in the same
// transaction (audit.go): fn may describe it with s.note, else action names
// it, so action must never hold a participant's words.
func (s *Store) tx(action string, fn func(tx *sql.Tx) error) error {
	return s.txContext(context.Background(), action, fn)
}

// txContext is tx for the writes that can run for seconds (imports): a
// cancelled ctx rolls the transaction back.
func (s *Store) txContext(ctx context.Context, action string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(action, err)
	}
	defer s.forget(tx)
	mark := s.changeMark(ctx, tx)
	err = fn(tx)
	if err == nil {
		// The change joins the audit chain in the same transaction.
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

// readSnapshot runs fn in a read-only transaction, for reads of several
// queries that must see one state of the file (a source's columns and its
// text, say) without taking the write lock.
func (s *Store) readSnapshot(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// rowsQueryer is a transaction or the database.
type rowsQueryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// eachRow runs q in q's transaction (or on the database) and calls fn for
// every row: the one row loop of the package.
func eachRow(ctx context.Context, q rowsQueryer, query string, fn func(scanner) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func isSQLite(err error) bool {
	var e *sqlite3.Error
	return errors.As(err, &e)
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }
