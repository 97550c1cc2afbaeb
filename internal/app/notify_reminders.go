package app

import (
	"context"
	"strconv"
	"time"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/notify"
	"khcn/internal/store"
)

// Reminder is one deadline someone has to meet.
type Reminder struct {
	ID       string // the object's ID
	Due      civil.Date
	Title    string // what is due, as text ("Xã Mê Linh: Xây dựng nhãn hiệu…")
	Link     string
	Owners   []string // users reminded at every stage
	Escalate []string // Sở users told once it is late by EscalateDays
}

// ReminderSource is a kind of deadline: recommendation answers, action
// items, and report deadlines from the programmes area. Due lists the open
// deadlines on or before until.
type ReminderSource struct {
	Name     string // stable key, also the settings row
	Label    string // catalogue key shown on the settings page
	Defaults notify.Timing
	Due      func(ctx context.Context, q store.Q, until civil.Date) ([]Reminder, error)
}

// remindersJob sends the reminders due.
func remindersJob() Job {
	return Job{Name: "notify-reminders", Every: time.Hour, Run: func(a *App, ctx context.Context) error {
		_, err := a.SendReminders(ctx)
		return err
	}}
}

// ReminderTiming is a source's timing: the saved one, or its defaults.
type ReminderTiming struct {
	Source ReminderSource
	notify.Timing
	Version int
}

func (a *App) reminderTimings(ctx context.Context, q store.Q) ([]ReminderTiming, error) {
	saved, err := q.ReminderSettings(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ReminderTiming, 0, len(a.wired.reminders))
	for _, src := range a.wired.reminders {
		t := ReminderTiming{Source: src, Timing: src.Defaults}
		if s, ok := saved[src.Name]; ok {
			t.Timing = notify.Timing{BeforeDays: s.BeforeDays, EscalateDays: s.EscalateDays, Enabled: s.Enabled}
			t.Version = s.Version
		}
		out = append(out, t)
	}
	return out, nil
}

// SendReminders sends the reminders due today: before the deadline, on the
// day, after it, and the escalation to the Sở. Each (deadline, stage) goes
// out once, whichever server runs the job first (q.Once); the notices then
// follow each person's choice of immediate email or daily digest.
func (a *App) SendReminders(ctx context.Context) (int, error) {
	today := a.today()
	read := a.Store.Read()
	timings, err := a.reminderTimings(ctx, read)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, t := range timings {
		if !t.Enabled {
			continue
		}
		due, err := t.Source.Due(ctx, read, today.AddDays(t.BeforeDays))
		if err != nil {
			return sent, err
		}
		for _, r := range due {
			stage := notify.StageOn(r.Due, today, t.Timing)
			if stage == notify.StageNone {
				continue
			}
			key := "remind:" + t.Source.Name + ":" + r.ID + ":" + r.Due.String() + ":" + string(stage)
			err := a.Store.Tx(ctx, func(q store.Q) error {
				first, err := q.Once(ctx, key, a.Now())
				if err != nil || !first {
					return err
				}
				sent++
				users := r.Owners
				if stage == notify.StageEscalate {
					users = append(append([]string(nil), r.Owners...), r.Escalate...)
				}
				days := today.DaysUntil(r.Due)
				if days < 0 {
					days = -days
				}
				return a.Notify(ctx, q, Notice{UserIDs: users, Kind: "reminder." + t.Source.Name, Key: "ntf.remind." + string(stage),
					Args: []string{r.Title, locale.Date(r.Due), strconv.Itoa(days)}, Link: r.Link})
			})
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}
