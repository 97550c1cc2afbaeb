package demo_test

import (
	"context"
	"testing"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The whole demo data set loads on both engines, and every printed login exists.
func TestDemoLoads(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := app.New(s, nil)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		if ok, err := demo.Loaded(ctx, s); !ok || err != nil {
			t.Fatalf("Loaded = %v, %v", ok, err)
		}
		links(t, ctx, a)
		for _, l := range demo.Logins {
			res, err := a.Login(ctx, app.Actor{IP: "127.0.0.1"}, l.Login, demo.Password, "test")
			if err != nil || res.Token == "" || res.User.Role != l.Role || res.User.UnitID != l.UnitID {
				t.Errorf("login %s: %v %+v", l.Login, err, res.User)
			}
		}
	})
}

// links checks the demo ties the areas together: the 2024 meeting is about
// Programme 07, Đông Anh's recommendation became a 2027 draft, the "Hoa Mê
// Linh" mark points to its task, and a plan step is an action item.
func links(t *testing.T, ctx context.Context, a *app.App) {
	t.Helper()
	q := a.Store.Read()
	meetings, err := q.Meetings(ctx, store.MeetingFilter{})
	if err != nil || len(meetings) == 0 || meetings[0].Concerns.Type != followup.TypeProgramme || meetings[0].Concerns.ID == "" {
		t.Errorf("meeting's programme: %+v %v", meetings, err)
	}
	drafts, err := q.ListProposals(ctx, store.ProposalFilter{UnitID: demo.DongAnh, Text: "cụm công nghiệp làng nghề"})
	if err != nil || len(drafts) != 1 {
		t.Fatalf("draft from the recommendation: %+v %v", drafts, err)
	}
	if l, err := q.LinksOf(ctx, followup.TypeProposal, drafts[0].ID); err != nil || len(l) != 1 || l[0].FromType != followup.TypeRecommendation {
		t.Errorf("draft's link: %+v %v", l, err)
	}
	titles, err := q.IPTitles(ctx, "/", "Hoa Mê Linh")
	if err != nil || len(titles) != 1 || titles[0].TaskID == "" {
		t.Errorf("mark's task: %+v %v", titles, err)
	}
	items, err := q.Actions(ctx, store.ActionFilter{SourceType: followup.TypeOcopPlan}, 10)
	if err != nil || len(items) != 1 {
		t.Errorf("plan step handed out: %+v %v", items, err)
	}
}
