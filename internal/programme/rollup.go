package programme

import (
	"fmt"
	"math"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
)

// Datum is one raw value: what one unit reported (or was set as target) for
// one indicator in one period.
type Datum struct {
	UnitID      string
	PeriodID    string
	IndicatorID string
	Value       Value
}

// Share is the part of a unit's data credited to a row of a table.
type Share struct {
	Row    string
	Weight float64 // part of an amount the row carries (1 = all of it)
	Exact  bool    // false when the split is an estimate (approximate)
	// Before is the weight of the unit's shares listed before this one, so
	// that a count can be cut into whole numbers that add up to it
	// (WholePart) even when a mapper keeps only some of the shares.
	Before float64
	// Basis says where an estimated weight came from (ByMap or Equal; ""
	// when Exact).
	Basis WeightBasis
	// Of is how many former communes the unit's figures are counted over:
	// a former district's communes, 1 for a unit with links of its own.
	// Weight×Of is the row's count of former communes ("2,42 of 17").
	Of int
}

// SplitNote says, in a paper's notes, how a figure marked "≈" was carried
// from former units (the pages say it per unit with its Basis).
const SplitNote = "số tiền, số lượng của đơn vị cũ được chia cho các đơn vị kế thừa theo số xã cũ mỗi đơn vị nhận (xã cũ nhập toàn bộ vào một đơn vị tính 1, xã cũ chia cho k đơn vị tính 1/k cho mỗi đơn vị), chia đều nơi danh sách kế thừa không ghi phần; số đếm làm tròn thành số nguyên cộng lại đúng tổng; tỷ lệ, bình quân và chỉ tiêu có/không được giữ nguyên, không chia."

// WeightBasis is where a successor's weight came from.
type WeightBasis string

const (
	// ByMap: the successor map's parts, counted in former communes: a former
	// commune counts 1 for the new commune it went into whole and 1/k for
	// each of the k new communes its parts went to; a former district's
	// figure is shared by how many of its former communes each took.
	ByMap WeightBasis = "map"
	// Equal: the map gives no part for some link, so the former unit's
	// figure is shared equally among its successors there.
	Equal WeightBasis = "equal"
)

// WholePart is the share's part of a count v in whole numbers: the parts of
// all the shares of one unit add up to v exactly (cumulative rounding).
func (s Share) WholePart(v float64) float64 {
	return math.Round(v*(s.Before+s.Weight)) - math.Round(v*s.Before)
}

// Mapper says which rows a unit's data goes to. Rows outside a table are
// simply not returned.
type Mapper func(unitID string) []Share

// Cell is a combined value.
type Cell struct {
	V      float64
	Set    bool
	Approx bool // some of it came through a partial successor
	Units  int  // how many units contributed
}

// Grid holds combined values: row → indicator ID → cell.
type Grid map[string]map[string]Cell

// Get returns a cell.
func (g Grid) Get(row, indID string) Cell { return g[row][indID] }

func (g Grid) set(row, indID string, c Cell) {
	m := g[row]
	if m == nil {
		m = map[string]Cell{}
		g[row] = m
	}
	m[indID] = c
}

// Aggregate combines raw values of one period into rows, by the
// indicator's Split: amounts (sum, latest) are shared by the mapper's
// weights, counts of things too but their estimates rounded to whole
// numbers that add up to the count; rates and maxima (avg, max) are
// inherited whole by each row and
// averaged with weights, or maxed; yes/no answers are carried whole (a
// combined row counts the units answering yes).
// Text and computed indicators are skipped: computed ones are derived
// afterwards from the combined inputs (Derive).
func Aggregate(inds []Indicator, data []Datum, mapTo Mapper) Grid {
	byID := ByID(inds)
	type acc struct {
		row, ind    string
		sum, w, max float64
		n           int
		approx      bool
	}
	index := make(map[[2]string]int, len(data))
	accs := make([]acc, 0, len(data))
	for _, d := range data {
		ind, ok := byID[d.IndicatorID]
		if !ok || !d.Value.Set || !ind.Type.Numeric() || ind.Computed() {
			continue
		}
		v := d.Value.Float(ind.Type)
		for _, s := range mapTo(d.UnitID) {
			k := [2]string{s.Row, d.IndicatorID}
			i, seen := index[k]
			if !seen {
				i = len(accs)
				index[k] = i
				accs = append(accs, acc{row: s.Row, ind: d.IndicatorID, max: math.Inf(-1)})
			}
			a := &accs[i]
			a.n++
			a.approx = a.approx || !s.Exact
			a.max = math.Max(a.max, v)
			w, part := s.Weight, v*s.Weight
			switch {
			case ind.Type == YesNo:
				w, part = 1, v // an answer is carried whole, never divided
			case !s.Exact && ind.Split() == Counted:
				part = s.WholePart(v) // a count's estimate is a whole number
			}
			a.sum += part
			a.w += w
		}
	}
	g := Grid{}
	for _, a := range accs {
		c := Cell{Set: true, Approx: a.approx, Units: a.n}
		switch byID[a.ind].Unitwise() {
		case Sum:
			c.V = a.sum
		case Avg:
			c.V = a.sum / a.w
		case Max:
			c.V = a.max
		}
		g.set(a.row, a.ind, c)
	}
	return g
}

