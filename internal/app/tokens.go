package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// API tokens: a personal access token is made on the profile page (or by
// `khcn token add`), shown once, stored hashed, and opens only /api. A
// service account is a user an administrator makes for an integration,
// with no password: tokens are its only way in.

// TokenPrefix starts every secret, so leaked tokens are easy to search for.
const TokenPrefix = "khcn_"

// MaxTokenDays is the longest a token may live.
const MaxTokenDays = 366

// TokenInput is the token form.
type TokenInput struct {
	// UserID is whose token it is: empty for the actor's own; a service
	// account's ID when an administrator makes one for it.
	UserID string
	Name   string
	Write  bool
	// Days until the token expires; 0 for the default of 90 days.
	Days int
}

// DefaultTokenDays is a token's life when none is given.
const DefaultTokenDays = 90

// TokenView is what the audit log keeps of a token: never the secret.
type TokenView struct {
	Name, Prefix string
	Write        bool
	ExpiresAt    time.Time
}

// CreateToken makes a token and returns its secret, which is shown once.
func (a *App) CreateToken(ctx context.Context, actor Actor, in TokenInput) (string, store.Token, error) {
	var e valid.Errors
	in.Name = strings.TrimSpace(in.Name)
	if e.Required("name", in.Name) {
		e.MaxLen("name", in.Name, 100)
	}
	if in.Days == 0 {
		in.Days = DefaultTokenDays
	}
	if in.Days < 1 || in.Days > MaxTokenDays {
		e.Add("days", "err.token_days", MaxTokenDays)
	}
	if err := e.Err(); err != nil {
		return "", store.Token{}, err
	}
	secret := TokenPrefix + newToken()
	now := a.Now().UTC()
	t := store.Token{ID: store.NewID(), Name: in.Name, Hash: hashToken(secret), Prefix: secret[:len(TokenPrefix)+6],
		Write: in.Write, CreatedBy: actor.Login(), CreatedAt: now, ExpiresAt: now.AddDate(0, 0, in.Days)}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		u, err := a.tokenOwner(ctx, q, actor, in.UserID)
		if err != nil {
			return err
		}
		t.UserID = u.ID
		if err := q.InsertToken(ctx, t); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "token.create", "user", u.ID, u.UnitID, nil,
			TokenView{Name: t.Name, Prefix: t.Prefix, Write: t.Write, ExpiresAt: t.ExpiresAt})
	})
	if err != nil {
		return "", store.Token{}, err
	}
	return secret, t, nil
}

// tokenOwner is the user whose tokens the actor manages: their own, a
// service account an administrator of its unit manages, or anyone for the
// command line.
func (a *App) tokenOwner(ctx context.Context, q store.Q, actor Actor, userID string) (account.User, error) {
	if actor.system() {
		return q.User(ctx, userID)
	}
	if userID == "" || (actor.User != nil && userID == actor.User.ID) {
		if err := Must(actor, account.ProfileManage, account.None); err != nil {
			return account.User{}, err
		}
		return *actor.User, nil
	}
	u, err := q.User(ctx, userID)
	if err != nil {
		return u, err
	}
	if err := Must(actor, account.UserManage, account.Unit(u.UnitPath)); err != nil {
		return u, err
	}
	svc, err := q.IsServiceAccount(ctx, userID)
	if err != nil {
		return u, err
	}
	if !svc {
		return u, ErrForbidden // a person's tokens are theirs alone
	}
	return u, nil
}

// Tokens lists the tokens of the actor (userID "") or of a service account.
func (a *App) Tokens(ctx context.Context, actor Actor, userID string) ([]store.Token, error) {
	q := a.Store.Read()
	u, err := a.tokenOwner(ctx, q, actor, userID)
	if err != nil {
		return nil, err
	}
	return q.TokensOf(ctx, u.ID)
}

// RevokeToken ends a token of the actor or of a service account they manage.
func (a *App) RevokeToken(ctx context.Context, actor Actor, id string) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		t, err := q.Token(ctx, id)
		if err != nil {
			return err
		}
		u, err := a.tokenOwner(ctx, q, actor, t.UserID)
		if err != nil {
			if errors.Is(err, ErrForbidden) {
				return ErrNotFound // another person's token does not exist for you
			}
			return err
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		if err := q.RevokeToken(ctx, id, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "token.revoke", "user", u.ID, u.UnitID,
			TokenView{Name: t.Name, Prefix: t.Prefix, Write: t.Write, ExpiresAt: t.ExpiresAt}, nil)
	})
}

// TokenUser is who a bearer token opens the API for.
type TokenUser struct {
	User  *account.User
	Token store.Token
}

