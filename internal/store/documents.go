package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"khcn/internal/document"
)

// DocIssuer returns an issuing unit's saved settings; ErrNotFound when the
// unit has none yet (the app then uses defaults).
func (q Q) DocIssuer(ctx context.Context, unitID string) (document.Issuer, error) {
	var i document.Issuer
	err := q.row(ctx, `SELECT unit_id, symbol, parent_body, name, authority, title, signer, version FROM doc_issuers WHERE unit_id = $1`, unitID).
		Scan(&i.UnitID, &i.Symbol, &i.ParentBody, &i.Name, &i.Authority, &i.Title, &i.Signer, &i.Version)
	return i, notFound(err)
}

// DocIssuers lists every saved issuer.
func (q Q) DocIssuers(ctx context.Context) ([]document.Issuer, error) {
	rows, err := q.query(ctx, `SELECT unit_id, symbol, parent_body, name, authority, title, signer, version FROM doc_issuers`)
	return collect(rows, err, func(r *sql.Rows) (document.Issuer, error) {
		var i document.Issuer
		err := r.Scan(&i.UnitID, &i.Symbol, &i.ParentBody, &i.Name, &i.Authority, &i.Title, &i.Signer, &i.Version)
		return i, err
	})
}

// SaveDocIssuer writes an issuer's settings if nobody changed them since
// version (0: they were never saved; a first save that loses the race is a
// conflict too).
func (q Q) SaveDocIssuer(ctx context.Context, i document.Issuer, at time.Time) error {
	if i.Version == 0 {
		res, err := q.exec(ctx, `INSERT INTO doc_issuers (unit_id, symbol, parent_body, name, authority, title, signer, version, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) ON CONFLICT (unit_id) DO NOTHING`,
			i.UnitID, i.Symbol, i.ParentBody, i.Name, i.Authority, i.Title, i.Signer, at)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return errStale
		}
		return nil
	}
	return q.execOne(ctx, ErrConflict, `UPDATE doc_issuers SET symbol = $1, parent_body = $2, name = $3, authority = $4, title = $5, signer = $6,
		version = version + 1, updated_at = $7 WHERE unit_id = $8 AND version = $9`,
		i.Symbol, i.ParentBody, i.Name, i.Authority, i.Title, i.Signer, at, i.UnitID, i.Version)
}

// NextDocNumber takes the next number of a unit's register for a year, in
// one statement: concurrent callers queue on the counter's row and each
// gets its own number (the transaction's rollback gives it back).
func (q Q) NextDocNumber(ctx context.Context, unitID string, year int) (int, error) {
	var n int
	err := q.row(ctx, `INSERT INTO doc_counters (unit_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (unit_id, year) DO UPDATE SET last = doc_counters.last + 1 RETURNING last`, unitID, year).Scan(&n)
	return n, mapErr(err)
}

const issuedCols = `r.id, r.unit_id, r.year, r.seq, r.number, r.kind, r.subject_id, r.subject, r.doc_date, r.authority, r.title, r.signer, r.issued_by, COALESCE(u.name, '')`

func scanIssued(s interface{ Scan(...any) error }) (document.Issued, error) {
	var i document.Issued
	err := s.Scan(&i.ID, &i.UnitID, &i.Year, &i.Seq, &i.Number, &i.Kind, &i.SubjectID, &i.Subject, &i.Date,
		&i.Signature.Authority, &i.Signature.Title, &i.Signature.Name, &i.IssuedBy, &i.ByName)
	return i, err
}

// IssuedDoc returns the register entry of a document kind for a subject;
// ErrNotFound while it is a draft.
func (q Q) IssuedDoc(ctx context.Context, kind, subjectID string) (document.Issued, error) {
	i, err := scanIssued(q.row(ctx, `SELECT `+issuedCols+` FROM doc_register r LEFT JOIN users u ON u.id = r.issued_by
		WHERE r.kind = $1 AND r.subject_id = $2`, kind, subjectID))
	if errors.Is(err, sql.ErrNoRows) {
		return i, ErrNotFound
	}
	return i, err
}

// InsertIssued enters a document in the register.
func (q Q) InsertIssued(ctx context.Context, i document.Issued, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO doc_register (id, unit_id, year, seq, number, kind, subject_id, subject, doc_date, authority, title, signer, issued_by, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		i.ID, i.UnitID, i.Year, i.Seq, i.Number, i.Kind, i.SubjectID, i.Subject, i.Date, i.Signature.Authority, i.Signature.Title, i.Signature.Name, i.IssuedBy, at)
	return err
}

// Register lists a unit's register of a year, newest number first.
func (q Q) Register(ctx context.Context, unitID string, year int) ([]document.Issued, error) {
	rows, err := q.query(ctx, `SELECT `+issuedCols+` FROM doc_register r LEFT JOIN users u ON u.id = r.issued_by
		WHERE r.unit_id = $1 AND r.year = $2 ORDER BY r.seq DESC`, unitID, year)
	return collect(rows, err, func(r *sql.Rows) (document.Issued, error) { return scanIssued(r) })
}
