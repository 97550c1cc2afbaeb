// Package testdb gives tests a fresh, migrated database on every engine:
// SQLite always, PostgreSQL when KHCN_TEST_POSTGRES_URL is set. With CI=true a
// missing PostgreSQL fails the run instead of skipping it.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"khcn/internal/store"
)

// Engine is one database engine the suite runs on.
type Engine struct {
	Name string
	open func(t testing.TB) *store.Store
}

// Open returns a fresh, migrated, empty database, dropped when t ends.
func (e Engine) Open(t testing.TB) *store.Store { return e.open(t) }

// PostgresURL returns the server URL tests use, or "" with the reason.
func PostgresURL() (string, string) {
	u := os.Getenv("KHCN_TEST_POSTGRES_URL")
	if u == "" {
		return "", "KHCN_TEST_POSTGRES_URL is not set"
	}
	return u, ""
}

var skipOnce sync.Once

// Engines lists the engines to run on. It fails the test when CI=true and
// PostgreSQL is not configured.
func Engines(t testing.TB) []Engine {
	t.Helper()
	out := []Engine{{Name: "sqlite", open: openSQLite}}
	if u, why := PostgresURL(); u != "" {
		out = append(out, Engine{Name: "postgres", open: func(t testing.TB) *store.Store { return openPostgres(t, u) }})
	} else if os.Getenv("CI") == "true" {
		t.Fatalf("PostgreSQL is required in CI: %s", why)
	} else {
		skipOnce.Do(func() {
			fmt.Fprintf(os.Stderr, "testdb: SKIPPING PostgreSQL half of the store tests: %s\n", why)
		})
	}
	return out
}

// Each runs fn once per engine as a subtest with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open(t)) })
	}
}

// SQLite returns a fresh SQLite database, for tests that need only one engine.
func SQLite(t testing.TB) *store.Store { return openSQLite(t) }

func openSQLite(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t testing.TB, serverURL string) *store.Store {
	t.Helper()
	name := "khcn_test_" + randomHex(6)
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create test database (is PostgreSQL up at %s?): %v", redact(serverURL), err)
	}
	dbURL, err := withDatabase(serverURL, name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		a, err := sql.Open("pgx", serverURL)
		if err == nil {
			a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			a.Close()
		}
	})
	return s
}

// NewPostgresURL creates an empty database on the test server and returns its
// URL, for tests that start whole servers (several instances on one database).
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	u, why := PostgresURL()
	if u == "" {
		t.Skip(why)
	}
	name := "khcn_test_" + randomHex(6)
	admin, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", u); err == nil {
			a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			a.Close()
		}
	})
	dbURL, err := withDatabase(u, name)
	if err != nil {
		t.Fatal(err)
	}
	return dbURL
}

func withDatabase(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func redact(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return strings.Repeat("*", len(s))
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
