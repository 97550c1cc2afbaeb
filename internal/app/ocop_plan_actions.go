package app

import (
	"context"
	"slices"
	"strconv"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/ocop"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Upgrade plan steps handed out as action items: the Sở assigns a step to
// the product's commune, the follow-ups area chases it, and the plan shows
// the item's state (overdue included, derived as everywhere).

// ocopPlanRef shows an upgrade plan step, linked to its product's page.
func ocopPlanRef(ctx context.Context, q store.Q, id string) (RefInfo, error) {
	pl, p, err := planWithProduct(ctx, q, id)
	return RefInfo{Label: planLabel(p, pl), Href: "/ocop/products/" + p.ID + "#plan-" + id, Opens: opensWith(ocop.View, p.UnitPath)}, err
}

func planWithProduct(ctx context.Context, q store.Q, planID string) (ocop.UpgradePlan, ocop.Product, error) {
	pl, err := q.Plan(ctx, planID)
	if err != nil {
		return pl, ocop.Product{}, err
	}
	p, err := q.Product(ctx, pl.ProductID)
	return pl, p, err
}

// planLabel names a plan where action items show their source (after
// "Kế hoạch nâng hạng OCOP:").
func planLabel(p ocop.Product, pl ocop.UpgradePlan) string {
	return "“" + p.Name + "” lên " + strconv.Itoa(pl.TargetStars) + " sao"
}

// PlanStepToAction hands one step of an upgrade plan to the product's
// commune as an action item, assigned by the actor's Sở unit and due on the
// step's date (else the plan's deadline), and links the step to it.
func (a *App) PlanStepToAction(ctx context.Context, actor Actor, planID, stepID string) (string, error) {
	return a.one(ctx, func(q store.Q) ([]string, error) {
		pl, p, err := planWithProduct(ctx, q, planID)
		if err != nil {
			return nil, err
		}
		if err := Must(actor, ocop.View, account.Unit(p.UnitPath)); err != nil {
			return nil, err
		}
		if err := Must(actor, followup.ActionAssign, account.Unit(p.UnitPath)); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(pl.Actions, func(s ocop.PlanAction) bool { return s.ID == stepID })
		if i < 0 {
			return nil, ErrNotFound
		}
		step := pl.Actions[i]
		if step.ActionItemID != "" || step.Done || pl.Status != ocop.PlanOpen {
			return nil, valid.Errors{"form": {Key: "ocop.err.step_not_open"}}
		}
		due := step.Due
		if due.IsZero() {
			due = pl.Deadline
		}
		ids, err := a.CreateActionItems(ctx, q, actor, []ActionItemInput{{Title: step.Text, OwnerUnitID: p.UnitID,
			AssignerUnitID: actor.User.UnitID, AssignerName: actor.User.Name, Due: due,
			Source: followup.Ref{Type: followup.TypeOcopPlan, ID: pl.ID, Label: planLabel(p, pl)}, SourceItemID: step.ID}})
		if err != nil {
			return nil, err
		}
		if err := q.LinkPlanStep(ctx, pl.ID, step.ID, ids[0]); err != nil {
			return nil, err
		}
		after := step
		after.ActionItemID = ids[0]
		return ids, Audit(ctx, q, actor, "ocop.plan.step_to_action", "ocop_plan", pl.ID, p.UnitID, step, after)
	})
}

// handedItems loads the action items the plans' steps were handed out as,
// by item ID.
func handedItems(ctx context.Context, q store.Q, plans []ocop.UpgradePlan) (map[string]store.ActionRow, error) {
	out := map[string]store.ActionRow{}
	for _, pl := range plans {
		for _, s := range pl.Actions {
			if s.ActionItemID == "" {
				continue
			}
			it, err := q.Action(ctx, s.ActionItemID)
			if err != nil {
				return nil, err
			}
			out[it.ID] = it
		}
	}
	return out, nil
}
