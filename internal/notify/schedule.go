package notify

import (
	"time"

	"khcn/internal/civil"
)

// GiveUpAfter is how long an email keeps being retried before it is marked
// failed and shown to the administrator; an SMTP outage shorter than this
// loses nothing.
const GiveUpAfter = 72 * time.Hour

// Backoff is the wait after the n-th failed attempt: 30 s, doubling, at most
// an hour, so a short outage is bridged quickly and a long one is not
// hammered.
func Backoff(failures int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < failures && d < time.Hour; i++ {
		d *= 2
	}
	if d > time.Hour {
		d = time.Hour
	}
	return d
}

// Timing says when reminders of one kind of deadline go out.
type Timing struct {
	BeforeDays   int  // first reminder this many days before (0 = none)
	EscalateDays int  // tell the Sở this many days after (0 = never)
	Enabled      bool // false silences the kind
}

// Stage is which reminder is due for a deadline on a day.
type Stage string

const (
	StageNone     Stage = ""
	StageBefore   Stage = "before"
	StageDue      Stage = "due"
	StageOverdue  Stage = "overdue"
	StageEscalate Stage = "escalate"
)

// StageOn says which reminder applies to a deadline on day today. Each stage
// is sent once per deadline; a stage missed (the server was down that day)
// is skipped rather than sent late, so nobody gets a burst of stale mail.
func StageOn(due, today civil.Date, t Timing) Stage {
	if !t.Enabled || due.IsZero() {
		return StageNone
	}
	left := today.DaysUntil(due)
	switch {
	case left > t.BeforeDays:
		return StageNone
	case left > 0:
		return StageBefore
	case left == 0:
		return StageDue
	case t.EscalateDays > 0 && -left >= t.EscalateDays:
		return StageEscalate
	}
	return StageOverdue
}
