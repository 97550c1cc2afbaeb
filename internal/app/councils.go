package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Advisory councils: the register of experts, councils with members, the
// pack, declarations, sheets, the meeting with attendance and ballots, the
// conclusion that moves proposals to the council states, and the budget
// appraisal of the 2025 regime. Members reach what they may through the seat
// scope of account.Can (council.ProposalObject and friends), built here from
// the council's data by board.

// ExpertInput is the register form.
type ExpertInput struct {
	ID           string // empty for a new expert
	Version      int
	Name, Title  string
	Organisation string
	UnitID       string
	Fields       string
	Email, Phone string
	Login        string // an existing login with the council role, optional
	CivilServant bool
}

// Experts lists the register.
func (a *App) Experts(ctx context.Context, actor Actor, text string) ([]store.Expert, error) {
	if err := Must(actor, council.View, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().Experts(ctx, text)
}

// Expert loads one expert of the register.
func (a *App) Expert(ctx context.Context, actor Actor, id string) (store.Expert, error) {
	if err := Must(actor, council.View, account.None); err != nil {
		return store.Expert{}, err
	}
	return a.Store.Read().Expert(ctx, id)
}

// SaveExpert adds an expert to the register or saves one.
func (a *App) SaveExpert(ctx context.Context, actor Actor, in ExpertInput) (string, error) {
	if err := Must(actor, council.Manage, account.None); err != nil {
		return "", err
	}
	var e valid.Errors
	in.Name, in.Login = strings.TrimSpace(in.Name), strings.TrimSpace(in.Login)
	if e.Required("name", in.Name) {
		e.MaxLen("name", in.Name, 200)
	}
	e.MaxLen("title", in.Title, 100)
	e.MaxLen("organisation", in.Organisation, 500)
	e.MaxLen("fields", in.Fields, 1000)
	e.MaxLen("phone", in.Phone, 40)
	if strings.TrimSpace(in.Email) != "" {
		e.Email("email", in.Email)
	}
	id := in.ID
	if id == "" {
		id = store.NewID()
	}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		x := store.Expert{ID: id, Name: in.Name, Title: strings.TrimSpace(in.Title), Organisation: strings.TrimSpace(in.Organisation),
			Fields: strings.TrimSpace(in.Fields), Email: strings.TrimSpace(in.Email), Phone: strings.TrimSpace(in.Phone),
			CivilServant: in.CivilServant, Version: in.Version, CreatedAt: a.Now()}
		if in.UnitID != "" {
			if _, err := q.Unit(ctx, in.UnitID); err != nil {
				e.Add("unit_id", "err.choose")
			} else {
				x.UnitID = in.UnitID
			}
		}
		if in.Login != "" {
			u, _, err := q.UserByLogin(ctx, in.Login)
			switch {
			case err != nil:
				e.Add("login", "err.council.login_unknown")
			case u.Role != account.Council:
				e.Add("login", "err.council.login_role")
			default:
				x.UserID = u.ID
			}
		}
		if e != nil {
			return e
		}
		var before any
		if in.ID == "" {
			if err := q.InsertExpert(ctx, x); err != nil {
				return loginTaken(err)
			}
		} else {
			old, err := q.Expert(ctx, in.ID)
			if err != nil {
				return err
			}
			if old.Version != in.Version {
				return ErrConflict
			}
			before = old
			if err := q.UpdateExpert(ctx, x, a.Now()); err != nil {
				return loginTaken(err)
			}
		}
		return Audit(ctx, q, actor, "expert.save", "expert", id, "", before, x)
	})
	return id, err
}

func loginTaken(err error) error {
	if errors.Is(err, store.ErrDuplicate) {
		var e valid.Errors
		e.Add("login", "err.council.login_taken")
		return e
	}
	return err
}

// MemberInput is one seat on the council form.
type MemberInput struct {
	ExpertID string
	Role     council.Role
}

// CouncilInput is the council form.
type CouncilInput struct {
	ID           string
	Version      int
	CallID       string
	Name, Area   string
	MeetingDate  civil.Date
	MeetingPlace string
	MinutesNo    string
	Members      []MemberInput
}

