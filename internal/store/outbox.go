package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"time"
)

// Outbox states. A message is pending until sent; it becomes failed only
// when the SMTP server refused it for good or it stayed unsent too long.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// Email states of a notification: pending until the outbox takes it (at once
// or in the daily digest), none when the user has no address.
const (
	EmailPending = "pending"
	EmailQueued  = "queued"
	EmailNone    = "none"
)

// OutboxItem is one notice inside an email.
type OutboxItem struct {
	Kind string    `json:"kind"`
	Key  string    `json:"key"`
	Args []string  `json:"args"`
	Link string    `json:"link"`
	At   time.Time `json:"at"`
}

// OutboxMsg is one email to one user.
type OutboxMsg struct {
	ID, UserID, To, Lang string
	Kind                 string // "notice" or "digest"
	Items                []OutboxItem
	State                string
	Attempts             int
	NextAt               time.Time
	ClaimedBy            string
	ClaimedUntil         time.Time
	LastError            string
	CreatedAt, SentAt    time.Time
}

const outboxCols = `id, COALESCE(user_id, ''), to_addr, lang, kind, items, state, attempts, next_at, COALESCE(claimed_by, ''), claimed_until,
	last_error, created_at, sent_at`

func scanOutbox(r scanner) (OutboxMsg, error) {
	var m OutboxMsg
	var items string
	var claimed, sent sql.NullTime
	err := r.Scan(&m.ID, &m.UserID, &m.To, &m.Lang, &m.Kind, &items, &m.State, &m.Attempts, &m.NextAt, &m.ClaimedBy, &claimed,
		&m.LastError, &m.CreatedAt, &sent)
	if err == nil {
		err = json.Unmarshal([]byte(items), &m.Items)
	}
	m.ClaimedUntil, m.SentAt = claimed.Time, sent.Time
	return m, err
}

// InsertOutbox queues an email.
func (q Q) InsertOutbox(ctx context.Context, m OutboxMsg) error {
	items, err := json.Marshal(m.Items)
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, `INSERT INTO outbox (id, user_id, to_addr, lang, kind, items, state, attempts, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)`, m.ID, nullable(m.UserID), m.To, m.Lang, m.Kind, string(items), m.CreatedAt)
	return err
}

// ClaimOutbox takes up to limit pending messages that are due and not held by
// another server, holding them for this server (by) until until. The UPDATE
// repeats the conditions on each row it changes, so when two servers race
// for the same row on PostgreSQL the second finds it taken and skips it; on
// SQLite writers are serialised anyway.
func (q Q) ClaimOutbox(ctx context.Context, by string, now, until time.Time, limit int) ([]OutboxMsg, error) {
	q = q.quiet() // a claim changes nothing a page shows
	const free = `state = 'pending' AND next_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3)`
	rows, err := q.query(ctx, `UPDATE outbox SET claimed_by = $1, claimed_until = $2
		WHERE id IN (SELECT id FROM outbox WHERE `+free+` ORDER BY next_at, id LIMIT $4) AND `+free+`
		RETURNING `+outboxCols, by, until, now, limit)
	msgs, err := collect(rows, err, func(r *sql.Rows) (OutboxMsg, error) { return scanOutbox(r) })
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].ID < msgs[j].ID })
	return msgs, err
}

