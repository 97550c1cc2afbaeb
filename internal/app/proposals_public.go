package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
	"khcn/internal/proposal"
	"khcn/internal/store"
)

// PublicTask is an approved task as anyone may read it once the list is
// published: no budget details, contacts, internal states or notes.
type PublicTask struct {
	Title, Objectives, Results string
	UnitName, UnitType         string
	TaskType                   proposal.TaskType
	Areas                      []string
	DurationMonths             int
	Method                     proposal.Method
	Titles                     []ocop.IPTitle // verified IP titles it produced
}

// PublicList is a call's published list.
type PublicList struct {
	Call  proposal.Call
	Tasks []PublicTask
}

// PublicCalls lists the calls whose approved list is published.
func (a *App) PublicCalls(ctx context.Context, actor Actor) ([]proposal.Call, error) {
	if err := Must(actor, proposal.PublicList, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().PublishedCalls(ctx)
}

// PublicCall returns a call's published list; an unpublished call does not
// exist for the public.
func (a *App) PublicCall(ctx context.Context, actor Actor, id string) (PublicList, error) {
	if err := Must(actor, proposal.PublicList, account.None); err != nil {
		return PublicList{}, err
	}
	q := a.Store.Read()
	c, err := q.Call(ctx, id)
	if err != nil {
		return PublicList{}, err
	}
	if !c.Published() {
		return PublicList{}, ErrNotFound
	}
	published, err := q.ProposalsOfCall(ctx, id, []proposal.State{proposal.Published})
	if err != nil {
		return PublicList{}, err
	}
	ids := make([]string, len(published))
	for i, p := range published {
		ids[i] = p.ID
	}
	titles, err := titlesOfTasks(ctx, q, Actor{}, ids) // as the public sees them, whoever reads
	if err != nil {
		return PublicList{}, err
	}
	out := PublicList{Call: publicCall(c)}
	for _, p := range published {
		out.Tasks = append(out.Tasks, PublicTask{Title: p.Title, Objectives: p.Objectives, Results: p.Results(),
			UnitName: p.UnitName, UnitType: p.UnitType, TaskType: p.TaskType, Areas: areaNames(c, p.AreaIDs),
			DurationMonths: p.DurationMonths, Method: p.Method, Titles: titles[p.ID]})
	}
	return out, nil
}

// publicCall keeps what the public page shows of a call.
func publicCall(c proposal.Call) proposal.Call {
	return proposal.Call{ID: c.ID, PlanYear: c.PlanYear, Title: c.Title, Guidance: c.Guidance, Areas: c.Areas,
		Programmes: c.Programmes, PublishedAt: c.PublishedAt, OpenedAt: c.OpenedAt, DecisionRef: c.DecisionRef, Schedule: c.Schedule}
}

func areaNames(c proposal.Call, ids []string) []string {
	var out []string
	for _, id := range ids {
		for _, a := range c.Areas {
			if a.ID == id {
				out = append(out, a.Name)
			}
		}
	}
	return out
}

// proposalAttention tells each role what waits for it.
func proposalAttention(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error) {
	u := actor.User
	q := a.Store.Read()
	count := func(f store.ProposalFilter) (int, error) {
		c, err := q.CountProposals(ctx, f)
		return c.Total, err
	}
	var items []AttentionItem
	add := func(label, href, level string, f store.ProposalFilter) error {
		n, err := count(f)
		items = append(items, AttentionItem{Label: label, Count: n, Href: href, Level: level})
		return err
	}
	var err error
	switch u.Role {
	case account.UnitOfficer:
		mine := []string{u.UnitPath}
		err = add("attention.returned", "/proposals?state=returned", "danger", store.ProposalFilter{UnitPaths: mine, States: []proposal.State{proposal.Returned}})
		if err == nil {
			err = add("attention.drafts", "/proposals?state=draft", "info", store.ProposalFilter{UnitPaths: mine, States: []proposal.State{proposal.Draft}})
		}
	case account.UnitLeader:
		err = add("attention.awaiting_leader", "/proposals?state=awaiting_leader", "warn",
			store.ProposalFilter{UnitPaths: []string{u.UnitPath}, States: []proposal.State{proposal.AwaitingLeader}})
	case account.SoSpecialist:
		err = add("attention.submitted", "/proposals?state=submitted", "warn", store.ProposalFilter{SoOnly: true, States: []proposal.State{proposal.Submitted}})
		if err == nil {
			err = add("attention.pending", "/proposals?pending=1", "info", store.ProposalFilter{SoOnly: true, Pending: true})
		}
	case account.SoLeader:
		err = add("attention.to_approve", "/proposals?state=recommended&state=revised", "warn",
			store.ProposalFilter{SoOnly: true, States: []proposal.State{proposal.Recommended, proposal.Revised}})
		if err == nil {
			err = add("attention.pending", "/proposals?pending=1", "info", store.ProposalFilter{SoOnly: true, Pending: true})
		}
	}
	return items, err
}

// Unit is the proposing unit, for its display name.
func (t PublicTask) Unit() orgunit.Unit {
	return orgunit.Unit{Name: t.UnitName, Type: orgunit.Type(t.UnitType)}
}
