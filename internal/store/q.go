package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"khcn/internal/locale"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs statements on a pool or inside a transaction. Every store method
// hangs off Q, so the same code serves reads and transactional writes.
type Q struct {
	ex execer
	d  Dialect
	w  *writeMark // in Store.Tx: whether the transaction changed a row
}

// writeMark notes that a transaction changed data, so its commit moves the
// data stamp on (a transaction that only read, or whose inserts all met a
// conflict, leaves kept pages valid).
type writeMark struct{ wrote bool }

// quiet is q for writes no page shows (session touches, login throttling,
// outbox claims): they leave the data stamp, so kept pages stay valid while
// users log in and move about.
func (q Q) quiet() Q {
	q.w = nil
	return q
}

// noteWrites marks the transaction as changed when a quiet UPDATE …
// RETURNING returned rows.
func (q Q) noteWrites(n int) {
	if q.w != nil && n > 0 {
		q.w.wrote = true
	}
}

// isWrite reports whether a statement read through query or row changes
// rows (UPDATE … RETURNING and the like).
func isWrite(query string) bool {
	s := strings.TrimSpace(query)
	if len(s) < 6 {
		return false
	}
	switch strings.ToUpper(s[:6]) {
	case "INSERT", "UPDATE", "DELETE":
		return true
	}
	return false
}

// Dialect tells which engine the statements go to.
func (q Q) Dialect() Dialect { return q.d }

func (q Q) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := q.ex.ExecContext(ctx, query, clean(args)...)
	if err == nil && q.w != nil && !q.w.wrote {
		if n, nerr := res.RowsAffected(); nerr != nil || n > 0 {
			q.w.wrote = true
		}
	}
	return res, mapErr(err)
}

func (q Q) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if q.w != nil && isWrite(query) {
		q.w.wrote = true
	}
	rows, err := q.ex.QueryContext(ctx, query, clean(args)...)
	return rows, mapErr(err)
}

func (q Q) row(ctx context.Context, query string, args ...any) *sql.Row {
	if q.w != nil && isWrite(query) {
		q.w.wrote = true
	}
	return q.ex.QueryRowContext(ctx, query, clean(args)...)
}

// execOne runs an UPDATE or DELETE that must touch exactly one row; zero rows
// means the row is gone or its version moved on. A conflict is returned as
// errStale, so that Tx can tell it came from the write itself.
func (q Q) execOne(ctx context.Context, onZero error, query string, args ...any) error {
	if onZero == ErrConflict {
		onZero = errStale
	}
	res, err := q.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return onZero
	}
	return nil
}

// Lock takes the write lock of a scope for the rest of the transaction
// (see the write_locks migration): call it before reading what the write
// depends on.
func (q Q) Lock(ctx context.Context, key string) error {
	_, err := q.exec(ctx, `INSERT INTO write_locks (key, taken) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET taken = write_locks.taken + 1`, key)
	return err
}

// clean normalises arguments on the way in: text to NFC, instants to UTC.
// Bytes that are not UTF-8 (an ID in a URL, say) become U+FFFD, so they
// find nothing instead of failing on PostgreSQL; form text with them never
// gets here (valid.CheckEncoding refuses it at the field).
func clean(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			if !utf8.ValidString(v) {
				v = strings.ToValidUTF8(v, "\uFFFD")
			}
			args[i] = locale.NFC(v)
		case time.Time:
			args[i] = v.UTC()
		}
	}
	return args
}

func mapErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") {
		return errors.Join(ErrDuplicate, err)
	}
	return err
}

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return mapErr(err)
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Placeholders returns "$from, $from+1, …" for n values, for IN lists.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(itoa(from + i))
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// nullable stores an empty string as NULL, for optional references.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
