package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/store"
)

// Notice is a message to some users. Key is a message-catalogue key and Args
// fill its placeholders, so each user reads it in their own language, in the
// app and by email (the outbox sends it; see the follow-ups area).
type Notice struct {
	UserIDs []string
	Kind    string // e.g. "call.opened", "proposal.returned"
	Key     string
	Args    []string
	Link    string // a local path
}

// Notify records a notice for each user inside the caller's transaction, so
// a notice exists exactly when the change that caused it does. It is dated
// by the App's clock, like the change.
func (a *App) Notify(ctx context.Context, q store.Q, n Notice) error {
	now := a.Now().UTC()
	seen := map[string]bool{}
	for _, uid := range n.UserIDs {
		if uid == "" || seen[uid] {
			continue
		}
		seen[uid] = true
		if err := q.InsertNotification(ctx, store.Notification{ID: store.NewID(), UserID: uid, Kind: n.Kind, Key: n.Key,
			Args: n.Args, Link: n.Link, CreatedAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// UnitUsers returns the IDs of enabled users with one of roles in a unit.
func UnitUsers(ctx context.Context, q store.Q, unitID string, roles ...account.Role) ([]string, error) {
	var ids []string
	for _, r := range roles {
		users, err := q.UsersWithRole(ctx, r, unitID)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

// Notifications lists the actor's notifications.
func (a *App) Notifications(ctx context.Context, actor Actor) ([]store.Notification, error) {
	if err := Must(actor, account.ProfileManage, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().Notifications(ctx, actor.User.ID, 200)
}

// UnreadCount is the number shown on the bell.
func (a *App) UnreadCount(ctx context.Context, actor Actor) int {
	if actor.User == nil {
		return 0
	}
	n, err := a.Store.Read().UnreadCount(ctx, actor.User.ID)
	if err != nil {
		a.Log.Warn("unread count", "err", err)
	}
	return n
}

// MarkRead marks one notification, or all when id is "", as read.
func (a *App) MarkRead(ctx context.Context, actor Actor, id string) error {
	if err := Must(actor, account.ProfileManage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error { return q.MarkRead(ctx, actor.User.ID, id, a.Now()) })
}
