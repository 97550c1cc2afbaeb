package gen

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Login is the generated Sở specialist whose scope is the whole country.
const Login = "bench.so"

// Open returns a store holding the generated data set on engine ("sqlite"
// or "postgres"), generating it on first use and keeping it for later runs:
// SQLite in $KHCN_BENCH_DIR (default: the system temp folder), PostgreSQL
// in a database named after Version on the test server.
func Open(tb testing.TB, engine, password string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	var s *store.Store
	var err error
	switch engine {
	case "sqlite":
		dir := os.Getenv("KHCN_BENCH_DIR")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "khcn-bench")
		}
		os.MkdirAll(dir, 0o755)
		file := filepath.Join(dir, "programmes-"+Version+".db")
		if _, statErr := os.Stat(file); statErr != nil {
			tmp := file + ".part"
			os.Remove(tmp)
			build(tb, "sqlite:"+tmp, password)
			if err := os.Rename(tmp, file); err != nil {
				tb.Fatal(err)
			}
			os.Remove(tmp + "-wal")
			os.Remove(tmp + "-shm")
		}
		s, err = store.Open(ctx, "sqlite:"+file, "")
	case "postgres":
		server, why := testdb.PostgresURL()
		if server == "" {
			tb.Skip(why)
		}
		name := "khcn_bench_" + strings.ReplaceAll(Version, "-", "_")
		dbURL := withDB(tb, server, name)
		if !pgReady(server, name) {
			admin, err := sql.Open("pgx", server)
			if err != nil {
				tb.Fatal(err)
			}
			admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
				tb.Fatal(err)
			}
			admin.Close()
			build(tb, dbURL, password)
			mark, _ := store.Open(ctx, dbURL, "")
			mark.Tx(ctx, func(q store.Q) error { _, err := q.Once(ctx, Version+":complete", time.Now()); return err })
			mark.Close()
		}
		s, err = store.Open(ctx, dbURL, "")
	default:
		tb.Fatalf("unknown engine %s", engine)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// build generates the data set and its login into a fresh database.
func build(tb testing.TB, url, password string) {
	tb.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, url, "")
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	if err := Generate(ctx, s, nil); err != nil {
		tb.Fatal(err)
	}
	if err := s.Analyze(ctx); err != nil {
		tb.Fatal(err)
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		tb.Fatal(err)
	}
	err = s.Tx(ctx, func(q store.Q) error {
		_, err := q.CreateUser(ctx, store.NewUser{Login: Login, Name: "Chuyên viên (dữ liệu sinh)", Role: account.SoSpecialist, UnitID: SoID, PasswordHash: hash})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gen: %s generated in %s\n", strings.SplitN(url, ":", 2)[0], time.Since(start).Round(time.Second))
}

// pgReady reports whether the cached database exists and was completed.
func pgReady(server, name string) bool {
	u, err := url.Parse(server)
	if err != nil {
		return false
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return false
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM once_keys WHERE key = $1`, Version+":complete").Scan(&n)
	return err == nil && n == 1
}

func withDB(tb testing.TB, server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
