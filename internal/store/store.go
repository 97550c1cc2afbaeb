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
// On PostgreSQL the transaction is REPEATABLE READ, so a use case sees one
// snapshot from its first read to its last write, as it does on SQLite with
// its single writer. Under READ COMMITTED two saves from the same version
// both passed the use case's version check, and the second one's
// version-checked UPDATE then matched no row: a bare ErrConflict, without
// the versions the form shows, or a duplicate key where both inserted. Now
// the second one fails with a serialization failure instead; the retry reads
// the winner's version and the use case reports the conflict as on SQLite.
func (s *Store) Tx(ctx context.Context, fn func(Q) error) error {
	const attempts = 5
	var err error
	for i := 0; i < attempts; i++ {
		err = s.tx(ctx, fn)
		if !retryable(err) {
			return err
		}
		// Jitter keeps the losers of one race from meeting again.
		time.Sleep(time.Duration(10*(i+1))*time.Millisecond + rand.N(10*time.Millisecond))
	}
	return err
}

func (s *Store) tx(ctx context.Context, fn func(Q) error) error {
	var opts *sql.TxOptions
	if s.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead}
	}
	tx, err := s.write.BeginTx(ctx, opts)
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