// SaveCouncil forms a council of a call or saves it while it is being
// formed: its size and composition follow the call's rule set.
func (a *App) SaveCouncil(ctx context.Context, actor Actor, in CouncilInput) (string, error) {
	if err := Must(actor, council.Manage, account.None); err != nil {
		return "", err
	}
	id := in.ID
	if id == "" {
		id = store.NewID()
	}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		var e valid.Errors
		in.Name = strings.TrimSpace(in.Name)
		if e.Required("name", in.Name) {
			e.MaxLen("name", in.Name, 300)
		}
		e.MaxLen("area", in.Area, 300)
		e.MaxLen("meeting_place", in.MeetingPlace, 300)
		e.MaxLen("minutes_no", in.MinutesNo, 60)
		var old store.Council
		if in.ID != "" {
			var err error
			if old, err = q.Council(ctx, in.ID); err != nil {
				return err
			}
			if old.Version != in.Version {
				return ErrConflict
			}
			in.CallID = old.CallID
		}
		c, err := q.Call(ctx, in.CallID)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				e.Add("call_id", "err.choose")
				return e
			}
			return err
		}
		rules := c.Rules.CouncilRules()
		var ms []store.Member
		var seats []council.Seat
		for _, m := range in.Members {
			if m.ExpertID == "" {
				continue
			}
			x, err := q.Expert(ctx, m.ExpertID)
			if err != nil {
				e.Add("members", "err.choose")
				continue
			}
			if !m.Role.Valid() {
				e.Add("members", "err.council.role")
				continue
			}
			mm := store.Member{Expert: x, Role: m.Role}
			ms = append(ms, mm)
			seats = append(seats, mm.Seat())
		}
		if in.ID != "" && old.State != store.CouncilForming {
			// After the pack, the members are fixed; only the meeting details change.
			cur, err := q.Members(ctx, in.ID)
			if err != nil {
				return err
			}
			ms = cur
			seats = nil
			for _, m := range cur {
				seats = append(seats, m.Seat())
			}
		}
		for k, v := range rules.CheckComposition(seats) {
			if !e.Has(k) {
				e.Add(k, v.Key, v.Args...)
			}
		}
		if e != nil {
			return e
		}
		k := store.Council{ID: id, CallID: c.ID, Name: in.Name, Area: strings.TrimSpace(in.Area), MeetingDate: in.MeetingDate,
			MeetingPlace: strings.TrimSpace(in.MeetingPlace), MinutesNo: strings.TrimSpace(in.MinutesNo), CreatedBy: actor.User.ID, CreatedAt: a.Now()}
		if in.ID == "" {
			if err := q.InsertCouncil(ctx, k); err != nil {
				return err
			}
		} else {
			k.State, k.PackSentAt, k.MetAt, k.Version = old.State, old.PackSentAt, old.MetAt, old.Version
			if err := q.UpdateCouncil(ctx, k, a.Now()); err != nil {
				return err
			}
		}
		if in.ID == "" || old.State == store.CouncilForming {
			if err := q.SetMembers(ctx, id, ms); err != nil {
				return err
			}
		}
		type view struct {
			Council store.Council
			Members []MemberInput
		}
		var before any
		if in.ID != "" {
			before = old
		}
		return Audit(ctx, q, actor, "council.save", "council", id, "", before, view{k, in.Members})
	})
	return id, err
}

// board is a council with everything the rules need, loaded in one go.
type board struct {
	Council   store.Council
	Call      proposal.Call
	Rules     council.Rules
	Criteria  council.Criteria
	Members   []store.Member
	Proposals []store.Assigned
	decls     map[string]map[string]*council.Declaration // expert → proposal
	sheets    map[string]map[string]store.SheetRow       // proposal → expert
	ballots   map[string][]council.Ballot                // proposal → ballots
	related   map[string]map[string]bool                 // expert → units counting as their own
}

