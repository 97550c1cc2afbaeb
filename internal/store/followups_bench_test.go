package store_test

import (
	"fmt"
	"testing"
	"time"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The Sở's list of open and overdue items with its counts, over 20.000
// items in 126 communes: computed live, it must stay in milliseconds.
//
//	go test -run ^$ -bench ActionList ./internal/store/
func BenchmarkActionList(b *testing.B) {
	s := testdb.SQLite(b)
	units, links, err := hanoi.Units()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Tx(ctx, func(q store.Q) error { return q.InsertUnits(ctx, units, links) }); err != nil {
		b.Fatal(err)
	}
	communes, _ := s.Read().UnitsOn(ctx, civil.New(2026, 1, 1), orgunit.Commune)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err = s.Tx(ctx, func(q store.Q) error {
		for i := 0; i < 20000; i++ {
			status := []followup.ActionStatus{followup.ActionNotStarted, followup.ActionInProgress, followup.ActionDone}[i%3]
			if err := q.InsertAction(ctx, followup.Item{ID: store.NewID(), Title: fmt.Sprintf("Việc số %d", i), OwnerUnitID: communes[i%len(communes)].ID,
				AssignerUnitID: "hn-skhcn", Due: civil.New(2025, 1, 1).AddDays(i % 700), Status: status,
				Source: followup.Ref{Type: followup.ActionSources[i%4], Label: "x"}, CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	f := store.ActionFilter{Status: "overdue", Today: civil.New(2026, 1, 1)}
	q := s.Read()
	b.Run("list", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := q.Actions(ctx, f, 200); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("by-unit", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := q.ActionCounts(ctx, f, "unit"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("by-source", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := q.ActionCounts(ctx, f, "source"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
