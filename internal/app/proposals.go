package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/council"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Proposal files: attachments the unit adds, and council minutes the Sở
// keeps to itself.
const (
	ownerProposal = "proposal"
	ownerMinutes  = "proposal_minutes"
)

// ConflictError is a save refused because someone saved first: who, when,
// and the version they made. The form merges what was typed with what is
// stored now.
type ConflictError struct {
	By      string // who saved theirs
	At      time.Time
	Version int // theirs
}

func (e *ConflictError) Error() string { return "proposal changed by " + e.By }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// canSee checks that the actor may read a proposal: its own unit (or a former
// unit, read-only), or the Sở once the unit has sent it.
func canSee(actor Actor, p proposal.Proposal) error {
	if err := Must(actor, proposal.View, account.Unit(p.UnitPath)); err != nil {
		if actor.User != nil {
			return ErrNotFound // not even whether another unit has a draft
		}
		return err
	}
	if actor.User.Role.IsSo() && !proposal.SubmittedOnce(p.State, p.Round) {
		return ErrNotFound // a unit's unsent draft is its own business
	}
	return nil
}

// canRead is canSee widened by the council seat: a council member reads a
// proposal assigned to their council once the pack is sent, when they
// declared no conflict and are not recused (council.ReadProposal on
// council.ProposalObject, the one check). Only reading goes this way.
func canRead(ctx context.Context, q store.Q, actor Actor, p proposal.Proposal) error {
	err := canSee(actor, p)
	if err == nil {
		return nil
	}
	ok, e := readableBySeat(ctx, q, actor, p.ID)
	if e != nil {
		return e
	}
	if ok {
		return nil
	}
	return err
}

// seesInternal reports whether the actor may see the Sở's internal states.
func seesInternal(actor Actor, p proposal.Proposal) bool {
	return account.Can(actor.User, proposal.Internal, account.Unit(p.UnitPath))
}

// NewProposal starts a draft in the actor's unit on the call's form.
func (a *App) NewProposal(ctx context.Context, actor Actor, callID string, in proposal.Input, files []FileInput) (string, error) {
	if err := Must(actor, proposal.Edit, account.Unit(actorPath(actor))); err != nil {
		return "", err
	}
	id := store.NewID()
	err := a.Store.Tx(ctx, func(q store.Q) error {
		c, err := a.callFor(ctx, q, actor, callID)
		if err != nil {
			return err
		}
		ok, err := q.CallEligible(ctx, callID, actor.User.UnitID)
		if err != nil {
			return err
		}
		if !ok || c.Published() {
			return ErrForbidden
		}
		content, e := c.Rules.Parse(in, c.Choices())
		checkFiles(&e, c.Rules, files, 0)
		if err := e.Err(); err != nil {
			return err
		}
		if err := a.insertDraft(ctx, q, actor, proposal.Proposal{ID: id, CallID: callID, UnitID: actor.User.UnitID,
			UnitPath: actor.User.UnitPath, Content: content}); err != nil {
			return err
		}
		return a.saveFiles(ctx, q, actor, ownerProposal, id, "attachment", files, nil)
	})
	return id, err
}

// insertDraft stores a new draft of a unit, written by actor (the unit's
// officer, or the Sở starting it from a recommendation), with its audit.
func (a *App) insertDraft(ctx context.Context, q store.Q, actor Actor, p proposal.Proposal) error {
	p.State, p.CreatedBy, p.CreatedAt = proposal.Draft, actor.User.ID, a.Now()
	if err := q.InsertProposal(ctx, p); err != nil {
		return err
	}
	return Audit(ctx, q, actor, "proposal.create", "proposal", p.ID, p.UnitID, nil, p.Content)
}

func actorPath(actor Actor) string {
	if actor.User == nil {
		return ""
	}
	return actor.User.UnitPath
}

// checkFiles applies the rule set's limits on attachments.
func checkFiles(e *valid.Errors, r proposal.RuleSet, files []FileInput, existing int) {
	if len(files) == 0 {
		return
	}
	if existing+len(files) > r.Limits.MaxAttachments {
		e.Add("files", "err.too_many_files", r.Limits.MaxAttachments)
		return
	}
	for _, f := range files {
		if len(f.Data) > r.Limits.MaxAttachmentMB<<20 {
			e.Add("files", "err.file_too_big", r.Limits.MaxAttachmentMB)
			return
		}
		f.Field = "files"
		if _, fe := CheckFile(f); fe != nil {
			for k, p := range fe {
				e.Add(k, p.Key, p.Args...)
			}
			return
		}
	}
}

