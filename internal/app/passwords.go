package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
)

// Every password guess (a login, the current password on the profile page,
// API tokens to come) goes through checkPassword: it picks the throttle keys
// of where the guess comes from, reserves the attempt on them before any
// hashing, then checks the password in a bounded hashing slot. The policy's
// numbers are account.LoginBackoff and account.AddressBackoff.

// knownFor is how long a browser or address stays known to an account after
// its last successful login.
const knownFor = 90 * 24 * time.Hour

// ErrBadCredentials is returned for an unknown login, a wrong password or a
// disabled account, without saying which.
var ErrBadCredentials = errors.New("bad credentials")

// ErrBusy says the server had no hashing slot free for a while: try again in
// a moment. The attempt is not counted.
var ErrBusy = account.ErrBusy

// LockedError says password checks are throttled until a time.
type LockedError struct{ Until time.Time }

func (e LockedError) Error() string { return "locked until " + e.Until.String() }

// passwordAttempt is one guess at a login's password, reserved on its keys.
type passwordAttempt struct {
	user    account.User
	keys    []throttleKey
	clear   string    // the key a success clears
	refund  string    // the key a success gives its attempt back to
	clients []string  // what a success makes known to the account
	earned  time.Time // the lock this attempt itself set, shown on failure
}

type throttleKey struct {
	key string
	b   account.Backoff
}

// checkPassword reserves and checks one guess. On success the caller must
// call passed inside the transaction that acts on it.
func (a *App) checkPassword(ctx context.Context, actor Actor, login, password string) (*passwordAttempt, error) {
	now := a.Now()
	login = normLogin(login)
	u, hash, err := a.Store.Read().UserByLogin(ctx, login)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	at, err := a.attemptFor(ctx, actor, login, u, found, now)
	if err != nil {
		return nil, err
	}
	if err := a.Store.Tx(ctx, func(q store.Q) error { return at.reserve(ctx, q, now) }); err != nil {
		return nil, err
	}
	ok := false
	if found {
		ok, err = account.CheckPassword(ctx, hash, password)
	} else {
		err = account.DummyCheck(ctx, password)
	}
	if err != nil {
		a.refund(ctx, at)
		return nil, err
	}
	if !ok || !found || u.Disabled {
		if !at.earned.IsZero() {
			return nil, LockedError{Until: at.earned}
		}
		return nil, ErrBadCredentials
	}
	return at, nil
}

// attemptFor picks the keys of a guess. A browser, else an address, that
// has logged in to this account before has a key of its own; anyone else
// shares the login's key and their address's.
func (a *App) attemptFor(ctx context.Context, actor Actor, login string, u account.User, found bool, now time.Time) (*passwordAttempt, error) {
	at := &passwordAttempt{user: u}
	device, addr := deviceClient(actor.Device), "ip:"+actor.IP
	// Unknown logins look their clients up too (under no user), so they
	// take as long as known ones.
	for _, c := range []string{device, addr} {
		if c == "" {
			continue
		}
		at.clients = append(at.clients, c)
		known, err := a.Store.Read().KnownClient(ctx, u.ID, c, now.Add(-knownFor))
		if err != nil {
			return nil, err
		}
		if known && found && at.clear == "" {
			at.clear = keyOf("known", login, c)
			at.keys = []throttleKey{{at.clear, account.LoginBackoff}}
		}
	}
	if at.clear != "" {
		return at, nil
	}
	at.clear, at.refund = keyOf("login", login), keyOf("ip", actor.IP)
	at.keys = []throttleKey{{at.clear, account.LoginBackoff}, {at.refund, account.AddressBackoff}}
	return at, nil
}

// reserve counts the attempt on every key, or on none when one is locked.
func (at *passwordAttempt) reserve(ctx context.Context, q store.Q, now time.Time) error {
	at.earned = time.Time{}
	for _, k := range at.keys {
		until, refused, err := q.ThrottleReserve(ctx, k.key, now, k.b)
		if err != nil {
			return err
		}
		if refused {
			return LockedError{Until: until}
		}
		if until.After(at.earned) {
			at.earned = until
		}
	}
	return nil
}

// refund gives back an attempt that was never checked.
func (a *App) refund(ctx context.Context, at *passwordAttempt) {
	ctx = context.WithoutCancel(ctx)
	err := a.Store.Tx(ctx, func(q store.Q) error {
		for _, k := range at.keys {
			if err := q.ThrottleRefund(ctx, k.key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		a.Log.Warn("throttle refund", "err", err)
	}
}

// passed records a successful guess: its own key starts again, an address
// is not charged for it, and the browser and address become known.
func (at *passwordAttempt) passed(ctx context.Context, q store.Q, now time.Time) error {
	if err := q.ThrottleReset(ctx, at.clear); err != nil {
		return err
	}
	if at.refund != "" {
		if err := q.ThrottleRefund(ctx, at.refund); err != nil {
			return err
		}
	}
	for _, c := range at.clients {
		if err := q.RememberClient(ctx, at.user.ID, c, now); err != nil {
			return err
		}
	}
	return nil
}

func normLogin(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// keyOf makes a throttle key; long parts (a pasted essay as a login) are
// hashed to keep keys short.
func keyOf(kind string, parts ...string) string {
	k := strings.Join(parts, "|")
	if len(k) > 100 {
		sum := sha256.Sum256([]byte(k))
		k = "#" + hex.EncodeToString(sum[:16])
	}
	return kind + ":" + k
}

// deviceClient is how a device token is known to an account: hashed, so the
// table opens nothing.
func deviceClient(token string) string {
	if !validToken(token) {
		return ""
	}
	return "device:" + hashToken(token)[:32]
}

// validToken accepts the tokens newToken makes.
func validToken(t string) bool {
	if len(t) != 43 {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
