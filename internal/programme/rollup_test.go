package programme

import (
	"math"
	"strings"
	"testing"

	"khcn/internal/civil"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
)

func hanoiSet(t *testing.T) *orgunit.Set {
	t.Helper()
	units, links, err := hanoi.Units()
	if err != nil {
		t.Fatal(err)
	}
	return orgunit.NewSet(units, links)
}

var (
	today     = civil.New(2026, 11, 26)
	meLinhD   = hanoi.DistrictID("250")  // huyện Mê Linh, until 30/6/2025
	meLinhX   = hanoi.CommuneID("09022") // xã Mê Linh, from 1/7/2025
	trangViet = hanoi.OldCommuneID("09022")
)

// Rule 2: today's units carry history through the successor map, and
// partial successors are approximate.
func TestSharesFollowSuccessorMap(t *testing.T) {
	set := hanoiSet(t)
	// Tráng Việt went wholly into today's xã Mê Linh: an exact share.
	s := SharesOn(set, trangViet, today)
	if len(s) != 1 || s[0].Row != meLinhX || s[0].Weight != 1 || !s[0].Exact {
		t.Fatalf("Tráng Việt → %+v", s)
	}
	// The former Mê Linh district is spread over several communes, every
	// share approximate, and nothing is lost.
	shares := SharesOn(set, meLinhD, today)
	total, rows := 0.0, map[string]bool{}
	for _, sh := range shares {
		total += sh.Weight
		rows[sh.Row] = true
		if sh.Exact {
			t.Errorf("district share to %s marked exact", sh.Row)
		}
	}
	if math.Abs(total-1) > 1e-9 || !rows[meLinhX] || len(rows) < 4 {
		t.Fatalf("district shares: total %v, rows %v", total, rows)
	}
	// The same successors orgunit names, with the same (partial) flag.
	for _, l := range set.SuccessorsOn(meLinhD, today) {
		if !rows[l.Unit.ID] || l.Whole {
			t.Errorf("SuccessorsOn gives %s (whole %v), shares do not agree", l.Unit.ID, l.Whole)
		}
	}
	// A unit still valid is its own row.
	if s := SharesOn(set, meLinhX, today); len(s) != 1 || s[0].Row != meLinhX || !s[0].Exact {
		t.Errorf("current unit → %+v", s)
	}
}

// Builds one datum per unit of kind valid on day, value f(unit).
func dataFor(set *orgunit.Set, kind orgunit.Kind, day civil.Date, period string, ind Indicator, f func(i int) float64) []Datum {
	var out []Datum
	for _, u := range set.On(day) {
		if u.Kind == kind {
			out = append(out, Datum{UnitID: u.ID, PeriodID: period, IndicatorID: ind.ID, Value: NumValue(f(len(out)))})
		}
	}
	return out
}

// Rules 1 and 3: a report stays on the district that made it, the city
// total is the same whether counted from the districts as they were or
// from today's communes, and the series goes on across 1/7/2025.
func TestCityTotalContinuousAcrossReorganisation(t *testing.T) {
	set := hanoiSet(t)
	models := ind("MODELS", Number, Sum, "")
	rate := ind("EGOV", Percent, Avg, "")
	inds := []Indicator{models, rate}
	h1 := dataFor(set, orgunit.District, civil.New(2025, 6, 14), "h1", models, func(i int) float64 { return float64(10 + i) })
	h1 = append(h1, dataFor(set, orgunit.District, civil.New(2025, 6, 14), "h1", rate, func(i int) float64 { return float64(60 + i) })...)
	if len(h1) != 60 {
		t.Fatalf("%d district values, want 30 districts × 2", len(h1))
	}
	// As reported: 30 district rows, each on the district's own ID.
	asReported := Aggregate(inds, h1, Self)
	if len(asReported) != 30 || !asReported.Get(meLinhD, models.ID).Set {
		t.Fatalf("as reported: %d rows", len(asReported))
	}
	inHanoi := func(id string) bool { return strings.HasPrefix(set.Get(id).Path, "/hn/") }
	city := Aggregate(inds, h1, Into(hanoi.CityID, inHanoi)).Get(hanoi.CityID, models.ID)
	wantTotal := 0.0
	for i := 0; i < 30; i++ {
		wantTotal += float64(10 + i)
	}
	if city.V != wantTotal || city.Approx || city.Units != 30 {
		t.Fatalf("city H1 2025 = %+v, want %v exact", city, wantTotal)
	}
	// Today's communes carry the districts' history; their sum is the city
	// total, each approximate.
	today126 := Aggregate(inds, h1, Successors(set, today, nil))
	sum, n := 0.0, 0
	for row, cells := range today126 {
		c := cells[models.ID]
		sum += c.V
		n++
		if !c.Approx {
			t.Errorf("%s carries district data exactly", row)
		}
		if r := cells[rate.ID]; r.V < 60 || r.V > 89 {
			t.Errorf("%s inherits a rate of %v outside the districts' range", row, r.V)
		}
	}
	if n != 126 || math.Abs(sum-wantTotal) > 1e-6 {
		t.Fatalf("today's units: %d rows summing to %v, want 126 and %v", n, sum, wantTotal)
	}
	// H2 2025 comes from the communes; the city total goes on from them.
	h2 := dataFor(set, orgunit.Commune, today, "h2", models, func(i int) float64 { return 2 })
	cityH2 := Aggregate(inds, h2, Into(hanoi.CityID, inHanoi)).Get(hanoi.CityID, models.ID)
	if cityH2.V != 252 || cityH2.Units != 126 || cityH2.Approx {
		t.Fatalf("city H2 2025 = %+v", cityH2)
	}
}

