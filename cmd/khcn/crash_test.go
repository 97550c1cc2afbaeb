package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"khcn/internal/hanoi"
	"khcn/internal/testdb"
)

// The real server under concurrent writes is killed with SIGKILL; after a
// restart every write it acknowledged (a 303 to the new record) is there,
// each with its audit record (one transaction per use case), and the
// database is sound: PRAGMA integrity_check and foreign_key_check on SQLite,
// on PostgreSQL the rows against their audit records and foreign keys.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		crashTest(t, []string{"--data=" + filepath.Join(dir, "data")}, "sqlite", "file:"+filepath.Join(dir, "data", "khcn.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		if u, _ := testdb.PostgresURL(); u == "" {
			testdb.Engines(t) // fails in CI, says why otherwise
			t.Skip("PostgreSQL not configured")
		}
		u := testdb.NewPostgresURL(t)
		crashTest(t, []string{"--database-url=" + u}, "pgx", u)
	})
}

func crashTest(t *testing.T, args []string, driver, dsn string) {
	ctx := context.Background()
	if err := run(ctx, "migrate", args); err != nil {
		t.Fatal(err)
	}
	const password = "mật-khẩu-thử-sập-máy"
	t.Setenv("KHCN_PASSWORD", password)
	if err := run(ctx, "user", append([]string{"add", "--login=canbo", "--name=Cán bộ thử", "--role=unit_officer",
		"--unit=" + hanoi.CommuneID("09022")}, args...)); err != nil {
		t.Fatal(err)
	}

	srv := start(t, nil, append([]string{"serve"}, args...)...)
	srv.mustUp(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "http://" + srv.addr
	r, err := client.PostForm(base+"/login", url.Values{"login": {"canbo"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}

	// Six writers raise recommendations until the server dies under them.
	var mu sync.Mutex
	acked := map[string]string{} // record path → title
	var wg sync.WaitGroup
	enough := make(chan struct{})
	var once sync.Once
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				title := fmt.Sprintf("Kiến nghị thử sập máy %d-%d", w, i)
				r, err := client.PostForm(base+"/recommendations", url.Values{"category_id": {"training"}, "title": {title},
					"description": {"Đề nghị Sở tổ chức tập huấn chuyển đổi số cho cán bộ xã"}})
				if err != nil {
					return // the server is gone
				}
				r.Body.Close()
				loc := r.Header.Get("Location")
				if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/recommendations/") {
					t.Errorf("write %s: %d %s", title, r.StatusCode, loc)
					return
				}
				mu.Lock()
				acked[loc] = title
				if len(acked) >= 40 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(20 * time.Second):
	}
	srv.kill() // mid-write: the writers are still sending
	wg.Wait()
	<-srv.exited
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	if n == 0 {
		t.Fatalf("no write acknowledged before the kill:\n%s", srv.output())
	}

	again := start(t, nil, append([]string{"serve"}, args...)...)
	again.mustUp(t)
	base = "http://" + again.addr
	for path, title := range acked {
		r, err := client.Get(base + path) // the session lives in the database
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusOK || !strings.Contains(string(body), title) {
			t.Errorf("acknowledged %s (%q) after restart: %d", path, title, r.StatusCode)
		}
	}
	again.stop(t)

	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var recs, audits int
	if err := db.QueryRow(`SELECT COUNT(*) FROM recommendations`).Scan(&recs); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'recommendation.raise'`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if recs < n || recs != audits {
		t.Errorf("%d recommendations, %d audit records, %d acknowledged", recs, audits, n)
	}
	var orphans int
	if err := db.QueryRow(`SELECT COUNT(*) FROM recommendations r WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_id = r.id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d recommendations without their audit record", orphans)
	}
	if driver == "sqlite" {
		var ok string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("integrity_check: %q %v", ok, err)
		}
		rows, err := db.Query(`PRAGMA foreign_key_check`)
		if err != nil {
			t.Fatal(err)
		}
		if rows.Next() {
			t.Error("foreign_key_check found rows")
		}
		rows.Close()
	} else {
		// Constraints PostgreSQL enforces cannot be broken; check none was
		// left unvalidated.
		var bad int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pg_constraint WHERE NOT convalidated`).Scan(&bad); err != nil || bad != 0 {
			t.Errorf("%d constraints not validated (%v)", bad, err)
		}
	}
	t.Logf("%d writes acknowledged before the kill, %d rows after", n, recs)
}
