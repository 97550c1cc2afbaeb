package app

import (
	"context"
	"errors"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// ActionItemInput is one action item to create. Source says where it comes
// from: a meeting (SourceItemID = the conclusion), an inspection, a report
// review, a directive (Label = the document) or a recommendation.
type ActionItemInput struct {
	Title, Description string
	OwnerUnitID        string
	OwnerUserID        string
	AssignerUnitID     string
	AssignerName       string
	Due                civil.Date
	Source             followup.Ref
	SourceItemID       string
	// ConfirmPastDue accepts a due date already past, after the form
	// warned about it.
	ConfirmPastDue bool
}

// pastDue is the warning a form gets for a due date before today, until
// the user confirms it.
func pastDue(in ActionItemInput, today civil.Date) *valid.Problem {
	if in.ConfirmPastDue || in.Due.IsZero() || !in.Due.Before(today) {
		return nil
	}
	return &valid.Problem{Key: "err.fu.due_past_confirm", Args: []any{locale.Date(in.Due)}}
}

// withPastDue adds the past-due warning to what a use case returned: with
// other problems it is listed among them; alone it refuses the save (its
// transaction is rolled back) until confirmed.
func withPastDue(err error, past *valid.Problem) error {
	if past == nil {
		return err
	}
	var e valid.Errors
	switch {
	case err == nil:
		e = valid.Errors{}
	case errors.As(err, &e):
	default:
		return err
	}
	e["confirm_past_due"] = *past
	return e
}

// CreateActionItems creates action items inside the caller's transaction and
// tells each owner unit. Other areas call it from their own use cases, e.g.
// when an inspection's conclusions are handed out.
func (a *App) CreateActionItems(ctx context.Context, q store.Q, actor Actor, in []ActionItemInput) ([]string, error) {
	if err := mayList(actor, followup.ActionAssign); err != nil {
		return nil, err
	}
	today := a.today()
	var ids []string
	for _, x := range in {
		it := followup.Item{ID: store.NewID(), Title: x.Title, Description: x.Description, OwnerUnitID: x.OwnerUnitID, OwnerUserID: x.OwnerUserID,
			AssignerUnitID: x.AssignerUnitID, AssignerName: x.AssignerName, Due: x.Due, Status: followup.ActionNotStarted,
			Source: x.Source, SourceItemID: x.SourceItemID, CreatedAt: a.Now()}
		if actor.User != nil {
			it.CreatedBy = actor.User.ID
		}
		owner, err := a.checkItem(ctx, q, actor, it, today)
		if err != nil {
			return nil, err
		}
		if err := q.InsertAction(ctx, it); err != nil {
			return nil, err
		}
		if err := Audit(ctx, q, actor, "action.create", followup.TypeAction, it.ID, it.OwnerUnitID, nil, it); err != nil {
			return nil, err
		}
		if err := a.notifyOwner(ctx, q, owner, it, "ntf.action.assigned"); err != nil {
			return nil, err
		}
		ids = append(ids, it.ID)
	}
	return ids, nil
}

// checkItem validates an item and the units and person it names, and checks
// that the actor may assign work to the owner unit.
func (a *App) checkItem(ctx context.Context, q store.Q, actor Actor, it followup.Item, today civil.Date) (orgunit.Unit, error) {
	e := it.Validate()
	var owner orgunit.Unit
	if it.OwnerUnitID != "" {
		owner, _ = unitOn(ctx, q, it.OwnerUnitID, today, "owner_unit_id", &e)
	}
	if it.AssignerUnitID != "" {
		if u, err := q.Unit(ctx, it.AssignerUnitID); err != nil || !soUnit(u) {
			e.Add("assigner_unit_id", "err.choose")
		}
	}
	if it.OwnerUserID != "" {
		if u, err := q.User(ctx, it.OwnerUserID); err != nil || u.UnitID != it.OwnerUnitID || u.Disabled {
			e.Add("owner_user_id", "err.fu.owner_user_unit")
		}
	}
	if err := e.Err(); err != nil {
		return owner, err
	}
	return owner, Must(actor, followup.ActionAssign, account.Unit(owner.Path))
}

// notifyOwner tells the owner unit (or the named person) about an item.
func (a *App) notifyOwner(ctx context.Context, q store.Q, owner orgunit.Unit, it followup.Item, key string) error {
	users := []string{it.OwnerUserID}
	if it.OwnerUserID == "" {
		var err error
		if users, err = unitUsers(ctx, q, owner); err != nil {
			return err
		}
	}
	return a.Notify(ctx, q, Notice{UserIDs: users, Kind: "action.assigned", Key: key, Args: []string{it.Title, locale.Date(it.Due)},
		Link: "/actions/" + it.ID})
}

// CreateAction assigns one item directly (a directive, a report review).
func (a *App) CreateAction(ctx context.Context, actor Actor, in ActionItemInput) (string, error) {
	past := pastDue(in, a.today())
	return a.one(ctx, func(q store.Q) ([]string, error) {
		ids, err := a.CreateActionItems(ctx, q, actor, []ActionItemInput{in})
		return ids, withPastDue(err, past)
	})
}

// visibleAction loads an item the actor may see: the Sở, and the owner unit
// (or the units formed from it).
func visibleAction(ctx context.Context, q store.Q, actor Actor, id string) (store.ActionRow, error) {
	it, err := q.Action(ctx, id)
	if err != nil {
		return it, err
	}
	return it, Must(actor, followup.ActionView, account.Unit(it.Owner.Path))
}

// EditAction lets the assigning side change an item's wording, owner or due
// date; a new owner or date is announced to the owner.
func (a *App) EditAction(ctx context.Context, actor Actor, id string, version int, in ActionItemInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		row, err := q.Action(ctx, id)
		if err != nil {
			return err
		}
		err = a.editAction(ctx, q, actor, row, version, in)
		if row.Item.Due != in.Due {
			// Only a due date moved into the past is warned about, not one
			// that has simply passed since.
			return withPastDue(err, pastDue(in, a.today()))
		}
		return err
	})
}

