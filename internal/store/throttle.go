package store

import (
	"context"
	"database/sql"
	"time"
)

// Throttle state lives in the database so every app server sees the same
// counts. A key is "login:<name>" or "ip:<address>".

// ThrottleLockedUntil returns when a key's lock ends, or the zero time.
func (q Q) ThrottleLockedUntil(ctx context.Context, key string, now time.Time) (time.Time, error) {
	var until sql.NullTime
	err := q.row(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`, key).Scan(&until)
	if err == sql.ErrNoRows || !until.Valid || !until.Time.After(now) {
		return time.Time{}, nil
	}
	return until.Time, err
}

// ThrottleFail counts a failure for key inside window and locks the key for
// lock once max failures are reached. It returns the lock end, if any.
func (q Q) ThrottleFail(ctx context.Context, key string, now time.Time, window time.Duration, max int, lock time.Duration) (time.Time, error) {
	var failures int
	var start time.Time
	err := q.row(ctx, `SELECT failures, window_start FROM login_throttle WHERE key = $1`, key).Scan(&failures, &start)
	switch {
	case err == sql.ErrNoRows || (err == nil && now.Sub(start) > window):
		failures, start = 0, now
	case err != nil:
		return time.Time{}, err
	}
	failures++
	var until any
	var untilT time.Time
	if failures >= max {
		untilT = now.Add(lock)
		until = untilT
	}
	_, err = q.exec(ctx, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
		key, failures, start, until)
	return untilT, err
}

// ThrottleReset clears a key after a successful login.
func (q Q) ThrottleReset(ctx context.Context, key string) error {
	_, err := q.exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, key)
	return err
}
