package app_test

import (
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

func lateCount(t *testing.T, a *app.App, actor app.Actor) int {
	t.Helper()
	items, err := a.Attention(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Label == "fu.home.actions_late" {
			return it.Count
		}
	}
	return 0
}

// The home page's attention is kept by the data stamp: a write made
// straight through the store (as another server would) shows on the next
// view, and two apps on one database (two servers) agree.
func TestAttentionFollowsDataStamp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		a := app.New(s, nil)
		for _, st := range demo.Steps()[:2] {
			if err := st.Run(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		other := app.New(s, nil)
		id, err := a.UserIDByLogin(ctx, "chuyenvien")
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.Read().User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		so := app.Actor{User: &u}
		before := lateCount(t, a, so)
		if again := lateCount(t, a, so); again != before {
			t.Fatalf("kept answer %d, first %d", again, before)
		}
		err = s.Tx(ctx, func(q store.Q) error {
			return q.InsertAction(ctx, followup.Item{ID: store.NewID(), Title: "Việc quá hạn", OwnerUnitID: demo.MeLinh, AssignerUnitID: "hn-skhcn",
				Due: civil.New(2020, 1, 1), Status: followup.ActionNotStarted, Source: followup.Ref{Type: followup.TypeDirective, Label: "x"}, CreatedAt: time.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := lateCount(t, a, so); got != before+1 {
			t.Errorf("after a write: %d late, want %d", got, before+1)
		}
		if got := lateCount(t, other, so); got != before+1 {
			t.Errorf("the other server: %d late, want %d", got, before+1)
		}
	})
}
