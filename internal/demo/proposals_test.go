package demo_test

import (
	"context"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The demo follows the story: a 2025 call with proposals of the four former
// districts in every state (two overlapping), and a 2027 call open today.
func TestDemoProposals(t *testing.T) {
	ctx := context.Background()
	s := testdb.SQLite(t)
	a := app.New(s, nil)
	if err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	q := s.Read()
	calls, err := q.Calls(ctx, nil)
	// The 2027 plan call, the 2027 grant call of the 2025 regime
	// (councils.go) and the 2025 plan call.
	if err != nil || len(calls) != 3 {
		t.Fatalf("calls %d %v", len(calls), err)
	}
	c27, c25 := calls[0], calls[2]
	if c25.PlanYear != 2025 || !c25.Published() || c27.PlanYear != 2027 || c27.Status(locale.Today(a.Now())) != "window" {
		t.Fatalf("2025 published %v, 2027 status %s", c25.Published(), c27.Status(locale.Today(a.Now())))
	}
	if c27.Units != 126 {
		t.Errorf("2027 call for %d units, want today's 126 communes and wards", c27.Units)
	}
	rows, err := q.ListProposals(ctx, store.ProposalFilter{CallID: c25.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[proposal.State]bool{}
	units := map[string]bool{}
	for _, r := range rows {
		seen[r.State] = true
		units[r.UnitName] = true
	}
	for _, st := range proposal.States {
		if !seen[st] {
			t.Errorf("no 2025 proposal in state %s", st)
		}
	}
	for _, u := range []string{"Mê Linh", "Sóc Sơn", "Gia Lâm", "Đông Anh"} {
		if !units[u] {
			t.Errorf("no proposal from %s", u)
		}
	}
	so := actor(t, a, "chuyenvien")
	groups, err := a.SimilarityReport(ctx, so, c25.ID, 0)
	if err != nil || len(groups) == 0 {
		t.Fatalf("no overlap in the 2025 call: %v", err)
	}
	var names []string
	for _, m := range groups[0].Members {
		names = append(names, m.UnitName)
	}
	if got := strings.Join(names, ","); !strings.Contains(got, "Mê Linh") || !strings.Contains(got, "Sóc Sơn") {
		t.Errorf("closest overlap between %s (%.2f)", got, groups[0].Score)
	}
	// Today's officers were told of the 2027 call and see their former
	// district's proposals as history.
	officer := actor(t, a, "canbo.melinh")
	notes, _ := a.Notifications(ctx, officer)
	told := false
	for _, n := range notes {
		told = told || n.Key == "notice.call_opened"
	}
	if !told {
		t.Errorf("officer's notices: %+v", notes)
	}
	mine, err := a.Proposals(ctx, officer, store.ProposalFilter{CallID: c25.ID})
	if err != nil {
		t.Fatal(err)
	}
	// xã Mê Linh was formed from communes of the former Mê Linh and Đông Anh
	// districts, whose history it reads; Sóc Sơn's and Gia Lâm's stay hidden.
	from := map[string]int{}
	for _, r := range mine.Rows {
		from[r.UnitName]++
		if r.State.Internal() {
			t.Errorf("officer sees internal state %s", r.State)
		}
	}
	if from["Mê Linh"] != 5 || from["Sóc Sơn"] != 0 || from["Gia Lâm"] != 0 {
		t.Fatalf("Mê Linh's view of 2025: %v", from)
	}
	pub, err := a.PublicCall(ctx, app.Actor{}, c25.ID)
	if err != nil || len(pub.Tasks) != 3 {
		t.Fatalf("published tasks %d %v", len(pub.Tasks), err)
	}
}

func actor(t *testing.T, a *app.App, login string) app.Actor {
	id, err := a.UserIDByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Store.Read().User(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return app.Actor{User: &u}
}
