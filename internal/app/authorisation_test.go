package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The authorisation matrix: every action the product defines, for every
// role, against objects of the user's own unit, another unit, the parent
// unit, a former (pre-2025) unit the user's unit was formed from, a former
// unit it was not, and no unit at all. Users and units are the real seeded
// ones, so scopes and histories are the store's. A new action fails the test
// until it has a row here: say who may do it, and where.

// place is where an object sits, seen from the user.
type place string

const (
	own         place = "own unit"
	other       place = "another unit"
	parent      place = "parent unit"
	former      place = "former unit of its history"
	formerOther place = "former unit, not its history"
	noUnit      place = "no unit"
	// seat is an object a council seat opens to the user (account.Seats with
	// their ID): the proposals of their council after the pack, and so on.
	seat place = "their council seat"
	// seatOther is one opened to other members only.
	seatOther place = "another member's seat"
)

var places = []place{own, other, parent, former, formerOther, noUnit, seat, seatOther}

// reach says, in a matrix cell, where a role may do an action.
var reach = map[string][]place{
	".": nil,           // never
	"A": places,        // everywhere
	"O": {own},         // its own unit only
	"H": {own, former}, // its own unit and the former units it came from (read-only actions)
	"S": {seat},        // only where their council seat opens it ("sits on this council")
}

// The columns of a row, in order: who acts.
var columns = []string{"public", "admin", "chuyenvien", "lanhdao.so", "canbo.melinh", "lanhdao.melinh", "chuyengia"}

// Each row: the cells of the columns above, i.e. the public, so_admin,
// so_specialist, so_leader, unit_officer, unit_leader and council. When
// council members get a scope (the proposals assigned to them), add a place
// for it and a code for the council column.
var matrix = map[string]string{
	"actionitem.assign":         ". . A A . . .",
	"actionitem.update":         ". . A A O O .",
	"actionitem.view":           ". A A A H H .",
	"audit.view":                ". A . . . . .",
	"call.manage":               ". . A A . . .",
	"call.public":               "A A A A A A A",
	"call.view":                 ". A A A A A .",
	"council.fill_sheet":        ". . . . . . S",
	"council.manage":            ". . A A . . .",
	"council.mine":              ". . . . . . A",
	"council.read_proposal":     ". . . . . . S",
	"council.read_sheets":       ". . . . . . S",
	"council.reopen":            ". . . . . . S",
	"council.sit":               ". . . . . . S",
	"council.view":              ". A A A . . .",
	"document.issue":            ". . A A . O .",
	"document.settings":         ". A . . . . .",
	"inspection.manage":         ". . A A . . .",
	"inspection.view":           ". A A A H H .",
	"meeting.manage":            ". . A A . . .",
	"meeting.view":              ". A A A H H .",
	"notify.admin":              ". A . . . . .",
	"ocop.bands":                ". A . A . . .",
	"ocop.catalogue":            "A A A A A A A",
	"ocop.confirm":              ". . . A . O .",
	"ocop.dashboard":            ". A A A H H .",
	"ocop.edit":                 ". . A . O . .",
	"ocop.evaluate":             ". . A . O . .",
	"ocop.import":               ". . A . O . .",
	"ocop.plan":                 ". . A . O O .",
	"ocop.verify":               ". . A A . . .",
	"ocop.view":                 ". A A A H H .",
	"orgunit.tree":              "A A A A A A A",
	"orgunit.view":              ". A A A H H .",
	"pasttask.manage":           ". . A A . . .",
	"pasttask.view":             ". A A A A A .",
	"profile.manage":            ". A A A A A A",
	"programme.manage":          ". A A . . . .",
	"programme.view":            ". A A A A A .",
	"proposal.decide":           ". . . A . . .",
	"proposal.edit":             ". . . . O O .",
	"proposal.internal":         ". A A A . . .",
	"proposal.leader_submit":    ". . . . . O .",
	"proposal.screen":           ". . A A . . .",
	"proposal.view":             ". A A A H H .",
	"recommendation.categories": ". A . A . . .",
	"recommendation.handle":     ". . A A . . .",
	"recommendation.raise":      ". . A A O O .",
	"recommendation.view":       ". A A A H H .",
	"report.approve":            ". . . A . O .",
	"report.edit":               ". . A A O O .",
	"report.exception":          ". . A A . . .",
	"report.monitor":            ". A A A . . .",
	"report.review":             ". . A A . . .",
	"report.view":               ". A A A H H .",
	"training.record":           ". . A A O O .",
	"training.view":             ". A A A H H .",
	"user.list":                 ". A . . . . .",
	"user.manage":               ". A . . . . .",
}

