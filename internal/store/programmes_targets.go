package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"khcn/internal/programme"
)

// TargetRow is a target with the type of its indicator, which says whether
// it is kept in the money or the number columns.
type TargetRow struct {
	programme.Target
	Type programme.ValueType
}

// Targets returns baselines and targets for some periods, optionally only
// some units and indicators.
func (q Q) Targets(ctx context.Context, periodIDs, unitIDs, indicatorIDs []string) ([]programme.Target, error) {
	if len(periodIDs) == 0 {
		return nil, nil
	}
	var args []any
	in := func(col string, vals []string) string { return inList(&args, col, vals) }
	where := []string{in("period_id", periodIDs)}
	if unitIDs != nil {
		if len(unitIDs) == 0 {
			return nil, nil
		}
		where = append(where, in("unit_id", unitIDs))
	}
	if indicatorIDs != nil {
		if len(indicatorIDs) == 0 {
			return nil, nil
		}
		where = append(where, in("indicator_id", indicatorIDs))
	}
	rows, err := q.query(ctx, `SELECT period_id, unit_id, indicator_id, baseline_num, baseline_money, target_num, target_money
		FROM targets WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programme.Target
	var period, unit, ind sql.RawBytes
	var bn, tn sql.NullFloat64
	var bm, tm sql.NullInt64
	names := interner{}
	for rows.Next() {
		if err := rows.Scan(&period, &unit, &ind, &bn, &bm, &tn, &tm); err != nil {
			return nil, err
		}
		out = append(out, programme.Target{PeriodID: names.get(period), UnitID: names.get(unit), IndicatorID: names.get(ind),
			Baseline: scanValue(bn, bm, sql.NullString{}), Target: scanValue(tn, tm, sql.NullString{})})
	}
	return out, rows.Err()
}

// TargetsStamp summarises the targets of a period for some units, so a
// grid saved from an older view is refused instead of overwriting.
func (q Q) TargetsStamp(ctx context.Context, periodID string, unitIDs []string) (string, error) {
	if len(unitIDs) == 0 {
		return "", nil
	}
	args := append([]any{periodID}, strArgs(unitIDs)...)
	var n int
	var last sql.NullString // an aggregate loses the column type on SQLite
	err := q.row(ctx, `SELECT COUNT(*), MAX(updated_at) FROM targets WHERE period_id = $1 AND unit_id IN (`+placeholders(2, len(unitIDs))+`)`, args...).Scan(&n, &last)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d-%s", n, last.String), nil
}

// SaveTargets writes targets, replacing those with the same period, unit and
// indicator; a row with neither baseline nor target is removed.
func (q Q) SaveTargets(ctx context.Context, ts []TargetRow, by string, at time.Time) error {
	var keep [][]any
	for _, t := range ts {
		if !t.Baseline.Set && !t.Target.Target.Set {
			if _, err := q.exec(ctx, `DELETE FROM targets WHERE period_id = $1 AND unit_id = $2 AND indicator_id = $3`, t.PeriodID, t.UnitID, t.IndicatorID); err != nil {
				return err
			}
			continue
		}
		bn, bm, _ := valueArgs(t.Baseline, t.Type)
		tn, tm, _ := valueArgs(t.Target.Target, t.Type)
		keep = append(keep, []any{t.PeriodID, t.UnitID, t.IndicatorID, bn, bm, tn, tm, at, nullText(by)})
	}
	for start := 0; start < len(keep); start += 400 {
		end := min(start+400, len(keep))
		var b strings.Builder
		b.WriteString(`INSERT INTO targets (period_id, unit_id, indicator_id, baseline_num, baseline_money, target_num, target_money, updated_at, updated_by) VALUES `)
		var args []any
		for i, r := range keep[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(len(args)+1, len(r)) + ")")
			args = append(args, r...)
		}
		b.WriteString(` ON CONFLICT (period_id, unit_id, indicator_id) DO UPDATE SET baseline_num = excluded.baseline_num,
			baseline_money = excluded.baseline_money, target_num = excluded.target_num, target_money = excluded.target_money,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
		if _, err := q.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// TargetTotals combines targets (and baselines) over units in the database,
// per period and indicator, leaving out one unit (the scope's own target,
// which is taken as set). unitIDs nil means every unit.
func (q Q) TargetTotals(ctx context.Context, periodIDs, unitIDs, indicatorIDs []string, except string) (target, baseline []programme.Total, err error) {
	if len(periodIDs) == 0 {
		return nil, nil, nil
	}
	args := []any{except}
	where := []string{inList(&args, "period_id", periodIDs), "unit_id <> $1"}
	if unitIDs != nil {
		if len(unitIDs) == 0 {
			return nil, nil, nil
		}
		where = append(where, inList(&args, "unit_id", unitIDs))
	}
	if indicatorIDs != nil {
		where = append(where, inList(&args, "indicator_id", indicatorIDs))
	}
	const t, b = `COALESCE(target_num, CAST(target_money AS DOUBLE PRECISION))`, `COALESCE(baseline_num, CAST(baseline_money AS DOUBLE PRECISION))`
	rows, err := q.query(ctx, `SELECT period_id, indicator_id, COUNT(`+t+`), COALESCE(SUM(`+t+`), 0), COALESCE(MAX(`+t+`), 0),
		COUNT(`+b+`), COALESCE(SUM(`+b+`), 0), COALESCE(MAX(`+b+`), 0)
		FROM targets WHERE `+strings.Join(where, " AND ")+` GROUP BY period_id, indicator_id`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x, y programme.Total
		if err := rows.Scan(&x.PeriodID, &x.IndicatorID, &x.N, &x.Sum, &x.Max, &y.N, &y.Sum, &y.Max); err != nil {
			return nil, nil, err
		}
		y.PeriodID, y.IndicatorID = x.PeriodID, x.IndicatorID
		target, baseline = append(target, x), append(baseline, y)
	}
	return target, baseline, rows.Err()
}
