package app

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/council"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// MemberView is a seat on the council page.
type MemberView struct {
	store.Member
	Submitted int  // sheets submitted
	Declared  bool // declared on every proposal not of their own unit
}

// Recusal is a member kept away from a proposal, for the page and minutes.
type Recusal struct {
	ExpertID, Name string
	Reason         council.Reason
	Text           string // the declared conflict
}

// SheetView is a submitted sheet as others read it.
type SheetView struct {
	store.SheetRow
	Name  string
	Score council.Score
}

// AssignedView is an assigned proposal on the council page.
type AssignedView struct {
	store.Assigned
	Evidence Evidence
	// For a member: where they stand, whether they may read it, their own
	// sheet.
	Standing council.Reason
	CanRead  bool
	Own      *store.SheetRow
	// Others' sheets, when the actor may read them.
	Others   []SheetView
	Summary  council.Summary
	Tally    council.Tally
	Voters   int
	Recused  []Recusal
	Ballots  []council.Ballot
	Declared map[string]*council.Declaration // expert → declaration (Sở)
	// Appraisal is the budget team's result (Sở, 2025 regime); its
	// appraised total is what the approval funds.
	Appraisal *store.AppraisalRow
}

// CouncilPage is the council page for the Sở or a member.
type CouncilPage struct {
	Council   store.Council
	Call      proposal.Call
	Rules     council.Rules
	Criteria  council.Criteria
	Members   []MemberView
	Proposals []AssignedView
	Me        *store.Member
	Manage    bool // the Sở may change it
	PackSent  bool
	Concluded bool
	Quorum    bool
	Missing   []string
	// ToDeclare are the proposals the member has still to declare on.
	ToDeclare []store.Assigned
	// OwnUnit counts proposals the member is recused from automatically.
	OwnUnit int
	Ranking []council.Result
	// Assignable are proposals of the call that could still be assigned.
	Assignable []proposal.Proposal
}

// Council returns a council's page: the Sở sees everything, a member what
// their seat opens.
func (a *App) Council(ctx context.Context, actor Actor, id string) (CouncilPage, error) {
	q := a.Store.Read()
	b, err := a.loadBoard(ctx, q, id)
	if err != nil {
		return CouncilPage{}, err
	}
	if err := seeBoard(actor, b); err != nil {
		return CouncilPage{}, err
	}
	pg := CouncilPage{Council: b.Council, Call: b.Call, Rules: b.Rules, Criteria: b.Criteria, PackSent: b.packSent(), Concluded: b.concluded(),
		Manage: account.Can(actor.User, council.Manage, account.None)}
	so := account.Can(actor.User, council.View, account.None)
	if m, ok := b.memberOf(actor); ok {
		pg.Me = &m
	}
	pg.Quorum, pg.Missing = b.quorum()
	for _, m := range b.Members {
		mv := MemberView{Member: m, Declared: true}
		for _, p := range b.Proposals {
			if b.sheets[p.ProposalID][m.ID].State == council.SheetSubmitted {
				mv.Submitted++
			}
			if b.standing(m.ID, p) == council.Undeclared {
				mv.Declared = false
			}
		}
		pg.Members = append(pg.Members, mv)
	}
	names := map[string]string{}
	for _, m := range b.Members {
		names[m.ID] = m.Name
	}
	var results []council.Result
	for _, p := range b.Proposals {
		v := AssignedView{Assigned: p, Tally: b.tally(p), Voters: len(b.voters(p)), Ballots: b.ballots[p.ProposalID]}
		if p.Similarity != "" {
			_ = json.Unmarshal([]byte(p.Similarity), &v.Evidence)
		}
		for _, m := range b.Members {
			if r := b.standing(m.ID, p); r.Recused() {
				rc := Recusal{ExpertID: m.ID, Name: m.Name, Reason: r}
				if d := b.decls[m.ID][p.ProposalID]; d != nil {
					rc.Text = d.Reason
				}
				v.Recused = append(v.Recused, rc)
			}
		}
		if pg.Me != nil {
			v.Standing = b.standing(pg.Me.ID, p)
			v.CanRead = b.canRead(actor, p)
			if s, ok := b.sheets[p.ProposalID][pg.Me.ID]; ok {
				v.Own = &s
			}
			switch {
			case v.Standing == council.OwnUnit:
				pg.OwnUnit++
				continue // never shown, not even its title
			case v.Standing == council.Undeclared && pg.PackSent:
				pg.ToDeclare = append(pg.ToDeclare, p)
			}
			if !pg.PackSent {
				continue
			}
			v.Recused, v.Ballots = nil, nil // the Sở's business
		}
		if so {
			if ap, err := q.Appraisal(ctx, p.ProposalID); err == nil {
				v.Appraisal = &ap
			} else if !errors.Is(err, store.ErrNotFound) {
				return pg, err
			}
			v.Declared = map[string]*council.Declaration{}
			for _, m := range b.Members {
				v.Declared[m.ID] = b.decls[m.ID][p.ProposalID]
			}
		}
		if b.canReadSheets(actor, p) {
			for _, m := range b.Members {
				if s, ok := b.sheets[p.ProposalID][m.ID]; ok && s.State == council.SheetSubmitted {
					v.Others = append(v.Others, SheetView{SheetRow: s, Name: m.Name, Score: b.Criteria.Score(s.Sheet)})
				}
			}
			v.Summary = b.Criteria.Summarise(b.submittedSheets(p.ProposalID))
		}
		if pg.Me != nil && !so && !v.CanRead {
			v.Evidence = Evidence{}
			v.Objectives = ""
		}
		pg.Proposals = append(pg.Proposals, v)
		results = append(results, council.Result{ProposalID: p.ProposalID, Title: p.Title, Tally: v.Tally, Average: v.Summary.Average, Rank: p.Rank})
	}
	if so {
		pg.Ranking = council.Rank(results)
		if pg.Manage && !pg.PackSent {
			list, err := q.ProposalsOfCall(ctx, b.Call.ID, assignable)
			if err != nil {
				return pg, err
			}
			for _, p := range list {
				if _, err := q.AssignmentOf(ctx, p.ID); errors.Is(err, store.ErrNotFound) {
					pg.Assignable = append(pg.Assignable, p)
				} else if err != nil {
					return pg, err
				}
			}
		}
	}
	return pg, nil
}

