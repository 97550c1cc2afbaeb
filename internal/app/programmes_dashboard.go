package app

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// Dashboards are computed from the data when viewed: no nightly rebuild.
// They count only what units have sent to the Sở (approved or accepted).

// DashQuery selects what a dashboard shows.
type DashQuery struct {
	ProgrammeID string
	ViewID      string // a period ID or a virtual year ("year-2025"); "" = the latest with data
	ScopeID     string // the unit whose parts are the rows; "" = the province
	Today       bool   // rows are today's units, history rolled up through the successor map
	Area        string // the matrix shows indicators of this area
	AllAreas    bool   // the matrix shows every numeric indicator (documents)
	IndicatorID string // for the indicator page
}

// Figure is one value with its target and how it stands.
type Figure struct {
	Value    programme.Cell
	Target   programme.Cell
	Baseline programme.Cell
	Pct      float64 // NaN without a target
	Status   programme.Status
	Basis    programme.Basis // how Pct was computed (from the baseline or not)
}

// Row is one unit of a dashboard table.
type Row struct {
	Unit    *orgunit.Unit
	Figures []Figure // one per column
	Score   float64  // mean progress (capped at 100%) over columns with targets; NaN if none
	Scored  int
	Rank    int
}

// Dashboard is the programme overview of one period and scope.
type Dashboard struct {
	Info    ProgrammeInfo
	Views   []programme.Period
	View    programme.Period
	Parts   []programme.Period // the periods a virtual year is made of
	Scope   orgunit.Unit
	Crumbs  []*orgunit.Unit
	Rule    programme.StatusRule
	Today   bool
	Areas   []string
	Area    string
	Columns []programme.Indicator // the matrix columns (one area)
	Totals  []programme.Indicator // every numeric indicator
	Total   []Figure              // the scope's total per indicator in Totals
	Rows    []Row                 // matrix rows, in name order
	Ranking []Row                 // rows by score
	Approx  bool                  // some figures are estimated through partial successors
	Day     civil.Date
}

// unitSets caches each store's unit set; units and links are only ever
// added, so their counts tell when the cache is stale.
var unitSets sync.Map // *store.Store → cachedSet

type cachedSet struct {
	stamp string
	set   *orgunit.Set
}

func (a *App) unitSet(ctx context.Context) (*orgunit.Set, error) {
	q := a.Store.Read()
	stamp, err := q.UnitStamp(ctx)
	if err != nil {
		return nil, err
	}
	if c, ok := unitSets.Load(a.Store); ok && c.(cachedSet).stamp == stamp {
		return c.(cachedSet).set, nil
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return nil, err
	}
	unitSets.Store(a.Store, cachedSet{stamp, set})
	return set, nil
}

// dashBase is what every dashboard page starts from.
type dashBase struct {
	info  ProgrammeInfo
	set   *orgunit.Set
	views []programme.Period
	view  programme.Period
	parts []programme.Period
	scope *orgunit.Unit
	day   civil.Date
}

func (a *App) dashBase(ctx context.Context, actor Actor, dq DashQuery) (dashBase, error) {
	var b dashBase
	if err := Must(actor, programme.View, account.None); err != nil {
		return b, err
	}
	q := a.Store.Read()
	var err error
	if b.info, err = loadCore(ctx, q, dq.ProgrammeID); err != nil {
		return b, err
	}
	if b.set, err = a.unitSet(ctx); err != nil {
		return b, err
	}
	b.day = locale.Today(a.Now())
	b.views = programme.Views(b.info.Periods)
	if len(b.views) == 0 {
		return b, ErrNotFound
	}
	b.view = b.views[len(b.views)-1]
	for _, v := range b.views {
		if v.ID == dq.ViewID || (dq.ViewID == "" && !v.Start.After(b.day) && v.Deadline.Before(b.day)) {
			b.view = v
		}
	}
	if dq.ViewID != "" && b.view.ID != dq.ViewID {
		return b, ErrNotFound
	}
	b.parts = viewParts(b.view, b.info.Periods)
	scopeID := dq.ScopeID
	if scopeID == "" {
		scopeID = provinceOf(b.set, actor.User)
	}
	if b.scope = b.set.Get(scopeID); b.scope == nil {
		return b, ErrNotFound
	}
	return b, nil
}

// provinceOf is the province of a user's scope: the deepest province (or
// the country root, for the ministry) on its path.
func provinceOf(set *orgunit.Set, u *account.User) string {
	path := u.ScopePath
	if path == "" {
		path = u.UnitPath
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if x := set.Get(parts[i]); x != nil && x.Kind == orgunit.Province {
			return parts[i]
		}
	}
	return parts[0]
}

