package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
)

// ActionRow is an action item with the names a page shows.
type ActionRow struct {
	followup.Item
	Owner         UnitRef
	OwnerUserName string
	AssignerUnit  string // the assigning unit's name
}

const actionCols = `a.id, a.title, a.description, a.owner_unit_id, COALESCE(a.owner_user_id, ''), a.assigner_unit_id, a.assigner_name, a.due,
	a.status, a.source_type, a.source_id, a.source_label, a.source_item_id, a.version, COALESCE(a.created_by, ''), a.created_at, a.updated_at,
	a.done_on, o.id, o.name, o.type, o.path, COALESCE(u.name, ''), s.name`

// actionCountFrom is what filters and counts need: the item and its owner.
const actionCountFrom = ` FROM action_items a JOIN org_units o ON o.id = a.owner_unit_id`

const actionFrom = actionCountFrom + ` JOIN org_units s ON s.id = a.assigner_unit_id LEFT JOIN users u ON u.id = a.owner_user_id`

func scanAction(r scanner) (ActionRow, error) {
	var x ActionRow
	it := &x.Item
	err := r.Scan(&it.ID, &it.Title, &it.Description, &it.OwnerUnitID, &it.OwnerUserID, &it.AssignerUnitID, &it.AssignerName, &it.Due,
		&it.Status, &it.Source.Type, &it.Source.ID, &it.Source.Label, &it.SourceItemID, &it.Version, &it.CreatedBy, &it.CreatedAt, &it.UpdatedAt,
		&it.DoneOn, &x.Owner.ID, &x.Owner.Name, &x.Owner.Type, &x.Owner.Path, &x.OwnerUserName, &x.AssignerUnit)
	return x, err
}

// InsertAction stores a new action item.
func (q Q) InsertAction(ctx context.Context, it followup.Item) error {
	_, err := q.exec(ctx, `INSERT INTO action_items (id, title, title_fold, description, owner_unit_id, owner_user_id, assigner_unit_id, assigner_name,
		due, status, source_type, source_id, source_label, source_item_id, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $16)`,
		it.ID, it.Title, locale.Fold(it.Title), it.Description, it.OwnerUnitID, nullable(it.OwnerUserID), it.AssignerUnitID, it.AssignerName,
		it.Due, string(it.Status), it.Source.Type, it.Source.ID, it.Source.Label, it.SourceItemID, nullable(it.CreatedBy), it.CreatedAt)
	return err
}

