package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"khcn/internal/civil"
	"khcn/internal/programme"
)

const reportCols = `id, programme_id, period_id, unit_id, unit_path, state, section1, section2, section3, section4, section5,
	return_reason, submitted_at, approved_at, accepted_at, version, created_at, updated_at`

func scanReport(r interface{ Scan(...any) error }) (programme.Report, error) {
	var x programme.Report
	var state string
	var sub, appr, acc sql.NullTime
	err := r.Scan(&x.ID, &x.ProgrammeID, &x.PeriodID, &x.UnitID, &x.UnitPath, &state, &x.Sections[0], &x.Sections[1], &x.Sections[2],
		&x.Sections[3], &x.Sections[4], &x.ReturnReason, &sub, &appr, &acc, &x.Version, &x.CreatedAt, &x.UpdatedAt)
	x.State = programme.State(state)
	x.SubmittedAt, x.ApprovedAt, x.AcceptedAt = sub.Time, appr.Time, acc.Time
	return x, err
}

func scanReports(rows *sql.Rows, err error) ([]programme.Report, error) {
	return collect(rows, err, func(r *sql.Rows) (programme.Report, error) { return scanReport(r) })
}

// Report returns one report.
func (q Q) Report(ctx context.Context, id string) (programme.Report, error) {
	r, err := scanReport(q.row(ctx, `SELECT `+reportCols+` FROM reports WHERE id = $1`, id))
	return r, notFound(err)
}

// ReportFor returns the report of a unit for a period.
func (q Q) ReportFor(ctx context.Context, periodID, unitID string) (programme.Report, error) {
	r, err := scanReport(q.row(ctx, `SELECT `+reportCols+` FROM reports WHERE period_id = $1 AND unit_id = $2`, periodID, unitID))
	return r, notFound(err)
}

// ReportsOfPeriod lists every report of a period.
func (q Q) ReportsOfPeriod(ctx context.Context, periodID string) ([]programme.Report, error) {
	return scanReports(q.query(ctx, `SELECT `+reportCols+` FROM reports WHERE period_id = $1`, periodID))
}

// ReportsOfUnits lists the reports of some units in one programme.
func (q Q) ReportsOfUnits(ctx context.Context, programmeID string, unitIDs []string) ([]programme.Report, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	args := append([]any{programmeID}, strArgs(unitIDs)...)
	return scanReports(q.query(ctx, `SELECT `+reportCols+` FROM reports WHERE programme_id = $1 AND unit_id IN (`+placeholders(2, len(unitIDs))+`)`, args...))
}

// ReportsInScope lists reports of units under a path, optionally in one
// state, newest first, for work lists.
func (q Q) ReportsInScope(ctx context.Context, pathPrefix string, states []programme.State, limit int) ([]programme.Report, error) {
	args := []any{escapeLike(pathPrefix) + "%"}
	where := `unit_path LIKE $1`
	if len(states) > 0 {
		ss := make([]string, len(states))
		for i, s := range states {
			ss[i] = string(s)
		}
		where += ` AND state IN (` + placeholders(2, len(ss)) + `)`
		args = append(args, strArgs(ss)...)
	}
	args = append(args, limit)
	return scanReports(q.query(ctx, `SELECT `+reportCols+` FROM reports WHERE `+where+` ORDER BY updated_at DESC, id DESC LIMIT $`+itoa(len(args)), args...))
}

// InsertReports adds reports (ID, programme, period, unit, path, state set
// by the caller), many at a time.
func (q Q) InsertReports(ctx context.Context, rs []programme.Report) error {
	rows := make([][]any, len(rs))
	now := time.Now()
	for i, r := range rs {
		created := r.CreatedAt
		if created.IsZero() {
			created = now
		}
		rows[i] = []any{r.ID, r.ProgrammeID, r.PeriodID, r.UnitID, r.UnitPath, string(r.State), r.Sections[0], r.Sections[1], r.Sections[2],
			r.Sections[3], r.Sections[4], r.ReturnReason, nullTime(r.SubmittedAt), nullTime(r.ApprovedAt), nullTime(r.AcceptedAt), created, created}
	}
	return q.insertMany(ctx, `reports`, `id, programme_id, period_id, unit_id, unit_path, state, section1, section2, section3, section4, section5,
		return_reason, submitted_at, approved_at, accepted_at, created_at, updated_at`, rows)
}