// Rule 4: the 2025 annual view joins the districts' first half and the
// communes' second half; flows add up, stocks take the latest.
func TestAnnual2025MergesHalves(t *testing.T) {
	set := hanoiSet(t)
	flow := ind("MODELS", Number, Sum, "")
	stock := ind("MARKS", Number, Sum, "")
	stock.Cumulative = true
	rate := ind("RATE", Percent, Formula, "MODELS / MARKS * 100")
	inds := []Indicator{flow, stock, rate}
	y := NewPeriod(Year, 2025, 5)
	y.ID = "y"
	h1 := NewPeriod(FirstHalf, 2025, 5)
	h1.ID = "h1"
	h2 := NewPeriod(SecondHalf, 2025, 5)
	h2.ID = "h2"
	periods := []Period{h1, h2, y}
	hn := func(id string) bool { return true }

	var d1, d2 []Datum
	d1 = append(dataFor(set, orgunit.District, h1.End, "h1", flow, func(int) float64 { return 3 }),
		dataFor(set, orgunit.District, h1.End, "h1", stock, func(int) float64 { return 40 })...)
	d2 = append(dataFor(set, orgunit.Commune, today, "h2", flow, func(int) float64 { return 1 }),
		dataFor(set, orgunit.Commune, today, "h2", stock, func(int) float64 { return 10 })...)

	for _, mode := range []struct {
		name string
		m    Mapper
		row  string
	}{
		{"city", Into(hanoi.CityID, hn), hanoi.CityID},
		{"xã Mê Linh today", Successors(set, today, func(id string) bool { return id == meLinhX }), meLinhX},
	} {
		grids := map[string]Grid{"h1": Aggregate(inds, d1, mode.m), "h2": Aggregate(inds, d2, mode.m)}
		year := Combine(inds, y, periods, grids)
		Derive(inds, year)
		f, s := year.Get(mode.row, flow.ID), year.Get(mode.row, stock.ID)
		h1f, h2f := grids["h1"].Get(mode.row, flow.ID), grids["h2"].Get(mode.row, flow.ID)
		if !h1f.Set || !h2f.Set || math.Abs(f.V-(h1f.V+h2f.V)) > 1e-9 {
			t.Errorf("%s: year flow %v, want H1 %v + H2 %v", mode.name, f.V, h1f.V, h2f.V)
		}
		if s.V != grids["h2"].Get(mode.row, stock.ID).V {
			t.Errorf("%s: year stock %v, want the second half's %v", mode.name, s.V, grids["h2"].Get(mode.row, stock.ID).V)
		}
		if r := year.Get(mode.row, rate.ID); math.Abs(r.V-f.V/s.V*100) > 1e-9 {
			t.Errorf("%s: derived rate %v", mode.name, r.V)
		}
		if mode.row == meLinhX && !f.Approx {
			t.Error("xã Mê Linh's 2025 includes a share of the district: approximate")
		}
	}
	city := Combine(inds, y, periods, map[string]Grid{"h1": Aggregate(inds, d1, Into("hn", hn)), "h2": Aggregate(inds, d2, Into("hn", hn))})
	if got := city.Get("hn", flow.ID).V; got != 30*3+126*1 {
		t.Errorf("city 2025 flow %v", got)
	}
	// A year that has its own annual reports uses them.
	whole := map[string]Grid{"y": {"hn": {flow.ID: Cell{V: 7, Set: true}}}, "h1": {"hn": {flow.ID: Cell{V: 100, Set: true}}}}
	if got := Combine(inds, y, periods, whole).Get("hn", flow.ID).V; got != 7 {
		t.Errorf("annual report ignored: %v", got)
	}
}

func TestSourcesReachFormerDistricts(t *testing.T) {
	set := hanoiSet(t)
	src := Sources(set, []string{meLinhX})
	has := map[string]bool{}
	for _, id := range src {
		has[id] = true
	}
	if !has[meLinhX] || !has[trangViet] || !has[meLinhD] || !has[hanoi.DistrictID("273")] || !has[hanoi.DistrictID("017")] {
		t.Errorf("sources of xã Mê Linh: %v", src)
	}
	if has[hanoi.DistrictID("016")] {
		t.Error("Sóc Sơn district is not a source of xã Mê Linh")
	}
}
