package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/notify"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// MailStatus is what the administrator sees of email: the settings (never
// the password), the outbox and the reminder timings.
type MailStatus struct {
	SMTP    notify.SMTP
	BaseURL string
	Counts  map[string]int
	Failed  []store.OutboxMsg
	Recent  []store.OutboxMsg
	Timings []ReminderTiming
}

// MailStatus returns the state of email for the administration page.
func (a *App) MailStatus(ctx context.Context, actor Actor) (MailStatus, error) {
	if err := Must(actor, followup.NotifyAdmin, account.None); err != nil {
		return MailStatus{}, err
	}
	q := a.Store.Read()
	st := MailStatus{SMTP: a.Mail.SMTP, BaseURL: a.Mail.BaseURL}
	st.SMTP.Password = ""
	var err error
	if st.Counts, err = q.OutboxCounts(ctx); err != nil {
		return st, err
	}
	if st.Failed, err = q.OutboxList(ctx, store.OutboxFailed, 100); err != nil {
		return st, err
	}
	if st.Recent, err = q.OutboxList(ctx, "", 50); err != nil {
		return st, err
	}
	st.Timings, err = a.reminderTimings(ctx, q)
	return st, err
}

// RequeueEmail sends a failed email again.
func (a *App) RequeueEmail(ctx context.Context, actor Actor, id string) error {
	if err := Must(actor, followup.NotifyAdmin, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if err := q.RequeueOutbox(ctx, id, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "outbox.requeue", "outbox", id, "", nil, nil)
	})
}

// SaveReminderTiming sets when reminders of one source go out.
func (a *App) SaveReminderTiming(ctx context.Context, actor Actor, source string, t notify.Timing, version int) error {
	if err := Must(actor, followup.NotifyAdmin, account.None); err != nil {
		return err
	}
	var e valid.Errors
	if t.BeforeDays < 0 || t.BeforeDays > 60 {
		e.Add("before_days", "err.fu.days_range", 0, 60)
	}
	if t.EscalateDays < 0 || t.EscalateDays > 90 {
		e.Add("escalate_days", "err.fu.days_range", 0, 90)
	}
	if err := e.Err(); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		timings, err := a.reminderTimings(ctx, q)
		if err != nil {
			return err
		}
		for _, old := range timings {
			if old.Source.Name != source {
				continue
			}
			if err := q.SaveReminderSetting(ctx, store.ReminderSetting{Source: source, BeforeDays: t.BeforeDays, EscalateDays: t.EscalateDays,
				Enabled: t.Enabled, Version: version}, a.Now()); err != nil {
				return err
			}
			return Audit(ctx, q, actor, "reminder.settings", "reminder_settings", source, "", old.Timing, t)
		}
		return ErrNotFound
	})
}

// SendTestEmail sends the administrator a notice, to check the whole way to
// their mailbox.
func (a *App) SendTestEmail(ctx context.Context, actor Actor) error {
	if err := Must(actor, followup.NotifyAdmin, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		return a.Notify(ctx, q, Notice{UserIDs: []string{actor.User.ID}, Kind: "system.test", Key: "ntf.test", Link: "/admin/notifications"})
	})
}
