// Package council holds the rules of advisory councils (hội đồng tư vấn) as
// plain Go: members and their roles, composition limits and quorum taken from
// the call's rule set, recusal (own unit, units formed from or into it across
// the 2025 re-homing, declared conflicts), evaluation sheets with Đạt / Không
// đạt criteria or scored criteria groups, ballots with the "more than 3/4 of
// those present" rule, ranking and the budget appraisal of the 2025 regime.
// No SQL, no HTTP: every number that the law may change is data of the rule
// set (Rules, Criteria).
package council

import (
	"fmt"
	"strings"

	"khcn/internal/account"
	"khcn/internal/valid"
)

// Permissions of the area. Councils belong to calls, which have no owning
// unit, so scoped rules admit the Sở; a member reaches a council's proposals
// only through the seat scope (account.Rule.Seated).
var (
	soWork = []account.Role{account.SoSpecialist, account.SoLeader}

	// Manage keeps the expert register, forms councils, assigns proposals,
	// sends the pack, records attendance and votes, reopens sheets.
	Manage = account.Define("council.manage", account.Rule{Roles: soWork, Scoped: true})
	// View reads a council, its members, sheets and results, for the Sở.
	View = account.Define("council.view", account.Rule{Roles: account.AllSo, Scoped: true})
	// Mine lists the councils one sits on, for the member's menu.
	Mine = account.Define("council.mine", account.Rule{Roles: []account.Role{account.Council}})
	// Sit lets a member open their own council's page and declarations.
	Sit = account.Define("council.sit", account.Rule{Roles: []account.Role{account.Council}, Seated: true})
	// ReadProposal lets a seated, declared, not recused member read an
	// assigned proposal once the pack is sent.
	ReadProposal = account.Define("council.read_proposal", account.Rule{Roles: []account.Role{account.Council}, Seated: true})
	// ReadSheets lets a member read the other members' sheets of a proposal
	// once their own is submitted (and never when recused).
	ReadSheets = account.Define("council.read_sheets", account.Rule{Roles: []account.Role{account.Council}, Seated: true})
	// Reopen lets the council's scientific secretary turn a submitted sheet
	// back into a draft (the Sở may too, by Manage).
	Reopen = account.Define("council.reopen", account.Rule{Roles: []account.Role{account.Council}, Seated: true})
	// FillSheet lets a member write their own sheet.
	FillSheet = account.Define("council.fill_sheet", account.Rule{Roles: []account.Role{account.Council}, Seated: true})
)

// Text is a label in both languages (rule sets carry their own labels).
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

// In returns the text in lang ("en" or anything else for Vietnamese).
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// Role is a member's role on a council. Keys are stable; labels are
// catalogue keys "council.role.<key>".
type Role string

const (
	Chair     Role = "chair"      // chủ tịch hội đồng
	ViceChair Role = "vice_chair" // phó chủ tịch
	Reviewer  Role = "reviewer"   // ủy viên phản biện
	Member    Role = "member"     // ủy viên
	Secretary Role = "secretary"  // ủy viên thư ký khoa học
)

// Roles lists the roles in the order minutes print them.
var Roles = []Role{Chair, ViceChair, Reviewer, Member, Secretary}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Fraction is a share such as 2/3 or 3/4, kept as data.
type Fraction struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

func (f Fraction) ok() bool { return f.Den > 0 && f.Num >= 0 && f.Num <= f.Den }

// AtLeast reports n/of ≥ f.
func (f Fraction) AtLeast(n, of int) bool { return of > 0 && n*f.Den >= f.Num*of }

// MoreThan reports n/of > f.
func (f Fraction) MoreThan(n, of int) bool { return of > 0 && n*f.Den > f.Num*of }

func (f Fraction) String() string { return fmt.Sprintf("%d/%d", f.Num, f.Den) }

