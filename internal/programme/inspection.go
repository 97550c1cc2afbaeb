package programme

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// Inspection is a check of how a unit carries out a programme (kiểm tra).
type Inspection struct {
	ID          string
	ProgrammeID string
	PeriodID    string // optional
	UnitID      string
	UnitPath    string
	Date        civil.Date
	Place       string
	Team        string // one member per line: "Họ tên - chức vụ"
	Lead        string // head of the team, who signs
	Summary     string
	Conclusion  string // the general conclusion in the notice
	MinutesNo   string // số biên bản
	NoticeNo    string // số thông báo kết luận
	Findings    []Finding
	Conclusions []Conclusion
	Version     int
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Members splits the team into lines.
func (i Inspection) Members() []string { return Lines(i.Team) }

// Finding is what the team found in one area (e-government, S&T applied,
// high-tech agriculture, IP...).
type Finding struct {
	ID    string
	Area  string
	Text  string
	Order int
}

// ConclusionStatus is where a conclusion's follow-up stands.
type ConclusionStatus string

const (
	ConclusionOpen      ConclusionStatus = "open"
	ConclusionDone      ConclusionStatus = "done"
	ConclusionCancelled ConclusionStatus = "cancelled"
)

// ConclusionStatuses lists them in display order.
var ConclusionStatuses = []ConclusionStatus{ConclusionOpen, ConclusionDone, ConclusionCancelled}

// Conclusion is one direction from the inspection, owned by a unit with a
// due date: a minimal follow-up item that the follow-ups area can turn into
// a full action item (ActionItemID then records the link).
type Conclusion struct {
	ID           string
	InspectionID string
	Text         string
	OwnerUnitID  string
	Due          civil.Date
	Status       ConclusionStatus
	ActionItemID string
	Order        int
	Version      int
}

// Overdue reports whether an open conclusion is past its due date.
func (c Conclusion) Overdue(today civil.Date) bool {
	return c.Status == ConclusionOpen && !c.Due.IsZero() && today.After(c.Due)
}

// Validate checks an inspection and its lists; list problems are keyed
// "finding.N.text" / "conclusion.N.owner" for the rows of the form.
func (i Inspection) Validate() valid.Errors {
	var e valid.Errors
	e.Required("programme_id", i.ProgrammeID)
	e.Required("unit_id", i.UnitID)
	if i.Date.IsZero() {
		e.Add("date", "err.date_format")
	}
	if e.Required("team", i.Team) {
		e.MaxLen("team", i.Team, 2000)
	}
	e.MaxLen("lead", i.Lead, 200)
	e.MaxLen("place", i.Place, 300)
	e.MaxLen("summary", i.Summary, 20000)
	e.MaxLen("conclusion", i.Conclusion, 20000)
	e.MaxLen("minutes_no", i.MinutesNo, 50)
	e.MaxLen("notice_no", i.NoticeNo, 50)
	for n, f := range i.Findings {
		key := "finding." + strconv.Itoa(n)
		if strings.TrimSpace(f.Text) != "" && strings.TrimSpace(f.Area) == "" {
			e.Add(key+".area", "err.required")
		}
		e.MaxLen(key+".text", f.Text, 5000)
	}
	for n, c := range i.Conclusions {
		key := "conclusion." + strconv.Itoa(n)
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		e.MaxLen(key+".text", c.Text, 2000)
		if c.OwnerUnitID == "" {
			e.Add(key+".owner", "err.required")
		}
		if !slices.Contains(ConclusionStatuses, c.Status) {
			e.Add(key+".status", "err.choose")
		}
	}
	return e
}
