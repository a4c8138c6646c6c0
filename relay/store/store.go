// Package store is the relay's embedded SQLite database: the message log,
// replay protection, the delivery outbox and the default BPP provider's order
// state. It uses modernc.org/sqlite (pure Go) in WAL mode, applies its schema
// migrations when opened, and writes through a single connection so that
// concurrent HTTP handlers queue in Go instead of failing with SQLITE_BUSY,
// and Updates that queue up meanwhile share one commit.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Synchronous is SQLite's PRAGMA synchronous for the write connection.
type Synchronous string

const (
	// SyncNormal survives any crash of the relay process (kill -9 included):
	// in WAL mode a commit is in the operating system's page cache before
	// the call returns. An operating system crash or power cut may lose the
	// last commits, never corrupt the file. The default.
	SyncNormal Synchronous = "NORMAL"
	// SyncFull additionally fsyncs the WAL on every commit, so a commit
	// also survives power loss, at the cost of one fsync per write
	// transaction (see BenchmarkAcceptInbound for the measured price).
	SyncFull Synchronous = "FULL"
)

// Defaults of Options.
const (
	DefaultBusyTimeout = 5 * time.Second
	DefaultReaders     = 4
)

// Options tune OpenWith; the zero value is the documented default.
type Options struct {
	// Synchronous is SyncNormal (default) or SyncFull.
	Synchronous Synchronous
	// BusyTimeout is how long a connection waits on a lock held by
	// another process (for example an operator's sqlite3 shell) before
	// failing. Within one relay process writes never contend: they share
	// one connection. Default 5 s.
	BusyTimeout time.Duration
	// Readers is the size of the read-only connection pool used by the
	// query methods, which in WAL mode never wait for the writer.
	// Default 4.
	Readers int
}

// Store is the relay's database. Its methods are safe for concurrent use.
type Store struct {
	path string
	// w is the one connection that writes (a pool of one), used after
	// Open only by the writer goroutine, so writes never contend for
	// SQLite's lock within the process.
	w *sql.DB
	// r is a pool of query_only connections for reads.
	r *sql.DB
	// st are the write connection's prepared statements.
	st *statements
	// pruneBatch is defaultPruneBatch; tests make it small.
	pruneBatch int

	// writes queues Updates for the writer goroutine (runWriter), the
	// only user of w after Open.
	writes     chan *writeReq
	writerDone chan struct{}
	// closeMu orders Close after every Update that is handing its
	// request to the writer; closed refuses new ones.
	closeMu sync.RWMutex
	closed  bool

	updates, transactions atomic.Int64

	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if needed) the database at path with the default
// Options; see OpenWith.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith opens (creating if needed) the database at path, applies pending
// schema migrations, and refuses a database whose schema is newer than this
// binary knows (ErrSchemaTooNew).
func OpenWith(ctx context.Context, path string, o Options) (*Store, error) {
	if err := o.resolve(); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open store %q: need a file path (an in-memory database cannot be shared by the writer and the readers)", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}

	s := &Store{path: abs, pruneBatch: defaultPruneBatch}
	if s.w, err = openWriter(ctx, abs, o); err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	if err := migrate(ctx, s.w); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", abs, err), s.w.Close())
	}
	if s.st, err = prepareStatements(ctx, s.w); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", abs, err), s.w.Close())
	}
	if s.r, err = openReaders(ctx, abs, o); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", abs, err), s.st.close(), s.w.Close())
	}
	s.writes = make(chan *writeReq, maxGroup)
	s.writerDone = make(chan struct{})
	go s.runWriter()
	return s, nil
}

func (o *Options) resolve() error {
	switch o.Synchronous {
	case "":
		o.Synchronous = SyncNormal
	case SyncNormal, SyncFull:
	default:
		return fmt.Errorf("synchronous %q: want %s or %s", o.Synchronous, SyncNormal, SyncFull)
	}
	switch {
	case o.BusyTimeout == 0:
		o.BusyTimeout = DefaultBusyTimeout
	case o.BusyTimeout < 0:
		return fmt.Errorf("busy timeout %s is negative", o.BusyTimeout)
	}
	switch {
	case o.Readers == 0:
		o.Readers = DefaultReaders
	case o.Readers < 0:
		return fmt.Errorf("readers %d is negative", o.Readers)
	}
	return nil
}

// dsn builds a file: URI so that any byte of the path (a '?' or '#' in a
// directory name) reaches SQLite escaped rather than being read as a query.
func dsn(path string, params url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: params.Encode()}
	return u.String()
}

func openWriter(ctx context.Context, path string, o Options) (*sql.DB, error) {
	params := url.Values{}
	params.Set("_busy_timeout", fmt.Sprint(o.BusyTimeout.Milliseconds()))
	params.Set("_journal_mode", "WAL")
	params.Set("_synchronous", string(o.Synchronous))
	params.Set("_foreign_keys", "1")
	// BEGIN IMMEDIATE: a write transaction takes the write lock when it
	// starts, so a read-then-write never fails half-way with SQLITE_BUSY
	// because another process wrote in between.
	params.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)

	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return nil, errors.Join(fmt.Errorf("read journal mode: %w", err), db.Close())
	}
	if !strings.EqualFold(mode, "wal") {
		return nil, errors.Join(fmt.Errorf("journal mode is %q, not wal: keep the database on a local filesystem", mode), db.Close())
	}
	return db, nil
}

func openReaders(ctx context.Context, path string, o Options) (*sql.DB, error) {
	params := url.Values{}
	params.Set("_busy_timeout", fmt.Sprint(o.BusyTimeout.Milliseconds()))
	params.Set("_foreign_keys", "1")
	// The readers can never write, whatever a future query says.
	params.Set("_query_only", "1")
	db, err := sql.Open("sqlite", dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("open readers: %w", err)
	}
	db.SetMaxOpenConns(o.Readers)
	db.SetMaxIdleConns(o.Readers)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open readers: %w", err), db.Close())
	}
	return db, nil
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close waits for the Updates already queued, refuses new ones (ErrClosed),
// and closes both pools. The last connection to close checkpoints the WAL
// into the database file. Calling Close again returns the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closeMu.Lock()
		s.closed = true
		close(s.writes)
		s.closeMu.Unlock()
		<-s.writerDone

		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// Refreshes the planner's statistics where they went stale, as
		// SQLite recommends before closing a long-lived connection.
		_, optErr := s.w.ExecContext(ctx, "PRAGMA optimize")
		if optErr != nil {
			optErr = fmt.Errorf("close store %s: optimize: %w", s.path, optErr)
		}
		s.closeErr = errors.Join(optErr, s.st.close(), s.r.Close(), s.w.Close())
	})
	return s.closeErr
}

// nanos encodes a time for the schema: nanoseconds since the epoch, 0 for
// the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos is the inverse of nanos, in UTC.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
