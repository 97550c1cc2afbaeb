package app

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"khcn/internal/store"
)

// Long imports run in the background as jobs in the database. The request
// that uploads a file only checks who asks and queues the job with its
// file; the same server then claims it at once, and every server's
// background loop claims jobs that wait or whose lease ran out, so a job
// left by a stopped server is taken again (or failed after a few tries):
// never "running" for ever. A worker renews its lease while it works; one
// that lost it stops writing.

// Lease of a claimed import, renewed every importHeartbeat.
var (
	importLease     = 30 * time.Second
	importHeartbeat = 5 * time.Second
)

// maxImportAttempts bounds how often a job is taken again after its worker
// stopped.
const maxImportAttempts = 3

// importRun is what a kind of import does with its file. It reports
// progress through job and returns the rows written, or the problems that
// refused the file (then it wrote nothing).
type importRun func(a *App, ctx context.Context, actor Actor, job *importProgress, params json.RawMessage, data []byte) (int, []store.ImportProblem, error)

// importParams are kept with a job for its audit record.
type importParams struct {
	IP        string          `json:"ip"`
	RequestID string          `json:"request_id"`
	Args      json.RawMessage `json:"args"`
}

var workerIDs sync.Map // *App → this server's worker id

func (a *App) workerID() string {
	id, _ := workerIDs.LoadOrStore(a, store.NewID())
	return id.(string)
}

// queueImport records a job with its file and starts working on it.
func (a *App) queueImport(ctx context.Context, actor Actor, kind, ownerID string, args any, data []byte) (string, error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return "", err
	}
	params, err := json.Marshal(importParams{IP: actor.IP, RequestID: actor.RequestID, Args: raw})
	if err != nil {
		return "", err
	}
	job := store.ImportJob{ID: store.NewID(), Kind: kind, OwnerID: ownerID, Status: store.JobQueued, Phase: "reading",
		CreatedBy: actor.User.ID, Params: string(params)}
	if err := a.Store.Tx(ctx, func(q store.Q) error { return q.QueueImportJob(ctx, job, data) }); err != nil {
		return "", err
	}
	go a.workImport(context.WithoutCancel(ctx), job.ID)
	return job.ID, nil
}

// importsJob works the queued imports.
func importsJob() Job {
	return Job{"imports", 10 * time.Second, func(a *App, ctx context.Context) error { return a.WorkImports(ctx) }}
}

// WorkImports fails the jobs that ran out of tries and works every job
// that waits or was left by a stopped server, one after the other.
func (a *App) WorkImports(ctx context.Context) error {
	now := a.Now()
	err := a.Store.Tx(ctx, func(q store.Q) error {
		_, err := q.FailStaleImportJobs(ctx, now, maxImportAttempts, store.ImportProblem{Key: "err.import_interrupted"})
		return err
	})
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		ok, err := a.workOne(ctx, "")
		if err != nil || !ok {
			return err
		}
	}
	return nil
}

func (a *App) workImport(ctx context.Context, id string) {
	if _, err := a.workOne(ctx, id); err != nil {
		a.Log.Warn("import job", "job", id, "err", err)
	}
}

