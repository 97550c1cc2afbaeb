package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/valid"
	"khcn/internal/webtest"
)

// at fixes the app's clock on a Vietnam day at 10:00.
func setDay(e *webtest.Env, d civil.Date) {
	t := time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, locale.Zone)
	e.App.Now = func() time.Time { return t }
}

func progActor(t testing.TB, s *store.Store, login string) app.Actor {
	t.Helper()
	ctx := context.Background()
	id, err := s.Read().UserIDByLogin(ctx, login)
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	u, err := s.Read().User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return app.Actor{User: &u, IP: "test", RequestID: "test"}
}

func progPeriod(t *testing.T, s *store.Store, programmeID, code string) programme.Period {
	t.Helper()
	ps, err := s.Read().Periods(context.Background(), programmeID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("no period %s", code)
	return programme.Period{}
}

func auditCount(t *testing.T, s *store.Store, action, objectID string) int {
	t.Helper()
	es, err := s.Read().Audit(context.Background(), store.AuditFilter{Action: action, ObjectID: objectID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// The whole flow on one report: strict entry that never half-saves, the
// officer → leader → Sở approval, returns with a reason, locks with their
// own reasons, an audited exception, notifications and scope.
func TestReportFlow(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.ProgrammeSteps()}, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		p := open57(t, e)
		officer, leader, so := progActor(t, e.Store, "canbo.melinh"), progActor(t, e.Store, "lanhdao.melinh"), progActor(t, e.Store, "chuyenvien")
		unit := demo.MeLinh

		pg, err := e.App.ReportView(ctx, officer, p.ID, unit)
		if err != nil {
			t.Fatal(err)
		}
		if pg.Report.State != programme.Draft || pg.Lock != programme.Open || len(pg.Steps) != 1 || pg.Steps[0].Step != programme.Submit {
			t.Fatalf("draft: state %s lock %q steps %+v", pg.Report.State, pg.Lock, pg.Steps)
		}
		// Sending is refused while a value is missing, naming the indicator.
		err = e.App.ReportStep(ctx, officer, app.StepInput{ReportID: pg.Report.ID, Version: pg.Report.Version, Step: programme.Submit})
		var ve valid.Errors
		if !errors.As(err, &ve) || ve[programme.Field("C_SKILLS")].Key != "err.val.missing" {
			t.Fatalf("submit with a missing value: %v", err)
		}
		// "N/A" is never a number, and nothing of the form is saved.
		in := app.ReportInput{PeriodID: p.ID, UnitID: unit, Version: pg.Report.Version, Entries: map[string]programme.Entry{
			"C_ONLINE": {Raw: "91,5"}, "C_SKILLS": {Raw: "N/A"}, "C_TASKS": {Raw: "7"}, "C_PLAN": {Raw: "Có"}}}
		err = e.App.SaveReport(ctx, officer, in)
		if !errors.As(err, &ve) || ve[programme.Field("C_SKILLS")].Key != "err.val.not_number" || ve[programme.Field("C_SKILLS")].Args[1] != "N/A" {
			t.Fatalf("N/A accepted: %v", err)
		}
		if again, _ := e.App.ReportView(ctx, officer, p.ID, unit); again.Current["C_TASKS"].Num == 7 || again.Report.Version != pg.Report.Version {
			t.Fatal("a refused form was partly saved")
		}
		in.Entries["C_SKILLS"] = programme.Entry{Raw: "1.250", Comment: "Tổ công nghệ số cộng đồng hướng dẫn"}
		in.Sections[0] = "Đảng ủy xã đã ban hành kế hoạch."
		if err := e.App.SaveReport(ctx, officer, in); err != nil {
			t.Fatal(err)
		}
		if err := e.App.SaveReport(ctx, officer, in); !errors.Is(err, app.ErrConflict) {
			t.Fatalf("saving a stale form: %v", err)
		}
		pg, _ = e.App.ReportView(ctx, officer, p.ID, unit)
		if pg.Current["C_SKILLS"].Num != 1250 || pg.Values[indicatorID(pg, "C_SKILLS")].Comment == "" || auditCount(t, e.Store, "report.save", pg.Report.ID) != 1 {
			t.Fatalf("saved values: %+v", pg.Current)
		}
		// Another commune never sees this draft.
		if _, err := e.App.ReportView(ctx, progActor(t, e.Store, "canbo.socson"), p.ID, unit); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("another commune reads the draft: %v", err)
		}

		step := func(a app.Actor, st programme.Step, reason string) error {
			pg, err := e.App.ReportView(ctx, a, p.ID, unit)
			if err != nil {
				return err
			}
			return e.App.ReportStep(ctx, a, app.StepInput{ReportID: pg.Report.ID, Version: pg.Report.Version, Step: st, Reason: reason})
		}
		if err := step(officer, programme.Submit, ""); err != nil {
			t.Fatal(err)
		}
		if pg, _ := e.App.ReportView(ctx, officer, p.ID, unit); pg.Lock != programme.LockSubmitted {
			t.Errorf("after submitting the officer's lock is %q", pg.Lock)
		}
		if err := step(so, programme.Accept, ""); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("the Sở accepted before the leader approved: %v", err)
		}
		if err := step(leader, programme.Approve, ""); err != nil {
			t.Fatal(err)
		}
		if pg, _ := e.App.ReportView(ctx, leader, p.ID, unit); pg.Lock != programme.LockApproved || pg.Report.State != programme.Approved {
			t.Errorf("approved: state %s lock %q", pg.Report.State, pg.Lock)
		}
		if err := step(leader, programme.Return, "sửa lại"); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("the leader unlocked an approved report: %v", err)
		}
		if err := step(so, programme.Return, "  "); !errors.As(err, &ve) || !ve.Has("reason") {
			t.Errorf("returned without a reason: %v", err)
		}
		if err := step(so, programme.Return, "Bổ sung minh chứng cho số người được hướng dẫn."); err != nil {
			t.Fatal(err)
		}
		pg, _ = e.App.ReportView(ctx, officer, p.ID, unit)
		if pg.Report.State != programme.Returned || pg.Report.ReturnReason == "" || pg.Lock != programme.Open {
			t.Fatalf("returned: %+v lock %q", pg.Report.State, pg.Lock)
		}
		notes, _ := e.App.Notifications(ctx, officer)
		if len(notes) == 0 || notes[0].Key != "notice.report.returned" || notes[0].Args[3] != "Bổ sung minh chứng cho số người được hướng dẫn." {
			t.Fatalf("officer's notices: %+v", notes)
		}

		// After the deadline the data locks with its own reason, until the
		// Sở grants this unit an exception.
		setDay(e, civil.New(2026, 12, 20))
		pg, _ = e.App.ReportView(ctx, officer, p.ID, unit)
		in.Version = pg.Report.Version
		var locked app.ReportLockedError
		if err := e.App.SaveReport(ctx, officer, in); !errors.As(err, &locked) || locked.Lock != programme.LockDeadline {
			t.Fatalf("save after the deadline: %v", err)
		}
		if err := e.App.GrantException(ctx, so, p.ID, unit, civil.New(2026, 12, 19), "quá khứ"); !errors.As(err, &ve) || !ve.Has("until") {
			t.Errorf("exception ending in the past: %v", err)
		}
		if err := e.App.GrantException(ctx, officer, p.ID, unit, civil.New(2026, 12, 22), "tự cấp"); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("an officer granted an exception: %v", err)
		}
		if err := e.App.GrantException(ctx, so, p.ID, unit, civil.New(2026, 12, 22), "Xã mới sáp nhập, thiếu cán bộ."); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, e.Store, "report.exception.grant", p.ID); n != 1 {
			t.Errorf("exception audit records: %d", n)
		}
		if err := e.App.SaveReport(ctx, officer, in); err != nil {
			t.Fatalf("save with an exception: %v", err)
		}
		if err := step(officer, programme.Submit, ""); err != nil {
			t.Fatal(err)
		}
		if err := step(leader, programme.Approve, ""); err != nil {
			t.Fatal(err)
		}
		if err := step(so, programme.Accept, ""); err != nil {
			t.Fatal(err)
		}
		pg, _ = e.App.ReportView(ctx, officer, p.ID, unit)
		if pg.Report.State != programme.Accepted || !pg.Late || len(pg.Events) != 6 {
			t.Errorf("accepted: %s late %v events %d", pg.Report.State, pg.Late, len(pg.Events))
		}
	})
}

