package app_test

import (
	"context"
	"testing"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// Section V of a report raises recommendations when the report reaches the
// Sở, once: sending it again after a return adds only the new lines.
func TestSectionVRaisesRecommendations(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.ProgrammeSteps()}, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		p := open57(t, e)
		officer, leader, so := progActor(t, e.Store, "canbo.melinh"), progActor(t, e.Store, "lanhdao.melinh"), progActor(t, e.Store, "chuyenvien")
		unit := demo.MeLinh
		send := func(section5 string) {
			t.Helper()
			saveReport(t, e, officer, p.ID, unit, c57Entries("1.250", ""), section5)
			stepReport(t, e, officer, p.ID, unit, programme.Submit)
			stepReport(t, e, leader, p.ID, unit, programme.Approve)
		}
		send("Đề nghị Sở KH&CN:\n- Tổ chức tập huấn chuyển đổi số cho cán bộ xã.\n- Hỗ trợ xử lý nước thải làng nghề.")
		pg, err := e.App.ReportView(ctx, so, p.ID, unit)
		if err != nil {
			t.Fatal(err)
		}
		if len(pg.Raised) != 2 {
			t.Fatalf("raised %d recommendations, want 2: %+v", len(pg.Raised), pg.Raised)
		}
		byTitle := map[string]store.RecRow{}
		for _, r := range pg.Raised {
			byTitle[r.Title] = r
		}
		r := byTitle["Hỗ trợ xử lý nước thải làng nghề."]
		if r.CategoryID != "pollution" || r.UnitID != unit || r.Status != followup.RecReceived || r.Source.Type != followup.TypeReport || r.Source.ID != pg.Report.ID {
			t.Errorf("pollution recommendation: %+v", r.Recommendation)
		}
		if _, ok := byTitle["Tổ chức tập huấn chuyển đổi số cho cán bộ xã."]; !ok {
			t.Errorf("training recommendation missing: %+v", byTitle)
		}
		notes, _ := e.App.Notifications(ctx, so)
		n := 0
		for _, x := range notes {
			if x.Kind == "recommendation.received" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("the Sở got %d recommendation notices, want 2", n)
		}
		// The unit sees them on its report; another commune does not.
		if mine, _ := e.App.ReportView(ctx, officer, p.ID, unit); len(mine.Raised) != 2 {
			t.Errorf("the unit sees %d", len(mine.Raised))
		}
		if others, err := e.App.ReportRecommendations(ctx, progActor(t, e.Store, "canbo.socson"), pg.Report.ID); err != nil || len(others) != 0 {
			t.Errorf("another commune sees %d (%v)", len(others), err)
		}

		// Returned and sent again with one more line: only that line is new.
		if err := e.App.ReportStep(ctx, so, app.StepInput{ReportID: pg.Report.ID, Version: pg.Report.Version, Step: programme.Return, Reason: "Bổ sung."}); err != nil {
			t.Fatal(err)
		}
		// Meanwhile the Sở retired the IP category: the new line, about a
		// mark, is filed under "other" for the Sở to re-file.
		cats, err := e.Store.Read().Categories(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cats {
			if c.ID == "ip_ocop" {
				c.Active = false
				if err := e.App.SaveCategory(ctx, progActor(t, e.Store, "admin"), c); err != nil {
					t.Fatal(err)
				}
			}
		}
		send("- Tổ chức tập huấn chuyển đổi số cho cán bộ xã.\n- Hỗ trợ xử lý nước thải làng nghề.\n- Hỗ trợ xây dựng nhãn hiệu tập thể cho rau an toàn.")
		pg, _ = e.App.ReportView(ctx, so, p.ID, unit)
		if len(pg.Raised) != 3 {
			t.Fatalf("after sending again: %d recommendations, want 3", len(pg.Raised))
		}
		for _, r := range pg.Raised {
			if r.Title == "Hỗ trợ xây dựng nhãn hiệu tập thể cho rau an toàn." && r.CategoryID != "other" {
				t.Errorf("filed under a retired category: %s", r.CategoryID)
			}
		}
		if n := auditCount(t, e.Store, "recommendation.raise", ""); n != 3 {
			t.Errorf("%d raise audit records, want 3", n)
		}
	})
}
