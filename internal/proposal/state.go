package proposal

import (
	"errors"
	"slices"

	"khcn/internal/account"
	"khcn/internal/valid"
)

// State is where a proposal stands. Keys are stable identifiers stored in the
// database; labels are catalogue keys "state.proposal.<key>".
type State string

const (
	Draft                  State = "draft"                    // dự thảo, the unit edits
	AwaitingLeader         State = "awaiting_leader"          // chờ lãnh đạo đơn vị duyệt
	Submitted              State = "submitted"                // đã gửi Sở
	Screening              State = "screening"                // Sở đang xem xét hồ sơ
	Returned               State = "returned"                 // yêu cầu bổ sung: editing reopens
	NotAccepted            State = "not_accepted"             // không được chấp nhận
	Withdrawn              State = "withdrawn"                // đơn vị rút đề xuất
	ExpertReview           State = "expert_review"            // lấy ý kiến chuyên gia
	Council                State = "council"                  // hội đồng tư vấn xác định nhiệm vụ
	Recommended            State = "recommended"              // hội đồng đề nghị thực hiện
	RecommendedWithChanges State = "recommended_with_changes" // đề nghị thực hiện có điều chỉnh
	NotRecommended         State = "not_recommended"          // hội đồng không đề nghị
	Revised                State = "revised"                  // đã hoàn thiện theo kết luận hội đồng
	Approved               State = "approved"                 // phê duyệt vào danh mục
	Published              State = "published"                // danh mục đã công bố
)

// InReview is not stored: it is what a unit sees while its proposal sits in
// one of the Sở's intermediate states.
const InReview State = "in_review"

// States lists every stored state in workflow order.
var States = []State{Draft, AwaitingLeader, Submitted, Screening, Returned, ExpertReview, Council,
	Recommended, RecommendedWithChanges, NotRecommended, Revised, Approved, Published, NotAccepted, Withdrawn}

// Valid reports whether s is a stored state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Visible is the state a unit is shown. The Sở's intermediate steps
// (screening, expert review, council and its recommendation, a revision it has
// not yet decided on) are not final for the unit, so the unit sees "in
// review" until the Sở returns, refuses, approves or publishes.
func (s State) Visible() State {
	switch s {
	case Screening, ExpertReview, Council, Recommended, RecommendedWithChanges, NotRecommended, Revised:
		return InReview
	}
	return s
}

// Internal reports whether the state is hidden from the unit.
func (s State) Internal() bool { return s.Visible() != s }

// Editable reports whether the unit may change the content.
func (s State) Editable() bool { return s == Draft || s == Returned }

// Final reports whether nothing more happens to the proposal in this call.
func (s State) Final() bool { return s == NotAccepted || s == Withdrawn || s == Published }

// SubmittedOnce reports whether a proposal in s has reached the Sở at least
// once given how many versions it has; the Sở never sees drafts that were
// never sent.
func SubmittedOnce(s State, round int) bool {
	return round > 0 || !(s == Draft || s == AwaitingLeader || s == Withdrawn)
}

// Event is something that moves a proposal. Keys are stable.
type Event string

const (
	RequestApproval  Event = "request_approval"  // officer asks the unit leader
	LeaderApprove    Event = "leader_approve"    // unit leader approves and sends to the Sở
	SendBack         Event = "send_back"         // unit leader returns the draft to the officer
	Withdraw         Event = "withdraw"          // the unit withdraws (before the council)
	Receive          Event = "receive"           // the Sở takes it into screening
	Return           Event = "return"            // yêu cầu bổ sung, with comments per field
	Reject           Event = "reject"            // không chấp nhận, with a reason
	SendExperts      Event = "send_experts"      // lấy ý kiến chuyên gia
	SendCouncil      Event = "send_council"      // đưa ra hội đồng
	Recommend        Event = "recommend"         // council: đề nghị thực hiện
	RecommendChanges Event = "recommend_changes" // council: thực hiện với điều chỉnh
	NotRecommend     Event = "not_recommend"     // council: không đề nghị
	RequestRevision  Event = "request_revision"  // the Sở asks the unit to apply the council's changes
	Approve          Event = "approve"           // phê duyệt vào danh mục, with the method
	Publish          Event = "publish"           // công bố danh mục
)

// Need is what an event requires from whoever applies it.
type Need int

const (
	NeedReason   Need = 1 << iota // a reason in words
	NeedComments                  // at least one comment on a field
	NeedMethod                    // selection or direct assignment
)

// Transition is one edge of the workflow.
type Transition struct {
	Event Event
	From  []State
	To    State
	// ToInRevision, when set, is the target for a proposal revising after the
	// council (its InRevision flag is on).
	ToInRevision State
	Action       account.Action
	Needs        Need
	// UnitReason says the reason is addressed to the unit; otherwise it stays
	// inside the Sở.
	UnitReason bool
	// Batch allows the event as a pending decision applied in a batch.
	Batch bool
}

