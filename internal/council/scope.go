package council

import "khcn/internal/account"

// Standing of one member on one proposal, for building the seat scope.
type MemberStanding struct {
	UserID    string // empty when the expert has no login
	Reason    Reason // NotRecused, OwnUnit, Conflicted, Undeclared
	Submitted bool   // their own sheet on this proposal is submitted
}

// CouncilObject is the object of a council's own page and declarations: it
// is open to every member with a login.
func CouncilObject(seats []Seat) account.Object {
	var ids []string
	for _, s := range seats {
		if s.UserID != "" {
			ids = append(ids, s.UserID)
		}
	}
	return account.Seats(ids)
}

// ProposalObject is an assigned proposal as a member reaches it: only once
// the pack is sent, and only for members who declared no conflict and are
// not recused. A proposal not assigned to the council has no members at all.
func ProposalObject(unitPath string, packSent bool, members []MemberStanding) account.Object {
	obj := account.Unit(unitPath)
	if !packSent {
		return obj
	}
	for _, m := range members {
		if m.UserID != "" && m.Reason == NotRecused {
			obj.Seated = append(obj.Seated, m.UserID)
		}
	}
	return obj
}

// SheetsObject is the other members' sheets on a proposal: open to members
// who may read the proposal and have submitted their own sheet.
func SheetsObject(unitPath string, packSent bool, members []MemberStanding) account.Object {
	obj := account.Unit(unitPath)
	if !packSent {
		return obj
	}
	for _, m := range members {
		if m.UserID != "" && m.Reason == NotRecused && m.Submitted {
			obj.Seated = append(obj.Seated, m.UserID)
		}
	}
	return obj
}

// SheetObject is a member's own sheet while it can be written: the proposal's
// readers, and only while the sheet is a draft and no conclusion is recorded.
func SheetObject(unitPath string, packSent, concluded bool, me MemberStanding, state SheetState) account.Object {
	obj := account.Unit(unitPath)
	if packSent && !concluded && me.UserID != "" && me.Reason == NotRecused && state.Editable() {
		obj.Seated = []string{me.UserID}
	}
	return obj
}

// SecretaryObject is what only the council's scientific secretary reaches
// among its members (reopening a submitted sheet).
func SecretaryObject(seats []Seat) account.Object {
	var ids []string
	for _, s := range seats {
		if s.Role == Secretary && s.UserID != "" {
			ids = append(ids, s.UserID)
		}
	}
	return account.Seats(ids)
}
