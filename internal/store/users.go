package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/orgunit"
)

const userCols = `u.id, u.login, u.name, u.email, u.phone, u.title, u.role, u.unit_id, o.name, o.type, o.path, u.disabled, u.lang, u.digest, u.version`

func scanUser(r interface{ Scan(...any) error }) (account.User, error) {
	var u account.User
	var role, unitPath string
	err := r.Scan(&u.ID, &u.Login, &u.Name, &u.Email, &u.Phone, &u.Title, &role, &u.UnitID, &u.UnitName, &u.UnitType, &unitPath, &u.Disabled, &u.Lang, &u.Digest, &u.Version)
	u.Role = account.Role(role)
	u.UnitPath, u.ScopePath = unitPath, unitPath
	return u, err
}

// NewUser is what creating an account needs.
type NewUser struct {
	Login, Name, Email, Phone, Title string
	Role                             account.Role
	UnitID                           string
	PasswordHash                     string
}

// CreateUser inserts a user and returns its ID. Logins are case-insensitive.
func (q Q) CreateUser(ctx context.Context, n NewUser) (string, error) {
	id := NewID()
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO users (id, login, name, email, phone, title, role, unit_id, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		id, strings.ToLower(strings.TrimSpace(n.Login)), n.Name, n.Email, n.Phone, n.Title, string(n.Role), n.UnitID, n.PasswordHash, now)
	return id, err
}

// User loads a user with its scope filled in.
func (q Q) User(ctx context.Context, id string) (account.User, error) {
	u, err := scanUser(q.row(ctx, `SELECT `+userCols+` FROM users u JOIN org_units o ON o.id = u.unit_id WHERE u.id = $1`, id))
	if err != nil {
		return u, notFound(err)
	}
	return u, q.fillScope(ctx, &u)
}

// UserByLogin loads a user and its password hash for login.
func (q Q) UserByLogin(ctx context.Context, login string) (account.User, string, error) {
	var hash string
	row := q.row(ctx, `SELECT `+userCols+`, u.password_hash FROM users u JOIN org_units o ON o.id = u.unit_id WHERE u.login = $1`,
		strings.ToLower(strings.TrimSpace(login)))
	var u account.User
	var role, unitPath string
	err := row.Scan(&u.ID, &u.Login, &u.Name, &u.Email, &u.Phone, &u.Title, &role, &u.UnitID, &u.UnitName, &u.UnitType, &unitPath, &u.Disabled, &u.Lang, &u.Digest, &u.Version, &hash)
	if err != nil {
		return u, "", notFound(err)
	}
	u.Role, u.UnitPath, u.ScopePath = account.Role(role), unitPath, unitPath
	return u, hash, q.fillScope(ctx, &u)
}

// fillScope widens Sở roles to the province and adds the former units a
// local unit was formed from as read-only history.
func (q Q) fillScope(ctx context.Context, u *account.User) error {
	if u.Role.IsSo() {
		u.ScopePath = soScope(u.UnitPath, orgunit.Type(u.UnitType))
		return nil
	}
	if u.Role == account.Council {
		u.ScopePath = "" // council members see only what they are assigned
		return nil
	}
	rows, err := q.query(ctx, `SELECT o.path, p.path, s.share FROM org_unit_successors s
		JOIN org_units o ON o.id = s.from_id
		LEFT JOIN org_units p ON p.id = o.parent_id
		WHERE s.to_id = $1`, u.UnitID)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && p != u.ScopePath && !seen[p] && strings.Count(p, "/") > 2 {
			seen[p] = true
			u.HistoryPaths = append(u.HistoryPaths, p)
		}
	}
	for rows.Next() {
		var own, share string
		var parent sql.NullString
		if err := rows.Scan(&own, &parent, &share); err != nil {
			return err
		}
		add(own)
		// The former district, where most reports were made, is inherited
		// only through a commune taken over whole: a sliver of a neighbour's
		// commune does not open that whole district's records.
		if share == string(orgunit.Whole) {
			add(parent.String)
		}
	}
	return rows.Err()
}