func (a *App) loadBoard(ctx context.Context, q store.Q, id string) (*board, error) {
	return loadBoard(ctx, q, id)
}

// manageBoard runs one of the Sở's council actions in one transaction: the
// permission check, the council as it stands, and the version the form was
// drawn from.
func (a *App) manageBoard(ctx context.Context, actor Actor, id string, version int, fn func(store.Q, *board) error) error {
	if err := Must(actor, council.Manage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		b, err := a.loadBoard(ctx, q, id)
		if err != nil {
			return err
		}
		if b.Council.Version != version {
			return ErrConflict
		}
		return fn(q, b)
	})
}

func loadBoard(ctx context.Context, q store.Q, id string) (*board, error) {
	k, err := q.Council(ctx, id)
	if err != nil {
		return nil, err
	}
	b := &board{Council: k, decls: map[string]map[string]*council.Declaration{}, sheets: map[string]map[string]store.SheetRow{},
		ballots: map[string][]council.Ballot{}, related: map[string]map[string]bool{}}
	if b.Call, err = q.Call(ctx, k.CallID); err != nil {
		return nil, err
	}
	b.Rules, b.Criteria = b.Call.Rules.CouncilRules(), b.Call.Rules.SheetCriteria()
	if b.Members, err = q.Members(ctx, id); err != nil {
		return nil, err
	}
	if b.Proposals, err = q.AssignedProposals(ctx, id); err != nil {
		return nil, err
	}
	ds, err := q.Declarations(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range ds {
		d := ds[i].Declaration
		if b.decls[d.ExpertID] == nil {
			b.decls[d.ExpertID] = map[string]*council.Declaration{}
		}
		b.decls[d.ExpertID][d.ProposalID] = &d
	}
	ss, err := q.Sheets(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if b.sheets[s.ProposalID] == nil {
			b.sheets[s.ProposalID] = map[string]store.SheetRow{}
		}
		b.sheets[s.ProposalID][s.ExpertID] = s
	}
	bs, err := q.Ballots(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, x := range bs {
		b.ballots[x.ProposalID] = append(b.ballots[x.ProposalID], x.Ballot)
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range b.Members {
		b.related[m.ID] = council.Related(set, m.UnitID)
	}
	return b, nil
}

func (b *board) packSent() bool { return !b.Council.PackSentAt.IsZero() }

func (b *board) concluded() bool { return b.Council.State == store.CouncilConcluded }

func (b *board) seats() []council.Seat {
	out := make([]council.Seat, len(b.Members))
	for i, m := range b.Members {
		out[i] = m.Seat()
	}
	return out
}

func (b *board) assigned(proposalID string) (store.Assigned, bool) {
	for _, p := range b.Proposals {
		if p.ProposalID == proposalID {
			return p, true
		}
	}
	return store.Assigned{}, false
}

// memberOf is the seat of the acting user, if they sit on the council.
func (b *board) memberOf(actor Actor) (store.Member, bool) {
	if actor.User == nil {
		return store.Member{}, false
	}
	for _, m := range b.Members {
		if m.UserID != "" && m.UserID == actor.User.ID {
			return m, true
		}
	}
	return store.Member{}, false
}

// standing says where an expert stands on a proposal.
func (b *board) standing(expertID string, p store.Assigned) council.Reason {
	return council.Standing(b.related[expertID], p.UnitID, b.decls[expertID][p.ProposalID])
}

func (b *board) standings(p store.Assigned) []council.MemberStanding {
	var out []council.MemberStanding
	for _, m := range b.Members {
		s := b.sheets[p.ProposalID][m.ID]
		out = append(out, council.MemberStanding{UserID: m.UserID, Reason: b.standing(m.ID, p), Submitted: s.State == council.SheetSubmitted})
	}
	return out
}

// canRead is the seat check for one assigned proposal.
func (b *board) canRead(actor Actor, p store.Assigned) bool {
	return account.Can(actor.User, council.ReadProposal, council.ProposalObject(p.UnitPath, b.packSent(), b.standings(p)))
}

// readableBySeat reports whether the actor reaches a proposal through a
// council seat: the proposal is assigned to a council and the seat check
// (council.ReadProposal on council.ProposalObject) admits them. Nobody
// whom the rule could not admit whatever the seats costs a query.
func readableBySeat(ctx context.Context, q store.Q, actor Actor, proposalID string) (bool, error) {
	if actor.User == nil || !account.Can(actor.User, council.ReadProposal, account.Seats([]string{actor.User.ID})) {
		return false, nil
	}
	as, err := q.AssignmentOf(ctx, proposalID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	b, err := loadBoard(ctx, q, as.CouncilID)
	if err != nil {
		return false, err
	}
	p, ok := b.assigned(proposalID)
	return ok && b.canRead(actor, p), nil
}

func (b *board) canReadSheets(actor Actor, p store.Assigned) bool {
	if account.Can(actor.User, council.View, account.None) {
		return true
	}
	return account.Can(actor.User, council.ReadSheets, council.SheetsObject(p.UnitPath, b.packSent(), b.standings(p)))
}

func (b *board) present() map[string]bool {
	out := map[string]bool{}
	for _, m := range b.Members {
		if m.Present != nil && *m.Present {
			out[m.ID] = true
		}
	}
	return out
}

// voters are the members present who may vote on a proposal: not recused.
func (b *board) voters(p store.Assigned) []store.Member {
	var out []store.Member
	for _, m := range b.Members {
		if m.Present != nil && *m.Present && !b.standing(m.ID, p).Recused() {
			out = append(out, m)
		}
	}
	return out
}

func (b *board) tally(p store.Assigned) council.Tally {
	return b.Rules.Count(len(b.voters(p)), b.ballots[p.ProposalID])
}

func (b *board) quorum() (bool, []string) { return b.Rules.HasQuorum(b.seats(), b.present()) }

// submittedSheets are the submitted sheets of a proposal.
func (b *board) submittedSheets(pid string) []council.Sheet {
	var out []council.Sheet
	for _, m := range b.Members {
		if s, ok := b.sheets[pid][m.ID]; ok && s.State == council.SheetSubmitted {
			out = append(out, s.Sheet)
		}
	}
	return out
}

// seeBoard admits the Sở (council.view) and the council's own members
// (council.sit).
func seeBoard(actor Actor, b *board) error {
	if account.Can(actor.User, council.View, account.None) {
		return nil
	}
	if account.Can(actor.User, council.Sit, council.CouncilObject(b.seats())) {
		return nil
	}
	if actor.User != nil {
		return ErrNotFound
	}
	return ErrForbidden
}

// CouncilRow is a council in a list, with what stands out.
type CouncilRow struct {
	store.Council
	Members, Proposals, Submitted, Sheets int
}

// Councils lists the councils of a call (or all) for the Sở, or the
// member's own councils.
func (a *App) Councils(ctx context.Context, actor Actor, callID string) ([]CouncilRow, error) {
	q := a.Store.Read()
	var list []store.Council
	var err error
	switch {
	case account.Can(actor.User, council.View, account.None):
		list, err = q.Councils(ctx, callID)
	case actor.User != nil && actor.User.Role == account.Council:
		x, e := q.ExpertOfUser(ctx, actor.User.ID)
		if errors.Is(e, store.ErrNotFound) {
			return nil, nil
		}
		if e != nil {
			return nil, e
		}
		list, err = q.CouncilsOfExpert(ctx, x.ID)
	default:
		return nil, ErrForbidden
	}
	if err != nil {
		return nil, err
	}
	out := make([]CouncilRow, 0, len(list))
	for _, k := range list {
		r := CouncilRow{Council: k}
		ms, err := q.Members(ctx, k.ID)
		if err != nil {
			return nil, err
		}
		ps, err := q.AssignedProposals(ctx, k.ID)
		if err != nil {
			return nil, err
		}
		ss, err := q.Sheets(ctx, k.ID)
		if err != nil {
			return nil, err
		}
		r.Members, r.Proposals, r.Sheets = len(ms), len(ps), len(ss)
		for _, s := range ss {
			if s.State == council.SheetSubmitted {
				r.Submitted++
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// AssignInput picks proposals for a council: the whole call, one area, or
// by hand.
type AssignInput struct {
	Version int
	Mode    string // "all", "area", "pick"
	AreaID  string
	IDs     []string
}

// assignable are the states a proposal may be given to a council from.
var assignable = []proposal.State{proposal.Screening, proposal.ExpertReview, proposal.Council}

// AssignProposals gives proposals of the call to a council before its pack
// is sent. A proposal sits on one council only; those already on another
// are left out.
func (a *App) AssignProposals(ctx context.Context, actor Actor, id string, in AssignInput) (int, error) {
	if err := Must(actor, council.Manage, account.None); err != nil {
		return 0, err
	}
	n := 0
	err := a.Store.Tx(ctx, func(q store.Q) error {
		n = 0
		b, err := a.loadBoard(ctx, q, id)
		if err != nil {
			return err
		}
		if b.Council.Version != in.Version {
			return ErrConflict
		}
		var e valid.Errors
		if b.packSent() {
			e.Add("mode", "err.council.pack_sent")
			return e
		}
		list, err := q.ProposalsOfCall(ctx, b.Call.ID, assignable)
		if err != nil {
			return err
		}
		var ids []string
		for _, p := range list {
			if _, dup := b.assigned(p.ID); dup {
				continue
			}
			if other, err := q.AssignmentOf(ctx, p.ID); err == nil && other.CouncilID != id {
				continue
			} else if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			switch in.Mode {
			case "all":
			case "area":
				if in.AreaID == "" || !slices.Contains(p.AreaIDs, in.AreaID) {
					continue
				}
			case "pick":
				if !slices.Contains(in.IDs, p.ID) {
					continue
				}
			default:
				e.Add("mode", "err.choose")
				return e
			}
			ids = append(ids, p.ID)
		}
		if len(ids) == 0 {
			e.Add("mode", "err.council.none_to_assign")
			return e
		}
		if err := q.Assign(ctx, id, ids); err != nil {
			return err
		}
		if err := a.bump(ctx, q, b.Council); err != nil {
			return err
		}
		n = len(ids)
		return Audit(ctx, q, actor, "council.assign", "council", id, "", nil, ids)
	})
	return n, err
}

// Unassign takes a proposal off a council before the pack is sent.
func (a *App) Unassign(ctx context.Context, actor Actor, id, proposalID string, version int) error {
	if err := Must(actor, council.Manage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		k, err := q.Council(ctx, id)
		if err != nil {
			return err
		}
		if k.Version != version {
			return ErrConflict
		}
		if !k.PackSentAt.IsZero() {
			var e valid.Errors
			e.Add("mode", "err.council.pack_sent")
			return e
		}
		if err := q.Unassign(ctx, id, proposalID); err != nil {
			return err
		}
		if err := a.bump(ctx, q, k); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.unassign", "council", id, "", proposalID, nil)
	})
}

// bump moves a council's version on, so concurrent edits of its parts queue
// on the council row.
func (a *App) bump(ctx context.Context, q store.Q, k store.Council) error {
	return q.UpdateCouncil(ctx, k, a.Now())
}

// Evidence is the similarity evidence frozen into the pack for a proposal.
type Evidence struct {
	Items []SimilarItem `json:"items"`
}

// SendPack sends the council its pack: the members, complete, and the
// proposals, each with its similarity evidence as it stands now, frozen.
// Proposals still in screening or expert review move to the council state.
// Members with a login are told; nothing opens to them before they declare.
func (a *App) SendPack(ctx context.Context, actor Actor, id string, version int) error {
	return a.manageBoard(ctx, actor, id, version, func(q store.Q, b *board) error {
		var e valid.Errors
		if b.packSent() {
			e.Add("pack", "err.council.pack_sent")
		}
		if len(b.Proposals) == 0 {
			e.Add("pack", "err.council.no_proposals")
		}
		if b.Council.MeetingDate.IsZero() {
			e.Add("pack", "err.council.no_meeting_date")
		}
		for k, v := range b.Rules.CheckComposition(b.seats()) {
			e.Add("pack", v.Key, v.Args...)
			_ = k
		}
		if e != nil {
			return e
		}
		corp, err := a.corpus(ctx, q, b.Call.ID)
		if err != nil {
			return err
		}
		now := a.Now()
		for _, p := range b.Proposals {
			var ev Evidence
			for _, m := range corp.index.Similar(p.Title, p.Objectives, TypingThreshold, 40) {
				if len(ev.Items) == 8 {
					break
				}
				if m.Doc >= len(corp.docs) {
					t := corp.past[m.Doc-len(corp.docs)]
					ev.Items = append(ev.Items, SimilarItem{Kind: "past", ID: t.ID, Title: t.Title, UnitName: t.Performer, Year: t.YearFrom, Score: m.Score})
					continue
				}
				d := corp.docs[m.Doc]
				if d.ID == p.ProposalID || !proposal.SubmittedOnce(d.State, d.Round) || d.State == proposal.Withdrawn {
					continue
				}
				it := SimilarItem{Kind: "proposal", ID: d.ID, Title: d.Title, UnitName: d.UnitName, UnitType: d.UnitType, Score: m.Score}
				if m.Doc >= corp.own {
					it.Kind = "task"
				}
				ev.Items = append(ev.Items, it)
			}
			js, _ := json.Marshal(ev)
			if err := q.FreezeSimilarity(ctx, id, p.ProposalID, string(js)); err != nil {
				return err
			}
			if proposal.State(p.State) != proposal.Council {
				if err := a.councilMove(ctx, q, actor, p.ProposalID, proposal.SendCouncil, ""); err != nil {
					return err
				}
			}
		}
		k := b.Council
		k.State, k.PackSentAt = store.CouncilPackSent, now
		if err := q.UpdateCouncil(ctx, k, now); err != nil {
			return err
		}
		var users []string
		for _, m := range b.Members {
			if m.UserID != "" {
				users = append(users, m.UserID)
			}
		}
		if err := a.Notify(ctx, q, Notice{UserIDs: users, Kind: "council.pack", Key: "ntf.council.pack",
			Args: []string{k.Name, civilText(k.MeetingDate)}, Link: "/councils/" + id}); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "council.send_pack", "council", id, "", nil, map[string]any{"proposals": len(b.Proposals), "sent": now})
	})
}

func civilText(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return locale.Date(d)
}

// councilMove moves a proposal by a council event inside the caller's
// transaction, recording the event; the caller writes the one audit record.
func (a *App) councilMove(ctx context.Context, q store.Q, actor Actor, id string, ev proposal.Event, reason string) error {
	p, err := q.Proposal(ctx, id)
	if err != nil {
		return err
	}
	to, err := proposal.Next(p.State, p.InRevision, ev)
	if err != nil {
		var e valid.Errors
		e.Add("conclusion", "err.move_not_allowed")
		return e
	}
	now := a.Now()
	if err := q.MoveProposal(ctx, store.Move{ID: p.ID, Version: p.Version, To: to, InRevision: p.InRevision, Method: p.Method, Round: p.Round,
		By: actor.User.ID, At: now}); err != nil {
		return err
	}
	return q.InsertProposalEvent(ctx, store.ProposalEvent{ID: store.NewID(), ProposalID: p.ID, At: now, ActorID: actor.User.ID,
		ActorName: actor.User.Name, Event: ev, From: p.State, To: to, Reason: strings.TrimSpace(reason)})
}

// RuleSetsToCompare lists every rule set for the comparison page, which
// units read too (what a new regime changes for them).
func (a *App) RuleSetsToCompare(ctx context.Context, actor Actor) ([]proposal.RuleSet, error) {
	if err := Must(actor, proposal.CallView, account.None); err != nil {
		return nil, err
	}
	return ruleSets(ctx, a.Store.Read())
}
