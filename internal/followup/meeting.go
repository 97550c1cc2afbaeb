package followup

import (
	"strings"
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// MeetingStatus: a meeting is open while its record is written and closed
// once its conclusions have been handed out as action items. Closed minutes
// and conclusions are locked.
type MeetingStatus string

const (
	MeetingOpen   MeetingStatus = "open"
	MeetingClosed MeetingStatus = "closed"
)

// Meeting is a working session (buổi làm việc) or conference.
type Meeting struct {
	ID          string
	Title       string
	Date        civil.Date
	Place       string
	Chair       string // name and position of who chaired
	OrganiserID string // the Sở or one of its divisions
	Purpose     string
	Concerns    Ref // the programme or call it is about
	Agenda      string
	Minutes     string
	People      string // one person a line: name, position, unit
	UnitIDs     []string
	Status      MeetingStatus
	Notice      Notice
	Version     int
	CreatedBy   string
	CreatedAt   time.Time
	ClosedAt    time.Time
}

// Notice holds what the conclusion notice (thông báo kết luận) needs beyond
// the meeting itself.
type Notice struct {
	Number    string // "125/TB-SKHCN"
	Date      civil.Date
	Authority string // "TL. GIÁM ĐỐC"
	Title     string // "CHÁNH VĂN PHÒNG"
	Signer    string
}

// Conclusion is one point the chair concluded; chosen ones become action
// items when the meeting closes.
type Conclusion struct {
	ID        string
	MeetingID string
	Seq       int
	Text      string
}

// Editable reports whether the record may still change.
func (m Meeting) Editable() bool { return m.Status == MeetingOpen }

// PeopleLines lists the non-empty lines of the people present.
func (m Meeting) PeopleLines() []string { return lines(m.People) }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Validate checks the fields of a meeting record.
func (m Meeting) Validate() valid.Errors {
	var e valid.Errors
	textField(&e, "title", m.Title, 300)
	requireDate(&e, "date", m.Date)
	textField(&e, "place", m.Place, 300)
	textField(&e, "chair", m.Chair, 300)
	textField(&e, "purpose", m.Purpose, 4000)
	optionalText(&e, "concerns", m.Concerns.Label, 300)
	optionalText(&e, "agenda", m.Agenda, 8000)
	optionalText(&e, "minutes", m.Minutes, 60000)
	optionalText(&e, "people", m.People, 8000)
	optionalText(&e, "notice_number", m.Notice.Number, 60)
	optionalText(&e, "notice_signer", m.Notice.Signer, 200)
	if m.OrganiserID == "" {
		e.Add("organiser_id", "err.choose")
	}
	return e
}

// ValidateConclusion checks one conclusion's text.
func ValidateConclusion(text string) valid.Errors {
	var e valid.Errors
	textField(&e, "text", text, 4000)
	return e
}

// ClosePick says which conclusion becomes action items, for which units, by when.
type ClosePick struct {
	ConclusionID string
	OwnerUnitIDs []string
	OwnerUserID  string
	Due          civil.Date
}

// PickField names the form field of a pick's problem.
func PickField(conclusionID, what string) string { return what + "_" + conclusionID }

// CheckClose says whether a meeting may close with these picks: it must be
// open, have minutes and conclusions, and every pick needs owners and a due
// date not before the meeting.
func CheckClose(m Meeting, conclusions []Conclusion, picks []ClosePick) valid.Errors {
	var e valid.Errors
	if !m.Editable() {
		e.Add("form", "err.fu.meeting_closed")
		return e
	}
	if strings.TrimSpace(m.Minutes) == "" {
		e.Add("form", "err.fu.meeting_no_minutes")
	}
	if len(conclusions) == 0 {
		e.Add("form", "err.fu.meeting_no_conclusions")
	}
	known := map[string]bool{}
	for _, c := range conclusions {
		known[c.ID] = true
	}
	for _, p := range picks {
		if !known[p.ConclusionID] {
			e.Add("form", "err.invalid")
			continue
		}
		if len(p.OwnerUnitIDs) == 0 {
			e.Add(PickField(p.ConclusionID, "owners"), "err.fu.choose_owner")
		}
		switch {
		case p.Due.IsZero():
			e.Add(PickField(p.ConclusionID, "due"), "err.required")
		case p.Due.Before(m.Date):
			e.Add(PickField(p.ConclusionID, "due"), "err.fu.due_before_meeting")
		}
	}
	return e
}
