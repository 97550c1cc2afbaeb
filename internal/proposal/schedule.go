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
// stored; moving one end moves the later phases with it (MoveEnd), unless
// the Sở keeps their dates (MoveEndOnly).
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

// MoveEnd sets the end of phase i and moves the later phases by as many
// days, so they keep their lengths: a window two weeks longer pushes
// screening, the council, approval and publication two weeks later, and
// none of them silently shrinks.
func (s Schedule) MoveEnd(i int, end civil.Date) (Schedule, valid.Errors) {
	if i < 0 || i >= len(s.Ends) {
		var e valid.Errors
		e.Add("phase", "err.choose")
		return s, e
	}
	shift := s.Ends[i].DaysUntil(end)
	for j := i; j < len(s.Ends); j++ {
		if !s.Ends[j].IsZero() {
			s.Ends[j] = s.Ends[j].AddDays(shift)
		}
	}
	return s, s.Validate()
}

// MoveEndOnly sets the end of phase i and nothing else, when the Sở chooses
// to keep the later dates: the next phase starts the day after, longer or
// shorter; if the new end reaches the next phase's own end, the phases
// would overlap and the move is refused at that field.
func (s Schedule) MoveEndOnly(i int, end civil.Date) (Schedule, valid.Errors) {
	if i < 0 || i >= len(s.Ends) {
		var e valid.Errors
		e.Add("phase", "err.choose")
		return s, e
	}
	s.Ends[i] = end
	return s, s.Validate()
}

// Reflow is what a call form typed, with the later phases moved along when
// an end was moved and the ends after it were left as they were: typed is
// the form's schedule, old the stored one. An end the user typed anew is
// kept as typed.
func (s Schedule) Reflow(old Schedule) Schedule {
	shift := 0
	for i := range s.Ends {
		switch {
		case s.Ends[i].IsZero() || old.Ends[i].IsZero():
			shift = 0
		case s.Ends[i] != old.Ends[i]:
			shift = old.Ends[i].DaysUntil(s.Ends[i])
		case shift != 0:
			s.Ends[i] = s.Ends[i].AddDays(shift)
		}
	}
	return s
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
