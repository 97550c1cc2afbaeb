// Package account holds users, roles and the one authorisation function every
// request goes through: Can(user, action, object).
package account

import (
	"strings"
)

// Role is what a user does; scope limits where.
type Role string

const (
	SoAdmin      Role = "so_admin"      // quản trị hệ thống của Sở
	SoSpecialist Role = "so_specialist" // chuyên viên Sở
	SoLeader     Role = "so_leader"     // lãnh đạo Sở
	UnitOfficer  Role = "unit_officer"  // cán bộ đơn vị (xã/phường)
	UnitLeader   Role = "unit_leader"   // lãnh đạo đơn vị
	Council      Role = "council"       // thành viên hội đồng, chuyên gia
)

// Roles lists every role with a login, in display order.
var Roles = []Role{SoAdmin, SoSpecialist, SoLeader, UnitOfficer, UnitLeader, Council}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// IsSo reports whether the role belongs to the Sở, whose scope is the province.
func (r Role) IsSo() bool { return r == SoAdmin || r == SoSpecialist || r == SoLeader }

// IsUnit reports whether the role belongs to a local unit.
func (r Role) IsUnit() bool { return r == UnitOfficer || r == UnitLeader }

// User is a logged-in person. A nil *User is the public.
type User struct {
	ID       string
	Login    string
	Name     string
	Email    string
	Phone    string
	Title    string
	Role     Role
	UnitID   string
	UnitName string
	UnitPath string // path of the user's own unit
	UnitType string // legal type of the user's unit, for its display name
	Disabled bool
	Lang     string
	Digest   string // "immediate" or "daily"
	Version  int

	// ScopePath is the org-unit path the user's rights cover: the province for
	// Sở roles, the user's own unit otherwise. Filled by the store.
	ScopePath string
	// HistoryPaths are the paths of former units the user's unit was formed
	// from, readable for history (reports, products) but never editable.
	HistoryPaths []string
}

// InScope reports whether a unit path is within the user's own scope.
func (u *User) InScope(unitPath string) bool {
	return u != nil && u.ScopePath != "" && strings.HasPrefix(unitPath, u.ScopePath)
}

// InHistory reports whether a unit path belongs to a former unit the user's
// unit was formed from.
func (u *User) InHistory(unitPath string) bool {
	if u == nil {
		return false
	}
	for _, p := range u.HistoryPaths {
		if strings.HasPrefix(unitPath, p) {
			return true
		}
	}
	return false
}
