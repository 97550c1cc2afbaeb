package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
)

const unitCols = `id, code, name, kind, type, COALESCE(parent_id, ''), path, depth, valid_from, valid_to, legal_basis`

func scanUnit(r interface{ Scan(...any) error }) (orgunit.Unit, error) {
	var u orgunit.Unit
	var kind, typ string
	err := r.Scan(&u.ID, &u.Code, &u.Name, &kind, &typ, &u.ParentID, &u.Path, &u.Depth, &u.ValidFrom, &u.ValidTo, &u.LegalBasis)
	u.Kind, u.Type = orgunit.Kind(kind), orgunit.Type(typ)
	return u, err
}

// InsertUnits adds units (parents before children) and links in one go.
func (q Q) InsertUnits(ctx context.Context, units []orgunit.Unit, links []orgunit.Link) error {
	now := time.Now()
	for _, u := range units {
		if _, err := q.exec(ctx, `INSERT INTO org_units (id, code, name, name_fold, kind, type, parent_id, path, depth, valid_from, valid_to, legal_basis, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			u.ID, u.Code, u.Name, locale.Fold(u.Name), string(u.Kind), string(u.Type), nullable(u.ParentID), u.Path, u.Depth, u.ValidFrom, u.ValidTo, u.LegalBasis, now); err != nil {
			return err
		}
	}
	for _, l := range links {
		if _, err := q.exec(ctx, `INSERT INTO org_unit_successors (from_id, to_id, share, effective, legal_basis, weight) VALUES ($1, $2, $3, $4, $5, $6)`,
			l.FromID, l.ToID, string(l.Share), l.Effective, l.LegalBasis, weightArg(l.Weight)); err != nil {
			return err
		}
	}
	return nil
}

// Unit returns one unit by ID.
func (q Q) Unit(ctx context.Context, id string) (orgunit.Unit, error) {
	u, err := scanUnit(q.row(ctx, `SELECT `+unitCols+` FROM org_units WHERE id = $1`, id))
	return u, notFound(err)
}

// UnitsByIDs returns the units with these IDs (in no particular order).
func (q Q) UnitsByIDs(ctx context.Context, ids []string) ([]orgunit.Unit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM org_units WHERE id IN (`+placeholders(1, len(ids))+`)`, args...)
	return collect(rows, err, func(r *sql.Rows) (orgunit.Unit, error) { return scanUnit(r) })
}

// Scan runs a one-row query into dest; for small checks in use cases.
func (q Q) Scan(ctx context.Context, query string, dest ...any) error {
	return notFound(q.row(ctx, query).Scan(dest...))
}

// UnitCount returns how many units exist (0 means a fresh database).
func (q Q) UnitCount(ctx context.Context) (int, error) {
	var n int
	err := q.row(ctx, `SELECT COUNT(*) FROM org_units`).Scan(&n)
	return n, err
}

// UnitSet loads every unit and link into an in-memory Set for tree walks.
// Even at national scale (≈13.000 units) this is a few megabytes.
func (q Q) UnitSet(ctx context.Context) (*orgunit.Set, error) {
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM org_units`)
	units, err := collect(rows, err, func(r *sql.Rows) (orgunit.Unit, error) { return scanUnit(r) })
	if err != nil {
		return nil, err
	}
	rows, err = q.query(ctx, `SELECT from_id, to_id, share, effective, legal_basis, weight FROM org_unit_successors`)
	links, err := collect(rows, err, func(r *sql.Rows) (orgunit.Link, error) {
		var l orgunit.Link
		var share string
		var w sql.NullFloat64
		err := r.Scan(&l.FromID, &l.ToID, &share, &l.Effective, &l.LegalBasis, &w)
		l.Share, l.Weight = orgunit.Share(share), w.Float64
		return l, err
	})
	if err != nil {
		return nil, err
	}
	return orgunit.NewSet(units, links), nil
}

// UnitsOn returns the units valid on day d, optionally of one kind, sorted by
// Vietnamese collation.
func (q Q) UnitsOn(ctx context.Context, d civil.Date, kind orgunit.Kind) ([]orgunit.Unit, error) {
	query := `SELECT ` + unitCols + ` FROM org_units WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`
	args := []any{d}
	if kind != "" {
		query += ` AND kind = $2`
		args = append(args, string(kind))
	}
	rows, err := q.query(ctx, query, args...)
	units, err := collect(rows, err, func(r *sql.Rows) (orgunit.Unit, error) { return scanUnit(r) })
	locale.SortFunc(units, func(u orgunit.Unit) string { return u.Name })
	return units, err
}

// SearchUnits finds units whose name matches text without regard to
// diacritics ("me linh" finds "Mê Linh"), exact-diacritic matches first.
func (q Q) SearchUnits(ctx context.Context, text string, limit int) ([]orgunit.Unit, error) {
	fold := locale.Fold(text)
	if fold == "" {
		return nil, nil
	}
	where, args := wordsWhere("name_fold", fold, 2)
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM org_units WHERE `+where+` ORDER BY valid_to IS NOT NULL, depth LIMIT $1`,
		append([]any{limit * 4}, args...)...)
	units, err := collect(rows, err, func(r *sql.Rows) (orgunit.Unit, error) { return scanUnit(r) })
	if err != nil {
		return nil, err
	}
	RankByDiacritics(units, text, func(u orgunit.Unit) string { return u.Name })
	if len(units) > limit {
		units = units[:limit]
	}
	return units, nil
}

// weightArg stores a link's weight, NULL when the map gives none.
func weightArg(w float64) any {
	if w <= 0 {
		return nil
	}
	return w
}
