package app_test

import (
	"strconv"
	"testing"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/testdb"
)

// Moving the window's end of an open call moves the later phases with it
// (none silently shrinks), unless the Sở keeps their dates; the units are
// told of the new deadline.
func TestMovingAPhaseEndKeepsLaterLengths(t *testing.T) {
	w := newWorld(t, testdb.SQLite(t))
	w.loadDemo("proposals")
	a := w.a
	so := w.as("chuyenvien")
	calls, err := a.Calls(ctx, so)
	w.must(err)
	var c proposal.Call
	for _, x := range calls {
		full, err := a.Store.Read().Call(ctx, x.ID)
		w.must(err)
		for _, u := range full.UnitIDs {
			if full.Opened() && u == demo.MeLinh {
				c = full
			}
		}
	}
	if c.ID == "" {
		t.Fatal("no open call in the demo")
	}
	input := func(c proposal.Call, ends [5]string) app.CallInput {
		return app.CallInput{PlanYear: strconv.Itoa(c.PlanYear), Title: c.Title, Guidance: c.Guidance, Start: locale.Date(c.Schedule.Start),
			Ends: ends, DecisionRef: c.DecisionRef, Version: c.Version}
	}
	var ends [5]string
	for i, e := range c.Schedule.Ends {
		ends[i] = locale.Date(e)
	}
	ends[0] = locale.Date(c.Schedule.Ends[0].AddDays(7))
	w.must(a.UpdateCall(ctx, so, c.ID, input(c, ends)))
	after, err := a.Store.Read().Call(ctx, c.ID)
	w.must(err)
	for i := 1; i < 5; i++ {
		was := c.Schedule.Starts()[i].DaysUntil(c.Schedule.Ends[i])
		if now := after.Schedule.Starts()[i].DaysUntil(after.Schedule.Ends[i]); now != was {
			t.Errorf("phase %s: %d days, was %d", proposal.Phases[i], now, was)
		}
	}
	// A unit's officer is told of the new deadline.
	officer := w.as("canbo.melinh")
	ns, err := a.Store.Read().Notifications(ctx, officer.User.ID, 50)
	w.must(err)
	told := false
	for _, n := range ns {
		told = told || n.Kind == "call.deadline"
	}
	if !told {
		t.Error("the units were not told of the new deadline")
	}
	// Keeping the later dates moves only the next start.
	in := input(after, [5]string{})
	for i, e := range after.Schedule.Ends {
		in.Ends[i] = locale.Date(e)
	}
	in.Ends[0] = locale.Date(after.Schedule.Ends[0].AddDays(-3))
	in.KeepDates = true
	w.must(a.UpdateCall(ctx, so, c.ID, in))
	kept, err := a.Store.Read().Call(ctx, c.ID)
	w.must(err)
	if kept.Schedule.Ends[1] != after.Schedule.Ends[1] || kept.Schedule.Ends[0] != after.Schedule.Ends[0].AddDays(-3) {
		t.Errorf("kept dates: %v, was %v", kept.Schedule.Ends, after.Schedule.Ends)
	}
}