// DeclarationInput is a member's declarations on the proposals still to
// declare: per proposal, a conflict or none with its reason; and one
// attestation for them all.
type DeclarationInput struct {
	Conflict map[string]bool   // proposal → conflict
	Reason   map[string]string // proposal → reason
	Answered map[string]bool   // proposal → the member chose yes or no
	Attest   bool
}

// Declare records a member's declarations of conflict of interest. Nothing
// opens before them, and once attested they stand (the secretary can see
// them before the meeting).
func (a *App) Declare(ctx context.Context, actor Actor, id string, in DeclarationInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		b, err := a.loadBoard(ctx, q, id)
		if err != nil {
			return err
		}
		me, ok := b.memberOf(actor)
		if !ok || !account.Can(actor.User, council.Sit, council.CouncilObject(b.seats())) {
			if actor.User != nil {
				return ErrNotFound
			}
			return ErrForbidden
		}
		var e valid.Errors
		if !b.packSent() {
			e.Add("attest", "err.council.pack_not_sent")
			return e
		}
		var ds []council.Declaration
		for _, p := range b.Proposals {
			if b.standing(me.ID, p) != council.Undeclared {
				continue
			}
			pre := "d_" + p.ProposalID + "_"
			if !in.Answered[p.ProposalID] {
				e.Add(pre+"conflict", "err.choose")
				continue
			}
			d := council.Declaration{ExpertID: me.ID, ProposalID: p.ProposalID, Conflict: in.Conflict[p.ProposalID],
				Reason: strings.TrimSpace(in.Reason[p.ProposalID]), Attested: true}
			if !d.Conflict {
				d.Reason = ""
			}
			for k, v := range d.Check(pre) {
				e.Add(k, v.Key, v.Args...)
			}
			ds = append(ds, d)
		}
		if !in.Attest {
			e.Add("attest", "err.council.attest")
		}
		if e != nil {
			return e
		}
		if len(ds) == 0 {
			return nil
		}
		now := a.Now()
		for _, d := range ds {
			if err := q.PutDeclaration(ctx, id, d, now); err != nil {
				if errors.Is(err, store.ErrDuplicate) {
					return ErrConflict
				}
				return err
			}
		}
		if err := a.bump(ctx, q, b.Council); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.declare", "council", id, "", nil, ds)
	})
}

