package app

import (
	"context"

	"khcn/internal/hanoi"
	"khcn/internal/store"
)

// SeedReference loads the reference data a fresh installation needs — the
// Hà Nội org units before and after 1/7/2025 and the Sở — once, into an empty
// database. It runs at every start and after migrate; it never touches a
// database that already has units.
func (a *App) SeedReference(ctx context.Context) error {
	n, err := a.Store.Read().UnitCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	units, links, err := hanoi.Units()
	if err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		var again int
		if err := q.Scan(ctx, `SELECT COUNT(*) FROM org_units`, &again); err != nil || again > 0 {
			return err // another server seeded first
		}
		return q.InsertUnits(ctx, units, links)
	})
}
