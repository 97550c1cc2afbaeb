package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"khcn/internal/orgunit"
)

// Scope limits a list to objects of units whose path starts with one of the
// paths: a user's own scope plus, for reading, the former units it was
// formed from. A nil Scope means everything (the Sở).
type Scope []string

// cond returns "(col LIKE $n OR …)" for the scope, adding its arguments; an
// empty scope that is not nil matches nothing.
func (s Scope) cond(col string, args *[]any) string {
	if s == nil {
		return "1=1"
	}
	if len(s) == 0 {
		return "1=0"
	}
	parts := make([]string, len(s))
	for i, p := range s {
		*args = append(*args, p+"%")
		parts[i] = col + " LIKE $" + itoa(len(*args))
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// conds builds a WHERE clause of conditions joined by AND, numbering the
// arguments as they come.
type conds struct {
	parts []string
	args  []any
}

// add appends a condition ending in "$" that takes v: "a.status = $".
func (c *conds) add(cond string, v any) {
	c.args = append(c.args, v)
	c.parts = append(c.parts, cond+itoa(len(c.args)))
}

// addIf adds the condition only when ok (the filter was given).
func (c *conds) addIf(ok bool, cond string, v any) {
	if ok {
		c.add(cond, v)
	}
}

// raw appends a condition without arguments.
func (c *conds) raw(cond string) { c.parts = append(c.parts, cond) }

// scope limits col to a scope.
func (c *conds) scope(s Scope, col string) { c.raw(s.cond(col, &c.args)) }

// text matches a folded column against search text, ignoring diacritics.
func (c *conds) text(col, text string) {
	for _, w := range likeWords(text) {
		c.add(w.on(col)+" LIKE $", w.Pattern)
	}
}

func (c *conds) sql() string {
	if len(c.parts) == 0 {
		return "1=1"
	}
	return strings.Join(c.parts, " AND ")
}

// UnitRef is the part of an org unit a list shows: enough for its display
// name ("Xã Mê Linh") and for permission checks (Path).
type UnitRef = orgunit.Unit

func unitRefSelect(a string) string { return a + ".id, " + a + ".name, " + a + ".type, " + a + ".path" }

func unitRefDest(u *UnitRef) []any { return []any{&u.ID, &u.Name, &u.Type, &u.Path} }

// Link joins two objects of any areas; it is read from both ends.
type Link struct {
	FromType, FromID, ToType, ToID string
	CreatedAt                      time.Time
}

// InsertLink records a link once; linking again is not an error.
func (q Q) InsertLink(ctx context.Context, l Link, by string) error {
	_, err := q.exec(ctx, `INSERT INTO followup_links (from_type, from_id, to_type, to_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (from_type, from_id, to_type, to_id) DO NOTHING`,
		l.FromType, l.FromID, l.ToType, l.ToID, nullable(by), l.CreatedAt)
	return err
}

// LinksOf lists the links that start or end at an object, oldest first.
func (q Q) LinksOf(ctx context.Context, typ, id string) ([]Link, error) {
	rows, err := q.query(ctx, `SELECT from_type, from_id, to_type, to_id, created_at FROM followup_links
		WHERE (from_type = $1 AND from_id = $2) OR (to_type = $1 AND to_id = $2) ORDER BY created_at`, typ, id)
	return collect(rows, err, func(r *sql.Rows) (Link, error) {
		var l Link
		err := r.Scan(&l.FromType, &l.FromID, &l.ToType, &l.ToID, &l.CreatedAt)
		return l, err
	})
}

type scanner interface{ Scan(...any) error }

// extraScan appends destinations for columns selected after an entity's own.
type extraScan struct {
	r    scanner
	more []any
}

func (e extraScan) Scan(dest ...any) error { return e.r.Scan(append(dest, e.more...)...) }

func withExtra(r scanner, more ...any) scanner { return extraScan{r, more} }
