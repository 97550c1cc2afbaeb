package app

import (
	"context"
	"fmt"
	"time"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/notify"
	"khcn/internal/store"
)

// outboxJob mails the outbox.
func outboxJob() Job {
	return Job{Name: "notify-outbox", Every: outboxEvery, Run: func(a *App, ctx context.Context) error {
		if !a.Mail.SMTP.Enabled() {
			// Email is off: notices live in the app only, and nothing piles
			// up to be mailed all at once the day a server is configured.
			return a.Store.Tx(ctx, func(q store.Q) error { return q.SkipPendingEmails(ctx) })
		}
		if _, err := a.QueueEmails(ctx); err != nil {
			return err
		}
		_, err := a.DeliverEmails(ctx)
		return err
	}}
}

// digestJob sends the daily digests.
func digestJob() Job {
	return Job{Name: "notify-digest", Every: 5 * time.Minute, Run: func(a *App, ctx context.Context) error {
		if !a.Mail.SMTP.Enabled() {
			return nil
		}
		_, err := a.SendDigests(ctx)
		return err
	}}
}

func outboxItems(ns []store.Notification) []store.OutboxItem {
	items := make([]store.OutboxItem, len(ns))
	for i, n := range ns {
		items[i] = store.OutboxItem{Kind: n.Kind, Key: n.Key, Args: n.Args, Link: n.Link, At: n.CreatedAt}
	}
	return items
}

// QueueEmails puts the notices of users who want them at once into the
// outbox: one email per user holding everything that arrived since the last
// run, so a burst of notices is one message, not a flood. Notices of users
// without an address are marked as never to be emailed.
func (a *App) QueueEmails(ctx context.Context) (int, error) {
	users, err := a.Store.Read().PendingEmailUsers(ctx, false, 500)
	if err != nil {
		return 0, err
	}
	return a.enqueue(ctx, users, "notice", func(q store.Q, u store.EmailUser) (bool, error) {
		if u.Email == "" || u.Disabled {
			_, err := q.TakeNotifications(ctx, u.ID, store.EmailNone)
			return false, err
		}
		return true, nil
	})
}

// SendDigests builds each daily-digest user's one email of the day once the
// digest hour has come. A digest with nothing in it is not sent; q.Once makes
// it one per user and day however many servers run the job.
func (a *App) SendDigests(ctx context.Context) (int, error) {
	local := a.Now().In(locale.Zone)
	if local.Hour() < a.Mail.DigestHour {
		return 0, nil
	}
	day := civil.Of(local)
	users, err := a.Store.Read().PendingEmailUsers(ctx, true, 5000)
	if err != nil {
		return 0, err
	}
	return a.enqueue(ctx, users, "digest", func(q store.Q, u store.EmailUser) (bool, error) {
		return q.Once(ctx, "digest:"+u.ID+":"+day.String(), a.Now())
	})
}

// enqueue turns each user's waiting notices into one outbox email, in one
// transaction per user, when gate lets it. Taking the notices is atomic, so
// two servers never queue the same notice twice.
func (a *App) enqueue(ctx context.Context, users []store.EmailUser, kind string, gate func(q store.Q, u store.EmailUser) (bool, error)) (int, error) {
	queued := 0
	for _, u := range users {
		made := false
		err := a.Store.Tx(ctx, func(q store.Q) error {
			made = false
			ok, err := gate(q, u)
			if err != nil || !ok {
				return err
			}
			ns, err := q.TakeNotifications(ctx, u.ID, store.EmailQueued)
			if err != nil || len(ns) == 0 {
				return err
			}
			made = true
			return q.InsertOutbox(ctx, store.OutboxMsg{ID: store.NewID(), UserID: u.ID, To: u.Email, Lang: u.Lang, Kind: kind,
				Items: outboxItems(ns), CreatedAt: a.Now()})
		})
		if err != nil {
			return queued, err
		}
		if made {
			queued++
		}
	}
	return queued, nil
}

// DeliverEmails sends what is due in the outbox over one SMTP session per
// batch. Each row is claimed in the database first, so two servers never
// send the same message; a failure leaves the row pending with a later
// retry time, so an SMTP outage delays mail but never loses it.
func (a *App) DeliverEmails(ctx context.Context) (int, error) {
	if !a.Mail.SMTP.Enabled() {
		return 0, nil
	}
	sent := 0
	for {
		var msgs []store.OutboxMsg
		now := a.Now()
		err := a.Store.Tx(ctx, func(q store.Q) error {
			var err error
			msgs, err = q.ClaimOutbox(ctx, a.instance(), now, now.Add(claimLease), outboxBatch)
			return err
		})
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		n, err := a.sendBatch(ctx, msgs)
		sent += n
		if err != nil {
			return sent, err
		}
		if len(msgs) < outboxBatch {
			return sent, nil
		}
	}
}

// sendBatch sends claimed messages; an error means the server could not be
// reached and the batch was put back for later.
func (a *App) sendBatch(ctx context.Context, msgs []store.OutboxMsg) (int, error) {
	stop := a.renewClaims(ctx)
	defer stop()
	conn, err := a.Mail.SMTP.Dial(ctx)
	if err != nil {
		for _, m := range msgs {
			if rerr := a.retryLater(ctx, m, err); rerr != nil {
				return 0, rerr
			}
		}
		return 0, fmt.Errorf("smtp %s: %w", a.Mail.SMTP.Host, err)
	}
	defer conn.Close()
	sent := 0
	for _, m := range msgs {
		var held bool
		err := a.Store.Tx(ctx, func(q store.Q) error {
			var err error
			now := a.Now()
			held, err = q.KeepClaim(ctx, m.ID, a.instance(), now, now.Add(claimLease))
			return err
		})
		if err != nil {
			return sent, err
		}
		if !held {
			continue
		}
		if serr := conn.Send(notify.Compose(m, a.Mail.BaseURL)); serr != nil {
			a.Log.Warn("email not sent", "outbox", m.ID, "err", serr)
			if err := a.retryLater(ctx, m, serr); err != nil {
				return sent, err
			}
			continue
		}
		if err := a.Store.Tx(ctx, func(q store.Q) error { return q.MarkOutboxSent(ctx, m.ID, a.instance(), a.Now()) }); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// renewClaims renews this server's claims every claimRenew until stop is
// called, so a slow SMTP server never lets the lease run out under a batch
// that is being sent, while a dead server's lease does.
func (a *App) renewClaims(ctx context.Context) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(claimRenew)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			err := a.Store.Tx(ctx, func(q store.Q) error {
				now := a.Now()
				_, err := q.RenewClaims(ctx, a.instance(), now, now.Add(claimLease))
				return err
			})
			if err != nil && ctx.Err() == nil {
				a.Log.Warn("outbox claims not renewed", "err", err)
			}
		}
	}()
	return func() { close(done); <-finished }
}

// retryLater releases a message with its next attempt time, or gives it up
// when the server refused it for good or it has waited too long.
func (a *App) retryLater(ctx context.Context, m store.OutboxMsg, cause error) error {
	now := a.Now()
	final := notify.Permanent(cause) || now.Sub(m.CreatedAt) > notify.GiveUpAfter
	next := now.Add(notify.Backoff(m.Attempts + 1))
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	return a.Store.Tx(ctx, func(q store.Q) error { return q.MarkOutboxRetry(ctx, m.ID, a.instance(), next, msg, final) })
}
