package store_test

import (
	"sync"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func reserve(t *testing.T, s *store.Store, key string, now time.Time, b account.Backoff) (time.Time, bool) {
	t.Helper()
	var until time.Time
	var refused bool
	err := s.Tx(ctx, func(q store.Q) error {
		var err error
		until, refused, err = q.ThrottleReserve(ctx, key, now, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return until, refused
}

// Attempts are counted before they are judged; the free ones pass, then
// each earns a longer lock, and a locked key counts nothing.
func TestThrottleReserve(t *testing.T) {
	b := account.Backoff{Free: 3, First: time.Minute, Max: 4 * time.Minute, Window: time.Hour}
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		for i := 1; i <= 2; i++ {
			if until, refused := reserve(t, s, "login:x", now, b); refused || !until.IsZero() {
				t.Fatalf("attempt %d: until %v refused %v", i, until, refused)
			}
		}
		until, refused := reserve(t, s, "login:x", now, b)
		if refused || !until.Equal(now.Add(time.Minute)) {
			t.Fatalf("third attempt: until %v refused %v, want a one-minute lock", until, refused)
		}
		if got, refused := reserve(t, s, "login:x", now.Add(30*time.Second), b); !refused || !got.Equal(until) {
			t.Fatalf("locked key: %v %v", got, refused)
		}
		if got, _ := s.Read().ThrottleLockedUntil(ctx, "login:x", now.Add(30*time.Second)); !got.Equal(until) {
			t.Errorf("stored lock %v", got)
		}
		// The refused attempt was not counted: the fourth earns two minutes.
		next := now.Add(time.Minute)
		if got, refused := reserve(t, s, "login:x", next, b); refused || !got.Equal(next.Add(2*time.Minute)) {
			t.Fatalf("fourth attempt: %v %v", got, refused)
		}
		// Other keys are untouched.
		if _, refused := reserve(t, s, "login:y", next, b); refused {
			t.Error("another key locked")
		}
		// A window later the count starts again.
		later := now.Add(2 * time.Hour)
		if got, refused := reserve(t, s, "login:x", later, b); refused || !got.IsZero() {
			t.Errorf("new window: %v %v", got, refused)
		}
		// A refund gives an attempt back; a reset clears the key.
		reserve(t, s, "login:x", later, b)
		if err := s.Tx(ctx, func(q store.Q) error { return q.ThrottleRefund(ctx, "login:x") }); err != nil {
			t.Fatal(err)
		}
		if got, _ := reserve(t, s, "login:x", later, b); !got.IsZero() {
			t.Errorf("refund not given back: %v", got)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.ThrottleReset(ctx, "login:x") }); err != nil {
			t.Fatal(err)
		}
		if got, _ := reserve(t, s, "login:x", later, b); !got.IsZero() {
			t.Errorf("reset key still counted: %v", got)
		}
		var n int64
		err := s.Tx(ctx, func(q store.Q) (err error) {
			n, err = q.DeleteOldThrottle(ctx, later, later)
			return err
		})
		if err != nil || n != 1 { // login:y
			t.Errorf("old keys deleted: %d %v", n, err)
		}
	})
}

// Forty attempts at once at one key: exactly the free ones pass.
func TestThrottleReserveIsAtomic(t *testing.T) {
	b := account.Backoff{Free: 5, First: time.Minute, Max: time.Hour, Window: time.Hour}
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Now()
		var mu sync.Mutex
		passed := 0
		var wg sync.WaitGroup
		for i := 0; i < 40; i++ {
			wg.Go(func() {
				err := s.Tx(ctx, func(q store.Q) error {
					_, refused, err := q.ThrottleReserve(ctx, "login:admin", now, b)
					if err == nil && !refused {
						mu.Lock()
						passed++
						mu.Unlock()
					}
					return err
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if passed != b.Free {
			t.Fatalf("%d of 40 parallel attempts passed, want %d", passed, b.Free)
		}
	})
}

func TestKnownClientsAndOtherSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		var id string
		now := time.Now()
		err := s.Tx(ctx, func(q store.Q) error {
			var err error
			id, err = q.CreateUser(ctx, store.NewUser{Login: "a", Name: "A", Role: account.UnitOfficer, UnitID: hanoi.CommuneID("09022"), PasswordHash: "x"})
			if err != nil {
				return err
			}
			for _, h := range []string{"s1", "s2", "s3"} {
				if err := q.CreateSession(ctx, store.Session{TokenHash: h, UserID: id, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, "", ""); err != nil {
					return err
				}
			}
			if err := q.RememberClient(ctx, id, "ip:10.0.0.1", now.Add(-time.Hour)); err != nil {
				return err
			}
			if err := q.RememberClient(ctx, id, "ip:10.0.0.1", now); err != nil {
				return err
			}
			return q.DeleteOtherSessions(ctx, id, "s2")
		})
		if err != nil {
			t.Fatal(err)
		}
		for h, alive := range map[string]bool{"s1": false, "s2": true, "s3": false} {
			if _, err := s.Read().SessionByHash(ctx, h, now); (err == nil) != alive {
				t.Errorf("session %s: %v, want alive %v", h, err, alive)
			}
		}
		if ok, err := s.Read().KnownClient(ctx, id, "ip:10.0.0.1", now.Add(-time.Minute)); !ok || err != nil {
			t.Errorf("known client not seen again: %v %v", ok, err)
		}
		if ok, _ := s.Read().KnownClient(ctx, id, "ip:10.0.0.2", now.Add(-time.Minute)); ok {
			t.Error("unknown client known")
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.ForgetClients(ctx, id) }); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.Read().KnownClient(ctx, id, "ip:10.0.0.1", now.Add(-time.Minute)); ok {
			t.Error("client not forgotten")
		}
	})
}
