package demo_test

import (
	"context"
	"testing"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The whole demo data set loads on both engines, and every printed login exists.
func TestDemoLoads(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := app.New(s, nil)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		if ok, err := demo.Loaded(ctx, s); !ok || err != nil {
			t.Fatalf("Loaded = %v, %v", ok, err)
		}
		for _, l := range demo.Logins {
			token, u, err := a.Login(ctx, l.Login, demo.Password, "127.0.0.1", "test")
			if err != nil || token == "" || u.Role != l.Role || u.UnitID != l.UnitID {
				t.Errorf("login %s: %v %+v", l.Login, err, u)
			}
		}
	})
}
