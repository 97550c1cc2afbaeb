package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
)

// TrainingRow is a training or communication event with its unit.
type TrainingRow struct {
	followup.Training
	Unit UnitRef
}

const trainingCols = `t.id, t.kind, t.status, t.date, t.unit_id, t.topic, t.place, t.participants, t.notes, t.version, COALESCE(t.created_by, ''),
	t.created_at, o.id, o.name, o.type, o.path`

const trainingFrom = ` FROM trainings t JOIN org_units o ON o.id = t.unit_id`

func scanTraining(r scanner) (TrainingRow, error) {
	var x TrainingRow
	t := &x.Training
	err := r.Scan(&t.ID, &t.Kind, &t.Status, &t.Date, &t.UnitID, &t.Topic, &t.Place, &t.Participants, &t.Notes, &t.Version, &t.CreatedBy,
		&t.CreatedAt, &x.Unit.ID, &x.Unit.Name, &x.Unit.Type, &x.Unit.Path)
	return x, err
}

// InsertTraining stores a new event.
func (q Q) InsertTraining(ctx context.Context, t followup.Training) error {
	_, err := q.exec(ctx, `INSERT INTO trainings (id, kind, status, date, unit_id, topic, topic_fold, place, participants, notes, version,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12)`,
		t.ID, string(t.Kind), string(t.Status), t.Date, t.UnitID, t.Topic, locale.Fold(t.Topic), t.Place, t.Participants, t.Notes,
		nullable(t.CreatedBy), t.CreatedAt)
	return err
}

// UpdateTraining saves an event if nobody changed it meanwhile.
func (q Q) UpdateTraining(ctx context.Context, t followup.Training, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE trainings SET kind = $1, status = $2, date = $3, unit_id = $4, topic = $5, topic_fold = $6,
		place = $7, participants = $8, notes = $9, version = version + 1, updated_at = $10 WHERE id = $11 AND version = $12`,
		string(t.Kind), string(t.Status), t.Date, t.UnitID, t.Topic, locale.Fold(t.Topic), t.Place, t.Participants, t.Notes, at, t.ID, t.Version)
}

// Training loads one event.
func (q Q) Training(ctx context.Context, id string) (TrainingRow, error) {
	x, err := scanTraining(q.row(ctx, `SELECT `+trainingCols+trainingFrom+` WHERE t.id = $1`, id))
	return x, notFound(err)
}

// TrainingFilter narrows event lists and counts.
type TrainingFilter struct {
	Scope    Scope
	Kind     string
	Status   string
	From, To civil.Date // inclusive; zero = open
	Text     string
	UnitPath string // a unit and the units under it
}

func (f TrainingFilter) where() conds {
	var c conds
	c.scope(f.Scope, "o.path")
	c.addIf(f.UnitPath != "", "o.path LIKE $", f.UnitPath+"%")
	c.addIf(f.Kind != "", "t.kind = $", f.Kind)
	c.addIf(f.Status != "", "t.status = $", f.Status)
	c.addIf(!f.From.IsZero(), "t.date >= $", f.From)
	c.addIf(!f.To.IsZero(), "t.date <= $", f.To)
	c.text("t.topic_fold", f.Text)
	return c
}

// Trainings lists events, most recent first.
func (q Q) Trainings(ctx context.Context, f TrainingFilter) ([]TrainingRow, error) {
	c := f.where()
	rows, err := q.query(ctx, `SELECT `+trainingCols+trainingFrom+` WHERE `+c.sql()+` ORDER BY t.date DESC, t.id DESC LIMIT 1000`, c.args...)
	return collect(rows, err, func(r *sql.Rows) (TrainingRow, error) { return scanTraining(r) })
}

// TrainingTotals counts events and sums participants matching f, for
// programme indicators.
func (q Q) TrainingTotals(ctx context.Context, f TrainingFilter) (events, participants int, err error) {
	c := f.where()
	err = q.row(ctx, `SELECT COUNT(*), COALESCE(SUM(t.participants), 0)`+trainingFrom+` WHERE `+c.sql(), c.args...).Scan(&events, &participants)
	return events, participants, err
}
