package followup

import (
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// RecStatus is where a recommendation stands. Every change is a dated step of
// its timeline, which the raising unit sees.
type RecStatus string

const (
	RecReceived   RecStatus = "received"
	RecAssigned   RecStatus = "assigned"
	RecAnswered   RecStatus = "answered"
	RecInProgress RecStatus = "in_progress"
	RecResolved   RecStatus = "resolved"
	RecDeclined   RecStatus = "declined"
)

// RecStatuses lists the states in timeline order.
var RecStatuses = []RecStatus{RecReceived, RecAssigned, RecAnswered, RecInProgress, RecResolved, RecDeclined}

var recNext = map[RecStatus][]RecStatus{
	RecReceived:   {RecAssigned, RecDeclined},
	RecAssigned:   {RecAssigned, RecAnswered, RecDeclined}, // assigned again = re-routed
	RecAnswered:   {RecInProgress, RecResolved, RecDeclined},
	RecInProgress: {RecResolved, RecDeclined},
}

// CanMove reports whether the state machine allows s → to.
func (s RecStatus) CanMove(to RecStatus) bool {
	for _, n := range recNext[s] {
		if n == to {
			return true
		}
	}
	return false
}

// Open reports whether the recommendation still needs work.
func (s RecStatus) Open() bool { return s != RecResolved && s != RecDeclined }

// Convertible reports whether the recommendation may become a proposal, a
// training event or an action item: only once the Sở has answered it.
func (s RecStatus) Convertible() bool { return s == RecAnswered || s == RecInProgress }

// AwaitsAnswer reports whether the Sở still owes the unit an answer.
func (s RecStatus) AwaitsAnswer() bool { return s == RecReceived || s == RecAssigned }

// Category is one configurable kind of recommendation.
type Category struct {
	ID       string
	NameVI   string
	NameEN   string
	Position int
	Active   bool
	Version  int
}

// Name returns the category's name in a language ("vi" or "en").
func (c Category) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameVI
}

// Validate checks a category's names.
func (c Category) Validate() valid.Errors {
	var e valid.Errors
	textField(&e, "name_vi", c.NameVI, 200)
	textField(&e, "name_en", c.NameEN, 200)
	return e
}

// Recommendation is a request from a local unit to the Sở (kiến nghị).
type Recommendation struct {
	ID            string
	UnitID        string
	CategoryID    string
	Title         string
	Description   string
	Beneficiaries string
	DesiredBy     civil.Date
	Source        Ref // meeting or report it was raised in; zero when raised on its own
	Status        RecStatus
	DivisionID    string
	AssigneeID    string
	AnswerDue     civil.Date
	Answer        string
	Reason        string // why it was declined
	Version       int
	CreatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// AnswerOverdue reports whether the Sở's answer is late on day today.
func (r Recommendation) AnswerOverdue(today civil.Date) bool {
	return r.Status.AwaitsAnswer() && !r.AnswerDue.IsZero() && r.AnswerDue.Before(today)
}

// Validate checks what the raising unit fills in.
func (r Recommendation) Validate() valid.Errors {
	var e valid.Errors
	if r.CategoryID == "" {
		e.Add("category_id", "err.choose")
	}
	if r.UnitID == "" {
		e.Add("unit_id", "err.choose")
	}
	textField(&e, "title", r.Title, 300)
	textField(&e, "description", r.Description, 8000)
	optionalText(&e, "beneficiaries", r.Beneficiaries, 2000)
	return e
}

// Step is one change of state asked for by the Sở.
type Step struct {
	To         RecStatus
	Note       string // answer, result or reason, by state
	DivisionID string
	AssigneeID string
	AnswerDue  civil.Date
}

// CheckStep validates a step from the current state on day today.
func CheckStep(r Recommendation, s Step, today civil.Date) valid.Errors {
	var e valid.Errors
	if !r.Status.CanMove(s.To) {
		e.Add("form", "err.fu.rec_step", string(r.Status), string(s.To))
		return e
	}
	switch s.To {
	case RecAssigned:
		if s.DivisionID == "" {
			e.Add("division_id", "err.choose")
		}
		if s.AssigneeID == "" {
			e.Add("assignee_id", "err.choose")
		}
		switch {
		case s.AnswerDue.IsZero():
			e.Add("answer_due", "err.required")
		case s.AnswerDue.Before(today):
			e.Add("answer_due", "err.fu.due_past")
		}
		optionalText(&e, "note", s.Note, 4000)
	case RecAnswered:
		textField(&e, "note", s.Note, 8000)
	case RecDeclined:
		textField(&e, "note", s.Note, 4000)
	default:
		textField(&e, "note", s.Note, 4000)
	}
	return e
}

// Event is one dated step of a recommendation's timeline.
type Event struct {
	ID               string
	RecommendationID string
	At               time.Time
	Status           RecStatus
	Note             string
	ActorID          string
	ActorName        string
	Made             Ref // what a conversion made, if it was one
}

// StoryCategories are the categories a new installation starts with: the
// recommendations of the 19/7/2024 session, and the usual others. The Sở
// changes them afterwards; they are data, not code.
var StoryCategories = []Category{
	{ID: "training", NameVI: "Tập huấn, bồi dưỡng, trao đổi kinh nghiệm cho cán bộ", NameEN: "Training and experience exchange for officials", Position: 1},
	{ID: "hitech_agri", NameVI: "Mô hình sản xuất nông nghiệp ứng dụng công nghệ cao", NameEN: "High-tech agriculture production models", Position: 2},
	{ID: "pollution", NameVI: "Xử lý ô nhiễm môi trường: chất thải chăn nuôi, làng nghề, cụm và khu công nghiệp",
		NameEN: "Pollution treatment: livestock waste, craft villages, industrial clusters and zones", Position: 3},
	{ID: "ip_ocop", NameVI: "Hỗ trợ sở hữu trí tuệ, nhãn hiệu và sản phẩm OCOP", NameEN: "IP, trademark and OCOP support", Position: 4},
	{ID: "digital_gov", NameVI: "Chính quyền số, chuyển đổi số", NameEN: "Digital government", Position: 5},
	{ID: "other", NameVI: "Khác", NameEN: "Other", Position: 99},
}
