package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/programme"
)

const programmeCols = `id, code, title, issuer, issued_on, start_year, end_year, goals, on_track_pct, at_risk_pct, illustrative, version, created_at, updated_at`

func scanProgramme(r interface{ Scan(...any) error }) (programme.Programme, error) {
	var p programme.Programme
	err := r.Scan(&p.ID, &p.Code, &p.Title, &p.Issuer, &p.IssuedOn, &p.StartYear, &p.EndYear, &p.Goals,
		&p.OnTrackPct, &p.AtRiskPct, &p.Illustrative, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// Programmes lists every programme by code in Vietnamese order.
func (q Q) Programmes(ctx context.Context) ([]programme.Programme, error) {
	rows, err := q.query(ctx, `SELECT `+programmeCols+` FROM programmes`)
	ps, err := collect(rows, err, func(r *sql.Rows) (programme.Programme, error) { return scanProgramme(r) })
	locale.SortFunc(ps, func(p programme.Programme) string { return p.Code })
	return ps, err
}

// Programme returns one programme.
func (q Q) Programme(ctx context.Context, id string) (programme.Programme, error) {
	p, err := scanProgramme(q.row(ctx, `SELECT `+programmeCols+` FROM programmes WHERE id = $1`, id))
	return p, notFound(err)
}

// InsertProgramme adds a programme (ID set by the caller).
func (q Q) InsertProgramme(ctx context.Context, p programme.Programme) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO programmes (id, code, title, title_fold, issuer, issued_on, start_year, end_year, goals,
		on_track_pct, at_risk_pct, illustrative, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)`,
		p.ID, p.Code, p.Title, locale.Fold(p.Title), p.Issuer, p.IssuedOn, p.StartYear, p.EndYear, p.Goals,
		p.OnTrackPct, p.AtRiskPct, p.Illustrative, now)
	return err
}

// UpdateProgramme saves a programme if its version is still p.Version.
func (q Q) UpdateProgramme(ctx context.Context, p programme.Programme) error {
	return q.execOne(ctx, ErrConflict, `UPDATE programmes SET code = $1, title = $2, title_fold = $3, issuer = $4, issued_on = $5,
		start_year = $6, end_year = $7, goals = $8, on_track_pct = $9, at_risk_pct = $10, illustrative = $11,
		version = version + 1, updated_at = $12 WHERE id = $13 AND version = $14`,
		p.Code, p.Title, locale.Fold(p.Title), p.Issuer, p.IssuedOn, p.StartYear, p.EndYear, p.Goals,
		p.OnTrackPct, p.AtRiskPct, p.Illustrative, time.Now(), p.ID, p.Version)
}

const indicatorCols = `id, programme_id, code, name, unit, area, value_type, direction, aggregation, formula, cumulative, annual_only,
	reporter_kinds, COALESCE(division_id, ''), source, description, illustrative, min_value, max_value, change_ratio, whole_number, position, version, registry`

func scanIndicator(r interface{ Scan(...any) error }) (programme.Indicator, error) {
	var i programme.Indicator
	var typ, dir, agg, kinds string
	var lo, hi sql.NullFloat64
	err := r.Scan(&i.ID, &i.ProgrammeID, &i.Code, &i.Name, &i.Unit, &i.Area, &typ, &dir, &agg, &i.Formula, &i.Cumulative, &i.AnnualOnly,
		&kinds, &i.DivisionID, &i.Source, &i.Description, &i.Illustrative, &lo, &hi, &i.ChangeRatio, &i.Whole, &i.Position, &i.Version, &i.Registry)
	i.Type, i.Direction, i.Aggregation = programme.ValueType(typ), programme.Direction(dir), programme.Aggregation(agg)
	i.ReporterKinds = programme.ParseKinds(kinds)
	i.Min, i.Max = floatPtr(lo), floatPtr(hi)
	return i, err
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Indicators lists a programme's indicators in their set order.
func (q Q) Indicators(ctx context.Context, programmeID string) ([]programme.Indicator, error) {
	rows, err := q.query(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE programme_id = $1 ORDER BY position, code`, programmeID)
	return collect(rows, err, func(r *sql.Rows) (programme.Indicator, error) { return scanIndicator(r) })
}

