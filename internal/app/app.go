// Package app holds the use cases. Each one is the single path the web pages
// (and the JSON API to come) call: it checks permission with account.Can,
// runs in one transaction, and writes one audit record per change.
package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
)

// App is the product's core, shared by every handler.
type App struct {
	Store *store.Store
	Log   *slog.Logger
	// Now is the clock; tests set it to move time.
	Now func() time.Time
	// Mail configures email (see notify_config.go); the zero value keeps
	// notices in the app and lets emails wait in the outbox.
	Mail MailSettings
	// wired is what the areas add (jobs, home-page sources, documents…),
	// assembled from the list in modules.go.
	wired wiring
}

// New builds an App over a store.
func New(s *store.Store, log *slog.Logger) *App {
	if log == nil {
		log = slog.Default()
	}
	return &App{Store: s, Log: log, Now: time.Now, wired: wire(modules())}
}

// Actor is who is acting and from where, for permission checks and the audit log.
type Actor struct {
	User      *account.User // nil for the public
	IP        string
	RequestID string
	// Device is the browser's long-lived device token and Session the
	// request's session token: password checks throttle by the first, a
	// password change keeps the second.
	Device, Session string
}

// Login returns the actor's login for the audit log.
func (a Actor) Login() string {
	if a.system() {
		return "system"
	}
	if a.User == nil {
		return "public"
	}
	return a.User.Login
}

var (
	// ErrForbidden means the actor may not do this; pages show 403 (or 404
	// where even existence must not leak).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound means the object does not exist or is not visible.
	ErrNotFound = store.ErrNotFound
	// ErrConflict means someone else saved first.
	ErrConflict = store.ErrConflict
)

// Must checks a permission and returns ErrForbidden when refused.
func Must(actor Actor, a account.Action, obj account.Object) error {
	if !account.Can(actor.User, a, obj) {
		return ErrForbidden
	}
	return nil
}

// Audit records a change inside the caller's transaction.
func Audit(ctx context.Context, q store.Q, actor Actor, action, objType, objID, unitID string, before, after any) error {
	e := store.AuditEntry{ActorLogin: actor.Login(), Action: action, ObjectType: objType, ObjectID: objID,
		UnitID: unitID, IP: actor.IP, RequestID: actor.RequestID}
	if actor.User != nil {
		e.ActorID = actor.User.ID
	}
	return q.AppendAudit(ctx, e, before, after)
}

// System is the actor for command-line administration on the server itself.
func System() Actor { return Actor{IP: "cli", RequestID: "system"} }

func (a Actor) system() bool { return a.User == nil && a.RequestID == "system" }
