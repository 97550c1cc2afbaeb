package app

import (
	"context"
	"sync"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
)

// Job runs periodically inside every server process. It must be safe when
// several servers run it at once (claim work in the database, never in memory).
type Job struct {
	Name  string
	Every time.Duration
	Run   func(a *App, ctx context.Context) error
}

// expireSessionsJob removes expired sessions, old throttle rows and old clients.
func expireSessionsJob() Job {
	return Job{"expire-sessions", time.Hour, func(a *App, ctx context.Context) error {
		now := a.Now()
		return a.Store.Tx(ctx, func(q store.Q) error {
			if _, err := q.DeleteExpiredSessions(ctx, now); err != nil {
				return err
			}
			if _, err := q.DeleteOldThrottle(ctx, now.Add(-account.LoginBackoff.Window), now); err != nil {
				return err
			}
			_, err := q.DeleteOldClients(ctx, now.Add(-knownFor))
			return err
		})
	}}
}

// RunBackground runs the periodic jobs until ctx ends, and returns once
// every job has stopped (a run under way finishes first). No external cron
// is needed.
func (a *App) RunBackground(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, j := range a.wired.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(j.Every)
			defer t.Stop()
			for {
				if err := j.Run(a, ctx); err != nil && ctx.Err() == nil {
					a.Log.Warn("background job failed", "job", j.Name, "err", err)
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
