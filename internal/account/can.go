package account

import (
	"fmt"
	"slices"
	"sort"
	"sync"
)

// Action is something a user may do. Each area of the product defines its own
// actions with Define, next to its domain rules.
type Action string

// Rule says who may perform an action.
type Rule struct {
	Roles []Role
	// Public allows anyone, logged in or not.
	Public bool
	// Scoped limits the action to objects inside the user's unit scope.
	Scoped bool
	// History also allows objects of former units the user's unit was formed
	// from (read-only actions only).
	History bool
	// Seated admits a user through their council seat: the object lists the
	// users its council opens it to (Object.Seated), and no role or unit
	// scope admits anyone else. Package council says who is listed: members
	// for their council's page; for an assigned proposal, once the pack is
	// sent, the members who declared and are not recused; for other members'
	// sheets, those who submitted their own.
	Seated bool
}

var (
	rulesMu sync.RWMutex
	rules   = map[Action]Rule{}
)

// Define registers an action and its rule. Defining one twice is a bug.
func Define(name string, r Rule) Action {
	rulesMu.Lock()
	defer rulesMu.Unlock()
	a := Action(name)
	if _, dup := rules[a]; dup {
		panic(fmt.Sprintf("account: action %s defined twice", name))
	}
	rules[a] = r
	return a
}

// Actions lists every defined action, for the permission matrix tests and page.
func Actions() []Action {
	rulesMu.RLock()
	defer rulesMu.RUnlock()
	out := make([]Action, 0, len(rules))
	for a := range rules {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// RuleOf returns the rule of a defined action.
func RuleOf(a Action) (Rule, bool) {
	rulesMu.RLock()
	defer rulesMu.RUnlock()
	r, ok := rules[a]
	return r, ok
}

// Object is what an action is done to. UnitPath is the path of the org unit
// that owns it; empty means the object belongs to no unit (a system setting,
// a list page), which scoped rules then only allow to Sở roles.
type Object struct {
	UnitPath string
	// Seated lists the user IDs a council seat opens the object to, for
	// rules with Seated ("sits on this council").
	Seated []string
}

// Seats makes an Object opened to the users who sit on it.
func Seats(userIDs []string) Object { return Object{Seated: userIDs} }

// Unit makes an Object owned by the unit at path.
func Unit(path string) Object { return Object{UnitPath: path} }

// None is an object that belongs to no unit.
var None = Object{}

// Can is the one authorisation check. Unknown actions are refused.
func Can(u *User, a Action, obj Object) bool {
	r, ok := RuleOf(a)
	if !ok {
		return false
	}
	if r.Public {
		return true
	}
	if u == nil || u.Disabled || !hasRole(r.Roles, u.Role) {
		return false
	}
	if r.Seated {
		return u.ID != "" && slices.Contains(obj.Seated, u.ID)
	}
	if !r.Scoped {
		return true
	}
	if obj.UnitPath == "" {
		return u.Role.IsSo()
	}
	if u.InScope(obj.UnitPath) {
		return true
	}
	return r.History && u.InHistory(obj.UnitPath)
}

func hasRole(roles []Role, r Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// Core actions of the foundation. Feature areas define theirs in their own
// packages.
var (
	AllSo    = []Role{SoAdmin, SoSpecialist, SoLeader}
	AllUnit  = []Role{UnitOfficer, UnitLeader}
	Everyone = []Role{SoAdmin, SoSpecialist, SoLeader, UnitOfficer, UnitLeader, Council}

	OrgTreeView   = Define("orgunit.tree", Rule{Public: true})
	OrgUnitView   = Define("orgunit.view", Rule{Roles: Everyone, Scoped: true, History: true})
	UserList      = Define("user.list", Rule{Roles: []Role{SoAdmin}, Scoped: true})
	UserManage    = Define("user.manage", Rule{Roles: []Role{SoAdmin}, Scoped: true})
	AuditView     = Define("audit.view", Rule{Roles: []Role{SoAdmin}, Scoped: true})
	ProfileManage = Define("profile.manage", Rule{Roles: Everyone})
)
