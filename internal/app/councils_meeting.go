package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/council"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// RecordAttendance records who is present at the meeting.
func (a *App) RecordAttendance(ctx context.Context, actor Actor, id string, version int, present map[string]bool) error {
	return a.manageBoard(ctx, actor, id, version, func(q store.Q, b *board) error {
		var e valid.Errors
		if !b.packSent() {
			e.Add("present", "err.council.pack_not_sent")
		} else if b.concluded() {
			e.Add("present", "err.council.concluded")
		}
		if e != nil {
			return e
		}
		for _, m := range b.Members {
			if err := q.SetPresent(ctx, id, m.ID, present[m.ID]); err != nil {
				return err
			}
		}
		k := b.Council
		if k.MetAt.IsZero() {
			k.MetAt = a.Now()
		}
		if err := q.UpdateCouncil(ctx, k, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.attendance", "council", id, "", nil, present)
	})
}

// RecordVotes records the ballots on one proposal. Nothing can be voted
// without a quorum; a recused member has no ballot; each ballot is checked.
func (a *App) RecordVotes(ctx context.Context, actor Actor, id, proposalID string, version int, ballots []council.Ballot) error {
	return a.manageBoard(ctx, actor, id, version, func(q store.Q, b *board) error {
		p, ok := b.assigned(proposalID)
		if !ok {
			return ErrNotFound
		}
		var e valid.Errors
		if ok, _ := b.quorum(); !ok {
			e.Add("votes", "err.council.no_quorum")
			return e
		}
		if b.concluded() {
			e.Add("votes", "err.council.concluded")
			return e
		}
		voters := map[string]bool{}
		for _, m := range b.voters(p) {
			voters[m.ID] = true
		}
		var keep []council.Ballot
		for _, x := range ballots {
			if x.Choice == "" {
				continue // no ballot from this member (yet)
			}
			pre := "b_" + x.ExpertID + "_"
			if !voters[x.ExpertID] {
				e.Add(pre+"choice", "err.council.not_voter")
				continue
			}
			x.Name, x.Objectives, x.Products = strings.TrimSpace(x.Name), strings.TrimSpace(x.Objectives), strings.TrimSpace(x.Products)
			x.Reasons, x.Dissent = strings.TrimSpace(x.Reasons), strings.TrimSpace(x.Dissent)
			for k, v := range x.Check(pre) {
				e.Add(k, v.Key, v.Args...)
			}
			keep = append(keep, x)
		}
		if e != nil {
			return e
		}
		if err := q.PutBallots(ctx, id, proposalID, keep); err != nil {
			return err
		}
		if err := a.bump(ctx, q, b.Council); err != nil {
			return err
		}
		t := b.Rules.Count(len(voters), keep)
		return Audit(ctx, q, actor, "council.votes", "council", id, "", nil, map[string]any{"proposal": proposalID, "ballots": keep, "tally": t})
	})
}

// ConcludeInput is the secretary's closing form: ranks for the recommended
// proposals and reasons for the rejected ones.
type ConcludeInput struct {
	Version int
	Ranks   map[string]int
	Reasons map[string]string
}

// Conclude closes the meeting: every proposal needs a conclusion from its
// ballots (more than the pass share of voters); the recommended are
// ranked, the rejected carry reasons, and each proposal moves to the
// matching council state without retyping.
func (a *App) Conclude(ctx context.Context, actor Actor, id string, in ConcludeInput) error {
	return a.manageBoard(ctx, actor, id, in.Version, func(q store.Q, b *board) error {
		var e valid.Errors
		if b.concluded() {
			e.Add("conclude", "err.council.concluded")
			return e
		}
		if ok, _ := b.quorum(); !ok {
			e.Add("conclude", "err.council.no_quorum")
			return e
		}
		var results []council.Result
		ranks := map[string]int{}
		for _, p := range b.Proposals {
			t := b.tally(p)
			switch t.Outcome {
			case council.Undecided:
				e.Add("conclude", "err.council.undecided", p.Title)
			case council.NotRecommended, council.RecommendedWithChanges:
				if strings.TrimSpace(in.Reasons[p.ProposalID]) == "" {
					e.Add("reason_"+p.ProposalID, "err.council.reasons")
				}
			}
			e.MaxLen("reason_"+p.ProposalID, in.Reasons[p.ProposalID], 4000)
			if t.Outcome == council.Recommended || t.Outcome == council.RecommendedWithChanges {
				if r := in.Ranks[p.ProposalID]; r != 0 {
					ranks[p.ProposalID] = r
				}
			}
			results = append(results, council.Result{ProposalID: p.ProposalID, Title: p.Title, Tally: t, Rank: in.Ranks[p.ProposalID],
				Average: b.Criteria.Summarise(b.submittedSheets(p.ProposalID)).Average})
		}
		ranked := council.Rank(results)
		for k, v := range council.CheckRanks(ranks, len(ranked)) {
			e.Add(k, v.Key, v.Args...)
		}
		if e != nil {
			return e
		}
		final := map[string]int{}
		for _, r := range ranked {
			final[r.ProposalID] = r.Rank
		}
		now := a.Now()
		events := map[council.Outcome]proposal.Event{council.Recommended: proposal.Recommend,
			council.RecommendedWithChanges: proposal.RecommendChanges, council.NotRecommended: proposal.NotRecommend}
		type concl struct {
			Proposal, Outcome, Reasons string
			Rank                       int
		}
		var out []concl
		for _, r := range results {
			reason := strings.TrimSpace(in.Reasons[r.ProposalID])
			if err := q.SetConclusion(ctx, id, r.ProposalID, string(r.Tally.Outcome), reason, final[r.ProposalID], now); err != nil {
				return err
			}
			if err := a.councilMove(ctx, q, actor, r.ProposalID, events[r.Tally.Outcome], reason); err != nil {
				return err
			}
			out = append(out, concl{r.ProposalID, string(r.Tally.Outcome), reason, final[r.ProposalID]})
		}
		k := b.Council
		k.State = store.CouncilConcluded
		if err := q.UpdateCouncil(ctx, k, now); err != nil {
			return err
		}
		if err := a.noticeConclusion(ctx, q, b, results); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.conclude", "council", id, "", nil, out)
	})
}

// AppraisalInput is the budget team's form for one task.
type AppraisalInput struct {
	Version int
	TeamIDs []string
	Lines   []council.BudgetLine
}

// AppraisalPage is the budget appraisal of one task.
type AppraisalPage struct {
	Council   store.Council
	Assigned  store.Assigned
	Proposal  proposal.Proposal
	Rules     council.Rules
	Appraisal store.AppraisalRow
	Experts   []store.Expert
	Members   []store.Member
}

// Appraisal opens a task's budget appraisal (2025 regime), for the Sở.
func (a *App) Appraisal(ctx context.Context, actor Actor, id, proposalID string) (AppraisalPage, error) {
	if err := Must(actor, council.View, account.None); err != nil {
		return AppraisalPage{}, err
	}
	q := a.Store.Read()
	b, err := a.loadBoard(ctx, q, id)
	if err != nil {
		return AppraisalPage{}, err
	}
	p, ok := b.assigned(proposalID)
	if !ok {
		return AppraisalPage{}, ErrNotFound
	}
	pg := AppraisalPage{Council: b.Council, Assigned: p, Rules: b.Rules, Members: b.Members}
	if pg.Proposal, err = q.Proposal(ctx, proposalID); err != nil {
		return pg, err
	}
	if pg.Appraisal, err = q.Appraisal(ctx, proposalID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return pg, err
	}
	pg.Experts, err = q.Experts(ctx, "")
	return pg, err
}

// SaveAppraisal stores the budget team's appraisal: five people, one from
// the council, and per line the proposed and appraised amounts with a reason
// where they differ. Its appraised total feeds the approval.
func (a *App) SaveAppraisal(ctx context.Context, actor Actor, id, proposalID string, in AppraisalInput) error {
	if err := Must(actor, council.Manage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		b, err := a.loadBoard(ctx, q, id)
		if err != nil {
			return err
		}
		if _, ok := b.assigned(proposalID); !ok {
			return ErrNotFound
		}
		// The approval funded what was appraised: an approved task's
		// appraisal is closed.
		if p, err := q.Proposal(ctx, proposalID); err != nil {
			return err
		} else if isTask(p) {
			var e valid.Errors
			e.Add("lines", "err.council.appraisal_approved")
			return e
		}
		old, err := q.Appraisal(ctx, proposalID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if old.Version != in.Version {
			return ErrConflict
		}
		var team []council.Seat
		var e valid.Errors
		for _, xid := range in.TeamIDs {
			if xid == "" {
				continue
			}
			x, err := q.Expert(ctx, xid)
			if err != nil {
				e.Add("team", "err.choose")
				continue
			}
			team = append(team, council.Seat{ExpertID: x.ID, Name: x.Name})
		}
		var ids []string
		for _, m := range b.Members {
			ids = append(ids, m.ID)
		}
		ap := council.Appraisal{Team: team, Lines: in.Lines}
		for k, v := range b.Rules.CheckAppraisal(ap, ids) {
			e.Add(k, v.Key, v.Args...)
		}
		if e != nil {
			return e
		}
		row := store.AppraisalRow{ID: old.ID, CouncilID: id, ProposalID: proposalID, Lines: in.Lines, Version: old.Version, UpdatedAt: a.Now()}
		if row.ID == "" {
			row.ID = store.NewID()
		}
		for _, s := range team {
			row.TeamIDs = append(row.TeamIDs, s.ExpertID)
		}
		row.Proposed, row.Appraised = ap.Totals()
		if err := q.PutAppraisal(ctx, row); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.appraisal", "budget_appraisal", row.ID, "", old, row)
	})
}

// councilAttention lists what needs a council member: declarations, sheets
// to write and meetings coming; for the Sở, councils whose sheets are
// missing before the meeting.
func councilAttention(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error) {
	if actor.User == nil || actor.User.Role != account.Council {
		return nil, nil
	}
	q := a.Store.Read()
	x, err := q.ExpertOfUser(ctx, actor.User.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ks, err := q.CouncilsOfExpert(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	var out []AttentionItem
	for _, k := range ks {
		if k.PackSentAt.IsZero() || k.State == store.CouncilConcluded {
			continue
		}
		pg, err := a.Council(ctx, actor, k.ID)
		if err != nil {
			return nil, err
		}
		href := "/councils/" + k.ID
		out = append(out, AttentionItem{Label: "home.council.declare", Count: len(pg.ToDeclare), Href: href + "#declare", Level: "warn"})
		sheets := 0
		for _, p := range pg.Proposals {
			if p.CanRead && (p.Own == nil || p.Own.State != council.SheetSubmitted) {
				sheets++
			}
		}
		out = append(out, AttentionItem{Label: "home.council.sheets", Count: sheets, Href: href + "#sheets", Level: "warn"})
		if !k.MeetingDate.IsZero() {
			out = append(out, AttentionItem{Label: "home.council.meeting", Count: 1, Href: href, Level: "info"})
		}
	}
	return out, nil
}

// noticeConclusion tells the people concerned that a council concluded:
// the Sở's specialists (the call's among them) with how many proposals it
// recommends, with changes or not; each proposing unit's officers and
// leaders that its proposal was reviewed, without the outcome, which stays
// inside the Sở until the approval.
func (a *App) noticeConclusion(ctx context.Context, q store.Q, b *board, results []council.Result) error {
	so, err := UnitUsers(ctx, q, "", account.SoSpecialist)
	if err != nil {
		return err
	}
	c, err := q.Call(ctx, b.Council.CallID)
	if err != nil {
		return err
	}
	if c.CreatedBy != "" {
		if u, err := q.User(ctx, c.CreatedBy); err == nil && u.Role.IsSo() && !u.Disabled {
			so = append(so, u.ID)
		}
	}
	count := map[council.Outcome]int{}
	for _, r := range results {
		count[r.Tally.Outcome]++
	}
	if err := a.Notify(ctx, q, Notice{UserIDs: so, Kind: "council.concluded", Key: "ntf.council.concluded",
		Args: []string{b.Council.Name, strconv.Itoa(count[council.Recommended]), strconv.Itoa(count[council.RecommendedWithChanges]),
			strconv.Itoa(count[council.NotRecommended])}, Link: "/councils/" + b.Council.ID}); err != nil {
		return err
	}
	for _, p := range b.Proposals {
		users, err := UnitUsers(ctx, q, p.UnitID, account.UnitOfficer, account.UnitLeader)
		if err != nil {
			return err
		}
		if err := a.Notify(ctx, q, Notice{UserIDs: users, Kind: "council.concluded", Key: "ntf.council.concluded_unit",
			Args: []string{p.Title}, Link: "/proposals/" + p.ProposalID}); err != nil {
			return err
		}
	}
	return nil
}