// UpdateAction saves what the assigning side edits, and the state, if nobody
// changed the item meanwhile.
func (q Q) UpdateAction(ctx context.Context, it followup.Item, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE action_items SET title = $1, title_fold = $2, description = $3, owner_unit_id = $4,
		owner_user_id = $5, assigner_unit_id = $6, assigner_name = $7, due = $8, status = $9, done_on = $10, source_label = $11,
		version = version + 1, updated_at = $12 WHERE id = $13 AND version = $14`,
		it.Title, locale.Fold(it.Title), it.Description, it.OwnerUnitID, nullable(it.OwnerUserID), it.AssignerUnitID, it.AssignerName,
		it.Due, string(it.Status), it.DoneOn, it.Source.Label, at, it.ID, it.Version)
}

// Action loads one action item.
func (q Q) Action(ctx context.Context, id string) (ActionRow, error) {
	x, err := scanAction(q.row(ctx, `SELECT `+actionCols+actionFrom+` WHERE a.id = $1`, id))
	return x, notFound(err)
}

// ActionFilter narrows action item lists and counts.
type ActionFilter struct {
	Scope       Scope  // owner units
	Status      string // a stored state, "open", "overdue" or "" for all
	OwnerUnitID string
	SourceType  string
	SourceID    string
	DueTo       civil.Date // due on or before
	Text        string
	Today       civil.Date // for "overdue"
	Offset      int        // rows to skip (a list's later page)
}

func (f ActionFilter) where() conds {
	var c conds
	c.scope(f.Scope, "o.path")
	switch f.Status {
	case "":
	case "open":
		c.raw(`a.status IN ('not_started', 'in_progress')`)
	case "overdue":
		c.raw(`a.status IN ('not_started', 'in_progress')`)
		c.add("a.due < $", f.Today)
	default:
		c.add("a.status = $", f.Status)
	}
	c.addIf(f.OwnerUnitID != "", "a.owner_unit_id = $", f.OwnerUnitID)
	c.addIf(f.SourceType != "", "a.source_type = $", f.SourceType)
	c.addIf(f.SourceID != "", "a.source_id = $", f.SourceID)
	c.addIf(!f.DueTo.IsZero(), "a.due <= $", f.DueTo)
	c.text("a.title_fold", f.Text)
	return c
}

// Actions lists action items by due date, earliest first.
func (q Q) Actions(ctx context.Context, f ActionFilter, limit int) ([]ActionRow, error) {
	c := f.where()
	args := append(c.args, limit, max(f.Offset, 0))
	rows, err := q.query(ctx, `SELECT `+actionCols+actionFrom+` WHERE `+c.sql()+` ORDER BY a.due, a.created_at, a.id LIMIT $`+itoa(len(args)-1)+` OFFSET $`+itoa(len(args)), args...)
	return collect(rows, err, func(r *sql.Rows) (ActionRow, error) { return scanAction(r) })
}

// ActionCount is how many open and overdue items one group holds.
type ActionCount struct {
	Key     string // unit ID or source type
	Unit    UnitRef
	Open    int
	Overdue int
}

// ActionCounts counts the open items matching f by owner unit ("unit") or
// by source type ("source"); overdue is worked out from the due date.
func (q Q) ActionCounts(ctx context.Context, f ActionFilter, by string) ([]ActionCount, error) {
	f.Status = "open"
	c := f.where()
	args := append(c.args, f.Today)
	from := ` FROM action_items a`
	if f.Scope != nil {
		from = actionCountFrom // the scope is on the owner's path
	}
	key := "a.owner_unit_id"
	if by == "source" {
		key = "a.source_type"
	}
	rows, err := q.query(ctx, `SELECT `+key+`, COUNT(*), SUM(CASE WHEN a.due < $`+itoa(len(args))+` THEN 1 ELSE 0 END)`+from+
		` WHERE `+c.sql()+` GROUP BY `+key, args...)
	counts, err := collect(rows, err, func(r *sql.Rows) (ActionCount, error) {
		var c ActionCount
		return c, r.Scan(&c.Key, &c.Open, &c.Overdue)
	})
	if err != nil || by == "source" {
		return counts, err
	}
	ids := make([]string, len(counts))
	for i, c := range counts {
		ids[i] = c.Key
	}
	units, err := q.UnitsByIDs(ctx, ids)
	byID := map[string]UnitRef{}
	for _, u := range units {
		byID[u.ID] = u
	}
	for i := range counts {
		counts[i].Unit = byID[counts[i].Key]
	}
	locale.SortFunc(counts, func(c ActionCount) string { return c.Unit.Name })
	return counts, err
}

// InsertProgress appends an update to an item's history.
func (q Q) InsertProgress(ctx context.Context, p followup.Progress) error {
	_, err := q.exec(ctx, `INSERT INTO action_progress (id, item_id, at, from_status, to_status, note, actor_id, actor_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.ID, p.ItemID, p.At, string(p.From), string(p.To), p.Note, nullable(p.ActorID), p.ActorName)
	return err
}

// Progress lists an item's updates, oldest first.
func (q Q) Progress(ctx context.Context, itemID string) ([]followup.Progress, error) {
	rows, err := q.query(ctx, `SELECT id, item_id, at, from_status, to_status, note, COALESCE(actor_id, ''), actor_name
		FROM action_progress WHERE item_id = $1 ORDER BY at, id`, itemID)
	return collect(rows, err, func(r *sql.Rows) (followup.Progress, error) {
		var p followup.Progress
		return p, r.Scan(&p.ID, &p.ItemID, &p.At, &p.From, &p.To, &p.Note, &p.ActorID, &p.ActorName)
	})
}