func (a *App) editAction(ctx context.Context, q store.Q, actor Actor, row store.ActionRow, version int, in ActionItemInput) error {
	id := row.ID
	if err := Must(actor, followup.ActionAssign, account.Unit(row.Owner.Path)); err != nil {
		return err
	}
	before := row.Item
	it := row.Item
	it.Title, it.Description, it.OwnerUnitID, it.OwnerUserID = in.Title, in.Description, in.OwnerUnitID, in.OwnerUserID
	it.AssignerUnitID, it.AssignerName, it.Due, it.Version = in.AssignerUnitID, in.AssignerName, in.Due, version
	if in.Source.Label != "" {
		it.Source.Label = in.Source.Label
	}
	owner, err := a.checkItem(ctx, q, actor, it, a.today())
	if err != nil {
		return err
	}
	if !it.Status.Open() {
		return valid.Errors{"form": {Key: "err.fu.action_closed"}}
	}
	if err := q.UpdateAction(ctx, it, a.Now()); err != nil {
		return err
	}
	if it.OwnerUnitID != before.OwnerUnitID || it.OwnerUserID != before.OwnerUserID || it.Due != before.Due {
		if err := a.notifyOwner(ctx, q, owner, it, "ntf.action.changed"); err != nil {
			return err
		}
	}
	return Audit(ctx, q, actor, "action.update", followup.TypeAction, id, it.OwnerUnitID, before, it)
}

// ProgressInput is an update of an item by its owner.
type ProgressInput struct {
	To       followup.ActionStatus
	Note     string
	Evidence []FileInput
	Version  int
}

// UpdateProgress records progress on an item, with evidence, and moves its
// state. Owners report; cancelling and reopening are for the assigning side.
// The assigning side is told.
func (a *App) UpdateProgress(ctx context.Context, actor Actor, id string, in ProgressInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		row, err := q.Action(ctx, id)
		if err != nil {
			return err
		}
		obj := account.Unit(row.Owner.Path)
		if err := Must(actor, followup.ActionUpdate, obj); err != nil {
			return err
		}
		if followup.AssignerOnly(row.Status, in.To) {
			if err := Must(actor, followup.ActionAssign, obj); err != nil {
				return err
			}
		}
		if row.Version != in.Version {
			return ErrConflict
		}
		earlier, err := q.FilesOf(ctx, followup.TypeAction, id)
		if err != nil {
			return err
		}
		if err := followup.CheckProgress(row.Item, in.To, in.Note, len(in.Evidence)+len(earlier) > 0).Err(); err != nil {
			return err
		}
		p := followup.Progress{ID: store.NewID(), ItemID: id, At: a.Now(), From: row.Status, To: in.To, Note: in.Note,
			ActorID: actor.User.ID, ActorName: actor.User.Name}
		for i := range in.Evidence {
			in.Evidence[i].Field = "evidence"
		}
		if err := a.saveFiles(ctx, q, actor, followup.TypeAction, id, p.ID, in.Evidence, Documents); err != nil {
			return err
		}
		if err := q.InsertProgress(ctx, p); err != nil {
			return err
		}
		it := row.Item
		it.Status = in.To
		it.DoneOn = civil.Date{}
		if in.To == followup.ActionDone {
			it.DoneOn = a.today()
		}
		if err := q.UpdateAction(ctx, it, a.Now()); err != nil {
			return err
		}
		if err := Audit(ctx, q, actor, "action.progress", followup.TypeAction, id, it.OwnerUnitID,
			map[string]any{"status": row.Status}, map[string]any{"status": it.Status, "note": in.Note, "evidence": len(in.Evidence)}); err != nil {
			return err
		}
		return a.notifyAssigner(ctx, q, actor, row, in.To)
	})
}

