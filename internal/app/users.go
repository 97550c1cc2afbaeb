package app

import (
	"context"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// UserInput is the form for creating an account.
type UserInput struct {
	Login, Name, Email, Phone, Title string
	Role                             account.Role
	UnitID                           string
	Password                         string
}

// userView is what the audit log keeps of a user: never the password hash.
type userView struct {
	Login, Name, Email, Role, UnitID string
	Disabled                         bool
}

func viewOf(u account.User) userView {
	return userView{u.Login, u.Name, u.Email, string(u.Role), u.UnitID, u.Disabled}
}

func (in UserInput) validate() valid.Errors {
	var e valid.Errors
	if e.Required("login", in.Login) {
		l := strings.TrimSpace(in.Login)
		if strings.ContainsAny(l, " \t/@") || len(l) > 64 {
			e.Add("login", "err.login_format")
		}
	}
	if e.Required("name", in.Name) {
		e.MaxLen("name", in.Name, 200)
	}
	e.Email("email", in.Email)
	if !in.Role.Valid() {
		e.Add("role", "err.choose")
	}
	e.Required("unit_id", in.UnitID)
	if err := account.CheckPasswordPolicy(in.Password); err != nil {
		e.Add("password", "err.password_short", account.MinPasswordLen)
	}
	return e
}

// CreateUser adds an account in a unit within the actor's scope. The CLI
// passes a nil actor.User with System set in the Actor's login.
func (a *App) CreateUser(ctx context.Context, actor Actor, in UserInput) (string, error) {
	e := in.validate()
	if err := e.Err(); err != nil {
		return "", err
	}
	hash, err := account.HashPassword(in.Password)
	if err != nil {
		return "", err
	}
	var id string
	err = a.Store.Tx(ctx, func(q store.Q) error {
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
		id, err = q.CreateUser(ctx, store.NewUser{Login: in.Login, Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
			Phone: in.Phone, Title: in.Title, Role: in.Role, UnitID: in.UnitID, PasswordHash: hash})
		if errors.Is(err, store.ErrDuplicate) {
			e.Add("login", "err.login_taken")
			return e
		}
		if err != nil {
			return err
		}
		u, err := q.User(ctx, id)
		if err != nil {
			return err
		}
		return Audit(ctx, q, actor, "user.create", "user", id, u.UnitID, nil, viewOf(u))
	})
	return id, err
}

// SetUserDisabled disables (ending every session at once) or re-enables a user.
func (a *App) SetUserDisabled(ctx context.Context, actor Actor, userID string, disabled bool) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		u, err := q.User(ctx, userID)
		if err != nil {
			return err
		}
		if !actor.system() {
			if err := Must(actor, account.UserManage, account.Unit(u.UnitPath)); err != nil {
				return err
			}
			if actor.User.ID == userID {
				return ErrForbidden // nobody locks themselves out
			}
		}
		before := viewOf(u)
		if err := q.SetDisabled(ctx, userID, disabled); err != nil {
			return err
		}
		u.Disabled = disabled
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return Audit(ctx, q, actor, action, "user", userID, u.UnitID, before, viewOf(u))
	})
}

// ResetPassword sets a user's password (admin or CLI).
func (a *App) ResetPassword(ctx context.Context, actor Actor, userID, password string) error {
	// Whoever may reset no one's password is refused before anything else;
	// the user's own unit is checked below.
	if !actor.system() {
		if _, err := scopeOf(actor, account.UserManage); err != nil {
			return err
		}
	}
	var e valid.Errors
	if account.CheckPasswordPolicy(password) != nil {
		e.Add("password", "err.password_short", account.MinPasswordLen)
		return e
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		u, err := q.User(ctx, userID)
		if err != nil {
			return err
		}
		if !actor.system() {
			if err := Must(actor, account.UserManage, account.Unit(u.UnitPath)); err != nil {
				return err
			}
		}
		// A service account has no password: only its tokens open the API.
		if svc, err := q.IsServiceAccount(ctx, userID); err != nil || svc {
			if err == nil {
				e.Add("password", "err.service_no_password")
				err = e
			}
			return err
		}
		if err := q.SetPassword(ctx, userID, hash); err != nil {
			return err
		}
		// Every session ends (an administrator resetting their own password
		// keeps the one they are using), and the browsers and addresses the
		// account knew are forgotten: whoever held them may be why.
		keep := ""
		if actor.User != nil && actor.User.ID == userID {
			keep = hashToken(actor.Session)
		}
		if err := q.DeleteOtherSessions(ctx, userID, keep); err != nil {
			return err
		}
		if err := q.ForgetClients(ctx, userID); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "user.password_reset", "user", userID, u.UnitID, nil, nil)
	})
}

