package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/locale"
	"khcn/internal/proposal"
)

// PastTaskRow is a registry entry with its ID.
type PastTaskRow struct {
	ID string
	proposal.PastTask
}

const pastTaskCols = `id, code, title, objectives, performer, level, year_from, year_to, status`

func scanPastTask(r interface{ Scan(...any) error }) (PastTaskRow, error) {
	var t PastTaskRow
	return t, r.Scan(&t.ID, &t.Code, &t.Title, &t.Objectives, &t.Performer, &t.Level, &t.YearFrom, &t.YearTo, &t.Status)
}

// UpsertPastTasks adds tasks or updates them by code, returning how many were
// new and how many updated.
func (q Q) UpsertPastTasks(ctx context.Context, tasks []proposal.PastTask, by string, at time.Time) (added, updated int, err error) {
	rows, err := q.query(ctx, `SELECT code FROM past_tasks`)
	codes, err := collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return 0, 0, err
	}
	known := make(map[string]bool, len(codes))
	for _, c := range codes {
		known[c] = true
	}
	for _, t := range tasks {
		if known[t.Code] {
			updated++
		} else {
			added++
		}
		_, err := q.exec(ctx, `INSERT INTO past_tasks (id, code, title, title_fold, objectives, performer, level, year_from, year_to, status, imported_by, imported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (code) DO UPDATE SET title = $3, title_fold = $4, objectives = $5, performer = $6, level = $7,
			year_from = $8, year_to = $9, status = $10, imported_by = $11, imported_at = $12`,
			NewID(), t.Code, t.Title, locale.Fold(t.Title+" \n "+t.Objectives), t.Objectives, t.Performer, t.Level, t.YearFrom, t.YearTo,
			t.Status, nullable(by), at)
		if err != nil {
			return 0, 0, err
		}
	}
	return added, updated, nil
}

// PastTasks lists registry entries matching text (diacritics-insensitive,
// exact diacritics first), or all of them when text is empty, up to limit.
func (q Q) PastTasks(ctx context.Context, text string, limit int) ([]PastTaskRow, int, error) {
	where, args := wordsWhere("title_fold", text, 1)
	var total int
	if err := q.row(ctx, `SELECT COUNT(*) FROM past_tasks WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT `+pastTaskCols+` FROM past_tasks WHERE `+where, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (PastTaskRow, error) { return scanPastTask(r) })
	if err != nil {
		return nil, 0, err
	}
	if len(args) > 0 {
		RankByDiacritics(list, text, func(t PastTaskRow) string { return t.Title })
	} else {
		locale.SortFunc(list, func(t PastTaskRow) string { return t.Title })
	}
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	return list, total, nil
}

// PastTask loads one registry entry.
func (q Q) PastTask(ctx context.Context, id string) (PastTaskRow, error) {
	t, err := scanPastTask(q.row(ctx, `SELECT `+pastTaskCols+` FROM past_tasks WHERE id = $1`, id))
	return t, notFound(err)
}

// PastTaskStamp changes whenever the registry does (a count and the latest
// import), for caching what is computed from it.
func (q Q) PastTaskStamp(ctx context.Context) (string, error) {
	var n int64
	var last sql.NullString
	err := q.row(ctx, `SELECT COUNT(*), MAX(imported_at) FROM past_tasks`).Scan(&n, &last)
	return locale.Int(n) + "/" + last.String, err
}
