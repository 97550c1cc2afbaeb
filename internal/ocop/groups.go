package ocop

import (
	"strconv"

	"khcn/internal/valid"
)

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

// Groups148 are the six groups and their sub-groups as seeded (Decision
// 148/QĐ-TTg, annex). The list is data: it is written to the database once
// and read from there, so it can be changed without a new release.
var Groups148 = Catalogue{
	{"1", "Thực phẩm", "Food", []Subgroup{
		{"1.1", "1", "Nông sản, thủy sản tươi sống", "Fresh farm and aquatic produce"},
		{"1.2", "1", "Nông sản, thủy sản sơ chế", "Minimally processed farm and aquatic produce"},
		{"1.3", "1", "Thực phẩm chế biến", "Processed food"},
		{"1.4", "1", "Gia vị", "Spices and condiments"},
		{"1.5", "1", "Chè và sản phẩm từ chè", "Tea and tea products"},
		{"1.6", "1", "Cà phê, ca cao", "Coffee and cocoa"}}},
	{"2", "Đồ uống", "Drinks", []Subgroup{
		{"2.1", "2", "Đồ uống có cồn", "Alcoholic drinks"},
		{"2.2", "2", "Đồ uống không cồn", "Non-alcoholic drinks"}}},
	{"3", "Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products", []Subgroup{
		{"3.1", "3", "Dược liệu", "Medicinal herbs"},
		{"3.2", "3", "Thực phẩm chức năng, thuốc từ dược liệu, thuốc y học cổ truyền", "Supplements and herbal medicines"},
		{"3.3", "3", "Mỹ phẩm từ dược liệu", "Herbal cosmetics"},
		{"3.4", "3", "Tinh dầu và sản phẩm khác từ dược liệu", "Essential oils and other herbal products"}}},
	{"4", "Thủ công mỹ nghệ", "Handicrafts", []Subgroup{
		{"4.1", "4", "Thủ công mỹ nghệ, đồ gia dụng, trang trí", "Handicrafts, household and decorative goods"},
		{"4.2", "4", "Dệt may, thêu, lụa", "Textiles, embroidery and silk"}}},
	{"5", "Sinh vật cảnh", "Ornamental plants and animals", []Subgroup{
		{"5.1", "5", "Hoa", "Flowers"},
		{"5.2", "5", "Cây cảnh, bonsai", "Ornamental trees and bonsai"},
		{"5.3", "5", "Động vật cảnh", "Ornamental animals"}}},
	{"6", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, eco-tourism and tourist sites", []Subgroup{
		{"6.1", "6", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, eco-tourism and tourist sites"}}},
}

// BandField is the form field of the lowest score for a number of stars.
func BandField(stars int) string { return "min" + strconv.Itoa(stars) }

// ParseBands reads the lowest total score of each star level, 1★ to 5★
// (by BandField), and checks that they make a scale: 1★ starts at 0, and
// each level needs more than the one below, up to 100.
func ParseBands(typed map[string]string) (Bands, valid.Errors) {
	var e valid.Errors
	var out Bands
	prev := -1.0
	for stars := 1; stars <= 5; stars++ {
		field := BandField(stars)
		min, ok := parseScore(&e, field, typed[field], 100)
		switch {
		case !ok:
		case stars == 1 && min != 0:
			e.Add(field, "ocop.err.band_first")
		case stars > 1 && prev >= 0 && min <= prev:
			e.Add(field, "ocop.err.band_order", strconv.Itoa(stars-1))
		}
		if ok {
			prev = min
		} else {
			prev = -1
		}
		out = append(Bands{{stars, min}}, out...)
	}
	return out, e
}