// viewParts are the periods a virtual year is made of; a real period is
// read on its own (its units report for the whole of it).
func viewParts(v programme.Period, periods []programme.Period) []programme.Period {
	if !v.Virtual {
		return nil
	}
	return programme.Parts(v, periods)
}

// periodIDs are the real periods a view reads.
func (b dashBase) periodIDs() []string {
	var ids []string
	if !b.view.Virtual {
		ids = append(ids, b.view.ID)
	}
	for _, p := range b.parts {
		ids = append(ids, p.ID)
	}
	return ids
}

// childOf returns the row a unit belongs to under the scope: the scope's
// child on the unit's path, the scope itself, or nil when outside.
func (b dashBase) childOf(u *orgunit.Unit) *orgunit.Unit {
	if u == nil || !strings.HasPrefix(u.Path, b.scope.Path) {
		return nil
	}
	if u.ID == b.scope.ID {
		return u
	}
	rest := strings.TrimPrefix(u.Path, b.scope.Path)
	first, _, _ := strings.Cut(rest, "/")
	return b.set.Get(first)
}

// rowMapper maps a reporting unit's data onto the rows: as the units were,
// or onto today's units through the successor map.
func (b dashBase) rowMapper(today bool) programme.Mapper {
	if !today {
		cache := map[string][]programme.Share{}
		return func(id string) []programme.Share {
			s, ok := cache[id]
			if !ok {
				if r := b.childOf(b.set.Get(id)); r != nil {
					s = []programme.Share{{Row: r.ID, Weight: 1, Exact: true}}
				}
				cache[id] = s
			}
			return s
		}
	}
	succ := programme.Successors(b.set, b.day, nil)
	return func(id string) []programme.Share {
		var out []programme.Share
		for _, s := range succ(id) {
			if r := b.childOf(b.set.Get(s.Row)); r != nil {
				s.Row = r.ID
				out = append(out, s)
			}
		}
		return out
	}
}

// sourceUnits are the units whose reports a dashboard reads; nil means all
// (the scope is a whole province tree, the common case).
func (b dashBase) sourceUnits(today bool) []string {
	if b.scope.ParentID == "" && (today || len(b.set.Roots(b.day)) <= 1) {
		return nil
	}
	var ids []string
	for _, u := range append([]*orgunit.Unit{b.scope}, b.set.Descendants(b.scope.ID)...) {
		if !today || u.ValidOn(b.day) {
			ids = append(ids, u.ID)
		}
	}
	if today {
		return programme.Sources(b.set, ids)
	}
	return ids
}

// grid reads the view's values (or targets, with pick) and combines them
// into rows with mapper: per period, then over the parts of a virtual year,
// then computed indicators.
func (b dashBase) grid(inds []programme.Indicator, data byPeriod, mapper programme.Mapper) programme.Grid {
	grids := map[string]programme.Grid{}
	for _, id := range b.periodIDs() {
		grids[id] = programme.Aggregate(inds, data[id], mapper)
	}
	return b.combine(inds, grids)
}

// combine makes the view's grid from the grids of its periods (over the
// parts of a year), then computes the computed indicators.
func (b dashBase) combine(inds []programme.Indicator, grids map[string]programme.Grid) programme.Grid {
	var g programme.Grid
	if len(b.parts) > 0 {
		g = programme.Combine(inds, b.view, b.info.Periods, grids)
	} else {
		g = grids[b.view.ID]
	}
	if g == nil {
		g = programme.Grid{}
	}
	programme.Derive(inds, g)
	return g
}

