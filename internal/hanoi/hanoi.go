// Package hanoi holds the real administrative units of Hà Nội before and after
// the reorganisation of 1/7/2025, as seed data (see data/SOURCES.md): the city,
// the 30 district-level units and 526 communes/wards valid until 30/6/2025, the
// 126 communes/wards valid from 1/7/2025, and the 795 successor links between
// them. It also seeds the Sở KH&CN and its divisions.
package hanoi

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
)

//go:embed data/*.csv
var data embed.FS

// Stable IDs, readable in URLs and the same on every engine and every seed.
const (
	CityID = "hn"
	SoID   = "hn-skhcn"
)

// DistrictID is the ID of a former district by its GSO code ("250" → Mê Linh).
func DistrictID(code string) string { return "hn-" + code }

// OldCommuneID is the ID of a commune/ward valid until 30/6/2025.
func OldCommuneID(code string) string { return "hn-" + code + "-old" }

// CommuneID is the ID of a commune/ward valid from 1/7/2025.
func CommuneID(code string) string { return "hn-" + code }

var (
	// Hanoi's current boundaries date from the 2008 expansion. Earlier unit
	// histories are not modelled; see data/SOURCES.md.
	since2008   = civil.New(2008, 8, 1)
	since2014   = civil.New(2014, 4, 1) // Bắc and Nam Từ Liêm
	lastOldDay  = civil.New(2025, 6, 30)
	Reorganised = civil.New(2025, 7, 1)
)

const (
	basisCity     = "Nghị quyết 15/2008/QH12 ngày 29/5/2008 của Quốc hội"
	basisTuLiem   = "Nghị quyết 132/NQ-CP ngày 27/12/2013 của Chính phủ"
	basis2025     = "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
	basisDivision = "Minh họa (demo): cơ cấu phòng ban của Sở"
)

// Divisions of the Sở seeded for the demo; illustrative, not an official list.
var Divisions = []struct{ ID, Code, Name string }{
	{"hn-skhcn-vp", "VP", "Văn phòng Sở"},
	{"hn-skhcn-khtc", "KHTC", "Phòng Kế hoạch - Tài chính"},
	{"hn-skhcn-qlkh", "QLKH", "Phòng Quản lý khoa học"},
	{"hn-skhcn-qlcn", "QLCN", "Phòng Quản lý công nghệ và Đổi mới sáng tạo"},
	{"hn-skhcn-shtt", "SHTT", "Phòng Sở hữu trí tuệ"},
	{"hn-skhcn-tt", "TT", "Thanh tra Sở"},
}

// Units returns every seeded unit (paths filled) and every successor link.
func Units() ([]orgunit.Unit, []orgunit.Link, error) {
	city := orgunit.Unit{ID: CityID, Code: "01", Name: "Hà Nội", Type: orgunit.TypeCity, ValidFrom: since2008, LegalBasis: basisCity}
	so := orgunit.Unit{ID: SoID, Code: "SKHCN", Name: "Sở Khoa học và Công nghệ", Type: orgunit.TypeSo, ParentID: CityID, ValidFrom: since2008}
	units := []orgunit.Unit{city, so}
	for _, d := range Divisions {
		units = append(units, orgunit.Unit{ID: d.ID, Code: d.Code, Name: d.Name, Type: orgunit.TypePhong, ParentID: SoID, ValidFrom: since2008, LegalBasis: basisDivision})
	}

	districts, err := readCSV("data/hanoi-districts-2024.csv")
	if err != nil {
		return nil, nil, err
	}
	districtStart := map[string]civil.Date{}
	for _, r := range districts {
		code, name, typ := r["code"], r["name"], r["type"]
		from, basis := since2008, basisCity
		if name == "Bắc Từ Liêm" || name == "Nam Từ Liêm" {
			from, basis = since2014, basisTuLiem
		}
		districtStart[code] = from
		units = append(units, orgunit.Unit{ID: DistrictID(code), Code: code, Name: name, Type: orgunit.Type(typ),
			ParentID: CityID, ValidFrom: from, ValidTo: lastOldDay, LegalBasis: basis})
	}

	communes, err := readCSV("data/hanoi-communes-2025.csv")
	if err != nil {
		return nil, nil, err
	}
	for _, r := range communes {
		units = append(units, orgunit.Unit{ID: CommuneID(r["code"]), Code: r["code"], Name: r["name"], Type: orgunit.Type(r["type"]),
			ParentID: CityID, ValidFrom: Reorganised, LegalBasis: basis2025})
	}

	pairs, err := readCSV("data/hanoi-2025-old-to-new.csv")
	if err != nil {
		return nil, nil, err
	}
	seenOld := map[string]bool{}
	parts := map[string]int{} // former commune → how many new communes took it (or its parts)
	for _, r := range pairs {
		parts[r["old_code"]]++
	}
	var links []orgunit.Link
	for _, r := range pairs {
		oldID := OldCommuneID(r["old_code"])
		if !seenOld[oldID] {
			seenOld[oldID] = true
			from, ok := districtStart[r["old_district_code"]]
			if !ok {
				return nil, nil, fmt.Errorf("hanoi: unknown district %s", r["old_district_code"])
			}
			units = append(units, orgunit.Unit{ID: oldID, Code: r["old_code"], Name: r["old_name"], Type: orgunit.Type(r["old_type"]),
				ParentID: DistrictID(r["old_district_code"]), ValidFrom: from, ValidTo: lastOldDay})
		}
		clause, err := strconv.Atoi(r["resolution_clause"])
		if err != nil {
			return nil, nil, fmt.Errorf("hanoi: clause %q", r["resolution_clause"])
		}
		links = append(links, orgunit.Link{FromID: oldID, ToID: CommuneID(r["new_code"]), Share: orgunit.Share(r["share"]),
			Effective: Reorganised, LegalBasis: fmt.Sprintf("%s, khoản %d Điều 1", basis2025, clause),
			Weight: 1 / float64(parts[r["old_code"]])})
	}
	if err := fillPaths(units); err != nil {
		return nil, nil, err
	}
	return units, links, nil
}

// fillPaths sets Kind, Path and Depth; parents come before children above.
func fillPaths(units []orgunit.Unit) error {
	paths := map[string]string{}
	for i := range units {
		u := &units[i]
		u.Kind = orgunit.KindOf(u.Type)
		parent := ""
		if u.ParentID != "" {
			p, ok := paths[u.ParentID]
			if !ok {
				return fmt.Errorf("hanoi: %s comes before its parent %s", u.ID, u.ParentID)
			}
			parent = p
		}
		u.Path = orgunit.ChildPath(parent, u.ID)
		u.Depth = strings.Count(u.Path, "/") - 2
		paths[u.ID] = u.Path
	}
	return nil
}

func readCSV(name string) ([]map[string]string, error) {
	f, err := data.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("hanoi: %s: %w", name, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("hanoi: %s: %w", name, err)
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = strings.TrimSpace(rec[i])
		}
		out = append(out, row)
	}
}
