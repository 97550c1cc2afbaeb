package programme

import (
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
)

// State is where a report is in its approval flow.
type State string

const (
	Draft     State = "draft"     // the unit's officer is entering data
	Submitted State = "submitted" // waiting for the unit leader
	Approved  State = "approved"  // approved by the unit leader and sent to the Sở
	Accepted  State = "accepted"  // accepted by the Sở
	Returned  State = "returned"  // sent back, with a reason, for correction
)

// States lists them in flow order.
var States = []State{Draft, Submitted, Approved, Accepted, Returned}

// Sent reports whether the Sở has the report (it counts on dashboards).
func (s State) Sent() bool { return s == Approved || s == Accepted }

// Report is one unit's report for one period of a programme.
type Report struct {
	ID           string
	ProgrammeID  string
	PeriodID     string
	UnitID       string
	UnitPath     string
	State        State
	Sections     [5]string // narrative I–V
	ReturnReason string
	SubmittedAt  time.Time
	ApprovedAt   time.Time
	AcceptedAt   time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// SectionKeys are the message keys of the narrative sections I–V.
var SectionKeys = [5]string{"report.section1", "report.section2", "report.section3", "report.section4", "report.section5"}

// Step is a move in the approval flow.
type Step string

const (
	Submit  Step = "submit"  // officer → leader
	Approve Step = "approve" // leader → Sở
	Accept  Step = "accept"  // Sở accepts
	Return  Step = "return"  // leader → officer, or Sở → unit (unlocks)
)

// Level is who acts on a report: its unit's officer or leader, or the Sở.
type Level int

const (
	Nobody Level = iota
	Officer
	Leader
	So
)

// LevelOf says at which level a user acts on a report of unit. The Sở's own
// (department-level) reports are entered by its specialists and approved by
// its leaders, which is also the Sở's acceptance.
func LevelOf(u *account.User, unit orgunit.Unit) Level {
	if u == nil {
		return Nobody
	}
	own := unit.Kind == orgunit.Department
	switch u.Role {
	case account.UnitOfficer:
		return Officer
	case account.UnitLeader:
		return Leader
	case account.SoSpecialist:
		if own {
			return Officer
		}
		return So
	case account.SoLeader:
		if own {
			return Leader
		}
		return So
	}
	return Nobody
}

// Next returns the state a step leads to, or false when the step is not
// open to that level in that state. Approval locks the data; only the level
// above can unlock it (return it).
func Next(s State, step Step, lv Level, ownSo bool) (State, bool) {
	switch step {
	case Submit:
		if lv == Officer && (s == Draft || s == Returned) {
			return Submitted, true
		}
	case Approve:
		if lv == Leader && (s == Draft || s == Submitted || s == Returned) {
			if ownSo {
				return Accepted, true
			}
			return Approved, true
		}
	case Accept:
		if lv == So && s == Approved {
			return Accepted, true
		}
	case Return:
		if lv == Leader && s == Submitted {
			return Returned, true
		}
		if lv == So && (s == Approved || s == Accepted) {
			return Returned, true
		}
		if lv == Leader && ownSo && s == Accepted {
			return Returned, true
		}
	}
	return s, false
}

// Lock is why a report's data cannot be changed now; "" means it can.
type Lock string

const (
	Open           Lock = ""
	LockSubmitted  Lock = "submitted"       // waiting for the unit leader
	LockApproved   Lock = "approved"        // approved or accepted: only the level above can unlock
	LockWindow     Lock = "window_closed"   // before the window opens, or the Sở closed it
	LockDeadline   Lock = "deadline_passed" // after the deadline, unless an exception is granted
	LockNotAllowed Lock = "not_allowed"     // the user may only read
)

// Exception lets one unit report in a period despite a closed window or a
// passed deadline, until a date.
type Exception struct {
	ID        string
	PeriodID  string
	UnitID    string
	Until     civil.Date
	Reason    string
	GrantedBy string
	GrantedAt time.Time
	RevokedAt time.Time
}

// Active reports whether the exception applies on day.
func (e Exception) Active(day civil.Date) bool {
	return e.ID != "" && e.RevokedAt.IsZero() && !day.After(e.Until)
}

// EditLock says why a report's data is locked on day, if it is. Each lock
// has its own reason; an active exception lifts window and deadline locks
// but never an approval.
func EditLock(r Report, p Period, lv Level, today civil.Date, exc Exception) Lock {
	switch {
	case lv != Officer && lv != Leader:
		return LockNotAllowed
	case r.State == Approved || r.State == Accepted:
		return LockApproved
	case r.State == Submitted && lv == Officer:
		return LockSubmitted
	case exc.Active(today):
		return Open
	case p.Closed || today.Before(p.Opens):
		return LockWindow
	case p.DeadlinePassed(today):
		return LockDeadline
	}
	return Open
}

// StepLock says why a step cannot be taken on day: submitting and
// approving need an open window (the leader may still approve after the
// deadline what was submitted in time); the Sở reviews at any time.
func StepLock(r Report, p Period, step Step, lv Level, today civil.Date, exc Exception) Lock {
	if lv == So || step == Return {
		return Open
	}
	if exc.Active(today) {
		return Open
	}
	if p.Closed || today.Before(p.Opens) {
		return LockWindow
	}
	if p.DeadlinePassed(today) && !(step == Approve && r.State == Submitted && !r.SubmittedAt.IsZero() && !DayOf(r.SubmittedAt).After(p.Deadline)) {
		return LockDeadline
	}
	return Open
}

// DayOf is the Vietnam calendar day of an instant.
func DayOf(t time.Time) civil.Date { return locale.Today(t) }

// Late reports whether a report reached the Sở after the deadline, or has
// not reached it and the deadline has passed.
func Late(r Report, p Period, today civil.Date) bool {
	if r.State.Sent() && !r.ApprovedAt.IsZero() {
		return DayOf(r.ApprovedAt).After(p.Deadline)
	}
	return p.DeadlinePassed(today)
}
