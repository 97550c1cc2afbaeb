package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/document"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// MoveInput is an event applied to a proposal, with what it needs.
type MoveInput struct {
	proposal.Decision
	Version  int               // the version the actor saw
	Comments map[string]string // field → comment, for a return
	Minutes  *FileInput        // council minutes, with a council outcome
}

// MoveProposal applies one event to a proposal: the unit asking its leader,
// the leader sending it, the Sở screening and deciding. Every move records
// who, when and why, and keeps the version sent.
func (a *App) MoveProposal(ctx context.Context, actor Actor, id string, in MoveInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		p, err := q.Proposal(ctx, id)
		if err != nil {
			return err
		}
		if err := canSee(actor, p); err != nil {
			return err
		}
		if in.Event == proposal.Publish {
			var e valid.Errors
			e.Add("event", "err.publish_via_call")
			return e
		}
		if in.Version != p.Version {
			return ErrConflict
		}
		c, err := q.Call(ctx, p.CallID)
		if err != nil {
			return err
		}
		return a.move(ctx, q, actor, p, c, in)
	})
}

// move applies an event inside the caller's transaction.
func (a *App) move(ctx context.Context, q store.Q, actor Actor, p proposal.Proposal, c proposal.Call, in MoveInput) error {
	t, e := in.Decision.Check()
	if e != nil {
		return e
	}
	if err := Must(actor, t.Action, account.Unit(p.UnitPath)); err != nil {
		return err
	}
	to, err := proposal.Next(p.State, p.InRevision, in.Event)
	if err != nil {
		e.Add("event", "err.move_not_allowed")
		return e
	}
	comments := cleanComments(in.Comments)
	if t.Needs&proposal.NeedComments != 0 && len(comments) == 0 {
		e.Add("comments", "err.comments_required")
		return e
	}
	now := a.Now()
	var funded int64
	m := store.Move{ID: p.ID, Version: p.Version, To: to, InRevision: p.InRevision, Method: p.Method, Round: p.Round, By: actor.User.ID, At: now}
	ev := store.ProposalEvent{ID: store.NewID(), ProposalID: p.ID, At: now, ActorID: actor.User.ID, ActorName: actor.User.Name,
		Event: in.Event, From: p.State, To: to, Reason: strings.TrimSpace(in.Reason)}
	switch in.Event {
	case proposal.RequestApproval, proposal.LeaderApprove:
		if err := a.readyToSend(ctx, q, p, c); err != nil {
			return err
		}
		if in.Event == proposal.LeaderApprove {
			m.Round++
			m.Submitted, ev.VersionNo = now, m.Round
			snap, err := snapshot(ctx, q, p, c)
			if err != nil {
				return err
			}
			if err := q.InsertProposalVersion(ctx, p.ID, m.Round, snap, actor.User.ID, now); err != nil {
				return err
			}
		}
	case proposal.RequestRevision:
		m.InRevision = true
	case proposal.Approve:
		m.Method, ev.Method = in.Method, in.Method
		// The approval funds the appraised total where the budget team
		// appraised the task (2025 regime), the proposed amount otherwise.
		ap, err := q.Appraisal(ctx, p.ID)
		switch {
		case err == nil:
			funded = council.Funded(p.StateBudget, &ap.Appraised)
		case errors.Is(err, store.ErrNotFound):
			funded = p.StateBudget
		default:
			return err
		}
	case proposal.Recommend, proposal.RecommendChanges, proposal.NotRecommend:
		if in.Minutes != nil {
			in.Minutes.OwnerType, in.Minutes.OwnerID, in.Minutes.Purpose, in.Minutes.Field = ownerMinutes, p.ID, "minutes", "minutes"
			f, err := a.SaveFile(ctx, q, actor, *in.Minutes)
			if err != nil {
				return err
			}
			ev.FileID = f.ID
		}
	}
	if err := q.MoveProposal(ctx, m); err != nil {
		return err
	}
	if err := q.InsertProposalEvent(ctx, ev); err != nil {
		return err
	}
	for _, field := range sortedKeys(comments) {
		if err := q.InsertProposalComment(ctx, store.ProposalComment{ID: store.NewID(), ProposalID: p.ID, EventID: ev.ID,
			Field: field, Body: comments[field], CreatedAt: now}); err != nil {
			return err
		}
	}
	if err := a.noticeMove(ctx, q, p, in.Event, ev.Reason); err != nil {
		return err
	}
	// The leader's sending issues the proposal: its paper takes the next
	// number of the unit's register (a later round keeps it). A former
	// unit's proposal sent on its behalf has no register of its own here.
	if in.Event == proposal.LeaderApprove {
		paper := document.Official{Kind: c.Rules.DocTitle, Subject: c.Title, Date: locale.Today(now), Signature: leaderSignature(*actor.User)}
		if _, err := a.issueIn(ctx, q, actor, paper, docRef{Kind: document.KindProposal, SubjectID: p.ID, UnitID: p.UnitID}); err != nil && !errors.Is(err, ErrForbidden) {
			return err
		}
	}
	type state struct {
		State   proposal.State
		Version int
		Reason  string            `json:",omitempty"`
		Method  proposal.Method   `json:",omitempty"`
		Notes   map[string]string `json:",omitempty"`
		Funded  int64             `json:",omitempty"` // the state budget an approval funds
	}
	return Audit(ctx, q, actor, "proposal."+string(in.Event), "proposal", p.ID, p.UnitID,
		state{State: p.State, Version: p.Version}, state{State: to, Version: p.Version + 1, Reason: ev.Reason, Method: m.Method, Notes: comments, Funded: funded})
}

