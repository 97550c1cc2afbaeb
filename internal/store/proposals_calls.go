package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/proposal"
)

const callCols = `c.id, c.plan_year, c.title, c.guidance, c.rules, c.window_start, c.window_end, c.screening_end, c.council_end,
	c.approval_end, c.publication_end, c.decision_ref, c.opened_at, c.published_at, COALESCE(c.created_by, ''), c.created_at, c.version`

func scanCall(r interface{ Scan(...any) error }, extra ...any) (proposal.Call, error) {
	var c proposal.Call
	var rules string
	var opened, published sql.NullTime
	s := &c.Schedule
	dest := []any{&c.ID, &c.PlanYear, &c.Title, &c.Guidance, &rules, &s.Start, &s.Ends[0], &s.Ends[1], &s.Ends[2],
		&s.Ends[3], &s.Ends[4], &c.DecisionRef, &opened, &published, &c.CreatedBy, &c.CreatedAt, &c.Version}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return c, err
	}
	c.OpenedAt, c.PublishedAt = opened.Time, published.Time
	return c, json.Unmarshal([]byte(rules), &c.Rules)
}

// InsertCall stores a new call with its areas, programmes and eligible units.
func (q Q) InsertCall(ctx context.Context, c proposal.Call) error {
	s := c.Schedule
	now := time.Now()
	if _, err := q.exec(ctx, `INSERT INTO calls (id, plan_year, title, title_fold, guidance, rule_code, rules, window_start, window_end,
		screening_end, council_end, approval_end, publication_end, decision_ref, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
		c.ID, c.PlanYear, c.Title, locale.Fold(c.Title), c.Guidance, c.Rules.Code, c.Rules.JSON(), s.Start, s.Ends[0],
		s.Ends[1], s.Ends[2], s.Ends[3], s.Ends[4], c.DecisionRef, nullable(c.CreatedBy), now); err != nil {
		return err
	}
	return q.replaceCallParts(ctx, c)
}

// UpdateCall saves a call if nobody changed it since version c.Version. The
// areas, programmes and units are replaced only while the call is unopened:
// once units have been told, those are what their proposals point at.
func (q Q) UpdateCall(ctx context.Context, c proposal.Call) error {
	s := c.Schedule
	err := q.execOne(ctx, ErrConflict, `UPDATE calls SET plan_year = $1, title = $2, title_fold = $3, guidance = $4, rule_code = $5,
		rules = $6, window_start = $7, window_end = $8, screening_end = $9, council_end = $10, approval_end = $11,
		publication_end = $12, decision_ref = $13, updated_at = $14, version = version + 1 WHERE id = $15 AND version = $16`,
		c.PlanYear, c.Title, locale.Fold(c.Title), c.Guidance, c.Rules.Code, c.Rules.JSON(), s.Start, s.Ends[0], s.Ends[1],
		s.Ends[2], s.Ends[3], s.Ends[4], c.DecisionRef, time.Now(), c.ID, c.Version)
	if err != nil || c.Opened() {
		return err
	}
	for _, table := range []string{"call_areas", "call_programmes", "call_units"} {
		if _, err := q.exec(ctx, `DELETE FROM `+table+` WHERE call_id = $1`, c.ID); err != nil {
			return err
		}
	}
	return q.replaceCallParts(ctx, c)
}

func (q Q) replaceCallParts(ctx context.Context, c proposal.Call) error {
	for i, a := range c.Areas {
		if _, err := q.exec(ctx, `INSERT INTO call_areas (id, call_id, position, name) VALUES ($1, $2, $3, $4)`, a.ID, c.ID, i, a.Name); err != nil {
			return err
		}
	}
	for i, p := range c.Programmes {
		if _, err := q.exec(ctx, `INSERT INTO call_programmes (call_id, programme_id, position) VALUES ($1, $2, $3)`, c.ID, p.ID, i); err != nil {
			return err
		}
	}
	for _, u := range c.UnitIDs {
		if _, err := q.exec(ctx, `INSERT INTO call_units (call_id, unit_id) VALUES ($1, $2)`, c.ID, u); err != nil {
			return err
		}
	}
	return nil
}

// Call loads a call with its areas, programmes, indicators and units.
func (q Q) Call(ctx context.Context, id string) (proposal.Call, error) {
	c, err := scanCall(q.row(ctx, `SELECT `+callCols+` FROM calls c WHERE c.id = $1`, id))
	if err != nil {
		return c, notFound(err)
	}
	rows, err := q.query(ctx, `SELECT id, name, position FROM call_areas WHERE call_id = $1 ORDER BY position`, id)
	c.Areas, err = collect(rows, err, func(r *sql.Rows) (proposal.Area, error) {
		var a proposal.Area
		return a, r.Scan(&a.ID, &a.Name, &a.Position)
	})
	if err != nil {
		return c, err
	}
	rows, err = q.query(ctx, `SELECT p.id, p.code, p.title FROM call_programmes cp JOIN programmes p ON p.id = cp.programme_id
		WHERE cp.call_id = $1 ORDER BY cp.position`, id)
	c.Programmes, err = collect(rows, err, func(r *sql.Rows) (proposal.Programme, error) {
		var p proposal.Programme
		return p, r.Scan(&p.ID, &p.Code, &p.Name)
	})
	if err != nil {
		return c, err
	}
	rows, err = q.query(ctx, `SELECT i.id, i.programme_id, p.code, i.code, i.name FROM indicators i
		JOIN call_programmes cp ON cp.programme_id = i.programme_id JOIN programmes p ON p.id = i.programme_id
		WHERE cp.call_id = $1 ORDER BY cp.position, i.position, i.code`, id)
	inds, err := collect(rows, err, func(r *sql.Rows) (proposal.Indicator, error) {
		var i proposal.Indicator
		return i, r.Scan(&i.ID, &i.ProgrammeID, &i.Programme, &i.Code, &i.Name)
	})
	if err != nil {
		return c, err
	}
	for _, ind := range inds {
		for i := range c.Programmes {
			if c.Programmes[i].ID == ind.ProgrammeID {
				c.Programmes[i].Indicators = append(c.Programmes[i].Indicators, ind)
			}
		}
	}
	rows, err = q.query(ctx, `SELECT unit_id FROM call_units WHERE call_id = $1`, id)
	c.UnitIDs, err = collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	return c, err
}

// CallRow is a call in a list, with how many proposals it holds.
type CallRow struct {
	proposal.Call
	Units     int // eligible units
	Proposals int // proposals the list's reader may count
}

// Calls lists calls, newest plan year first. With unitIDs, only opened
// calls one of those units is eligible for, counting those units' own
// proposals; otherwise every call, counting proposals the Sở has received.
func (q Q) Calls(ctx context.Context, unitIDs []string) ([]CallRow, error) {
	query := `SELECT ` + callCols + `,
		(SELECT COUNT(*) FROM call_units u WHERE u.call_id = c.id),
		(SELECT COUNT(*) FROM proposals p WHERE p.call_id = c.id AND ` + soSeesSQL + `)
		FROM calls c ORDER BY c.plan_year DESC, c.window_start DESC`
	if len(unitIDs) > 0 {
		in := placeholders(1, len(unitIDs))
		query = `SELECT ` + callCols + `,
		(SELECT COUNT(*) FROM call_units u WHERE u.call_id = c.id),
		(SELECT COUNT(*) FROM proposals p WHERE p.call_id = c.id AND p.unit_id IN (` + in + `))
		FROM calls c WHERE c.opened_at IS NOT NULL
		AND EXISTS (SELECT 1 FROM call_units cu WHERE cu.call_id = c.id AND cu.unit_id IN (` + in + `))
		ORDER BY c.plan_year DESC, c.window_start DESC`
	}
	rows, err := q.query(ctx, query, anys(unitIDs)...)
	return collect(rows, err, func(r *sql.Rows) (CallRow, error) {
		var row CallRow
		c, err := scanCall(r, &row.Units, &row.Proposals)
		row.Call = c
		return row, err
	})
}

// CallEligible reports whether a unit may propose in a call.
func (q Q) CallEligible(ctx context.Context, callID, unitID string) (bool, error) {
	var n int
	err := q.row(ctx, `SELECT COUNT(*) FROM call_units WHERE call_id = $1 AND unit_id = $2`, callID, unitID).Scan(&n)
	return n > 0, err
}

// SetCallOpened records that units were told about the call.
func (q Q) SetCallOpened(ctx context.Context, id, by string, at time.Time, version int) error {
	return q.execOne(ctx, ErrConflict, `UPDATE calls SET opened_at = $1, opened_by = $2, updated_at = $1, version = version + 1
		WHERE id = $3 AND version = $4 AND opened_at IS NULL`, at, nullable(by), id, version)
}

// SetCallPublished records that the approved list is public.
func (q Q) SetCallPublished(ctx context.Context, id string, at time.Time, decisionRef string, version int) error {
	return q.execOne(ctx, ErrConflict, `UPDATE calls SET published_at = COALESCE(published_at, $1), decision_ref = $2, updated_at = $1, version = version + 1
		WHERE id = $3 AND version = $4`, at, decisionRef, id, version)
}

// CallRecipients returns the enabled users with one of roles in the call's
// eligible units, for the notice that the call is open.
func (q Q) CallRecipients(ctx context.Context, callID string, roles ...account.Role) ([]string, error) {
	args := []any{callID}
	for _, r := range roles {
		args = append(args, string(r))
	}
	rows, err := q.query(ctx, `SELECT u.id FROM users u JOIN call_units c ON c.unit_id = u.unit_id
		WHERE c.call_id = $1 AND u.disabled = FALSE AND u.role IN (`+placeholders(2, len(roles))+`)`, args...)
	return collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
}

// Extension is one unit's later deadline in a call.
type Extension struct {
	CallID, UnitID, UnitName, UnitType string
	Until                              civil.Date
	Reason                             string
	GrantedBy                          string
	GrantedAt                          time.Time
}

// SetExtension grants or changes a unit's extension and returns the one it
// replaced (zero if none), for the audit log.
func (q Q) SetExtension(ctx context.Context, x Extension) (Extension, error) {
	before, err := q.Extension(ctx, x.CallID, x.UnitID)
	if err != nil {
		return before, err
	}
	_, err = q.exec(ctx, `INSERT INTO call_extensions (call_id, unit_id, until_date, reason, granted_by, granted_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (call_id, unit_id) DO UPDATE SET until_date = $3, reason = $4, granted_by = $5, granted_at = $6`,
		x.CallID, x.UnitID, x.Until, x.Reason, nullable(x.GrantedBy), x.GrantedAt)
	return before, err
}

const extensionCols = `x.call_id, x.unit_id, o.name, o.type, x.until_date, x.reason, COALESCE(u.name, ''), x.granted_at`

func scanExtension(r interface{ Scan(...any) error }) (Extension, error) {
	var x Extension
	return x, r.Scan(&x.CallID, &x.UnitID, &x.UnitName, &x.UnitType, &x.Until, &x.Reason, &x.GrantedBy, &x.GrantedAt)
}

// Extension returns a unit's extension in a call, or a zero one.
func (q Q) Extension(ctx context.Context, callID, unitID string) (Extension, error) {
	x, err := scanExtension(q.row(ctx, `SELECT `+extensionCols+` FROM call_extensions x JOIN org_units o ON o.id = x.unit_id
		LEFT JOIN users u ON u.id = x.granted_by WHERE x.call_id = $1 AND x.unit_id = $2`, callID, unitID))
	if err == sql.ErrNoRows {
		return Extension{}, nil
	}
	return x, err
}

// Extensions lists a call's extensions by unit name.
func (q Q) Extensions(ctx context.Context, callID string) ([]Extension, error) {
	rows, err := q.query(ctx, `SELECT `+extensionCols+` FROM call_extensions x JOIN org_units o ON o.id = x.unit_id
		LEFT JOIN users u ON u.id = x.granted_by WHERE x.call_id = $1`, callID)
	out, err := collect(rows, err, func(r *sql.Rows) (Extension, error) { return scanExtension(r) })
	locale.SortFunc(out, func(x Extension) string { return x.UnitName })
	return out, err
}

// InsertRuleSet stores a rule set the Sở added.
func (q Q) InsertRuleSet(ctx context.Context, r proposal.RuleSet, by string, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO proposal_rule_sets (code, body, created_by, created_at) VALUES ($1, $2, $3, $4)`,
		r.Code, r.JSON(), nullable(by), at)
	return err
}

// RuleSets lists the rule sets the Sở added, oldest first.
func (q Q) RuleSets(ctx context.Context) ([]proposal.RuleSet, error) {
	rows, err := q.query(ctx, `SELECT body FROM proposal_rule_sets ORDER BY created_at, code`)
	return collect(rows, err, func(r *sql.Rows) (proposal.RuleSet, error) {
		var body string
		var rs proposal.RuleSet
		if err := r.Scan(&body); err != nil {
			return rs, err
		}
		return rs, json.Unmarshal([]byte(body), &rs)
	})
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// PublishedCalls lists calls whose approved list is public, newest first.
func (q Q) PublishedCalls(ctx context.Context) ([]proposal.Call, error) {
	rows, err := q.query(ctx, `SELECT `+callCols+` FROM calls c WHERE c.published_at IS NOT NULL ORDER BY c.plan_year DESC, c.published_at DESC`)
	return collect(rows, err, func(r *sql.Rows) (proposal.Call, error) { return scanCall(r) })
}
