package app_test

import (
	"context"
	"testing"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/programme"
	"khcn/internal/webtest"
)

// An indicator kept in a registry shows the registry's count for the
// report's unit and period beside what the unit reports, and a difference
// nobody explains is flagged without blocking the report.
func TestReportShowsRegistryCount(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.ProgrammeSteps()}, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		p := open57(t, e)
		officer, leader := progActor(t, e.Store, "canbo.melinh"), progActor(t, e.Store, "lanhdao.melinh")

		// The Sở ties "people guided in digital skills" to the training registry.
		info, err := e.App.Programme(ctx, progActor(t, e.Store, "chuyenvien"), demo.Programme57)
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range info.Indicators {
			if ind.Code == "C_SKILLS" {
				ind.Registry = programme.RegistryTrainingPeople
				if _, err := e.App.SaveIndicator(ctx, app.System(), ind); err != nil {
					t.Fatal(err)
				}
			}
		}
		held := func(unit string, day civil.Date, people int, status followup.TrainingStatus) {
			t.Helper()
			who := officer
			if unit == demo.SocSon {
				who = progActor(t, e.Store, "canbo.socson")
			}
			if _, err := e.App.RecordTraining(ctx, who, app.TrainingInput{Kind: followup.KindTraining, Status: status, Date: day,
				UnitID: unit, Topic: "Hướng dẫn kỹ năng số cho người dân", Participants: people}); err != nil {
				t.Fatal(err)
			}
		}
		held(demo.MeLinh, civil.New(2026, 3, 10), 120, followup.TrainingHeld)
		held(demo.MeLinh, civil.New(2026, 9, 5), 80, followup.TrainingHeld)
		held(demo.MeLinh, civil.New(2025, 12, 1), 500, followup.TrainingHeld) // before the period (15/12/2025 on)
		held(demo.SocSon, civil.New(2026, 5, 5), 300, followup.TrainingHeld)  // another commune
		held(demo.MeLinh, civil.New(2026, 12, 10), 40, followup.TrainingPlanned)

		save := func(skills, comment string) app.ReportPage {
			t.Helper()
			return saveReport(t, e, officer, p.ID, demo.MeLinh, c57Entries(skills, comment), "")
		}
		pg := save("1.250", "")
		if got := pg.Counts["C_SKILLS"]; got != 200 {
			t.Fatalf("registry count %v, want 200 (two courses held in the period)", got)
		}
		if w := pg.Findings.Warnings[programme.Field("C_SKILLS")]; w.Key != "warn.val.registry" {
			t.Errorf("an unexplained difference is not flagged: %+v", pg.Findings.Warnings)
		}
		if _, ok := pg.Counts["C_TASKS"]; ok {
			t.Error("an indicator with no registry has a count")
		}
		pg = save("200", "")
		if _, ok := pg.Findings.Warnings[programme.Field("C_SKILLS")]; ok {
			t.Errorf("a matching value is flagged: %+v", pg.Findings.Warnings)
		}
		pg = save("1.250", "Tổ công nghệ số cộng đồng hướng dẫn tại nhà, chưa vào sổ")
		if _, ok := pg.Findings.Warnings[programme.Field("C_SKILLS")]; ok {
			t.Errorf("an explained difference is flagged: %+v", pg.Findings.Warnings)
		}
		// A difference never blocks sending.
		stepReport(t, e, officer, p.ID, demo.MeLinh, programme.Submit)
		stepReport(t, e, leader, p.ID, demo.MeLinh, programme.Approve)
	})
}
