package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
)

// TrainingInput is the training and communication event form.
type TrainingInput struct {
	Kind             followup.TrainingKind
	Status           followup.TrainingStatus
	Date             civil.Date
	UnitID           string
	Topic, Place     string
	Participants     int
	Notes            string
	RecommendationID string // the recommendation it answers, if any
	Evidence         []FileInput
	Version          int
}

func (in TrainingInput) apply(t *followup.Training) {
	t.Kind, t.Status, t.Date, t.UnitID = in.Kind, in.Status, in.Date, in.UnitID
	t.Topic, t.Place, t.Participants, t.Notes, t.Version = in.Topic, in.Place, in.Participants, in.Notes, in.Version
}

// checkTraining validates an event and checks the actor may record events of
// its unit.
func (a *App) checkTraining(ctx context.Context, q store.Q, actor Actor, t followup.Training) error {
	e := t.Validate(a.today())
	var path string
	if t.UnitID != "" && !t.Date.IsZero() {
		// A unit reorganised since a planned date still owns the event.
		u, err := q.Unit(ctx, t.UnitID)
		if err != nil || !(u.ValidOn(t.Date) || u.ValidOn(a.today())) {
			e.Add("unit_id", "err.fu.unit_not_on_date", locale.Date(t.Date))
		}
		path = u.Path
	}
	if err := e.Err(); err != nil {
		return err
	}
	return Must(actor, followup.TrainingRecord, account.Unit(path))
}

// recordTraining stores an event inside the caller's transaction; when it
// answers a recommendation the two are linked and the unit is told.
func (a *App) recordTraining(ctx context.Context, q store.Q, actor Actor, in TrainingInput) (string, error) {
	if err := mayList(actor, followup.TrainingRecord); err != nil {
		return "", err
	}
	t := followup.Training{ID: store.NewID(), CreatedAt: a.Now()}
	if actor.User != nil {
		t.CreatedBy = actor.User.ID
	}
	in.apply(&t)
	if err := a.checkTraining(ctx, q, actor, t); err != nil {
		return "", err
	}
	if err := q.InsertTraining(ctx, t); err != nil {
		return "", err
	}
	if err := a.saveTrainingEvidence(ctx, q, actor, t.ID, in.Evidence); err != nil {
		return "", err
	}
	if in.RecommendationID != "" {
		rec, err := visibleRec(ctx, q, actor, in.RecommendationID)
		if err != nil {
			return "", err
		}
		if err := a.Link(ctx, q, actor, followup.Ref{Type: followup.TypeRecommendation, ID: rec.ID},
			followup.Ref{Type: followup.TypeTraining, ID: t.ID}); err != nil {
			return "", err
		}
	}
	return t.ID, Audit(ctx, q, actor, "training.create", followup.TypeTraining, t.ID, t.UnitID, nil, t)
}

func (a *App) saveTrainingEvidence(ctx context.Context, q store.Q, actor Actor, id string, files []FileInput) error {
	for i := range files {
		files[i].Field = "evidence"
	}
	return a.saveFiles(ctx, q, actor, followup.TypeTraining, id, "evidence", files, Documents)
}

// RecordTraining records a training or communication event.
func (a *App) RecordTraining(ctx context.Context, actor Actor, in TrainingInput) (string, error) {
	return a.one(ctx, func(q store.Q) ([]string, error) {
		id, err := a.recordTraining(ctx, q, actor, in)
		return []string{id}, err
	})
}

// UpdateTraining saves an event, e.g. a planned one that has now been held,
// with its participant count and evidence.
func (a *App) UpdateTraining(ctx context.Context, actor Actor, id string, in TrainingInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		row, err := q.Training(ctx, id)
		if err != nil {
			return err
		}
		if err := Must(actor, followup.TrainingRecord, account.Unit(row.Unit.Path)); err != nil {
			return err
		}
		before := row.Training
		t := row.Training
		in.apply(&t)
		if err := a.checkTraining(ctx, q, actor, t); err != nil {
			return err
		}
		if err := q.UpdateTraining(ctx, t, a.Now()); err != nil {
			return err
		}
		if err := a.saveTrainingEvidence(ctx, q, actor, id, in.Evidence); err != nil {
			return err
		}
		if err := Audit(ctx, q, actor, "training.update", followup.TypeTraining, id, t.UnitID, before, t); err != nil {
			return err
		}
		if before.Status == t.Status || t.Status != followup.TrainingHeld {
			return nil
		}
		return a.tellAnswered(ctx, q, id, t)
	})
}

// tellAnswered tells the units whose recommendations a held event answers.
func (a *App) tellAnswered(ctx context.Context, q store.Q, id string, t followup.Training) error {
	links, err := q.LinksOf(ctx, followup.TypeTraining, id)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.FromType != followup.TypeRecommendation {
			continue
		}
		rec, err := q.Recommendation(ctx, l.FromID)
		if err != nil {
			return err
		}
		users, err := unitUsers(ctx, q, rec.Unit)
		if err != nil {
			return err
		}
		if err := a.Notify(ctx, q, Notice{UserIDs: append(users, rec.AssigneeID), Kind: "training.held", Key: "ntf.training.held",
			Args: []string{t.Topic, rec.Title}, Link: "/trainings/" + id}); err != nil {
			return err
		}
	}
	return nil
}

// visibleTraining loads an event the actor may see.
func visibleTraining(ctx context.Context, q store.Q, actor Actor, id string) (store.TrainingRow, error) {
	t, err := q.Training(ctx, id)
	if err != nil {
		return t, err
	}
	return t, Must(actor, followup.TrainingView, account.Unit(t.Unit.Path))
}

// TrainingView is what the event page shows.
type TrainingView struct {
	Event    store.TrainingRow
	Evidence []store.File
	Links    []LinkView
}

// Training returns an event for its page.
func (a *App) Training(ctx context.Context, actor Actor, id string) (TrainingView, error) {
	q := a.Store.Read()
	t, err := visibleTraining(ctx, q, actor, id)
	if err != nil {
		return TrainingView{}, err
	}
	v := TrainingView{Event: t}
	if v.Evidence, err = q.FilesOf(ctx, followup.TypeTraining, id); err != nil {
		return v, err
	}
	v.Links, err = a.linksOf(ctx, q, actor, followup.TypeTraining, id)
	return v, err
}

// TrainingList is the event list with its totals.
type TrainingList struct {
	Events       []store.TrainingRow
	Held         int
	Participants int
	Unit         orgunit.Unit // the unit the list is narrowed to, if any
}

// Trainings lists the events the actor may see, with the number held and
// their participants.
// unitID, when set, narrows the list to a unit and the units under it (a
// report's registry link).
func (a *App) Trainings(ctx context.Context, actor Actor, f store.TrainingFilter, unitID string) (TrainingList, error) {
	if err := mayList(actor, followup.TrainingView); err != nil {
		return TrainingList{}, err
	}
	f.Scope = readScope(actor)
	q := a.Store.Read()
	var l TrainingList
	var err error
	if unitID != "" {
		if l.Unit, err = q.Unit(ctx, unitID); err != nil {
			return l, err
		}
		f.UnitPath = l.Unit.Path
	}
	if l.Events, err = q.Trainings(ctx, f); err != nil {
		return l, err
	}
	f.Status = string(followup.TrainingHeld)
	l.Held, l.Participants, err = q.TrainingTotals(ctx, f)
	return l, err
}