// Derive computes the computed indicators of every row from the row's
// combined inputs, so a ratio of totals is the ratio of the totals, never a
// sum of ratios.
func Derive(inds []Indicator, g Grid) {
	byCode := ByCode(inds)
	type computed struct {
		ind Indicator
		x   Expr
	}
	var cs []computed
	for _, ind := range Order(inds) {
		if x, err := ParseExpr(ind.Formula); err == nil {
			cs = append(cs, computed{ind, x})
		}
	}
	if len(cs) == 0 {
		return
	}
	for row, cells := range g {
		for _, c := range cs {
			ind, x := c.ind, c.x
			approx, units := false, 0
			get := func(c string) (float64, bool) {
				in, ok := byCode[c]
				if !ok {
					return 0, false
				}
				cell := cells[in.ID]
				approx = approx || cell.Approx
				units = max(units, cell.Units)
				return cell.V, cell.Set
			}
			if v, ok := x.Eval(get); ok {
				g.set(row, ind.ID, Cell{V: v, Set: true, Approx: approx, Units: units})
			}
		}
	}
}

// Combine merges the grids of several periods that make up a longer one
// (the year view), row by row: a row's value in the whole period wins when
// it has one; otherwise its values in the parts (in time order, parts
// overlapping an earlier one skipped) combine over time: flows add up,
// stocks and cumulative indicators take the latest, rates average.
// This is how the 2025 annual view joins the districts' first half to the
// communes' second half.
func Combine(inds []Indicator, whole Period, periods []Period, grids map[string]Grid) Grid {
	parts := Parts(whole, periods)
	out := Grid{}
	rows := map[string]bool{}
	for _, g := range grids {
		for r := range g {
			rows[r] = true
		}
	}
	for r := range rows {
		for _, ind := range inds {
			if ind.Computed() || !ind.Type.Numeric() {
				continue
			}
			if c := grids[whole.ID].Get(r, ind.ID); c.Set {
				out.set(r, ind.ID, c)
				continue
			}
			var cells []Cell
			for _, p := range parts {
				if c := grids[p.ID].Get(r, ind.ID); c.Set {
					cells = append(cells, c)
				}
			}
			if c, ok := overTime(ind.Timewise(), cells); ok {
				out.set(r, ind.ID, c)
			}
		}
	}
	return out
}

// Parts lists the periods inside whole, in time order, without overlaps.
func Parts(whole Period, periods []Period) []Period {
	var in []Period
	for _, p := range periods {
		if p.ID != whole.ID && whole.Contains(p) {
			in = append(in, p)
		}
	}
	SortPeriods(in)
	var out []Period
	for _, p := range in {
		if len(out) == 0 || out[len(out)-1].End.Before(p.Start) {
			out = append(out, p)
		}
	}
	return out
}

func overTime(how Aggregation, cells []Cell) (Cell, bool) {
	if len(cells) == 0 {
		return Cell{}, false
	}
	out := Cell{Set: true}
	best := math.Inf(-1)
	for _, c := range cells {
		out.Approx = out.Approx || c.Approx
		out.Units = max(out.Units, c.Units)
		out.V += c.V
		best = math.Max(best, c.V)
	}
	switch how {
	case Latest:
		last := cells[len(cells)-1]
		out.V, out.Approx, out.Units = last.V, last.Approx, last.Units
	case Avg:
		out.V /= float64(len(cells))
	case Max:
		out.V = best
	}
	return out, true
}

