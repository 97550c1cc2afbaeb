package app

import (
	"context"
	"khcn/internal/store"
	"time"
)

// backgroundJobs run periodically inside every server process; each must be
// safe when several servers run it at once. Areas append theirs.
var backgroundJobs = []struct {
	name  string
	every time.Duration
	run   func(a *App, ctx context.Context) error
}{
	{"expire-sessions", time.Hour, func(a *App, ctx context.Context) error {
		return a.Store.Tx(ctx, func(q store.Q) error {
			_, err := q.DeleteExpiredSessions(ctx, a.Now())
			return err
		})
	}},
}

// RunBackground runs the periodic jobs until ctx ends. No external cron is
// needed.
func (a *App) RunBackground(ctx context.Context) {
	for _, j := range backgroundJobs {
		go func() {
			t := time.NewTicker(j.every)
			defer t.Stop()
			for {
				if err := j.run(a, ctx); err != nil && ctx.Err() == nil {
					a.Log.Warn("background job failed", "job", j.name, "err", err)
				}
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
	<-ctx.Done()
}
