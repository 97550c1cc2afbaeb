package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/proposal"
)

// soSeesSQL keeps out what the Sở never sees: drafts never sent to it.
// It must agree with proposal.SubmittedOnce.
const soSeesSQL = `(p.round > 0 OR p.state NOT IN ('draft', 'awaiting_leader', 'withdrawn'))`

const proposalCols = `p.id, p.call_id, p.unit_id, p.unit_path, o.name, o.type, p.task_type, p.title, p.objectives, p.fields,
	p.state_budget, p.other_budget, p.duration_months, p.contact_name, p.contact_title, p.contact_phone, p.contact_email,
	p.state, p.in_revision, p.method, p.round, p.pending_event, p.pending_reason, p.pending_method, COALESCE(p.pending_by, ''),
	COALESCE(p.created_by, ''), COALESCE(p.updated_by, ''), p.created_at, p.updated_at, p.submitted_at, p.version`

func scanProposal(r interface{ Scan(...any) error }) (proposal.Proposal, error) {
	var p proposal.Proposal
	var fields string
	var submitted sql.NullTime
	c := &p.Contact
	err := r.Scan(&p.ID, &p.CallID, &p.UnitID, &p.UnitPath, &p.UnitName, &p.UnitType, &p.TaskType, &p.Title, &p.Objectives, &fields,
		&p.StateBudget, &p.OtherBudget, &p.DurationMonths, &c.Name, &c.Title, &c.Phone, &c.Email,
		&p.State, &p.InRevision, &p.Method, &p.Round, &p.Pending.Event, &p.Pending.Reason, &p.Pending.Method, &p.PendingBy,
		&p.CreatedBy, &p.UpdatedBy, &p.CreatedAt, &p.UpdatedAt, &submitted, &p.Version)
	if err != nil {
		return p, err
	}
	p.Submitted = submitted.Time
	return p, json.Unmarshal([]byte(fields), &p.Fields)
}

func searchFold(c proposal.Content) string {
	return locale.Fold(c.Title + " \n " + c.Objectives)
}

func fieldsJSON(c proposal.Content) string {
	if c.Fields == nil {
		return "{}"
	}
	b, _ := json.Marshal(c.Fields)
	return string(b)
}

// InsertProposal stores a new proposal with its areas and indicators.
func (q Q) InsertProposal(ctx context.Context, p proposal.Proposal) error {
	c := p.Content
	var unitName string
	if err := q.row(ctx, `SELECT name FROM org_units WHERE id = $1`, p.UnitID).Scan(&unitName); err != nil {
		return notFound(err)
	}
	if _, err := q.exec(ctx, `INSERT INTO proposals (id, call_id, unit_id, unit_path, task_type, title, objectives, search_fold, title_lower,
		unit_sort, title_sort, fields, state_budget, other_budget, duration_months, contact_name, contact_title, contact_phone, contact_email,
		state, created_by, updated_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22, $22)`,
		p.ID, p.CallID, p.UnitID, p.UnitPath, string(c.TaskType), c.Title, c.Objectives, searchFold(c), titleLower(c),
		locale.Key(unitName), locale.Key(c.Title), fieldsJSON(c), c.StateBudget, c.OtherBudget, c.DurationMonths,
		c.Contact.Name, c.Contact.Title, c.Contact.Phone, c.Contact.Email, string(p.State), nullable(p.CreatedBy), p.CreatedAt); err != nil {
		return err
	}
	return q.replaceLinks(ctx, p)
}

func titleLower(c proposal.Content) string { return strings.ToLower(locale.NFC(c.Title)) }