// SaveProposal saves what the unit wrote, if the proposal is still open for
// editing and nobody saved since version, adding files and removing the
// attachments named in remove in the same step. It returns the new version.
// An autosave is the same call without files.
func (a *App) SaveProposal(ctx context.Context, actor Actor, id string, version int, in proposal.Input, files []FileInput, remove []string) (int, error) {
	var next int
	err := a.Store.Tx(ctx, func(q store.Q) error {
		p, c, err := a.editable(ctx, q, actor, id)
		if err != nil {
			return err
		}
		content, e := c.Rules.Parse(in, c.Choices())
		existing, err := q.FilesOf(ctx, ownerProposal, id)
		if err != nil {
			return err
		}
		checkFiles(&e, c.Rules, files, len(existing)-len(remove))
		if err := e.Err(); err != nil {
			return err
		}
		if version != p.Version {
			return a.conflict(ctx, q, p)
		}
		if err := removeFiles(ctx, q, actor, p, existing, remove); err != nil {
			return err
		}
		before := p.Content
		p.Content, p.UpdatedBy, p.UpdatedAt = content, actor.User.ID, a.Now()
		if err := q.UpdateProposalContent(ctx, p); err != nil {
			return err
		}
		next = p.Version + 1
		if err := a.saveFiles(ctx, q, actor, ownerProposal, id, "attachment", files, nil); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "proposal.save", "proposal", id, p.UnitID, before, content)
	})
	return next, err
}

// editable loads a proposal the actor may edit now.
func (a *App) editable(ctx context.Context, q store.Q, actor Actor, id string) (proposal.Proposal, proposal.Call, error) {
	p, err := q.Proposal(ctx, id)
	if err != nil {
		return p, proposal.Call{}, err
	}
	if err := canSee(actor, p); err != nil {
		return p, proposal.Call{}, err
	}
	if err := Must(actor, proposal.Edit, account.Unit(p.UnitPath)); err != nil {
		return p, proposal.Call{}, err
	}
	c, err := q.Call(ctx, p.CallID)
	if err != nil {
		return p, c, err
	}
	if !p.State.Editable() {
		var e valid.Errors
		e.Add("form", "err.not_editable")
		return p, c, e
	}
	return p, c, nil
}

// conflict is the error of a save from an older version than p's.
func (a *App) conflict(ctx context.Context, q store.Q, p proposal.Proposal) error {
	by := ""
	if u, err := q.User(ctx, p.UpdatedBy); err == nil {
		by = u.Name
	}
	return &ConflictError{By: by, At: p.UpdatedAt, Version: p.Version}
}

// snapshot resolves a proposal's names for a version or a comparison.
func snapshot(ctx context.Context, q store.Q, p proposal.Proposal, c proposal.Call) (proposal.Snapshot, error) {
	s := proposal.Snapshot{Content: p.Content}
	for _, id := range p.AreaIDs {
		for _, ar := range c.Areas {
			if ar.ID == id {
				s.Areas = append(s.Areas, ar.Name)
			}
		}
	}
	for _, id := range p.Indicators {
		for _, ind := range c.Indicators() {
			if ind.ID == id {
				s.Indicators = append(s.Indicators, ind.Label())
			}
		}
	}
	files, err := q.FilesOf(ctx, ownerProposal, p.ID)
	for _, f := range files {
		s.Attachments = append(s.Attachments, f.Name)
	}
	return s, err
}

// removeFiles deletes attachments of a proposal by ID; IDs of other files
// are refused.
func removeFiles(ctx context.Context, q store.Q, actor Actor, p proposal.Proposal, existing []store.File, remove []string) error {
	for _, id := range remove {
		var name string
		for _, f := range existing {
			if f.ID == id {
				name = f.Name
			}
		}
		if name == "" {
			return ErrNotFound
		}
		if err := q.DeleteFile(ctx, ownerProposal, p.ID, id); err != nil {
			return err
		}
		if err := Audit(ctx, q, actor, "file.delete", "proposal", p.ID, p.UnitID, map[string]any{"file": id, "name": name}, nil); err != nil {
			return err
		}
	}
	return nil
}

