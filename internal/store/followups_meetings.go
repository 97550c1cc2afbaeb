package store

import (
	"context"
	"database/sql"
	"time"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
)

const meetingCols = `m.id, m.title, m.date, m.place, m.chair, m.organiser_id, m.purpose, m.concerns_type, m.concerns_id, m.concerns_label,
	m.agenda, m.minutes, m.people, m.status, m.notice_number, m.notice_date, m.notice_authority, m.notice_title, m.notice_signer,
	m.version, COALESCE(m.created_by, ''), m.created_at, m.closed_at`

func scanMeeting(r interface{ Scan(...any) error }) (followup.Meeting, error) {
	var m followup.Meeting
	var closed sql.NullTime
	err := r.Scan(&m.ID, &m.Title, &m.Date, &m.Place, &m.Chair, &m.OrganiserID, &m.Purpose, &m.Concerns.Type, &m.Concerns.ID, &m.Concerns.Label,
		&m.Agenda, &m.Minutes, &m.People, &m.Status, &m.Notice.Number, &m.Notice.Date, &m.Notice.Authority, &m.Notice.Title, &m.Notice.Signer,
		&m.Version, &m.CreatedBy, &m.CreatedAt, &closed)
	m.ClosedAt = closed.Time
	return m, err
}

// InsertMeeting stores a new meeting record with its units.
func (q Q) InsertMeeting(ctx context.Context, m followup.Meeting) error {
	_, err := q.exec(ctx, `INSERT INTO meetings (id, title, title_fold, date, place, chair, organiser_id, purpose, concerns_type, concerns_id, concerns_label,
		agenda, minutes, people, status, notice_number, notice_date, notice_authority, notice_title, notice_signer, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $21, $22, $22)`,
		m.ID, m.Title, locale.Fold(m.Title), m.Date, m.Place, m.Chair, m.OrganiserID, m.Purpose, m.Concerns.Type, m.Concerns.ID, m.Concerns.Label,
		m.Agenda, m.Minutes, m.People, string(m.Status), m.Notice.Number, m.Notice.Date, m.Notice.Authority, m.Notice.Title, m.Notice.Signer,
		nullable(m.CreatedBy), m.CreatedAt)
	if err != nil {
		return err
	}
	return q.SetMeetingUnits(ctx, m.ID, m.UnitIDs)
}

// UpdateMeeting saves the record if nobody changed it meanwhile.
func (q Q) UpdateMeeting(ctx context.Context, m followup.Meeting, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE meetings SET title = $1, title_fold = $2, date = $3, place = $4, chair = $5, organiser_id = $6,
		purpose = $7, concerns_type = $8, concerns_id = $9, concerns_label = $10, agenda = $11, minutes = $12, people = $13,
		notice_number = $14, notice_date = $15, notice_authority = $16, notice_title = $17, notice_signer = $18,
		version = version + 1, updated_at = $19 WHERE id = $20 AND version = $21 AND status = 'open'`,
		m.Title, locale.Fold(m.Title), m.Date, m.Place, m.Chair, m.OrganiserID, m.Purpose, m.Concerns.Type, m.Concerns.ID, m.Concerns.Label,
		m.Agenda, m.Minutes, m.People, m.Notice.Number, m.Notice.Date, m.Notice.Authority, m.Notice.Title, m.Notice.Signer, at, m.ID, m.Version)
}

// CloseMeeting locks a meeting if nobody changed it meanwhile.
func (q Q) CloseMeeting(ctx context.Context, id string, version int, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE meetings SET status = 'closed', closed_at = $1, updated_at = $1, version = version + 1
		WHERE id = $2 AND version = $3 AND status = 'open'`, at, id, version)
}

// TouchMeeting moves a meeting's version on, so that edits of its parts
// (units, conclusions) conflict like edits of the record.
func (q Q) TouchMeeting(ctx context.Context, id string, version int, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE meetings SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3 AND status = 'open'`,
		at, id, version)
}

// SetMeetingUnits replaces the units present.
func (q Q) SetMeetingUnits(ctx context.Context, meetingID string, unitIDs []string) error {
	if _, err := q.exec(ctx, `DELETE FROM meeting_units WHERE meeting_id = $1`, meetingID); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, u := range unitIDs {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		if _, err := q.exec(ctx, `INSERT INTO meeting_units (meeting_id, unit_id) VALUES ($1, $2)`, meetingID, u); err != nil {
			return err
		}
	}
	return nil
}

// Meeting loads one meeting with the IDs of the units present.
func (q Q) Meeting(ctx context.Context, id string) (followup.Meeting, error) {
	m, err := scanMeeting(q.row(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.id = $1`, id))
	if err != nil {
		return m, notFound(err)
	}
	units, err := q.MeetingUnits(ctx, id)
	for _, u := range units {
		m.UnitIDs = append(m.UnitIDs, u.ID)
	}
	return m, err
}

