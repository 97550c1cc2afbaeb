package app

import (
	"context"
	"math"
	"slices"

	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// IndicatorDashboard is one indicator across the scope's units (the
// roll-up), its trend over periods with the target line, and the ranking.
type IndicatorDashboard struct {
	Dashboard
	Indicator programme.Indicator
	Trend     []TrendPoint
}

// TrendPoint is the scope's total in one period of the trend.
type TrendPoint struct {
	Period programme.Period
	Figure Figure
}

// trendViews are the views of the same kind as the chosen one, in time
// order: H1s with H1s, years (and virtual years) with years.
func trendViews(views []programme.Period, kind programme.PeriodKind) []programme.Period {
	var out []programme.Period
	for _, v := range views {
		if v.Kind == kind {
			out = append(out, v)
		}
	}
	return out
}

// withInputs is an indicator and the indicators its formula uses (all of
// them, recursively), which is what must be read to compute it.
func withInputs(inds []programme.Indicator, ind programme.Indicator) []programme.Indicator {
	codes := programme.ByCode(inds)
	seen := map[string]bool{}
	var out []programme.Indicator
	var add func(programme.Indicator, int)
	add = func(i programme.Indicator, depth int) {
		if seen[i.ID] || depth > len(inds) {
			return
		}
		seen[i.ID] = true
		out = append(out, i)
		if x, err := programme.ParseExpr(i.Formula); i.Computed() && err == nil {
			for _, c := range x.Refs() {
				if d, ok := codes[c]; ok {
					add(d, depth+1)
				}
			}
		}
	}
	add(ind, 0)
	return out
}

func ids(inds []programme.Indicator) []string {
	out := make([]string, len(inds))
	for i, x := range inds {
		out[i] = x.ID
	}
	return out
}

// IndicatorDashboard computes one indicator's page. At national scale this
// is the roll-up of one indicator over every unit.
func (a *App) IndicatorDashboard(ctx context.Context, actor Actor, dq DashQuery) (IndicatorDashboard, error) {
	b, err := a.dashBase(ctx, actor, dq)
	if err != nil {
		return IndicatorDashboard{}, err
	}
	var d IndicatorDashboard
	d.Dashboard = Dashboard{Info: b.info, Views: b.views, View: b.view, Parts: b.parts, Scope: *b.scope, Crumbs: b.set.Ancestors(b.scope.ID),
		Rule: b.info.Programme.Rule(), Today: dq.Today, Day: b.day}
	found := false
	for _, i := range b.info.Indicators {
		if i.ID == dq.IndicatorID && i.Type.Numeric() {
			d.Indicator, found = i, true
		}
	}
	if !found {
		return d, ErrNotFound
	}
	inds := withInputs(b.info.Indicators, d.Indicator)
	d.Columns = []programme.Indicator{d.Indicator}
	q := a.Store.Read()
	trend := trendViews(b.views, b.view.Kind)
	periodIDs := map[string]bool{}
	for _, v := range trend {
		tb := b
		tb.view, tb.parts = v, nil
		tb.parts = viewParts(v, b.info.Periods)
		for _, id := range tb.periodIDs() {
			periodIDs[id] = true
		}
	}
	var all []string
	for id := range periodIDs {
		all = append(all, id)
	}
	// The trend: the scope's totals in every period, combined by the
	// database.
	vg, tg, bg, err := b.scopeTotals(ctx, q, inds, ids(inds), b.sourceUnits(false), all)
	if err != nil {
		return d, err
	}
	for _, v := range trend {
		tb := b
		tb.view, tb.parts = v, nil
		tb.parts = viewParts(v, b.info.Periods)
		g, tt, bl := tb.combine(inds, vg), tb.combine(inds, tg), tb.combine(inds, bg)
		f := figure(d.Indicator, d.Rule, g.Get(b.scope.ID, d.Indicator.ID), tt.Get(b.scope.ID, d.Indicator.ID), bl.Get(b.scope.ID, d.Indicator.ID))
		d.Trend = append(d.Trend, TrendPoint{Period: v, Figure: f})
		if v.ID == b.view.ID {
			d.Total = []Figure{f}
		}
	}
	// The rows: every unit's value in the chosen view.
	data, err := q.Data(ctx, store.DataFilter{PeriodIDs: b.periodIDs(), UnitIDs: b.sourceUnits(dq.Today), IndicatorIDs: ids(inds)})
	if err != nil {
		return d, err
	}
	var tsUnits []string
	if b.scope.ParentID != "" {
		tsUnits = b.sourceUnits(false)
	}
	ts, err := q.Targets(ctx, b.periodIDs(), tsUnits, ids(inds))
	if err != nil {
		return d, err
	}
	mapper := b.rowMapper(dq.Today)
	values := b.grid(inds, groupByPeriod(data), mapper)
	units := b.rowUnits(dq.Today, values)
	rowIDs := map[string]bool{}
	for _, u := range units {
		rowIDs[u.ID] = true
	}
	targets, baselines := b.targetGrids(inds, ts, rowIDs, mapper)
	for _, u := range units {
		f := figure(d.Indicator, d.Rule, values.Get(u.ID, d.Indicator.ID), targets.Get(u.ID, d.Indicator.ID), baselines.Get(u.ID, d.Indicator.ID))
		d.Approx = d.Approx || f.Value.Approx
		row := Row{Unit: u, Figures: []Figure{f}, Score: math.NaN()}
		if !math.IsNaN(f.Pct) {
			// Capped as in the overview, so that a value far beyond its
			// target (a typing slip) cannot put a unit first.
			row.Score, row.Scored = math.Min(f.Pct, 100), 1
		} else if f.Value.Set {
			// Without targets, units rank by the value itself, the better
			// way first.
			row.Score = f.Value.V
			if d.Indicator.Direction == programme.Down {
				row.Score = -f.Value.V
			}
		}
		d.Rows = append(d.Rows, row)
	}
	d.Ranking = rank(d.Rows)
	return d, nil
}

// UnitHistory is a unit's page in a programme: its own reports, and its
// values over every period — for today's units including what the former
// units they were formed from reported (estimated where they took only
// part of one).
type UnitHistory struct {
	Info       ProgrammeInfo
	Unit       orgunit.Unit
	Crumbs     []*orgunit.Unit
	Views      []programme.Period
	Indicators []programme.Indicator
	Values     map[string]map[string]Figure // view ID → indicator ID → figure
	Reports    []UnitReport                 // own and former units' reports
	Approx     bool
	Origins    []UnitOrigin // the former units whose figures this one carries
}

// UnitOrigin is a former unit whose figures a unit of today carries, and
// the part of them ("1/7", "toàn bộ").
type UnitOrigin struct {
	Unit  orgunit.Unit
	Part  string // "" when it carries all of it
	Exact bool
	// Basis says how the part was estimated: programme.ByMap (counted in
	// former communes: Communes of Of, "2,42/17") or programme.Equal
	// (shared equally, "chia đều 1/7").
	Basis    programme.WeightBasis
	Communes string // the part in former communes, as printed ("2,42")
	Of       int
}

// UnitReport is a report that fed the unit's history.
type UnitReport struct {
	Report programme.Report
	Unit   orgunit.Unit
	Period programme.Period
	Own    bool
}

// UnitHistory computes a unit's page (the drill-down from the city).
func (a *App) UnitHistory(ctx context.Context, actor Actor, programmeID, unitID string) (UnitHistory, error) {
	b, err := a.dashBase(ctx, actor, DashQuery{ProgrammeID: programmeID, ScopeID: unitID})
	if err != nil {
		return UnitHistory{}, err
	}
	h := UnitHistory{Info: b.info, Unit: *b.scope, Crumbs: b.set.Ancestors(unitID), Views: b.views,
		Indicators: numeric(b.info.Indicators), Values: map[string]map[string]Figure{}}
	today := b.scope.ValidOn(b.day)
	sources := []string{unitID}
	if today {
		sources = programme.Sources(b.set, []string{unitID})
	}
	q := a.Store.Read()
	var all []string
	for _, p := range b.info.Periods {
		all = append(all, p.ID)
	}
	data, err := q.Data(ctx, store.DataFilter{PeriodIDs: all, UnitIDs: sources})
	if err != nil {
		return h, err
	}
	ts, err := q.Targets(ctx, all, sources, nil)
	if err != nil {
		return h, err
	}
	mapper := programme.Self
	if today {
		mapper = programme.Successors(b.set, b.day, func(id string) bool { return id == unitID })
	}
	rule := b.info.Programme.Rule()
	grouped := groupByPeriod(data)
	for _, v := range b.views {
		vb := b
		vb.view, vb.parts = v, nil
		vb.parts = viewParts(v, b.info.Periods)
		g := vb.grid(b.info.Indicators, grouped, mapper)
		tt, bl := vb.targetGrids(b.info.Indicators, ts, map[string]bool{unitID: true}, mapper)
		figs := map[string]Figure{}
		for _, ind := range h.Indicators {
			f := figure(ind, rule, g.Get(unitID, ind.ID), tt.Get(unitID, ind.ID), bl.Get(unitID, ind.ID))
			if f.Value.Set || f.Target.Set {
				figs[ind.ID] = f
				h.Approx = h.Approx || f.Value.Approx
			}
		}
		if len(figs) > 0 {
			h.Values[v.ID] = figs
		}
	}
	if today {
		h.Origins = origins(b, unitID, data)
	}
	rs, err := q.ReportsOfUnits(ctx, programmeID, sources)
	if err != nil {
		return h, err
	}
	for _, r := range rs {
		u := b.set.Get(r.UnitID)
		p, _ := b.info.Period(r.PeriodID)
		if u != nil {
			h.Reports = append(h.Reports, UnitReport{Report: r, Unit: *u, Period: p, Own: r.UnitID == unitID})
		}
	}
	sortUnitReports(h.Reports)
	return h, nil
}

// sortUnitReports puts the latest period first, own reports before former
// units' reports of the same period.
func sortUnitReports(rs []UnitReport) {
	slices.SortStableFunc(rs, func(a, b UnitReport) int {
		if c := b.Period.End.Compare(a.Period.End); c != 0 {
			return c
		}
		switch {
		case a.Own && !b.Own:
			return -1
		case b.Own && !a.Own:
			return 1
		}
		return 0
	})
}

// origins are the former units that reported data which a unit of today
// carries, with the part it carries, for the note under its figures.
func origins(b dashBase, unitID string, data []programme.Datum) []UnitOrigin {
	seen := map[string]bool{}
	var from []string
	for _, d := range data {
		if !seen[d.UnitID] {
			seen[d.UnitID] = true
			from = append(from, d.UnitID)
		}
	}
	var out []UnitOrigin
	for _, o := range programme.Origins(b.set, unitID, b.day, from) {
		if u := b.set.Get(o.UnitID); u != nil {
			part := "" // all of it
			if o.Weight < 1-1e-9 {
				part = programme.Fraction(o.Weight)
			}
			out = append(out, UnitOrigin{Unit: *u, Part: part, Exact: o.Exact, Basis: o.Basis, Communes: locale.Decimal(o.Communes(), 2), Of: o.Of})
		}
	}
	locale.SortFunc(out, func(o UnitOrigin) string { return o.Unit.Name })
	return out
}
