package app

import (
	"context"
	"maps"
	"slices"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// RecInput is a recommendation raised by a unit. Source is the meeting or
// report it was raised in (zero when raised on its own).
type RecInput struct {
	UnitID, CategoryID string
	Title, Description string
	Beneficiaries      string
	DesiredBy          civil.Date
	Source             followup.Ref
	Files              []FileInput
}

// RaiseRecommendations records recommendations inside the caller's
// transaction and tells the Sở. A programme report's section V calls it with
// Source = the report.
func (a *App) RaiseRecommendations(ctx context.Context, q store.Q, actor Actor, in []RecInput) ([]string, error) {
	if err := mayList(actor, followup.RecommendationRaise); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, nil
	}
	// Read once for the whole batch (a report's section V raises several).
	active, err := activeCategories(ctx, q)
	if err != nil {
		return nil, err
	}
	handlers, err := soHandlers(ctx, q)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, x := range in {
		r := followup.Recommendation{ID: store.NewID(), UnitID: x.UnitID, CategoryID: x.CategoryID, Title: strings.TrimSpace(x.Title),
			Description: x.Description, Beneficiaries: x.Beneficiaries, DesiredBy: x.DesiredBy, Source: x.Source,
			Status: followup.RecReceived, CreatedAt: a.Now()}
		if actor.User != nil {
			r.CreatedBy = actor.User.ID
		}
		e := r.Validate()
		var unit orgunit.Unit
		if r.UnitID != "" {
			unit, _ = unitOn(ctx, q, r.UnitID, a.today(), "unit_id", &e)
		}
		if r.CategoryID != "" && !active[r.CategoryID] {
			e.Add("category_id", "err.choose")
		}
		if err := e.Err(); err != nil {
			return nil, err
		}
		if err := Must(actor, followup.RecommendationRaise, account.Unit(unit.Path)); err != nil {
			return nil, err
		}
		if err := q.InsertRecommendation(ctx, r); err != nil {
			return nil, err
		}
		if err := recEvent(ctx, q, a, actor, r.ID, followup.Event{Status: followup.RecReceived}, nil); err != nil {
			return nil, err
		}
		if err := a.saveFiles(ctx, q, actor, followup.TypeRecommendation, r.ID, "attachment", x.Files, Documents); err != nil {
			return nil, err
		}
		if err := Audit(ctx, q, actor, "recommendation.raise", followup.TypeRecommendation, r.ID, r.UnitID, nil, r); err != nil {
			return nil, err
		}
		if err := a.Notify(ctx, q, Notice{UserIDs: handlers, Kind: "recommendation.received", Key: "ntf.rec.received",
			Args: []string{r.Title, unitLabel(unit)}, Link: "/recommendations/" + r.ID}); err != nil {
			return nil, err
		}
		ids = append(ids, r.ID)
	}
	return ids, nil
}

// unitLabel is a unit's name for notices, which are stored as text: its
// legal type is added when known ("Xã Mê Linh").
func unitLabel(u orgunit.Unit) string {
	prefix := map[orgunit.Type]string{orgunit.TypeXa: "Xã", orgunit.TypePhuong: "Phường", orgunit.TypeHuyen: "Huyện", orgunit.TypeQuan: "Quận",
		orgunit.TypeThiXa: "Thị xã", orgunit.TypeThiTran: "Thị trấn"}[u.Type]
	if prefix == "" {
		return u.Name
	}
	return prefix + " " + u.Name
}

// activeCategories are the IDs of the categories a unit may file under.
func activeCategories(ctx context.Context, q store.Q) (map[string]bool, error) {
	cats, err := q.Categories(ctx, true)
	active := make(map[string]bool, len(cats))
	for _, c := range cats {
		active[c.ID] = true
	}
	return active, err
}

// recEvent appends a dated step (status, note and what it made), with its
// evidence, to the timeline.
func recEvent(ctx context.Context, q store.Q, a *App, actor Actor, recID string, e followup.Event, files []FileInput) error {
	e.ID, e.RecommendationID, e.At = store.NewID(), recID, a.Now()
	if actor.User != nil {
		e.ActorID, e.ActorName = actor.User.ID, actor.User.Name
	}
	for i := range files {
		files[i].Field = "evidence"
	}
	if err := a.saveFiles(ctx, q, actor, followup.TypeRecommendation, recID, e.ID, files, Documents); err != nil {
		return err
	}
	return q.InsertRecEvent(ctx, e)
}

