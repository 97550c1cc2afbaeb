package main

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Servers starting at once on a fresh database all come up: each migrates
// and seeds the reference units, and the units are there once. On
// PostgreSQL the seeding used to race (one server exited with a duplicate
// key on org_units_pkey).
func TestStartTogether(t *testing.T) {
	units, _, err := hanoi.Units()
	if err != nil {
		t.Fatal(err)
	}
	together := func(t *testing.T, args []string, url, data string) {
		ctx := context.Background()
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = run(ctx, "migrate", args) }()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("server %d: %v", i+1, err)
			}
		}
		s, err := store.Open(ctx, url, data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got, err := s.Read().UnitCount(ctx); err != nil || got != len(units) {
			t.Errorf("%d units, want %d (%v)", got, len(units), err)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		together(t, []string{"--data=" + data}, "", data)
	})
	t.Run("postgres", func(t *testing.T) {
		if u, _ := testdb.PostgresURL(); u == "" {
			testdb.Engines(t) // fails in CI, says why otherwise
			t.Skip("PostgreSQL not configured")
		}
		url := testdb.NewPostgresURL(t)
		together(t, []string{"--database-url=" + url}, url, "")
	})
}
