package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"khcn/internal/testdb"
)

const inUseVi = "đang được một máy chủ khcn khác dùng"

// A second server on the same SQLite data folder is refused with a clear
// message naming the first one; the lock goes with the process, so after a
// kill -9 a new server starts at once.
func TestOneServerPerDataFolder(t *testing.T) {
	data := "--data=" + filepath.Join(t.TempDir(), "data")
	first := start(t, nil, "serve", data)
	first.mustUp(t)
	second := start(t, nil, "serve", data)
	if second.waitUp(t) {
		t.Fatalf("a second server started on the same data folder:\n%s", second.output())
	}
	out := second.output()
	if second.err == nil || !strings.Contains(out, inUseVi) || !strings.Contains(out, "is in use by another khcn server") ||
		!strings.Contains(out, fmt.Sprintf("PID %d", first.cmd.Process.Pid)) {
		t.Errorf("second server: %v\n%s", second.err, out)
	}
	if got := first.status(t, "/readyz"); got != http.StatusOK {
		t.Errorf("first server /readyz %d after the refused start", got)
	}
	first.kill()
	<-first.exited
	again := start(t, nil, "serve", data)
	again.mustUp(t)
	again.stop(t)
}

// Two `khcn demo` at once on an empty data folder: one loads the demo and
// serves, the other says why it may not; a later demo finds the data loaded.
func TestDemoTogether(t *testing.T) {
	data := "--data=" + filepath.Join(t.TempDir(), "data")
	a, b := start(t, nil, "demo", data), start(t, nil, "demo", data)
	upA, upB := a.waitUp(t), b.waitUp(t)
	if upA == upB {
		t.Fatalf("want exactly one demo up, got %v and %v:\n%s\n---\n%s", upA, upB, a.output(), b.output())
	}
	winner, loser := a, b
	if upB {
		winner, loser = b, a
	}
	if out := loser.output(); loser.err == nil || !strings.Contains(out, inUseVi) {
		t.Errorf("the second demo: %v\n%s", loser.err, out)
	}
	if out := winner.output(); !strings.Contains(out, "khcn-demo-2026") {
		t.Errorf("the demo printed no logins:\n%s", out)
	}
	winner.stop(t)
	next := start(t, nil, "demo", data)
	next.mustUp(t)
	if strings.Contains(next.output(), "loading demo data") {
		t.Errorf("demo loaded twice:\n%s", next.output())
	}
	next.stop(t)
}

// Two `khcn demo` at once on one empty PostgreSQL database both come up:
// one loads the demo, the other waits for it (it used to exit on a
// duplicate login).
func TestDemoTogetherOnPostgres(t *testing.T) {
	if u, _ := testdb.PostgresURL(); u == "" {
		testdb.Engines(t) // fails in CI, says why otherwise
		t.Skip("PostgreSQL not configured")
	}
	db := "--database-url=" + testdb.NewPostgresURL(t)
	a, b := start(t, nil, "demo", db), start(t, nil, "demo", db)
	a.mustUp(t)
	b.mustUp(t)
	loads := strings.Count(a.output(), "loading demo data") + strings.Count(b.output(), "loading demo data")
	waits := strings.Count(a.output(), "waiting for it") + strings.Count(b.output(), "waiting for it")
	if loads != 1 || waits > 1 {
		t.Errorf("%d servers loaded the demo, %d waited:\n%s\n---\n%s", loads, waits, a.output(), b.output())
	}
	for _, p := range []*proc{a, b} {
		if got := p.status(t, "/readyz"); got != http.StatusOK {
			t.Errorf("/readyz %d", got)
		}
		p.stop(t)
	}
}