// Transitions is the workflow. The tests list every allowed and refused
// pair independently of this table.
var Transitions = []Transition{
	{Event: RequestApproval, From: []State{Draft, Returned}, To: AwaitingLeader, Action: Edit},
	{Event: LeaderApprove, From: []State{AwaitingLeader, Draft, Returned}, To: Submitted, ToInRevision: Revised, Action: LeaderSubmit},
	{Event: SendBack, From: []State{AwaitingLeader}, To: Draft, Action: LeaderSubmit, Needs: NeedReason, UnitReason: true},
	{Event: Withdraw, From: []State{Draft, AwaitingLeader, Returned, Submitted, Screening, ExpertReview}, To: Withdrawn, Action: Edit, Needs: NeedReason, UnitReason: true},
	{Event: Receive, From: []State{Submitted}, To: Screening, Action: Screen, Batch: true},
	{Event: Return, From: []State{Screening}, To: Returned, Action: Screen, Needs: NeedComments, UnitReason: true},
	{Event: Reject, From: []State{Screening, ExpertReview, Recommended, RecommendedWithChanges, NotRecommended, Revised}, To: NotAccepted, Action: Screen, Needs: NeedReason, UnitReason: true, Batch: true},
	{Event: SendExperts, From: []State{Screening}, To: ExpertReview, Action: Screen, Batch: true},
	{Event: SendCouncil, From: []State{Screening, ExpertReview}, To: Council, Action: Screen, Batch: true},
	{Event: Recommend, From: []State{Council}, To: Recommended, Action: Screen, Batch: true},
	{Event: RecommendChanges, From: []State{Council}, To: RecommendedWithChanges, Action: Screen, Needs: NeedReason, Batch: true},
	{Event: NotRecommend, From: []State{Council}, To: NotRecommended, Action: Screen, Needs: NeedReason, Batch: true},
	{Event: RequestRevision, From: []State{RecommendedWithChanges}, To: Returned, Action: Screen, Needs: NeedComments, UnitReason: true},
	{Event: Approve, From: []State{Recommended, Revised}, To: Approved, Action: Decide, Needs: NeedMethod, UnitReason: true, Batch: true},
	{Event: Publish, From: []State{Approved}, To: Published, Action: Decide},
}

// Events lists every event key in table order.
func Events() []Event {
	out := make([]Event, len(Transitions))
	for i, t := range Transitions {
		out[i] = t.Event
	}
	return out
}

// TransitionOf returns the definition of an event.
func TransitionOf(e Event) (Transition, bool) {
	for _, t := range Transitions {
		if t.Event == e {
			return t, true
		}
	}
	return Transition{}, false
}

var (
	// ErrUnknownEvent is an event key that does not exist.
	ErrUnknownEvent = errors.New("proposal: unknown event")
	// ErrNotAllowed means the event does not apply in the current state.
	ErrNotAllowed = errors.New("proposal: event not allowed in this state")
)

// Next returns the state an event leads to from s, for a proposal whose
// InRevision flag is inRevision.
func Next(s State, inRevision bool, e Event) (State, error) {
	t, ok := TransitionOf(e)
	if !ok {
		return "", ErrUnknownEvent
	}
	if !slices.Contains(t.From, s) {
		return "", ErrNotAllowed
	}
	if inRevision && t.ToInRevision != "" {
		return t.ToInRevision, nil
	}
	return t.To, nil
}

// Available lists the events that apply to state s, in table order.
func Available(s State) []Event {
	var out []Event
	for _, t := range Transitions {
		if slices.Contains(t.From, s) {
			out = append(out, t.Event)
		}
	}
	return out
}

// Method is how the approved task finds who carries it out.
type Method string

const (
	Selection Method = "selection" // tuyển chọn
	Direct    Method = "direct"    // giao trực tiếp
)

// Methods lists the methods in display order.
var Methods = []Method{Selection, Direct}

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return m == Selection || m == Direct }

// Decision is an event with what it needs, as applied at once or kept
// pending for a batch.
type Decision struct {
	Event  Event
	Reason string
	Method Method
}

// Check validates a decision's inputs against its event's needs. Comments are
// checked by the caller, which has them.
func (d Decision) Check() (Transition, valid.Errors) {
	var e valid.Errors
	t, ok := TransitionOf(d.Event)
	if !ok {
		e.Add("event", "err.choose")
		return t, e
	}
	if t.Needs&NeedReason != 0 && e.Required("reason", d.Reason) {
		e.MaxLen("reason", d.Reason, 4000)
	}
	if t.Needs&NeedMethod != 0 && !d.Method.Valid() {
		e.Add("method", "err.choose")
	}
	return t, e
}