// RaiseRecommendation records one recommendation.
func (a *App) RaiseRecommendation(ctx context.Context, actor Actor, in RecInput) (string, error) {
	return a.one(ctx, func(q store.Q) ([]string, error) { return a.RaiseRecommendations(ctx, q, actor, []RecInput{in}) })
}

// visibleRec loads a recommendation the actor may see: the Sở, and the
// raising unit (or the units formed from it).
func visibleRec(ctx context.Context, q store.Q, actor Actor, id string) (store.RecRow, error) {
	r, err := q.Recommendation(ctx, id)
	if err != nil {
		return r, err
	}
	return r, Must(actor, followup.RecommendationView, account.Unit(r.Unit.Path))
}

// handleRec runs a change by the Sở on a recommendation: permission, version,
// the new state with the timeline step the change returns, one audit record
// and a notice to the raising unit.
func (a *App) handleRec(ctx context.Context, q store.Q, actor Actor, id string, version int, action string,
	change func(r *followup.Recommendation) (followup.Event, error), files []FileInput) (store.RecRow, error) {
	row, err := q.Recommendation(ctx, id)
	if err != nil {
		return row, err
	}
	if err := Must(actor, followup.RecommendationHandle, account.Unit(row.Unit.Path)); err != nil {
		return row, err
	}
	if row.Version != version {
		return row, ErrConflict
	}
	before := row.Recommendation
	r := row.Recommendation
	ev, err := change(&r)
	if err != nil {
		return row, err
	}
	if err := q.UpdateRecommendationState(ctx, r, a.Now()); err != nil {
		return row, err
	}
	ev.Status = r.Status
	if err := recEvent(ctx, q, a, actor, id, ev, files); err != nil {
		return row, err
	}
	if err := Audit(ctx, q, actor, action, followup.TypeRecommendation, id, r.UnitID, before, r); err != nil {
		return row, err
	}
	unit, err := q.Unit(ctx, r.UnitID)
	if err != nil {
		return row, err
	}
	users, err := unitUsers(ctx, q, unit)
	if err != nil {
		return row, err
	}
	row.Recommendation = r
	return row, a.Notify(ctx, q, Notice{UserIDs: append(users, r.CreatedBy), Kind: "recommendation." + string(r.Status),
		Key: "ntf.rec." + string(r.Status), Args: []string{r.Title}, Link: "/recommendations/" + id})
}

// StepRecommendation moves a recommendation along its timeline: routed to a
// division and assignee with an answer date, answered, in progress,
// resolved, or declined with a reason.
func (a *App) StepRecommendation(ctx context.Context, actor Actor, id string, version int, s followup.Step, evidence []FileInput) error {
	today := a.today()
	return a.Store.Tx(ctx, func(q store.Q) error {
		row, err := a.handleRec(ctx, q, actor, id, version, "recommendation."+string(s.To), func(r *followup.Recommendation) (followup.Event, error) {
			e := followup.CheckStep(*r, s, today)
			if s.To == followup.RecAssigned {
				checkRouting(ctx, q, s, &e)
			}
			if err := e.Err(); err != nil {
				return followup.Event{}, err
			}
			r.Status = s.To
			switch s.To {
			case followup.RecAssigned:
				r.DivisionID, r.AssigneeID, r.AnswerDue = s.DivisionID, s.AssigneeID, s.AnswerDue
			case followup.RecAnswered:
				r.Answer = s.Note
			case followup.RecDeclined:
				r.Reason = s.Note
			}
			return followup.Event{Note: s.Note}, nil
		}, evidence)
		if err != nil || s.To != followup.RecAssigned {
			return err
		}
		return a.Notify(ctx, q, Notice{UserIDs: []string{s.AssigneeID}, Kind: "recommendation.assigned", Key: "ntf.rec.assigned_to_you",
			Args: []string{row.Title, unitLabel(row.Unit), locale.Date(s.AnswerDue)}, Link: "/recommendations/" + id})
	})
}

