package store_test

import (
	"context"
	"testing"

	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/ocop"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// OCOP ratings and IP titles count for today's commune and for the former
// district they were recorded under; only verified records count, and only
// ratings of 3★ or more with a certificate issued in the span.
func TestRegistryCountsOcopAndIP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		units, links, err := hanoi.Units()
		if err != nil {
			t.Fatal(err)
		}
		place := ocop.Place{UnitID: "hn-09022", OrigUnitID: "hn-250", OrigAddress: "Thôn 1, huyện Mê Linh"}
		pr := ocop.Producer{ID: store.NewID(), Name: "Hợp tác xã Hoa Mê Linh", Kind: ocop.Cooperative, RegNo: "0500999999", Place: place}
		product := func(code string) ocop.Product {
			return ocop.Product{ID: store.NewID(), Code: code, Name: "Hoa hồng " + code, GroupCode: "1", SubgroupCode: "1.2", ProducerID: pr.ID,
				Place: place, Status: ocop.Confirmed}
		}
		p1, p2, p3 := product("SP-1"), product("SP-2"), product("SP-3")
		eval := func(p ocop.Product, stars int, issued civil.Date, r ocop.Review) ocop.Evaluation {
			return ocop.Evaluation{ID: store.NewID(), ProductID: p.ID, Year: issued.Year, Level: ocop.Province, A: 30, B: 20, C: 10, Total: 60,
				Stars: stars, DecisionNo: "QĐ", DecisionDate: issued, CertNo: "GCN", IssueDate: issued, Review: r}
		}
		ip := func(granted civil.Date, r ocop.Review) ocop.IPTitle {
			return ocop.IPTitle{ID: store.NewID(), Kind: ocop.CollectiveMk, Name: "Hoa Mê Linh", Owner: "Hội", AppNo: "4-" + store.NewID(),
				AppDate: civil.New(2015, 1, 1), Status: ocop.Granted, GrantNo: "1", GrantDate: granted, Place: place, Review: r}
		}
		writes := []func(q store.Q) error{
			func(q store.Q) error { return q.InsertUnits(ctx, units, links) },
			func(q store.Q) error { return q.SeedOcop(ctx, ocop.Groups148, ocop.DefaultBands) },
			func(q store.Q) error { return q.InsertProducer(ctx, pr) },
		}
		for _, p := range []ocop.Product{p1, p2, p3} {
			writes = append(writes, func(q store.Q) error { return q.InsertProduct(ctx, p) })
		}
		for _, ev := range []ocop.Evaluation{
			eval(p1, 3, civil.New(2024, 3, 1), ocop.Verified),
			eval(p1, 4, civil.New(2024, 9, 1), ocop.Verified), // the same product again: counted once
			eval(p2, 3, civil.New(2024, 5, 1), ocop.Pending),  // not yet checked by the Sở
			eval(p3, 2, civil.New(2024, 5, 1), ocop.Verified), // below 3★
		} {
			writes = append(writes, func(q store.Q) error { return q.InsertEvaluation(ctx, ev) })
		}
		for _, t := range []ocop.IPTitle{ip(civil.New(2024, 4, 1), ocop.Verified), ip(civil.New(2024, 4, 2), ocop.Pending), ip(civil.New(2022, 1, 1), ocop.Verified)} {
			writes = append(writes, func(q store.Q) error { return q.SaveIP(ctx, t) })
		}
		inOrder(t, s, writes...)

		q := s.Read()
		count := func(reg, unit string, from, to civil.Date) float64 {
			t.Helper()
			u, err := q.Unit(ctx, unit)
			if err != nil {
				t.Fatal(err)
			}
			n, err := q.RegistryCount(ctx, reg, u.Path, from, to)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		y2024 := [2]civil.Date{civil.New(2024, 1, 1), civil.New(2024, 12, 31)}
		for _, tc := range []struct {
			reg, unit string
			span      [2]civil.Date
			want      float64
		}{
			{programme.RegistryOcopRated, "hn-250", y2024, 1},   // the former district, through the original unit
			{programme.RegistryOcopRated, "hn-09022", y2024, 1}, // today's commune
			{programme.RegistryOcopRated, "hn", y2024, 1},
			{programme.RegistryOcopRated, "hn-271", y2024, 0}, // another former district
			{programme.RegistryOcopRated, "hn-250", [2]civil.Date{civil.New(2024, 6, 1), civil.New(2024, 12, 31)}, 1},
			{programme.RegistryOcopRated, "hn-250", [2]civil.Date{civil.New(2025, 1, 1), civil.New(2025, 12, 31)}, 0},
			{programme.RegistryIPGranted, "hn-250", y2024, 1},
			{programme.RegistryIPGranted, "hn-09022", [2]civil.Date{civil.New(2021, 1, 1), civil.New(2024, 12, 31)}, 2},
		} {
			if got := count(tc.reg, tc.unit, tc.span[0], tc.span[1]); got != tc.want {
				t.Errorf("%s for %s over %v: %v, want %v", tc.reg, tc.unit, tc.span, got, tc.want)
			}
		}
		if _, err := q.RegistryCount(ctx, "budget.spent", "/hn/", y2024[0], y2024[1]); err == nil {
			t.Error("an unknown registry counted")
		}
	})
}
