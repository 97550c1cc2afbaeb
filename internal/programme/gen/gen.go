// Package gen builds the national data set: one country root with the
// ministry, 34 provinces (Hà Nội with its real units before and after
// 1/7/2025, and 33 generated provinces, each with a Sở, its former districts
// and communes and the successor links to today's communes), 3,321 communes
// of today, a programme of 100 indicators in four areas, 10 periods (H1 and
// annual, 2021–2025), every commune's accepted report in every period (3,3
// million values) and targets for the last period. It writes through the
// store in large multi-row statements inside few large transactions
// (Store.BulkLoad), so both engines load it in well under a minute or two.
// `khcn demo --scale national` (internal/demo) adds the other areas on top.
package gen

import (
	"context"
	"fmt"
	"time"

	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// Shape of the generated data.
const (
	Provinces     = 34   // Hà Nội and 33 generated ones
	Communes      = 3321 // today's communes, Hà Nội's 126 among them
	BigProvince   = 130  // communes of the first generated province
	Indicators    = 100
	PeriodsCount  = 10
	ProgrammeID   = "gen-programme"
	RootID        = "vn"
	SoID          = "vn-bo" // the ministry, whose users see the whole country
	FirstProvince = "vn-p01"
	// FormedFrom is how many former communes each generated commune of today
	// was formed from (all of them whole), and PerDistrict how many communes
	// of today one former district became.
	FormedFrom  = 3
	PerDistrict = 6
	// Version changes when the data set changes, so cached databases are
	// rebuilt.
	Version = "gen-v5"
)

// Areas split the indicators: the first area has 30, the province matrix
// benchmark shows it.
var Areas = []struct {
	Name string
	N    int
}{{"Chuyển đổi số", 30}, {"Khoa học và công nghệ", 30}, {"Nông nghiệp công nghệ cao", 20}, {"Sở hữu trí tuệ", 20}}

// ProvinceID and CommuneID name generated units.
func ProvinceID(i int) string { return fmt.Sprintf("vn-p%02d", i+1) }

// CommuneID is the ID of the i-th generated commune overall.
func CommuneID(i int) string { return fmt.Sprintf("vn-c%04d", i+1) }

// ProvinceSoID is the Sở of a generated province.
func ProvinceSoID(i int) string { return ProvinceID(i) + "-so" }

var (
	since      = civil.New(2008, 8, 1)
	lastOldDay = civil.New(2025, 6, 30)
	basisGen   = "Dữ liệu sinh (minh họa), theo Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025"
	placeWords = []string{"Phú", "Đông", "Tân", "Hòa", "An", "Bình", "Thanh", "Xuân", "Minh", "Quang", "Hưng", "Vĩnh", "Đại", "Kim", "Nam", "Bắc"}
)

// communesOf is how many communes of today generated province p has.
func communesOf(p int) int {
	gen := Provinces - 1
	rest := Communes - 126 - BigProvince
	if p == 0 {
		return BigProvince
	}
	n := rest / (gen - 1)
	if p-1 < rest%(gen-1) {
		n++
	}
	return n
}

func placeName(i int) string {
	return placeWords[i%16] + " " + placeWords[(i/16)%16] + " " + fmt.Sprint(i/256+1)
}

// Units returns the country root and the ministry, Hà Nội's real units
// moved under the root, and the 33 generated provinces with their Sở,
// former districts and communes (until 30/6/2025) and today's communes,
// with every successor link. Generated communes of today date from 2008
// like the benchmark data always did, so the 2021–2025 periods have
// reporters; their former communes are history with links.
func Units() ([]orgunit.Unit, []orgunit.Link, error) {
	units, links, err := HanoiUnits()
	if err != nil {
		return nil, nil, err
	}
	more, moreLinks := ProvinceUnits()
	return append(units, more...), append(links, moreLinks...), nil
}

// HanoiUnits are the country root, the ministry and Hà Nội's real units
// moved under the root.
func HanoiUnits() ([]orgunit.Unit, []orgunit.Link, error) {
	root := orgunit.Unit{ID: RootID, Code: "VN", Name: "Toàn quốc", Kind: orgunit.Province, Type: orgunit.TypeCountry, Path: "/vn/", ValidFrom: since}
	bo := orgunit.Unit{ID: SoID, Code: "BKHCN", Name: "Bộ Khoa học và Công nghệ", Kind: orgunit.Department, Type: orgunit.TypeSo, ParentID: RootID,
		Path: "/vn/vn-bo/", Depth: 1, ValidFrom: since}
	units := []orgunit.Unit{root, bo}
	hn, hnLinks, err := hanoi.Units()
	if err != nil {
		return nil, nil, err
	}
	for _, u := range hn {
		if u.ParentID == "" {
			u.ParentID = RootID
		}
		u.Path = "/vn" + u.Path
		u.Depth++
		units = append(units, u)
	}
	return units, hnLinks, nil
}

// ProvinceUnits are the 33 generated provinces with their units and links.
func ProvinceUnits() ([]orgunit.Unit, []orgunit.Link) {
	var units []orgunit.Unit
	var links []orgunit.Link
	c := 0
	for p := 0; p < Provinces-1; p++ {
		pid := ProvinceID(p)
		pu := orgunit.Unit{ID: pid, Code: fmt.Sprintf("P%02d", p+1), Name: fmt.Sprintf("Tỉnh %02d", p+1), Kind: orgunit.Province,
			Type: orgunit.TypeProvince, ParentID: RootID, Path: "/vn/" + pid + "/", Depth: 1, ValidFrom: since}
		units = append(units, pu, orgunit.Unit{ID: ProvinceSoID(p), Code: fmt.Sprintf("P%02d-SKHCN", p+1), Name: "Sở Khoa học và Công nghệ",
			Kind: orgunit.Department, Type: orgunit.TypeSo, ParentID: pid, Path: pu.Path + ProvinceSoID(p) + "/", Depth: 2, ValidFrom: since})
		var district orgunit.Unit
		for k := 0; k < communesOf(p); k++ {
			if k%PerDistrict == 0 {
				did := fmt.Sprintf("%s-d%02d", pid, k/PerDistrict+1)
				district = orgunit.Unit{ID: did, Code: fmt.Sprintf("P%02dD%02d", p+1, k/PerDistrict+1), Name: placeName(c + 7), Kind: orgunit.District,
					Type: orgunit.TypeHuyen, ParentID: pid, Path: pu.Path + did + "/", Depth: 2, ValidFrom: since, ValidTo: lastOldDay}
				units = append(units, district)
			}
			id := CommuneID(c)
			units = append(units, orgunit.Unit{ID: id, Code: fmt.Sprintf("C%05d", c+1), Name: placeName(c), Kind: orgunit.Commune,
				Type: orgunit.TypeXa, ParentID: pid, Path: pu.Path + id + "/", Depth: 2, ValidFrom: since, LegalBasis: basisGen})
			for f := 0; f < FormedFrom; f++ {
				oid := fmt.Sprintf("%s-%c", id, 'a'+f)
				units = append(units, orgunit.Unit{ID: oid, Code: fmt.Sprintf("C%05d%c", c+1, 'A'+f), Name: placeName(c) + " " + string(rune('A'+f)),
					Kind: orgunit.Commune, Type: orgunit.TypeXa, ParentID: district.ID, Path: district.Path + oid + "/", Depth: 3,
					ValidFrom: since, ValidTo: lastOldDay})
				links = append(links, orgunit.Link{FromID: oid, ToID: id, Share: orgunit.Whole, Effective: hanoi.Reorganised, LegalBasis: basisGen})
			}
			c++
		}
	}
	return units, links
}

// CurrentCommunes are the communes of today among units.
func CurrentCommunes(units []orgunit.Unit) []orgunit.Unit {
	var out []orgunit.Unit
	for _, u := range units {
		if u.Kind == orgunit.Commune && u.ValidTo.IsZero() {
			out = append(out, u)
		}
	}
	return out
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

// Generate loads the data set into an empty migrated store: the units,
// the programme and its reports, values and targets. progress, if set, is
// told how many reports are written.
func Generate(ctx context.Context, s *store.Store, progress func(done, total int)) error {
	units, links, err := Units()
	if err != nil {
		return err
	}
	if err := s.BulkLoad(ctx, func(q store.Q) error { return q.InsertUnits(ctx, units, links) }); err != nil {
		return err
	}
	return GenerateProgramme(ctx, s, CurrentCommunes(units), progress)
}

// GenerateProgramme adds the programme with every commune's reports.
func GenerateProgramme(ctx context.Context, s *store.Store, communes []orgunit.Unit, progress func(done, total int)) error {
	inds := IndicatorsList()
	periods := PeriodsList()
	err := s.Tx(ctx, func(q store.Q) error {
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
	return s.WithoutRollupIndexes(ctx, func() error { return fillReports(ctx, s, communes, progress) })
}

// fillReports writes every commune's reports, values and targets.
func fillReports(ctx context.Context, s *store.Store, communes []orgunit.Unit, progress func(done, total int)) error {
	periods := PeriodsList()
	now := time.Now()
	total := len(communes) * len(periods)
	done := 0
	const batch = 400 // communes per transaction
	for start := 0; start < len(communes); start += batch {
		part := communes[start:min(start+batch, len(communes))]
		err := s.BulkLoad(ctx, func(q store.Q) error {
			var reports []programme.Report
			var seeded, targets []store.SeededReport
			for n, p := range periods {
				for k, u := range part {
					r := programme.Report{ID: store.NewID(), ProgrammeID: ProgrammeID, PeriodID: p.ID, UnitID: u.ID, UnitPath: u.Path,
						State: programme.Accepted, ApprovedAt: now, AcceptedAt: now, SubmittedAt: now, CreatedAt: now}
					reports = append(reports, r)
					seeded = append(seeded, store.SeededReport{ID: r.ID, PeriodID: p.ID, UnitID: u.ID, Seed: start + k, Step: n})
					if n == len(periods)-1 {
						targets = append(targets, store.SeededReport{ID: r.ID, PeriodID: p.ID, UnitID: u.ID, Seed: start + k, Step: n + 1})
					}
				}
			}
			if err := q.InsertReports(ctx, reports); err != nil {
				return err
			}
			if err := q.FillValues(ctx, ProgrammeID, seeded); err != nil {
				return err
			}
			return q.FillTargets(ctx, ProgrammeID, targets, now)
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