// MeetingUnits lists the units present, sorted by name.
func (q Q) MeetingUnits(ctx context.Context, meetingID string) ([]UnitRef, error) {
	rows, err := q.query(ctx, `SELECT `+unitRefSelect("o")+` FROM meeting_units mu JOIN org_units o ON o.id = mu.unit_id WHERE mu.meeting_id = $1`, meetingID)
	units, err := collect(rows, err, func(r *sql.Rows) (UnitRef, error) {
		var u UnitRef
		return u, r.Scan(unitRefDest(&u)...)
	})
	locale.SortFunc(units, func(u UnitRef) string { return u.Name })
	return units, err
}

// MeetingRow is a meeting in a list.
type MeetingRow struct {
	followup.Meeting
	Conclusions int
	Actions     int
	OpenActions int
}

// MeetingFilter narrows the meeting list.
type MeetingFilter struct {
	Scope Scope // units present
	Text  string
	Year  int
}

// Meetings lists meetings newest first.
func (q Q) Meetings(ctx context.Context, f MeetingFilter) ([]MeetingRow, error) {
	var c conds
	if f.Scope != nil {
		var sc conds
		sc.scope(f.Scope, "o.path")
		c.args = sc.args
		c.raw(`EXISTS (SELECT 1 FROM meeting_units mu JOIN org_units o ON o.id = mu.unit_id WHERE mu.meeting_id = m.id AND ` + sc.sql() + `)`)
	}
	c.text("m.title_fold", f.Text)
	if f.Year > 0 {
		c.add("m.date >= $", civil.New(f.Year, 1, 1))
		c.add("m.date < $", civil.New(f.Year+1, 1, 1))
	}
	rows, err := q.query(ctx, `SELECT `+meetingCols+`,
		(SELECT COUNT(*) FROM meeting_conclusions c WHERE c.meeting_id = m.id),
		(SELECT COUNT(*) FROM action_items a WHERE a.source_type = 'meeting' AND a.source_id = m.id),
		(SELECT COUNT(*) FROM action_items a WHERE a.source_type = 'meeting' AND a.source_id = m.id AND a.status IN ('not_started', 'in_progress'))
		FROM meetings m WHERE `+c.sql()+` ORDER BY m.date DESC, m.id DESC LIMIT 500`, c.args...)
	return collect(rows, err, func(r *sql.Rows) (MeetingRow, error) {
		var row MeetingRow
		m, err := scanMeeting(withExtra(r, &row.Conclusions, &row.Actions, &row.OpenActions))
		row.Meeting = m
		return row, err
	})
}

// Conclusions lists a meeting's conclusions in order.
func (q Q) Conclusions(ctx context.Context, meetingID string) ([]followup.Conclusion, error) {
	rows, err := q.query(ctx, `SELECT id, meeting_id, seq, text FROM meeting_conclusions WHERE meeting_id = $1 ORDER BY seq, id`, meetingID)
	return collect(rows, err, func(r *sql.Rows) (followup.Conclusion, error) {
		var c followup.Conclusion
		return c, r.Scan(&c.ID, &c.MeetingID, &c.Seq, &c.Text)
	})
}

// InsertConclusion adds a conclusion at the end.
func (q Q) InsertConclusion(ctx context.Context, c followup.Conclusion, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO meeting_conclusions (id, meeting_id, seq, text, created_at)
		VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM meeting_conclusions WHERE meeting_id = $2), $3, $4)`,
		c.ID, c.MeetingID, c.Text, at)
	return err
}

// UpdateConclusion changes a conclusion's text.
func (q Q) UpdateConclusion(ctx context.Context, meetingID, id, text string) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE meeting_conclusions SET text = $1 WHERE id = $2 AND meeting_id = $3`, text, id, meetingID)
}

// DeleteConclusion removes a conclusion.
func (q Q) DeleteConclusion(ctx context.Context, meetingID, id string) error {
	return q.execOne(ctx, ErrNotFound, `DELETE FROM meeting_conclusions WHERE id = $1 AND meeting_id = $2`, id, meetingID)
}