func TestAuthorisationMatrixOfEveryAction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		a := newApp(t, s, &clock{}, true)
		users := map[string]*account.User{"public": nil}
		for _, l := range columns[1:] {
			u := actor(t, a, l).User
			users[l] = u
		}
		for _, act := range account.Actions() {
			row, ok := matrix[string(act)]
			if !ok {
				t.Errorf("%s has no row in the authorisation matrix; it behaves as %q", act, observed(t, a, users, act))
				continue
			}
			cells := strings.Fields(row)
			if len(cells) != len(columns) {
				t.Fatalf("%s: %d cells, want %d", act, len(cells), len(columns))
			}
			for i, who := range columns {
				allowed, ok := reach[cells[i]]
				if !ok {
					t.Fatalf("%s: unknown cell %q", act, cells[i])
				}
				u := users[who]
				if got := allowedAt(t, a, u, act); !slices.Equal(got, allowed) {
					t.Errorf("%s by %s: allowed on %v, want %q = %v (the row behaves as %q)", act, who, got, cells[i], allowed, observed(t, a, users, act))
				}
				// A disabled account may do only what the public may.
				if u != nil {
					off := *u
					off.Disabled = true
					if got := allowedAt(t, a, &off, act); len(got) > 0 && cells[0] == "." {
						t.Errorf("%s allowed to disabled %s on %v", act, who, got)
					}
				}
			}
		}
		for name := range matrix {
			if _, ok := account.RuleOf(account.Action(name)); !ok {
				t.Errorf("the matrix has a row for %s, which no area defines", name)
			}
		}
	})
}

// objectAt is an object at place p seen from u, in the real Hà Nội units:
// the Mê Linh people's former unit is Huyện Mê Linh, the one it did not
// come from Huyện Sóc Sơn; for everyone else those are simply former units.
func objectAt(t *testing.T, a *app.App, u *account.User, p place) account.Object {
	t.Helper()
	unitPath := func(id string) string {
		un, err := a.Store.Read().Unit(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return un.Path
	}
	ownPath := unitPath(demo.SocSon) // the public's "own" unit: any
	if u != nil {
		ownPath = u.UnitPath
	}
	switch p {
	case own:
		return account.Unit(ownPath)
	case other:
		if ownPath == unitPath(demo.MeLinh) {
			return account.Unit(unitPath(demo.SocSon))
		}
		return account.Unit(unitPath(demo.MeLinh))
	case parent:
		trimmed := strings.TrimSuffix(ownPath, "/")
		return account.Unit(trimmed[:strings.LastIndex(trimmed, "/")+1])
	case former:
		return account.Unit(unitPath("hn-250"))
	case formerOther:
		return account.Unit(unitPath("hn-016"))
	case seat:
		if u == nil {
			return account.Seats([]string{""})
		}
		return account.Seats([]string{u.ID})
	case seatOther:
		return account.Seats([]string{"someone-else"})
	}
	return account.None
}

// allowedAt lists the places where u may do act.
func allowedAt(t *testing.T, a *app.App, u *account.User, act account.Action) []place {
	var got []place
	for _, p := range places {
		if account.Can(u, act, objectAt(t, a, u, p)) {
			got = append(got, p)
		}
	}
	return got
}

// observed is the row an action actually has, to paste when a rule changes
// on purpose.
func observed(t *testing.T, a *app.App, users map[string]*account.User, act account.Action) string {
	var cells []string
	for _, who := range columns {
		got := allowedAt(t, a, users[who], act)
		cell := "?"
		for code, want := range reach {
			if slices.Equal(got, want) {
				cell = code
			}
		}
		if cell == "?" {
			cell = fmt.Sprint(got)
		}
		cells = append(cells, cell)
	}
	return strings.Join(cells, " ")
}
