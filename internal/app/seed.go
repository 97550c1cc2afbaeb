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
	if err := a.seedUnits(ctx); err != nil {
		return err
	}
	for _, seed := range referenceSeeds {
		if err := seed(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// referenceSeeds are the other areas' reference lists (recommendation
// categories…); each must leave a database that has its rows alone and be
// safe when two servers start at once.
var referenceSeeds []func(ctx context.Context, a *App) error

// RegisterSeed adds an area's reference seed; areas call it from init.
func RegisterSeed(fn func(ctx context.Context, a *App) error) {
	referenceSeeds = append(referenceSeeds, fn)
}

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
		var again int
		if err := q.Scan(ctx, `SELECT COUNT(*) FROM org_units`, &again); err != nil || again > 0 {
			return err // another server seeded first
		}
		return q.InsertUnits(ctx, units, links)
	})
}
