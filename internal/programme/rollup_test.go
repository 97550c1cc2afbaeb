package programme

import (
	"encoding/csv"
	"math"
	"os"
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

// Totals combined by the database give the cells Aggregate gives.
func TestTotalGridsMatchAggregate(t *testing.T) {
	sum, avg, max := ind("S", Number, Sum, ""), ind("A", Percent, Avg, ""), ind("M", Number, Max, "")
	inds := []Indicator{sum, avg, max}
	var data []Datum
	tot := map[string]*Total{}
	for i, u := range []string{"u1", "u2", "u3"} {
		for _, in := range inds {
			v := float64(10*(i+1)) + float64(len(in.Code))
			data = append(data, Datum{UnitID: u, PeriodID: "p", IndicatorID: in.ID, Value: NumValue(v)})
			x := tot[in.ID]
			if x == nil {
				x = &Total{PeriodID: "p", IndicatorID: in.ID}
				tot[in.ID] = x
			}
			x.N++
			x.Sum += v
			x.Max = math.Max(x.Max, v)
		}
	}
	var ts []Total
	for _, x := range tot {
		ts = append(ts, *x)
	}
	want := Aggregate(inds, data, Into("all", func(string) bool { return true }))
	got := TotalGrids(inds, ts, "all")["p"]
	for _, in := range inds {
		if w, g := want.Get("all", in.ID), got.Get("all", in.ID); w != g {
			t.Errorf("%s: totals %+v, aggregate %+v", in.Code, g, w)
		}
	}
}

func TestOwnTargetsMatchAggregate(t *testing.T) {
	sum, pct := ind("S", Number, Sum, ""), ind("P", Percent, Avg, "")
	inds := []Indicator{sum, pct}
	ts := []Target{{PeriodID: "p", UnitID: "u1", IndicatorID: sum.ID, Target: NumValue(5), Baseline: NumValue(1)},
		{PeriodID: "p", UnitID: "u2", IndicatorID: pct.ID, Target: NumValue(80)}}
	for _, baseline := range []bool{false, true} {
		var ds []Datum
		for _, x := range ts {
			v := x.Target
			if baseline {
				v = x.Baseline
			}
			ds = append(ds, Datum{UnitID: x.UnitID, PeriodID: x.PeriodID, IndicatorID: x.IndicatorID, Value: v})
		}
		want, got := Aggregate(inds, ds, Self), OwnTargets(inds, ts, baseline, func(string) bool { return true })["p"]
		for _, u := range []string{"u1", "u2"} {
			for _, in := range inds {
				if want.Get(u, in.ID) != got.Get(u, in.ID) {
					t.Errorf("baseline %v %s %s: %+v, want %+v", baseline, u, in.Code, got.Get(u, in.ID), want.Get(u, in.ID))
				}
			}
		}
	}
}

// History on today's units follows the kind of figure: amounts are shared,
// counts shared as whole-number estimates, rates and yes/no answers carried
// whole, never divided.
func TestSplitByKindOfFigure(t *testing.T) {
	set := hanoiSet(t)
	money := ind("BUDGET", Money, Sum, "")
	models := ind("MODELS", Number, Sum, "")
	models.Whole = true
	area := ind("AREA", Number, Latest, "")
	rate := ind("EGOV", Percent, Avg, "")
	plan := ind("PLAN", YesNo, Sum, "")
	inds := []Indicator{money, models, area, rate, plan}
	want := map[string]Split{money.ID: Shared, models.ID: Counted, area.ID: Shared, rate.ID: Carried, plan.ID: Carried}
	for _, i := range inds {
		if i.Split() != want[i.ID] {
			t.Errorf("%s splits %s, want %s", i.Code, i.Split(), want[i.ID])
		}
	}
	data := []Datum{
		{UnitID: meLinhD, PeriodID: "h1", IndicatorID: money.ID, Value: MoneyValue(569_000_000)},
		{UnitID: meLinhD, PeriodID: "h1", IndicatorID: models.ID, Value: NumValue(13)},
		{UnitID: meLinhD, PeriodID: "h1", IndicatorID: area.ID, Value: NumValue(130)},
		{UnitID: meLinhD, PeriodID: "h1", IndicatorID: rate.ID, Value: NumValue(72.5)},
		{UnitID: meLinhD, PeriodID: "h1", IndicatorID: plan.ID, Value: BoolValue(true)},
	}
	g := Aggregate(inds, data, Successors(set, today, nil))
	shares := SharesOn(set, meLinhD, today)
	totalMoney, totalModels := 0.0, 0.0
	for _, s := range shares {
		row := g[s.Row]
		if c := row[money.ID]; math.Abs(c.V-569e6*s.Weight) > 1e-3 || !c.Approx {
			t.Errorf("%s: money %v, want %v × %v", s.Row, c.V, 569e6, s.Weight)
		}
		totalMoney += row[money.ID].V
		if c := row[models.ID]; c.V != math.Trunc(c.V) || math.Abs(c.V-13*s.Weight) >= 1 || !c.Approx {
			t.Errorf("%s: models %v, want a whole number next to 13 × %v", s.Row, c.V, s.Weight)
		}
		totalModels += row[models.ID].V
		if c := row[rate.ID]; c.V != 72.5 {
			t.Errorf("%s: rate %v divided", s.Row, c.V)
		}
		if c := row[plan.ID]; c.V != 1 || c.Units != 1 || CellText(plan, c) != "≈ Có" {
			t.Errorf("%s: yes/no %+v shown %q", s.Row, c, CellText(plan, c))
		}
	}
	if math.Abs(totalMoney-569e6) > 1e-3 {
		t.Errorf("money not kept: %v", totalMoney)
	}
	if totalModels != 13 {
		t.Errorf("whole-number estimates of 13 models add up to %v", totalModels)
	}
	// Each successor's part is the same whether a table keeps every
	// successor or only one (a unit's page).
	for _, s := range shares {
		one := Aggregate(inds, data, Successors(set, today, func(id string) bool { return id == s.Row }))
		if got, want := one.Get(s.Row, models.ID).V, g.Get(s.Row, models.ID).V; got != want {
			t.Errorf("%s: %v models on its own page, %v in the table", s.Row, got, want)
		}
	}
	// The unit page names where a figure came from and the part carried.
	origins := Origins(set, meLinhX, today, []string{meLinhX, meLinhD, trangViet})
	if len(origins) != 2 || origins[0].UnitID != meLinhD || origins[0].Exact || origins[1].UnitID != trangViet || !origins[1].Exact {
		t.Fatalf("origins of xã Mê Linh: %+v", origins)
	}
	for _, s := range shares {
		if s.Row == meLinhX && math.Abs(s.Weight-origins[0].Weight) > 1e-12 {
			t.Errorf("origin part %v, share %v", origins[0].Weight, s.Weight)
		}
	}
}

func TestFraction(t *testing.T) {
	for w, want := range map[float64]string{1: "toàn bộ", 1.0 / 7: "1/7", 5.0 / 36: "5/36", 0.5: "1/2", 0.123456789: "12,3%"} {
		if got := Fraction(w); got != want {
			t.Errorf("Fraction(%v) = %q, want %q", w, got, want)
		}
	}
}

// Issue 11 item 2: a former district's sum is shared by the successor map,
// counted in former communes: each former commune counts 1 for the new
// commune it went into whole and 1/k for each of the k new communes its
// parts went to. The expected weights are derived here from the CSV
// itself, for every district and every new commune.
func TestSharesWeighedByFormerCommunes(t *testing.T) {
	set := hanoiSet(t)
	f, err := os.Open("../hanoi/data/hanoi-2025-old-to-new.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]int{}                // former commune → k
	communes := map[string]map[string]bool{} // district → its former communes
	for _, r := range rows[1:] {
		parts[r[0]]++
		if communes[r[3]] == nil {
			communes[r[3]] = map[string]bool{}
		}
		communes[r[3]][r[0]] = true
	}
	want := map[string]map[string]float64{} // district → new commune → former communes it took
	for _, r := range rows[1:] {
		if want[r[3]] == nil {
			want[r[3]] = map[string]float64{}
		}
		want[r[3]][r[5]] += 1 / float64(parts[r[0]])
	}
	checked := 0
	for d, to := range want {
		got := map[string]Share{}
		for _, s := range SharesOn(set, hanoi.DistrictID(d), today) {
			got[s.Row] = s
		}
		if len(got) != len(to) {
			t.Errorf("district %s: %d successors, want %d", d, len(got), len(to))
		}
		n := len(communes[d])
		for c, w := range to {
			s := got[hanoi.CommuneID(c)]
			if math.Abs(s.Weight-w/float64(n)) > 1e-9 || s.Of != n || s.Basis != ByMap || s.Exact {
				t.Errorf("district %s → %s: %+v, want %v/%d by the map", d, c, s, w, n)
			}
			checked++
		}
	}
	if checked < 126 {
		t.Errorf("only %d district → commune weights checked", checked)
	}
	// Huyện Mê Linh's 17 former communes: 29/12 of them went into xã Mê Linh.
	for _, o := range Origins(set, meLinhX, today, []string{meLinhD}) {
		if Fraction(o.Weight) != "29/204" || math.Abs(o.Communes()-29.0/12) > 1e-9 || o.Of != 17 || o.Basis != ByMap {
			t.Errorf("Mê Linh origin: %+v", o)
		}
	}
}

// A map's unequal parts are followed; where a link gives no part, the
// former unit is shared equally among its successors, and said so.
func TestSharesByLinkWeightElseEqual(t *testing.T) {
	old, day := civil.New(2020, 1, 1), civil.New(2025, 7, 1)
	end := civil.New(2025, 6, 30)
	units := []orgunit.Unit{
		{ID: "a", ValidFrom: old, ValidTo: end}, {ID: "b", ValidFrom: old, ValidTo: end},
		{ID: "x", ValidFrom: day}, {ID: "y", ValidFrom: day},
	}
	links := []orgunit.Link{
		{FromID: "a", ToID: "x", Share: orgunit.Part, Weight: 0.75}, {FromID: "a", ToID: "y", Share: orgunit.Part, Weight: 0.25},
		{FromID: "b", ToID: "x", Share: orgunit.Part, Weight: 0.75}, {FromID: "b", ToID: "y", Share: orgunit.Part},
	}
	set := orgunit.NewSet(units, links)
	a := SharesOn(set, "a", today)
	if len(a) != 2 || a[0].Weight != 0.75 || a[1].Weight != 0.25 || a[0].Basis != ByMap || a[0].Exact {
		t.Errorf("weighted: %+v", a)
	}
	b := SharesOn(set, "b", today)
	if len(b) != 2 || b[0].Weight != 0.5 || b[1].Weight != 0.5 || b[0].Basis != Equal || b[1].Basis != Equal {
		t.Errorf("equal: %+v", b)
	}
	// A count keeps its whole-number split that adds up: 7 → 5 + 2.
	if p, q := a[0].WholePart(7), a[1].WholePart(7); p != 5 || q != 2 {
		t.Errorf("count 7 split %v + %v", p, q)
	}
}
