package store_test

import (
	"context"
	"errors"
	"testing"

	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/ocop"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func TestOcopRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		units, links, err := hanoi.Units()
		if err != nil {
			t.Fatal(err)
		}
		var cat ocop.Catalogue
		var bands ocop.Bands
		err = s.Tx(ctx, func(q store.Q) error {
			if err := q.InsertUnits(ctx, units, links); err != nil {
				return err
			}
			for i := 0; i < 2; i++ { // seeding twice adds nothing
				if err := q.SeedOcop(ctx, ocop.Groups148, ocop.DefaultBands); err != nil {
					return err
				}
			}
			cat, err = q.OcopCatalogue(ctx)
			if err != nil {
				return err
			}
			bands, err = q.OcopBands(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(cat) != 6 || len(cat[0].Subgroups) != 6 || cat[5].Subgroups[0].Code != "6.1" || bands.Stars(72) != 4 || bands.Stars(90) != 5 {
			t.Fatalf("seed: %d groups, bands %v", len(cat), bands)
		}
		pr := ocop.Producer{ID: store.NewID(), Name: "Hợp tác xã Mật ong Tản Viên", Kind: ocop.Cooperative, RegNo: "0500123456",
			Place: ocop.Place{UnitID: "hn-09022", OrigUnitID: "hn-250", OrigAddress: "Thôn 1, huyện Mê Linh"}}
		p := ocop.Product{ID: store.NewID(), Code: "SP-01", Name: "Mật ong hoa nhãn", GroupCode: "1", SubgroupCode: "1.2", ProducerID: pr.ID,
			Place: pr.Place, Status: ocop.Draft}
		ev := ocop.Evaluation{ID: store.NewID(), ProductID: p.ID, Year: 2024, Level: ocop.Province, A: 30, B: 20, C: 22.5, Total: 72.5, Stars: 4,
			DecisionNo: "1/QĐ", DecisionDate: civil.New(2024, 5, 1), CertNo: "GCN", IssueDate: civil.New(2024, 5, 10), Review: ocop.Pending}
		plan := ocop.UpgradePlan{ID: store.NewID(), ProductID: p.ID, TargetStars: 5, Deadline: civil.New(2026, 12, 31), Status: ocop.PlanOpen,
			Actions: []ocop.PlanAction{{Text: "Bao bì mới", Due: civil.New(2026, 6, 30)}, {Text: "Truy xuất nguồn gốc"}}}
		ip := ocop.IPTitle{ID: store.NewID(), Kind: ocop.CollectiveMk, Name: "Mật ong Tản Viên", Owner: "Hội", AppNo: "4-1", AppDate: civil.New(2015, 1, 1),
			Status: ocop.Granted, GrantNo: "1", GrantDate: civil.New(2016, 1, 1), ProductIDs: []string{p.ID}, Place: pr.Place, Review: ocop.Verified}
		inOrder(t, s,
			func(q store.Q) error { return q.InsertProducer(ctx, pr) },
			func(q store.Q) error { return q.InsertProduct(ctx, p) },
			func(q store.Q) error { return q.InsertEvaluation(ctx, ev) },
			func(q store.Q) error { return q.SavePlan(ctx, plan) },
			func(q store.Q) error { return q.SaveIP(ctx, ip) })
		q := s.Read()
		got, err := q.Product(ctx, p.ID)
		if err != nil || got.ProducerName != pr.Name || got.UnitName != "Mê Linh" || got.OrigName != "Mê Linh" || got.OrigType != "huyen" || !got.Rehomed() {
			t.Fatalf("product %+v %v", got, err)
		}
		// Search ignores diacritics; exact diacritics rank first.
		found, err := q.Products(ctx, store.ProductFilter{UnitPath: "/hn/", Text: "mat ong"})
		if err != nil || len(found) != 1 {
			t.Fatalf("search: %v %v", found, err)
		}
		evs, err := q.EvaluationsUnder(ctx, "/hn/hn-09022/")
		if err != nil || len(evs[p.ID]) != 1 || evs[p.ID][0].Total != 72.5 || evs[p.ID][0].IssueDate != ev.IssueDate {
			t.Fatalf("evaluations %+v %v", evs, err)
		}
		gotPlan, err := q.Plan(ctx, plan.ID)
		if err != nil || len(gotPlan.Actions) != 2 || gotPlan.Actions[0].Due != civil.New(2026, 6, 30) || !gotPlan.Actions[1].Due.IsZero() {
			t.Fatalf("plan %+v %v", gotPlan, err)
		}
		ips, err := q.IPTitles(ctx, "/hn/", "mat ong tan vien")
		if err != nil || len(ips) != 1 || len(ips[0].ProductIDs) != 1 || !ips[0].TermUntil.IsZero() {
			t.Fatalf("ip %+v %v", ips, err)
		}
		// A title is found by its commune's name too, its words mixed with
		// the title's: "me linh" finds the titles of Xã Mê Linh.
		for text, n := range map[string]int{"me linh": 1, "Mê Linh": 1, "tan vien me linh": 1, "soc son": 0, "tan vien soc son": 0} {
			if ips, err := q.IPTitles(ctx, "/hn/", text); err != nil || len(ips) != n {
				t.Errorf("IP titles for %q: %d, want %d (%v)", text, len(ips), n, err)
			}
		}
		// A stale version is a conflict, never a silent overwrite.
		err = s.Tx(ctx, func(q store.Q) error {
			got.Name = "Mật ong rừng"
			if err := q.UpdateProduct(ctx, got); err != nil {
				return err
			}
			return q.UpdateProduct(ctx, got)
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		// A second product with the same code is refused.
		err = s.Tx(ctx, func(q store.Q) error {
			p2 := p
			p2.ID = store.NewID()
			return q.InsertProduct(ctx, p2)
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate code: %v", err)
		}
		dups, err := q.DuplicateCandidates(ctx, "0500123456", "hn-00376")
		if err != nil || len(dups) != 1 {
			t.Fatalf("duplicate candidates %v %v", dups, err)
		}
	})
}
