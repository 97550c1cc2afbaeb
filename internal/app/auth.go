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
	"unicode/utf8"

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

// LoginResult is an opened session.
type LoginResult struct {
	Token string // the session cookie
	// Device is the browser's device cookie: the one it came with, or a new
	// one on its first login.
	Device string
	User   *account.User
}

// Login checks a password (throttled, see checkPassword) and opens a session.
func (a *App) Login(ctx context.Context, actor Actor, login, password, userAgent string) (LoginResult, error) {
	if !validToken(actor.Device) {
		actor.Device = newToken()
	}
	at, err := a.checkPassword(ctx, actor, login, password)
	if err != nil {
		return LoginResult{}, err
	}
	now := a.Now()
	u := at.user
	token := newToken()
	err = a.Store.Tx(ctx, func(q store.Q) error {
		if err := at.passed(ctx, q, now); err != nil {
			return err
		}
		s := store.Session{TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(IdleTimeout)}
		if err := q.CreateSession(ctx, s, actor.IP, truncate(userAgent, 300)); err != nil {
			return err
		}
		return Audit(ctx, q, Actor{User: &u, IP: actor.IP, RequestID: actor.RequestID}, "session.login", "user", u.ID, u.UnitID, nil, nil)
	})
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: token, Device: actor.Device, User: &u}, nil
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

// truncate keeps at most n bytes of valid UTF-8 (a header may carry any bytes).
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
