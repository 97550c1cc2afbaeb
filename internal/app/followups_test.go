package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/valid"
)

func problem(t *testing.T, err error, field string) {
	t.Helper()
	var ve valid.Errors
	if !errors.As(err, &ve) || !ve.Has(field) {
		t.Fatalf("want a problem at %s, got %v", field, err)
	}
}

func recVersion(t *testing.T, a *app.App, id string) int {
	t.Helper()
	r, err := a.Store.Read().Recommendation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Version
}

// A recommendation from raising to resolution, with the rules at each step.
func TestRecommendationLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &clock{t: at(2026, 3, 2, 9, 0)}
		a := newApp(t, s, c, true)
		officer, other, so := actor(t, a, "canbo.melinh"), actor(t, a, "canbo.socson"), actor(t, a, "chuyenvien")

		_, err := a.RaiseRecommendation(ctx, officer, app.RecInput{UnitID: demo.MeLinh, CategoryID: "training", Description: "x"})
		problem(t, err, "title")
		if _, err := a.RaiseRecommendation(ctx, officer, app.RecInput{UnitID: demo.SocSon, CategoryID: "training", Title: "x", Description: "x"}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("raised for another commune: %v", err)
		}
		id, err := a.RaiseRecommendation(ctx, officer, app.RecInput{UnitID: demo.MeLinh, CategoryID: "training",
			Title: "Tập huấn chuyển đổi số cho công chức xã", Description: "Đề nghị Sở tổ chức tập huấn.", Beneficiaries: "Công chức xã"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Recommendation(ctx, other, id); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("another commune reads it")
		}
		if _, err := a.Recommendation(ctx, app.Actor{}, id); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("the public reads it")
		}
		step := func(who app.Actor, st followup.Step) error {
			return a.StepRecommendation(ctx, who, id, recVersion(t, a, id), st, nil)
		}
		if err := step(officer, followup.Step{To: followup.RecAssigned, DivisionID: "hn-skhcn-qlkh", AssigneeID: so.User.ID, AnswerDue: civil.New(2026, 3, 10)}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("a unit routed its own recommendation: %v", err)
		}
		problem(t, step(so, followup.Step{To: followup.RecAnswered, Note: "Đồng ý"}), "form")
		problem(t, step(so, followup.Step{To: followup.RecAssigned, DivisionID: demo.MeLinh, AssigneeID: officer.User.ID, AnswerDue: civil.New(2026, 3, 10)}), "division_id")
		problem(t, step(so, followup.Step{To: followup.RecAssigned, DivisionID: "hn-skhcn-qlkh", AssigneeID: officer.User.ID, AnswerDue: civil.New(2026, 3, 10)}), "assignee_id")
		if err := step(so, followup.Step{To: followup.RecAssigned, DivisionID: "hn-skhcn-qlkh", AssigneeID: so.User.ID, AnswerDue: civil.New(2026, 3, 10)}); err != nil {
			t.Fatal(err)
		}
		// A stale version is a conflict, not a silent overwrite.
		if err := a.StepRecommendation(ctx, so, id, 1, followup.Step{To: followup.RecAnswered, Note: "x"}, nil); !errors.Is(err, app.ErrConflict) {
			t.Fatalf("stale step: %v", err)
		}
		if _, err := a.ConvertRecommendation(ctx, so, id, app.ConvertInput{Target: "training", Version: recVersion(t, a, id)}); err == nil {
			t.Fatal("converted before an answer")
		}
		if err := step(so, followup.Step{To: followup.RecAnswered, Note: "Sở sẽ tổ chức lớp tập huấn trong tháng 4/2026."}); err != nil {
			t.Fatal(err)
		}
		made, err := a.ConvertRecommendation(ctx, so, id, app.ConvertInput{Target: "training", Version: recVersion(t, a, id),
			Training: app.TrainingInput{Kind: followup.KindTraining, Status: followup.TrainingPlanned, Date: civil.New(2026, 4, 15), UnitID: demo.MeLinh,
				Topic: "Tập huấn chuyển đổi số"}})
		if err != nil {
			t.Fatal(err)
		}
		// Linked both ways, and the unit sees it from its recommendation.
		rv, err := a.Recommendation(ctx, officer, id)
		if err != nil || len(rv.Links) != 1 || rv.Links[0].ID != made.ID || !rv.Links[0].Outgoing || rv.Rec.Status != followup.RecInProgress {
			t.Fatalf("recommendation side: %+v %v", rv.Links, err)
		}
		tv, err := a.Training(ctx, officer, made.ID)
		if err != nil || len(tv.Links) != 1 || tv.Links[0].ID != id || tv.Links[0].Outgoing {
			t.Fatalf("training side: %+v %v", tv.Links, err)
		}
		var timeline []followup.RecStatus
		for _, e := range rv.Events {
			timeline = append(timeline, e.Status)
		}
		if got := fmtStates(timeline); got != "received assigned answered in_progress" {
			t.Errorf("timeline %s", got)
		}
		problem(t, step(so, followup.Step{To: followup.RecDeclined}), "note")
		if err := step(so, followup.Step{To: followup.RecResolved, Note: "Đã tổ chức tập huấn."}); err != nil {
			t.Fatal(err)
		}
		problem(t, step(so, followup.Step{To: followup.RecDeclined, Note: "x"}), "form")
		// The unit was told at each step.
		ns, _ := a.Notifications(ctx, officer)
		if len(ns) < 4 {
			t.Errorf("%d notices to the unit", len(ns))
		}
	})
}

