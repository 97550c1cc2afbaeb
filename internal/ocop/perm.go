package ocop

import "khcn/internal/account"

// Permissions of the products area. Every rule is scoped: a commune's people
// act on records of their own commune (today's unit of the record); the Sở's
// scope is the whole city. Former units the commune was formed from are
// readable as history only.
//
//	action            so_admin so_specialist so_leader unit_officer unit_leader council public
//	ocop.view            ✓          ✓           ✓          ✓            ✓         –       –
//	ocop.edit            –          ✓           –          ✓            –         –       –
//	ocop.confirm         –          –           ✓          –            ✓         –       –
//	ocop.evaluate        –          ✓           –          ✓            –         –       –
//	ocop.verify          –          ✓           ✓          –            –         –       –
//	ocop.plan            –          ✓           –          ✓            ✓         –       –
//	ocop.import          –          ✓           –          ✓            –         –       –
//	ocop.dashboard       ✓          ✓           ✓          ✓            ✓         –       –
//	ocop.bands           ✓          –           ✓          –            –         –       –
//	ocop.catalogue       public: anyone, logged in or not
//
// edit: producers, products, IP titles. confirm: the unit leader confirms
// (or returns) what the commune proposes. evaluate: record an OCOP rating;
// one recorded by a commune waits until the Sở verifies it against the
// decision, one recorded by the Sở is verified at once. verify: the Sở
// checks evaluations and IP titles. bands: set the star bands when the
// criteria change.
var (
	View            = account.Define("ocop.view", account.Rule{Roles: append(append([]account.Role{}, account.AllSo...), account.AllUnit...), Scoped: true, History: true})
	Edit            = account.Define("ocop.edit", account.Rule{Roles: []account.Role{account.SoSpecialist, account.UnitOfficer}, Scoped: true})
	Confirm         = account.Define("ocop.confirm", account.Rule{Roles: []account.Role{account.SoLeader, account.UnitLeader}, Scoped: true})
	Evaluate        = account.Define("ocop.evaluate", account.Rule{Roles: []account.Role{account.SoSpecialist, account.UnitOfficer}, Scoped: true})
	Verify          = account.Define("ocop.verify", account.Rule{Roles: []account.Role{account.SoSpecialist, account.SoLeader}, Scoped: true})
	Plan            = account.Define("ocop.plan", account.Rule{Roles: []account.Role{account.SoSpecialist, account.UnitOfficer, account.UnitLeader}, Scoped: true})
	Import          = account.Define("ocop.import", account.Rule{Roles: []account.Role{account.SoSpecialist, account.UnitOfficer}, Scoped: true})
	Dashboard       = account.Define("ocop.dashboard", account.Rule{Roles: append(append([]account.Role{}, account.AllSo...), account.AllUnit...), Scoped: true, History: true})
	BandsManage     = account.Define("ocop.bands", account.Rule{Roles: []account.Role{account.SoAdmin, account.SoLeader}, Scoped: true})
	PublicCatalogue = account.Define("ocop.catalogue", account.Rule{Public: true})
)

// Transition is a change of a product's status.
type Transition string

const (
	Propose Transition = "propose" // the commune sends it to its leader
	Approve Transition = "confirm" // the leader confirms it
	Return  Transition = "return"  // the leader sends it back to draft
)

// Next returns the status a transition leads to from s, and the action the
// actor needs, or ok=false when the transition is not allowed from s.
func Next(s Status, t Transition) (Status, account.Action, bool) {
	switch {
	case t == Propose && s == Draft:
		return Proposed, Edit, true
	case t == Approve && s == Proposed:
		return Confirmed, Confirm, true
	case t == Return && (s == Proposed || s == Confirmed):
		return Draft, Confirm, true
	}
	return s, "", false
}
