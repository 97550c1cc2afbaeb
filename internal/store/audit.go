package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID         string
	At         time.Time
	ActorID    string
	ActorLogin string
	Action     string
	ObjectType string
	ObjectID   string
	UnitID     string
	Before     string // JSON, "" when the object did not exist
	After      string // JSON, "" when the object was removed
	IP         string
	RequestID  string
}

// AppendAudit writes one audit row. before and after are marshalled to JSON.
func (q Q) AppendAudit(ctx context.Context, e AuditEntry, before, after any) error {
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	a, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err = q.exec(ctx, `INSERT INTO audit_log (id, at, actor_id, actor_login, action, object_type, object_id, unit_id, before_json, after_json, ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.ID, e.At, nullable(e.ActorID), e.ActorLogin, e.Action, e.ObjectType, e.ObjectID, nullable(e.UnitID), b, a, e.IP, e.RequestID)
	return err
}

func jsonOrNil(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return nil, nil
	}
	return string(b), nil
}

// AuditFilter narrows the audit page.
type AuditFilter struct {
	Actor      string // login
	Action     string
	ObjectType string
	ObjectID   string
	From, To   time.Time // To is exclusive
	Before     string    // keyset paging: entries with ID < Before
	Limit      int
}

// Audit lists entries newest first.
func (q Q) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	where, args := "1=1", []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where += " AND " + cond + itoa(len(args))
	}
	if f.Actor != "" {
		add("actor_login = $", f.Actor)
	}
	if f.Action != "" {
		add("action = $", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = $", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = $", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= $", f.From)
	}
	if !f.To.IsZero() {
		add("at < $", f.To)
	}
	if f.Before != "" {
		add("id < $", f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	rows, err := q.query(ctx, `SELECT id, at, COALESCE(actor_id, ''), actor_login, action, object_type, object_id, COALESCE(unit_id, ''),
		before_json, after_json, ip, request_id FROM audit_log WHERE `+where+` ORDER BY id DESC LIMIT $`+itoa(len(args)), args...)
	return collect(rows, err, func(r *sql.Rows) (AuditEntry, error) {
		var e AuditEntry
		var b, a sql.NullString
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLogin, &e.Action, &e.ObjectType, &e.ObjectID, &e.UnitID, &b, &a, &e.IP, &e.RequestID)
		e.Before, e.After = b.String, a.String
		return e, err
	})
}
