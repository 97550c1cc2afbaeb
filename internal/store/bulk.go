package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// BulkLoad runs fn in one write transaction tuned for loading many rows
// (the national data set): on SQLite the write connection gets a large page
// cache, no fsync and no foreign-key checks for the load (the loader writes
// consistent rows in order), and its settings are put back afterwards; on
// PostgreSQL the commit does not wait for the WAL flush. It is never used
// for users' writes.
func (s *Store) BulkLoad(ctx context.Context, fn func(Q) error) error {
	if s.dialect == SQLite {
		if _, err := s.write.ExecContext(ctx, `PRAGMA synchronous = OFF`); err != nil {
			return err
		}
		s.write.ExecContext(ctx, `PRAGMA cache_size = -262144`)
		s.write.ExecContext(ctx, `PRAGMA foreign_keys = OFF`)
		defer func() {
			s.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
			s.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
			s.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = NORMAL`)
		}()
		return s.tx(ctx, fn)
	}
	return s.tx(ctx, func(q Q) error {
		if _, err := q.exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return err
		}
		return fn(q)
	})
}

// SeededReport is a report whose values FillValues makes up: Seed and
// Step (the period's place) vary them by unit, indicator and period.
type SeededReport struct {
	ID, PeriodID, UnitID string
	Seed, Step           int
}

// seededValue is the same pseudo-random value on both engines: h in
// 0…999 from the report's seed, the indicator's position and the period's
// step; percentages 40–90 with one decimal, money 50–250 million đồng,
// counts 10–50 growing by one a period. Integer arithmetic only, so both
// engines round alike.
const seededH = `((CAST(x.column4 AS BIGINT) * 7919 + i.position * 104729 + CAST(x.column5 AS BIGINT) * 15485863) % 1000)`

const seededNum = `CASE i.value_type WHEN 'money' THEN NULL WHEN 'percent' THEN (400 + ` + seededH + ` / 2) / 10.0
	ELSE 10 + 40 * ` + seededH + ` / 1000 + CAST(x.column5 AS BIGINT) END`

const seededMoney = `CASE i.value_type WHEN 'money' THEN CAST((50 + 200 * ` + seededH + ` / 1000) * 1000000 AS BIGINT) END`

// seededRows writes rs as a VALUES list (id, period, unit, seed, step).
func seededRows(rs []SeededReport) (string, []any) {
	var b strings.Builder
	args := make([]any, 0, len(rs)*5)
	for i, r := range rs {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&b, "($%d, $%d, $%d, CAST($%d AS INTEGER), CAST($%d AS INTEGER))", n+1, n+2, n+3, n+4, n+5)
		args = append(args, r.ID, r.PeriodID, r.UnitID, r.Seed, r.Step)
	}
	return b.String(), args
}

// FillValues gives every report in rs a value for every indicator of the
// programme, made up in the database (INSERT … SELECT from a VALUES list
// joined to the indicators): one statement writes 100 values per report,
// with no value passing through Go. For the national data set only.
func (q Q) FillValues(ctx context.Context, programmeID string, rs []SeededReport) error {
	for start := 0; start < len(rs); start += 400 {
		list, args := seededRows(rs[start:min(start+400, len(rs))])
		args = append(args, programmeID)
		_, err := q.exec(ctx, `INSERT INTO report_values (report_id, indicator_id, num, money, period_id, unit_id, sent)
			SELECT x.column1, i.id, `+seededNum+`, `+seededMoney+`, x.column2, x.column3, TRUE
			FROM (VALUES `+list+`) x CROSS JOIN indicators i
			WHERE i.programme_id = $`+itoa(len(args))+` AND i.value_type IN ('number', 'percent', 'money')`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// FillTargets sets a target for every indicator of the programme for each
// report's unit in the report's period, made up like FillValues (one
// period further on).
func (q Q) FillTargets(ctx context.Context, programmeID string, rs []SeededReport, at time.Time) error {
	for start := 0; start < len(rs); start += 400 {
		list, args := seededRows(rs[start:min(start+400, len(rs))])
		args = append(args, programmeID, at)
		_, err := q.exec(ctx, `INSERT INTO targets (period_id, unit_id, indicator_id, target_num, target_money, updated_at)
			SELECT x.column2, x.column3, i.id, `+seededNum+`, `+seededMoney+`, $`+itoa(len(args))+`
			FROM (VALUES `+list+`) x CROSS JOIN indicators i
			WHERE i.programme_id = $`+itoa(len(args)-1)+` AND i.value_type IN ('number', 'percent', 'money')`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// rollupIndexes are the indexes a bulk load of values and targets builds
// afterwards instead of keeping them up row by row (as in 0203).
var rollupIndexes = []struct{ name, def string }{
	{"report_values_rollup", `report_values (indicator_id, period_id, sent, unit_id, num, money)`},
	{"targets_rollup", `targets (indicator_id, period_id, unit_id, target_num, target_money, baseline_num, baseline_money)`},
}

// WithoutRollupIndexes runs fn (a bulk load of report values and targets)
// with the two roll-up indexes dropped, then builds them again: one sorted
// build costs a fraction of millions of scattered index inserts.
func (s *Store) WithoutRollupIndexes(ctx context.Context, fn func() error) error {
	for _, ix := range rollupIndexes {
		if _, err := s.write.ExecContext(ctx, `DROP INDEX IF EXISTS `+ix.name); err != nil {
			return err
		}
	}
	err := fn()
	for _, ix := range rollupIndexes {
		if _, cerr := s.write.ExecContext(context.WithoutCancel(ctx), `CREATE INDEX IF NOT EXISTS `+ix.name+` ON `+ix.def); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

// bumpStamp moves the data stamp on: the last statement of every write
// transaction, so its row lock is held only until the commit and always
// taken last (no deadlock with the rows the transaction wrote).
func (q Q) bumpStamp(ctx context.Context) error {
	_, err := q.exec(ctx, `INSERT INTO data_stamp (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = data_stamp.n + 1`)
	return err
}

// DataStamp is the stamp of the data: it changes with every committed
// write, on whichever server it was made. Caches key what they keep by it.
func (q Q) DataStamp(ctx context.Context) (int64, error) {
	var n int64
	err := q.row(ctx, `SELECT COALESCE(MAX(n), 0) FROM data_stamp`).Scan(&n)
	return n, err
}