// workOne claims a job (id, or any) and runs it; false means there was
// none to claim.
func (a *App) workOne(ctx context.Context, id string) (bool, error) {
	var job store.ImportJob
	var data []byte
	now := a.Now()
	err := a.Store.Tx(ctx, func(q store.Q) error {
		var err error
		job, data, err = q.ClaimImportJob(ctx, id, a.workerID(), now, now.Add(importLease))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	a.runImport(ctx, job, data)
	return true, nil
}

// importProgress is a running job's view of itself: Set records progress
// now and then; Lost says another server took the job over.
type importProgress struct {
	a    *App
	mu   sync.Mutex
	job  store.ImportJob
	last time.Time
	lost bool
}

// Set records the phase and rows done (at most a few times a second).
func (p *importProgress) Set(phase string, done, total int) {
	p.mu.Lock()
	p.job.Phase, p.job.Done, p.job.Total = phase, done, total
	due := time.Since(p.last) > 300*time.Millisecond || done == total
	p.mu.Unlock()
	if due {
		p.save(context.Background())
	}
}

// Lost reports whether the job's lease went to another server.
func (p *importProgress) Lost() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lost
}

func (p *importProgress) save(ctx context.Context) {
	p.mu.Lock()
	j := p.job
	if j.Status == store.JobRunning {
		j.LeaseUntil = p.a.Now().Add(importLease)
	}
	p.last = time.Now()
	p.mu.Unlock()
	err := p.a.Store.Tx(ctx, func(q store.Q) error { return q.UpdateImportJob(ctx, j) })
	if errors.Is(err, store.ErrNotFound) {
		p.mu.Lock()
		p.lost = true
		p.mu.Unlock()
		return
	}
	if err != nil {
		p.a.Log.Warn("import progress", "job", j.ID, "err", err)
	}
}

func (a *App) runImport(ctx context.Context, job store.ImportJob, data []byte) {
	p := &importProgress{a: a, job: job}
	stop := make(chan struct{})
	go func() { // the lease lives while the worker does
		t := time.NewTicker(importHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.save(ctx)
			}
		}
	}()
	n, probs, err := a.runImportKind(ctx, job, p, data)
	close(stop)
	p.mu.Lock()
	p.job.Status, p.job.Phase, p.job.Result, p.job.Problems = store.JobDone, "done", n, nil
	if err == nil && probs == nil {
		p.job.Done, p.job.Total = n, n
	}
	switch {
	case err != nil:
		a.Log.Error("import", "job", job.ID, "kind", job.Kind, "err", err)
		p.job.Status, p.job.Problems = store.JobFailed, []store.ImportProblem{{Key: "err.server"}}
	case probs != nil:
		p.job.Status, p.job.Problems = store.JobFailed, probs
	}
	p.job.LeaseUntil = time.Time{}
	p.mu.Unlock()
	if err == nil && probs == nil {
		return // recorded as done by the transaction that wrote the rows
	}
	p.save(ctx)
}

func (a *App) runImportKind(ctx context.Context, job store.ImportJob, p *importProgress, data []byte) (n int, probs []store.ImportProblem, err error) {
	defer func() {
		if v := recover(); v != nil {
			n, probs, err = 0, nil, errors.New("import panicked")
			a.Log.Error("import panic", "job", job.ID, "panic", v)
		}
	}()
	run, ok := a.wired.imports[job.Kind]
	if !ok {
		return 0, nil, errors.New("unknown import kind " + job.Kind)
	}
	var params importParams
	if err := json.Unmarshal([]byte(job.Params), &params); err != nil {
		return 0, nil, err
	}
	u, err := a.Store.Read().User(ctx, job.CreatedBy)
	if err != nil {
		return 0, nil, err
	}
	actor := Actor{User: &u, IP: params.IP, RequestID: params.RequestID}
	return run(a, ctx, actor, p, params.Args, data)
}

// hold checks, inside a use case's write transaction, that this worker
// still holds the job, and renews its lease: a worker whose job was taken
// over by another server writes nothing.
func (p *importProgress) hold(ctx context.Context, q store.Q) error {
	p.mu.Lock()
	j := p.job
	p.mu.Unlock()
	j.LeaseUntil = p.a.Now().Add(importLease)
	if err := q.UpdateImportJob(ctx, j); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errLeaseLost
		}
		return err
	}
	return nil
}

// finished marks the job done with n rows inside the transaction that
// wrote them: a server stopping right after the commit cannot leave the
// job to be run (and written) again.
func (p *importProgress) finished(ctx context.Context, q store.Q, n int) error {
	p.mu.Lock()
	j := p.job
	p.mu.Unlock()
	j.Status, j.Phase, j.Done, j.Total, j.Result, j.Problems, j.LeaseUntil = store.JobDone, "done", n, n, n, nil, time.Time{}
	if err := q.UpdateImportJob(ctx, j); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errLeaseLost
		}
		return err
	}
	return nil
}

var errLeaseLost = errors.New("import: the job was taken over by another server")
