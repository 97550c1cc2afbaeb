package app

import (
	"context"
	"errors"
	"slices"
	"strings"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Links between proposals and the other areas: a recommendation becomes a
// unit's proposal draft; follow-ups show proposals and calls; IP titles
// point to the approved task that produced them.

// proposalConverter turns a recommendation into a unit's proposal draft.
func proposalConverter() RecConverter {
	return RecConverter{Label: "proposal.from_rec", Choices: draftTargets, Convert: draftFromRec}
}

// proposalRef shows a proposal, marked while its unit has not sent it.
func proposalRef(ctx context.Context, q store.Q, id string) (RefInfo, error) {
	p, err := q.Proposal(ctx, id)
	label := describe(p)
	if !proposal.SubmittedOnce(p.State, p.Round) {
		label += " – dự thảo, đơn vị chưa gửi Sở"
	}
	return RefInfo{Label: label, Href: "/proposals/" + id, Opens: func(actor Actor) bool { return canSee(actor, p) == nil }}, err
}

// callRef shows a call, opened by those who take part in it.
func callRef(ctx context.Context, q store.Q, id string) (RefInfo, error) {
	c, err := q.Call(ctx, id)
	return RefInfo{Label: c.Title, Href: "/calls/" + id, Opens: func(actor Actor) bool { return takesPart(actor.User, c) }}, err
}

// draftTargets lists where a recommendation can become a proposal draft:
// each call open for proposals today, with the unit that will own the
// draft: the raising unit, or, for a unit reorganised since, each of
// today's units that took it over. Only eligible units count. An ID is
// "callID/unitID".
func draftTargets(ctx context.Context, q store.Q, a *App, actor Actor, rec store.RecRow) ([]RefInfo, error) {
	today := a.today()
	set, err := q.UnitSet(ctx)
	if err != nil {
		return nil, err
	}
	var out []RefInfo
	for _, l := range set.SuccessorsOn(rec.UnitID, today) {
		if !account.Can(actor.User, proposal.Screen, account.Unit(l.Unit.Path)) {
			continue
		}
		calls, err := q.Calls(ctx, []string{l.Unit.ID}) // opened, eligible
		if err != nil {
			return nil, err
		}
		for _, c := range calls {
			x, err := q.Extension(ctx, c.ID, l.Unit.ID)
			if err != nil {
				return nil, err
			}
			if c.Published() || c.CanSend(today, x.Until) != nil {
				continue
			}
			out = append(out, RefInfo{Type: followup.TypeCall, ID: c.ID + "/" + l.Unit.ID,
				Label: unitLabel(*l.Unit) + " – " + c.Title + " (hạn gửi " + locale.Date(c.Deadline(x.Until)) + ")"})
		}
	}
	locale.SortFunc(out, func(r RefInfo) string { return r.Label })
	return out, nil
}

// draftFromRec starts a draft for the chosen unit in the chosen call, with
// the recommendation's title, description (as objectives) and
// beneficiaries (as where the results apply), and tells the unit. The
// draft is the unit's: it finishes it, its leader sends it, and the Sở sees
// it only once sent, as any other.
func draftFromRec(ctx context.Context, q store.Q, a *App, actor Actor, rec store.RecRow, choice string) (followup.Ref, error) {
	targets, err := draftTargets(ctx, q, a, actor, rec)
	if err != nil {
		return followup.Ref{}, err
	}
	if choice == "" || !slices.ContainsFunc(targets, func(t RefInfo) bool { return t.ID == choice }) {
		return followup.Ref{}, valid.Errors{"choice": {Key: "err.choose"}}
	}
	callID, unitID, _ := strings.Cut(choice, "/")
	c, err := q.Call(ctx, callID)
	if err != nil {
		return followup.Ref{}, err
	}
	unit, err := q.Unit(ctx, unitID)
	if err != nil {
		return followup.Ref{}, err
	}
	in := c.Rules.Prefill(map[string]string{proposal.KeyTitle: rec.Title, proposal.KeyObjectives: rec.Description, "application": rec.Beneficiaries})
	content, e := c.Rules.Parse(in, c.Choices())
	if err := e.Err(); err != nil {
		return followup.Ref{}, err
	}
	p := proposal.Proposal{ID: store.NewID(), CallID: callID, UnitID: unit.ID, UnitPath: unit.Path, Content: content}
	if err := a.insertDraft(ctx, q, actor, p); err != nil {
		return followup.Ref{}, err
	}
	users, err := UnitUsers(ctx, q, unit.ID, account.UnitOfficer, account.UnitLeader)
	if err != nil {
		return followup.Ref{}, err
	}
	err = a.Notify(ctx, q, Notice{UserIDs: users, Kind: "proposal.drafted", Key: "notice.proposal_drafted",
		Args: []string{rec.Title, c.Title, locale.Date(c.Schedule.WindowEnd())}, Link: "/proposals/" + p.ID})
	return followup.Ref{Type: followup.TypeProposal, ID: p.ID, Label: p.Title}, err
}

// takesPart reports whether a user may open a call: the Sở any call, a unit
// an opened call its unit (or a former unit it was formed from) is eligible
// for.
func takesPart(u *account.User, c proposal.Call) bool {
	switch {
	case u == nil:
		return false
	case u.Role.IsSo():
		return true
	case !c.Opened():
		return false
	}
	for _, id := range unitIDsOf(u) {
		if slices.Contains(c.UnitIDs, id) {
			return true
		}
	}
	return false
}

// isTask reports whether a proposal became a task: approved into the plan
// list, published or not yet.
func isTask(p proposal.Proposal) bool {
	return p.State == proposal.Approved || p.State == proposal.Published
}

var taskStates = []proposal.State{proposal.Approved, proposal.Published}

// TaskChoice is a task offered where another area links to one.
type TaskChoice struct {
	ID, Label   string
	Unpublished bool // the reader may not see which task it is yet
}

// TaskChoices offers tasks to link to: the one already chosen (kept even
// when the reader may not see it, so saving does not drop it), then those
// matching text.
func (a *App) TaskChoices(ctx context.Context, actor Actor, text, chosen string) ([]TaskChoice, error) {
	if err := Must(actor, proposal.CallView, account.None); err != nil {
		return nil, err
	}
	q := a.Store.Read()
	var out []TaskChoice
	if chosen != "" {
		l, err := taskLink(ctx, q, actor, chosen)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if err == nil {
			out = append(out, TaskChoice{ID: chosen, Label: l.Title, Unpublished: l.Unpublished})
		}
	}
	found, err := searchTasks(ctx, q, actor, text)
	for _, r := range found {
		if r.ID != chosen {
			out = append(out, TaskChoice{ID: r.ID, Label: describe(proposal.Proposal{UnitName: r.UnitName, Content: proposal.Content{Title: r.Title}})})
		}
	}
	return out, err
}

// searchTasks finds approved tasks by title or objectives, without regard
// to diacritics, exact diacritics first: published tasks for anyone at
// work in khcn, tasks approved but not yet published only for the Sở and
// the unit that proposed them.
func searchTasks(ctx context.Context, q store.Q, actor Actor, text string) ([]store.ProposalRow, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	const limit = 20
	if account.Can(actor.User, proposal.Internal, account.None) {
		return q.ListProposals(ctx, store.ProposalFilter{Text: text, States: taskStates, SoOnly: true, Limit: limit})
	}
	public, err := q.ListProposals(ctx, store.ProposalFilter{Text: text, States: []proposal.State{proposal.Published}, Limit: limit})
	if err != nil {
		return nil, err
	}
	own, err := q.ListProposals(ctx, store.ProposalFilter{Text: text, States: []proposal.State{proposal.Approved},
		UnitPaths: unitPaths(actor.User), Limit: limit})
	out := append(public, own...)
	store.RankByDiacritics(out, text, func(r store.ProposalRow) string { return r.Title })
	return out[:min(len(out), limit)], err
}

// taskFor loads a task actor may link an IP title to: a published task, or
// an approved one the actor may see.
func taskFor(ctx context.Context, q store.Q, actor Actor, id string) (proposal.Proposal, error) {
	p, err := q.Proposal(ctx, id)
	switch {
	case err != nil:
		return p, err
	case !isTask(p):
		return p, ErrNotFound
	case p.State == proposal.Published:
		return p, nil
	}
	return p, canSee(actor, p)
}

// TaskLink is the S&T task an IP title came from, as its reader may see it:
// its page when the reader may open it, else the published list, else only
// that it is an approved task not yet published.
type TaskLink struct {
	Title, Href string
	Unpublished bool // named without its title: the reader may not see it yet
}

func taskLink(ctx context.Context, q store.Q, actor Actor, id string) (TaskLink, error) {
	p, err := q.Proposal(ctx, id)
	switch {
	case err != nil:
		return TaskLink{}, err
	case !isTask(p):
		return TaskLink{}, ErrNotFound
	case canSee(actor, p) == nil:
		return TaskLink{Title: describe(p), Href: "/proposals/" + id}, nil
	case p.State == proposal.Published:
		return TaskLink{Title: describe(p), Href: "/public/calls/" + p.CallID}, nil
	}
	return TaskLink{Unpublished: true}, nil
}

// titlesOfTasks lists, by task, the IP titles the tasks produced that a
// reader may know of: titles of units the reader sees, and verified titles
// (public facts from the IP office) of any unit.
func titlesOfTasks(ctx context.Context, q store.Q, actor Actor, ids []string) (map[string][]ocop.IPTitle, error) {
	all, err := q.IPTitlesOfTasks(ctx, ids)
	for id, list := range all {
		all[id] = slices.DeleteFunc(list, func(t ocop.IPTitle) bool {
			return t.Review != ocop.Verified && !account.Can(actor.User, ocop.View, account.Unit(t.UnitPath))
		})
	}
	return all, err
}