// ProposalPage is what the proposal's page shows to one reader.
type ProposalPage struct {
	Proposal proposal.Proposal
	Call     proposal.Call
	Shown    proposal.State // the state as this reader may see it
	Internal bool           // the reader sees the Sở's internal side
	Lines    []proposal.Line
	History  []HistoryItem
	Comments map[string][]store.ProposalComment // latest return's comments by field
	Versions []store.VersionInfo
	Files    []store.File
	Minutes  []store.File
	Notes    []store.ProposalNote
	Events   []proposal.Event // what the reader may do now
	Batch    []proposal.Event // what the reader may keep as a pending decision
	Editable bool
	Deadline string         // the unit's deadline, dd/mm/yyyy
	Links    []LinkView     // e.g. the recommendation it was started from
	Titles   []ocop.IPTitle // IP titles the task produced
	// Appraisal is the budget team's result (2025 regime), shown to the Sở
	// and, once the task is approved, to its unit: its appraised total is
	// the state budget the approval funds.
	Appraisal *store.AppraisalRow
}

// Funded is the state budget the approval funds (or funded): the appraised
// total where there is an appraisal, the proposed amount otherwise.
func (pg ProposalPage) Funded() int64 {
	if pg.Appraisal == nil {
		return pg.Proposal.StateBudget
	}
	return council.Funded(pg.Proposal.StateBudget, &pg.Appraisal.Appraised)
}

// Methods lists the ways an approved task finds who carries it out.
func (ProposalPage) Methods() []proposal.Method { return proposal.Methods }

// HistoryItem is one move as a reader may see it.
type HistoryItem struct {
	At       time.Time
	Who      string
	Event    proposal.Event
	From, To proposal.State
	Reason   string
	Method   proposal.Method
	FileID   string
	Version  int
}

// Proposal returns a proposal's page for the actor. A unit sees the states
// final for it, the reasons addressed to it and nothing of the Sở's inside.
func (a *App) Proposal(ctx context.Context, actor Actor, id string) (ProposalPage, error) {
	q := a.Store.Read()
	p, err := q.Proposal(ctx, id)
	if err != nil {
		return ProposalPage{}, err
	}
	if err := canRead(ctx, q, actor, p); err != nil {
		return ProposalPage{}, err
	}
	c, err := q.Call(ctx, p.CallID)
	if err != nil {
		return ProposalPage{}, err
	}
	pg := ProposalPage{Proposal: p, Call: c, Internal: seesInternal(actor, p), Shown: p.State.Visible()}
	if pg.Internal {
		pg.Shown = p.State
	} else {
		pg.Proposal.Pending = proposal.Decision{}
	}
	snap, err := snapshot(ctx, q, p, c)
	if err != nil {
		return pg, err
	}
	pg.Lines = c.Rules.Lines(snap)
	events, err := q.ProposalEvents(ctx, id)
	if err != nil {
		return pg, err
	}
	pg.History = history(events, pg.Internal)
	comments, err := q.ProposalComments(ctx, id)
	if err != nil {
		return pg, err
	}
	pg.Comments = latestComments(comments, events)
	if pg.Versions, err = q.ProposalVersions(ctx, id); err != nil {
		return pg, err
	}
	if pg.Files, err = q.FilesOf(ctx, ownerProposal, id); err != nil {
		return pg, err
	}
	if pg.Internal {
		if pg.Minutes, err = q.FilesOf(ctx, ownerMinutes, id); err != nil {
			return pg, err
		}
		if pg.Notes, err = q.ProposalNotes(ctx, id); err != nil {
			return pg, err
		}
	}
	for _, e := range proposal.Available(p.State) {
		t, _ := proposal.TransitionOf(e)
		if e != proposal.Publish && account.Can(actor.User, t.Action, account.Unit(p.UnitPath)) {
			pg.Events = append(pg.Events, e)
		}
		if t.Batch && account.Can(actor.User, proposal.Screen, account.Unit(p.UnitPath)) {
			pg.Batch = append(pg.Batch, e)
		}
	}
	pg.Editable = p.State.Editable() && account.Can(actor.User, proposal.Edit, account.Unit(p.UnitPath))
	if pg.Links, err = a.linksOf(ctx, q, actor, followup.TypeProposal, id); err != nil {
		return pg, err
	}
	if isTask(p) {
		titles, err := titlesOfTasks(ctx, q, actor, []string{id})
		if err != nil {
			return pg, err
		}
		pg.Titles = titles[id]
	}
	if pg.Internal || isTask(p) {
		if ap, err := q.Appraisal(ctx, id); err == nil {
			pg.Appraisal = &ap
		} else if !errors.Is(err, store.ErrNotFound) {
			return pg, err
		}
	}
	x, err := q.Extension(ctx, c.ID, p.UnitID)
	pg.Deadline = locale.Date(c.Deadline(x.Until))
	return pg, err
}

