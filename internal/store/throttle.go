package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"khcn/internal/account"
)

// Throttle state lives in the database so every app server sees the same
// counts. Keys are made by the app ("login:<name>", "ip:<address>", …).

// ThrottleLockedUntil returns when a key's lock ends, or the zero time.
func (q Q) ThrottleLockedUntil(ctx context.Context, key string, now time.Time) (time.Time, error) {
	var until sql.NullTime
	err := q.row(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`, key).Scan(&until)
	if err == sql.ErrNoRows || !until.Valid || !until.Time.After(now) {
		return time.Time{}, nil
	}
	return until.Time, err
}

// ThrottleReserve counts an attempt for key before the password is checked.
// A locked key counts nothing and refuses, returning when its lock ends.
// Otherwise until is the lock this attempt earned (zero for a free one). The
// increment and the lock test are one statement, and the earned lock is set
// in the same transaction while the row is held, so parallel attempts cannot
// pass together.
func (q Q) ThrottleReserve(ctx context.Context, key string, now time.Time, b account.Backoff) (until time.Time, refused bool, err error) {
	q = q.quiet() // no page shows the throttle
	var n int
	err = q.row(ctx, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, NULL)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.failures + 1 END,
			window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END,
			locked_until = NULL
		WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $2
		RETURNING failures`, key, now, now.Add(-b.Window)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		until, err = q.ThrottleLockedUntil(ctx, key, now)
		if err == nil && until.IsZero() {
			until = now // the lock ended between the two statements: still refuse this one
		}
		return until, true, err
	}
	if err != nil {
		return time.Time{}, false, err
	}
	if d := b.LockAfter(n); d > 0 {
		until = now.Add(d)
		_, err = q.exec(ctx, `UPDATE login_throttle SET locked_until = $1 WHERE key = $2`, until, key)
	}
	return until, false, err
}

// ThrottleRefund gives back an attempt that was reserved but never judged
// (the server was too busy to check it) or that does not count (a success
// from an address). A lock already set stays.
func (q Q) ThrottleRefund(ctx context.Context, key string) error {
	q = q.quiet() // no page shows the throttle
	_, err := q.exec(ctx, `UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0`, key)
	return err
}

// ThrottleReset clears a key after a successful login.
func (q Q) ThrottleReset(ctx context.Context, key string) error {
	q = q.quiet() // no page shows the throttle
	_, err := q.exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, key)
	return err
}

// DeleteOldThrottle removes keys whose window began before before and that
// are not locked at now.
func (q Q) DeleteOldThrottle(ctx context.Context, before, now time.Time) (int64, error) {
	res, err := q.exec(ctx, `DELETE FROM login_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until <= $2)`, before, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RememberClient records that a user logged in from client (a hashed device
// token or an address) at now.
func (q Q) RememberClient(ctx context.Context, userID, client string, now time.Time) error {
	q = q.quiet() // no page shows the throttle
	_, err := q.exec(ctx, `INSERT INTO known_clients (user_id, client, seen_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, client) DO UPDATE SET seen_at = excluded.seen_at`, userID, client, now)
	return err
}

// KnownClient reports whether the user logged in from client after since.
func (q Q) KnownClient(ctx context.Context, userID, client string, since time.Time) (bool, error) {
	var one int
	err := q.row(ctx, `SELECT 1 FROM known_clients WHERE user_id = $1 AND client = $2 AND seen_at > $3`, userID, client, since).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// ForgetClients forgets every browser and address of a user (after an
// administrator resets the password).
func (q Q) ForgetClients(ctx context.Context, userID string) error {
	_, err := q.exec(ctx, `DELETE FROM known_clients WHERE user_id = $1`, userID)
	return err
}

// DeleteOldClients forgets clients not seen since before.
func (q Q) DeleteOldClients(ctx context.Context, before time.Time) (int64, error) {
	res, err := q.exec(ctx, `DELETE FROM known_clients WHERE seen_at < $1`, before)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