func fmtStates(s []followup.RecStatus) string {
	var out []string
	for _, x := range s {
		out = append(out, string(x))
	}
	return strings.Join(out, " ")
}

// Closing a meeting hands out conclusions as action items; owners report
// with evidence; overdue follows from the date alone.
func TestMeetingToActionItems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &clock{t: at(2026, 3, 2, 9, 0)}
		a := newApp(t, s, c, true)
		so, melinh, socson := actor(t, a, "chuyenvien"), actor(t, a, "canbo.melinh"), actor(t, a, "canbo.socson")
		if _, err := a.CreateMeeting(ctx, melinh, app.MeetingInput{}); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("a commune recorded a Sở meeting")
		}
		_, err := a.CreateMeeting(ctx, so, app.MeetingInput{Title: "Buổi làm việc", Place: "Sở", Chair: "PGĐ", OrganiserID: demo.MeLinh, Purpose: "x", Date: civil.New(2024, 7, 19)})
		problem(t, err, "organiser_id")
		mid, err := a.CreateMeeting(ctx, so, app.MeetingInput{Title: "Buổi làm việc với UBND các huyện Mê Linh, Sóc Sơn, Gia Lâm và Đông Anh",
			Date: civil.New(2024, 7, 19), Place: "Trụ sở Sở", Chair: "Phó Giám đốc Sở Phạm Văn Đức", OrganiserID: hanoi.SoID, Purpose: "Kiểm tra Chương trình 07"})
		if err != nil {
			t.Fatal(err)
		}
		// On 19/7/2024 the districts existed, today's communes did not.
		problem(t, a.SetMeetingUnits(ctx, so, mid, 1, []string{demo.MeLinh}), "units")
		if err := a.SetMeetingUnits(ctx, so, mid, 1, []string{hanoi.DistrictID("250"), hanoi.DistrictID("016")}); err != nil {
			t.Fatal(err)
		}
		for i, text := range []string{"Đẩy mạnh tuyên truyền Chương trình 07.", "Giải quyết ô nhiễm môi trường.", "Xây dựng nhãn hiệu."} {
			if err := a.AddConclusion(ctx, so, mid, 2+i, text); err != nil {
				t.Fatal(err)
			}
		}
		mv, _ := a.Meeting(ctx, so, mid)
		cs := mv.Conclusions
		picks := []followup.ClosePick{
			{ConclusionID: cs[0].ID, OwnerUnitIDs: []string{demo.MeLinh, demo.SocSon}, Due: civil.New(2026, 6, 30)},
			{ConclusionID: cs[1].ID, OwnerUnitIDs: []string{demo.MeLinh}, Due: civil.New(2026, 3, 31)},
		}
		_, err = a.CloseMeeting(ctx, so, mid, mv.Meeting.Version, picks)
		problem(t, err, "form") // no minutes yet
		err = a.UpdateMeeting(ctx, so, mid, app.MeetingInput{Title: mv.Meeting.Title, Date: mv.Meeting.Date, Place: mv.Meeting.Place, Chair: mv.Meeting.Chair,
			OrganiserID: hanoi.SoID, Purpose: mv.Meeting.Purpose, Minutes: "Biên bản buổi làm việc.", Version: mv.Meeting.Version})
		if err != nil {
			t.Fatal(err)
		}
		mv, _ = a.Meeting(ctx, so, mid)
		// The former district cannot own new work today: the error is at the conclusion.
		bad := []followup.ClosePick{{ConclusionID: cs[0].ID, OwnerUnitIDs: []string{hanoi.DistrictID("250")}, Due: civil.New(2026, 6, 30)}}
		_, err = a.CloseMeeting(ctx, so, mid, mv.Meeting.Version, bad)
		problem(t, err, "owners_"+cs[0].ID)
		n, err := a.CloseMeeting(ctx, so, mid, mv.Meeting.Version, picks)
		if err != nil || n != 3 {
			t.Fatalf("closed with %d items: %v", n, err)
		}
		if err := a.AddConclusion(ctx, so, mid, mv.Meeting.Version+1, "x"); err == nil {
			t.Fatal("conclusion added to a closed meeting")
		}

		mine, err := a.Actions(ctx, melinh, store.ActionFilter{Status: "open"})
		if err != nil || len(mine.Items) != 2 {
			t.Fatalf("Mê Linh owes %d: %v", len(mine.Items), err)
		}
		theirs, _ := a.Actions(ctx, socson, store.ActionFilter{Status: "open"})
		if len(theirs.Items) != 1 || theirs.Items[0].OwnerUnitID != demo.SocSon {
			t.Fatalf("Sóc Sơn sees %+v", theirs.Items)
		}
		if _, err := a.ActionItem(ctx, melinh, theirs.Items[0].ID); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("Mê Linh reads Sóc Sơn's item")
		}
		if err := a.UpdateProgress(ctx, melinh, theirs.Items[0].ID, app.ProgressInput{To: followup.ActionInProgress, Note: "x", Version: 1}); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("Mê Linh updated Sóc Sơn's item")
		}
		var early, late store.ActionRow
		for _, it := range mine.Items {
			if it.Due == civil.New(2026, 3, 31) {
				early = it
			} else {
				late = it
			}
		}
		problem(t, a.UpdateProgress(ctx, melinh, late.ID, app.ProgressInput{To: followup.ActionDone, Note: "Xong", Version: late.Version}), "evidence")
		if err := a.UpdateProgress(ctx, melinh, late.ID, app.ProgressInput{To: followup.ActionCancelled, Note: "Không làm", Version: late.Version}); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("the owner cancelled its own item")
		}
		pdf := []app.FileInput{{Name: "bien-ban.pdf", Data: []byte("%PDF-1.4 minh chung")}}
		if err := a.UpdateProgress(ctx, melinh, late.ID, app.ProgressInput{To: followup.ActionInProgress, Note: "Đã phát 2.000 tờ rơi", Evidence: pdf, Version: late.Version}); err != nil {
			t.Fatal(err)
		}
		// Evidence given earlier counts when the item is finally reported done.
		v, _ := a.ActionItem(ctx, melinh, late.ID)
		if err := a.UpdateProgress(ctx, melinh, late.ID, app.ProgressInput{To: followup.ActionDone, Note: "Hoàn thành", Version: v.Item.Version}); err != nil {
			t.Fatal(err)
		}
		v, _ = a.ActionItem(ctx, so, late.ID)
		if v.Item.Status != followup.ActionDone || v.Item.DoneOn != civil.New(2026, 3, 2) || len(v.Progress) != 2 || len(v.Progress[0].Files) != 1 {
			t.Fatalf("after done: %+v", v.Item)
		}
		// Overdue is derived: nothing is written when the date passes.
		so1, _ := a.Actions(ctx, so, store.ActionFilter{Status: "overdue"})
		c.Set(at(2026, 4, 1, 9, 0))
		so2, _ := a.Actions(ctx, so, store.ActionFilter{Status: "overdue"})
		if len(so1.Items) != 0 || len(so2.Items) != 1 || so2.Items[0].ID != early.ID || so2.Overdue != 1 || so2.Open != 2 {
			t.Fatalf("overdue before %d, after %+v", len(so1.Items), so2)
		}
		if a2, _ := a.ActionItem(ctx, so, early.ID); a2.Item.Version != early.Version {
			t.Fatal("the item was rewritten when it became overdue")
		}
		if err := a.UpdateProgress(ctx, so, early.ID, app.ProgressInput{To: followup.ActionCancelled, Note: "Đã giao lại", Version: early.Version}); err != nil {
			t.Fatal(err)
		}
	})
}

