package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
)

// Categories lists recommendation categories in their set order.
func (q Q) Categories(ctx context.Context, activeOnly bool) ([]followup.Category, error) {
	rows, err := q.query(ctx, `SELECT id, name_vi, name_en, position, active, version FROM recommendation_categories
		WHERE ($1 = FALSE OR active = TRUE) ORDER BY position, name_vi`, activeOnly)
	return collect(rows, err, func(r *sql.Rows) (followup.Category, error) {
		var c followup.Category
		return c, r.Scan(&c.ID, &c.NameVI, &c.NameEN, &c.Position, &c.Active, &c.Version)
	})
}

// InsertCategory adds a category.
func (q Q) InsertCategory(ctx context.Context, c followup.Category, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO recommendation_categories (id, name_vi, name_en, position, active, version, created_at)
		VALUES ($1, $2, $3, $4, $5, 1, $6)`, c.ID, c.NameVI, c.NameEN, c.Position, c.Active, at)
	return err
}

// UpdateCategory renames, reorders or retires a category.
func (q Q) UpdateCategory(ctx context.Context, c followup.Category) error {
	return q.execOne(ctx, ErrConflict, `UPDATE recommendation_categories SET name_vi = $1, name_en = $2, position = $3, active = $4,
		version = version + 1 WHERE id = $5 AND version = $6`, c.NameVI, c.NameEN, c.Position, c.Active, c.ID, c.Version)
}

// RecRow is a recommendation with the names a page shows.
type RecRow struct {
	followup.Recommendation
	Unit         UnitRef
	CategoryVI   string
	CategoryEN   string
	DivisionName string
	AssigneeName string
}

// Category returns the category name in a language.
func (r RecRow) Category(lang string) string {
	if lang == "en" {
		return r.CategoryEN
	}
	return r.CategoryVI
}

const recCols = `r.id, r.unit_id, r.category_id, r.title, r.description, r.beneficiaries, r.desired_by, r.source_type, r.source_id, r.source_label,
	r.status, COALESCE(r.division_id, ''), COALESCE(r.assignee_id, ''), r.answer_due, r.answer, r.reason, r.version, COALESCE(r.created_by, ''),
	r.created_at, r.updated_at, ` + `o.id, o.name, o.type, o.path, c.name_vi, c.name_en, COALESCE(d.name, ''), COALESCE(u.name, '')`

const recFrom = ` FROM recommendations r JOIN org_units o ON o.id = r.unit_id JOIN recommendation_categories c ON c.id = r.category_id
	LEFT JOIN org_units d ON d.id = r.division_id LEFT JOIN users u ON u.id = r.assignee_id`

func scanRec(r scanner) (RecRow, error) {
	var x RecRow
	v := &x.Recommendation
	err := r.Scan(&v.ID, &v.UnitID, &v.CategoryID, &v.Title, &v.Description, &v.Beneficiaries, &v.DesiredBy, &v.Source.Type, &v.Source.ID, &v.Source.Label,
		&v.Status, &v.DivisionID, &v.AssigneeID, &v.AnswerDue, &v.Answer, &v.Reason, &v.Version, &v.CreatedBy, &v.CreatedAt, &v.UpdatedAt,
		&x.Unit.ID, &x.Unit.Name, &x.Unit.Type, &x.Unit.Path, &x.CategoryVI, &x.CategoryEN, &x.DivisionName, &x.AssigneeName)
	return x, err
}

// InsertRecommendation stores a new recommendation.
func (q Q) InsertRecommendation(ctx context.Context, r followup.Recommendation) error {
	_, err := q.exec(ctx, `INSERT INTO recommendations (id, unit_id, category_id, title, title_fold, description, beneficiaries, desired_by,
		source_type, source_id, source_label, status, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14)`,
		r.ID, r.UnitID, r.CategoryID, r.Title, locale.Fold(r.Title), r.Description, r.Beneficiaries, r.DesiredBy,
		r.Source.Type, r.Source.ID, r.Source.Label, string(r.Status), nullable(r.CreatedBy), r.CreatedAt)
	return err
}

// UpdateRecommendationState saves routing, answer and state if nobody
// changed the recommendation meanwhile.
func (q Q) UpdateRecommendationState(ctx context.Context, r followup.Recommendation, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE recommendations SET status = $1, division_id = $2, assignee_id = $3, answer_due = $4,
		answer = $5, reason = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		string(r.Status), nullable(r.DivisionID), nullable(r.AssigneeID), r.AnswerDue, r.Answer, r.Reason, at, r.ID, r.Version)
}

// Recommendation loads one recommendation.
func (q Q) Recommendation(ctx context.Context, id string) (RecRow, error) {
	x, err := scanRec(q.row(ctx, `SELECT `+recCols+recFrom+` WHERE r.id = $1`, id))
	return x, notFound(err)
}

// RecFilter narrows the recommendation list.
type RecFilter struct {
	Scope      Scope
	Status     string // a state, "open", or "late" (answer overdue)
	CategoryID string
	UnitID     string
	AssigneeID string
	Source     followup.Ref // only Type and ID are used
	Text       string
	Today      civil.Date
}

// Recommendations lists recommendations, most recent first.
func (q Q) Recommendations(ctx context.Context, f RecFilter) ([]RecRow, error) {
	var c conds
	c.scope(f.Scope, "o.path")
	switch f.Status {
	case "":
	case "open":
		c.raw(`r.status NOT IN ('resolved', 'declined')`)
	case "late":
		c.raw(`r.status IN ('received', 'assigned')`)
		c.add("r.answer_due < $", f.Today)
	default:
		c.add("r.status = $", f.Status)
	}
	c.addIf(f.CategoryID != "", "r.category_id = $", f.CategoryID)
	c.addIf(f.UnitID != "", "r.unit_id = $", f.UnitID)
	c.addIf(f.AssigneeID != "", "r.assignee_id = $", f.AssigneeID)
	if f.Source.Type != "" {
		c.add("r.source_type = $", f.Source.Type)
		c.add("r.source_id = $", f.Source.ID)
	}
	c.text("r.title_fold", f.Text)
	rows, err := q.query(ctx, `SELECT `+recCols+recFrom+` WHERE `+c.sql()+` ORDER BY r.created_at DESC, r.id DESC LIMIT 1000`, c.args...)
	return collect(rows, err, func(r *sql.Rows) (RecRow, error) { return scanRec(r) })
}

// InsertRecEvent appends a step to a recommendation's timeline.
func (q Q) InsertRecEvent(ctx context.Context, e followup.Event) error {
	_, err := q.exec(ctx, `INSERT INTO recommendation_events (id, recommendation_id, at, status, note, actor_id, actor_name, made_type, made_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.ID, e.RecommendationID, e.At, string(e.Status), e.Note, nullable(e.ActorID), e.ActorName,
		e.Made.Type, e.Made.ID)
	return err
}