func indicatorID(pg app.ReportPage, code string) string {
	for _, i := range pg.Indicators {
		if i.Code == code {
			return i.ID
		}
	}
	return ""
}

// Reminders go out before and after the deadline exactly once, even when
// two servers run the job at the same moment.
func TestRemindersOnceAcrossServers(t *testing.T) {
	for _, eng := range testdb.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			s := eng.Open(t)
			e := webtest.Start(t, s, webtest.Options{Steps: demo.ProgrammeSteps()})
			other := webtest.Start(t, s, webtest.Options{Steps: []demo.Step{}})
			ctx := context.Background()
			count := func(kind string) int {
				var n int
				for _, l := range []string{"canbo.melinh", "lanhdao.socson", "canbo.gialam", "chuyenvien"} {
					ns, err := e.App.Notifications(ctx, progActor(t, s, l))
					if err != nil {
						t.Fatal(err)
					}
					for _, x := range ns {
						if x.Kind == kind {
							n++
						}
					}
				}
				return n
			}
			run := func(day civil.Date) {
				setDay(e, day)
				setDay(other, day)
				done := make(chan error, 2)
				for _, a := range []*app.App{e.App, other.App} {
					go func() { _, err := a.RemindReports(ctx); done <- err }()
				}
				for range 2 {
					if err := <-done; err != nil {
						t.Fatal(err)
					}
				}
			}
			run(civil.New(2026, 12, 15)) // three days before the 18/12 deadline
			// xã Mê Linh (draft) and Sóc Sơn (submitted) have not sent; Gia
			// Lâm (approved) has.
			if n := count("report.reminder"); n != 2 {
				t.Fatalf("reminders before the deadline: %d, want 2 (Mê Linh's officer, Sóc Sơn's leader)", n)
			}
			run(civil.New(2026, 12, 15))
			if n := count("report.reminder"); n != 2 {
				t.Fatalf("reminders sent twice: %d", n)
			}
			run(civil.New(2026, 12, 19))
			if n, late := count("report.reminder"), count("report.late"); n != 4 || late != 1 {
				t.Fatalf("after the deadline: %d reminders, %d summaries to the Sở", n, late)
			}
		})
	}
}

