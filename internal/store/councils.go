package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
)

// Expert is one person of the register of experts.
type Expert struct {
	ID           string
	Name         string
	Title        string // học hàm, học vị: "PGS.TS."
	Organisation string
	UnitID       string // when the organisation is one of our org units
	UnitName     string
	Fields       string // lĩnh vực chuyên môn
	Email, Phone string
	UserID       string // their login, when they have one
	Login        string
	CivilServant bool
	Version      int
	CreatedAt    time.Time
}

const expertCols = `e.id, e.name, e.title, e.organisation, COALESCE(e.unit_id, ''), COALESCE(o.name, ''), e.fields, e.email, e.phone,
	COALESCE(e.user_id, ''), COALESCE(u.login, ''), e.civil_servant, e.version, e.created_at`

const expertFrom = ` FROM experts e LEFT JOIN org_units o ON o.id = e.unit_id LEFT JOIN users u ON u.id = e.user_id`

func scanExpert(r scanner) (Expert, error) {
	var x Expert
	err := r.Scan(&x.ID, &x.Name, &x.Title, &x.Organisation, &x.UnitID, &x.UnitName, &x.Fields, &x.Email, &x.Phone,
		&x.UserID, &x.Login, &x.CivilServant, &x.Version, &x.CreatedAt)
	return x, err
}

// InsertExpert adds a person to the register.
func (q Q) InsertExpert(ctx context.Context, x Expert) error {
	_, err := q.exec(ctx, `INSERT INTO experts (id, name, name_fold, title, organisation, unit_id, fields, email, phone, user_id,
		civil_servant, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12)`,
		x.ID, x.Name, locale.Fold(x.Name), x.Title, x.Organisation, nullable(x.UnitID), x.Fields, x.Email, x.Phone, nullable(x.UserID),
		x.CivilServant, x.CreatedAt)
	return mapErr(err)
}

