package proposal

import (
	"errors"
	"slices"
	"testing"
)

// The workflow written out by hand, independently of the Transitions table:
// event → from → to. Every pair not listed must be refused.
var wantWorkflow = map[Event]map[State]State{
	RequestApproval: {Draft: AwaitingLeader, Returned: AwaitingLeader},
	LeaderApprove:   {AwaitingLeader: Submitted, Draft: Submitted, Returned: Submitted},
	SendBack:        {AwaitingLeader: Draft},
	Withdraw: {Draft: Withdrawn, AwaitingLeader: Withdrawn, Returned: Withdrawn, Submitted: Withdrawn,
		Screening: Withdrawn, ExpertReview: Withdrawn},
	Receive: {Submitted: Screening},
	Return:  {Screening: Returned},
	Reject: {Screening: NotAccepted, ExpertReview: NotAccepted, Recommended: NotAccepted,
		RecommendedWithChanges: NotAccepted, NotRecommended: NotAccepted, Revised: NotAccepted},
	SendExperts:      {Screening: ExpertReview},
	SendCouncil:      {Screening: Council, ExpertReview: Council},
	Recommend:        {Council: Recommended},
	RecommendChanges: {Council: RecommendedWithChanges},
	NotRecommend:     {Council: NotRecommended},
	RequestRevision:  {RecommendedWithChanges: Returned},
	Approve:          {Recommended: Approved, Revised: Approved},
	Publish:          {Approved: Published},
}

var allEvents = []Event{RequestApproval, LeaderApprove, SendBack, Withdraw, Receive, Return, Reject, SendExperts,
	SendCouncil, Recommend, RecommendChanges, NotRecommend, RequestRevision, Approve, Publish}

func TestEveryTransitionAllowedOrRefused(t *testing.T) {
	if !slices.Equal(Events(), allEvents) {
		t.Fatalf("events %v, want %v", Events(), allEvents)
	}
	if len(States) != 15 {
		t.Fatalf("%d states", len(States))
	}
	allowed := 0
	for _, e := range allEvents {
		for _, s := range States {
			got, err := Next(s, false, e)
			want, ok := wantWorkflow[e][s]
			switch {
			case ok && (err != nil || got != want):
				t.Errorf("%s from %s: got %q, %v; want %s", e, s, got, err, want)
			case !ok && !errors.Is(err, ErrNotAllowed):
				t.Errorf("%s from %s: allowed (to %q), want refused", e, s, got)
			}
			if ok {
				allowed++
			}
		}
	}
	if allowed != 30 {
		t.Errorf("%d allowed pairs, want 30", allowed)
	}
}

// A unit revising after the council's "with changes" goes back as revised,
// not as a new submission; nothing else depends on the flag.
func TestRevisionRound(t *testing.T) {
	for _, e := range allEvents {
		for _, s := range States {
			got, err := Next(s, true, e)
			want, ok := wantWorkflow[e][s]
			if e == LeaderApprove && ok {
				want = Revised
			}
			if ok && (err != nil || got != want) || !ok && err == nil {
				t.Errorf("in revision, %s from %s: got %q %v, want %q", e, s, got, err, want)
			}
		}
	}
	if _, err := Next(Draft, false, "jump"); !errors.Is(err, ErrUnknownEvent) {
		t.Error("unknown event accepted")
	}
}

func TestFinalStatesAreFinal(t *testing.T) {
	for _, s := range States {
		if s.Final() != (len(Available(s)) == 0) {
			t.Errorf("%s: final=%v but events %v", s, s.Final(), Available(s))
		}
	}
}

// What the proposing unit sees: never the Sở's intermediate steps.
func TestVisibleStates(t *testing.T) {
	want := map[State]State{
		Draft: Draft, AwaitingLeader: AwaitingLeader, Submitted: Submitted, Returned: Returned,
		Screening: InReview, ExpertReview: InReview, Council: InReview, Recommended: InReview,
		RecommendedWithChanges: InReview, NotRecommended: InReview, Revised: InReview,
		Approved: Approved, Published: Published, NotAccepted: NotAccepted, Withdrawn: Withdrawn,
	}
	for _, s := range States {
		if got := s.Visible(); got != want[s] {
			t.Errorf("%s visible as %s, want %s", s, got, want[s])
		}
		if s.Internal() != (want[s] != s) {
			t.Errorf("%s: Internal() = %v", s, s.Internal())
		}
	}
	// A reason written for the unit never belongs to a move into a state the
	// unit cannot see, and every move the unit can see changes what it sees
	// or is the unit's own.
	for _, tr := range Transitions {
		if tr.UnitReason && tr.To.Internal() {
			t.Errorf("%s: a unit-facing reason on a move into internal %s", tr.Event, tr.To)
		}
	}
}

func TestEditableAndSeenBySo(t *testing.T) {
	for _, s := range States {
		if s.Editable() != (s == Draft || s == Returned) {
			t.Errorf("%s editable=%v", s, s.Editable())
		}
	}
	if SubmittedOnce(Draft, 0) || SubmittedOnce(AwaitingLeader, 0) || SubmittedOnce(Withdrawn, 0) {
		t.Error("the Sở would see a draft never sent")
	}
	if !SubmittedOnce(Draft, 1) || !SubmittedOnce(Screening, 0) {
		t.Error("the Sở would not see what was sent")
	}
}

func TestDecisionNeeds(t *testing.T) {
	if _, e := (Decision{Event: Reject}).Check(); !e.Has("reason") {
		t.Error("reject without a reason")
	}
	if _, e := (Decision{Event: Approve}).Check(); !e.Has("method") {
		t.Error("approve without a method")
	}
	if _, e := (Decision{Event: Approve, Method: "lottery"}).Check(); !e.Has("method") {
		t.Error("unknown method accepted")
	}
	if _, e := (Decision{Event: Approve, Method: Direct}).Check(); e != nil {
		t.Errorf("good approval refused: %v", e)
	}
	if _, e := (Decision{Event: "nope"}).Check(); !e.Has("event") {
		t.Error("unknown event accepted")
	}
	if _, e := (Decision{Event: Withdraw, Reason: "  "}).Check(); !e.Has("reason") {
		t.Error("blank reason accepted")
	}
}