// CreateReport adds a unit's first report for a period. When another save
// made it first, nothing is added and the save conflicts.
func (q Q) CreateReport(ctx context.Context, r programme.Report) error {
	now := time.Now()
	return q.execOne(ctx, ErrConflict, `INSERT INTO reports (id, programme_id, period_id, unit_id, unit_path, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (period_id, unit_id) DO NOTHING`,
		r.ID, r.ProgrammeID, r.PeriodID, r.UnitID, r.UnitPath, string(r.State), now)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// SaveNarrative stores the sections I–V if the report's version is still
// version, and moves the version on.
func (q Q) SaveNarrative(ctx context.Context, id string, version int, sections [5]string) error {
	return q.execOne(ctx, ErrConflict, `UPDATE reports SET section1 = $1, section2 = $2, section3 = $3, section4 = $4, section5 = $5,
		version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8`,
		sections[0], sections[1], sections[2], sections[3], sections[4], time.Now(), id, version)
}

// SetReportState moves a report to state if its version is still version,
// recording when it was submitted, approved or accepted.
func (q Q) SetReportState(ctx context.Context, id string, version int, state programme.State, reason string, at time.Time) error {
	stamp := map[programme.State]string{programme.Submitted: "submitted_at", programme.Approved: "approved_at", programme.Accepted: "accepted_at"}
	set := ""
	if col, ok := stamp[state]; ok {
		set = ", " + col + " = $5"
	}
	if state == programme.Accepted {
		set += ", approved_at = COALESCE(approved_at, $5)"
	}
	err := q.execOne(ctx, ErrConflict, `UPDATE reports SET state = $1, return_reason = $2, version = version + 1, updated_at = $5`+set+`
		WHERE id = $3 AND version = $4`, string(state), reason, id, version, at)
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, `UPDATE report_values SET sent = $1 WHERE report_id = $2`, state.Sent(), id)
	return err
}

// StoredValue is a value with its comment and evidence file.
type StoredValue struct {
	IndicatorID string
	Type        programme.ValueType
	Value       programme.Value
	Comment     string
	EvidenceID  string
}

func valueArgs(v programme.Value, t programme.ValueType) (num, money, text any) {
	if !v.Set {
		return nil, nil, nil
	}
	switch t {
	case programme.Money:
		return nil, v.Money, nil
	case programme.Text:
		return nil, nil, v.Text
	}
	return v.Num, nil, nil
}

func scanValue(num sql.NullFloat64, money sql.NullInt64, text sql.NullString) programme.Value {
	return programme.Value{Set: num.Valid || money.Valid || text.Valid, Num: num.Float64, Money: money.Int64, Text: text.String}
}

// Values returns the stored values of a report by indicator ID.
func (q Q) Values(ctx context.Context, reportID string) (map[string]StoredValue, error) {
	rows, err := q.query(ctx, `SELECT indicator_id, num, money, text, COALESCE(comment, ''), COALESCE(evidence_id, '')
		FROM report_values WHERE report_id = $1`, reportID)
	list, err := collect(rows, err, func(r *sql.Rows) (StoredValue, error) {
		var v StoredValue
		var num sql.NullFloat64
		var money sql.NullInt64
		var text sql.NullString
		err := r.Scan(&v.IndicatorID, &num, &money, &text, &v.Comment, &v.EvidenceID)
		v.Value = scanValue(num, money, text)
		return v, err
	})
	out := make(map[string]StoredValue, len(list))
	for _, v := range list {
		out[v.IndicatorID] = v
	}
	return out, err
}

// ReplaceValues stores a report's values, replacing what it held: rows
// that are neither a value, a comment nor evidence are not kept.
func (q Q) ReplaceValues(ctx context.Context, r programme.Report, vals []StoredValue) error {
	if _, err := q.exec(ctx, `DELETE FROM report_values WHERE report_id = $1`, r.ID); err != nil {
		return err
	}
	rows := make([]ValueRow, 0, len(vals))
	for _, v := range vals {
		if v.Value.Set || v.Comment != "" || v.EvidenceID != "" {
			rows = append(rows, ValueRow{Report: r, IndicatorID: v.IndicatorID, Type: v.Type, Value: v.Value, Comment: v.Comment, EvidenceID: v.EvidenceID})
		}
	}
	return q.InsertValues(ctx, rows)
}

// ValueRow is one value of a report, as written.
type ValueRow struct {
	Report              programme.Report // its ID, period, unit and state are copied onto the value
	IndicatorID         string
	Type                programme.ValueType
	Value               programme.Value
	Comment, EvidenceID string
}

