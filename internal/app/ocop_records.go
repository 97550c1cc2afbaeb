package app

import (
	"context"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/ocop"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// SaveEvaluation records (id "") or corrects an OCOP evaluation of a
// product. Recorded by a commune it waits for the Sở to verify it against
// the decision; recorded by the Sở it is verified at once. A commune's
// correction of a verified evaluation needs verifying again.
func (a *App) SaveEvaluation(ctx context.Context, actor Actor, productID, id string, in ocop.EvaluationInput, version int) (string, error) {
	ref, err := a.OcopReference(ctx)
	if err != nil {
		return "", err
	}
	ev, e := in.Parse(ref.Bands, a.today())
	err = a.Store.Tx(ctx, func(q store.Q) error {
		p, err := q.Product(ctx, productID)
		if err != nil {
			return err
		}
		if err := Must(actor, ocop.Evaluate, account.Unit(p.UnitPath)); err != nil {
			return err
		}
		if e != nil {
			return e
		}
		ev.ProductID = productID
		ev.Review = ocop.Pending
		if account.Can(actor.User, ocop.Verify, account.Unit(p.UnitPath)) {
			ev.Review = ocop.Verified
		}
		var before *ocop.Evaluation
		if id == "" {
			ev.ID = store.NewID()
			err = q.InsertEvaluation(ctx, ev)
		} else {
			old, err := q.Evaluation(ctx, id)
			if err != nil || old.ProductID != productID {
				return ErrNotFound
			}
			before = &old
			ev.ID, ev.Version = id, version
			err = q.UpdateEvaluation(ctx, ev)
			if err != nil {
				return err
			}
		}
		if err != nil {
			return err
		}
		if ev.Review == ocop.Pending {
			if err := a.notifySo(ctx, q, "ocop.eval_pending", "ocop.notice.eval_pending", p.Name, "/ocop/products/"+p.ID); err != nil {
				return err
			}
		}
		return Audit(ctx, q, actor, auditAction("ocop.evaluation", before == nil), "ocop_evaluation", ev.ID, p.UnitID, before, ev)
	})
	return ev.ID, err
}

// notifySo tells the Sở's specialists about something to check.
func (a *App) notifySo(ctx context.Context, q store.Q, kind, key, arg, link string) error {
	users, err := q.UsersWithRole(ctx, account.SoSpecialist, "")
	if err != nil {
		return err
	}
	var ids []string
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return a.Notify(ctx, q, Notice{UserIDs: ids, Kind: kind, Key: key, Args: []string{arg}, Link: link})
}

// VerifyEvaluation marks an evaluation as checked against its decision.
func (a *App) VerifyEvaluation(ctx context.Context, actor Actor, id string, version int) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		ev, err := q.Evaluation(ctx, id)
		if err != nil {
			return err
		}
		p, err := q.Product(ctx, ev.ProductID)
		if err != nil {
			return err
		}
		if err := Must(actor, ocop.Verify, account.Unit(p.UnitPath)); err != nil {
			return err
		}
		if err := q.SetOcopReview(ctx, "evaluation", id, ocop.Verified, version); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "ocop.evaluation.verify", "ocop_evaluation", id, p.UnitID,
			map[string]string{"review": string(ev.Review)}, map[string]string{"review": string(ocop.Verified)})
	})
}

// SavePlan creates (id "") or updates an upgrade plan of a product. The
// target must be above the product's current stars.
func (a *App) SavePlan(ctx context.Context, actor Actor, productID, id string, in ocop.PlanInput, version int) (string, error) {
	var plan ocop.UpgradePlan
	err := a.Store.Tx(ctx, func(q store.Q) error {
		p, err := q.Product(ctx, productID)
		if err != nil {
			return err
		}
		if err := Must(actor, ocop.Plan, account.Unit(p.UnitPath)); err != nil {
			return err
		}
		evals, err := q.EvaluationsOf(ctx, productID)
		if err != nil {
			return err
		}
		cur, _ := ocop.Current(evals, a.today())
		var e valid.Errors
		plan, e = in.Parse(cur.Stars, a.today())
		if e != nil {
			return e
		}
		plan.ProductID = productID
		var before *ocop.UpgradePlan
		if id == "" {
			plan.ID = store.NewID()
		} else {
			old, err := q.Plan(ctx, id)
			if err != nil || old.ProductID != productID {
				return ErrNotFound
			}
			if version < 1 {
				return ErrConflict // version 0 means "insert" to the store: never on an edit
			}
			before = &old
			plan.ID, plan.Version = id, version
			keepLinks(&plan, old)
		}
		if err := q.SavePlan(ctx, plan); err != nil {
			return err
		}
		return Audit(ctx, q, actor, auditAction("ocop.plan", before == nil), "ocop_plan", plan.ID, p.UnitID, before, plan)
	})
	return plan.ID, err
}

// keepLinks carries action-item links of unchanged steps over an edit.
func keepLinks(p *ocop.UpgradePlan, old ocop.UpgradePlan) {
	for i := range p.Actions {
		for _, o := range old.Actions {
			if o.ID == p.Actions[i].ID {
				p.Actions[i].ActionItemID = o.ActionItemID
			}
		}
	}
}

// Plan returns one plan if the actor may see its product.
func (a *App) Plan(ctx context.Context, actor Actor, id string) (ocop.UpgradePlan, ocop.Product, error) {
	q := a.Store.Read()
	pl, err := q.Plan(ctx, id)
	if err != nil {
		return pl, ocop.Product{}, err
	}
	p, err := q.Product(ctx, pl.ProductID)
	if err != nil {
		return pl, p, err
	}
	return pl, p, Must(actor, ocop.View, account.Unit(p.UnitPath))
}