// readyToSend checks that everything required is there and, for a first
// sending, that the window is open for the unit (its extension included).
func (a *App) readyToSend(ctx context.Context, q store.Q, p proposal.Proposal, c proposal.Call) error {
	files, err := q.FilesOf(ctx, ownerProposal, p.ID)
	if err != nil {
		return err
	}
	if e := c.Rules.Complete(p.Content, len(files)); e != nil {
		return &IncompleteError{Errors: e}
	}
	if p.Round > 0 || p.InRevision {
		return nil // a return or the council reopened it: no window applies
	}
	x, err := q.Extension(ctx, c.ID, p.UnitID)
	if err != nil {
		return err
	}
	if e := c.CanSend(locale.Today(a.Now()), x.Until); e != nil {
		return e
	}
	return nil
}

// IncompleteError says a proposal lacks what the form requires; the page
// shows the form with a message at each field.
type IncompleteError struct{ Errors valid.Errors }

func (e *IncompleteError) Error() string { return "incomplete: " + e.Errors.Error() }

// Unwrap lets errors.As find the field errors.
func (e *IncompleteError) Unwrap() error { return e.Errors }

func cleanComments(in map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if v = strings.TrimSpace(v); v != "" && len([]rune(v)) <= 4000 {
			out[k] = locale.NFC(v)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	locale.SortStrings(keys)
	return keys
}

// noticeMove tells the people concerned. Moves inside the Sở tell nobody
// outside it.
func (a *App) noticeMove(ctx context.Context, q store.Q, p proposal.Proposal, e proposal.Event, reason string) error {
	var users []string
	var err error
	unit := func(roles ...account.Role) {
		if err == nil {
			var ids []string
			ids, err = UnitUsers(ctx, q, p.UnitID, roles...)
			users = append(users, ids...)
		}
	}
	so := func() {
		if err == nil {
			var ids []string
			ids, err = UnitUsers(ctx, q, "", account.SoSpecialist)
			users = append(users, ids...)
		}
	}
	args := []string{p.Title}
	switch e {
	case proposal.RequestApproval:
		unit(account.UnitLeader)
	case proposal.LeaderApprove:
		unit(account.UnitOfficer)
		so()
		args = append(args, p.UnitName)
	case proposal.SendBack:
		unit(account.UnitOfficer)
		args = append(args, reason)
	case proposal.Withdraw:
		if proposal.SubmittedOnce(p.State, p.Round) {
			so()
		}
		args = append(args, p.UnitName)
	case proposal.Return, proposal.RequestRevision, proposal.Reject, proposal.Approve, proposal.Publish:
		unit(account.UnitOfficer, account.UnitLeader)
	default:
		return nil
	}
	if err != nil {
		return err
	}
	return a.Notify(ctx, q, Notice{UserIDs: users, Kind: "proposal." + string(e), Key: "notice.proposal_" + string(e),
		Args: args, Link: "/proposals/" + p.ID})
}

// BatchError lists the proposals a batch could not move; nothing was applied.
type BatchError struct{ Items []BatchItem }

// BatchItem is one refused proposal of a batch.
type BatchItem struct {
	ID, Title string
	Problem   valid.Problem
}

func (e *BatchError) Error() string { return "batch refused" }

// batchProblem turns an error about one proposal into a line of a
// BatchError, or returns it when it is not about the proposal.
func batchProblem(items *[]BatchItem, p proposal.Proposal, err error) error {
	var ve valid.Errors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		for _, pr := range ve {
			*items = append(*items, BatchItem{p.ID, describe(p), pr})
			break
		}
	case errors.Is(err, ErrForbidden):
		*items = append(*items, BatchItem{p.ID, describe(p), valid.Problem{Key: "err.forbidden"}})
	case errors.Is(err, ErrConflict):
		*items = append(*items, BatchItem{p.ID, describe(p), valid.Problem{Key: "err.conflict"}})
	default:
		return err
	}
	return nil
}

