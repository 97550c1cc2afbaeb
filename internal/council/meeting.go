package council

import (
	"slices"
	"strings"

	"khcn/internal/valid"
)

// HasQuorum reports whether the members present make a quorum: at least the
// rules' share of all members, with the chair or vice-chair, every reviewer
// and (when the rules say so) the secretary. missing lists what is lacking
// as catalogue keys, for the meeting page.
func (r Rules) HasQuorum(seats []Seat, present map[string]bool) (ok bool, missing []string) {
	n, here := len(seats), 0
	var chair, sec bool
	reviewers, reviewersHere := 0, 0
	for _, s := range seats {
		p := present[s.ExpertID]
		if p {
			here++
		}
		switch s.Role {
		case Chair, ViceChair:
			chair = chair || p
		case Reviewer:
			reviewers++
			if p {
				reviewersHere++
			}
		case Secretary:
			sec = sec || p
		}
	}
	if !r.Quorum.AtLeast(here, n) {
		missing = append(missing, "council.quorum.share")
	}
	if r.QuorumChairOrVice && !chair {
		missing = append(missing, "council.quorum.chair")
	}
	if r.QuorumReviewers && reviewersHere < reviewers {
		missing = append(missing, "council.quorum.reviewers")
	}
	if r.QuorumSecretary && !sec {
		missing = append(missing, "council.quorum.secretary")
	}
	return len(missing) == 0 && n > 0, missing
}

// VotesNeeded is the smallest number of votes that passes among voters.
func (r Rules) VotesNeeded(voters int) int {
	for v := 0; v <= voters; v++ {
		if r.Pass.MoreThan(v, voters) {
			return v
		}
	}
	return voters + 1
}

// Choice is a ballot's choice, and a sheet's recommendation.
type Choice string

const (
	Do        Choice = "do"         // đề nghị thực hiện
	DoNot     Choice = "do_not"     // không thực hiện
	DoChanges Choice = "do_changes" // thực hiện với điều chỉnh
)

// Choices lists the choices in display order.
var Choices = []Choice{Do, DoChanges, DoNot}

// Valid reports whether c is a known choice.
func (c Choice) Valid() bool { return slices.Contains(Choices, c) }

// Method is how a recommended task finds who carries it out; the keys are
// those of the proposal workflow.
type Method string

const (
	Selection Method = "selection" // tuyển chọn
	Direct    Method = "direct"    // giao trực tiếp
)

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return m == Selection || m == Direct }

// Ballot is one member's vote on one proposal (phiếu đánh giá). For a vote
// to do the task it also carries the task as the member would order it.
type Ballot struct {
	ExpertID   string
	Choice     Choice
	Name       string // tên nhiệm vụ
	Objectives string
	Products   string
	Method     Method
	Reasons    string // why not, or what to change
	Dissent    string // a member's dissent, kept on record
}

// Check validates a ballot. Fields are prefixed so that a form of many
// ballots can put each message at its row.
func (b Ballot) Check(prefix string) valid.Errors {
	var e valid.Errors
	if !b.Choice.Valid() {
		e.Add(prefix+"choice", "err.choose")
		return e
	}
	if b.Choice != DoNot && b.Method != "" && !b.Method.Valid() {
		e.Add(prefix+"method", "err.choose")
	}
	if b.Choice == DoChanges && strings.TrimSpace(b.Reasons) == "" {
		e.Add(prefix+"reasons", "err.council.changes")
	}
	for f, v := range map[string]string{"name": b.Name, "objectives": b.Objectives, "products": b.Products, "reasons": b.Reasons, "dissent": b.Dissent} {
		e.MaxLen(prefix+f, v, 4000)
	}
	return e
}

// Outcome is a council's conclusion on one proposal; the keys match the
// proposal states the conclusion moves to.
type Outcome string

const (
	Undecided              Outcome = ""                         // no choice has the votes
	Recommended            Outcome = "recommended"              // đề nghị thực hiện
	RecommendedWithChanges Outcome = "recommended_with_changes" // thực hiện với điều chỉnh
	NotRecommended         Outcome = "not_recommended"          // không đề nghị thực hiện
)

// Tally is the count of a proposal's ballots (biên bản kiểm phiếu).
type Tally struct {
	Voters  int // members present who may vote on it (not recused)
	Cast    int
	Do      int
	Changes int
	DoNot   int
	Needed  int // votes a conclusion needs
	Outcome Outcome
	// Dissent lists the experts whose ballot differs from the conclusion.
	Dissent []string
}

// Count tallies the ballots of one proposal among voters present members
// who may vote on it. A conclusion to do the task needs more than the pass
// share of voters for doing it (with or without changes); it is "with
// changes" unless the plain "do" votes pass by themselves. A refusal needs
// the same majority for "do not". Otherwise nothing is concluded and the
// council votes again.
func (r Rules) Count(voters int, ballots []Ballot) Tally {
	t := Tally{Voters: voters, Needed: r.VotesNeeded(voters)}
	for _, b := range ballots {
		switch b.Choice {
		case Do:
			t.Do++
		case DoChanges:
			t.Changes++
		case DoNot:
			t.DoNot++
		default:
			continue
		}
		t.Cast++
	}
	switch {
	case voters == 0:
	case r.Pass.MoreThan(t.Do, voters):
		t.Outcome = Recommended
	case r.Pass.MoreThan(t.Do+t.Changes, voters):
		t.Outcome = RecommendedWithChanges
	case r.Pass.MoreThan(t.DoNot, voters):
		t.Outcome = NotRecommended
	}
	for _, b := range ballots {
		if t.Outcome != Undecided && !agrees(b.Choice, t.Outcome) {
			t.Dissent = append(t.Dissent, b.ExpertID)
		}
	}
	return t
}

func agrees(c Choice, o Outcome) bool {
	switch o {
	case Recommended:
		return c == Do
	case RecommendedWithChanges:
		return c == Do || c == DoChanges
	case NotRecommended:
		return c == DoNot
	}
	return false
}