// tokenTouchEvery spaces the writes of a token's last use.
const tokenTouchEvery = time.Minute

// TokenBackoff throttles wrong tokens by address like password guesses
// (account.AddressBackoff): a token cannot be guessed, but a client
// spraying them is slowed down.
var TokenBackoff = account.AddressBackoff

// AuthenticateToken checks a bearer secret from actor.IP. A wrong, expired
// or revoked token, or one of a disabled user, is ErrBadCredentials and
// counts against the address; a locked address gets LockedError before
// anything is looked up.
func (a *App) AuthenticateToken(ctx context.Context, actor Actor, secret string) (TokenUser, error) {
	now := a.Now()
	key := keyOf("apitoken-ip", actor.IP)
	until, err := a.Store.Read().ThrottleLockedUntil(ctx, key, now)
	if err != nil {
		return TokenUser{}, err
	}
	if !until.IsZero() {
		return TokenUser{}, LockedError{Until: until}
	}
	fail := func() (TokenUser, error) {
		var earned time.Time
		err := a.Store.Tx(ctx, func(q store.Q) error {
			u, refused, err := q.ThrottleReserve(ctx, key, now, TokenBackoff)
			if refused {
				return LockedError{Until: u}
			}
			earned = u
			return err
		})
		if err != nil {
			return TokenUser{}, err
		}
		if !earned.IsZero() {
			return TokenUser{}, LockedError{Until: earned}
		}
		return TokenUser{}, ErrBadCredentials
	}
	if !strings.HasPrefix(secret, TokenPrefix) || !validToken(strings.TrimPrefix(secret, TokenPrefix)) {
		return fail()
	}
	q := a.Store.Read()
	t, err := q.TokenByHash(ctx, hashToken(secret))
	if errors.Is(err, store.ErrNotFound) {
		return fail()
	}
	if err != nil {
		return TokenUser{}, err
	}
	if !t.Active(now) {
		return fail()
	}
	u, err := q.User(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return fail()
	}
	if err != nil {
		return TokenUser{}, err
	}
	if now.Sub(t.LastUsedAt) > tokenTouchEvery {
		if err := a.Store.Tx(ctx, func(q store.Q) error { return q.TouchToken(ctx, t.ID, now) }); err != nil {
			a.Log.Warn("touch token", "err", err)
		}
		t.LastUsedAt = now
	}
	return TokenUser{User: &u, Token: t}, nil
}

// ServiceAccountInput is the form of a new service account.
type ServiceAccountInput struct {
	Login, Name string
	Role        account.Role
	UnitID      string
	Purpose     string
}

// CreateServiceAccount makes a user for an integration: a role and a unit
// scope like anyone, and no password, so only its tokens open anything.
func (a *App) CreateServiceAccount(ctx context.Context, actor Actor, in ServiceAccountInput) (string, error) {
	// The account validation of a person, without the password.
	e := UserInput{Login: in.Login, Name: in.Name, Role: in.Role, UnitID: in.UnitID, Password: strings.Repeat("x", 64)}.validate()
	e.MaxLen("purpose", in.Purpose, 500)
	if err := e.Err(); err != nil {
		return "", err
	}
	var id string
	err := a.Store.Tx(ctx, func(q store.Q) error {
		unit, err := q.Unit(ctx, in.UnitID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !unit.Current()) {
			e.Add("unit_id", "err.unit_unknown")
			return e
		}
		if err != nil {
			return err
		}
		if !actor.system() {
			if err := Must(actor, account.UserManage, account.Unit(unit.Path)); err != nil {
				return err
			}
		}
		// "!" is no argon2id hash: no password ever matches it.
		id, err = q.CreateUser(ctx, store.NewUser{Login: in.Login, Name: strings.TrimSpace(in.Name), Role: in.Role,
			UnitID: in.UnitID, PasswordHash: "!service"})
		if errors.Is(err, store.ErrDuplicate) {
			e.Add("login", "err.login_taken")
			return e
		}
		if err != nil {
			return err
		}
		if err := q.InsertServiceAccount(ctx, id, strings.TrimSpace(in.Purpose), actor.Login(), a.Now()); err != nil {
			return err
		}
		u, err := q.User(ctx, id)
		if err != nil {
			return err
		}
		return Audit(ctx, q, actor, "service_account.create", "user", id, u.UnitID, nil, viewOf(u))
	})
	return id, err
}

// ServiceAccounts lists the service accounts an administrator manages.
func (a *App) ServiceAccounts(ctx context.Context, actor Actor) ([]store.ServiceAccount, error) {
	scope, err := scopeOf(actor, account.UserList)
	if err != nil {
		return nil, err
	}
	return a.Store.Read().ServiceAccounts(ctx, scope)
}
