package store

import (
	"context"
	"database/sql"
	"time"
)

// File is an uploaded file. Data is loaded only by FileData.
type File struct {
	ID          string
	OwnerType   string
	OwnerID     string
	Purpose     string
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	UploadedBy  string
	UploadedAt  time.Time
}

// InsertFile stores a file and its bytes.
func (q Q) InsertFile(ctx context.Context, f File, data []byte) error {
	_, err := q.exec(ctx, `INSERT INTO files (id, owner_type, owner_id, purpose, name, content_type, size, sha256, data, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		f.ID, f.OwnerType, f.OwnerID, f.Purpose, f.Name, f.ContentType, f.Size, f.SHA256, data, nullable(f.UploadedBy), f.UploadedAt)
	return err
}

const fileCols = `id, owner_type, owner_id, purpose, name, content_type, size, sha256, COALESCE(uploaded_by, ''), uploaded_at`

func scanFile(r interface{ Scan(...any) error }) (File, error) {
	var f File
	err := r.Scan(&f.ID, &f.OwnerType, &f.OwnerID, &f.Purpose, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.UploadedAt)
	return f, err
}

// File returns a file's metadata.
func (q Q) File(ctx context.Context, id string) (File, error) {
	f, err := scanFile(q.row(ctx, `SELECT `+fileCols+` FROM files WHERE id = $1`, id))
	return f, notFound(err)
}

// FileData returns a file's bytes.
func (q Q) FileData(ctx context.Context, id string) ([]byte, error) {
	var b []byte
	err := q.row(ctx, `SELECT data FROM files WHERE id = $1`, id).Scan(&b)
	return b, notFound(err)
}

// FilesOf lists the files of an object, oldest first.
func (q Q) FilesOf(ctx context.Context, ownerType, ownerID string) ([]File, error) {
	rows, err := q.query(ctx, `SELECT `+fileCols+` FROM files WHERE owner_type = $1 AND owner_id = $2 ORDER BY uploaded_at, id`, ownerType, ownerID)
	return collect(rows, err, func(r *sql.Rows) (File, error) { return scanFile(r) })
}

// DeleteFile removes a file of an object.
func (q Q) DeleteFile(ctx context.Context, ownerType, ownerID, id string) error {
	return q.execOne(ctx, ErrNotFound, `DELETE FROM files WHERE id = $1 AND owner_type = $2 AND owner_id = $3`, id, ownerType, ownerID)
}