// InsertValues adds many values at once.
func (q Q) InsertValues(ctx context.Context, vals []ValueRow) error {
	rows := make([][]any, len(vals))
	for i, v := range vals {
		num, money, text := valueArgs(v.Value, v.Type)
		rows[i] = []any{v.Report.ID, v.IndicatorID, num, money, text, nullText(v.Comment), nullText(v.EvidenceID),
			v.Report.PeriodID, v.Report.UnitID, v.Report.State.Sent()}
	}
	return q.insertMany(ctx, `report_values`, `report_id, indicator_id, num, money, text, comment, evidence_id, period_id, unit_id, sent`, rows)
}

// sql builds the FROM and WHERE of a data query, reading in the order that
// reads least. Across every unit, the few indicators asked for are one
// range of the roll-up index (values carry their period, unit and whether
// they were sent). Otherwise it starts from the units' reports and reads
// each report's values, which lie together (SQLite keeps the order of a
// CROSS JOIN; PostgreSQL plans on its own).
func (f DataFilter) sql() (from string, where []string, args []any) {
	if f.UnitIDs == nil && f.IndicatorIDs != nil {
		where = []string{inList(&args, "v.indicator_id", f.IndicatorIDs), inList(&args, "v.period_id", f.PeriodIDs)}
		if !f.AnyState {
			where = append(where, `v.sent = TRUE`)
		}
		return `report_values v`, where, args
	}
	where = []string{`v.report_id = r.id`, inList(&args, "r.period_id", f.PeriodIDs)}
	if f.UnitIDs != nil {
		where = append(where, inList(&args, "r.unit_id", f.UnitIDs))
	}
	if f.IndicatorIDs != nil {
		where = append(where, inList(&args, "v.indicator_id", f.IndicatorIDs))
	}
	if !f.AnyState {
		where = append(where, `r.state IN ('approved', 'accepted')`)
	}
	return `reports r CROSS JOIN report_values v`, where, args
}

// empty reports whether a filter cannot match anything.
func (f DataFilter) empty() bool {
	return len(f.PeriodIDs) == 0 || (f.UnitIDs != nil && len(f.UnitIDs) == 0) || (f.IndicatorIDs != nil && len(f.IndicatorIDs) == 0)
}

// DataFilter selects raw values for dashboards. Units and Indicators narrow
// the selection when set; only reports the Sở has (approved or accepted)
// count unless AnyState.
type DataFilter struct {
	PeriodIDs    []string
	UnitIDs      []string
	IndicatorIDs []string
	AnyState     bool
}

