// Package orgunit models the versioned hierarchy of administrative and
// organisational units. Units are never edited across a reorganisation: the old
// unit gets an end date, the new one a start date, and successor links say
// which went where, wholly or in part. What a former district reported stays
// attached to it and still rolls up to today's communes.
package orgunit

import (
	"strings"

	"khcn/internal/civil"
)

// Kind is the level a unit sits at.
type Kind string

const (
	Province   Kind = "province"   // tỉnh / thành phố trực thuộc TW
	Department Kind = "department" // Sở KH&CN
	Division   Kind = "division"   // phòng, đơn vị thuộc Sở
	District   Kind = "district"   // quận / huyện / thị xã (until 30/6/2025)
	Commune    Kind = "commune"    // phường / xã / thị trấn
)

// Type is the legal type, which gives the name prefix.
type Type string

const (
	TypeCity     Type = "thanh_pho"
	TypeProvince Type = "tinh"     // a province (the national data set)
	TypeCountry  Type = "quoc_gia" // the country root above the provinces
	TypeSo       Type = "so"
	TypePhong    Type = "phong"
	TypeQuan     Type = "quan"
	TypeHuyen    Type = "huyen"
	TypeThiXa    Type = "thi_xa"
	TypePhuong   Type = "phuong"
	TypeXa       Type = "xa"
	TypeThiTran  Type = "thi_tran"
	TypeDivision Type = "don_vi"
)

// KindOf maps a legal type to its level.
func KindOf(t Type) Kind {
	switch t {
	case TypeCity, TypeProvince, TypeCountry:
		return Province
	case TypeSo:
		return Department
	case TypePhong, TypeDivision:
		return Division
	case TypeQuan, TypeHuyen, TypeThiXa:
		return District
	default:
		return Commune
	}
}

// Share says whether the whole of a former unit went into a successor.
type Share string

const (
	Whole Share = "whole"
	Part  Share = "part"
)

// Unit is one version of an org unit.
type Unit struct {
	ID         string
	Code       string
	Name       string // bare name: "Mê Linh"
	Kind       Kind
	Type       Type
	ParentID   string
	Path       string // "/rootID/…/ownID/": ancestors then self
	Depth      int
	ValidFrom  civil.Date
	ValidTo    civil.Date // last valid day; zero = still valid
	LegalBasis string
}

// ValidOn reports whether the unit existed on day d.
func (u Unit) ValidOn(d civil.Date) bool {
	return !d.Before(u.ValidFrom) && (u.ValidTo.IsZero() || !d.After(u.ValidTo))
}

// Current reports whether the unit has no end date.
func (u Unit) Current() bool { return u.ValidTo.IsZero() }

// Within reports whether u is ancestorPath's unit or below it.
func (u Unit) Within(ancestorPath string) bool {
	return ancestorPath != "" && strings.HasPrefix(u.Path, ancestorPath)
}

// AncestorIDs returns the IDs on the path, root first, excluding u itself.
func (u Unit) AncestorIDs() []string {
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) <= 1 {
		return nil
	}
	return parts[:len(parts)-1]
}

// ChildPath is the path of a child with id under parentPath.
func ChildPath(parentPath, id string) string {
	if parentPath == "" {
		return "/" + id + "/"
	}
	return parentPath + id + "/"
}

// Link is a successor link from a former unit to a unit that took over all or
// part of it.
type Link struct {
	FromID     string
	ToID       string
	Share      Share
	Effective  civil.Date
	LegalBasis string
	// Weight is the part of the former unit's figures this successor takes,
	// as the successor map gives it (1 for a whole transfer, 1/k for each
	// of the k units a split unit's parts went to); 0 when the map gives no
	// part, and the figures are then shared equally among the successors.
	Weight float64
}