// UpdateExpert saves an expert if nobody changed them meanwhile.
func (q Q) UpdateExpert(ctx context.Context, x Expert, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE experts SET name = $1, name_fold = $2, title = $3, organisation = $4, unit_id = $5,
		fields = $6, email = $7, phone = $8, user_id = $9, civil_servant = $10, version = version + 1, updated_at = $11
		WHERE id = $12 AND version = $13`,
		x.Name, locale.Fold(x.Name), x.Title, x.Organisation, nullable(x.UnitID), x.Fields, x.Email, x.Phone, nullable(x.UserID),
		x.CivilServant, at, x.ID, x.Version)
}

// Expert loads one expert.
func (q Q) Expert(ctx context.Context, id string) (Expert, error) {
	x, err := scanExpert(q.row(ctx, `SELECT `+expertCols+expertFrom+` WHERE e.id = $1`, id))
	return x, notFound(err)
}

// ExpertOfUser finds the expert a login belongs to.
func (q Q) ExpertOfUser(ctx context.Context, userID string) (Expert, error) {
	x, err := scanExpert(q.row(ctx, `SELECT `+expertCols+expertFrom+` WHERE e.user_id = $1`, userID))
	return x, notFound(err)
}

// Experts lists the register by name, optionally matching words typed.
func (q Q) Experts(ctx context.Context, text string) ([]Expert, error) {
	where, args := wordsWhere("e.name_fold", text, 1)
	if where == "" {
		where = "TRUE"
	}
	rows, err := q.query(ctx, `SELECT `+expertCols+expertFrom+` WHERE `+where, args...)
	out, err := collect(rows, err, func(r *sql.Rows) (Expert, error) { return scanExpert(r) })
	locale.SortFunc(out, func(x Expert) string { return x.Name })
	return out, err
}

// Council is a council of a call.
type Council struct {
	ID           string
	CallID       string
	CallTitle    string
	RuleCode     string
	Name         string
	Area         string // the field or area it covers, when a call has several councils
	MeetingDate  civil.Date
	MeetingPlace string
	State        string // forming, pack_sent, concluded
	PackSentAt   time.Time
	MetAt        time.Time
	MinutesNo    string
	Version      int
	CreatedBy    string
	CreatedAt    time.Time
}

// Council states.
const (
	CouncilForming   = "forming"
	CouncilPackSent  = "pack_sent"
	CouncilConcluded = "concluded"
)

const councilCols = `c.id, c.call_id, k.title, k.rule_code, c.name, c.area, c.meeting_date, c.meeting_place, c.state, c.pack_sent_at, c.met_at,
	c.minutes_no, c.version, COALESCE(c.created_by, ''), c.created_at`

const councilFrom = ` FROM councils c JOIN calls k ON k.id = c.call_id`

func scanCouncil(r scanner) (Council, error) {
	var c Council
	var sent, met sql.NullTime
	err := r.Scan(&c.ID, &c.CallID, &c.CallTitle, &c.RuleCode, &c.Name, &c.Area, &c.MeetingDate, &c.MeetingPlace, &c.State, &sent, &met,
		&c.MinutesNo, &c.Version, &c.CreatedBy, &c.CreatedAt)
	c.PackSentAt, c.MetAt = sent.Time.UTC(), met.Time.UTC()
	if !sent.Valid {
		c.PackSentAt = time.Time{}
	}
	if !met.Valid {
		c.MetAt = time.Time{}
	}
	return c, err
}

// InsertCouncil stores a new council.
func (q Q) InsertCouncil(ctx context.Context, c Council) error {
	_, err := q.exec(ctx, `INSERT INTO councils (id, call_id, name, area, meeting_date, meeting_place, state, minutes_no, version,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10)`,
		c.ID, c.CallID, c.Name, c.Area, c.MeetingDate, c.MeetingPlace, CouncilForming, c.MinutesNo, nullable(c.CreatedBy), c.CreatedAt)
	return mapErr(err)
}

// UpdateCouncil saves a council's name, area, meeting and state if nobody
// changed it meanwhile.
func (q Q) UpdateCouncil(ctx context.Context, c Council, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE councils SET name = $1, area = $2, meeting_date = $3, meeting_place = $4, state = $5,
		pack_sent_at = $6, met_at = $7, minutes_no = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11`,
		c.Name, c.Area, c.MeetingDate, c.MeetingPlace, c.State, nullTime(c.PackSentAt), nullTime(c.MetAt), c.MinutesNo, at, c.ID, c.Version)
}

// Council loads one council.
func (q Q) Council(ctx context.Context, id string) (Council, error) {
	c, err := scanCouncil(q.row(ctx, `SELECT `+councilCols+councilFrom+` WHERE c.id = $1`, id))
	return c, notFound(err)
}

// Councils lists councils, of one call when callID is set, by meeting date.
func (q Q) Councils(ctx context.Context, callID string) ([]Council, error) {
	rows, err := q.query(ctx, `SELECT `+councilCols+councilFrom+` WHERE ($1 = '' OR c.call_id = $1) ORDER BY k.plan_year DESC, c.created_at, c.id`, callID)
	return collect(rows, err, func(r *sql.Rows) (Council, error) { return scanCouncil(r) })
}

// CouncilsOfExpert lists the councils an expert sits on.
func (q Q) CouncilsOfExpert(ctx context.Context, expertID string) ([]Council, error) {
	rows, err := q.query(ctx, `SELECT `+councilCols+councilFrom+` JOIN council_members m ON m.council_id = c.id
		WHERE m.expert_id = $1 ORDER BY c.created_at DESC, c.id`, expertID)
	return collect(rows, err, func(r *sql.Rows) (Council, error) { return scanCouncil(r) })
}

// Member is one seat of a council with the expert on it.
type Member struct {
	Expert
	Role     council.Role
	Position int
	Present  *bool // nil until attendance is recorded
}

// Seat is the member as the council rules see them.
func (m Member) Seat() council.Seat {
	return council.Seat{UserID: m.UserID, ExpertID: m.ID, Name: m.Name, Role: m.Role, UnitID: m.UnitID, CivilServant: m.CivilServant}
}