// UpdateProposalContent saves what the unit wrote if the proposal is still at
// version p.Version, and moves the version on.
func (q Q) UpdateProposalContent(ctx context.Context, p proposal.Proposal) error {
	c := p.Content
	err := q.execOne(ctx, ErrConflict, `UPDATE proposals SET task_type = $1, title = $2, objectives = $3, search_fold = $4, fields = $5,
		state_budget = $6, other_budget = $7, duration_months = $8, contact_name = $9, contact_title = $10, contact_phone = $11,
		contact_email = $12, updated_by = $13, updated_at = $14, title_lower = $15, title_sort = $16, version = version + 1
		WHERE id = $17 AND version = $18`,
		string(c.TaskType), c.Title, c.Objectives, searchFold(c), fieldsJSON(c), c.StateBudget, c.OtherBudget, c.DurationMonths,
		c.Contact.Name, c.Contact.Title, c.Contact.Phone, c.Contact.Email, nullable(p.UpdatedBy), p.UpdatedAt,
		titleLower(c), locale.Key(c.Title), p.ID, p.Version)
	if err != nil {
		return err
	}
	for _, table := range []string{"proposal_areas", "proposal_indicators"} {
		if _, err := q.exec(ctx, `DELETE FROM `+table+` WHERE proposal_id = $1`, p.ID); err != nil {
			return err
		}
	}
	return q.replaceLinks(ctx, p)
}

