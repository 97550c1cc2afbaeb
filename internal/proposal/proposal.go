// Package proposal holds the rules of plan calls and S&T task proposals:
// the workflow and what the proposing unit may see of it, the forms as data
// (rule sets), the chained phase dates, versions and their differences, and
// the similarity of Vietnamese texts. No SQL, no HTTP.
package proposal

import (
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/orgunit"
)

// Permissions of the area. Calls have no owning unit, so scoped call rules
// only admit the Sở; a unit reaches a call through its eligibility, which the
// use cases check.
var (
	soWork   = []account.Role{account.SoSpecialist, account.SoLeader}
	allRoles = append(append([]account.Role{}, account.AllSo...), account.AllUnit...)

	// CallView lets a user open the calls they take part in.
	CallView = account.Define("call.view", account.Rule{Roles: allRoles})
	// CallManage creates, edits, opens and extends calls.
	CallManage = account.Define("call.manage", account.Rule{Roles: soWork, Scoped: true})
	// View reads a proposal of one's unit (or a former unit's, read-only).
	View = account.Define("proposal.view", account.Rule{Roles: allRoles, Scoped: true, History: true})
	// Edit drafts, saves, asks for approval and withdraws, for the unit.
	Edit = account.Define("proposal.edit", account.Rule{Roles: account.AllUnit, Scoped: true})
	// LeaderSubmit approves a proposal and sends it to the Sở, for the unit leader.
	LeaderSubmit = account.Define("proposal.leader_submit", account.Rule{Roles: []account.Role{account.UnitLeader}, Scoped: true})
	// Screen moves proposals through screening and the council, and sees
	// internal states and notes.
	Screen = account.Define("proposal.screen", account.Rule{Roles: soWork, Scoped: true})
	// Decide approves proposals into the plan list and publishes it.
	Decide = account.Define("proposal.decide", account.Rule{Roles: []account.Role{account.SoLeader}, Scoped: true})
	// Internal reads what only the Sở may: internal states, notes, minutes.
	Internal = account.Define("proposal.internal", account.Rule{Roles: account.AllSo, Scoped: true})
	// PastTaskView searches the registry of earlier tasks.
	PastTaskView = account.Define("pasttask.view", account.Rule{Roles: allRoles})
	// PastTaskManage imports the registry.
	PastTaskManage = account.Define("pasttask.manage", account.Rule{Roles: soWork, Scoped: true})
	// PublicList reads the published list of approved tasks, without login.
	PublicList = account.Define("call.public", account.Rule{Public: true})
)

// TaskType is the kind of S&T task.
type TaskType string

const (
	DeTai    TaskType = "de_tai"     // đề tài
	DeAn     TaskType = "de_an"      // đề án
	DuAnSXTN TaskType = "du_an_sxtn" // dự án sản xuất thử nghiệm
	DuAnKHCN TaskType = "du_an_khcn" // dự án khoa học và công nghệ
)

// TaskTypes lists the kinds in display order.
var TaskTypes = []TaskType{DeTai, DuAnSXTN, DuAnKHCN, DeAn}

// Valid reports whether t is a known kind.
func (t TaskType) Valid() bool {
	for _, x := range TaskTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Contact is who the Sở calls about a proposal.
type Contact struct {
	Name, Title, Phone, Email string
}

// Content is what the unit writes on the form.
type Content struct {
	TaskType       TaskType
	Title          string
	Objectives     string
	Fields         map[string]string // the form's other text fields by key
	StateBudget    int64             // đồng
	OtherBudget    int64             // đồng: own capital, loans, cooperation
	DurationMonths int
	AreaIDs        []string
	Indicators     []string // IDs of the programme indicators served
	Contact        Contact
}

// TotalBudget is state plus other sources.
func (c Content) TotalBudget() int64 { return c.StateBudget + c.OtherBudget }

// Text returns a field's value by key, core fields included.
func (c Content) Text(key string) string {
	switch key {
	case KeyTitle:
		return c.Title
	case KeyObjectives:
		return c.Objectives
	}
	return c.Fields[key]
}

// Proposal is one unit's proposal in one call.
type Proposal struct {
	ID       string
	CallID   string
	UnitID   string
	UnitPath string
	UnitName string
	UnitType string
	Content
	State      State
	InRevision bool   // revising after the council's "with changes"
	Method     Method // set on approval
	Round      int    // number of versions sent to the Sở
	Pending    Decision
	PendingBy  string
	CreatedBy  string
	UpdatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Submitted  time.Time // last time it reached the Sở
	Version    int
}

// Area is a priority area of a call.
type Area struct {
	ID       string
	Name     string
	Position int
}

// Programme is a programme a call serves (from the programmes area), with
// the indicators proposals may link to.
type Programme struct {
	ID         string
	Code       string
	Name       string
	Indicators []Indicator
}

// Indicator is a programme indicator as proposals see it.
type Indicator struct {
	ID          string
	ProgrammeID string
	Programme   string // the programme's code
	Code        string
	Name        string
}

// Label names an indicator with its programme: "07-CTr/TU · CT07.3 · name".
func (i Indicator) Label() string { return i.Programme + " · " + i.Code + " · " + i.Name }

// Call is a plan call (đợt đề xuất nhiệm vụ cho kế hoạch năm N).
type Call struct {
	ID          string
	PlanYear    int
	Title       string
	Guidance    string
	Rules       RuleSet
	Schedule    Schedule
	Areas       []Area
	Programmes  []Programme
	UnitIDs     []string // eligible units
	OpenedAt    time.Time
	PublishedAt time.Time
	DecisionRef string // number of the approval decision, printed on the list
	CreatedBy   string
	CreatedAt   time.Time
	Version     int
}

// Opened reports whether units have been told about the call.
func (c Call) Opened() bool { return !c.OpenedAt.IsZero() }

// Published reports whether the approved list is public.
func (c Call) Published() bool { return !c.PublishedAt.IsZero() }

// Indicators lists every indicator of the call's programmes.
func (c Call) Indicators() []Indicator {
	var out []Indicator
	for _, p := range c.Programmes {
		out = append(out, p.Indicators...)
	}
	return out
}

// Deadline is the last day a unit may send a first version: the window's
// end, or the unit's extension if later.
func (c Call) Deadline(extension civil.Date) civil.Date {
	end := c.Schedule.WindowEnd()
	if extension.After(end) {
		return extension
	}
	return end
}

// resultKeys are the fields forms use for expected results, in the order
// they are looked for.
var resultKeys = []string{"products", "results", "targets"}

// Results returns what the proposal expects to produce, whichever form it
// was written on.
func (c Content) Results() string {
	for _, k := range resultKeys {
		if v := c.Fields[k]; v != "" {
			return v
		}
	}
	return ""
}

// Unit is the proposing unit, for its display name.
func (p Proposal) Unit() orgunit.Unit {
	return orgunit.Unit{ID: p.UnitID, Name: p.UnitName, Type: orgunit.Type(p.UnitType), Path: p.UnitPath}
}
