package ocop

// Group is one of the six OCOP product groups; Subgroup is a sub-group. The
// list is seeded as data (migration 0400) from Decision 148/QĐ-TTg and read
// back from the database, so a change of criteria is a data change.
type Group struct {
	Code      string
	Name      string
	NameEN    string
	Subgroups []Subgroup
}

// Subgroup is a sub-group of a group.
type Subgroup struct {
	Code      string
	GroupCode string
	Name      string
	NameEN    string
}

// Catalogue is the groups with their sub-groups, in order.
type Catalogue []Group

// Group returns the group with code.
func (c Catalogue) Group(code string) (Group, bool) {
	for _, g := range c {
		if g.Code == code {
			return g, true
		}
	}
	return Group{}, false
}

// Subgroup returns the sub-group with code.
func (c Catalogue) Subgroup(code string) (Subgroup, bool) {
	for _, g := range c {
		for _, s := range g.Subgroups {
			if s.Code == code {
				return s, true
			}
		}
	}
	return Subgroup{}, false
}

// Band is a star level reached from MinScore points up.
type Band struct {
	Stars    int
	MinScore float64
}

// Bands are the configured score bands (seeded from Decision 148: 90, 70, 50,
// 30, 0), highest first.
type Bands []Band

// DefaultBands are Decision 148's bands, used by tests and as the seed.
var DefaultBands = Bands{{5, 90}, {4, 70}, {3, 50}, {2, 30}, {1, 0}}

// Stars returns the stars a total score earns.
func (b Bands) Stars(total float64) int {
	best, bestMin := 0, -1.0
	for _, x := range b {
		if total >= x.MinScore && x.MinScore > bestMin {
			best, bestMin = x.Stars, x.MinScore
		}
	}
	return best
}

// Min returns the lowest score of a star level, or -1 if none is configured.
func (b Bands) Min(stars int) float64 {
	for _, x := range b {
		if x.Stars == stars {
			return x.MinScore
		}
	}
	return -1
}