func (q Q) replaceLinks(ctx context.Context, p proposal.Proposal) error {
	for _, a := range p.AreaIDs {
		if _, err := q.exec(ctx, `INSERT INTO proposal_areas (proposal_id, area_id) VALUES ($1, $2)`, p.ID, a); err != nil {
			return err
		}
	}
	for _, id := range p.Indicators {
		if _, err := q.exec(ctx, `INSERT INTO proposal_indicators (proposal_id, indicator_id) VALUES ($1, $2)`, p.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// Move is a change of state, guarded by the version the mover saw.
type Move struct {
	ID         string
	Version    int
	To         proposal.State
	InRevision bool
	Method     proposal.Method
	Round      int
	Submitted  time.Time // set when a version reaches the Sở
	By         string
	At         time.Time
}

// MoveProposal changes a proposal's state and clears any pending decision.
func (q Q) MoveProposal(ctx context.Context, m Move) error {
	var submitted any
	if !m.Submitted.IsZero() {
		submitted = m.Submitted
	}
	return q.execOne(ctx, ErrConflict, `UPDATE proposals SET state = $1, in_revision = $2, method = $3, round = $4,
		submitted_at = COALESCE($5, submitted_at), pending_event = '', pending_reason = '', pending_method = '', pending_by = NULL,
		updated_by = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9`,
		string(m.To), m.InRevision, string(m.Method), m.Round, submitted, nullable(m.By), m.At, m.ID, m.Version)
}

// SetPending records (or with an empty event, clears) a decision to apply
// later in a batch.
func (q Q) SetPending(ctx context.Context, id string, version int, d proposal.Decision, by string, at time.Time) error {
	if d.Event == "" {
		by = ""
	}
	return q.execOne(ctx, ErrConflict, `UPDATE proposals SET pending_event = $1, pending_reason = $2, pending_method = $3, pending_by = $4,
		updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7`,
		string(d.Event), d.Reason, string(d.Method), nullable(by), at, id, version)
}

// Proposal loads a proposal with its areas and indicators.
func (q Q) Proposal(ctx context.Context, id string) (proposal.Proposal, error) {
	p, err := scanProposal(q.row(ctx, `SELECT `+proposalCols+` FROM proposals p JOIN org_units o ON o.id = p.unit_id WHERE p.id = $1`, id))
	if err != nil {
		return p, notFound(err)
	}
	rows, err := q.query(ctx, `SELECT pa.area_id FROM proposal_areas pa JOIN call_areas a ON a.id = pa.area_id
		WHERE pa.proposal_id = $1 ORDER BY a.position`, id)
	p.AreaIDs, err = collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return p, err
	}
	rows, err = q.query(ctx, `SELECT pi.indicator_id FROM proposal_indicators pi JOIN indicators i ON i.id = pi.indicator_id
		WHERE pi.proposal_id = $1 ORDER BY i.programme_id, i.position, i.code`, id)
	p.Indicators, err = collect(rows, err, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	return p, err
}

// ProposalFilter narrows a list of proposals. Empty fields do not filter.
type ProposalFilter struct {
	CallID    string
	UnitID    string
	UnitPaths []string // proposals of units under any of these paths
	AreaID    string
	TaskType  string
	States    []proposal.State
	Text      string // diacritics-insensitive, in title and objectives
	SoOnly    bool   // only what the Sở may see (never drafts never sent)
	Pending   bool   // only proposals with a pending decision
	Limit     int    // a page of at most Limit rows (0: all)
	Offset    int
}

// ProposalRow is a proposal in a list.
type ProposalRow struct {
	ID, CallID, CallTitle string
	PlanYear              int
	UnitID, UnitName      string
	UnitType              string
	TaskType              proposal.TaskType
	Title                 string
	State                 proposal.State
	StateBudget           int64
	OtherBudget           int64
	DurationMonths        int
	Round                 int
	Pending               proposal.Decision
	Method                proposal.Method
	UpdatedAt             time.Time
	Areas                 []string
}

// where builds the WHERE clause; skip names one facet to leave out, so facet
// counts show what choosing another value would give.
func (f ProposalFilter) where(skip string) (string, []any) {
	conds, args := []string{"1=1"}, []any{}
	add := func(cond string, v ...any) {
		for _, x := range v {
			args = append(args, x)
			cond = strings.Replace(cond, "$?", "$"+itoa(len(args)), 1)
		}
		conds = append(conds, cond)
	}
	if f.CallID != "" {
		add("p.call_id = $?", f.CallID)
	}
	if f.UnitID != "" && skip != "unit" {
		add("p.unit_id = $?", f.UnitID)
	}
	if len(f.UnitPaths) > 0 {
		ors := make([]string, len(f.UnitPaths))
		for i, path := range f.UnitPaths {
			args = append(args, path+"%")
			ors[i] = "p.unit_path LIKE $" + itoa(len(args))
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	if f.AreaID != "" && skip != "area" {
		add("EXISTS (SELECT 1 FROM proposal_areas pa WHERE pa.proposal_id = p.id AND pa.area_id = $?)", f.AreaID)
	}
	if f.TaskType != "" && skip != "type" {
		add("p.task_type = $?", f.TaskType)
	}
	if len(f.States) > 0 && skip != "state" {
		for _, s := range f.States {
			args = append(args, string(s))
		}
		conds = append(conds, "p.state IN ("+placeholders(len(args)-len(f.States)+1, len(f.States))+")")
	}
	for _, w := range likeWords(f.Text) {
		add(w.on("p.search_fold")+" LIKE $?", w.Pattern)
	}
	if f.SoOnly {
		conds = append(conds, soSeesSQL)
	}
	if f.Pending {
		conds = append(conds, "p.pending_event <> ''")
	}
	return strings.Join(conds, " AND "), args
}

// ListProposals returns the proposals matching f, a page at a time, by
// unit name then title in Vietnamese collation (stored keys, so the
// database sorts and pages). When searching, titles that contain the text
// with its exact diacritics come first.
func (q Q) ListProposals(ctx context.Context, f ProposalFilter) ([]ProposalRow, error) {
	where, args := f.where("")
	order := "p.unit_sort, p.title_sort, p.id"
	if text := strings.ToLower(locale.NFC(strings.TrimSpace(f.Text))); text != "" {
		args = append(args, "%"+escapeLike(text)+"%")
		order = "CASE WHEN p.title_lower LIKE $" + itoa(len(args)) + " THEN 0 ELSE 1 END, " + order
	}
	if f.Limit > 0 {
		// Page on the proposals alone, then join the page's few rows.
		args = append(args, f.Limit, f.Offset)
		where = `p.id IN (SELECT p.id FROM proposals p WHERE ` + where + ` ORDER BY ` + order +
			` LIMIT $` + itoa(len(args)-1) + ` OFFSET $` + itoa(len(args)) + `)`
	}
	rows, err := q.query(ctx, `SELECT p.id, p.call_id, c.title, c.plan_year, p.unit_id, o.name, o.type, p.task_type, p.title, p.state,
		p.state_budget, p.other_budget, p.duration_months, p.round, p.pending_event, p.pending_reason, p.pending_method, p.method, p.updated_at
		FROM proposals p JOIN org_units o ON o.id = p.unit_id JOIN calls c ON c.id = p.call_id WHERE `+where+` ORDER BY `+order, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (ProposalRow, error) {
		var p ProposalRow
		err := r.Scan(&p.ID, &p.CallID, &p.CallTitle, &p.PlanYear, &p.UnitID, &p.UnitName, &p.UnitType, &p.TaskType, &p.Title, &p.State,
			&p.StateBudget, &p.OtherBudget, &p.DurationMonths, &p.Round, &p.Pending.Event, &p.Pending.Reason, &p.Pending.Method, &p.Method, &p.UpdatedAt)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	return list, q.fillAreas(ctx, list)
}

// fillAreas adds area names to listed proposals with one query.
func (q Q) fillAreas(ctx context.Context, list []ProposalRow) error {
	if len(list) == 0 {
		return nil
	}
	const chunk = 500 // stay well under both engines' limits on parameters
	if len(list) > chunk {
		if err := q.fillAreas(ctx, list[:chunk]); err != nil {
			return err
		}
		return q.fillAreas(ctx, list[chunk:])
	}
	ids := make([]string, len(list))
	idx := make(map[string]int, len(list))
	for i, p := range list {
		ids[i], idx[p.ID] = p.ID, i
	}
	rows, err := q.query(ctx, `SELECT pa.proposal_id, a.name FROM proposal_areas pa JOIN call_areas a ON a.id = pa.area_id
		WHERE pa.proposal_id IN (`+placeholders(1, len(ids))+`) ORDER BY a.position`, anys(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		list[idx[id]].Areas = append(list[idx[id]].Areas, name)
	}
	return rows.Err()
}

// Count is one value of a facet with how many proposals have it.
type Count struct {
	Key   string // state, task type, area ID or unit ID
	Label string // area or unit name, where the key is an ID
	Type  string // unit's legal type
	N     int
}

// ProposalCounts are the facet counts beside a list.
type ProposalCounts struct {
	Total                       int
	States, Types, Areas, Units []Count
}

// CountProposals counts proposals by state, type, area and unit. Each facet
// is counted under every filter but its own.
func (q Q) CountProposals(ctx context.Context, f ProposalFilter) (ProposalCounts, error) {
	var out ProposalCounts
	count := func(skip, query string) ([]Count, error) {
		where, args := f.where(skip)
		rows, err := q.query(ctx, strings.Replace(query, "WHERE", "WHERE "+where+" AND", 1), args...)
		return collect(rows, err, func(r *sql.Rows) (Count, error) {
			var c Count
			return c, r.Scan(&c.Key, &c.Label, &c.Type, &c.N)
		})
	}
	var err error
	if out.States, err = count("state", `SELECT p.state, '', '', COUNT(*) FROM proposals p WHERE 1=1 GROUP BY p.state`); err != nil {
		return out, err
	}
	if out.Types, err = count("type", `SELECT p.task_type, '', '', COUNT(*) FROM proposals p WHERE 1=1 GROUP BY p.task_type`); err != nil {
		return out, err
	}
	if out.Areas, err = count("area", `SELECT a.id, a.name, '', COUNT(*) FROM proposals p JOIN proposal_areas pa ON pa.proposal_id = p.id
		JOIN call_areas a ON a.id = pa.area_id WHERE 1=1 GROUP BY a.id, a.name, a.position ORDER BY a.position`); err != nil {
		return out, err
	}
	// Units are counted first and named after, so the join touches each unit once.
	if out.Units, err = count("unit", `SELECT o.id, o.name, o.type, g.n FROM (SELECT p.unit_id, p.unit_sort, COUNT(*) AS n
		FROM proposals p WHERE 1=1 GROUP BY p.unit_id, p.unit_sort) g JOIN org_units o ON o.id = g.unit_id ORDER BY g.unit_sort`); err != nil {
		return out, err
	}
	where, args := f.where("")
	err = q.row(ctx, `SELECT COUNT(*) FROM proposals p WHERE `+where, args...).Scan(&out.Total)
	return out, err
}

// DraftCount counts a call's proposals the units are still preparing, which
// the Sở sees only as a number.
func (q Q) DraftCount(ctx context.Context, callID string) (int, error) {
	var n int
	err := q.row(ctx, `SELECT COUNT(*) FROM proposals p WHERE p.call_id = $1 AND NOT `+soSeesSQL, callID).Scan(&n)
	return n, err
}

// ProposalsOfCall loads every proposal of a call in states, full, for
// documents and reports.
func (q Q) ProposalsOfCall(ctx context.Context, callID string, states []proposal.State) ([]proposal.Proposal, error) {
	f := ProposalFilter{CallID: callID, States: states, SoOnly: true}
	where, args := f.where("")
	rows, err := q.query(ctx, `SELECT `+proposalCols+` FROM proposals p JOIN org_units o ON o.id = p.unit_id WHERE `+where+
		` ORDER BY p.unit_sort, p.title_sort, p.id`, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (proposal.Proposal, error) { return scanProposal(r) })
	if err != nil || len(list) == 0 {
		return list, err
	}
	idx := make(map[string]int, len(list))
	for i, p := range list {
		idx[p.ID] = i
	}
	rows, err = q.query(ctx, `SELECT pa.proposal_id, pa.area_id FROM proposal_areas pa JOIN call_areas a ON a.id = pa.area_id
		WHERE a.call_id = $1 ORDER BY a.position`, callID)
	links, err := collect(rows, err, func(r *sql.Rows) ([2]string, error) {
		var l [2]string
		return l, r.Scan(&l[0], &l[1])
	})
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if i, ok := idx[l[0]]; ok {
			list[i].AreaIDs = append(list[i].AreaIDs, l[1])
		}
	}
	return list, nil
}

// SimilarDoc is a proposal as the similarity checks see it.
type SimilarDoc struct {
	proposal.Doc
	CallID   string
	UnitName string
	UnitType string
	UnitPath string
	State    proposal.State
	Round    int
}

// SimilarityDocs returns the title and objectives of a call's proposals
// (every proposal of the call when callID is set, otherwise approved and
// published ones of every call, which count as earlier tasks).
func (q Q) SimilarityDocs(ctx context.Context, callID string) ([]SimilarDoc, error) {
	where, args := "p.call_id = $1", []any{callID}
	if callID == "" {
		where, args = "p.state IN ('approved', 'published')", nil
	}
	rows, err := q.query(ctx, `SELECT p.id, p.unit_id, p.title, p.objectives, p.call_id, o.name, o.type, p.unit_path, p.state, p.round
		FROM proposals p JOIN org_units o ON o.id = p.unit_id WHERE `+where+` ORDER BY p.id`, args...)
	return collect(rows, err, func(r *sql.Rows) (SimilarDoc, error) {
		var d SimilarDoc
		err := r.Scan(&d.ID, &d.Group, &d.Title, &d.Objectives, &d.CallID, &d.UnitName, &d.UnitType, &d.UnitPath, &d.State, &d.Round)
		return d, err
	})
}

// CallStamp changes whenever a call's proposals change (every proposal's when
// callID is empty; every change moves a version up), for caching what is
// computed from them.
func (q Q) CallStamp(ctx context.Context, callID string) (string, error) {
	var n, versions int64
	err := q.row(ctx, `SELECT COUNT(*), COALESCE(SUM(version), 0) FROM proposals WHERE $1 = '' OR call_id = $1`, callID).Scan(&n, &versions)
	return locale.Int(n) + "/" + locale.Int(versions), err
}

func unitOf(name, typ string) orgunit.Unit { return orgunit.Unit{Name: name, Type: orgunit.Type(typ)} }

// Unit is the proposing unit, for its display name.
func (p ProposalRow) Unit() orgunit.Unit { return unitOf(p.UnitName, p.UnitType) }

// Unit is the unit of a unit count, for its display name.
func (c Count) Unit() orgunit.Unit { return unitOf(c.Label, c.Type) }

// Unit is the proposing unit, for its display name.
func (d SimilarDoc) Unit() orgunit.Unit { return unitOf(d.UnitName, d.UnitType) }

// Unit is the unit with the extension, for its display name.
func (x Extension) Unit() orgunit.Unit { return unitOf(x.UnitName, x.UnitType) }
