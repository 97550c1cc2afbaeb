package store_test

import (
	"slices"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/programme"
	"khcn/internal/programme/gen"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The national units: Sở roles cover their province (Hà Nội's Sở under the
// country root still covers only Hà Nội), the ministry covers the country,
// and a generated commune inherits its former communes' history.
func TestNationalScopes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		units, links, err := gen.Units()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.BulkLoad(ctx, func(q store.Q) error { return q.InsertUnits(ctx, units, links) }); err != nil {
			t.Fatal(err)
		}
		if n := len(gen.CurrentCommunes(units)); n != gen.Communes {
			t.Errorf("%d communes of today, want %d", n, gen.Communes)
		}
		cases := []struct {
			login, unit string
			role        account.Role
			scope       string
		}{
			{"chuyenvien", "hn-skhcn-qlkh", account.SoSpecialist, "/vn/hn/"},
			{"lanhdao.so", "hn-skhcn", account.SoLeader, "/vn/hn/"},
			{"bo.khcn", gen.SoID, account.SoSpecialist, "/vn/"},
			{"so.p01", gen.ProvinceSoID(0), account.SoSpecialist, "/vn/vn-p01/"},
			{"canbo.c1", gen.CommuneID(0), account.UnitOfficer, "/vn/vn-p01/vn-c0001/"},
		}
		for _, c := range cases {
			var id string
			err := s.Tx(ctx, func(q store.Q) error {
				var err error
				id, err = q.CreateUser(ctx, store.NewUser{Login: c.login, Name: c.login, Role: c.role, UnitID: c.unit, PasswordHash: "x"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			u, err := s.Read().User(ctx, id)
			if err != nil || u.ScopePath != c.scope {
				t.Errorf("%s: scope %q, want %q (%v)", c.login, u.ScopePath, c.scope, err)
			}
			if c.login == "canbo.c1" && (!slices.Contains(u.HistoryPaths, "/vn/vn-p01/vn-p01-d01/vn-c0001-a/") || !slices.Contains(u.HistoryPaths, "/vn/vn-p01/vn-p01-d01/")) {
				t.Errorf("history %v", u.HistoryPaths)
			}
		}
	})
}

// seeded is the Go twin of the values FillValues makes up in SQL.
func seeded(t programme.ValueType, seed, pos, step int) (num float64, money int64) {
	h := (seed*7919 + pos*104729 + step*15485863) % 1000
	switch t {
	case programme.Money:
		return 0, int64(50+200*h/1000) * 1_000_000
	case programme.Percent:
		return float64(400+h/2) / 10, 0
	}
	return float64(10 + 40*h/1000 + step), 0
}

// FillValues and FillTargets make up the same values on both engines, the
// ones the formula gives.
func TestFillValues(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		units, _, err := gen.HanoiUnits()
		if err != nil {
			t.Fatal(err)
		}
		err = s.BulkLoad(ctx, func(q store.Q) error {
			if err := q.InsertUnits(ctx, units, nil); err != nil {
				return err
			}
			if err := q.InsertProgramme(ctx, programme.Programme{ID: gen.ProgrammeID, Code: "GEN", Title: "x", StartYear: 2021, EndYear: 2025}); err != nil {
				return err
			}
			for _, i := range gen.IndicatorsList() {
				if err := q.InsertIndicator(ctx, i); err != nil {
					return err
				}
			}
			p := gen.PeriodsList()[3]
			if err := q.InsertPeriod(ctx, p); err != nil {
				return err
			}
			r := programme.Report{ID: store.NewID(), ProgrammeID: gen.ProgrammeID, PeriodID: p.ID, UnitID: "hn-09022", UnitPath: "/vn/hn/hn-09022/", State: programme.Accepted}
			if err := q.InsertReports(ctx, []programme.Report{r}); err != nil {
				return err
			}
			sr := []store.SeededReport{{ID: r.ID, PeriodID: p.ID, UnitID: r.UnitID, Seed: 41, Step: 3}}
			if err := q.FillValues(ctx, gen.ProgrammeID, sr); err != nil {
				return err
			}
			return q.FillTargets(ctx, gen.ProgrammeID, sr, time.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		var sum float64
		var money int64
		if err := s.Read().Scan(ctx, `SELECT COUNT(*), SUM(COALESCE(num, 0)), SUM(COALESCE(money, 0)) FROM report_values`, &n, &sum, &money); err != nil {
			t.Fatal(err)
		}
		var wantSum float64
		var wantMoney int64
		for _, i := range gen.IndicatorsList() {
			x, m := seeded(i.Type, 41, i.Position, 3)
			wantSum += x
			wantMoney += m
		}
		if n != gen.Indicators || sum < wantSum-0.001 || sum > wantSum+0.001 || money != wantMoney {
			t.Errorf("values: %d, sum %v (want %v), money %d (want %d)", n, sum, wantSum, money, wantMoney)
		}
		var tn int
		var tsum float64
		if err := s.Read().Scan(ctx, `SELECT COUNT(*), SUM(COALESCE(target_num, 0)) FROM targets`, &tn, &tsum); err != nil {
			t.Fatal(err)
		}
		if tn != gen.Indicators || tsum < wantSum-0.001 || tsum > wantSum+0.001 {
			t.Errorf("targets: %d, sum %v (want %v)", tn, tsum, wantSum)
		}
	})
}

// The data stamp moves with a transaction that changed rows, never with
// one that only read or whose insert met its conflict.
func TestDataStampMovesOnWrites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		stamp := func() int64 {
			n, err := s.Read().DataStamp(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		start := stamp()
		once := func() {
			if err := s.Tx(ctx, func(q store.Q) error { _, err := q.Once(ctx, "stamp-test", time.Now()); return err }); err != nil {
				t.Fatal(err)
			}
		}
		once()
		wrote := stamp()
		if wrote == start {
			t.Fatalf("a write left the stamp at %d", start)
		}
		once() // the key is there: nothing changes
		if err := s.Tx(ctx, func(q store.Q) error { _, err := q.UnitCount(ctx); return err }); err != nil {
			t.Fatal(err)
		}
		if got := stamp(); got != wrote {
			t.Errorf("reads and a met conflict moved the stamp %d → %d", wrote, got)
		}
	})
}