// SetPending records a decision on proposals to apply later in one batch
// (an empty event clears it). Either every proposal takes it or none does.
func (a *App) SetPending(ctx context.Context, actor Actor, ids []string, d proposal.Decision) error {
	if err := Must(actor, proposal.Screen, account.None); err != nil {
		return err
	}
	d.Reason = strings.TrimSpace(d.Reason)
	var e valid.Errors
	if len(ids) == 0 {
		e.Add("ids", "err.choose_proposals")
		return e
	}
	if d.Event != "" {
		t, ce := d.Check()
		if ce != nil {
			return ce
		}
		if !t.Batch {
			e.Add("event", "err.choose")
			return e
		}
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		var items []BatchItem
		for _, id := range ids {
			p, err := screened(ctx, q, actor, id)
			if err != nil {
				return err
			}
			if d.Event != "" {
				if _, err := proposal.Next(p.State, p.InRevision, d.Event); err != nil {
					items = append(items, BatchItem{p.ID, describe(p), valid.Problem{Key: "err.move_not_allowed"}})
					continue
				}
			}
			if err := q.SetPending(ctx, p.ID, p.Version, d, actor.User.ID, a.Now()); err != nil {
				return err
			}
			if err := Audit(ctx, q, actor, "proposal.pending", "proposal", p.ID, p.UnitID, p.Pending, d); err != nil {
				return err
			}
		}
		if len(items) > 0 {
			return &BatchError{items}
		}
		return nil
	})
}

