package store_test

import (
	"context"
	"errors"
	"testing"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func TestProgrammesAndIndicators(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := programme.Programme{ID: store.NewID(), Code: "07-CTr/TU", Title: "Đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo",
			Issuer: "Thành ủy Hà Nội", IssuedOn: civil.New(2021, 3, 17), StartYear: 2021, EndYear: 2025, OnTrackPct: 90, AtRiskPct: 70}
		max := 100.0
		inds := []programme.Indicator{
			{ID: store.NewID(), ProgrammeID: p.ID, Code: "IP_APP", Name: "Số đơn đăng ký sở hữu công nghiệp", Unit: "đơn", Type: programme.Number,
				Direction: programme.Up, Aggregation: programme.Sum, ReporterKinds: []orgunit.Kind{orgunit.District, orgunit.Commune}, Position: 2},
			{ID: store.NewID(), ProgrammeID: p.ID, Code: "EGOV", Name: "Tỷ lệ hồ sơ trực tuyến", Unit: "%", Type: programme.Percent,
				Direction: programme.Up, Aggregation: programme.Avg, ReporterKinds: []orgunit.Kind{orgunit.Commune}, Max: &max, Position: 1, DivisionID: "hn-skhcn-qlcn"},
		}
		err := s.Tx(ctx, func(q store.Q) error {
			if err := q.InsertUnits(ctx, []orgunit.Unit{{ID: "hn", Code: "01", Name: "Hà Nội", Kind: orgunit.Province, Type: orgunit.TypeCity, Path: "/hn/", ValidFrom: civil.New(2008, 8, 1)},
				{ID: "hn-skhcn-qlcn", Code: "QLCN", Name: "Phòng QLCN", Kind: orgunit.Division, Type: orgunit.TypePhong, ParentID: "hn", Path: "/hn/hn-skhcn-qlcn/", Depth: 1, ValidFrom: civil.New(2008, 8, 1)}}, nil); err != nil {
				return err
			}
			if err := q.InsertProgramme(ctx, p); err != nil {
				return err
			}
			for _, i := range inds {
				if err := q.InsertIndicator(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		q := s.Read()
		ps, err := q.Programmes(ctx)
		if err != nil || len(ps) != 1 || ps[0].Code != "07-CTr/TU" || ps[0].IssuedOn != civil.New(2021, 3, 17) {
			t.Fatalf("programmes = %+v, %v", ps, err)
		}
		got, err := q.Indicators(ctx, p.ID)
		if err != nil || len(got) != 2 {
			t.Fatalf("indicators = %+v, %v", got, err)
		}
		if got[0].Code != "EGOV" || *got[0].Max != 100 || got[0].Min != nil || got[0].DivisionID != "hn-skhcn-qlcn" {
			t.Errorf("first indicator = %+v", got[0])
		}
		if len(got[1].ReporterKinds) != 2 || got[1].ReporterKinds[1] != orgunit.Commune || got[1].DivisionID != "" {
			t.Errorf("second indicator = %+v", got[1])
		}
		// A stale version never overwrites.
		stale := got[0]
		stale.Name = "Đổi tên"
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateIndicator(ctx, stale) }); err != nil {
			t.Fatal(err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.UpdateIndicator(ctx, stale) }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		// Codes are unique within a programme.
		dup := inds[0]
		dup.ID = store.NewID()
		if err := s.Tx(ctx, func(q store.Q) error { return q.InsertIndicator(ctx, dup) }); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate code: %v", err)
		}
	})
}
