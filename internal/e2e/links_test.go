package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// as is a demo login acting through the use cases, to set a scene.
func (b *Browser) as(login string) app.Actor {
	b.t.Helper()
	ctx := context.Background()
	id, err := b.Env.App.UserIDByLogin(ctx, login)
	if err != nil {
		b.t.Fatal(err)
	}
	u, err := b.Env.Store.Read().User(ctx, id)
	if err != nil {
		b.t.Fatal(err)
	}
	return app.Actor{User: &u}
}

// call2027 is the demo's open call addressed to today's communes.
func (b *Browser) call2027() store.CallRow {
	b.t.Helper()
	calls, err := b.Env.Store.Read().Calls(context.Background(), nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range calls {
		if c.PlanYear == 2027 {
			return c
		}
	}
	b.t.Fatal("no 2027 call in the demo")
	return store.CallRow{}
}

// The Sở answers Xã Mê Linh's recommendation by starting a proposal draft
// for the commune in the open 2027 call; the commune is told, opens the
// draft from the recommendation and finds it prefilled, with the way back.
func TestRecommendationToProposalDraft(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	ctx := context.Background()
	a, so := b.Env.App, b.as("chuyenvien")
	recs, err := b.Env.Store.Read().Recommendations(ctx, store.RecFilter{Text: "hồ sơ điện tử cấp xã"})
	if err != nil || len(recs) != 1 {
		t.Fatalf("demo recommendation: %v %v", recs, err)
	}
	rec := recs[0]
	step := func(st followup.Step) {
		r, _ := b.Env.Store.Read().Recommendation(ctx, rec.ID)
		if err := a.StepRecommendation(ctx, so, rec.ID, r.Version, st, nil); err != nil {
			t.Fatal(err)
		}
	}
	step(followup.Step{To: followup.RecAssigned, DivisionID: "hn-skhcn-qlkh", AssigneeID: so.User.ID, AnswerDue: locale.Today(a.Now()).AddDays(15)})
	step(followup.Step{To: followup.RecAnswered, Note: "Sở đề nghị xã đề xuất nhiệm vụ trong kế hoạch năm 2027."})
	call := b.call2027()

	b.Login("chuyenvien")
	b.Visit("/recommendations/" + rec.ID)
	b.ClickStay(`details:has(#f-choice_proposal) > summary`)
	b.Run(chromedp.SetValue(chromedp.CSS("#f-choice_proposal"), call.ID+"/"+demo.MeLinh))
	b.Submit("#f-choice_proposal")
	b.MustSee("Đã tạo việc từ kiến nghị", "Đang thực hiện", "Đã tạo", "Đề xuất nhiệm vụ:", "Hỗ trợ triển khai phần mềm quản lý hồ sơ điện tử cấp xã", "chưa gửi Sở")
	if b.Has(`.timeline a[href^="/proposals/"]`) {
		t.Fatal("the Sở is linked into the commune's unsent draft")
	}
	b.Logout()

	b.Login("canbo.melinh")
	b.Visit("/notifications")
	b.MustSee("Sở đã tạo dự thảo đề xuất nhiệm vụ trong đợt")
	b.Visit("/recommendations/" + rec.ID)
	b.Click(`.timeline a[href^="/proposals/"]`)
	b.MustSee("Hỗ trợ triển khai phần mềm quản lý hồ sơ điện tử cấp xã", "Được tạo từ", "Kiến nghị:", "Dự thảo")
	b.Click(`a[href$="/edit"]`)
	if got := b.Value("#f-title"); got != rec.Title {
		t.Fatalf("title not prefilled: %q", got)
	}
	if got := b.Value("#f-objectives"); got != rec.Description {
		t.Fatalf("objectives not prefilled: %q", got)
	}
}

// A commune records a collective mark and links it to the published task
// that built it, found while typing without diacritics; the task's page
// lists the mark.
func TestIPTitleLinkedToTask(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	tasks, err := b.Env.Store.Read().ListProposals(context.Background(),
		store.ProposalFilter{Text: "Gốm Bát Tràng", States: []proposal.State{proposal.Published}})
	if err != nil || len(tasks) != 1 {
		t.Fatalf("demo task: %v %v", tasks, err)
	}
	task := tasks[0]

	b.Login("canbo.gialam")
	b.Visit("/ocop/ip/new")
	b.Choose("#f-kind", "collective")
	b.Fill("#f-name", "Gốm sứ Bát Tràng")
	b.Fill("#f-owner", "Hội Gốm sứ Bát Tràng")
	b.Fill("#f-app_no", "4-2025-30001")
	b.Fill("#f-app_date", "10/03/2025")
	b.Choose("#f-status", "filed")
	b.Fill("#f-task_q", "gom bat trang")
	b.Run(chromedp.WaitReady(chromedp.CSS(`#f-task_id option[value="` + task.ID + `"]`)))
	b.Choose("#f-task_id", task.ID)
	b.Submit("#f-name")
	b.MustSee("Gốm sứ Bát Tràng", "Nhiệm vụ KH&CN tạo ra văn bằng", "Xây dựng nhãn hiệu tập thể “Gốm Bát Tràng”")
	b.Click(`a[href="/proposals/` + task.ID + `"]`)
	b.MustSee("Văn bằng sở hữu trí tuệ từ nhiệm vụ", "Gốm sứ Bát Tràng", "Nhãn hiệu tập thể", "Chờ Sở xác minh")
}

// The Sở records a meeting about the open 2027 call, picked from the list,
// and goes from the meeting to the call.
func TestMeetingAboutACall(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	call := b.call2027()

	b.Login("chuyenvien")
	b.Visit("/meetings/new")
	b.Fill("#f-title", "Làm việc với các xã về đề xuất nhiệm vụ năm 2027")
	b.Fill("#f-date", "20/11/2026")
	b.Fill("#f-chair", "Phó Giám đốc Sở Phạm Văn Đức")
	b.Fill("#f-purpose", "Hướng dẫn các xã đề xuất nhiệm vụ KH&CN năm 2027.")
	b.Choose("#f-concerns", "call/"+call.ID)
	b.Submit("#f-title")
	b.MustSee("Làm việc với các xã về đề xuất nhiệm vụ năm 2027", "Đợt đề xuất, đặt hàng:", call.Title)
	b.Click(`dd a[href="/calls/` + call.ID + `"]`)
	b.MustSee(call.Title, "Đang nhận đề xuất")
}