// SheetPage is a member's sheet on one proposal, with the proposal as its
// form shows it and the evidence frozen in the pack.
type SheetPage struct {
	Council  store.Council
	Call     proposal.Call
	Assigned store.Assigned
	Lines    []proposal.Line
	Evidence Evidence
	Criteria council.Criteria
	Project  bool
	Sheet    store.SheetRow // zero when nothing is saved yet
	Editable bool
	Score    council.Score
	// Others are the other members' submitted sheets, once the member's own
	// is submitted.
	Others []SheetView
	// CanReopen: the reader is the council's secretary and may reopen them.
	CanReopen bool
}

// Sheet opens a member's sheet on an assigned proposal: only with the pack
// sent, declared without conflict and not recused.
func (a *App) Sheet(ctx context.Context, actor Actor, id, proposalID string) (SheetPage, error) {
	q := a.Store.Read()
	b, err := a.loadBoard(ctx, q, id)
	if err != nil {
		return SheetPage{}, err
	}
	return a.sheetPage(ctx, q, actor, b, proposalID)
}

func (a *App) sheetPage(ctx context.Context, q store.Q, actor Actor, b *board, proposalID string) (SheetPage, error) {
	p, ok := b.assigned(proposalID)
	me, isMember := b.memberOf(actor)
	if !ok || !isMember || !b.canRead(actor, p) {
		if actor.User != nil {
			return SheetPage{}, ErrNotFound
		}
		return SheetPage{}, ErrForbidden
	}
	pr, err := q.Proposal(ctx, proposalID)
	if err != nil {
		return SheetPage{}, err
	}
	snap, err := snapshot(ctx, q, pr, b.Call)
	if err != nil {
		return SheetPage{}, err
	}
	pg := SheetPage{Council: b.Council, Call: b.Call, Assigned: p, Lines: b.Call.Rules.Lines(snap), Criteria: b.Criteria,
		Project: pr.TaskType == proposal.DuAnSXTN || pr.TaskType == proposal.DuAnKHCN}
	if p.Similarity != "" {
		_ = json.Unmarshal([]byte(p.Similarity), &pg.Evidence)
	}
	pg.Sheet = b.sheets[proposalID][me.ID]
	ms := council.MemberStanding{UserID: me.UserID, Reason: b.standing(me.ID, p)}
	pg.Editable = account.Can(actor.User, council.FillSheet, council.SheetObject(p.UnitPath, b.packSent(), b.concluded(), ms, pg.Sheet.State))
	pg.Score = b.Criteria.Score(pg.Sheet.Sheet)
	pg.CanReopen = !b.concluded() && account.Can(actor.User, council.Reopen, council.SecretaryObject(b.seats()))
	if account.Can(actor.User, council.ReadSheets, council.SheetsObject(p.UnitPath, b.packSent(), b.standings(p))) {
		for _, m := range b.Members {
			if s, ok := b.sheets[proposalID][m.ID]; ok && s.State == council.SheetSubmitted && m.ID != me.ID {
				pg.Others = append(pg.Others, SheetView{SheetRow: s, Name: m.Name, Score: b.Criteria.Score(s.Sheet)})
			}
		}
	}
	return pg, nil
}

// SheetInput is what a member saves on their sheet.
type SheetInput struct {
	Version int // 0 for a first save
	Sheet   council.Sheet
	Submit  bool
}