// history keeps, for a unit, only moves that change what it sees, shown as
// it sees them, with the Sở named as a body and only reasons meant for it.
func history(events []store.ProposalEvent, internal bool) []HistoryItem {
	var out []HistoryItem
	for _, e := range events {
		it := HistoryItem{At: e.At, Who: e.ActorName, Event: e.Event, From: e.From, To: e.To, Reason: e.Reason,
			Method: e.Method, FileID: e.FileID, Version: e.VersionNo}
		if !internal {
			if e.From.Visible() == e.To.Visible() {
				continue
			}
			t, _ := proposal.TransitionOf(e.Event)
			it.From, it.To, it.FileID = e.From.Visible(), e.To.Visible(), ""
			if !t.UnitReason {
				it.Reason = ""
			}
			if t.Action != proposal.Edit && t.Action != proposal.LeaderSubmit {
				it.Who = "" // the page names the Sở instead of a person
			}
		}
		out = append(out, it)
	}
	return out
}

// latestComments returns the field comments of the most recent return.
func latestComments(comments []store.ProposalComment, events []store.ProposalEvent) map[string][]store.ProposalComment {
	last := ""
	for _, e := range events {
		if e.Event == proposal.Return || e.Event == proposal.RequestRevision {
			last = e.ID
		}
	}
	out := map[string][]store.ProposalComment{}
	for _, c := range comments {
		if c.EventID == last {
			out[c.Field] = append(out[c.Field], c)
		}
	}
	return out
}

// ProposalForm is what the edit page needs.
type ProposalForm struct {
	Proposal proposal.Proposal
	Call     proposal.Call
	Files    []store.File
	Comments map[string][]store.ProposalComment
	Similar  []SimilarItem
}

// EditProposal returns a proposal for its edit form.
func (a *App) EditProposal(ctx context.Context, actor Actor, id string) (ProposalForm, error) {
	q := a.Store.Read()
	p, c, err := a.editable(ctx, q, actor, id)
	if err != nil {
		return ProposalForm{}, err
	}
	f := ProposalForm{Proposal: p, Call: c}
	if f.Files, err = q.FilesOf(ctx, ownerProposal, id); err != nil {
		return f, err
	}
	comments, err := q.ProposalComments(ctx, id)
	if err != nil {
		return f, err
	}
	events, err := q.ProposalEvents(ctx, id)
	f.Comments = latestComments(comments, events)
	if err != nil {
		return f, err
	}
	f.Similar, err = a.SimilarTo(ctx, actor, c.ID, p.Title, p.Objectives, id)
	return f, err
}

// NewProposalForm returns the call a new proposal is drafted in.
func (a *App) NewProposalForm(ctx context.Context, actor Actor, callID string) (proposal.Call, error) {
	if err := Must(actor, proposal.Edit, account.Unit(actorPath(actor))); err != nil {
		return proposal.Call{}, err
	}
	q := a.Store.Read()
	c, err := a.callFor(ctx, q, actor, callID)
	if err != nil {
		return c, err
	}
	if ok, err := q.CallEligible(ctx, callID, actor.User.UnitID); err != nil || !ok || c.Published() {
		return c, errors.Join(err, ErrForbidden)
	}
	return c, nil
}

// Version returns one version of a proposal, laid out.
func (a *App) Version(ctx context.Context, actor Actor, id string, n int) (proposal.Snapshot, proposal.RuleSet, error) {
	q := a.Store.Read()
	p, err := q.Proposal(ctx, id)
	if err != nil {
		return proposal.Snapshot{}, proposal.RuleSet{}, err
	}
	if err := canRead(ctx, q, actor, p); err != nil {
		return proposal.Snapshot{}, proposal.RuleSet{}, err
	}
	c, err := q.Call(ctx, p.CallID)
	if err != nil {
		return proposal.Snapshot{}, c.Rules, err
	}
	if n == 0 { // the current content
		s, err := snapshot(ctx, q, p, c)
		return s, c.Rules, err
	}
	s, err := q.ProposalVersion(ctx, id, n)
	return s, c.Rules, err
}

// Compare returns the field-by-field differences from version x to y (0 is
// the current content).
func (a *App) Compare(ctx context.Context, actor Actor, id string, x, y int) ([]proposal.Change, error) {
	sx, r, err := a.Version(ctx, actor, id, x)
	if err != nil {
		return nil, err
	}
	sy, _, err := a.Version(ctx, actor, id, y)
	if err != nil {
		return nil, err
	}
	return r.Diff(sx, sy), nil
}

// ProposalList is a page of a filtered list with its facet counts.
type ProposalList struct {
	Rows   []store.ProposalRow
	Counts store.ProposalCounts
	Total  int
	Offset int // of the page shown, moved back if the filter left fewer rows
}

