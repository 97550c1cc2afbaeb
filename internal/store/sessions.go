package store

import (
	"context"
	"time"
)

// Session is a stored login session.
type Session struct {
	TokenHash  string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession stores a new session.
func (q Q) CreateSession(ctx context.Context, s Session, ip, userAgent string) error {
	q = q.quiet() // no page shows sessions
	_, err := q.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $3, $4, $5, $6)`, s.TokenHash, s.UserID, s.CreatedAt, s.ExpiresAt, ip, userAgent)
	return err
}

// SessionByHash returns a session that has not expired at now.
func (q Q) SessionByHash(ctx context.Context, hash string, now time.Time) (Session, error) {
	var s Session
	err := q.row(ctx, `SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2`,
		hash, now).Scan(&s.TokenHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
	return s, notFound(err)
}

// TouchSession records activity and slides the idle expiry.
func (q Q) TouchSession(ctx context.Context, hash string, now, expires time.Time) error {
	q = q.quiet() // no page shows sessions
	_, err := q.exec(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`, now, expires, hash)
	return err
}

// DeleteSession ends one session (logout).
func (q Q) DeleteSession(ctx context.Context, hash string) error {
	q = q.quiet() // no page shows sessions
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
	return err
}

// DeleteUserSessions ends every session of a user.
func (q Q) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// DeleteOtherSessions ends every session of a user but the one of keepHash
// (a password change keeps the session it was made from).
func (q Q) DeleteOtherSessions(ctx context.Context, userID, keepHash string) error {
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepHash)
	return err
}

// DeleteExpiredSessions removes sessions that ended before now.
func (q Q) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := q.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
