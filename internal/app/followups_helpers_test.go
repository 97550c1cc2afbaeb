package app_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/notify"
	"khcn/internal/smtptest"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// clock is a settable time shared by the app instances of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// at is a time in Vietnam.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, locale.Zone)
}

// newApp runs an app over s with the foundation data loaded (when load).
func newApp(t testing.TB, s *store.Store, c *clock, load bool) *app.App {
	t.Helper()
	a := app.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Now = c.Now
	if load {
		for _, st := range webtest.Foundation() {
			if err := st.Run(context.Background(), a); err != nil {
				t.Fatal(err)
			}
		}
	}
	return a
}

func mailTo(srv *smtptest.Server) notify.SMTP {
	return notify.SMTP{Host: srv.Host(), Port: srv.Port(), From: "KH&CN Hà Nội <thongbao@khcn.demo.vn>", TLS: notify.TLSNone, Timeout: 2 * time.Second}
}

// actor returns a demo login as an actor.
func actor(t testing.TB, a *app.App, login string) app.Actor {
	t.Helper()
	ctx := context.Background()
	id, err := a.UserIDByLogin(ctx, login)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Store.Read().User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return app.Actor{User: &u, IP: "test", RequestID: "test"}
}

// notice records a notice for users in its own transaction.
func notice(t testing.TB, a *app.App, text string, users ...string) {
	t.Helper()
	err := a.Store.Tx(context.Background(), func(q store.Q) error {
		return a.Notify(context.Background(), q, app.Notice{UserIDs: users, Kind: "test.notice", Key: "ntf.test_text", Args: []string{text}, Link: "/"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func outboxStates(t testing.TB, s *store.Store) map[string]int {
	t.Helper()
	c, err := s.Read().OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// uniqueIDs fails on any Message-ID received twice and returns the count.
func uniqueIDs(t testing.TB, msgs []smtptest.Message) int {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.ID()] {
			t.Errorf("message %s delivered twice", m.ID())
		}
		seen[m.ID()] = true
	}
	return len(seen)
}

func notifyTiming(before, escalate int, on bool) notify.Timing {
	return notify.Timing{BeforeDays: before, EscalateDays: escalate, Enabled: on}
}
