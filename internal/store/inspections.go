package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/programme"
)

const inspectionCols = `id, programme_id, COALESCE(period_id, ''), unit_id, unit_path, inspected_on, place, team, lead_name, summary,
	conclusion, minutes_no, notice_no, version, COALESCE(created_by, ''), created_at, updated_at`

func scanInspection(r interface{ Scan(...any) error }) (programme.Inspection, error) {
	var i programme.Inspection
	err := r.Scan(&i.ID, &i.ProgrammeID, &i.PeriodID, &i.UnitID, &i.UnitPath, &i.Date, &i.Place, &i.Team, &i.Lead, &i.Summary,
		&i.Conclusion, &i.MinutesNo, &i.NoticeNo, &i.Version, &i.CreatedBy, &i.CreatedAt, &i.UpdatedAt)
	return i, err
}

// Inspection returns one inspection with its findings and conclusions.
func (q Q) Inspection(ctx context.Context, id string) (programme.Inspection, error) {
	i, err := scanInspection(q.row(ctx, `SELECT `+inspectionCols+` FROM inspections WHERE id = $1`, id))
	if err != nil {
		return i, notFound(err)
	}
	rows, err := q.query(ctx, `SELECT id, area, finding, position FROM inspection_findings WHERE inspection_id = $1 ORDER BY position`, id)
	i.Findings, err = collect(rows, err, func(r *sql.Rows) (programme.Finding, error) {
		var f programme.Finding
		err := r.Scan(&f.ID, &f.Area, &f.Text, &f.Order)
		return f, err
	})
	if err != nil {
		return i, err
	}
	i.Conclusions, err = q.conclusions(ctx, `WHERE inspection_id = $1 ORDER BY position`, id)
	return i, err
}

// InspectionsInScope lists inspections of units under a path, newest first.
func (q Q) InspectionsInScope(ctx context.Context, pathPrefix, programmeID string, limit int) ([]programme.Inspection, error) {
	rows, err := q.query(ctx, `SELECT `+inspectionCols+` FROM inspections WHERE unit_path LIKE $1 AND ($2 = '' OR programme_id = $2)
		ORDER BY inspected_on DESC, id DESC LIMIT $3`, escapeLike(pathPrefix)+"%", programmeID, limit)
	return collect(rows, err, func(r *sql.Rows) (programme.Inspection, error) { return scanInspection(r) })
}