// scopeTotals are the scope's totals per period (values, targets,
// baselines), combined by the database over the units under the scope as
// they reported, so they are the same in both modes and continuous across
// the reorganisation. A target set on the scope itself wins over its units'
// targets added up. filter (nil: all) limits the indicators read.
func (b dashBase) scopeTotals(ctx context.Context, q store.Q, inds []programme.Indicator, filter, units, periods []string) (values, targets, baselines map[string]programme.Grid, err error) {
	var vt, tt, bt []programme.Total
	var own []programme.Target
	err = parallel(func() (err error) {
		vt, err = q.DataTotals(ctx, store.DataFilter{PeriodIDs: periods, UnitIDs: units, IndicatorIDs: filter})
		return err
	}, func() (err error) {
		tt, bt, err = q.TargetTotals(ctx, periods, units, filter, b.scope.ID)
		return err
	}, func() (err error) {
		own, err = q.Targets(ctx, periods, []string{b.scope.ID}, filter)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	targets, baselines = programme.TotalGrids(inds, tt, b.scope.ID), programme.TotalGrids(inds, bt, b.scope.ID)
	self := func(id string) []programme.Share { return []programme.Share{{Row: id, Weight: 1, Exact: true}} }
	for id, g := range groupByPeriod(targetData(own, false, nil)) {
		overlay(targets, id, programme.Aggregate(inds, g, self))
	}
	for id, g := range groupByPeriod(targetData(own, true, nil)) {
		overlay(baselines, id, programme.Aggregate(inds, g, self))
	}
	return programme.TotalGrids(inds, vt, b.scope.ID), targets, baselines, nil
}

// overlay puts the cells of g over those of period id in grids.
func overlay(grids map[string]programme.Grid, id string, g programme.Grid) {
	if grids[id] == nil {
		grids[id] = programme.Grid{}
	}
	for row, cells := range g {
		for ind, c := range cells {
			if grids[id][row] == nil {
				grids[id][row] = map[string]programme.Cell{}
			}
			grids[id][row][ind] = c
		}
	}
}

func allOnePeriod(data []programme.Datum) bool {
	for _, d := range data {
		if d.PeriodID != data[0].PeriodID {
			return false
		}
	}
	return true
}

// byPeriod holds data grouped by period, so each view reads only its own.
type byPeriod map[string][]programme.Datum

func groupByPeriod(data []programme.Datum) byPeriod {
	if len(data) > 0 && allOnePeriod(data) {
		return byPeriod{data[0].PeriodID: data}
	}
	out := byPeriod{}
	for _, d := range data {
		out[d.PeriodID] = append(out[d.PeriodID], d)
	}
	return out
}

// targetData turns the set targets (or baselines) of units not in skip
// into data rows.
func targetData(ts []programme.Target, baseline bool, skip map[string]bool) []programme.Datum {
	var out []programme.Datum
	for _, t := range ts {
		v := t.Target
		if baseline {
			v = t.Baseline
		}
		if !v.Set || skip[t.UnitID] {
			continue
		}
		out = append(out, programme.Datum{UnitID: t.UnitID, PeriodID: t.PeriodID, IndicatorID: t.IndicatorID, Value: v})
	}
	return out
}

// targetGrids gives each row its own targets where set, otherwise the
// combined targets of the units under it.
func (b dashBase) targetGrids(inds []programme.Indicator, ts []programme.Target, rowIDs map[string]bool, mapper programme.Mapper) (target, baseline programme.Grid) {
	own := func(id string) bool { return rowIDs[id] }
	grids := func(baseline bool) programme.Grid {
		perPeriod := map[string]programme.Grid{}
		for id, ds := range groupByPeriod(targetData(ts, baseline, rowIDs)) {
			perPeriod[id] = programme.Aggregate(inds, ds, mapper)
		}
		for id, g := range programme.OwnTargets(inds, ts, baseline, own) {
			overlay(perPeriod, id, g)
		}
		return b.combine(inds, perPeriod)
	}
	return grids(false), grids(true)
}

func figure(ind programme.Indicator, rule programme.StatusRule, v, t, bl programme.Cell) Figure {
	f := Figure{Value: v, Target: t, Baseline: bl, Pct: math.NaN(), Status: programme.NoTarget}
	if ind.Type == programme.YesNo && v.Units > 1 {
		return f // answers of several units are counted, not assessed
	}
	a := programme.Assess(ind, rule, cellValue(ind, v), cellValue(ind, t), cellValue(ind, bl))
	f.Pct, f.Status, f.Basis = a.Pct, a.Status, a.Basis
	return f
}

// UsesBaseline reports whether the percentage was computed from the
// baseline, which must then be printed beside it.
func (f Figure) UsesBaseline() bool { return f.Basis == programme.FromBaseline }

func cellValue(ind programme.Indicator, c programme.Cell) programme.Value {
	if !c.Set {
		return programme.Value{}
	}
	return programme.FromFloat(ind.Type, c.V)
}

func numeric(inds []programme.Indicator) []programme.Indicator {
	var out []programme.Indicator
	for _, i := range inds {
		if i.Type.Numeric() {
			out = append(out, i)
		}
	}
	return out
}

// rowUnits are the matrix rows: today's units under the scope, or the units
// that had to send their own report (or did report) in the view's periods:
// before 1/7/2025 a district reported for its communes, which are then no
// rows of their own (reportingUnits).
func (b dashBase) rowUnits(today bool, g programme.Grid) []*orgunit.Unit {
	seen := map[string]bool{}
	var out []*orgunit.Unit
	add := func(u *orgunit.Unit) {
		if r := b.childOf(u); r != nil && !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	periods := []programme.Period{b.view}
	if today {
		periods = []programme.Period{{End: b.day, Kind: b.view.Kind}}
	} else if len(b.parts) > 0 {
		periods = append(periods, b.parts...)
	}
	for _, p := range periods {
		for _, u := range reportingUnits(b.set, b.info.Indicators, p, b.scope.ID) {
			add(u)
		}
	}
	for id := range g {
		add(b.set.Get(id))
	}
	orgunit.SortByName(out)
	return out
}

// ProgrammeDashboard computes the overview: progress of the scope's total per
// indicator, the unit × indicator matrix of one area with status colours,
// and the ranking of units.
func (a *App) ProgrammeDashboard(ctx context.Context, actor Actor, dq DashQuery) (Dashboard, error) {
	b, err := a.dashBase(ctx, actor, dq)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Info: b.info, Views: b.views, View: b.view, Parts: b.parts, Scope: *b.scope, Crumbs: b.set.Ancestors(b.scope.ID),
		Rule: b.info.Programme.Rule(), Today: dq.Today, Day: b.day}
	inds := numeric(b.info.Indicators)
	d.Areas = programme.Areas(inds)
	d.Area = dq.Area
	if !slices.Contains(d.Areas, d.Area) && len(d.Areas) > 0 {
		d.Area = d.Areas[0]
	}
	for _, i := range inds {
		if i.Area == d.Area || d.Area == "" || dq.AllAreas {
			d.Columns = append(d.Columns, i)
		}
	}
	d.Totals = d.Columns
	q := a.Store.Read()
	var colInds []programme.Indicator
	for _, c := range d.Columns {
		colInds = append(colInds, withInputs(b.info.Indicators, c)...)
	}
	colIDs := ids(colInds)
	// Values and targets are read at the same time.
	var tsUnits []string
	if b.scope.ParentID != "" { // under a root, all units: a province's targets add up from its units
		tsUnits = []string{b.scope.ID}
		for _, u := range b.rowUnits(dq.Today, nil) {
			tsUnits = append(tsUnits, u.ID)
		}
	}
	var data []programme.Datum
	var ts []programme.Target
	err = parallel(func() (err error) {
		data, err = q.Data(ctx, store.DataFilter{PeriodIDs: b.periodIDs(), UnitIDs: b.sourceUnits(dq.Today), IndicatorIDs: colIDs})
		return err
	}, func() (err error) {
		ts, err = q.Targets(ctx, b.periodIDs(), tsUnits, colIDs)
		return err
	})
	if err != nil {
		return d, err
	}
	mapper := b.rowMapper(dq.Today)
	grouped := groupByPeriod(data)
	values := b.grid(b.info.Indicators, grouped, mapper)
	d.Rows = make([]Row, 0)
	units := b.rowUnits(dq.Today, values)
	rowIDs := map[string]bool{b.scope.ID: true}
	for _, u := range units {
		rowIDs[u.ID] = true
	}
	targets, baselines := b.targetGrids(b.info.Indicators, ts, rowIDs, mapper)
	for _, u := range units {
		row := Row{Unit: u, Score: math.NaN()}
		sum := 0.0
		for _, ind := range d.Columns {
			f := figure(ind, d.Rule, values.Get(u.ID, ind.ID), targets.Get(u.ID, ind.ID), baselines.Get(u.ID, ind.ID))
			d.Approx = d.Approx || f.Value.Approx
			row.Figures = append(row.Figures, f)
			if !math.IsNaN(f.Pct) {
				sum += math.Min(f.Pct, 100)
				row.Scored++
			}
		}
		if row.Scored > 0 {
			row.Score = sum / float64(row.Scored)
		}
		d.Rows = append(d.Rows, row)
	}
	d.Ranking = rank(d.Rows)
	// The total counts the units under the scope as they reported (the same
	// in both modes, continuous across the reorganisation), from the values
	// already read.
	under := func(id string) bool { u := b.set.Get(id); return u != nil && strings.HasPrefix(u.Path, b.scope.Path) }
	total := b.grid(b.info.Indicators, grouped, programme.Into(b.scope.ID, under))
	tt, tb := b.targetGrids(b.info.Indicators, ts, map[string]bool{b.scope.ID: true}, programme.Into(b.scope.ID, func(id string) bool { return under(id) && id != b.scope.ID }))
	for _, ind := range d.Totals {
		d.Total = append(d.Total, figure(ind, d.Rule, total.Get(b.scope.ID, ind.ID), tt.Get(b.scope.ID, ind.ID), tb.Get(b.scope.ID, ind.ID)))
	}
	return d, nil
}

// rank orders rows by score, best first; rows without any target last.
func rank(rows []Row) []Row {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(x, y Row) int {
		xn, yn := math.IsNaN(x.Score), math.IsNaN(y.Score)
		switch {
		case xn && yn:
			return 0
		case xn:
			return 1
		case yn:
			return -1
		}
		return cmp.Compare(y.Score, x.Score)
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// parallel runs independent reads at once and returns the first error.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
