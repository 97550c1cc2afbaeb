package programme

import (
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/orgunit"
)

func TestApprovalFlow(t *testing.T) {
	steps := []struct {
		from State
		step Step
		lv   Level
		want State
		ok   bool
	}{
		{Draft, Submit, Officer, Submitted, true},
		{Draft, Submit, So, Draft, false},
		{Submitted, Approve, Officer, Submitted, false}, // the officer cannot approve
		{Submitted, Approve, Leader, Approved, true},
		{Submitted, Return, Leader, Returned, true},
		{Approved, Return, Leader, Approved, false}, // approval locks: only the level above unlocks
		{Approved, Accept, So, Accepted, true},
		{Approved, Return, So, Returned, true},
		{Accepted, Return, So, Returned, true},
		{Accepted, Accept, So, Accepted, false},
		{Returned, Submit, Officer, Submitted, true},
		{Draft, Accept, So, Draft, false}, // the Sở accepts only what the leader sent
	}
	for _, s := range steps {
		got, ok := Next(s.from, s.step, s.lv, false)
		if got != s.want || ok != s.ok {
			t.Errorf("%s --%s by %d--> %s, %v; want %s, %v", s.from, s.step, s.lv, got, ok, s.want, s.ok)
		}
	}
	// The Sở's own report: its leader's approval is the acceptance.
	if got, ok := Next(Submitted, Approve, Leader, true); got != Accepted || !ok {
		t.Errorf("own Sở report approved to %s", got)
	}
}

func TestLevels(t *testing.T) {
	commune := orgunit.Unit{Kind: orgunit.Commune}
	so := orgunit.Unit{Kind: orgunit.Department}
	cases := []struct {
		role account.Role
		unit orgunit.Unit
		want Level
	}{
		{account.UnitOfficer, commune, Officer},
		{account.UnitLeader, commune, Leader},
		{account.SoSpecialist, commune, So},
		{account.SoSpecialist, so, Officer},
		{account.SoLeader, so, Leader},
		{account.Council, commune, Nobody},
	}
	for _, c := range cases {
		if got := LevelOf(&account.User{Role: c.role}, c.unit); got != c.want {
			t.Errorf("%s on %s = %d", c.role, c.unit.Kind, got)
		}
	}
}

// Every lock says its own reason, and an exception lifts only window and
// deadline locks.
func TestLocksHaveReasons(t *testing.T) {
	p := NewPeriod(FirstHalf, 2024, 5) // opens 31/5, deadline 19/6
	draft := Report{State: Draft}
	during, after, before := civil.New(2024, 6, 10), civil.New(2024, 6, 25), civil.New(2024, 5, 1)
	exc := Exception{ID: "x", Until: civil.New(2024, 6, 30)}
	cases := []struct {
		r     Report
		lv    Level
		day   civil.Date
		exc   Exception
		close bool
		want  Lock
	}{
		{draft, Officer, during, Exception{}, false, Open},
		{draft, Officer, before, Exception{}, false, LockWindow},
		{draft, Officer, during, Exception{}, true, LockWindow},
		{draft, Officer, after, Exception{}, false, LockDeadline},
		{draft, Officer, after, exc, false, Open},
		{draft, Officer, civil.New(2024, 7, 1), exc, false, LockDeadline}, // the exception ran out
		{draft, Officer, after, Exception{ID: "x", Until: civil.New(2024, 6, 30), RevokedAt: time.Now()}, false, LockDeadline},
		{Report{State: Approved}, Leader, during, exc, false, LockApproved},
		{Report{State: Accepted}, Officer, during, Exception{}, false, LockApproved},
		{Report{State: Submitted}, Officer, during, Exception{}, false, LockSubmitted},
		{Report{State: Submitted}, Leader, during, Exception{}, false, Open},
		{draft, So, during, Exception{}, false, LockNotAllowed},
	}
	for i, c := range cases {
		pp := p
		pp.Closed = c.close
		if got := EditLock(c.r, pp, c.lv, c.day, c.exc); got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
	// A report submitted in time may still be approved after the deadline.
	sub := Report{State: Submitted, SubmittedAt: time.Date(2024, 6, 18, 10, 0, 0, 0, time.UTC)}
	if got := StepLock(sub, p, Approve, Leader, after, Exception{}); got != Open {
		t.Errorf("approval of a timely submission: %q", got)
	}
	if got := StepLock(draft, p, Submit, Officer, after, Exception{}); got != LockDeadline {
		t.Errorf("late submission: %q", got)
	}
	if !Late(Report{State: Approved, ApprovedAt: time.Date(2024, 6, 20, 1, 0, 0, 0, time.UTC)}, p, after) {
		t.Error("approved on 20/6 is late")
	}
	// 19/6 23:30 in Hà Nội is 16:30 UTC: still in time.
	if Late(Report{State: Approved, ApprovedAt: time.Date(2024, 6, 19, 16, 30, 0, 0, time.UTC)}, p, after) {
		t.Error("approved on the deadline day is not late")
	}
}
