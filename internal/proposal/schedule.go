package proposal

import (
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Phase is one dated step of a call.
type Phase string

const (
	PhaseWindow      Phase = "window"      // nhận đề xuất
	PhaseScreening   Phase = "screening"   // xem xét hồ sơ
	PhaseCouncil     Phase = "council"     // hội đồng tư vấn
	PhaseApproval    Phase = "approval"    // phê duyệt danh mục
	PhasePublication Phase = "publication" // công bố
)

// Phases lists the phases in order.
var Phases = []Phase{PhaseWindow, PhaseScreening, PhaseCouncil, PhaseApproval, PhasePublication}

// Before and After are what PhaseOn says outside every phase.
const (
	PhaseBefore Phase = "before"
	PhaseAfter  Phase = "after"
)

// Schedule is a call's dated phases. The phases chain: each starts the day
// after the previous one ends, so only the first start and every end are
// stored, and moving one end moves the next start with it.
type Schedule struct {
	Start civil.Date
	Ends  [5]civil.Date
}

// Starts returns the first day of each phase.
func (s Schedule) Starts() [5]civil.Date {
	var out [5]civil.Date
	out[0] = s.Start
	for i := 1; i < len(out); i++ {
		if !s.Ends[i-1].IsZero() {
			out[i] = s.Ends[i-1].AddDays(1)
		}
	}
	return out
}

// EndField is the form field of a phase's end date.
func EndField(p Phase) string { return "end_" + string(p) }

// Validate checks that every date is there and that no phase ends before it
// starts, which is what an overlap with the previous phase comes to.
func (s Schedule) Validate() valid.Errors {
	var e valid.Errors
	if s.Start.IsZero() {
		e.Add("start", "err.required")
	}
	starts := s.Starts()
	for i, p := range Phases {
		f := EndField(p)
		switch {
		case s.Ends[i].IsZero():
			e.Add(f, "err.required")
		case !starts[i].IsZero() && s.Ends[i].Before(starts[i]):
			e.Add(f, "err.phase_overlap", locale.Date(starts[i]))
		}
	}
	return e
}

// MoveEnd sets the end of phase i. The next phase starts the day after; if
// the new end reaches the next phase's own end, the phases would overlap and
// the move is refused at that field.
func (s Schedule) MoveEnd(i int, end civil.Date) (Schedule, valid.Errors) {
	if i < 0 || i >= len(s.Ends) {
		var e valid.Errors
		e.Add("phase", "err.choose")
		return s, e
	}
	s.Ends[i] = end
	if e := s.Validate(); e != nil {
		return s, e
	}
	return s, nil
}

// PhaseOn returns the phase a day falls in, PhaseBefore or PhaseAfter.
func (s Schedule) PhaseOn(d civil.Date) Phase {
	if d.Before(s.Start) {
		return PhaseBefore
	}
	for i, p := range Phases {
		if !d.After(s.Ends[i]) {
			return p
		}
	}
	return PhaseAfter
}

// WindowEnd is the last day proposals are received without an extension.
func (s Schedule) WindowEnd() civil.Date { return s.Ends[0] }
