package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
)

// Session lifetimes: a session ends after IdleTimeout without requests and
// after MaxSessionAge in any case.
const (
	IdleTimeout   = 12 * time.Hour
	MaxSessionAge = 7 * 24 * time.Hour
	touchEvery    = time.Minute
)

// Throttling: per account, then per address.
const (
	throttleWindow   = 15 * time.Minute
	throttleLock     = 15 * time.Minute
	maxLoginFailures = 5
	maxIPFailures    = 30
	throttleLoginKey = "login:"
	throttleIPKey    = "ip:"
)

// ErrBadCredentials is returned for an unknown login, a wrong password or a
// disabled account, without saying which.
var ErrBadCredentials = errors.New("bad credentials")

// LockedError says login is throttled until a time.
type LockedError struct{ Until time.Time }

func (e LockedError) Error() string { return "locked until " + e.Until.String() }

// Login checks a password and opens a session, returning the cookie token.
func (a *App) Login(ctx context.Context, login, password, ip, userAgent string) (string, *account.User, error) {
	now := a.Now()
	login = strings.ToLower(strings.TrimSpace(login))
	keys := []string{throttleLoginKey + login, throttleIPKey + ip}
	for _, k := range keys {
		until, err := a.Store.Read().ThrottleLockedUntil(ctx, k, now)
		if err != nil {
			return "", nil, err
		}
		if !until.IsZero() {
			return "", nil, LockedError{Until: until}
		}
	}
	u, hash, err := a.Store.Read().UserByLogin(ctx, login)
	if errors.Is(err, store.ErrNotFound) {
		account.DummyCheck(password)
	} else if err != nil {
		return "", nil, err
	}
	if err != nil || u.Disabled || !account.CheckPassword(hash, password) {
		var locked time.Time
		ferr := a.Store.Tx(ctx, func(q store.Q) error {
			l1, err := q.ThrottleFail(ctx, keys[0], now, throttleWindow, maxLoginFailures, throttleLock)
			if err != nil {
				return err
			}
			l2, err := q.ThrottleFail(ctx, keys[1], now, throttleWindow, maxIPFailures, throttleLock)
			if l2.After(l1) {
				l1 = l2
			}
			locked = l1
			return err
		})
		if ferr != nil {
			return "", nil, ferr
		}
		if !locked.IsZero() {
			return "", nil, LockedError{Until: locked}
		}
		return "", nil, ErrBadCredentials
	}
	token := newToken()
	err = a.Store.Tx(ctx, func(q store.Q) error {
		if err := q.ThrottleReset(ctx, keys[0]); err != nil {
			return err
		}
		s := store.Session{TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(IdleTimeout)}
		if err := q.CreateSession(ctx, s, ip, truncate(userAgent, 300)); err != nil {
			return err
		}
		return Audit(ctx, q, Actor{User: &u, IP: ip}, "session.login", "user", u.ID, u.UnitID, nil, nil)
	})
	if err != nil {
		return "", nil, err
	}
	return token, &u, nil
}

// SessionUser returns the user of a session token, or nil when the token is
// unknown, expired, or its user disabled.
func (a *App) SessionUser(ctx context.Context, token string) (*account.User, error) {
	if token == "" {
		return nil, nil
	}
	now := a.Now()
	h := hashToken(token)
	s, err := a.Store.Read().SessionByHash(ctx, h, now)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := a.Store.Read().User(ctx, s.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(s.LastSeenAt) > touchEvery {
		expires := now.Add(IdleTimeout)
		if hard := s.CreatedAt.Add(MaxSessionAge); expires.After(hard) {
			expires = hard
		}
		if err := a.Store.Tx(ctx, func(q store.Q) error { return q.TouchSession(ctx, h, now, expires) }); err != nil {
			a.Log.Warn("touch session", "err", err)
		}
	}
	return &u, nil
}

// Logout ends the session of token.
func (a *App) Logout(ctx context.Context, actor Actor, token string) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		if err := q.DeleteSession(ctx, hashToken(token)); err != nil {
			return err
		}
		if actor.User == nil {
			return nil
		}
		return Audit(ctx, q, actor, "session.logout", "user", actor.User.ID, actor.User.UnitID, nil, nil)
	})
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what the database keeps, so a leaked table opens no session.
func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
