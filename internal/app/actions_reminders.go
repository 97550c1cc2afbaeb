package app

import (
	"context"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/notify"
	"khcn/internal/store"
)

// The follow-ups' own deadlines: the Sở's answers to recommendations, and
// action items.
// recAnswerReminder reminds units of the answers they owe.
func recAnswerReminder() ReminderSource {
	return ReminderSource{Name: "recommendation_answer", Label: "ntf.source.recommendation_answer",
		Defaults: notify.Timing{BeforeDays: 3, EscalateDays: 5, Enabled: true}, Due: recAnswersDue}
}

// actionReminder reminds owners of their action items.
func actionReminder() ReminderSource {
	return ReminderSource{Name: "action_item", Label: "ntf.source.action_item",
		Defaults: notify.Timing{BeforeDays: 7, EscalateDays: 7, Enabled: true}, Due: actionsDue}
}

// recAnswersDue: the assignee owes the unit an answer; late ones go up to
// the Sở's leaders.
func recAnswersDue(ctx context.Context, q store.Q, until civil.Date) ([]Reminder, error) {
	recs, err := q.Recommendations(ctx, store.RecFilter{Status: string(followup.RecAssigned)})
	if err != nil {
		return nil, err
	}
	leaders, err := soLeaders(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []Reminder
	for _, r := range recs {
		if r.AnswerDue.IsZero() || r.AnswerDue.After(until) {
			continue
		}
		out = append(out, Reminder{ID: r.ID, Due: r.AnswerDue, Title: unitLabel(r.Unit) + ": " + r.Title,
			Link: "/recommendations/" + r.ID, Owners: []string{r.AssigneeID}, Escalate: leaders})
	}
	return out, nil
}

// actionsDue: the owner unit (or person) owes the work; late ones go up to
// the assigning unit and the Sở's leaders.
func actionsDue(ctx context.Context, q store.Q, until civil.Date) ([]Reminder, error) {
	items, err := q.Actions(ctx, store.ActionFilter{Status: "open", DueTo: until}, 100000)
	if err != nil {
		return nil, err
	}
	leaders, err := soLeaders(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []Reminder
	for _, it := range items {
		owners := []string{it.OwnerUserID}
		if it.OwnerUserID == "" {
			if owners, err = unitUsers(ctx, q, it.Owner); err != nil {
				return nil, err
			}
		}
		assigner, err := q.Unit(ctx, it.AssignerUnitID)
		if err != nil {
			return nil, err
		}
		up, err := unitUsers(ctx, q, assigner)
		if err != nil {
			return nil, err
		}
		out = append(out, Reminder{ID: it.ID, Due: it.Due, Title: unitLabel(it.Owner) + ": " + it.Title,
			Link: "/actions/" + it.ID, Owners: owners, Escalate: append(up, leaders...)})
	}
	return out, nil
}
