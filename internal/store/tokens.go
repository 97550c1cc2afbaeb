package store

import (
	"context"
	"database/sql"
	"time"
)

// Token is an API access token of a user (a person or a service account).
// The secret itself is never stored, only its hash.
type Token struct {
	ID         string
	UserID     string
	Name       string
	Hash       string
	Prefix     string
	Write      bool
	CreatedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: active
}

// Active reports whether the token still opens the API at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

const tokenCols = `id, user_id, name, token_hash, prefix, can_write, created_by, created_at, expires_at, last_used_at, revoked_at`

func scanToken(r interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var exp, used, rev sql.NullTime
	err := r.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, &t.Write, &t.CreatedBy, &t.CreatedAt, &exp, &used, &rev)
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = exp.Time.UTC(), used.Time.UTC(), rev.Time.UTC()
	if !exp.Valid {
		t.ExpiresAt = time.Time{}
	}
	if !used.Valid {
		t.LastUsedAt = time.Time{}
	}
	if !rev.Valid {
		t.RevokedAt = time.Time{}
	}
	t.CreatedAt = t.CreatedAt.UTC()
	return t, err
}

// InsertToken stores a new token.
func (q Q) InsertToken(ctx context.Context, t Token) error {
	_, err := q.exec(ctx, `INSERT INTO api_tokens (`+tokenCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL)`,
		t.ID, t.UserID, t.Name, t.Hash, t.Prefix, t.Write, t.CreatedBy, t.CreatedAt, nullTime(t.ExpiresAt))
	return err
}

// TokenByHash finds a token by the hash of its secret.
func (q Q) TokenByHash(ctx context.Context, hash string) (Token, error) {
	t, err := scanToken(q.row(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = $1`, hash))
	return t, notFound(err)
}

// Token loads one token.
func (q Q) Token(ctx context.Context, id string) (Token, error) {
	t, err := scanToken(q.row(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE id = $1`, id))
	return t, notFound(err)
}

// TokensOf lists a user's tokens, newest first.
func (q Q) TokensOf(ctx context.Context, userID string) ([]Token, error) {
	rows, err := q.query(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends a token; revoking one already revoked changes nothing.
func (q Q) RevokeToken(ctx context.Context, id string, at time.Time) error {
	_, err := q.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, at, id)
	return err
}

// TouchToken records a token's last use.
func (q Q) TouchToken(ctx context.Context, id string, at time.Time) error {
	_, err := q.exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, at, id)
	return err
}

// ServiceAccount is a user made for an integration.
type ServiceAccount struct {
	UserID    string
	Login     string
	Name      string
	Role      string
	UnitID    string
	UnitName  string
	UnitPath  string
	Disabled  bool
	Purpose   string
	CreatedBy string
	CreatedAt time.Time
}

// InsertServiceAccount marks a user as a service account.
func (q Q) InsertServiceAccount(ctx context.Context, userID, purpose, by string, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO service_accounts (user_id, purpose, created_by, created_at) VALUES ($1, $2, $3, $4)`,
		userID, purpose, by, at)
	return err
}

// IsServiceAccount reports whether a user is a service account.
func (q Q) IsServiceAccount(ctx context.Context, userID string) (bool, error) {
	var n int
	err := q.row(ctx, `SELECT COUNT(*) FROM service_accounts WHERE user_id = $1`, userID).Scan(&n)
	return n > 0, err
}

// ServiceAccounts lists the service accounts whose unit lies under path.
func (q Q) ServiceAccounts(ctx context.Context, underPath string) ([]ServiceAccount, error) {
	rows, err := q.query(ctx, `SELECT u.id, u.login, u.name, u.role, u.unit_id, o.name, o.path, u.disabled, s.purpose, s.created_by, s.created_at
		FROM service_accounts s JOIN users u ON u.id = s.user_id JOIN org_units o ON o.id = u.unit_id
		WHERE o.path LIKE $1 ORDER BY u.login`, escapeLike(underPath)+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ServiceAccount
	for rows.Next() {
		var s ServiceAccount
		if err := rows.Scan(&s.UserID, &s.Login, &s.Name, &s.Role, &s.UnitID, &s.UnitName, &s.UnitPath, &s.Disabled, &s.Purpose, &s.CreatedBy, &s.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
