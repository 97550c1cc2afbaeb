package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Many claimers race for the outbox at once (separate connections on
// PostgreSQL): every row is claimed by exactly one of them.
func TestClaimOutboxIsExclusive(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2024, 7, 22, 2, 0, 0, 0, time.UTC)
		const rows = 120
		err := s.Tx(ctx, func(q store.Q) error {
			for i := 0; i < rows; i++ {
				if err := q.InsertOutbox(ctx, store.OutboxMsg{ID: store.NewID(), To: fmt.Sprintf("u%d@x.vn", i), Lang: "vi", Kind: "notice",
					CreatedAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		claimed := map[string]string{}
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				me := fmt.Sprintf("server-%d", w)
				for {
					var got []store.OutboxMsg
					err := s.Tx(ctx, func(q store.Q) error {
						var err error
						got, err = q.ClaimOutbox(ctx, me, now, now.Add(time.Minute), 3)
						return err
					})
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						if other, dup := claimed[m.ID]; dup {
							t.Errorf("%s claimed by %s and %s", m.ID, other, me)
						}
						claimed[m.ID] = me
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(claimed) != rows {
			t.Fatalf("%d of %d claimed", len(claimed), rows)
		}
		// A claim that ran out (the server died) is taken over; a live one is not.
		later := now.Add(2 * time.Minute)
		var again []store.OutboxMsg
		s.Tx(ctx, func(q store.Q) error {
			var err error
			again, err = q.ClaimOutbox(ctx, "server-9", later, later.Add(time.Minute), rows)
			return err
		})
		if len(again) != rows {
			t.Fatalf("expired claims taken over: %d", len(again))
		}
		s.Tx(ctx, func(q store.Q) error {
			ok, err := q.KeepClaim(ctx, again[0].ID, "server-1", later, later.Add(time.Minute))
			if ok || err != nil {
				t.Errorf("lost claim kept: %v %v", ok, err)
			}
			if err := q.MarkOutboxSent(ctx, again[0].ID, "server-1", later); err == nil {
				t.Error("a server marked sent a message it no longer holds")
			}
			return q.MarkOutboxSent(ctx, again[0].ID, "server-9", later)
		})
		if c, _ := s.Read().OutboxCounts(ctx); c[store.OutboxSent] != 1 {
			t.Errorf("counts %v", c)
		}
	})
}

// RenewClaims extends a server's live claims only: not another server's,
// and not one that already ran out (someone else may hold it by now).
func TestRenewClaims(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2024, 7, 22, 2, 0, 0, 0, time.UTC)
		err := s.Tx(ctx, func(q store.Q) error {
			for i := 0; i < 4; i++ {
				if err := q.InsertOutbox(ctx, store.OutboxMsg{ID: store.NewID(), To: fmt.Sprintf("u%d@x.vn", i), Lang: "vi", Kind: "notice",
					CreatedAt: now}); err != nil {
					return err
				}
			}
			if _, err := q.ClaimOutbox(ctx, "server-1", now, now.Add(45*time.Second), 2); err != nil {
				return err
			}
			_, err := q.ClaimOutbox(ctx, "server-2", now, now.Add(45*time.Second), 2)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		renew := func(by string, at time.Time) int {
			t.Helper()
			var n int
			if err := s.Tx(ctx, func(q store.Q) error {
				var err error
				n, err = q.RenewClaims(ctx, by, at, at.Add(45*time.Second))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// server-1 renews at +30 s and +60 s; server-2 has died.
		if n := renew("server-1", now.Add(30*time.Second)); n != 2 {
			t.Fatalf("renewed %d, want 2", n)
		}
		if n := renew("server-1", now.Add(60*time.Second)); n != 2 {
			t.Fatalf("renewed again %d, want 2", n)
		}
		var taken []store.OutboxMsg
		s.Tx(ctx, func(q store.Q) error {
			var err error
			taken, err = q.ClaimOutbox(ctx, "server-3", now.Add(61*time.Second), now.Add(106*time.Second), 10)
			return err
		})
		if len(taken) != 2 {
			t.Fatalf("server-3 took %d, want server-2's 2", len(taken))
		}
		for _, m := range taken {
			if m.ClaimedBy != "server-3" {
				t.Errorf("taken %+v", m)
			}
		}
		// server-2 comes back: its claims are gone, and stay gone.
		if n := renew("server-2", now.Add(62*time.Second)); n != 0 {
			t.Errorf("a dead server renewed %d claims", n)
		}
	})
}