// IPForm is an IP title as typed, with where it belongs, what it covers and
// the task that produced it.
type IPForm struct {
	ocop.IPInput
	UnitID, OrigUnitID, OrigAddress string
	ProductCodes                    []string // codes or IDs of products covered
	TaskID                          string   // an approved task (see SearchTasks)
	Version                         int
}

// SaveIP creates (id "") or updates an IP title.
func (a *App) SaveIP(ctx context.Context, actor Actor, id string, in IPForm) (string, error) {
	t, e := in.Check(a.today())
	err := a.Store.Tx(ctx, func(q store.Q) error {
		var before *ocop.IPTitle
		if id != "" {
			old, err := q.IPTitle(ctx, id)
			if err != nil {
				return err
			}
			if err := Must(actor, ocop.Edit, account.Unit(old.UnitPath)); err != nil {
				return err
			}
			if in.Version < 1 {
				return ErrConflict // version 0 means "insert" to the store: never on an edit
			}
			before = &old
			t.ID, t.Version, t.Place = id, in.Version, old.Place
		} else {
			recorded := in.UnitID
			if in.OrigUnitID != "" {
				recorded = in.OrigUnitID
			}
			if recorded == "" {
				e.Add("unit_id", "err.required")
			} else if err := a.placeRecord(ctx, q, actor, &t.Place, recorded, in.UnitID, in.OrigAddress, "unit_id", &e); err != nil {
				return err
			}
		}
		if err := a.resolveProducts(ctx, q, actor, in.ProductCodes, &t, &e); err != nil {
			return err
		}
		if t.TaskID = in.TaskID; t.TaskID != "" && (before == nil || before.TaskID != t.TaskID) {
			_, err := taskFor(ctx, q, actor, t.TaskID)
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
				e.Add("task_id", "ocop.err.task_unknown")
			} else if err != nil {
				return err
			}
		}
		if e != nil {
			return e
		}
		t.Review = ocop.Pending
		if account.Can(actor.User, ocop.Verify, account.Unit(t.UnitPath)) {
			t.Review = ocop.Verified
		}
		if before == nil {
			t.ID = store.NewID()
		}
		if err := q.SaveIP(ctx, t); err != nil {
			return err
		}
		if t.Review == ocop.Pending {
			if err := a.notifySo(ctx, q, "ocop.ip_pending", "ocop.notice.ip_pending", t.Name, "/ocop/ip/"+t.ID); err != nil {
				return err
			}
		}
		return Audit(ctx, q, actor, auditAction("ocop.ip", before == nil), "ocop_ip", t.ID, t.UnitID, before, t)
	})
	return t.ID, err
}

// resolveProducts finds the products a title covers by code or ID; each must
// be visible to the actor.
func (a *App) resolveProducts(ctx context.Context, q store.Q, actor Actor, refs []string, t *ocop.IPTitle, e *valid.Errors) error {
	t.ProductIDs = nil
	for _, ref := range refs {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			continue
		}
		p, err := q.Product(ctx, ref)
		if errors.Is(err, store.ErrNotFound) {
			var pid string
			pid, err = q.ProductIDByCode(ctx, ref)
			if err == nil {
				p, err = q.Product(ctx, pid)
			}
		}
		if errors.Is(err, store.ErrNotFound) || (err == nil && !account.Can(actor.User, ocop.View, account.Unit(p.UnitPath))) {
			e.Add("products", "ocop.err.product_unknown", ref)
			continue
		}
		if err != nil {
			return err
		}
		if !contains(t.ProductIDs, p.ID) {
			t.ProductIDs = append(t.ProductIDs, p.ID)
		}
	}
	return nil
}

// VerifyIP marks an IP title as checked against its certificate.
func (a *App) VerifyIP(ctx context.Context, actor Actor, id string, version int) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		t, err := q.IPTitle(ctx, id)
		if err != nil {
			return err
		}
		if err := Must(actor, ocop.Verify, account.Unit(t.UnitPath)); err != nil {
			return err
		}
		if err := q.SetOcopReview(ctx, "ip", id, ocop.Verified, version); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "ocop.ip.verify", "ocop_ip", id, t.UnitID,
			map[string]string{"review": string(t.Review)}, map[string]string{"review": string(ocop.Verified)})
	})
}

// IPView is an IP title with the products it covers and its task link.
type IPView struct {
	Title    ocop.IPTitle
	Products []ocop.Product
	Task     TaskLink
	HasTask  bool
}

// IPTitle returns a title's page if the actor may see it.
func (a *App) IPTitle(ctx context.Context, actor Actor, id string) (IPView, error) {
	q := a.Store.Read()
	t, err := q.IPTitle(ctx, id)
	if err != nil {
		return IPView{}, err
	}
	if err := Must(actor, ocop.View, account.Unit(t.UnitPath)); err != nil {
		return IPView{}, err
	}
	v := IPView{Title: t}
	for _, pid := range t.ProductIDs {
		p, err := q.Product(ctx, pid)
		if err != nil {
			return v, err
		}
		v.Products = append(v.Products, p)
	}
	if t.TaskID != "" {
		v.Task, err = taskLink(ctx, q, actor, t.TaskID)
		v.HasTask = err == nil
		if errors.Is(err, ErrNotFound) {
			err = nil
		}
	}
	return v, err
}

// Evaluation returns one evaluation if the actor may see its product.
func (a *App) Evaluation(ctx context.Context, actor Actor, id string) (ocop.Evaluation, error) {
	q := a.Store.Read()
	ev, err := q.Evaluation(ctx, id)
	if err != nil {
		return ev, err
	}
	p, err := q.Product(ctx, ev.ProductID)
	if err != nil {
		return ev, err
	}
	return ev, Must(actor, ocop.View, account.Unit(p.UnitPath))
}
