package app

import (
	"context"

	"khcn/internal/civil"
	"khcn/internal/council"
	"khcn/internal/notify"
	"khcn/internal/store"
)

// councilSheetsReminder reminds council members of their sheets.
func councilSheetsReminder() ReminderSource {
	return ReminderSource{Name: "council_sheets", Label: "ntf.source.council_sheets",
		Defaults: notify.Timing{BeforeDays: 5, Enabled: true}, Due: councilSheetsDue}
}

// councilSheetsDue: each member with a login whose declarations or sheets
// are missing owes them before the meeting (the meeting date less the rule
// set's days for written evaluations), through the existing reminders.
func councilSheetsDue(ctx context.Context, q store.Q, until civil.Date) ([]Reminder, error) {
	ks, err := q.Councils(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []Reminder
	for _, k := range ks {
		if k.State != store.CouncilPackSent || k.MeetingDate.IsZero() {
			continue
		}
		b, err := loadBoard(ctx, q, k.ID)
		if err != nil {
			return nil, err
		}
		due := k.MeetingDate.AddDays(-b.Rules.SheetsBeforeDays)
		if due.After(until) {
			continue
		}
		for _, m := range b.Members {
			if m.UserID == "" {
				continue
			}
			owes := false
			for _, p := range b.Proposals {
				switch b.standing(m.ID, p) {
				case council.Undeclared:
					owes = true
				case council.NotRecused:
					if b.sheets[p.ProposalID][m.ID].State != council.SheetSubmitted {
						owes = true
					}
				}
			}
			if owes {
				out = append(out, Reminder{ID: k.ID + ":" + m.ID, Due: due, Title: k.Name, Link: "/councils/" + k.ID, Owners: []string{m.UserID}})
			}
		}
	}
	return out, nil
}