// SetMembers replaces a council's members (while it is being formed).
func (q Q) SetMembers(ctx context.Context, councilID string, ms []Member) error {
	if _, err := q.exec(ctx, `DELETE FROM council_members WHERE council_id = $1`, councilID); err != nil {
		return err
	}
	for i, m := range ms {
		if _, err := q.exec(ctx, `INSERT INTO council_members (council_id, expert_id, role, position) VALUES ($1, $2, $3, $4)`,
			councilID, m.ID, string(m.Role), i); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// SetPresent records a member's attendance.
func (q Q) SetPresent(ctx context.Context, councilID, expertID string, present bool) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE council_members SET present = $1 WHERE council_id = $2 AND expert_id = $3`, present, councilID, expertID)
}

// Members lists a council's members in the order they were given.
func (q Q) Members(ctx context.Context, councilID string) ([]Member, error) {
	rows, err := q.query(ctx, `SELECT `+expertCols+`, m.role, m.position, m.present`+expertFrom+`
		JOIN council_members m ON m.expert_id = e.id WHERE m.council_id = $1 ORDER BY m.position, e.id`, councilID)
	return collect(rows, err, func(r *sql.Rows) (Member, error) {
		var m Member
		var present sql.NullBool
		x := &m.Expert
		err := r.Scan(&x.ID, &x.Name, &x.Title, &x.Organisation, &x.UnitID, &x.UnitName, &x.Fields, &x.Email, &x.Phone,
			&x.UserID, &x.Login, &x.CivilServant, &x.Version, &x.CreatedAt, &m.Role, &m.Position, &present)
		if present.Valid {
			m.Present = &present.Bool
		}
		return m, err
	})
}

// Assigned is a proposal assigned to a council.
type Assigned struct {
	CouncilID   string
	ProposalID  string
	Title       string
	Objectives  string
	TaskType    string
	UnitID      string
	UnitPath    string
	UnitName    string
	UnitType    string
	State       string
	Position    int
	Similarity  string // JSON of the evidence frozen when the pack was sent
	Rank        int
	Outcome     string
	Reasons     string
	ConcludedAt time.Time
}

// Assign adds proposals to a council; a proposal sits on one council only,
// so one already assigned elsewhere is ErrDuplicate.
func (q Q) Assign(ctx context.Context, councilID string, proposalIDs []string) error {
	var n int
	if err := q.row(ctx, `SELECT COUNT(*) FROM council_proposals WHERE council_id = $1`, councilID).Scan(&n); err != nil {
		return err
	}
	for i, id := range proposalIDs {
		if _, err := q.exec(ctx, `INSERT INTO council_proposals (council_id, proposal_id, position) VALUES ($1, $2, $3)`, councilID, id, n+i); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// Unassign takes a proposal off a council (before the pack is sent).
func (q Q) Unassign(ctx context.Context, councilID, proposalID string) error {
	return q.execOne(ctx, ErrNotFound, `DELETE FROM council_proposals WHERE council_id = $1 AND proposal_id = $2`, councilID, proposalID)
}

// FreezeSimilarity stores the similarity evidence of an assigned proposal.
func (q Q) FreezeSimilarity(ctx context.Context, councilID, proposalID, evidence string) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE council_proposals SET similarity = $1 WHERE council_id = $2 AND proposal_id = $3`,
		evidence, councilID, proposalID)
}

