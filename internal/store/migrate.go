package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrations: one history, a folder per engine with the same file names
// (NNNN_name.sql). Number ranges keep areas apart: 0001-0099 foundation,
// 0100 proposals, 0200 programmes, 0300 follow-ups, 0400 products.
//
//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations(d Dialect) ([]migration, error) {
	dir := "migrations/" + d.String()
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, strings.TrimSuffix(e.Name(), ".sql"), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// Migrate applies every migration not yet applied, each in its own
// transaction. Missing lower numbers are applied too, so areas developed in
// parallel can land in any order. Two servers starting at once on PostgreSQL
// serialise on the schema_migrations primary key: the loser sees a duplicate
// and moves on.
func (s *Store) Migrate(ctx context.Context) error { return s.migrateUpTo(ctx, int(^uint(0)>>1)) }

// migrateUpTo applies the migrations numbered up to last (the upgrade test
// makes a database of an older schema with it).
func (s *Store) migrateUpTo(ctx context.Context, last int) error {
	// Two PostgreSQL servers racing on CREATE TABLE IF NOT EXISTS can both
	// pass the check; the loser fails on the catalog and simply tries again.
	var err error
	for i := 0; i < 5; i++ {
		if _, err = s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TEXT NOT NULL)`); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	all, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return err
	}
	for _, m := range all {
		if applied[m.version] || m.version > last {
			continue
		}
		err := s.tx(ctx, func(q Q) error {
			if _, err := q.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
			_, err := q.ex.ExecContext(ctx, m.sql)
			return err
		})
		if errors.Is(err, ErrDuplicate) {
			continue // another server applied it first
		}
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (s *Store) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := s.write.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// Pending lists migrations not yet applied; /readyz reports not ready while
// any remain.
func (s *Store) Pending(ctx context.Context) ([]string, error) {
	all, err := migrations(s.dialect)
	if err != nil {
		return nil, err
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range all {
		if !applied[m.version] {
			out = append(out, m.name)
		}
	}
	return out, nil
}
