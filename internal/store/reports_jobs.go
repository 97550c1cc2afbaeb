package store

import (
	"context"
	"encoding/json"
	"time"
)

// ImportJob is a long import whose progress any server can show.
type ImportJob struct {
	ID, Kind, OwnerID, Status, Phase string
	Total, Done                      int
	Problems                         []ImportProblem
	CreatedBy                        string
	CreatedAt, UpdatedAt             time.Time
}

// ImportProblem is one error of an import, where it is in the file and
// what is wrong (a message key with arguments).
type ImportProblem struct {
	Sheet  string   `json:"sheet"`
	Row    int      `json:"row"`
	Column string   `json:"col"`
	Key    string   `json:"key"`
	Args   []string `json:"args"`
}

// InsertImportJob starts a job record.
func (q Q) InsertImportJob(ctx context.Context, j ImportJob) error {
	now := time.Now()
	_, err := q.exec(ctx, `INSERT INTO import_jobs (id, kind, owner_id, status, phase, total, done, problems, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, '[]', $7, $8, $8)`, j.ID, j.Kind, j.OwnerID, j.Status, j.Phase, j.Total, nullText(j.CreatedBy), now)
	return err
}

// UpdateImportJob records progress, and problems and the final status
// when done.
func (q Q) UpdateImportJob(ctx context.Context, j ImportJob) error {
	probs, err := json.Marshal(j.Problems)
	if err != nil {
		return err
	}
	if j.Problems == nil {
		probs = []byte("[]")
	}
	return q.execOne(ctx, ErrNotFound, `UPDATE import_jobs SET status = $1, phase = $2, total = $3, done = $4, problems = $5, updated_at = $6 WHERE id = $7`,
		j.Status, j.Phase, j.Total, j.Done, string(probs), time.Now(), j.ID)
}

// ImportJobByID returns a job.
func (q Q) ImportJobByID(ctx context.Context, id string) (ImportJob, error) {
	var j ImportJob
	var probs string
	var by *string
	err := q.row(ctx, `SELECT id, kind, owner_id, status, phase, total, done, problems, created_by, created_at, updated_at FROM import_jobs WHERE id = $1`, id).
		Scan(&j.ID, &j.Kind, &j.OwnerID, &j.Status, &j.Phase, &j.Total, &j.Done, &probs, &by, &j.CreatedAt, &j.UpdatedAt)
	if err != nil {
		return j, notFound(err)
	}
	if by != nil {
		j.CreatedBy = *by
	}
	return j, json.Unmarshal([]byte(probs), &j.Problems)
}