// RecEvents lists a recommendation's timeline, oldest first.
func (q Q) RecEvents(ctx context.Context, recID string) ([]followup.Event, error) {
	rows, err := q.query(ctx, `SELECT id, recommendation_id, at, status, note, COALESCE(actor_id, ''), actor_name, made_type, made_id
		FROM recommendation_events WHERE recommendation_id = $1 ORDER BY at, id`, recID)
	return collect(rows, err, func(r *sql.Rows) (followup.Event, error) {
		var e followup.Event
		return e, r.Scan(&e.ID, &e.RecommendationID, &e.At, &e.Status, &e.Note, &e.ActorID, &e.ActorName, &e.Made.Type, &e.Made.ID)
	})
}

// SeedCategories inserts the given categories into an empty category list;
// a list someone has already set up is left alone.
func (q Q) SeedCategories(ctx context.Context, cats []followup.Category, at time.Time) error {
	var n int
	if err := q.row(ctx, `SELECT COUNT(*) FROM recommendation_categories`).Scan(&n); err != nil || n > 0 {
		return err
	}
	for _, c := range cats {
		if _, err := q.exec(ctx, `INSERT INTO recommendation_categories (id, name_vi, name_en, position, active, version, created_at)
			VALUES ($1, $2, $3, $4, TRUE, 1, $5) ON CONFLICT (id) DO NOTHING`, c.ID, c.NameVI, c.NameEN, c.Position, at); err != nil {
			return err
		}
	}
	return nil
}
