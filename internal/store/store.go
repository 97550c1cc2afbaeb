// Package store is the only place with SQL. It speaks one dialect that both
// SQLite (the default, embedded) and PostgreSQL (the scale-out engine) accept:
// $n placeholders, RETURNING, ON CONFLICT. Engine differences live in the
// migration folders and in the few helpers of dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"khcn/internal/valid"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the engine behind a Store.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

var (
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means the row changed since it was read (optimistic locking).
	ErrConflict = errors.New("store: changed by someone else")
	// ErrDuplicate means a unique key is already taken.
	ErrDuplicate = errors.New("store: duplicate key")
	// errStale is ErrConflict from a version-checked write that matched no
	// row: Tx runs the use case again on PostgreSQL (see Tx).
	errStale = fmt.Errorf("%w (the row moved on)", ErrConflict)
)

// Store owns the connection pools. SQLite gets a single-connection write pool
// beside a read pool, so writers queue in Go instead of failing with BUSY.
type Store struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	file    string // SQLite database file
}

// Open connects to url (postgres://… or empty for SQLite) and applies
// migrations. dataDir holds the SQLite file.
func Open(ctx context.Context, url, dataDir string) (*Store, error) {
	s, err := connect(url, dataDir)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenNoMigrate connects without touching the schema (used by restore).
func OpenNoMigrate(url, dataDir string) (*Store, error) { return connect(url, dataDir) }

func connect(url, dataDir string) (*Store, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return &Store{dialect: Postgres, write: db, read: db}, nil
	}
	if url != "" && !strings.HasPrefix(url, "sqlite:") {
		return nil, fmt.Errorf("store: unsupported database URL %q (use postgres://… or leave empty for SQLite)", url)
	}
	file := strings.TrimPrefix(url, "sqlite:")
	if file == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, err
		}
		file = filepath.Join(dataDir, "khcn.db")
	}
	return openSQLite(file)
}

func openSQLite(file string) (*Store, error) {
	common := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	write, err := sql.Open("sqlite", "file:"+file+"?"+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// Force creation of the file and WAL mode before readers open it.
	if err := write.Ping(); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", file, err)
	}
	read, err := sql.Open("sqlite", "file:"+file+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(4)
	return &Store{dialect: SQLite, write: write, read: read, file: file}, nil
}

// Dialect tells which engine this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close releases the pools.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// Read returns a querier on the read pool, for pages and reports.
func (s *Store) Read() Q { return Q{ex: s.read, d: s.dialect} }

// Tx runs fn in one write transaction, committing if fn returns nil. A
// serialization failure on PostgreSQL is retried, so fn must be safe to rerun.
//
// A stale write on PostgreSQL is run again too. Under READ COMMITTED two
// saves from the same version both pass the use case's version check; the
// second one's version-checked UPDATE then waits for the first to commit and
// matches no row. Run again, the use case reads the winner's version and
// reports the conflict as it does on SQLite, where its single writer sees
// the winner from the start. A version that was stale before the
// transaction began stays stale, so the reruns are few.
func (s *Store) Tx(ctx context.Context, fn func(Q) error) error {
	// A request whose form had text refused at its fields writes nothing.
	if errs := valid.Refused(ctx); errs != nil {
		return errs
	}
	const attempts, staleRuns = 5, 2
	var err error
	stale := 0
	stamped := func(q Q) error {
		q.w = &writeMark{}
		if err := fn(q); err != nil {
			return err
		}
		if !q.w.wrote {
			return nil
		}
		return q.bumpStamp(ctx)
	}
	for i := 0; i < attempts; i++ {
		err = s.tx(ctx, stamped)
		if s.dialect == Postgres && errors.Is(err, errStale) && stale < staleRuns {
			stale++
			continue // the winner has committed: its version is there to read
		}
		if !retryable(err) {
			return err
		}
		// Jitter keeps the losers of one race from meeting again.
		time.Sleep(time.Duration(10*(i+1))*time.Millisecond + rand.N(10*time.Millisecond))
	}
	return err
}

func (s *Store) tx(ctx context.Context, fn func(Q) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(Q{ex: tx, d: s.dialect}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func retryable(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 40001") || strings.Contains(msg, "SQLSTATE 40P01") ||
		strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}
