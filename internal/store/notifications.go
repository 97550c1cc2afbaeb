package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// Notification is one in-app message to one user.
type Notification struct {
	ID         string
	UserID     string
	Kind       string
	Key        string
	Args       []string
	Link       string
	CreatedAt  time.Time
	ReadAt     time.Time
	EmailState string
}

// InsertNotification stores a notification.
func (q Q) InsertNotification(ctx context.Context, n Notification) error {
	args, err := json.Marshal(n.Args)
	if err != nil {
		return err
	}
	if n.EmailState == "" {
		n.EmailState = "pending"
	}
	_, err = q.exec(ctx, `INSERT INTO notifications (id, user_id, kind, msg_key, msg_args, link, created_at, email_state)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, n.ID, n.UserID, n.Kind, n.Key, string(args), n.Link, n.CreatedAt, n.EmailState)
	return err
}

const notificationCols = `id, user_id, kind, msg_key, msg_args, link, created_at, read_at, email_state`

func scanNotification(r interface{ Scan(...any) error }) (Notification, error) {
	var n Notification
	var args string
	var read sql.NullTime
	err := r.Scan(&n.ID, &n.UserID, &n.Kind, &n.Key, &args, &n.Link, &n.CreatedAt, &read, &n.EmailState)
	if err == nil {
		err = json.Unmarshal([]byte(args), &n.Args)
	}
	n.ReadAt = read.Time
	return n, err
}

// Notifications lists a user's notifications, newest first.
func (q Q) Notifications(ctx context.Context, userID string, limit int) ([]Notification, error) {
	rows, err := q.query(ctx, `SELECT `+notificationCols+` FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, userID, limit)
	return collect(rows, err, func(r *sql.Rows) (Notification, error) { return scanNotification(r) })
}

// UnreadCount counts a user's unread notifications.
func (q Q) UnreadCount(ctx context.Context, userID string) (int, error) {
	var n int
	err := q.row(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkRead marks one notification (or all when id is "") of a user as read.
func (q Q) MarkRead(ctx context.Context, userID, id string, at time.Time) error {
	_, err := q.exec(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 = '' OR id = $3)`, at, userID, id)
	return err
}

// OnceTaken reports whether key was recorded by Once.
func (q Q) OnceTaken(ctx context.Context, key string) (bool, error) {
	var n int
	err := q.row(ctx, `SELECT COUNT(*) FROM once_keys WHERE key = $1`, key).Scan(&n)
	return n > 0, err
}

// Once records key and reports whether this call was the first to do so.
// Jobs on several servers use it to act exactly once per event.
func (q Q) Once(ctx context.Context, key string, at time.Time) (bool, error) {
	res, err := q.exec(ctx, `INSERT INTO once_keys (key, created_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, at)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
