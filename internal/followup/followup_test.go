package followup

import (
	"testing"

	"khcn/internal/account"
	"khcn/internal/civil"
)

func TestRecommendationStateMachine(t *testing.T) {
	allowed := map[RecStatus][]RecStatus{
		RecReceived:   {RecAssigned, RecDeclined},
		RecAssigned:   {RecAssigned, RecAnswered, RecDeclined},
		RecAnswered:   {RecInProgress, RecResolved, RecDeclined},
		RecInProgress: {RecResolved, RecDeclined},
	}
	for _, from := range RecStatuses {
		for _, to := range RecStatuses {
			want := false
			for _, a := range allowed[from] {
				want = want || a == to
			}
			if got := from.CanMove(to); got != want {
				t.Errorf("%s → %s: %v, want %v", from, to, got, want)
			}
		}
	}
	if RecResolved.Open() || RecDeclined.Open() || !RecInProgress.Open() {
		t.Error("Open")
	}
	if RecAssigned.Convertible() || !RecAnswered.Convertible() || !RecInProgress.Convertible() || RecResolved.Convertible() {
		t.Error("Convertible")
	}
}

func TestRecommendationSteps(t *testing.T) {
	today := civil.New(2024, 7, 22)
	r := Recommendation{Status: RecReceived}
	// Answering before routing is refused: the timeline has no gaps.
	if e := CheckStep(r, Step{To: RecAnswered, Note: "Đồng ý"}, today); !e.Has("form") {
		t.Error("answered straight from received")
	}
	e := CheckStep(r, Step{To: RecAssigned, AnswerDue: civil.New(2024, 7, 1)}, today)
	for _, f := range []string{"division_id", "assignee_id", "answer_due"} {
		if !e.Has(f) {
			t.Errorf("routing without %s accepted", f)
		}
	}
	if e := CheckStep(r, Step{To: RecAssigned, DivisionID: "d", AssigneeID: "u", AnswerDue: today}, today); e != nil {
		t.Errorf("routing due today refused: %v", e)
	}
	if e := CheckStep(r, Step{To: RecDeclined}, today); !e.Has("note") {
		t.Error("declined without a reason")
	}
	r.Status = RecAssigned
	if e := CheckStep(r, Step{To: RecAnswered, Note: "  "}, today); !e.Has("note") {
		t.Error("blank answer accepted")
	}
	r.Status, r.AnswerDue = RecAssigned, civil.New(2024, 7, 21)
	if !r.AnswerOverdue(today) || r.AnswerOverdue(civil.New(2024, 7, 21)) {
		t.Error("answer overdue runs to the end of the due day")
	}
	r.Status = RecAnswered
	if r.AnswerOverdue(today) {
		t.Error("answered recommendation is not late")
	}
}

func TestActionItemStatesAndOverdue(t *testing.T) {
	due := civil.New(2024, 12, 31)
	it := Item{Status: ActionNotStarted, Due: due}
	if it.Overdue(due) || it.Shown(due) != ActionNotStarted {
		t.Error("overdue on its due day")
	}
	next := due.AddDays(1)
	if !it.Overdue(next) || it.Shown(next) != ActionOverdue || it.DaysLate(next.AddDays(9)) != 10 {
		t.Error("not overdue the day after")
	}
	for _, s := range []ActionStatus{ActionDone, ActionCancelled} {
		it.Status = s
		if it.Overdue(next.AddDays(100)) || it.DaysLate(next) != 0 {
			t.Errorf("%s item shown overdue", s)
		}
	}
	if ActionCancelled.CanMove(ActionInProgress) || ActionDone.CanMove(ActionCancelled) || !ActionDone.CanMove(ActionInProgress) {
		t.Error("transitions")
	}
	if !AssignerOnly(ActionInProgress, ActionCancelled) || !AssignerOnly(ActionDone, ActionInProgress) || AssignerOnly(ActionNotStarted, ActionInProgress) {
		t.Error("AssignerOnly")
	}
	it.Status = ActionInProgress
	if e := CheckProgress(it, ActionDone, "Đã xong", false); !e.Has("evidence") {
		t.Error("done without evidence")
	}
	if e := CheckProgress(it, ActionDone, "Đã xong", true); e != nil {
		t.Error(e)
	}
	if e := CheckProgress(it, ActionInProgress, "", false); !e.Has("note") {
		t.Error("progress without a note")
	}
	it.Status = ActionCancelled
	if e := CheckProgress(it, ActionInProgress, "x", false); !e.Has("status") {
		t.Error("cancelled item moved")
	}
}