// SaveSheet saves a member's draft, or submits it: a submitted sheet is
// complete, and read-only unless the secretary reopens it.
func (a *App) SaveSheet(ctx context.Context, actor Actor, id, proposalID string, in SheetInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		b, err := a.loadBoard(ctx, q, id)
		if err != nil {
			return err
		}
		pg, err := a.sheetPage(ctx, q, actor, b, proposalID)
		if err != nil {
			return err
		}
		if !pg.Editable {
			if pg.Sheet.State == council.SheetSubmitted && pg.Sheet.Version == in.Version {
				var e valid.Errors
				e.Add("recommendation", "err.council.sheet_submitted")
				return e
			}
			if pg.Sheet.Version != in.Version {
				return ErrConflict
			}
			return ErrForbidden
		}
		if pg.Sheet.Version != in.Version {
			return ErrConflict
		}
		e := b.Criteria.CheckDraft(in.Sheet)
		if in.Submit {
			e = b.Criteria.CheckSubmit(in.Sheet, pg.Project)
		}
		if e != nil {
			return e
		}
		me, _ := b.memberOf(actor)
		now := a.Now()
		row := pg.Sheet
		row.Sheet, row.State, row.UpdatedAt = in.Sheet, council.SheetDraft, now
		if in.Submit {
			row.State, row.SubmittedAt = council.SheetSubmitted, now
		}
		if row.ID == "" {
			row.ID, row.CouncilID, row.ExpertID, row.ProposalID = store.NewID(), id, me.ID, proposalID
			err = q.InsertSheet(ctx, row)
		} else {
			err = q.UpdateSheet(ctx, row)
		}
		if err != nil {
			return err
		}
		action := "council.sheet_save"
		if in.Submit {
			action = "council.sheet_submit"
		}
		return Audit(ctx, q, actor, action, "council_sheet", row.ID, "", nil, row)
	})
}

// ReopenSheet turns a submitted sheet back into a draft so the member can
// correct it: the council's scientific secretary (or the Sở) does it, with
// a reason, audited.
func (a *App) ReopenSheet(ctx context.Context, actor Actor, id, proposalID, expertID, reason string, version int) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		if !account.Can(actor.User, council.Manage, account.None) {
			b, err := a.loadBoard(ctx, q, id)
			if err != nil {
				return err
			}
			if err := Must(actor, council.Reopen, council.SecretaryObject(b.seats())); err != nil {
				return err
			}
		}
		var e valid.Errors
		reason = strings.TrimSpace(reason)
		if e.Required("reason", reason) {
			e.MaxLen("reason", reason, 2000)
		}
		if e != nil {
			return e
		}
		k, err := q.Council(ctx, id)
		if err != nil {
			return err
		}
		if k.State == store.CouncilConcluded {
			e.Add("reason", "err.council.concluded")
			return e
		}
		s, err := q.Sheet(ctx, id, expertID, proposalID)
		if err != nil {
			return err
		}
		if s.Version != version {
			return ErrConflict
		}
		if s.State != council.SheetSubmitted {
			e.Add("reason", "err.council.sheet_not_submitted")
			return e
		}
		if err := q.ReopenSheet(ctx, s.ID, actor.User.ID, reason, version, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.sheet_reopen", "council_sheet", s.ID, "", map[string]any{"state": s.State},
			map[string]any{"state": council.SheetDraft, "reason": reason})
	})
}

// EvidenceLine is one item of the frozen evidence, as pages print it.
type EvidenceLine struct {
	Title, Unit, Year string
	Percent           float64
}

// Lines lists the evidence for a page.
func (e Evidence) Lines() []EvidenceLine {
	out := make([]EvidenceLine, len(e.Items))
	for i, it := range e.Items {
		out[i] = EvidenceLine{Title: it.Title, Unit: it.UnitName, Percent: it.Score * 100}
		if it.Year > 0 {
			out[i].Year = strconv.Itoa(it.Year)
		}
	}
	return out
}

// MarkLine is one criterion of a filled sheet, as others read it.
type MarkLine struct {
	Label   council.Text
	Pass    string // "pass", "fail" or ""
	Score   float64
	Scored  bool
	Comment string
}

// Lines lays a sheet's marks out in criteria order.
func (v SheetView) Lines(c council.Criteria) []MarkLine {
	var out []MarkLine
	for _, it := range c.All() {
		m := v.Sheet.Marks[it.Key]
		l := MarkLine{Label: it.Label, Comment: m.Comment, Scored: c.Mode == council.Scored}
		if m.Pass != nil {
			l.Pass = map[bool]string{true: "pass", false: "fail"}[*m.Pass]
		}
		if m.Score != nil {
			l.Score = *m.Score
		}
		out = append(out, l)
	}
	return out
}