// Reminders go out before, on and after the due date, then escalate to the
// Sở; each once, however often the job runs.
func TestReminders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &clock{t: at(2026, 3, 2, 9, 0)}
		a := newApp(t, s, c, true)
		so, melinh, leader := actor(t, a, "chuyenvien"), actor(t, a, "canbo.melinh"), actor(t, a, "lanhdao.so")
		_, err := a.CreateAction(ctx, so, app.ActionItemInput{Title: "Báo cáo kết quả Chương trình 07", OwnerUnitID: demo.MeLinh,
			AssignerUnitID: "hn-skhcn-qlkh", Due: civil.New(2026, 3, 20), Source: followup.Ref{Type: followup.TypeDirective, Label: "1520/SKHCN-QLKH"}})
		if err != nil {
			t.Fatal(err)
		}
		count := func(who app.Actor, key string) int {
			ns, _ := a.Notifications(ctx, who)
			n := 0
			for _, x := range ns {
				if x.Key == key {
					n++
				}
			}
			return n
		}
		run := func(day int) {
			c.Set(at(2026, 3, day, 10, 0))
			for i := 0; i < 2; i++ { // the job runs again: nothing doubles
				if _, err := a.SendReminders(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		run(5) // 15 days before: nothing yet (7 days by default)
		if count(melinh, "ntf.remind.before") != 0 {
			t.Fatal("reminded too early")
		}
		run(14)
		run(15)
		run(20)
		run(21)
		if count(melinh, "ntf.remind.before") != 1 || count(melinh, "ntf.remind.due") != 1 || count(melinh, "ntf.remind.overdue") != 1 {
			t.Fatalf("owner reminders: before %d due %d overdue %d", count(melinh, "ntf.remind.before"), count(melinh, "ntf.remind.due"), count(melinh, "ntf.remind.overdue"))
		}
		if count(leader, "ntf.remind.escalate") != 0 {
			t.Fatal("escalated too early")
		}
		run(27) // 7 days late
		if count(leader, "ntf.remind.escalate") != 1 || count(so, "ntf.remind.escalate") != 1 || count(melinh, "ntf.remind.escalate") != 1 {
			t.Fatal("no escalation to the Sở")
		}
		// The administrator sets other timings; a source can be silenced.
		admin := actor(t, a, "admin")
		if err := a.SaveReminderTiming(ctx, melinh, "action_item", notifyTiming(1, 1, true), 0); !errors.Is(err, app.ErrForbidden) {
			t.Fatal("an officer changed reminder timing")
		}
		problem(t, a.SaveReminderTiming(ctx, admin, "action_item", notifyTiming(-1, 1, true), 0), "before_days")
		if err := a.SaveReminderTiming(ctx, admin, "recommendation_answer", notifyTiming(1, 2, false), 0); err != nil {
			t.Fatal(err)
		}
		if err := a.SaveReminderTiming(ctx, admin, "recommendation_answer", notifyTiming(1, 2, true), 0); !errors.Is(err, app.ErrConflict) {
			t.Fatalf("second save from defaults: %v", err)
		}
	})
}