// Self maps every unit to its own row: the units as they were.
func Self(unitID string) []Share { return []Share{{Row: unitID, Weight: 1, Exact: true}} }

// Into maps every unit for which keep is true to one row (a total).
func Into(row string, keep func(unitID string) bool) Mapper {
	one := []Share{{Row: row, Weight: 1, Exact: true}} // shared: callers only read
	return func(id string) []Share {
		if !keep(id) {
			return nil
		}
		return one
	}
}

// Successors maps a unit's data onto the units valid on day that took it
// over, following successor links (and a former district's communes), and
// keeping only rows for which keep is true. A unit valid on day maps to
// itself. When a unit went to several successors, each carries the part the
// successor map gives it (Link.Weight), or an equal share where the map
// gives none; a former district's figure is shared among its former
// communes, one each. Such shares are estimates (marked approximate, with
// their Basis); a share is exact only when the whole unit went into one
// successor.
func Successors(set *orgunit.Set, day civil.Date, keep func(unitID string) bool) Mapper {
	cache := map[string][]Share{}
	return func(id string) []Share {
		if s, ok := cache[id]; ok {
			return s
		}
		var out []Share
		for _, s := range SharesOn(set, id, day) {
			if keep == nil || keep(s.Row) {
				out = append(out, s)
			}
		}
		cache[id] = out
		return out
	}
}

// SharesOn returns the shares of unit id's data carried by the units valid
// on day (see Successors). The weights add up to 1 when every part of the
// former unit has a successor, so totals are kept.
func SharesOn(set *orgunit.Set, id string, day civil.Date) []Share {
	weight := map[string]float64{}
	exact := map[string]bool{}
	equal := map[string]bool{}
	var order []string
	of := 1
	var walk func(id string, w float64, whole, eq bool, depth int)
	walk = func(id string, w float64, whole, eq bool, depth int) {
		u := set.Get(id)
		if u == nil || depth > 20 {
			return
		}
		if u.ValidOn(day) {
			if _, seen := weight[id]; !seen {
				order = append(order, id)
				exact[id] = true
			}
			weight[id] += w
			exact[id] = exact[id] && whole
			equal[id] = equal[id] || eq
			return
		}
		if links := set.Successors(id); len(links) > 0 {
			ws, known := LinkWeights(links)
			for i, l := range links {
				walk(l.ToID, w*ws[i], whole && len(links) == 1 && l.Share == orgunit.Whole, eq || !known, depth+1)
			}
			return
		}
		kids := set.Children(id, civil.Date{})
		if depth == 0 && len(kids) > 0 {
			of = len(kids)
		}
		for _, c := range kids {
			walk(c.ID, w/float64(len(kids)), false, eq, depth+1)
		}
	}
	walk(id, 1, true, false, 0)
	out := make([]Share, 0, len(order))
	before := 0.0
	for _, r := range order {
		s := Share{Row: r, Weight: weight[r], Exact: exact[r], Before: before, Of: of}
		switch {
		case s.Exact:
		case equal[r]:
			s.Basis = Equal
		default:
			s.Basis = ByMap
		}
		out = append(out, s)
		before += weight[r]
	}
	return out
}

// LinkWeights is the part of a former unit each of its links carries: the
// successor map's weights when every link has one (scaled to add up to 1),
// else an equal share each (known is then false).
func LinkWeights(links []orgunit.Link) (ws []float64, known bool) {
	ws = make([]float64, len(links))
	total := 0.0
	known = true
	for _, l := range links {
		if l.Weight <= 0 {
			known = false
		}
		total += l.Weight
	}
	for i, l := range links {
		if known {
			ws[i] = l.Weight / total
		} else {
			ws[i] = 1 / float64(len(links))
		}
	}
	return ws, known
}

