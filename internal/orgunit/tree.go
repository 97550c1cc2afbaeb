package orgunit

import (
	"slices"

	"khcn/internal/civil"
	"khcn/internal/locale"
)

// Set is an in-memory snapshot of units and links, loaded once per request
// where a page needs tree walks. The helpers below are the ones the rest of
// the product uses; they are pure, so they are tested without a database.
type Set struct {
	byID     map[string]*Unit
	children map[string][]*Unit
	next     map[string][]Link // from → successors
	prev     map[string][]Link // to → predecessors
}

// NewSet indexes units and links.
func NewSet(units []Unit, links []Link) *Set {
	s := &Set{byID: map[string]*Unit{}, children: map[string][]*Unit{}, next: map[string][]Link{}, prev: map[string][]Link{}}
	for i := range units {
		u := &units[i]
		s.byID[u.ID] = u
	}
	for _, u := range s.byID {
		if u.ParentID != "" {
			s.children[u.ParentID] = append(s.children[u.ParentID], u)
		}
	}
	for _, kids := range s.children {
		sortChildren(kids)
	}
	for _, l := range links {
		s.next[l.FromID] = append(s.next[l.FromID], l)
		s.prev[l.ToID] = append(s.prev[l.ToID], l)
	}
	return s
}

// SortByName sorts units by Vietnamese collation of their names.
func SortByName(us []*Unit) { locale.SortFunc(us, func(u *Unit) string { return u.Name }) }

var kindRank = map[Kind]int{Province: 0, Department: 1, Division: 2, District: 3, Commune: 4}

// sortChildren lists the Sở before districts and districts before communes,
// each group by name.
func sortChildren(us []*Unit) {
	SortByName(us)
	slices.SortStableFunc(us, func(a, b *Unit) int { return kindRank[a.Kind] - kindRank[b.Kind] })
}

// Get returns the unit with id, or nil.
func (s *Set) Get(id string) *Unit { return s.byID[id] }

// Len is the number of units.
func (s *Set) Len() int { return len(s.byID) }

// On returns the units valid on day d, sorted by name.
func (s *Set) On(d civil.Date) []*Unit {
	var out []*Unit
	for _, u := range s.byID {
		if u.ValidOn(d) {
			out = append(out, u)
		}
	}
	SortByName(out)
	return out
}

// Roots returns units without a parent valid on d.
func (s *Set) Roots(d civil.Date) []*Unit {
	var out []*Unit
	for _, u := range s.byID {
		if u.ParentID == "" && u.ValidOn(d) {
			out = append(out, u)
		}
	}
	SortByName(out)
	return out
}

// Children returns the direct children of id valid on d, sorted by name.
func (s *Set) Children(id string, d civil.Date) []*Unit {
	var out []*Unit
	for _, c := range s.children[id] {
		if d.IsZero() || c.ValidOn(d) {
			out = append(out, c)
		}
	}
	return out
}

// Ancestors returns the chain from the root down to id's parent.
func (s *Set) Ancestors(id string) []*Unit {
	u := s.byID[id]
	if u == nil {
		return nil
	}
	var out []*Unit
	for _, aid := range u.AncestorIDs() {
		if a := s.byID[aid]; a != nil {
			out = append(out, a)
		}
	}
	return out
}

// Descendants returns every unit below id (of any date), depth first, each
// level sorted by name.
func (s *Set) Descendants(id string) []*Unit {
	var out []*Unit
	var walk func(string)
	walk = func(pid string) {
		for _, c := range s.children[pid] {
			out = append(out, c)
			walk(c.ID)
		}
	}
	walk(id)
	return out
}

// Successors returns the links out of a former unit.
func (s *Set) Successors(id string) []Link { return s.next[id] }

// Predecessors returns the links into a unit.
func (s *Set) Predecessors(id string) []Link { return s.prev[id] }

// Lineage is a unit reached through successor links, with whether every step
// was a whole transfer.
type Lineage struct {
	Unit  *Unit
	Whole bool
}

// SuccessorsOn follows successor links from id until units valid on d are
// reached: "which of today's units took over this former unit". A unit still
// valid on d is its own successor. A former unit without links of its own (a
// district, whose communes carry the links) is followed through its children,
// and every such result is partial: no one successor took the whole district.
func (s *Set) SuccessorsOn(id string, d civil.Date) []Lineage {
	return s.follow(id, d, s.next, func(l Link) string { return l.ToID }, true)
}

// FormedFrom follows predecessor links back from id to the units valid on d:
// "what was this unit formed from, as of d". Whole means the whole of that
// former unit went into id.
func (s *Set) FormedFrom(id string, d civil.Date) []Lineage {
	return s.follow(id, d, s.prev, func(l Link) string { return l.FromID }, false)
}

func (s *Set) follow(id string, d civil.Date, edges map[string][]Link, other func(Link) string, viaChildren bool) []Lineage {
	best := map[string]bool{} // unit id → whole along some path
	seen := map[string]bool{}
	var walk func(string, bool)
	walk = func(cur string, whole bool) {
		u := s.byID[cur]
		if u == nil {
			return
		}
		if u.ValidOn(d) {
			best[cur] = best[cur] || whole
			return
		}
		key := cur
		if whole {
			key += "+"
		}
		if seen[key] {
			return
		}
		seen[key] = true
		for _, l := range edges[cur] {
			walk(other(l), whole && l.Share == Whole)
		}
		if viaChildren && len(edges[cur]) == 0 {
			for _, c := range s.children[cur] {
				walk(c.ID, false)
			}
		}
	}
	walk(id, true)
	out := make([]Lineage, 0, len(best))
	for uid, whole := range best {
		out = append(out, Lineage{Unit: s.byID[uid], Whole: whole})
	}
	locale.SortFunc(out, func(l Lineage) string { return l.Unit.Name })
	return out
}
