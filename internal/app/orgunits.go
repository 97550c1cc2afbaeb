package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/orgunit"
	"khcn/internal/store"
)

// OrgTree returns the unit set for browsing; the tree of administrative units
// is public information.
func (a *App) OrgTree(ctx context.Context, actor Actor) (*orgunit.Set, error) {
	if err := Must(actor, account.OrgTreeView, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().UnitSet(ctx)
}

// UnitProfile is what the unit page shows.
type UnitProfile struct {
	Unit         orgunit.Unit
	Ancestors    []*orgunit.Unit
	Children     []*orgunit.Unit
	Successors   []orgunit.Lineage // today's units that took this one over
	FormedFrom   []orgunit.Lineage // former units this one was formed from
	Predecessors []orgunit.Link
	Users        []account.User
}

// OrgUnit returns a unit's profile if the actor's scope covers it.
func (a *App) OrgUnit(ctx context.Context, actor Actor, id string, today civil.Date) (UnitProfile, error) {
	q := a.Store.Read()
	u, err := q.Unit(ctx, id)
	if err != nil {
		return UnitProfile{}, err
	}
	if err := Must(actor, account.OrgUnitView, account.Unit(u.Path)); err != nil {
		return UnitProfile{}, err
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return UnitProfile{}, err
	}
	p := UnitProfile{Unit: u, Ancestors: set.Ancestors(id), Children: set.Children(id, civil.Date{}),
		Predecessors: set.Predecessors(id)}
	if !u.Current() {
		p.Successors = set.SuccessorsOn(id, today)
	} else if u.ValidFrom.After(civil.New(1900, 1, 1)) {
		p.FormedFrom = set.FormedFrom(id, u.ValidFrom.AddDays(-1))
	}
	if account.Can(actor.User, account.UserList, account.Unit(u.Path)) {
		users, err := q.Users(ctx, u.Path)
		if err != nil {
			return p, err
		}
		sortUsers(users)
		p.Users = users
	}
	return p, nil
}

// SearchUnits finds units by name, diacritics-insensitive.
func (a *App) SearchUnits(ctx context.Context, actor Actor, text string) ([]orgunit.Unit, error) {
	if err := Must(actor, account.OrgTreeView, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().SearchUnits(ctx, text, 30)
}

// AuditLog lists audit entries for a Sở admin.
func (a *App) AuditLog(ctx context.Context, actor Actor, f store.AuditFilter) ([]store.AuditEntry, error) {
	if err := Must(actor, account.AuditView, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().Audit(ctx, f)
}

// CurrentUnits lists units valid today, for pickers.
func (a *App) CurrentUnits(ctx context.Context, today civil.Date) ([]orgunit.Unit, error) {
	return a.Store.Read().UnitsOn(ctx, today, "")
}

// Permission is one row of the permission matrix page.
type Permission struct {
	Action account.Action
	Rule   account.Rule
}

// Allows reports whether the rule lets a role act.
func (p Permission) Allows(r account.Role) bool {
	if p.Rule.Public {
		return true
	}
	for _, x := range p.Rule.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Permissions lists every action with its rule, for administrators.
func (a *App) Permissions(actor Actor) ([]Permission, error) {
	if err := Must(actor, account.UserList, account.None); err != nil {
		return nil, err
	}
	var out []Permission
	for _, act := range account.Actions() {
		r, _ := account.RuleOf(act)
		out = append(out, Permission{act, r})
	}
	return out, nil
}
