package store

import (
	"context"
	"encoding/json"
	"time"
)

// ImportJob is a long import whose progress any server can show. It is a
// queue entry too: the uploaded file waits in the database until a server
// claims the job, and the claim holds a lease (LeaseUntil) its worker
// renews; a job whose lease ran out (its server stopped) is claimed again,
// or failed after a few tries, never left "running".
type ImportJob struct {
	ID, Kind, OwnerID, Status, Phase string
	Total, Done                      int
	Problems                         []ImportProblem
	CreatedBy                        string
	CreatedAt, UpdatedAt             time.Time
	Params                           string // JSON: what to import
	Worker                           string // who holds the lease
	LeaseUntil                       time.Time
	Attempts                         int
	Result                           int // rows written
}

// Job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// ImportProblem is one error of an import, where it is in the file and
// what is wrong (a message key with arguments).
type ImportProblem struct {
	Sheet  string   `json:"sheet"`
	Row    int      `json:"row"`
	Column string   `json:"col"`
	Key    string   `json:"key"`
	Args   []string `json:"args"`
}

// InsertImportJob starts a job record (with no file to wait for).
func (q Q) InsertImportJob(ctx context.Context, j ImportJob) error {
	return q.QueueImportJob(ctx, j, nil)
}

// QueueImportJob records a job and the file it works on.
func (q Q) QueueImportJob(ctx context.Context, j ImportJob, payload []byte) error {
	now := time.Now()
	if j.Params == "" {
		j.Params = "{}"
	}
	var data any
	if payload != nil {
		data = payload
	}
	_, err := q.exec(ctx, `INSERT INTO import_jobs (id, kind, owner_id, status, phase, total, done, problems, created_by, created_at, updated_at, payload, params)
		VALUES ($1, $2, $3, $4, $5, $6, 0, '[]', $7, $8, $8, $9, $10)`, j.ID, j.Kind, j.OwnerID, j.Status, j.Phase, j.Total, nullText(j.CreatedBy), now, data, j.Params)
	return err
}

// UpdateImportJob records progress, and problems and the final status
// when done. While the job runs it renews the worker's lease until
// leaseUntil; a worker that lost its lease (another server took the job)
// gets ErrNotFound and must stop. A finished job lets its file go.
func (q Q) UpdateImportJob(ctx context.Context, j ImportJob) error {
	probs, err := json.Marshal(j.Problems)
	if err != nil {
		return err
	}
	if j.Problems == nil {
		probs = []byte("[]")
	}
	var lease any
	if !j.LeaseUntil.IsZero() {
		lease = j.LeaseUntil
	}
	finished := j.Status == JobDone || j.Status == JobFailed
	return q.execOne(ctx, ErrNotFound, `UPDATE import_jobs SET status = $1, phase = $2, total = $3, done = $4, problems = $5, updated_at = $6,
		result = $7, lease_until = $8, payload = CASE WHEN $9 THEN NULL ELSE payload END
		WHERE id = $10 AND worker = $11 AND status IN ('queued', 'running')`,
		j.Status, j.Phase, j.Total, j.Done, string(probs), time.Now(), j.Result, lease, finished, j.ID, j.Worker)
}

const jobCols = `id, kind, owner_id, status, phase, total, done, problems, created_by, created_at, updated_at, params, worker, lease_until, attempts, result`

func scanJob(r interface{ Scan(...any) error }, extra ...any) (ImportJob, error) {
	var j ImportJob
	var probs string
	var by *string
	var lease *time.Time
	err := r.Scan(append([]any{&j.ID, &j.Kind, &j.OwnerID, &j.Status, &j.Phase, &j.Total, &j.Done, &probs, &by, &j.CreatedAt, &j.UpdatedAt,
		&j.Params, &j.Worker, &lease, &j.Attempts, &j.Result}, extra...)...)
	if err != nil {
		return j, notFound(err)
	}
	if by != nil {
		j.CreatedBy = *by
	}
	if lease != nil {
		j.LeaseUntil = lease.UTC()
	}
	return j, json.Unmarshal([]byte(probs), &j.Problems)
}

// ImportJobByID returns a job.
func (q Q) ImportJobByID(ctx context.Context, id string) (ImportJob, error) {
	return scanJob(q.row(ctx, `SELECT `+jobCols+` FROM import_jobs WHERE id = $1`, id))
}

// claimable is a job waiting, or running under a lease that ran out (or
// none: a job started before leases existed).
const claimable = `(status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < $1)))`

// FailStaleImportJobs fails the jobs whose lease ran out after maxAttempts
// claims, or that have no file to work on, with the given problem.
func (q Q) FailStaleImportJobs(ctx context.Context, now time.Time, maxAttempts int, why ImportProblem) (int64, error) {
	probs, _ := json.Marshal([]ImportProblem{why})
	res, err := q.exec(ctx, `UPDATE import_jobs SET status = 'failed', phase = 'done', problems = $2, payload = NULL, updated_at = $1
		WHERE `+claimable+` AND (attempts >= $3 OR payload IS NULL)`, now, string(probs), maxAttempts)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ClaimImportJob takes a claimable job (the one with id, or the oldest
// when id is empty) for worker until leaseUntil, and returns it with its
// file. ErrNotFound means there is none, or another server was first.
func (q Q) ClaimImportJob(ctx context.Context, id, worker string, now, leaseUntil time.Time) (ImportJob, []byte, error) {
	if id == "" {
		err := q.row(ctx, `SELECT id FROM import_jobs WHERE `+claimable+` AND payload IS NOT NULL ORDER BY created_at LIMIT 1`, now).Scan(&id)
		if err != nil {
			return ImportJob{}, nil, notFound(err)
		}
	}
	// The condition is checked again by the update itself: of two servers
	// claiming at once, one matches the row and the other none.
	if err := q.execOne(ctx, ErrNotFound, `UPDATE import_jobs SET status = 'running', worker = $2, lease_until = $3, attempts = attempts + 1, updated_at = $1
		WHERE id = $4 AND `+claimable+` AND payload IS NOT NULL`, now, worker, leaseUntil, id); err != nil {
		return ImportJob{}, nil, err
	}
	var data []byte
	j, err := scanJob(q.row(ctx, `SELECT `+jobCols+`, payload FROM import_jobs WHERE id = $1`, id), &data)
	return j, data, err
}
