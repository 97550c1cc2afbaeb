package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/store"
)

// followupAttention puts on the home page what the follow-ups need from the
// actor: for the Sở, recommendations to route and answer and late action
// items; for a unit, what it owes and what is late.
func followupAttention(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error) {
	if mayList(actor, followup.ActionView) != nil {
		return nil, nil
	}
	q := a.Store.Read()
	today := a.today()
	scope := readScope(actor)
	var out []AttentionItem
	counts, err := q.ActionCounts(ctx, store.ActionFilter{Scope: scope, Today: today}, "source")
	if err != nil {
		return nil, err
	}
	open, late := 0, 0
	for _, c := range counts {
		open, late = open+c.Open, late+c.Overdue
	}
	out = append(out, AttentionItem{Label: "fu.home.actions_late", Count: late, Href: "/actions?status=overdue", Level: "danger"})
	if !actor.User.Role.IsSo() {
		out = append(out, AttentionItem{Label: "fu.home.actions_open", Count: open, Href: "/actions?status=open", Level: "info"})
	}
	if !account.Can(actor.User, followup.RecommendationHandle, account.None) {
		return out, nil
	}
	add := func(f store.RecFilter, label, href, level string) error {
		f.Today = today
		recs, err := q.Recommendations(ctx, f)
		out = append(out, AttentionItem{Label: label, Count: len(recs), Href: href, Level: level})
		return err
	}
	if err := add(store.RecFilter{Status: string(followup.RecReceived)}, "fu.home.recs_new", "/recommendations?status=received", "warn"); err != nil {
		return nil, err
	}
	if err := add(store.RecFilter{Status: string(followup.RecAssigned), AssigneeID: actor.User.ID}, "fu.home.recs_mine",
		"/recommendations?mine=1", "info"); err != nil {
		return nil, err
	}
	return out, add(store.RecFilter{Status: "late"}, "fu.home.recs_late", "/recommendations?status=late", "danger")
}