// SetConclusion records a proposal's conclusion and rank.
func (q Q) SetConclusion(ctx context.Context, councilID, proposalID, outcome, reasons string, rank int, at time.Time) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE council_proposals SET outcome = $1, reasons = $2, rank = $3, concluded_at = $4
		WHERE council_id = $5 AND proposal_id = $6`, outcome, reasons, rank, nullTime(at), councilID, proposalID)
}

const assignedCols = `a.council_id, a.proposal_id, p.title, p.objectives, p.task_type, p.unit_id, p.unit_path, o.name, o.type, p.state,
	a.position, a.similarity, a.rank, a.outcome, a.reasons, a.concluded_at`

func scanAssigned(r scanner) (Assigned, error) {
	var a Assigned
	var at sql.NullTime
	err := r.Scan(&a.CouncilID, &a.ProposalID, &a.Title, &a.Objectives, &a.TaskType, &a.UnitID, &a.UnitPath, &a.UnitName, &a.UnitType, &a.State,
		&a.Position, &a.Similarity, &a.Rank, &a.Outcome, &a.Reasons, &at)
	if at.Valid {
		a.ConcludedAt = at.Time.UTC()
	}
	return a, err
}

// AssignedProposals lists a council's proposals in assignment order.
func (q Q) AssignedProposals(ctx context.Context, councilID string) ([]Assigned, error) {
	rows, err := q.query(ctx, `SELECT `+assignedCols+` FROM council_proposals a JOIN proposals p ON p.id = a.proposal_id
		JOIN org_units o ON o.id = p.unit_id WHERE a.council_id = $1 ORDER BY a.position, p.id`, councilID)
	return collect(rows, err, func(r *sql.Rows) (Assigned, error) { return scanAssigned(r) })
}

// AssignmentOf finds the council a proposal is assigned to.
func (q Q) AssignmentOf(ctx context.Context, proposalID string) (Assigned, error) {
	a, err := scanAssigned(q.row(ctx, `SELECT `+assignedCols+` FROM council_proposals a JOIN proposals p ON p.id = a.proposal_id
		JOIN org_units o ON o.id = p.unit_id WHERE a.proposal_id = $1`, proposalID))
	return a, notFound(err)
}

// Declared is a declaration as stored.
type Declared struct {
	council.Declaration
	CouncilID  string
	AttestedAt time.Time
}

// PutDeclaration stores a member's declaration on a proposal; a declaration
// once attested is final, so a second one is ErrDuplicate.
func (q Q) PutDeclaration(ctx context.Context, councilID string, d council.Declaration, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO council_declarations (council_id, expert_id, proposal_id, conflict, reason, attested_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, councilID, d.ExpertID, d.ProposalID, d.Conflict, d.Reason, at)
	return mapErr(err)
}

// Declarations lists a council's declarations.
func (q Q) Declarations(ctx context.Context, councilID string) ([]Declared, error) {
	rows, err := q.query(ctx, `SELECT council_id, expert_id, proposal_id, conflict, reason, attested_at FROM council_declarations
		WHERE council_id = $1 ORDER BY expert_id, proposal_id`, councilID)
	return collect(rows, err, func(r *sql.Rows) (Declared, error) {
		var d Declared
		err := r.Scan(&d.CouncilID, &d.ExpertID, &d.ProposalID, &d.Conflict, &d.Reason, &d.AttestedAt)
		d.Attested = err == nil
		return d, err
	})
}

// SheetRow is an evaluation sheet as stored.
type SheetRow struct {
	ID           string
	CouncilID    string
	ExpertID     string
	ProposalID   string
	State        council.SheetState
	Sheet        council.Sheet
	SubmittedAt  time.Time
	ReopenReason string
	Version      int
	UpdatedAt    time.Time
}

type markJSON struct {
	Pass    *bool    `json:"pass,omitempty"`
	Score   *float64 `json:"score,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