// Indicator returns one indicator.
func (q Q) Indicator(ctx context.Context, id string) (programme.Indicator, error) {
	i, err := scanIndicator(q.row(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE id = $1`, id))
	return i, notFound(err)
}

// InsertIndicator adds an indicator (ID set by the caller).
func (q Q) InsertIndicator(ctx context.Context, i programme.Indicator) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO indicators (id, programme_id, code, name, unit, area, value_type, direction, aggregation, formula,
		cumulative, reporter_kinds, division_id, source, description, illustrative, min_value, max_value, change_ratio, position,
		annual_only, registry, whole_number, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $22, $23, $24, 1, $21, $21)`,
		i.ID, i.ProgrammeID, i.Code, i.Name, i.Unit, i.Area, string(i.Type), string(i.Direction), string(i.Aggregation), i.Formula,
		i.Cumulative, programme.KindsString(i.ReporterKinds), nullText(i.DivisionID), i.Source, i.Description, i.Illustrative,
		nullFloat(i.Min), nullFloat(i.Max), i.Ratio(), i.Position, now, i.AnnualOnly, i.Registry, i.Whole)
	return err
}

// UpdateIndicator saves an indicator if its version is still i.Version.
func (q Q) UpdateIndicator(ctx context.Context, i programme.Indicator) error {
	return q.execOne(ctx, ErrConflict, `UPDATE indicators SET code = $1, name = $2, unit = $3, area = $4, value_type = $5, direction = $6,
		aggregation = $7, formula = $8, cumulative = $9, reporter_kinds = $10, division_id = $11, source = $12, description = $13,
		illustrative = $14, min_value = $15, max_value = $16, change_ratio = $17, position = $18, annual_only = $22, registry = $23, whole_number = $24,
		version = version + 1, updated_at = $19 WHERE id = $20 AND version = $21`,
		i.Code, i.Name, i.Unit, i.Area, string(i.Type), string(i.Direction), string(i.Aggregation), i.Formula, i.Cumulative,
		programme.KindsString(i.ReporterKinds), nullText(i.DivisionID), i.Source, i.Description, i.Illustrative,
		nullFloat(i.Min), nullFloat(i.Max), i.Ratio(), i.Position, time.Now(), i.ID, i.Version, i.AnnualOnly, i.Registry, i.Whole)
}

// Rules lists a programme's cross-indicator rules.
func (q Q) Rules(ctx context.Context, programmeID string) ([]programme.Rule, error) {
	rows, err := q.query(ctx, `SELECT id, programme_id, left_expr, op, right_expr, importance, message FROM indicator_rules
		WHERE programme_id = $1 ORDER BY created_at, id`, programmeID)
	return collect(rows, err, func(r *sql.Rows) (programme.Rule, error) {
		var x programme.Rule
		var imp string
		err := r.Scan(&x.ID, &x.ProgrammeID, &x.Left, &x.Op, &x.Right, &imp, &x.Message)
		x.Importance = programme.Importance(imp)
		return x, err
	})
}

// InsertRule adds a cross-indicator rule.
func (q Q) InsertRule(ctx context.Context, x programme.Rule) error {
	_, err := q.exec(ctx, `INSERT INTO indicator_rules (id, programme_id, left_expr, op, right_expr, importance, message, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, x.ID, x.ProgrammeID, x.Left, x.Op, x.Right, string(x.Importance), x.Message, time.Now())
	return err
}

// DeleteRule removes a rule of a programme.
func (q Q) DeleteRule(ctx context.Context, programmeID, id string) error {
	return q.execOne(ctx, ErrNotFound, `DELETE FROM indicator_rules WHERE id = $1 AND programme_id = $2`, id, programmeID)
}

const periodCols = `id, programme_id, code, kind, year, name, starts, ends, opens, deadline, closed, version`

func scanPeriod(r interface{ Scan(...any) error }) (programme.Period, error) {
	var p programme.Period
	var kind string
	err := r.Scan(&p.ID, &p.ProgrammeID, &p.Code, &kind, &p.Year, &p.Name, &p.Start, &p.End, &p.Opens, &p.Deadline, &p.Closed, &p.Version)
	p.Kind = programme.PeriodKind(kind)
	return p, err
}

// Periods lists a programme's periods in time order.
func (q Q) Periods(ctx context.Context, programmeID string) ([]programme.Period, error) {
	rows, err := q.query(ctx, `SELECT `+periodCols+` FROM periods WHERE programme_id = $1`, programmeID)
	ps, err := collect(rows, err, func(r *sql.Rows) (programme.Period, error) { return scanPeriod(r) })
	programme.SortPeriods(ps)
	return ps, err
}

// Period returns one period.
func (q Q) Period(ctx context.Context, id string) (programme.Period, error) {
	p, err := scanPeriod(q.row(ctx, `SELECT `+periodCols+` FROM periods WHERE id = $1`, id))
	return p, notFound(err)
}

// OpenPeriods lists the periods of every programme, not closed, whose
// window has opened by to and whose deadline is not before from: the
// periods reminders and home pages care about.
func (q Q) OpenPeriods(ctx context.Context, from, to civil.Date) ([]programme.Period, error) {
	rows, err := q.query(ctx, `SELECT `+periodCols+` FROM periods WHERE closed = FALSE AND deadline >= $1 AND opens <= $2`, from, to)
	ps, err := collect(rows, err, func(r *sql.Rows) (programme.Period, error) { return scanPeriod(r) })
	programme.SortPeriods(ps)
	return ps, err
}

// InsertPeriod adds a period.
func (q Q) InsertPeriod(ctx context.Context, p programme.Period) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO periods (id, programme_id, code, kind, year, name, starts, ends, opens, deadline, closed,
		version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12)`,
		p.ID, p.ProgrammeID, p.Code, string(p.Kind), p.Year, p.Name, p.Start, p.End, p.Opens, p.Deadline, p.Closed, now)
	return err
}

// UpdatePeriod saves a period if its version is still p.Version.
func (q Q) UpdatePeriod(ctx context.Context, p programme.Period) error {
	return q.execOne(ctx, ErrConflict, `UPDATE periods SET code = $1, kind = $2, year = $3, name = $4, starts = $5, ends = $6,
		opens = $7, deadline = $8, closed = $9, version = version + 1, updated_at = $10 WHERE id = $11 AND version = $12`,
		p.Code, string(p.Kind), p.Year, p.Name, p.Start, p.End, p.Opens, p.Deadline, p.Closed, time.Now(), p.ID, p.Version)
}

// UnitStamp changes whenever units or successor links are added (they are
// never edited in place), so a cached unit set can be checked cheaply.
func (q Q) UnitStamp(ctx context.Context) (string, error) {
	var units, links int
	err := q.row(ctx, `SELECT (SELECT COUNT(*) FROM org_units), (SELECT COUNT(*) FROM org_unit_successors)`).Scan(&units, &links)
	return itoa(units) + "/" + itoa(links), err
}

// Analyze refreshes the query planner's statistics after a bulk load (on
// PostgreSQL also the visibility map that index-only scans rely on), so the
// roll-up indexes are used from the first request. Autovacuum does the same
// in time on a running PostgreSQL.
func (s *Store) Analyze(ctx context.Context) error {
	stmt := "ANALYZE"
	if s.dialect == Postgres {
		stmt = "VACUUM ANALYZE"
	}
	_, err := s.write.ExecContext(ctx, stmt)
	return err
}
