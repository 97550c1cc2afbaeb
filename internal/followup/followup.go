// Package followup holds the rules of what one meeting leaves behind and what
// must be chased until closed: working sessions and their conclusions,
// recommendations from local units, action items, and training and
// communication events. Plain Go: no SQL, no HTTP.
package followup

import (
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/valid"
)

var (
	soStaff   = []account.Role{account.SoSpecialist, account.SoLeader}
	staffAll  = []account.Role{account.SoAdmin, account.SoSpecialist, account.SoLeader, account.UnitOfficer, account.UnitLeader}
	unitAndSo = []account.Role{account.UnitOfficer, account.UnitLeader, account.SoSpecialist, account.SoLeader}
)

// Permissions of the area. View rules allow former units' history, so a
// commune formed from a district reads what the district was told; changes
// need the unit to be in the user's own scope.
var (
	MeetingView   = account.Define("meeting.view", account.Rule{Roles: staffAll, Scoped: true, History: true})
	MeetingManage = account.Define("meeting.manage", account.Rule{Roles: soStaff, Scoped: true})

	RecommendationView   = account.Define("recommendation.view", account.Rule{Roles: staffAll, Scoped: true, History: true})
	RecommendationRaise  = account.Define("recommendation.raise", account.Rule{Roles: unitAndSo, Scoped: true})
	RecommendationHandle = account.Define("recommendation.handle", account.Rule{Roles: soStaff, Scoped: true})
	CategoryManage       = account.Define("recommendation.categories", account.Rule{Roles: []account.Role{account.SoAdmin, account.SoLeader}, Scoped: true})

	ActionView   = account.Define("actionitem.view", account.Rule{Roles: staffAll, Scoped: true, History: true})
	ActionAssign = account.Define("actionitem.assign", account.Rule{Roles: soStaff, Scoped: true})
	ActionUpdate = account.Define("actionitem.update", account.Rule{Roles: unitAndSo, Scoped: true})

	TrainingView   = account.Define("training.view", account.Rule{Roles: staffAll, Scoped: true, History: true})
	TrainingRecord = account.Define("training.record", account.Rule{Roles: unitAndSo, Scoped: true})

	// NotifyAdmin sees the email outbox and sets reminder timing.
	NotifyAdmin = account.Define("notify.admin", account.Rule{Roles: []account.Role{account.SoAdmin}, Scoped: true})
)

// Object types used in links, file owners and audit records.
const (
	TypeMeeting        = "meeting"
	TypeRecommendation = "recommendation"
	TypeAction         = "action_item"
	TypeTraining       = "training"
	// Objects of other areas an action item or a recommendation can point to.
	TypeInspection   = "inspection"
	TypeReportReview = "report_review"
	TypeReport       = "report"
	TypeDirective    = "directive"
	TypeProposal     = "proposal"
	TypeProgramme    = "programme"
	TypeCall         = "call"
	TypeOcopPlan     = "ocop_plan" // an OCOP upgrade plan, whose steps can be action items
)

// Ref points at an object of any area by type and ID; Label is what to show
// when the object lives outside this product (a directive's document number)
// or cannot be resolved.
type Ref struct {
	Type, ID, Label string
}

// IsZero reports whether r points nowhere.
func (r Ref) IsZero() bool { return r.Type == "" && r.ID == "" && r.Label == "" }

// textField checks a required, bounded text field.
func textField(e *valid.Errors, field, value string, max int) {
	if e.Required(field, value) {
		e.MaxLen(field, value, max)
	}
}

// optionalText bounds an optional text field.
func optionalText(e *valid.Errors, field, value string, max int) {
	e.MaxLen(field, strings.TrimSpace(value), max)
}

// requireDate checks that a date was given.
func requireDate(e *valid.Errors, field string, d civil.Date) {
	if d.IsZero() {
		e.Add(field, "err.required")
	}
}