// checkRouting makes sure a recommendation goes to a Sở division and to a
// Sở person who can answer it.
func checkRouting(ctx context.Context, q store.Q, s followup.Step, e *valid.Errors) {
	if s.DivisionID != "" {
		if d, err := q.Unit(ctx, s.DivisionID); err != nil || d.Kind != orgunit.Division || !d.Current() {
			e.Add("division_id", "err.choose")
		}
	}
	if s.AssigneeID != "" {
		if u, err := q.User(ctx, s.AssigneeID); err != nil || u.Disabled || !account.Can(&u, followup.RecommendationHandle, account.None) {
			e.Add("assignee_id", "err.choose")
		}
	}
}

// RecConverter turns a recommendation into an object of another area (a
// proposal draft for an open call) inside the caller's transaction; choice
// is the ID of what the user picked from Choices (a call and a unit). The
// converter checks the choice again: the form may be stale.
type RecConverter struct {
	// Label is the catalogue key of the section; with "_choice", "_hint",
	// "_button" and "_none" (nothing to pick) it names the rest of the form.
	Label   string
	Choices func(ctx context.Context, q store.Q, a *App, actor Actor, rec store.RecRow) ([]RefInfo, error)
	Convert func(ctx context.Context, q store.Q, a *App, actor Actor, rec store.RecRow, choice string) (followup.Ref, error)
}

// Conversion is a target wired in modules.go offered on a recommendation's page,
// with what may be picked for it now.
type Conversion struct {
	Target string
	RecConverter
	Choices []RefInfo
}

// conversions lists the wired targets in a stable order, with their
// choices for this recommendation.
func (a *App) conversions(ctx context.Context, q store.Q, actor Actor, rec store.RecRow) ([]Conversion, error) {
	var out []Conversion
	for _, t := range slices.Sorted(maps.Keys(a.wired.recConverters)) {
		c := a.wired.recConverters[t]
		choices, err := c.Choices(ctx, q, a, actor, rec)
		if err != nil {
			return nil, err
		}
		out = append(out, Conversion{Target: t, RecConverter: c, Choices: choices})
	}
	return out, nil
}

// ConvertInput says what a recommendation becomes.
type ConvertInput struct {
	Target   string // "action", "training", or a converter wired in modules.go
	Action   ActionItemInput
	Training TrainingInput
	Choice   string
	Note     string
	Version  int
}

// ConvertRecommendation makes an action item, a training event or another
// area's object from an answered recommendation, links the two both ways and
// puts the recommendation in progress.
func (a *App) ConvertRecommendation(ctx context.Context, actor Actor, id string, in ConvertInput) (followup.Ref, error) {
	var made followup.Ref
	err := a.Store.Tx(ctx, func(q store.Q) error {
		_, err := a.handleRec(ctx, q, actor, id, in.Version, "recommendation.convert", func(r *followup.Recommendation) (followup.Event, error) {
			if !r.Status.Convertible() {
				return followup.Event{}, valid.Errors{"form": {Key: "err.fu.rec_not_convertible"}}
			}
			row, err := q.Recommendation(ctx, r.ID)
			if err != nil {
				return followup.Event{}, err
			}
			if made, err = a.convert(ctx, q, actor, row, in); err != nil {
				return followup.Event{}, err
			}
			if err := a.Link(ctx, q, actor, followup.Ref{Type: followup.TypeRecommendation, ID: r.ID}, made); err != nil {
				return followup.Event{}, err
			}
			r.Status = followup.RecInProgress
			return followup.Event{Note: strings.TrimSpace(in.Note), Made: made}, nil
		}, nil)
		return err
	})
	return made, err
}

func (a *App) convert(ctx context.Context, q store.Q, actor Actor, rec store.RecRow, in ConvertInput) (followup.Ref, error) {
	switch in.Target {
	case "action":
		// The Sở officer converting it assigns the item.
		in.Action.Source = followup.Ref{Type: followup.TypeRecommendation, ID: rec.ID, Label: rec.Title}
		in.Action.AssignerUnitID, in.Action.AssignerName = actor.User.UnitID, actor.User.Name
		ids, err := a.CreateActionItems(ctx, q, actor, []ActionItemInput{in.Action})
		if err != nil {
			return followup.Ref{}, err
		}
		return followup.Ref{Type: followup.TypeAction, ID: ids[0], Label: in.Action.Title}, nil
	case "training":
		id, err := a.recordTraining(ctx, q, actor, in.Training)
		return followup.Ref{Type: followup.TypeTraining, ID: id, Label: in.Training.Topic}, err
	}
	c, ok := a.wired.recConverters[in.Target]
	if !ok {
		return followup.Ref{}, valid.Errors{"form": {Key: "err.invalid"}}
	}
	return c.Convert(ctx, q, a, actor, rec, in.Choice)
}

