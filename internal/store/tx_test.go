package store_test

import (
	"context"
	"testing"
	"time"

	"khcn/internal/store"
	"khcn/internal/testdb"
)

// A write lock is held until the transaction ends: on PostgreSQL a second
// transaction taking the same lock waits (here it gives up when its context
// ends), one taking another lock does not. SQLite has one writer, so the
// second transaction could not even begin.
func TestLockHoldsUntilCommit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.Postgres {
			if err := s.Tx(ctx, func(q store.Q) error { return q.Lock(ctx, "targets/p/u") }); err != nil {
				t.Fatal(err)
			}
			return
		}
		held, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			done <- s.Tx(ctx, func(q store.Q) error {
				if err := q.Lock(ctx, "targets/p/u"); err != nil {
					return err
				}
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		try := func(key string) error {
			c, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			return s.Tx(c, func(q store.Q) error { return q.Lock(c, key) })
		}
		if err := try("targets/p/other"); err != nil {
			t.Errorf("another scope waited: %v", err)
		}
		if err := try("targets/p/u"); err == nil {
			t.Error("the same scope was taken while held")
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := try("targets/p/u"); err != nil {
			t.Errorf("the lock was not released at commit: %v", err)
		}
	})
}

// Two saves from the same version on PostgreSQL: the second reads the
// version before the first commits, so its version-checked write matches no
// row. Tx runs it again, and then it reads the first one's version, as it
// would have on SQLite (whose single writer makes this race impossible).
func TestStaleWriteRunsAgain(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.Postgres {
			t.Skip("one writer: the second save begins after the first commits")
		}
		at := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		save := func(q store.Q, version int) error {
			return q.SaveReminderSetting(ctx, store.ReminderSetting{Source: "action_item", BeforeDays: 3, Version: version}, at)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return save(q, 0) }); err != nil {
			t.Fatal(err)
		}
		written, read, first := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			first <- s.Tx(ctx, func(q store.Q) error {
				if err := save(q, 1); err != nil {
					return err
				}
				close(written)
				<-read // commit only once the second save has read version 1
				return nil
			})
		}()
		<-written
		var seen []int
		err := s.Tx(ctx, func(q store.Q) error {
			cur, err := q.ReminderSettings(ctx)
			if err != nil {
				return err
			}
			v := cur["action_item"].Version
			seen = append(seen, v)
			if len(seen) == 1 {
				close(read)
			}
			if v != 1 {
				return nil // it sees the first save: the use case reports the conflict
			}
			return save(q, v)
		})
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		if err != nil || len(seen) != 2 || seen[0] != 1 || seen[1] != 2 {
			t.Errorf("the second save read versions %v (%v), want [1 2]: run again after its write found the row moved on", seen, err)
		}
	})
}
