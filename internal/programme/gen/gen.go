// Package gen builds a national-scale programme data set for benchmarks:
// 34 provinces under one country root, 3,400 communes (one province with
// 130 of them), a programme of 100 indicators in four areas, 10 periods
// (H1 and annual, 2021–2025), every commune's accepted report in every
// period (3,400,000 values) and targets for the last period. It writes
// through the store in large multi-row statements, in one transaction per
// few thousand reports, so both engines load it in minutes.
package gen

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"time"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// Shape of the generated data.
const (
	Provinces     = 34
	Communes      = 3400
	BigProvince   = 130 // communes of the first province
	Indicators    = 100
	PeriodsCount  = 10
	ProgrammeID   = "gen-programme"
	RootID        = "vn"
	SoID          = "vn-so"
	FirstProvince = "vn-p01"
	// Version changes when the data set changes, so cached databases are
	// rebuilt.
	Version = "gen-v4"
)

// Areas split the indicators: the first area has 30, the province matrix
// benchmark shows it.
var Areas = []struct {
	Name string
	N    int
}{{"Chuyển đổi số", 30}, {"Khoa học và công nghệ", 30}, {"Nông nghiệp công nghệ cao", 20}, {"Sở hữu trí tuệ", 20}}

// ProvinceID and CommuneID name generated units.
func ProvinceID(i int) string { return fmt.Sprintf("vn-p%02d", i+1) }

// CommuneID is the ID of the i-th commune overall.
func CommuneID(i int) string { return fmt.Sprintf("vn-c%04d", i+1) }

// Units returns the country root, its Sở, 34 provinces and 3,400 communes.
func Units() []orgunit.Unit {
	since := civil.New(2008, 8, 1)
	root := orgunit.Unit{ID: RootID, Code: "VN", Name: "Toàn quốc (dữ liệu sinh)", Kind: orgunit.Province, Type: "quoc_gia", Path: "/vn/", ValidFrom: since}
	so := orgunit.Unit{ID: SoID, Code: "VN-SO", Name: "Sở (dữ liệu sinh)", Kind: orgunit.Department, Type: orgunit.TypeSo, ParentID: RootID, Path: "/vn/vn-so/", Depth: 1, ValidFrom: since}
	units := []orgunit.Unit{root, so}
	c := 0
	for p := 0; p < Provinces; p++ {
		pid := ProvinceID(p)
		units = append(units, orgunit.Unit{ID: pid, Code: fmt.Sprintf("P%02d", p+1), Name: fmt.Sprintf("Tỉnh %02d", p+1), Kind: orgunit.Province,
			Type: "tinh", ParentID: RootID, Path: "/vn/" + pid + "/", Depth: 1, ValidFrom: since})
		n := (Communes - BigProvince) / (Provinces - 1)
		if p == 0 {
			n = BigProvince
		} else if p == Provinces-1 {
			n = Communes - BigProvince - n*(Provinces-2)
		}
		for k := 0; k < n; k++ {
			id := CommuneID(c)
			units = append(units, orgunit.Unit{ID: id, Code: fmt.Sprintf("C%05d", c+1), Name: fmt.Sprintf("Xã %04d", c+1), Kind: orgunit.Commune,
				Type: orgunit.TypeXa, ParentID: pid, Path: "/vn/" + pid + "/" + id + "/", Depth: 2, ValidFrom: since})
			c++
		}
	}
	return units
}

// IndicatorsList returns the programme's 100 indicators.
func IndicatorsList() []programme.Indicator {
	var out []programme.Indicator
	n := 0
	for _, a := range Areas {
		for k := 0; k < a.N; k++ {
			ind := programme.Indicator{ID: fmt.Sprintf("gen-i%03d", n+1), ProgrammeID: ProgrammeID, Code: fmt.Sprintf("G%03d", n+1),
				Name: fmt.Sprintf("Chỉ tiêu sinh %03d", n+1), Unit: "đơn vị", Area: a.Name, Type: programme.Number, Direction: programme.Up,
				Aggregation: programme.Sum, ReporterKinds: []orgunit.Kind{orgunit.Commune}, Position: n + 1, Illustrative: true}
			switch n % 10 {
			case 3:
				ind.Type, ind.Aggregation, ind.Unit = programme.Percent, programme.Avg, "%"
			case 7:
				ind.Type, ind.Unit = programme.Money, "đồng"
			case 9:
				ind.Cumulative = true
			}
			out = append(out, ind)
			n++
		}
	}
	return out
}

