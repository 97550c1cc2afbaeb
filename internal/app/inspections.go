package app

import (
	"context"
	"slices"
	"strings"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// InspectionPage is an inspection with what its page shows.
type InspectionPage struct {
	Inspection programme.Inspection
	Programme  programme.Programme
	Period     programme.Period
	Unit       orgunit.Unit
	Owners     map[string]orgunit.Unit // conclusion owners
	Files      []store.File
}

// Inspections lists the inspections the actor may see, newest first.
func (a *App) Inspections(ctx context.Context, actor Actor, programmeID string) ([]programme.Inspection, map[string]orgunit.Unit, error) {
	if err := Must(actor, programme.View, account.None); err != nil {
		return nil, nil, err
	}
	q := a.Store.Read()
	var list []programme.Inspection
	for _, path := range append([]string{actor.User.ScopePath}, actor.User.HistoryPaths...) {
		is, err := q.InspectionsInScope(ctx, path, programmeID, 500)
		if err != nil {
			return nil, nil, err
		}
		list = append(list, is...)
	}
	slices.SortStableFunc(list, func(x, y programme.Inspection) int { return y.Date.Compare(x.Date) })
	var ids []string
	for _, i := range list {
		ids = append(ids, i.UnitID)
	}
	units, err := q.UnitsByIDs(ctx, ids)
	m := map[string]orgunit.Unit{}
	for _, u := range units {
		m[u.ID] = u
	}
	return list, m, err
}

// Inspection returns one inspection if the actor's scope covers its unit.
func (a *App) Inspection(ctx context.Context, actor Actor, id string) (InspectionPage, error) {
	return a.inspectionPage(ctx, a.Store.Read(), actor, id, programme.InspectionView)
}

func (a *App) inspectionPage(ctx context.Context, q store.Q, actor Actor, id string, action account.Action) (InspectionPage, error) {
	var pg InspectionPage
	var err error
	if pg.Inspection, err = q.Inspection(ctx, id); err != nil {
		return pg, err
	}
	if err := Must(actor, action, account.Unit(pg.Inspection.UnitPath)); err != nil {
		return pg, err
	}
	if pg.Programme, err = q.Programme(ctx, pg.Inspection.ProgrammeID); err != nil {
		return pg, err
	}
	if pg.Inspection.PeriodID != "" {
		if pg.Period, err = q.Period(ctx, pg.Inspection.PeriodID); err != nil {
			return pg, err
		}
	}
	if pg.Unit, err = q.Unit(ctx, pg.Inspection.UnitID); err != nil {
		return pg, err
	}
	var owners []string
	for _, c := range pg.Inspection.Conclusions {
		owners = append(owners, c.OwnerUnitID)
	}
	units, err := q.UnitsByIDs(ctx, owners)
	if err != nil {
		return pg, err
	}
	pg.Owners = map[string]orgunit.Unit{}
	for _, u := range units {
		pg.Owners[u.ID] = u
	}
	pg.Files, err = q.FilesOf(ctx, "inspection", id)
	return pg, err
}

// InspectionInput is the inspection form with its attachments.
type InspectionInput struct {
	Inspection programme.Inspection
	Minutes    Upload // signed minutes (biên bản), optional
	Notice     Upload // signed conclusion notice, optional
}

// SaveInspection records (empty ID) or updates an inspection, its findings
// and conclusions, and attaches the signed minutes and notice.
func (a *App) SaveInspection(ctx context.Context, actor Actor, in InspectionInput) (string, error) {
	i := in.Inspection
	i.Team, i.Lead, i.Place = strings.TrimSpace(i.Team), strings.TrimSpace(i.Lead), strings.TrimSpace(i.Place)
	i.Findings = slices.DeleteFunc(i.Findings, func(f programme.Finding) bool { return strings.TrimSpace(f.Text) == "" })
	i.Conclusions = slices.DeleteFunc(i.Conclusions, func(c programme.Conclusion) bool { return strings.TrimSpace(c.Text) == "" && c.ID == "" })
	for n := range i.Conclusions {
		if i.Conclusions[n].Status == "" {
			i.Conclusions[n].Status = programme.ConclusionOpen
		}
		if i.Conclusions[n].OwnerUnitID == "" {
			i.Conclusions[n].OwnerUnitID = i.UnitID
		}
	}
	e := i.Validate()
	err := a.Store.Tx(ctx, func(q store.Q) error {
		unit, err := q.Unit(ctx, i.UnitID)
		if err != nil && i.UnitID != "" {
			e.Add("unit_id", "err.unit_unknown")
		}
		if err == nil {
			if err := Must(actor, programme.InspectionManage, account.Unit(unit.Path)); err != nil {
				return err
			}
			i.UnitPath = unit.Path
		} else if err := Must(actor, programme.InspectionManage, account.None); err != nil {
			return err
		}
		if i.ProgrammeID != "" {
			if _, err := q.Programme(ctx, i.ProgrammeID); err != nil {
				e.Add("programme_id", "err.choose")
			}
		}
		if i.PeriodID != "" {
			if p, err := q.Period(ctx, i.PeriodID); err != nil || p.ProgrammeID != i.ProgrammeID {
				e.Add("period_id", "err.choose")
			}
		}
		if len(e) > 0 {
			return e
		}
		var before any
		if i.ID == "" {
			i.ID = store.NewID()
			i.CreatedBy = actor.User.ID
			if err := q.InsertInspection(ctx, i); err != nil {
				return err
			}
		} else {
			old, err := q.Inspection(ctx, i.ID)
			if err != nil {
				return err
			}
			if err := Must(actor, programme.InspectionManage, account.Unit(old.UnitPath)); err != nil {
				return err
			}
			before = old
			if err := q.UpdateInspection(ctx, i); err != nil {
				return err
			}
		}
		for purpose, up := range map[string]Upload{"minutes": in.Minutes, "notice": in.Notice} {
			if len(up.Data) == 0 {
				continue
			}
			if _, err := a.SaveFile(ctx, q, actor, FileInput{OwnerType: "inspection", OwnerID: i.ID, Purpose: purpose, Name: up.Name, Data: up.Data, Field: purpose}); err != nil {
				return err
			}
		}
		action := "inspection.create"
		if before != nil {
			action = "inspection.update"
		}
		return Audit(ctx, q, actor, action, "inspection", i.ID, i.UnitID, before, i)
	})
	return i.ID, err
}

// ConclusionRow is a conclusion in the follow-up list.
type ConclusionRow struct {
	Conclusion programme.Conclusion
	Owner      orgunit.Unit
	Inspection programme.Inspection
	Overdue    bool
}

// Conclusions lists the conclusions of inspections the actor may see: all
// for the Sở, their own for a unit; overdue ones first.
func (a *App) Conclusions(ctx context.Context, actor Actor) ([]ConclusionRow, error) {
	if err := Must(actor, programme.View, account.None); err != nil {
		return nil, err
	}
	q := a.Store.Read()
	var cs []programme.Conclusion
	var err error
	if actor.User.Role.IsSo() {
		cs, err = q.AllConclusions(ctx)
	} else {
		cs, err = q.ConclusionsOfUnits(ctx, []string{actor.User.UnitID})
	}
	if err != nil {
		return nil, err
	}
	today := locale.Today(a.Now())
	var unitIDs []string
	insp := map[string]programme.Inspection{}
	for _, c := range cs {
		unitIDs = append(unitIDs, c.OwnerUnitID)
		if _, ok := insp[c.InspectionID]; !ok {
			if insp[c.InspectionID], err = q.Inspection(ctx, c.InspectionID); err != nil {
				return nil, err
			}
		}
	}
	units, err := q.UnitsByIDs(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	byID := map[string]orgunit.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	var out []ConclusionRow
	for _, c := range cs {
		out = append(out, ConclusionRow{Conclusion: c, Owner: byID[c.OwnerUnitID], Inspection: insp[c.InspectionID], Overdue: c.Overdue(today)})
	}
	slices.SortStableFunc(out, func(x, y ConclusionRow) int {
		if x.Overdue != y.Overdue {
			if x.Overdue {
				return -1
			}
			return 1
		}
		return 0
	})
	return out, nil
}

// SetConclusionStatus marks a conclusion done, cancelled or open again.
func (a *App) SetConclusionStatus(ctx context.Context, actor Actor, id string, version int, st programme.ConclusionStatus) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		c, err := q.Conclusion(ctx, id)
		if err != nil {
			return err
		}
		owner, err := q.Unit(ctx, c.OwnerUnitID)
		if err != nil {
			return err
		}
		if err := Must(actor, programme.InspectionManage, account.Unit(owner.Path)); err != nil {
			return err
		}
		if !slices.Contains(programme.ConclusionStatuses, st) {
			var e valid.Errors
			e.Add("status", "err.choose")
			return e
		}
		if err := q.SetConclusionStatus(ctx, id, version, st); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "inspection.conclusion", "inspection", c.InspectionID, c.OwnerUnitID,
			map[string]string{"id": id, "status": string(c.Status)}, map[string]string{"id": id, "status": string(st)})
	})
}