// Sources lists the units whose data can reach the given units valid on
// day: themselves, the former units they were formed from, and those
// units' former parents (districts reported for their communes).
func Sources(set *orgunit.Set, unitIDs []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) bool {
		if id == "" || seen[id] {
			return false
		}
		seen[id] = true
		out = append(out, id)
		return true
	}
	var back func(id string, depth int)
	back = func(id string, depth int) {
		if depth > 20 {
			return
		}
		for _, l := range set.Predecessors(id) {
			if add(l.FromID) {
				back(l.FromID, depth+1)
			}
			if u := set.Get(l.FromID); u != nil && u.ParentID != "" {
				if p := set.Get(u.ParentID); p != nil && !p.Current() && add(p.ID) {
					back(p.ID, depth+1)
				}
			}
		}
	}
	for _, id := range unitIDs {
		add(id)
		back(id, 0)
	}
	return out
}

// Total is a value already combined over many units (by the database):
// how many units reported, their sum and their maximum.
type Total struct {
	PeriodID    string
	IndicatorID string
	N           int
	Sum, Max    float64
}

// TotalGrids turns totals into a one-row grid per period, the same cells
// Aggregate would make with every unit mapped, whole, onto row.
func TotalGrids(inds []Indicator, ts []Total, row string) map[string]Grid {
	byID := ByID(inds)
	out := map[string]Grid{}
	for _, t := range ts {
		ind, ok := byID[t.IndicatorID]
		if !ok || t.N == 0 || ind.Computed() || !ind.Type.Numeric() {
			continue
		}
		c := Cell{Set: true, Units: t.N, V: t.Sum}
		switch ind.Unitwise() {
		case Avg:
			c.V = t.Sum / float64(t.N)
		case Max:
			c.V = t.Max
		}
		g := out[t.PeriodID]
		if g == nil {
			g = Grid{}
			out[t.PeriodID] = g
		}
		g.set(row, t.IndicatorID, c)
	}
	return out
}

// OwnTargets puts each unit's own target (or baseline) in its own row, per
// period, for the units keep accepts: what Aggregate with Self gives,
// without the bookkeeping.
func OwnTargets(inds []Indicator, ts []Target, baseline bool, keep func(unitID string) bool) map[string]Grid {
	byID := ByID(inds)
	out := map[string]Grid{}
	for _, t := range ts {
		if !keep(t.UnitID) {
			continue
		}
		v := t.Target
		if baseline {
			v = t.Baseline
		}
		ind, ok := byID[t.IndicatorID]
		if !v.Set || !ok || ind.Computed() || !ind.Type.Numeric() {
			continue
		}
		g := out[t.PeriodID]
		if g == nil {
			g = Grid{}
			out[t.PeriodID] = g
		}
		g.set(t.UnitID, t.IndicatorID, Cell{V: v.Float(ind.Type), Set: true, Units: 1})
	}
	return out
}

// Origin is a former unit whose figures reach a unit of today, and the part
// of them it carries there.
type Origin struct {
	UnitID string
	Weight float64     // 1 = all of it
	Exact  bool        // the whole former unit went into this one
	Basis  WeightBasis // where the weight came from, when not Exact
	Of     int         // former communes the unit's figures are counted over
}

// Communes is the origin's part counted in former communes: 29/12 of the
// 17 communes of Huyện Mê Linh went into Xã Mê Linh.
func (o Origin) Communes() float64 { return o.Weight * float64(o.Of) }

// Origins lists, for the unit row valid on day, the units among from (other
// than row itself) whose figures it carries, with the part it carries.
func Origins(set *orgunit.Set, row string, day civil.Date, from []string) []Origin {
	var out []Origin
	for _, id := range from {
		if id == row {
			continue
		}
		for _, s := range SharesOn(set, id, day) {
			if s.Row == row {
				out = append(out, Origin{UnitID: id, Weight: s.Weight, Exact: s.Exact, Basis: s.Basis, Of: s.Of})
			}
		}
	}
	return out
}

// Fraction writes a part as a simple fraction ("1/7", "5/36") when one with
// a denominator up to 1000 matches it, else as a percentage; "toàn bộ" for
// the whole.
func Fraction(w float64) string {
	if w >= 1-1e-9 {
		return "toàn bộ"
	}
	for d := 2; d <= 1000; d++ {
		n := math.Round(w * float64(d))
		if n >= 1 && math.Abs(n/float64(d)-w) < 1e-9 {
			return fmt.Sprintf("%d/%d", int(n), d)
		}
	}
	return locale.Percent(w * 100)
}