// Data returns raw values for dashboards, one row per unit × period ×
// indicator. The reports index (period, unit) and the values key (report,
// indicator) make this read only the rows it returns.
func (q Q) Data(ctx context.Context, f DataFilter) ([]programme.Datum, error) {
	if f.empty() {
		return nil, nil
	}
	from, where, args := f.sql()
	// Text values are never combined, so they are not read: the roll-up
	// index then answers alone.
	rows, err := q.query(ctx, `SELECT v.unit_id, v.period_id, v.indicator_id, v.num, v.money FROM `+from+` WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programme.Datum
	var num sql.NullFloat64
	var money sql.NullInt64
	var unit, period, ind sql.RawBytes
	in := interner{}
	for rows.Next() {
		if err := rows.Scan(&unit, &period, &ind, &num, &money); err != nil {
			return nil, err
		}
		out = append(out, programme.Datum{UnitID: in.get(unit), PeriodID: in.get(period), IndicatorID: in.get(ind),
			Value: scanValue(num, money, sql.NullString{})})
	}
	return out, rows.Err()
}

// interner returns one string per distinct ID read, so thousands of rows
// naming the same units, periods and indicators allocate each once.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// ReportEvent is one step in a report's history.
type ReportEvent struct {
	ID, ReportID, ActorID, ActorName, Action, Reason string
	At                                               time.Time
}

// InsertReportEvent records a step.
func (q Q) InsertReportEvent(ctx context.Context, e ReportEvent) error {
	_, err := q.exec(ctx, `INSERT INTO report_events (id, report_id, at, actor_id, actor_name, action, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		NewID(), e.ReportID, e.At, nullText(e.ActorID), e.ActorName, e.Action, e.Reason)
	return err
}

// ReportEvents lists a report's history, oldest first.
func (q Q) ReportEvents(ctx context.Context, reportID string) ([]ReportEvent, error) {
	rows, err := q.query(ctx, `SELECT id, report_id, at, COALESCE(actor_id, ''), actor_name, action, reason FROM report_events
		WHERE report_id = $1 ORDER BY at, id`, reportID)
	return collect(rows, err, func(r *sql.Rows) (ReportEvent, error) {
		var e ReportEvent
		err := r.Scan(&e.ID, &e.ReportID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Reason)
		return e, err
	})
}

const exceptionCols = `id, period_id, unit_id, until, reason, COALESCE(granted_by, ''), granted_at, revoked_at`

func scanException(r interface{ Scan(...any) error }) (programme.Exception, error) {
	var e programme.Exception
	var revoked sql.NullTime
	err := r.Scan(&e.ID, &e.PeriodID, &e.UnitID, &e.Until, &e.Reason, &e.GrantedBy, &e.GrantedAt, &revoked)
	e.RevokedAt = revoked.Time
	return e, err
}

// ActiveException returns the exception of a unit in a period that applies
// on day, or a zero Exception.
func (q Q) ActiveException(ctx context.Context, periodID, unitID string, day civil.Date) (programme.Exception, error) {
	e, err := scanException(q.row(ctx, `SELECT `+exceptionCols+` FROM lock_exceptions
		WHERE period_id = $1 AND unit_id = $2 AND revoked_at IS NULL AND until >= $3 ORDER BY until DESC LIMIT 1`, periodID, unitID, day))
	if err == sql.ErrNoRows {
		return programme.Exception{}, nil
	}
	return e, err
}

// Exceptions lists the exceptions granted in a period.
func (q Q) Exceptions(ctx context.Context, periodID string) ([]programme.Exception, error) {
	rows, err := q.query(ctx, `SELECT `+exceptionCols+` FROM lock_exceptions WHERE period_id = $1 ORDER BY granted_at DESC`, periodID)
	return collect(rows, err, func(r *sql.Rows) (programme.Exception, error) { return scanException(r) })
}

// InsertException grants an exception.
func (q Q) InsertException(ctx context.Context, e programme.Exception) error {
	_, err := q.exec(ctx, `INSERT INTO lock_exceptions (id, period_id, unit_id, until, reason, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.ID, e.PeriodID, e.UnitID, e.Until, e.Reason, nullText(e.GrantedBy), e.GrantedAt)
	return err
}

// Exception returns one exception.
func (q Q) Exception(ctx context.Context, id string) (programme.Exception, error) {
	e, err := scanException(q.row(ctx, `SELECT `+exceptionCols+` FROM lock_exceptions WHERE id = $1`, id))
	return e, notFound(err)
}

// RevokeException ends an exception early.
func (q Q) RevokeException(ctx context.Context, id string, at time.Time) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE lock_exceptions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, at, id)
}

// inList adds vals to args and returns "col IN ($n, …)" for them.
func inList(args *[]any, col string, vals []string) string {
	start := len(*args) + 1
	*args = append(*args, strArgs(vals)...)
	return col + ` IN (` + placeholders(start, len(vals)) + `)`
}

func strArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// insertMany inserts rows in multi-row statements, a few hundred at a time,
// which both engines accept and which loads demo and benchmark data fast.
func (q Q) insertMany(ctx context.Context, table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	per := 30000 / width
	if per > 500 {
		per = 500
	}
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var b strings.Builder
		b.WriteString(`INSERT INTO ` + table + ` (` + cols + `) VALUES `)
		args := make([]any, 0, (end-start)*width)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(len(args)+1, width) + ")")
			args = append(args, r...)
		}
		if _, err := q.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// DataTotals combines values over the selected units in the database:
// per period and indicator, how many units reported, their sum and their
// maximum (money counted in đồng). Scope totals need no row per unit.
func (q Q) DataTotals(ctx context.Context, f DataFilter) ([]programme.Total, error) {
	if f.empty() {
		return nil, nil
	}
	from, where, args := f.sql()
	where = append(where, `(v.num IS NOT NULL OR v.money IS NOT NULL)`)
	const x = `COALESCE(v.num, CAST(v.money AS DOUBLE PRECISION))`
	rows, err := q.query(ctx, `SELECT v.period_id, v.indicator_id, COUNT(*), SUM(`+x+`), MAX(`+x+`)
		FROM `+from+` WHERE `+strings.Join(where, " AND ")+`
		GROUP BY v.period_id, v.indicator_id`, args...)
	return collect(rows, err, func(r *sql.Rows) (programme.Total, error) {
		var t programme.Total
		err := r.Scan(&t.PeriodID, &t.IndicatorID, &t.N, &t.Sum, &t.Max)
		return t, err
	})
}