// inspectionRef shows an inspection: follow-ups link to inspections,
// programmes and reports.
func inspectionRef(ctx context.Context, q store.Q, id string) (RefInfo, error) {
	i, err := q.Inspection(ctx, id)
	if err != nil {
		return RefInfo{}, err
	}
	u, err := q.Unit(ctx, i.UnitID)
	return RefInfo{Label: "Kiểm tra " + UnitTitle(u) + " ngày " + locale.Date(i.Date), Href: "/inspections/" + id}, err
}

// programmeRef shows a programme as "code – title", linked to its page.
func programmeRef(ctx context.Context, q store.Q, id string) (RefInfo, error) {
	p, err := q.Programme(ctx, id)
	return RefInfo{Label: p.Code + " – " + p.Title, Href: "/programmes/" + id, Opens: func(a Actor) bool { return account.Can(a.User, programme.View, account.None) }}, err
}

// reportRef shows a unit's report of a period.
func reportRef(ctx context.Context, q store.Q, id string) (RefInfo, error) {
	r, err := q.Report(ctx, id)
	if err != nil {
		return RefInfo{}, err
	}
	p, err := q.Period(ctx, r.PeriodID)
	if err != nil {
		return RefInfo{}, err
	}
	u, err := q.Unit(ctx, r.UnitID)
	return RefInfo{Label: "Báo cáo " + p.Name + " của " + UnitTitle(u), Href: ReportLink(r.PeriodID, r.UnitID)}, err
}