// EventView is a timeline step with its evidence and what it made.
type EventView struct {
	followup.Event
	Files []store.File
	Made  RefInfo
}

// RecView is what the recommendation page shows.
type RecView struct {
	Rec         store.RecRow
	Events      []EventView
	Attachments []store.File
	Links       []LinkView
	Source      RefInfo
	Divisions   []orgunit.Unit
	Assignees   []account.User
	Conversions []Conversion // other areas' targets, once it may be converted
}

// Recommendation returns a recommendation for its page; the Sở also gets
// the divisions and people it can be routed to.
func (a *App) Recommendation(ctx context.Context, actor Actor, id string) (RecView, error) {
	q := a.Store.Read()
	row, err := visibleRec(ctx, q, actor, id)
	if err != nil {
		return RecView{}, err
	}
	v := RecView{Rec: row, Source: a.resolveRef(ctx, q, actor, row.Source)}
	events, err := q.RecEvents(ctx, id)
	if err != nil {
		return v, err
	}
	files, err := filesByPurpose(ctx, q, followup.TypeRecommendation, id)
	if err != nil {
		return v, err
	}
	v.Attachments = files["attachment"]
	for _, e := range events {
		ev := EventView{Event: e, Files: files[e.ID]}
		if e.Made.Type != "" {
			ev.Made = a.resolveRef(ctx, q, actor, e.Made)
		}
		v.Events = append(v.Events, ev)
	}
	if v.Links, err = a.linksOf(ctx, q, actor, followup.TypeRecommendation, id); err != nil {
		return v, err
	}
	if !account.Can(actor.User, followup.RecommendationHandle, account.Unit(row.Unit.Path)) {
		return v, nil
	}
	units, err := q.UnitsOn(ctx, a.today(), orgunit.Division)
	if err != nil {
		return v, err
	}
	v.Divisions = units
	for _, r := range []account.Role{account.SoSpecialist, account.SoLeader} {
		users, err := q.UsersWithRole(ctx, r, "")
		if err != nil {
			return v, err
		}
		v.Assignees = append(v.Assignees, users...)
	}
	sortUsers(v.Assignees)
	if row.Status.Convertible() {
		v.Conversions, err = a.conversions(ctx, q, actor, row)
	}
	return v, err
}

// Recommendations lists the recommendations the actor may see.
func (a *App) Recommendations(ctx context.Context, actor Actor, f store.RecFilter) ([]store.RecRow, error) {
	if err := mayList(actor, followup.RecommendationView); err != nil {
		return nil, err
	}
	f.Scope, f.Today = readScope(actor), a.today()
	return a.Store.Read().Recommendations(ctx, f)
}

// Categories lists recommendation categories (only active ones unless all).
func (a *App) Categories(ctx context.Context, all bool) ([]followup.Category, error) {
	return a.Store.Read().Categories(ctx, !all)
}

// SaveCategory adds (empty ID) or changes a category.
func (a *App) SaveCategory(ctx context.Context, actor Actor, c followup.Category) error {
	if err := Must(actor, followup.CategoryManage, account.None); err != nil {
		return err
	}
	if err := c.Validate().Err(); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if c.ID == "" {
			c.ID, c.Active = store.NewID(), true
			if err := q.InsertCategory(ctx, c, a.Now()); err != nil {
				return err
			}
			return Audit(ctx, q, actor, "recommendation.category_add", "recommendation_category", c.ID, "", nil, c)
		}
		cats, err := q.Categories(ctx, false)
		if err != nil {
			return err
		}
		var before *followup.Category
		for i := range cats {
			if cats[i].ID == c.ID {
				before = &cats[i]
			}
		}
		if before == nil {
			return ErrNotFound
		}
		if err := q.UpdateCategory(ctx, c); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "recommendation.category_edit", "recommendation_category", c.ID, "", before, c)
	})
}
