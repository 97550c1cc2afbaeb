package app

import (
	"context"

	"khcn/internal/hanoi"
	"khcn/internal/store"
)

// SeedReference loads the reference data a fresh installation needs: the
// Hà Nội org units before and after 1/7/2025 and the Sở (only into a database
// without units), then each area's reference rows (only what is missing). It
// runs at every start and after migrate.
func (a *App) SeedReference(ctx context.Context) error {
	if err := a.seedUnits(ctx); err != nil || len(a.wired.seeds) == 0 {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if err := q.Lock(ctx, "seed.reference"); err != nil {
			return err
		}
		for _, seed := range a.wired.seeds {
			if err := seed(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReferenceSeed adds one area's reference rows (product groups, score
// bands…). It runs at every start, so it must only add what is missing
// (ON CONFLICT DO NOTHING) and never overwrite what users configured.
type ReferenceSeed func(ctx context.Context, q store.Q) error

func (a *App) seedUnits(ctx context.Context) error {
	n, err := a.Store.Read().UnitCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	units, links, err := hanoi.Units()
	if err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		// Servers starting at once on PostgreSQL queue here; under READ
		// COMMITTED the count after the lock sees what the first one wrote.
		if err := q.Lock(ctx, "seed.units"); err != nil {
			return err
		}
		var again int
		if err := q.Scan(ctx, `SELECT COUNT(*) FROM org_units`, &again); err != nil || again > 0 {
			return err // another server seeded first
		}
		return q.InsertUnits(ctx, units, links)
	})
}