// ProfileInput is what a user may change about themselves.
type ProfileInput struct {
	Name, Email, Phone, Title, Lang, Digest string
	Version                                 int
}

// UpdateProfile saves the actor's own profile, refusing a stale version.
func (a *App) UpdateProfile(ctx context.Context, actor Actor, in ProfileInput) error {
	if err := Must(actor, account.ProfileManage, account.None); err != nil {
		return err
	}
	var e valid.Errors
	if e.Required("name", in.Name) {
		e.MaxLen("name", in.Name, 200)
	}
	e.Email("email", in.Email)
	if in.Lang != "vi" && in.Lang != "en" {
		e.Add("lang", "err.choose")
	}
	if in.Digest != "immediate" && in.Digest != "daily" {
		e.Add("digest", "err.choose")
	}
	if err := e.Err(); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		before, err := q.User(ctx, actor.User.ID)
		if err != nil {
			return err
		}
		err = q.UpdateUser(ctx, store.UserUpdate{ID: actor.User.ID, Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
			Phone: strings.TrimSpace(in.Phone), Title: strings.TrimSpace(in.Title), Lang: in.Lang, Digest: in.Digest, Version: in.Version})
		if err != nil {
			return err
		}
		after, err := q.User(ctx, actor.User.ID)
		if err != nil {
			return err
		}
		type profile struct{ Name, Email, Phone, Title, Lang, Digest string }
		return Audit(ctx, q, actor, "user.profile", "user", after.ID, after.UnitID,
			profile{before.Name, before.Email, before.Phone, before.Title, before.Lang, before.Digest},
			profile{after.Name, after.Email, after.Phone, after.Title, after.Lang, after.Digest})
	})
}

// ChangePassword lets a user change their own password after proving the
// old one. The proof is throttled like a login; the change ends the user's
// other sessions and keeps the one it was made from.
func (a *App) ChangePassword(ctx context.Context, actor Actor, current, next string) error {
	if err := Must(actor, account.ProfileManage, account.None); err != nil {
		return err
	}
	var e valid.Errors
	if account.CheckPasswordPolicy(next) != nil {
		// Checked first, so a short new password costs no attempt.
		e.Add("password", "err.password_short", account.MinPasswordLen)
		return e
	}
	at, err := a.checkPassword(ctx, actor, actor.User.Login, current)
	var locked LockedError
	switch {
	case errors.Is(err, ErrBadCredentials):
		e.Add("current", "err.password_wrong")
		return e
	case errors.As(err, &locked):
		e.Add("current", "err.password_locked", locale.DateTime(locked.Until)) // not a login: the profile page says so
		return e
	case err != nil:
		return err
	}
	newHash, err := account.HashPassword(next)
	if err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if err := at.passed(ctx, q, a.Now()); err != nil {
			return err
		}
		if err := q.SetPassword(ctx, actor.User.ID, newHash); err != nil {
			return err
		}
		if err := q.DeleteOtherSessions(ctx, actor.User.ID, hashToken(actor.Session)); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "user.password_change", "user", actor.User.ID, actor.User.UnitID, nil, nil)
	})
}

// Profile is the actor's own account as stored now, for the profile form.
func (a *App) Profile(ctx context.Context, actor Actor) (account.User, error) {
	if err := Must(actor, account.ProfileManage, account.None); err != nil {
		return account.User{}, err
	}
	return a.Store.Read().User(ctx, actor.User.ID)
}

// Users lists accounts for the admin page.
func (a *App) Users(ctx context.Context, actor Actor) ([]account.User, error) {
	if err := Must(actor, account.UserList, account.None); err != nil {
		return nil, err
	}
	users, err := a.Store.Read().Users(ctx, actor.User.ScopePath)
	sortUsers(users)
	return users, err
}

// UserIDByLogin finds an account for the CLI.
func (a *App) UserIDByLogin(ctx context.Context, login string) (string, error) {
	return a.Store.Read().UserIDByLogin(ctx, login)
}

func sortUsers(us []account.User) {
	locale.SortFunc(us, func(u account.User) string { return u.Name })
}
