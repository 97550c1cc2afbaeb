package app

import (
	"context"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Programmes lists the programmes for anyone who may read them.
func (a *App) Programmes(ctx context.Context, actor Actor) ([]programme.Programme, error) {
	if err := Must(actor, programme.View, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().Programmes(ctx)
}

// ProgrammeInfo is a programme with everything configured under it.
type ProgrammeInfo struct {
	Programme  programme.Programme
	Indicators []programme.Indicator
	Rules      []programme.Rule
	Periods    []programme.Period
	Divisions  map[string]orgunit.Unit
}

// Programme returns a programme and its configuration.
func (a *App) Programme(ctx context.Context, actor Actor, id string) (ProgrammeInfo, error) {
	if err := Must(actor, programme.View, account.None); err != nil {
		return ProgrammeInfo{}, err
	}
	return loadProgramme(ctx, a.Store.Read(), id)
}

func loadProgramme(ctx context.Context, q store.Q, id string) (ProgrammeInfo, error) {
	info, err := loadCore(ctx, q, id)
	if err != nil {
		return info, err
	}
	if info.Rules, err = q.Rules(ctx, id); err != nil {
		return info, err
	}
	var divIDs []string
	for _, i := range info.Indicators {
		if i.DivisionID != "" {
			divIDs = append(divIDs, i.DivisionID)
		}
	}
	divs, err := q.UnitsByIDs(ctx, divIDs)
	info.Divisions = map[string]orgunit.Unit{}
	for _, d := range divs {
		info.Divisions[d.ID] = d
	}
	return info, err
}

// loadCore reads a programme, its indicators and periods: what dashboards
// need.
func loadCore(ctx context.Context, q store.Q, id string) (ProgrammeInfo, error) {
	var info ProgrammeInfo
	var err error
	if info.Programme, err = q.Programme(ctx, id); err != nil {
		return info, err
	}
	if info.Indicators, err = q.Indicators(ctx, id); err != nil {
		return info, err
	}
	info.Periods, err = q.Periods(ctx, id)
	return info, err
}

// Period returns a period of the programme.
func (info ProgrammeInfo) Period(id string) (programme.Period, bool) {
	for _, p := range info.Periods {
		if p.ID == id {
			return p, true
		}
	}
	return programme.Period{}, false
}

// SaveProgramme creates (empty ID) or updates a programme; the ID is
// returned.
func (a *App) SaveProgramme(ctx context.Context, actor Actor, p programme.Programme) (string, error) {
	if !actor.system() {
		if err := Must(actor, programme.Manage, account.None); err != nil {
			return "", err
		}
	}
	p.Code, p.Title, p.Issuer, p.Goals = strings.TrimSpace(p.Code), strings.TrimSpace(p.Title), strings.TrimSpace(p.Issuer), strings.TrimSpace(p.Goals)
	if err := p.Validate().Err(); err != nil {
		return "", err
	}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		if p.ID == "" {
			p.ID = store.NewID()
			if err := q.InsertProgramme(ctx, p); err != nil {
				return dupAt(err, "code", "err.prog.code_taken")
			}
			return Audit(ctx, q, actor, "programme.create", "programme", p.ID, "", nil, p)
		}
		before, err := q.Programme(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := q.UpdateProgramme(ctx, p); err != nil {
			return dupAt(err, "code", "err.prog.code_taken")
		}
		return Audit(ctx, q, actor, "programme.update", "programme", p.ID, "", before, p)
	})
	return p.ID, err
}

// dupAt turns a duplicate key into a problem at field.
func dupAt(err error, field, key string) error {
	if errors.Is(err, store.ErrDuplicate) {
		var e valid.Errors
		e.Add(field, key)
		return e
	}
	return err
}

// SaveIndicator creates (empty ID) or updates an indicator. Its formula is
// checked with the whole programme: unknown codes and cycles are refused.
func (a *App) SaveIndicator(ctx context.Context, actor Actor, ind programme.Indicator) (string, error) {
	if !actor.system() {
		if err := Must(actor, programme.Manage, account.None); err != nil {
			return "", err
		}
	}
	ind.Code, ind.Name, ind.Formula = strings.TrimSpace(ind.Code), strings.TrimSpace(ind.Name), strings.TrimSpace(ind.Formula)
	if err := ind.Validate().Err(); err != nil {
		return "", err
	}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		all, err := q.Indicators(ctx, ind.ProgrammeID)
		if err != nil {
			return err
		}
		if _, err := q.Programme(ctx, ind.ProgrammeID); err != nil {
			return err
		}
		var before *programme.Indicator
		next := []programme.Indicator{}
		for _, o := range all {
			if o.ID == ind.ID {
				o := o
				before = &o
				continue
			}
			if o.Code == ind.Code {
				var e valid.Errors
				e.Add("code", "err.prog.code_taken")
				return e
			}
			next = append(next, o)
		}
		if ind.ID != "" && before == nil {
			return ErrNotFound
		}
		next = append(next, ind)
		if e := programme.CheckFormulas(next); len(e) > 0 {
			return e
		}
		if before != nil && before.Code != ind.Code && usedBy(next, before.Code) {
			var e valid.Errors
			e.Add("code", "err.prog.code_in_use", before.Code)
			return e
		}
		if ind.ID == "" {
			ind.ID = store.NewID()
			if ind.Position == 0 {
				ind.Position = len(all) + 1
			}
			if err := q.InsertIndicator(ctx, ind); err != nil {
				return dupAt(err, "code", "err.prog.code_taken")
			}
			return Audit(ctx, q, actor, "indicator.create", "indicator", ind.ID, "", nil, ind)
		}
		if err := q.UpdateIndicator(ctx, ind); err != nil {
			return dupAt(err, "code", "err.prog.code_taken")
		}
		return Audit(ctx, q, actor, "indicator.update", "indicator", ind.ID, "", before, ind)
	})
	return ind.ID, err
}