// KeepClaim extends this server's hold on a message just before sending it;
// false means the hold was lost (it ran out and another server took it).
func (q Q) KeepClaim(ctx context.Context, id, by string, now, until time.Time) (bool, error) {
	res, err := q.exec(ctx, `UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND claimed_by = $3 AND state = 'pending' AND claimed_until >= $4`,
		until, id, by, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RenewClaims extends every live claim of this server (by) to until and
// returns how many it holds; a claim that already ran out is not revived
// (another server may have taken the message).
func (q Q) RenewClaims(ctx context.Context, by string, now, until time.Time) (int, error) {
	res, err := q.exec(ctx, `UPDATE outbox SET claimed_until = $1 WHERE claimed_by = $2 AND state = 'pending' AND claimed_until >= $3`,
		until, by, now)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// MarkOutboxSent records a successful send.
func (q Q) MarkOutboxSent(ctx context.Context, id, by string, at time.Time) error {
	return q.execOne(ctx, ErrConflict, `UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '', claimed_until = NULL
		WHERE id = $2 AND claimed_by = $3 AND state = 'pending'`, at, id, by)
}

// MarkOutboxRetry records a failed attempt: the message waits until next, or
// is given up (state failed) when final.
func (q Q) MarkOutboxRetry(ctx context.Context, id, by string, next time.Time, errText string, final bool) error {
	state := OutboxPending
	if final {
		state = OutboxFailed
	}
	return q.execOne(ctx, ErrConflict, `UPDATE outbox SET state = $1, attempts = attempts + 1, next_at = $2, last_error = $3, claimed_until = NULL
		WHERE id = $4 AND claimed_by = $5 AND state = 'pending'`, state, next, errText, id, by)
}

// RequeueOutbox puts a failed message back in the queue (an admin retry).
func (q Q) RequeueOutbox(ctx context.Context, id string, now time.Time) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE outbox SET state = 'pending', next_at = $1, claimed_until = NULL WHERE id = $2 AND state = 'failed'`, now, id)
}

// OutboxCounts counts messages by state.
func (q Q) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := q.query(ctx, `SELECT state, COUNT(*) FROM outbox GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// OutboxList lists messages in a state (all when ""), newest first.
func (q Q) OutboxList(ctx context.Context, state string, limit int) ([]OutboxMsg, error) {
	rows, err := q.query(ctx, `SELECT `+outboxCols+` FROM outbox WHERE ($1 = '' OR state = $1) ORDER BY created_at DESC, id DESC LIMIT $2`, state, limit)
	return collect(rows, err, func(r *sql.Rows) (OutboxMsg, error) { return scanOutbox(r) })
}

// EmailUser is a user with notifications waiting for email.
type EmailUser struct {
	ID, Email, Lang, Digest string
	Disabled                bool
}

// PendingEmailUsers lists users who have notifications not yet emailed:
// those who take a daily digest (daily), or everyone else.
func (q Q) PendingEmailUsers(ctx context.Context, daily bool, limit int) ([]EmailUser, error) {
	rows, err := q.query(ctx, `SELECT DISTINCT u.id, u.email, u.lang, u.digest, u.disabled FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.email_state = 'pending' AND (u.digest = 'daily' AND u.email <> '' AND u.disabled = FALSE) = $1 LIMIT $2`, daily, limit)
	return collect(rows, err, func(r *sql.Rows) (EmailUser, error) {
		var u EmailUser
		return u, r.Scan(&u.ID, &u.Email, &u.Lang, &u.Digest, &u.Disabled)
	})
}

// TakeNotifications moves a user's pending notifications to state and returns
// them, oldest first. Two servers doing this at once each get different rows.
func (q Q) TakeNotifications(ctx context.Context, userID, state string) ([]Notification, error) {
	rows, err := q.quiet().query(ctx, `UPDATE notifications SET email_state = $1 WHERE user_id = $2 AND email_state = 'pending' RETURNING `+notificationCols,
		state, userID)
	ns, err := collect(rows, err, func(r *sql.Rows) (Notification, error) { return scanNotification(r) })
	q.noteWrites(len(ns))
	sort.Slice(ns, func(i, j int) bool { return ns[i].ID < ns[j].ID })
	return ns, err
}

// ReminderSetting says when reminders of one source go out.
type ReminderSetting struct {
	Source       string
	BeforeDays   int
	EscalateDays int
	Enabled      bool
	Version      int // 0 = never saved (defaults)
}

// ReminderSettings returns the saved settings by source.
func (q Q) ReminderSettings(ctx context.Context) (map[string]ReminderSetting, error) {
	rows, err := q.query(ctx, `SELECT source, before_days, escalate_days, enabled, version FROM reminder_settings`)
	list, err := collect(rows, err, func(r *sql.Rows) (ReminderSetting, error) {
		var s ReminderSetting
		return s, r.Scan(&s.Source, &s.BeforeDays, &s.EscalateDays, &s.Enabled, &s.Version)
	})
	out := map[string]ReminderSetting{}
	for _, s := range list {
		out[s.Source] = s
	}
	return out, err
}

// SaveReminderSetting stores a source's settings if nobody saved them since
// version was read (0 = the defaults were shown).
func (q Q) SaveReminderSetting(ctx context.Context, s ReminderSetting, at time.Time) error {
	if s.Version == 0 {
		return q.execOne(ctx, ErrConflict, `INSERT INTO reminder_settings (source, before_days, escalate_days, enabled, version, updated_at)
			VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (source) DO NOTHING`, s.Source, s.BeforeDays, s.EscalateDays, s.Enabled, at)
	}
	return q.execOne(ctx, ErrConflict, `UPDATE reminder_settings SET before_days = $1, escalate_days = $2, enabled = $3, version = version + 1,
		updated_at = $4 WHERE source = $5 AND version = $6`, s.BeforeDays, s.EscalateDays, s.Enabled, at, s.Source, s.Version)
}

// SkipPendingEmails marks every notice not yet emailed as never to be
// emailed: while email is off, and for the demo story's history.
func (q Q) SkipPendingEmails(ctx context.Context) error {
	_, err := q.exec(ctx, `UPDATE notifications SET email_state = 'none' WHERE email_state = 'pending'`)
	return err
}