// Proposals lists the proposals the actor may see: the Sở every proposal sent
// to it, a unit its own (and its former units'), with states shown as the
// reader may see them.
func (a *App) Proposals(ctx context.Context, actor Actor, f store.ProposalFilter) (ProposalList, error) {
	if err := Must(actor, proposal.CallView, account.None); err != nil {
		return ProposalList{}, err
	}
	q := a.Store.Read()
	internal := account.Can(actor.User, proposal.Internal, account.None)
	if internal {
		f.SoOnly = true
	} else {
		f.UnitPaths, f.Pending = unitPaths(actor.User), false
		f.States = visibleToStored(f.States)
	}
	counts, err := q.CountProposals(ctx, f)
	if err != nil {
		return ProposalList{}, err
	}
	if f.Limit > 0 && f.Offset >= counts.Total {
		f.Offset = max(0, (counts.Total-1)/f.Limit*f.Limit)
	}
	rows, err := q.ListProposals(ctx, f)
	if err != nil {
		return ProposalList{}, err
	}
	if !internal {
		for i := range rows {
			rows[i].State, rows[i].Pending = rows[i].State.Visible(), proposal.Decision{}
		}
		counts.States = foldCounts(counts.States)
	}
	sortStates(counts.States)
	return ProposalList{Rows: rows, Counts: counts, Total: counts.Total, Offset: f.Offset}, nil
}

// visibleToStored widens a unit's filter on a visible state to the stored
// states it stands for.
func visibleToStored(states []proposal.State) []proposal.State {
	var out []proposal.State
	for _, v := range states {
		for _, s := range proposal.States {
			if s.Visible() == v {
				out = append(out, s)
			}
		}
	}
	return out
}

// sortStates puts state counts in workflow order.
func sortStates(cs []store.Count) {
	order := map[string]int{string(proposal.InReview): 3}
	for i, s := range proposal.States {
		order[string(s)] = i
	}
	slices.SortStableFunc(cs, func(a, b store.Count) int { return order[a.Key] - order[b.Key] })
}

// foldCounts merges state counts into the states a unit sees.
func foldCounts(cs []store.Count) []store.Count {
	var out []store.Count
	idx := map[string]int{}
	for _, c := range cs {
		k := string(proposal.State(c.Key).Visible())
		if i, ok := idx[k]; ok {
			out[i].N += c.N
			continue
		}
		idx[k] = len(out)
		c.Key = k
		out = append(out, c)
	}
	return out
}

// screened loads a proposal the actor screens for the Sở.
func screened(ctx context.Context, q store.Q, actor Actor, id string) (proposal.Proposal, error) {
	p, err := q.Proposal(ctx, id)
	if err != nil {
		return p, err
	}
	if err := canSee(actor, p); err != nil {
		return p, err
	}
	return p, Must(actor, proposal.Screen, account.Unit(p.UnitPath))
}

// AddNote adds a note inside the Sở.
func (a *App) AddNote(ctx context.Context, actor Actor, id, body string) error {
	body = strings.TrimSpace(body)
	var e valid.Errors
	if e.Required("note", body) {
		e.MaxLen("note", body, 4000)
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		p, err := screened(ctx, q, actor, id)
		if err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		n := store.ProposalNote{ID: store.NewID(), ProposalID: id, Body: body, AuthorID: actor.User.ID, AuthorName: actor.User.Name, CreatedAt: a.Now()}
		if err := q.InsertProposalNote(ctx, n); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "proposal.note", "proposal", id, p.UnitID, nil, map[string]string{"note": body})
	})
}

// proposalFileReader lets those who may read a proposal (a council seat
// included) read its files.
func proposalFileReader(ctx context.Context, a *App, actor Actor, ownerID string) error {
	q := a.Store.Read()
	p, err := q.Proposal(ctx, ownerID)
	if err != nil {
		return err
	}
	if actor.User == nil {
		return ErrForbidden
	}
	return canRead(ctx, q, actor, p)
}

// minutesFileReader lets those who see a proposal's internal record read
// its council minutes.
func minutesFileReader(ctx context.Context, a *App, actor Actor, ownerID string) error {
	p, err := a.Store.Read().Proposal(ctx, ownerID)
	if err != nil {
		return err
	}
	if actor.User == nil {
		return ErrForbidden
	}
	if err := canSee(actor, p); err != nil {
		return err
	}
	if !seesInternal(actor, p) {
		return ErrNotFound
	}
	return nil
}

// describe names a proposal in messages: "title (unit)".
func describe(p proposal.Proposal) string { return fmt.Sprintf("%s (%s)", p.Title, p.UnitName) }
