package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
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