// Users lists users, optionally only those within a unit path.
func (q Q) Users(ctx context.Context, underPath string) ([]account.User, error) {
	rows, err := q.query(ctx, `SELECT `+userCols+` FROM users u JOIN org_units o ON o.id = u.unit_id WHERE o.path LIKE $1`, underPath+"%")
	return collect(rows, err, func(r *sql.Rows) (account.User, error) { return scanUser(r) })
}

// UsersWithRole lists enabled users with role in a unit (or anywhere when
// unitID is empty), for routing and notifications.
func (q Q) UsersWithRole(ctx context.Context, role account.Role, unitID string) ([]account.User, error) {
	// One unit's users come from the users_unit index; "($2 = '' OR
	// u.unit_id = $2)" read every user of the country for each unit.
	where, args := `u.role = $1 AND u.disabled = FALSE`, []any{string(role)}
	if unitID != "" {
		where, args = where+` AND u.unit_id = $2`, append(args, unitID)
	}
	rows, err := q.query(ctx, `SELECT `+userCols+` FROM users u JOIN org_units o ON o.id = u.unit_id WHERE `+where, args...)
	return collect(rows, err, func(r *sql.Rows) (account.User, error) { return scanUser(r) })
}

// UserUpdate is the editable part of a user; Version guards against lost
// updates.
type UserUpdate struct {
	ID, Name, Email, Phone, Title, Lang, Digest string
	Version                                     int
}

// UpdateUser saves profile fields if nobody changed the user meanwhile.
func (q Q) UpdateUser(ctx context.Context, u UserUpdate) error {
	return q.execOne(ctx, ErrConflict, `UPDATE users SET name = $1, email = $2, phone = $3, title = $4, lang = $5, digest = $6,
		version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		u.Name, u.Email, u.Phone, u.Title, u.Lang, u.Digest, time.Now(), u.ID, u.Version)
}

// SetPassword stores a new password hash.
func (q Q) SetPassword(ctx context.Context, userID, hash string) error {
	return q.execOne(ctx, ErrNotFound, `UPDATE users SET password_hash = $1, version = version + 1, updated_at = $2 WHERE id = $3`, hash, time.Now(), userID)
}

// SetDisabled enables or disables a user; disabling also ends every session
// of the user at once.
func (q Q) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	if err := q.execOne(ctx, ErrNotFound, `UPDATE users SET disabled = $1, version = version + 1, updated_at = $2 WHERE id = $3`, disabled, time.Now(), userID); err != nil {
		return err
	}
	if disabled {
		return q.DeleteUserSessions(ctx, userID)
	}
	return nil
}

// UserIDByLogin finds a user's ID.
func (q Q) UserIDByLogin(ctx context.Context, login string) (string, error) {
	var id string
	err := q.row(ctx, `SELECT id FROM users WHERE login = $1`, strings.ToLower(strings.TrimSpace(login))).Scan(&id)
	return id, notFound(err)
}

// soScope is what a Sở role covers: the province (or, for the ministry
// under the country root, the country) its Sở belongs to. A user of a
// Sở's division (/hn/hn-skhcn/hn-skhcn-qlkh/) or of the Sở itself
// (/vn/hn/hn-skhcn/) covers the unit above the Sở; a user placed anywhere
// else covers the root of their path.
func soScope(unitPath string, t orgunit.Type) string {
	parts := strings.Split(strings.Trim(unitPath, "/"), "/")
	drop := 0
	switch orgunit.KindOf(t) {
	case orgunit.Department:
		drop = 1
	case orgunit.Division:
		drop = 2
	}
	if keep := len(parts) - drop; drop > 0 && keep >= 1 {
		return "/" + strings.Join(parts[:keep], "/") + "/"
	}
	return orgunit.ChildPath("", parts[0])
}