// Rules are a council's composition, quorum and voting rules: the "council"
// part of a call's rule set.
type Rules struct {
	Kind       Text `json:"kind"`        // "Hội đồng tư vấn xác định nhiệm vụ", "Hội đồng xét tài trợ, đặt hàng"
	MinMembers int  `json:"min_members"` // classic 5, new regime 7
	MaxMembers int  `json:"max_members"` // 9
	Reviewers  int  `json:"reviewers"`   // ủy viên phản biện, 2
	// SecretaryCivilServant: the scientific secretary must be a civil servant
	// (new regime).
	SecretaryCivilServant bool `json:"secretary_civil_servant"`
	// Quorum: at least this share of members present …
	Quorum Fraction `json:"quorum"`
	// … including the chair or vice-chair, every reviewer, and (new regime)
	// the secretary.
	QuorumChairOrVice bool `json:"quorum_chair_or_vice"`
	QuorumReviewers   bool `json:"quorum_reviewers"`
	QuorumSecretary   bool `json:"quorum_secretary"`
	// Pass: a conclusion needs more than this share of the members present
	// who may vote on the proposal (recused members do not vote on it).
	Pass Fraction `json:"pass"`
	// PackDays: working days between sending the pack and the meeting
	// (advice, shown to the Sở; 0 means none).
	PackDays int `json:"pack_days"`
	// SheetsBeforeDays: sheets are due this many days before the meeting.
	SheetsBeforeDays int `json:"sheets_before_days"`
	// Budget appraisal team (Tổ thẩm định kinh phí); 0 means the regime has
	// none.
	BudgetTeam        int `json:"budget_team"`
	BudgetFromCouncil int `json:"budget_from_council"`
}

// ClassicRules are the identification council rules of the classic regime,
// used when a rule set says nothing.
func ClassicRules() Rules {
	return Rules{
		Kind:       Text{VI: "Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ", EN: "Advisory council for identifying S&T tasks"},
		MinMembers: 5, MaxMembers: 9, Reviewers: 2,
		Quorum: Fraction{2, 3}, QuorumChairOrVice: true, QuorumReviewers: true,
		Pass: Fraction{3, 4}, PackDays: 7, SheetsBeforeDays: 1,
	}
}

// Check validates rules as data.
func (r Rules) Check() error {
	var p []string
	if r.MinMembers < 3 || r.MaxMembers < r.MinMembers || r.MaxMembers > 25 {
		p = append(p, "min_members/max_members: 3 ≤ min ≤ max ≤ 25")
	}
	if r.Reviewers < 0 || r.Reviewers > r.MinMembers-2 {
		p = append(p, "reviewers: leave room for the chair and the secretary")
	}
	if !r.Quorum.ok() || r.Quorum.Num == 0 {
		p = append(p, "quorum: a fraction num/den, 0 < num ≤ den")
	}
	if !r.Pass.ok() {
		p = append(p, "pass: a fraction num/den, 0 ≤ num ≤ den")
	}
	if r.BudgetTeam < 0 || r.BudgetFromCouncil < 0 || r.BudgetFromCouncil > r.BudgetTeam {
		p = append(p, "budget_team/budget_from_council out of range")
	}
	if strings.TrimSpace(r.Kind.VI) == "" {
		p = append(p, "kind: needs vi")
	}
	if len(p) > 0 {
		return fmt.Errorf("council rules: %s", strings.Join(p, "; "))
	}
	return nil
}

// Seat is one member of a council as the rules see them.
type Seat struct {
	UserID       string // login of the member, when they have one
	ExpertID     string
	Name         string
	Role         Role
	UnitID       string // the member's org unit, when it is one of ours
	CivilServant bool
}

// CheckComposition checks a council's members against its rules; problems
// are reported on the form field "members".
func (r Rules) CheckComposition(seats []Seat) valid.Errors {
	var e valid.Errors
	n := len(seats)
	count := map[Role]int{}
	seen := map[string]bool{}
	for _, s := range seats {
		count[s.Role]++
		if s.ExpertID != "" && seen[s.ExpertID] {
			e.Add("members", "err.council.twice", s.Name)
		}
		seen[s.ExpertID] = true
		if s.Role == Secretary && r.SecretaryCivilServant && !s.CivilServant {
			e.Add("members", "err.council.secretary_civil")
		}
	}
	switch {
	case n < r.MinMembers || n > r.MaxMembers:
		e.Add("members", "err.council.size", r.MinMembers, r.MaxMembers, n)
	case count[Chair] != 1:
		e.Add("members", "err.council.chair")
	case count[ViceChair] > 1:
		e.Add("members", "err.council.vice")
	case count[Reviewer] != r.Reviewers:
		e.Add("members", "err.council.reviewers", r.Reviewers)
	case count[Secretary] != 1:
		e.Add("members", "err.council.secretary")
	}
	return e
}