// c57Entries fills the Resolution 57 demo report of a commune.
func c57Entries(skills, comment string) map[string]programme.Entry {
	return map[string]programme.Entry{"C_ONLINE": {Raw: "91,5"}, "C_SKILLS": {Raw: skills, Comment: comment}, "C_TASKS": {Raw: "7"}, "C_PLAN": {Raw: "Có"}}
}

// saveReport saves a unit's report for a period as actor, with section V,
// and returns the page as saved.
func saveReport(t *testing.T, e *webtest.Env, actor app.Actor, periodID, unit string, entries map[string]programme.Entry, section5 string) app.ReportPage {
	t.Helper()
	ctx := context.Background()
	pg, err := e.App.ReportView(ctx, actor, periodID, unit)
	if err != nil {
		t.Fatal(err)
	}
	in := app.ReportInput{PeriodID: periodID, UnitID: unit, Version: pg.Report.Version, Entries: entries}
	in.Sections[4] = section5
	if err := e.App.SaveReport(ctx, actor, in); err != nil {
		t.Fatal(err)
	}
	pg, err = e.App.ReportView(ctx, actor, periodID, unit)
	if err != nil {
		t.Fatal(err)
	}
	return pg
}

// stepReport takes one step of a report's flow as actor.
func stepReport(t *testing.T, e *webtest.Env, actor app.Actor, periodID, unit string, step programme.Step) {
	t.Helper()
	ctx := context.Background()
	pg, err := e.App.ReportView(ctx, actor, periodID, unit)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.ReportStep(ctx, actor, app.StepInput{ReportID: pg.Report.ID, Version: pg.Report.Version, Step: step}); err != nil {
		t.Fatal(err)
	}
}

// open57 sets the day to 26/11/2026, when the 2026 period of the
// Resolution 57 demo programme is open, and returns that period.
func open57(t *testing.T, e *webtest.Env) programme.Period {
	t.Helper()
	setDay(e, civil.New(2026, 11, 26))
	return progPeriod(t, e.Store, demo.Programme57, "2026")
}