// notifyAssigner tells the assigning unit and whoever created the item about
// an update, except the person who made it.
func (a *App) notifyAssigner(ctx context.Context, q store.Q, actor Actor, row store.ActionRow, to followup.ActionStatus) error {
	assigner, err := q.Unit(ctx, row.AssignerUnitID)
	if err != nil {
		return err
	}
	users, err := unitUsers(ctx, q, assigner)
	if err != nil {
		return err
	}
	users = append(users, row.CreatedBy)
	var out []string
	for _, u := range users {
		if u != actor.User.ID {
			out = append(out, u)
		}
	}
	return a.Notify(ctx, q, Notice{UserIDs: out, Kind: "action.progress", Key: "ntf.action.progress_" + string(to),
		Args: []string{row.Title, row.Owner.Name}, Link: "/actions/" + row.ID})
}

// ProgressView is an update with its evidence.
type ProgressView struct {
	followup.Progress
	Files []store.File
}

// ActionView is what the item page shows.
type ActionView struct {
	Item     store.ActionRow
	Source   RefInfo
	Progress []ProgressView
	Links    []LinkView
	Users    []account.User // people of the owner unit, for the assigning side
}

// ActionItem returns an item for its page.
func (a *App) ActionItem(ctx context.Context, actor Actor, id string) (ActionView, error) {
	q := a.Store.Read()
	row, err := visibleAction(ctx, q, actor, id)
	if err != nil {
		return ActionView{}, err
	}
	v := ActionView{Item: row, Source: a.resolveRef(ctx, q, actor, row.Source)}
	progress, err := q.Progress(ctx, id)
	if err != nil {
		return v, err
	}
	files, err := filesByPurpose(ctx, q, followup.TypeAction, id)
	if err != nil {
		return v, err
	}
	for _, p := range progress {
		v.Progress = append(v.Progress, ProgressView{Progress: p, Files: files[p.ID]})
	}
	if v.Links, err = a.linksOf(ctx, q, actor, followup.TypeAction, id); err != nil {
		return v, err
	}
	if account.Can(actor.User, followup.ActionAssign, account.Unit(row.Owner.Path)) {
		users, err := q.Users(ctx, row.Owner.Path)
		for _, u := range users {
			if u.UnitID == row.OwnerUnitID && !u.Disabled {
				v.Users = append(v.Users, u)
			}
		}
		sortUsers(v.Users)
		return v, err
	}
	return v, nil
}

// ActionList is the follow-up list: items and counts by unit and by source.
type ActionList struct {
	Items    []store.ActionRow
	ByUnit   []store.ActionCount
	BySource []store.ActionCount
	Open     int
	Overdue  int
	More     bool // rows follow the page asked for
}

// Actions lists the items the actor may see: everything for the Sở, what
// the unit owes for a unit. The whole list (at most 2,000 rows) unless
// rows is set: then that many from f.Offset, and More says if others follow.
func (a *App) Actions(ctx context.Context, actor Actor, f store.ActionFilter, rows ...int) (ActionList, error) {
	if err := mayList(actor, followup.ActionView); err != nil {
		return ActionList{}, err
	}
	f.Scope, f.Today = readScope(actor), a.today()
	q := a.Store.Read()
	var l ActionList
	var err error
	limit := 2000
	if len(rows) == 1 && rows[0] > 0 {
		limit = rows[0] + 1
	}
	if l.Items, err = q.Actions(ctx, f, limit); err != nil {
		return l, err
	}
	if len(rows) == 1 && len(l.Items) == limit {
		l.Items, l.More = l.Items[:limit-1], true
	}
	if l.ByUnit, err = q.ActionCounts(ctx, f, "unit"); err != nil {
		return l, err
	}
	if l.BySource, err = q.ActionCounts(ctx, f, "source"); err != nil {
		return l, err
	}
	for _, c := range l.BySource {
		l.Open += c.Open
		l.Overdue += c.Overdue
	}
	return l, nil
}