func TestActionItemValidate(t *testing.T) {
	it := Item{Title: "Tuyên truyền Chương trình 07", OwnerUnitID: "u", AssignerUnitID: "s", Due: civil.New(2024, 12, 31),
		Source: Ref{Type: TypeMeeting, ID: "m1"}}
	if e := it.Validate(); e != nil {
		t.Fatal(e)
	}
	it.Source = Ref{Type: TypeDirective}
	if e := it.Validate(); !e.Has("source_label") {
		t.Error("directive without its document number")
	}
	it.Source = Ref{Type: "rumour", Label: "x"}
	if e := it.Validate(); !e.Has("source_type") {
		t.Error("unknown source accepted")
	}
}

func TestCloseMeeting(t *testing.T) {
	m := Meeting{Status: MeetingOpen, Date: civil.New(2024, 7, 19)}
	cs := []Conclusion{{ID: "c1"}, {ID: "c2"}}
	e := CheckClose(m, cs, []ClosePick{{ConclusionID: "c1", Due: civil.New(2024, 7, 1)}})
	if !e.Has("form") || !e.Has("owners_c1") || !e.Has("due_c1") {
		t.Errorf("missing minutes, owners, early due accepted: %v", e)
	}
	m.Minutes = "Biên bản"
	if e := CheckClose(m, cs, []ClosePick{{ConclusionID: "c1", OwnerUnitIDs: []string{"u"}, Due: civil.New(2024, 12, 31)}}); e != nil {
		t.Error(e)
	}
	if e := CheckClose(m, cs, []ClosePick{{ConclusionID: "zz", OwnerUnitIDs: []string{"u"}, Due: civil.New(2024, 12, 31)}}); !e.Has("form") {
		t.Error("pick of another meeting's conclusion accepted")
	}
	m.Status = MeetingClosed
	if e := CheckClose(m, cs, nil); !e.Has("form") {
		t.Error("closed twice")
	}
}

func TestTrainingValidate(t *testing.T) {
	today := civil.New(2024, 9, 1)
	tr := Training{Kind: KindTraining, Status: TrainingHeld, UnitID: "u", Topic: "Tập huấn", Date: civil.New(2024, 9, 2)}
	e := tr.Validate(today)
	if !e.Has("date") || !e.Has("participants") {
		t.Errorf("held in the future with nobody accepted: %v", e)
	}
	tr.Status, tr.Participants = TrainingPlanned, 0
	if e := tr.Validate(today); e != nil {
		t.Error(e)
	}
}

func TestPermissions(t *testing.T) {
	melinh := &account.User{Role: account.UnitOfficer, ScopePath: "/hn/hn-09022/", HistoryPaths: []string{"/hn/hn-250/"}}
	so := &account.User{Role: account.SoSpecialist, ScopePath: "/hn/"}
	own, other, former := account.Unit("/hn/hn-09022/"), account.Unit("/hn/hn-00376/"), account.Unit("/hn/hn-250/")
	cases := []struct {
		u    *account.User
		a    account.Action
		obj  account.Object
		want bool
	}{
		{melinh, ActionView, own, true},
		{melinh, ActionView, former, true},
		{melinh, ActionUpdate, former, false},
		{melinh, ActionView, other, false},
		{melinh, ActionUpdate, own, true},
		{melinh, ActionAssign, own, false},
		{melinh, RecommendationRaise, own, true},
		{melinh, RecommendationHandle, own, false},
		{melinh, MeetingManage, own, false},
		{so, ActionAssign, other, true},
		{so, RecommendationHandle, own, true},
		{nil, ActionView, own, false},
		{nil, MeetingView, own, false},
		{nil, RecommendationView, own, false},
		{nil, TrainingView, own, false},
		{&account.User{Role: account.Council, ScopePath: ""}, MeetingView, own, false},
	}
	for _, c := range cases {
		if got := account.Can(c.u, c.a, c.obj); got != c.want {
			t.Errorf("%v %s %s = %v", c.u, c.a, c.obj.UnitPath, got)
		}
	}
}