// inspectionFileReader lets those who see an inspection read its files.
func inspectionFileReader(ctx context.Context, a *App, actor Actor, id string) error {
	i, err := a.Store.Read().Inspection(ctx, id)
	if err != nil {
		return err
	}
	return Must(actor, programme.InspectionView, account.Unit(i.UnitPath))
}

// InspectableUnits are the units an inspection can be about: today's
// districts and communes, then the former districts (inspections of past
// periods were of them), each group in Vietnamese order.
func (a *App) InspectableUnits(ctx context.Context, actor Actor) ([]orgunit.Unit, error) {
	if err := Must(actor, programme.InspectionManage, account.None); err != nil {
		return nil, err
	}
	set, err := a.unitSet(ctx)
	if err != nil {
		return nil, err
	}
	today := locale.Today(a.Now())
	var now, former []orgunit.Unit
	for _, u := range set.Descendants(provinceOf(set, actor.User)) {
		switch {
		case u.ValidOn(today) && (u.Kind == orgunit.District || u.Kind == orgunit.Commune):
			now = append(now, *u)
		case !u.Current() && u.Kind == orgunit.District:
			former = append(former, *u)
		}
	}
	locale.SortFunc(now, func(u orgunit.Unit) string { return u.Name })
	locale.SortFunc(former, func(u orgunit.Unit) string { return u.Name })
	return append(now, former...), nil
}

// ConvertConclusions hands an inspection's open conclusions to the
// follow-ups area as action items (owner, due date, a link back to the
// inspection), once each; conclusions whose owner no longer exists stay
// in the list here. It returns how many were converted.
func (a *App) ConvertConclusions(ctx context.Context, actor Actor, inspectionID string) (int, error) {
	n := 0
	err := a.Store.Tx(ctx, func(q store.Q) error {
		n = 0 // Tx may run this again
		pg, err := a.inspectionPage(ctx, q, actor, inspectionID, programme.InspectionManage)
		if err != nil {
			return err
		}
		today := locale.Today(a.Now())
		for _, c := range pg.Inspection.Conclusions {
			owner, ok := pg.Owners[c.OwnerUnitID]
			if c.ActionItemID != "" || c.Status != programme.ConclusionOpen || !ok || !owner.ValidOn(today) {
				continue
			}
			ids, err := a.CreateActionItems(ctx, q, actor, []ActionItemInput{{Title: c.Text, OwnerUnitID: c.OwnerUnitID,
				AssignerUnitID: hanoiSo(actor), AssignerName: "Sở Khoa học và Công nghệ", Due: c.Due,
				Source: followup.Ref{Type: "inspection", ID: inspectionID}, SourceItemID: c.ID}})
			if err != nil {
				return err
			}
			if err := q.SetConclusionActionItem(ctx, c.ID, ids[0]); err != nil {
				return err
			}
			n++
		}
		return Audit(ctx, q, actor, "inspection.convert", "inspection", inspectionID, pg.Unit.ID, nil, map[string]int{"converted": n})
	})
	return n, err
}

// hanoiSo is the Sở unit of a Sở user (their unit or its parent division's
// Sở), which assigns the action items.
func hanoiSo(actor Actor) string {
	below := strings.TrimPrefix(actor.User.UnitPath, actor.User.ScopePath)
	if first, _, _ := strings.Cut(below, "/"); first != "" && below != actor.User.UnitPath {
		return first
	}
	return actor.User.UnitID
}
