package council

import (
	"strings"

	"khcn/internal/orgunit"
	"khcn/internal/valid"
)

// Related returns the org units a member's unit counts as "their own" for
// recusal: the unit itself, the units it was formed from (followed back,
// transitively) and the units formed from it (followed forward,
// transitively), so a member of today's Xã Mê Linh is recused from
// proposals filed by the former communes and districts it came from, and a
// member filed under a former unit from its successors. Links are never
// followed sideways: a unit that only took another part of the same former
// commune is not the member's own (walked both ways and transitively, the
// 2025 part-splits join most of the city). A former unit with no links of
// its own (a district, whose communes carry them) goes forward through its
// communes; reached back from one of its former communes, the district
// itself counts (a proposal it filed), not its other communes.
func Related(set *orgunit.Set, unitID string) map[string]bool {
	out := map[string]bool{}
	if unitID == "" {
		return out
	}
	back, fwd := map[string]bool{}, map[string]bool{}
	var backward, forward func(string)
	backward = func(id string) {
		if back[id] {
			return
		}
		back[id], out[id] = true, true
		for _, l := range set.Predecessors(id) {
			backward(l.FromID)
		}
		// A former commune's district, which carries no links of its own,
		// went into today's units through its communes.
		if u := set.Get(id); u != nil && !u.Current() {
			if p := set.Get(u.ParentID); p != nil && !p.Current() && len(set.Successors(p.ID)) == 0 {
				out[p.ID] = true
			}
		}
	}
	forward = func(id string) {
		if fwd[id] {
			return
		}
		fwd[id], out[id] = true, true
		succ := set.Successors(id)
		for _, l := range succ {
			forward(l.ToID)
		}
		if u := set.Get(id); u != nil && !u.Current() && len(succ) == 0 {
			for _, c := range set.Descendants(id) {
				if c.ParentID == id {
					forward(c.ID)
				}
			}
		}
	}
	backward(unitID)
	forward(unitID)
	return out
}

// Reason is why a member does not evaluate a proposal.
type Reason string

const (
	NotRecused  Reason = ""
	OwnUnit     Reason = "own_unit" // tự động: đề xuất của đơn vị mình (hoặc đơn vị trước/sau sắp xếp)
	Conflicted  Reason = "conflict" // xung đột lợi ích đã khai
	Undeclared  Reason = "undeclared"
	NotAssigned Reason = "not_assigned"
)

// Declaration is a member's statement on one proposal before it opens.
type Declaration struct {
	ExpertID   string
	ProposalID string
	Conflict   bool
	Reason     string // the conflict, in the member's words
	Attested   bool   // "tôi cam kết …": a real attestation, not an OK button
}

// Check validates one declaration; field names start with prefix, so a
// form of many rows shows each message at its row.
func (d Declaration) Check(prefix string) valid.Errors {
	var e valid.Errors
	if d.Conflict && strings.TrimSpace(d.Reason) == "" {
		e.Add(prefix+"reason", "err.council.conflict_reason")
	}
	e.MaxLen(prefix+"reason", d.Reason, 2000)
	if !d.Attested {
		e.Add(prefix+"attest", "err.council.attest")
	}
	return e
}

// Standing is where a member stands on one proposal.
func Standing(memberUnits map[string]bool, proposalUnitID string, d *Declaration) Reason {
	if memberUnits[proposalUnitID] {
		return OwnUnit
	}
	if d == nil || !d.Attested {
		return Undeclared
	}
	if d.Conflict {
		return Conflicted
	}
	return NotRecused
}

// Recused reports whether the reason keeps the member away for good (as
// opposed to "not yet declared").
func (r Reason) Recused() bool { return r == OwnUnit || r == Conflicted }