// ApplyPending applies the pending decisions of the chosen proposals of a
// call in one transaction: all of them or, if any is refused, none.
func (a *App) ApplyPending(ctx context.Context, actor Actor, callID string, ids []string) (int, error) {
	if len(ids) == 0 {
		var e valid.Errors
		e.Add("ids", "err.choose_proposals")
		return 0, e
	}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		c, err := q.Call(ctx, callID)
		if err != nil {
			return err
		}
		var items []BatchItem
		for _, id := range ids {
			p, err := q.Proposal(ctx, id)
			if err != nil {
				return err
			}
			if err := canSee(actor, p); err != nil || p.CallID != callID {
				return errors.Join(err, ErrNotFound)
			}
			if p.Pending.Event == "" {
				items = append(items, BatchItem{p.ID, describe(p), valid.Problem{Key: "err.no_pending"}})
				continue
			}
			if err := batchProblem(&items, p, a.move(ctx, q, actor, p, c, MoveInput{Decision: p.Pending})); err != nil {
				return err
			}
		}
		if len(items) > 0 {
			return &BatchError{items}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}

// PublishCall publishes the approved list of a call under the number of the
// approval decision: every approved proposal becomes public.
func (a *App) PublishCall(ctx context.Context, actor Actor, callID, decisionRef string, version int) (int, error) {
	return a.PublishCallClosing(ctx, actor, callID, decisionRef, version, false)
}

// PublishCallClosing publishes the list; while the proposal window is still
// open (its end or a unit's extension is today or later) it is refused,
// unless closeWindow says to end the window (and the extensions) yesterday
// with it.
func (a *App) PublishCallClosing(ctx context.Context, actor Actor, callID, decisionRef string, version int, closeWindow bool) (int, error) {
	if err := Must(actor, proposal.Decide, account.None); err != nil {
		return 0, err
	}
	decisionRef = strings.TrimSpace(decisionRef)
	var e valid.Errors
	if e.Required("decision_ref", decisionRef) {
		e.MaxLen("decision_ref", decisionRef, 100)
	}
	if err := e.Err(); err != nil {
		return 0, err
	}
	var n int
	err := a.Store.Tx(ctx, func(q store.Q) error {
		c, err := q.Call(ctx, callID)
		if err != nil {
			return err
		}
		approved, err := q.ProposalsOfCall(ctx, callID, []proposal.State{proposal.Approved})
		if err != nil {
			return err
		}
		if len(approved) == 0 {
			e.Add("decision_ref", "err.nothing_to_publish")
			return e
		}
		today := locale.Today(a.Now())
		open, err := windowOpenUntil(ctx, q, c, today)
		if err != nil {
			return err
		}
		if !open.IsZero() {
			if !closeWindow {
				e.Add("close_window", "err.window_still_open", locale.Date(open))
				return e
			}
			if c.Schedule.Start.After(today) {
				e.Add("close_window", "err.window_not_begun")
				return e
			}
			// The last day of receiving is yesterday, or today for a window
			// that opened today (it cannot end before it starts).
			last := today.AddDays(-1)
			if last.Before(c.Schedule.Start) {
				last = c.Schedule.Start
			}
			if err := q.CloseCallWindow(ctx, callID, last); err != nil {
				return err
			}
		}
		for _, p := range approved {
			full, err := q.Proposal(ctx, p.ID)
			if err != nil {
				return err
			}
			if err := a.move(ctx, q, actor, full, c, MoveInput{Decision: proposal.Decision{Event: proposal.Publish}}); err != nil {
				return err
			}
		}
		n = len(approved)
		if err := q.SetCallPublished(ctx, callID, a.Now(), decisionRef, version); err != nil {
			return err
		}
		// Publishing issues the list: it takes its number in the Sở's
		// register, so the published paper is no draft.
		issued, err := a.issueIn(ctx, q, actor, document.Official{Kind: "DANH MỤC", Date: locale.Today(a.Now()),
			Subject: fmt.Sprintf("Nhiệm vụ khoa học và công nghệ đặt hàng thực hiện từ năm %d", c.PlanYear)},
			docRef{Kind: document.KindApprovedList, SubjectID: callID, UnitID: hanoi.SoID})
		if err != nil && !errors.Is(err, ErrForbidden) {
			return err
		}
		return Audit(ctx, q, actor, "call.publish", "call", callID, "", viewOfCall(c),
			map[string]any{"decision_ref": decisionRef, "published": n, "list_number": issued.Number})
	})
	return n, err
}

// windowOpenUntil is the last day a call still receives proposals from
// today on (its window's end or the latest extension), zero when closed.
func windowOpenUntil(ctx context.Context, q store.Q, c proposal.Call, today civil.Date) (civil.Date, error) {
	var until civil.Date
	if !c.Schedule.WindowEnd().Before(today) {
		until = c.Schedule.WindowEnd()
	}
	exts, err := q.Extensions(ctx, c.ID)
	if err != nil {
		return until, err
	}
	for _, x := range exts {
		if !x.Until.Before(today) && x.Until.After(until) {
			until = x.Until
		}
	}
	return until, nil
}