func marksJSON(m map[string]council.Mark) string {
	out := map[string]markJSON{}
	for k, v := range m {
		out[k] = markJSON(v)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

const sheetCols = `id, council_id, expert_id, proposal_id, state, marks, recommendation, change_title, change_objectives, change_results,
	comment, submitted_at, reopen_reason, version, updated_at`

func scanSheet(r scanner) (SheetRow, error) {
	var s SheetRow
	var marks string
	var sub sql.NullTime
	err := r.Scan(&s.ID, &s.CouncilID, &s.ExpertID, &s.ProposalID, &s.State, &marks, &s.Sheet.Recommendation, &s.Sheet.ChangeTitle,
		&s.Sheet.ChangeObjectives, &s.Sheet.ChangeResults, &s.Sheet.Comment, &sub, &s.ReopenReason, &s.Version, &s.UpdatedAt)
	if err != nil {
		return s, err
	}
	if sub.Valid {
		s.SubmittedAt = sub.Time.UTC()
	}
	var m map[string]markJSON
	if err := json.Unmarshal([]byte(marks), &m); err != nil {
		return s, err
	}
	s.Sheet.Marks = map[string]council.Mark{}
	for k, v := range m {
		s.Sheet.Marks[k] = council.Mark(v)
	}
	return s, nil
}

// InsertSheet stores a member's first save of a sheet; a sheet already there
// (a save from another tab) is a conflict.
func (q Q) InsertSheet(ctx context.Context, s SheetRow) error {
	return q.execOne(ctx, ErrConflict, `INSERT INTO council_sheets (id, council_id, expert_id, proposal_id, state, marks, recommendation,
		change_title, change_objectives, change_results, comment, submitted_at, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13) ON CONFLICT DO NOTHING`,
		s.ID, s.CouncilID, s.ExpertID, s.ProposalID, string(s.State), marksJSON(s.Sheet.Marks), string(s.Sheet.Recommendation),
		s.Sheet.ChangeTitle, s.Sheet.ChangeObjectives, s.Sheet.ChangeResults, s.Sheet.Comment, nullTime(s.SubmittedAt), s.UpdatedAt)
}

// UpdateSheet saves a sheet if nobody changed it meanwhile.
func (q Q) UpdateSheet(ctx context.Context, s SheetRow) error {
	return q.execOne(ctx, ErrConflict, `UPDATE council_sheets SET state = $1, marks = $2, recommendation = $3, change_title = $4,
		change_objectives = $5, change_results = $6, comment = $7, submitted_at = $8, reopen_reason = $9, version = version + 1,
		updated_at = $10 WHERE id = $11 AND version = $12`,
		string(s.State), marksJSON(s.Sheet.Marks), string(s.Sheet.Recommendation), s.Sheet.ChangeTitle, s.Sheet.ChangeObjectives,
		s.Sheet.ChangeResults, s.Sheet.Comment, nullTime(s.SubmittedAt), s.ReopenReason, s.UpdatedAt, s.ID, s.Version)
}

// ReopenSheet turns a submitted sheet back into a draft, for the secretary.
func (q Q) ReopenSheet(ctx context.Context, id, by, reason string, version int, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE council_sheets SET state = 'draft', submitted_at = NULL, reopened_by = $1, reopen_reason = $2,
		version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5 AND state = 'submitted'`, by, reason, at, id, version)
}

// Sheets lists a council's sheets.
func (q Q) Sheets(ctx context.Context, councilID string) ([]SheetRow, error) {
	rows, err := q.query(ctx, `SELECT `+sheetCols+` FROM council_sheets WHERE council_id = $1 ORDER BY proposal_id, expert_id`, councilID)
	return collect(rows, err, func(r *sql.Rows) (SheetRow, error) { return scanSheet(r) })
}

// Sheet loads one member's sheet on a proposal.
func (q Q) Sheet(ctx context.Context, councilID, expertID, proposalID string) (SheetRow, error) {
	s, err := scanSheet(q.row(ctx, `SELECT `+sheetCols+` FROM council_sheets WHERE council_id = $1 AND expert_id = $2 AND proposal_id = $3`,
		councilID, expertID, proposalID))
	return s, notFound(err)
}

// BallotRow is a ballot as stored.
type BallotRow struct {
	council.Ballot
	CouncilID  string
	ProposalID string
}

// PutBallots replaces a proposal's ballots.
func (q Q) PutBallots(ctx context.Context, councilID, proposalID string, bs []council.Ballot) error {
	if _, err := q.exec(ctx, `DELETE FROM council_ballots WHERE council_id = $1 AND proposal_id = $2`, councilID, proposalID); err != nil {
		return err
	}
	for _, b := range bs {
		if _, err := q.exec(ctx, `INSERT INTO council_ballots (council_id, proposal_id, expert_id, choice, name, objectives, products, method,
			reasons, dissent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, councilID, proposalID, b.ExpertID, string(b.Choice),
			b.Name, b.Objectives, b.Products, string(b.Method), b.Reasons, b.Dissent); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// Ballots lists a council's ballots.
func (q Q) Ballots(ctx context.Context, councilID string) ([]BallotRow, error) {
	rows, err := q.query(ctx, `SELECT council_id, proposal_id, expert_id, choice, name, objectives, products, method, reasons, dissent
		FROM council_ballots WHERE council_id = $1 ORDER BY proposal_id, expert_id`, councilID)
	return collect(rows, err, func(r *sql.Rows) (BallotRow, error) {
		var b BallotRow
		err := r.Scan(&b.CouncilID, &b.ProposalID, &b.ExpertID, &b.Choice, &b.Name, &b.Objectives, &b.Products, &b.Method, &b.Reasons, &b.Dissent)
		return b, err
	})
}

// AppraisalRow is a budget appraisal as stored.
type AppraisalRow struct {
	ID         string
	CouncilID  string
	ProposalID string
	TeamIDs    []string // experts of the team
	Lines      []council.BudgetLine
	Proposed   int64
	Appraised  int64
	Version    int
	UpdatedAt  time.Time
}

// PutAppraisal stores a task's budget appraisal: a first one is inserted, a
// later one replaces it if nobody changed it meanwhile (version 0 = new).
func (q Q) PutAppraisal(ctx context.Context, a AppraisalRow) error {
	team, _ := json.Marshal(a.TeamIDs)
	lines, _ := json.Marshal(a.Lines)
	if a.Version == 0 {
		return q.execOne(ctx, ErrConflict, `INSERT INTO budget_appraisals (id, council_id, proposal_id, team, lines, proposed, appraised, version, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) ON CONFLICT DO NOTHING`, a.ID, a.CouncilID, a.ProposalID, string(team), string(lines),
			a.Proposed, a.Appraised, a.UpdatedAt)
	}
	return q.execOne(ctx, ErrConflict, `UPDATE budget_appraisals SET team = $1, lines = $2, proposed = $3, appraised = $4, version = version + 1,
		updated_at = $5 WHERE proposal_id = $6 AND version = $7`, string(team), string(lines), a.Proposed, a.Appraised, a.UpdatedAt, a.ProposalID, a.Version)
}

// Appraisal loads a task's budget appraisal.
func (q Q) Appraisal(ctx context.Context, proposalID string) (AppraisalRow, error) {
	var a AppraisalRow
	var team, lines string
	err := q.row(ctx, `SELECT id, council_id, proposal_id, team, lines, proposed, appraised, version, updated_at FROM budget_appraisals
		WHERE proposal_id = $1`, proposalID).Scan(&a.ID, &a.CouncilID, &a.ProposalID, &team, &lines, &a.Proposed, &a.Appraised, &a.Version, &a.UpdatedAt)
	if err != nil {
		return a, notFound(err)
	}
	if err := json.Unmarshal([]byte(team), &a.TeamIDs); err != nil {
		return a, err
	}
	return a, json.Unmarshal([]byte(lines), &a.Lines)
}

// AppraisedBudgets maps the appraised proposals of a call to their
// appraised totals.
func (q Q) AppraisedBudgets(ctx context.Context, callID string) (map[string]int64, error) {
	rows, err := q.query(ctx, `SELECT a.proposal_id, a.appraised FROM budget_appraisals a JOIN proposals p ON p.id = a.proposal_id
		WHERE p.call_id = $1`, callID)
	type pair struct {
		id string
		n  int64
	}
	list, err := collect(rows, err, func(r *sql.Rows) (pair, error) {
		var x pair
		err := r.Scan(&x.id, &x.n)
		return x, err
	})
	out := map[string]int64{}
	for _, x := range list {
		out[x.id] = x.n
	}
	return out, err
}

// Unit is the proposing unit, for display.
func (a Assigned) Unit() orgunit.Unit {
	return orgunit.Unit{ID: a.UnitID, Name: a.UnitName, Type: orgunit.Type(a.UnitType), Path: a.UnitPath}
}