// usedBy reports whether any formula uses code.
func usedBy(inds []programme.Indicator, code string) bool {
	for _, i := range inds {
		if !i.Computed() {
			continue
		}
		if x, err := programme.ParseExpr(i.Formula); err == nil {
			for _, c := range x.Refs() {
				if c == code {
					return true
				}
			}
		}
	}
	return false
}

// AddRule adds a cross-indicator rule to a programme.
func (a *App) AddRule(ctx context.Context, actor Actor, r programme.Rule) error {
	if !actor.system() {
		if err := Must(actor, programme.Manage, account.None); err != nil {
			return err
		}
	}
	r.Left, r.Right, r.Message = strings.TrimSpace(r.Left), strings.TrimSpace(r.Right), strings.TrimSpace(r.Message)
	return a.Store.Tx(ctx, func(q store.Q) error {
		inds, err := q.Indicators(ctx, r.ProgrammeID)
		if err != nil {
			return err
		}
		if e := r.Validate(inds); len(e) > 0 {
			return e
		}
		r.ID = store.NewID()
		if err := q.InsertRule(ctx, r); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "rule.create", "programme", r.ProgrammeID, "", nil, r)
	})
}

// DeleteRule removes a rule.
func (a *App) DeleteRule(ctx context.Context, actor Actor, programmeID, ruleID string) error {
	if err := Must(actor, programme.Manage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		rules, err := q.Rules(ctx, programmeID)
		if err != nil {
			return err
		}
		for _, r := range rules {
			if r.ID == ruleID {
				if err := q.DeleteRule(ctx, programmeID, ruleID); err != nil {
					return err
				}
				return Audit(ctx, q, actor, "rule.delete", "programme", programmeID, "", r, nil)
			}
		}
		return ErrNotFound
	})
}

// SavePeriod creates (empty ID) or updates a reporting period.
func (a *App) SavePeriod(ctx context.Context, actor Actor, p programme.Period) (string, error) {
	if !actor.system() {
		if err := Must(actor, programme.Manage, account.None); err != nil {
			return "", err
		}
	}
	p.Code, p.Name = strings.TrimSpace(p.Code), strings.TrimSpace(p.Name)
	if err := p.Validate().Err(); err != nil {
		return "", err
	}
	err := a.Store.Tx(ctx, func(q store.Q) error {
		if _, err := q.Programme(ctx, p.ProgrammeID); err != nil {
			return err
		}
		if p.ID == "" {
			p.ID = store.NewID()
			if err := q.InsertPeriod(ctx, p); err != nil {
				return dupAt(err, "code", "err.prog.code_taken")
			}
			return Audit(ctx, q, actor, "period.create", "period", p.ID, "", nil, p)
		}
		before, err := q.Period(ctx, p.ID)
		if err != nil {
			return err
		}
		if before.ProgrammeID != p.ProgrammeID {
			return ErrNotFound
		}
		if err := q.UpdatePeriod(ctx, p); err != nil {
			return dupAt(err, "code", "err.prog.code_taken")
		}
		return Audit(ctx, q, actor, "period.update", "period", p.ID, "", before, p)
	})
	return p.ID, err
}

// PeriodProgramme returns the programme a period belongs to.
func (a *App) PeriodProgramme(ctx context.Context, actor Actor, periodID string) (string, error) {
	if err := Must(actor, programme.View, account.None); err != nil {
		return "", err
	}
	p, err := a.Store.Read().Period(ctx, periodID)
	return p.ProgrammeID, err
}
