package followup

import (
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// ActionStatus is set by people; "overdue" is never stored, it follows from
// the due date (see Item.Overdue).
type ActionStatus string

const (
	ActionNotStarted ActionStatus = "not_started"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionCancelled  ActionStatus = "cancelled"
	// ActionOverdue is shown, filtered and counted, never stored.
	ActionOverdue ActionStatus = "overdue"
)

// ActionStatuses are the stored states, in display order.
var ActionStatuses = []ActionStatus{ActionNotStarted, ActionInProgress, ActionDone, ActionCancelled}

// Open reports whether the item still has to be done.
func (s ActionStatus) Open() bool { return s == ActionNotStarted || s == ActionInProgress }

var actionNext = map[ActionStatus][]ActionStatus{
	ActionNotStarted: {ActionNotStarted, ActionInProgress, ActionDone, ActionCancelled},
	ActionInProgress: {ActionInProgress, ActionDone, ActionCancelled},
	ActionDone:       {ActionInProgress}, // reopened by whoever assigned it
}

// CanMove reports whether s → to is allowed (staying put records progress).
func (s ActionStatus) CanMove(to ActionStatus) bool {
	for _, n := range actionNext[s] {
		if n == to {
			return true
		}
	}
	return false
}

// AssignerOnly reports whether only the assigning side may make this move:
// cancelling and reopening are decisions of whoever gave the task.
func AssignerOnly(from, to ActionStatus) bool {
	return to == ActionCancelled || (from == ActionDone && to == ActionInProgress)
}

// Source kinds an action item comes from.
var ActionSources = []string{TypeMeeting, TypeInspection, TypeReportReview, TypeDirective, TypeRecommendation, TypeOcopPlan}

// Item is an action item (nhiệm vụ được giao).
type Item struct {
	ID             string
	Title          string
	Description    string
	OwnerUnitID    string
	OwnerUserID    string // optional person in the owner unit
	AssignerUnitID string // the assigning body
	AssignerName   string // who signed or said it, optional
	Due            civil.Date
	Status         ActionStatus
	Source         Ref
	SourceItemID   string // e.g. the meeting conclusion
	Version        int
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DoneOn         civil.Date
}

// Overdue reports whether the item is still open after its due date; a
// deadline runs to the end of the day named.
func (it Item) Overdue(today civil.Date) bool { return it.Status.Open() && it.Due.Before(today) }

// Shown is the state to display on day today: overdue when it is.
func (it Item) Shown(today civil.Date) ActionStatus {
	if it.Overdue(today) {
		return ActionOverdue
	}
	return it.Status
}

// DaysLate is how many days past due an open item is (0 if not late).
func (it Item) DaysLate(today civil.Date) int {
	if !it.Overdue(today) {
		return 0
	}
	return it.Due.DaysUntil(today)
}

// Validate checks the fields the assigning side fills in.
func (it Item) Validate() valid.Errors {
	var e valid.Errors
	textField(&e, "title", it.Title, 1000)
	optionalText(&e, "description", it.Description, 8000)
	optionalText(&e, "assigner_name", it.AssignerName, 200)
	if it.OwnerUnitID == "" {
		e.Add("owner_unit_id", "err.choose")
	}
	if it.AssignerUnitID == "" {
		e.Add("assigner_unit_id", "err.choose")
	}
	requireDate(&e, "due", it.Due)
	if !validSource(it.Source.Type) {
		e.Add("source_type", "err.choose")
	}
	if it.Source.Type == TypeDirective || it.Source.ID == "" {
		textField(&e, "source_label", it.Source.Label, 300)
	}
	return e
}

func validSource(t string) bool {
	for _, s := range ActionSources {
		if s == t {
			return true
		}
	}
	return false
}

// Progress is one update of an item by its owner (or the Sở).
type Progress struct {
	ID        string
	ItemID    string
	At        time.Time
	From, To  ActionStatus
	Note      string
	ActorID   string
	ActorName string
}

// CheckProgress validates an update: a note is always needed, the move must
// be allowed, and an item is done only with evidence (a file in this update
// or an earlier one).
func CheckProgress(it Item, to ActionStatus, note string, hasEvidence bool) valid.Errors {
	var e valid.Errors
	if !it.Status.CanMove(to) {
		e.Add("status", "err.fu.action_step")
	}
	textField(&e, "note", note, 4000)
	if to == ActionDone && !hasEvidence {
		e.Add("evidence", "err.fu.action_done_needs_evidence")
	}
	return e
}
