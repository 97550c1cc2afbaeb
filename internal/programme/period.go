package programme

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// PeriodKind is the kind of a reporting period.
type PeriodKind string

const (
	// FirstHalf is the 6-month report: 15/12 of the previous year to 14/6
	// (Decree 09/2019/NĐ-CP, Article 12).
	FirstHalf PeriodKind = "h1"
	// Year is the annual report: 15/12 of the previous year to 14/12.
	Year PeriodKind = "year"
	// SecondHalf is 15/6 to 14/12, which programmes define when they want it
	// (communes formed on 1/7/2025 reported the second half of 2025).
	SecondHalf PeriodKind = "h2"
	// Custom is any other span a programme defines.
	Custom PeriodKind = "custom"
)

// PeriodKinds lists the kinds in display order.
var PeriodKinds = []PeriodKind{FirstHalf, Year, SecondHalf, Custom}

// Period is one reporting period of a programme: the span the data covers,
// and the entry window (opens, deadline) during which units report.
type Period struct {
	ID          string
	ProgrammeID string
	Code        string // "2024-H1", "2024", "2025-H2"
	Kind        PeriodKind
	Year        int
	Name        string
	Start, End  civil.Date // data cut-offs, inclusive
	Opens       civil.Date // entry opens
	Deadline    civil.Date // last day to send, 23:59:59 Vietnam time
	Closed      bool       // the Sở closed the window
	Version     int
	// Virtual marks a year made up for dashboards from its halves where the
	// programme has no annual period (2025: districts' H1, communes' H2).
	Virtual bool
}

// Span returns the Decree 09/2019 cut-off dates of a kind of period in a
// year; Custom has none.
func Span(kind PeriodKind, year int) (start, end civil.Date, ok bool) {
	prevDec15 := civil.New(year-1, time.December, 15)
	switch kind {
	case FirstHalf:
		return prevDec15, civil.New(year, time.June, 14), true
	case Year:
		return prevDec15, civil.New(year, time.December, 14), true
	case SecondHalf:
		return civil.New(year, time.June, 15), civil.New(year, time.December, 14), true
	}
	return civil.Date{}, civil.Date{}, false
}

// NewPeriod makes a standard period for a year: its cut-offs, a code and a
// Vietnamese name, the window opening on the cut-off day and the deadline
// graceDays after it.
func NewPeriod(kind PeriodKind, year, graceDays int) Period {
	start, end, _ := Span(kind, year)
	p := Period{Kind: kind, Year: year, Start: start, End: end, Opens: end.AddDays(-14), Deadline: end.AddDays(graceDays)}
	switch kind {
	case FirstHalf:
		p.Code, p.Name = fmt.Sprintf("%d-H1", year), fmt.Sprintf("6 tháng đầu năm %d", year)
	case Year:
		p.Code, p.Name = strconv.Itoa(year), fmt.Sprintf("Năm %d", year)
	case SecondHalf:
		p.Code, p.Name = fmt.Sprintf("%d-H2", year), fmt.Sprintf("6 tháng cuối năm %d", year)
	}
	return p
}

// Validate checks a period's fields.
func (p Period) Validate() valid.Errors {
	var e valid.Errors
	if e.Required("code", p.Code) {
		e.MaxLen("code", p.Code, 30)
	}
	if e.Required("name", p.Name) {
		e.MaxLen("name", p.Name, 200)
	}
	if !slices.Contains(PeriodKinds, p.Kind) {
		e.Add("kind", "err.choose")
	}
	if p.Year < 2000 || p.Year > 2100 {
		e.Add("year", "err.prog.year")
	}
	for f, d := range map[string]civil.Date{"start": p.Start, "end": p.End, "opens": p.Opens, "deadline": p.Deadline} {
		if d.IsZero() {
			e.Add(f, "err.required")
		}
	}
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		e.Add("end", "err.prog.end_before_start")
	}
	if !p.Opens.IsZero() && !p.Deadline.IsZero() && p.Deadline.Before(p.Opens) {
		e.Add("deadline", "err.prog.deadline_before_open")
	}
	if start, end, ok := Span(p.Kind, p.Year); ok && (p.Start != start || p.End != end) {
		e.Add("start", "err.prog.cutoffs", dmy(start), dmy(end))
	}
	return e
}

func dmy(d civil.Date) string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year) }

// Contains reports whether o lies inside p.
func (p Period) Contains(o Period) bool { return !o.Start.Before(p.Start) && !o.End.After(p.End) }

// Overlaps reports whether the spans share a day.
func (p Period) Overlaps(o Period) bool { return !o.End.Before(p.Start) && !p.End.Before(o.Start) }

// DeadlinePassed reports whether the deadline is over on day today.
func (p Period) DeadlinePassed(today civil.Date) bool { return today.After(p.Deadline) }

// SortPeriods orders periods by end date, then the shorter first, so a year
// comes right after its second half and trends read left to right.
func SortPeriods(ps []Period) {
	slices.SortStableFunc(ps, func(a, b Period) int {
		if c := a.End.Compare(b.End); c != 0 {
			return c
		}
		return b.Start.Compare(a.Start)
	})
}

// Previous returns the period of the same kind that ended last before p,
// for the soft check against last period's value.
func Previous(ps []Period, p Period) (Period, bool) {
	var best Period
	found := false
	for _, o := range ps {
		if o.ID == p.ID || o.Kind != p.Kind || !o.End.Before(p.Start) {
			continue
		}
		if !found || o.End.After(best.End) {
			best, found = o, true
		}
	}
	return best, found
}

// YearID is the ID of the virtual year view of a year.
func YearID(year int) string { return "year-" + strconv.Itoa(year) }

// Views lists what dashboards can show: every period, and for each year
// that has parts but no annual period, a virtual year made of the parts.
func Views(ps []Period) []Period {
	out := append([]Period(nil), ps...)
	years := map[int]bool{}
	parts := map[int]int{}
	for _, p := range ps {
		if p.Kind == Year {
			years[p.Year] = true
		}
		if p.Kind == FirstHalf || p.Kind == SecondHalf {
			parts[p.Year]++
		}
	}
	for y, n := range parts {
		if years[y] || n < 2 {
			continue
		}
		v := NewPeriod(Year, y, 0)
		v.ID, v.Virtual = YearID(y), true
		if len(ps) > 0 {
			v.ProgrammeID = ps[0].ProgrammeID
		}
		out = append(out, v)
	}
	SortPeriods(out)
	return out
}

// RosterDay is the day whose units must report the period: those that
// exist at its deadline (a unit dissolved before the deadline no longer
// reports it; one formed by then does).
func (p Period) RosterDay() civil.Date {
	if p.Deadline.IsZero() {
		return p.End
	}
	return p.Deadline
}