// PeriodsList returns H1 and annual periods for 2021–2025.
func PeriodsList() []programme.Period {
	var out []programme.Period
	for y := 2021; y <= 2025; y++ {
		for _, k := range []programme.PeriodKind{programme.FirstHalf, programme.Year} {
			p := programme.NewPeriod(k, y, 5)
			p.ID, p.ProgrammeID, p.Closed = "gen-"+p.Code, ProgrammeID, true
			out = append(out, p)
		}
	}
	return out
}

func noise(parts ...string) float64 {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(parts, "\x00")))
	return float64(h.Sum64()%1000) / 1000
}

func value(ind programme.Indicator, unit string, n int) programme.Value {
	j := noise(unit, ind.Code, fmt.Sprint(n))
	switch ind.Type {
	case programme.Percent:
		return programme.NumValue(math.Round((40+50*j)*10) / 10)
	case programme.Money:
		return programme.MoneyValue(int64(50+200*j) * 1_000_000)
	}
	return programme.NumValue(math.Round(10 + 40*j + float64(n)))
}

// Generate loads the data set into an empty migrated store. progress, if
// set, is told how many reports are written.
func Generate(ctx context.Context, s *store.Store, progress func(done, total int)) error {
	units := Units()
	inds := IndicatorsList()
	periods := PeriodsList()
	now := time.Now()
	err := s.Tx(ctx, func(q store.Q) error {
		if err := q.InsertUnits(ctx, units, nil); err != nil {
			return err
		}
		if err := q.InsertProgramme(ctx, programme.Programme{ID: ProgrammeID, Code: "GEN-01", Title: "Chương trình dữ liệu sinh quy mô quốc gia",
			Issuer: "Dữ liệu sinh", StartYear: 2021, EndYear: 2025, OnTrackPct: 90, AtRiskPct: 70, Illustrative: true}); err != nil {
			return err
		}
		for _, i := range inds {
			if err := q.InsertIndicator(ctx, i); err != nil {
				return err
			}
		}
		for _, p := range periods {
			if err := q.InsertPeriod(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var communes []orgunit.Unit
	for _, u := range units {
		if u.Kind == orgunit.Commune {
			communes = append(communes, u)
		}
	}
	total := len(communes) * len(periods)
	done := 0
	const batch = 200 // communes per transaction
	for start := 0; start < len(communes); start += batch {
		part := communes[start:min(start+batch, len(communes))]
		err := s.Tx(ctx, func(q store.Q) error {
			var reports []programme.Report
			var vals []store.ValueRow
			for n, p := range periods {
				for _, u := range part {
					r := programme.Report{ID: store.NewID(), ProgrammeID: ProgrammeID, PeriodID: p.ID, UnitID: u.ID, UnitPath: u.Path,
						State: programme.Accepted, ApprovedAt: now, AcceptedAt: now, SubmittedAt: now, CreatedAt: now}
					reports = append(reports, r)
					for _, ind := range inds {
						vals = append(vals, store.ValueRow{Report: r, IndicatorID: ind.ID, Type: ind.Type, Value: value(ind, u.ID, n)})
					}
				}
			}
			if err := q.InsertReports(ctx, reports); err != nil {
				return err
			}
			if err := q.InsertValues(ctx, vals); err != nil {
				return err
			}
			last := periods[len(periods)-1]
			var ts []store.TargetRow
			for _, u := range part {
				for _, ind := range inds {
					v := value(ind, u.ID, len(periods))
					ts = append(ts, store.TargetRow{Target: programme.Target{PeriodID: last.ID, UnitID: u.ID, IndicatorID: ind.ID, Target: v}, Type: ind.Type})
				}
			}
			return q.SaveTargets(ctx, ts, "", now)
		})
		if err != nil {
			return fmt.Errorf("gen: communes %d–%d: %w", start, start+len(part), err)
		}
		done += len(part) * len(periods)
		if progress != nil {
			progress(done, total)
		}
	}
	return nil
}