// InsertInspection adds an inspection with its lists.
func (q Q) InsertInspection(ctx context.Context, i programme.Inspection) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO inspections (id, programme_id, period_id, unit_id, unit_path, inspected_on, place, team, lead_name,
		summary, conclusion, minutes_no, notice_no, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15, $15)`,
		i.ID, i.ProgrammeID, nullText(i.PeriodID), i.UnitID, i.UnitPath, i.Date, i.Place, i.Team, i.Lead, i.Summary, i.Conclusion,
		i.MinutesNo, i.NoticeNo, nullText(i.CreatedBy), now)
	if err != nil {
		return err
	}
	return q.replaceInspectionLists(ctx, i)
}

// UpdateInspection saves an inspection and its lists if its version is
// still i.Version.
func (q Q) UpdateInspection(ctx context.Context, i programme.Inspection) error {
	err := q.execOne(ctx, ErrConflict, `UPDATE inspections SET programme_id = $1, period_id = $2, unit_id = $3, unit_path = $4,
		inspected_on = $5, place = $6, team = $7, lead_name = $8, summary = $9, conclusion = $10, minutes_no = $11, notice_no = $12,
		version = version + 1, updated_at = $13 WHERE id = $14 AND version = $15`,
		i.ProgrammeID, nullText(i.PeriodID), i.UnitID, i.UnitPath, i.Date, i.Place, i.Team, i.Lead, i.Summary, i.Conclusion,
		i.MinutesNo, i.NoticeNo, time.Now(), i.ID, i.Version)
	if err != nil {
		return err
	}
	return q.replaceInspectionLists(ctx, i)
}

// replaceInspectionLists rewrites findings, and conclusions keeping their
// IDs (a follow-up may already point at one).
func (q Q) replaceInspectionLists(ctx context.Context, i programme.Inspection) error {
	if _, err := q.exec(ctx, `DELETE FROM inspection_findings WHERE inspection_id = $1`, i.ID); err != nil {
		return err
	}
	for n, f := range i.Findings {
		if f.ID == "" {
			f.ID = NewID()
		}
		if _, err := q.exec(ctx, `INSERT INTO inspection_findings (id, inspection_id, area, finding, position) VALUES ($1, $2, $3, $4, $5)`,
			f.ID, i.ID, f.Area, f.Text, n); err != nil {
			return err
		}
	}
	old, err := q.conclusions(ctx, `WHERE inspection_id = $1`, i.ID)
	if err != nil {
		return err
	}
	kept := map[string]bool{}
	now := time.Now()
	for n, c := range i.Conclusions {
		if c.ID == "" {
			c.ID = NewID()
			_, err = q.exec(ctx, `INSERT INTO inspection_conclusions (id, inspection_id, text, owner_unit_id, due, status, position, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)`, c.ID, i.ID, c.Text, c.OwnerUnitID, c.Due, string(c.Status), n, now)
		} else {
			_, err = q.exec(ctx, `UPDATE inspection_conclusions SET text = $1, owner_unit_id = $2, due = $3, status = $4, position = $5,
				version = version + 1, updated_at = $6 WHERE id = $7 AND inspection_id = $8`, c.Text, c.OwnerUnitID, c.Due, string(c.Status), n, now, c.ID, i.ID)
		}
		if err != nil {
			return err
		}
		kept[c.ID] = true
	}
	for _, c := range old {
		if !kept[c.ID] && c.ActionItemID == "" {
			if _, err := q.exec(ctx, `DELETE FROM inspection_conclusions WHERE id = $1`, c.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

const conclusionCols = `id, inspection_id, text, owner_unit_id, due, status, COALESCE(action_item_id, ''), position, version`

func (q Q) conclusions(ctx context.Context, where string, args ...any) ([]programme.Conclusion, error) {
	rows, err := q.query(ctx, `SELECT `+conclusionCols+` FROM inspection_conclusions `+where, args...)
	return collect(rows, err, func(r *sql.Rows) (programme.Conclusion, error) {
		var c programme.Conclusion
		var st string
		err := r.Scan(&c.ID, &c.InspectionID, &c.Text, &c.OwnerUnitID, &c.Due, &st, &c.ActionItemID, &c.Order, &c.Version)
		c.Status = programme.ConclusionStatus(st)
		return c, err
	})
}

// ConclusionsOfUnits lists open and closed conclusions owned by some units,
// for the follow-up list.
func (q Q) ConclusionsOfUnits(ctx context.Context, unitIDs []string) ([]programme.Conclusion, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	return q.conclusions(ctx, `WHERE owner_unit_id IN (`+placeholders(1, len(unitIDs))+`) ORDER BY due, id`, strArgs(unitIDs)...)
}

// AllConclusions lists every conclusion, for the Sở's follow-up list.
func (q Q) AllConclusions(ctx context.Context) ([]programme.Conclusion, error) {
	return q.conclusions(ctx, `ORDER BY due, id`)
}

// SetConclusionStatus moves a conclusion's status if its version is still
// version.
func (q Q) SetConclusionStatus(ctx context.Context, id string, version int, st programme.ConclusionStatus) error {
	return q.execOne(ctx, ErrConflict, `UPDATE inspection_conclusions SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4`,
		string(st), time.Now(), id, version)
}

// Conclusion returns one conclusion.
func (q Q) Conclusion(ctx context.Context, id string) (programme.Conclusion, error) {
	cs, err := q.conclusions(ctx, `WHERE id = $1`, id)
	if err == nil && len(cs) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return programme.Conclusion{}, err
	}
	return cs[0], nil
}

// SetConclusionActionItem records the action item a conclusion became.
func (q Q) SetConclusionActionItem(ctx context.Context, id, itemID string) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE inspection_conclusions SET action_item_id = $1, version = version + 1, updated_at = $2
		WHERE id = $3 AND action_item_id IS NULL`, itemID, time.Now(), id)
}
