package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"khcn/internal/account"
	"khcn/internal/document"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/programme/workbook"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// TargetGrid is the baselines and targets of one unit for one period.
type TargetGrid struct {
	Info       ProgrammeInfo
	Period     programme.Period
	Unit       orgunit.Unit
	Units      []*orgunit.Unit // the units that can have targets in this period
	Indicators []programme.Indicator
	Targets    map[string]programme.Target // by indicator ID
	Stamp      string
}

// targetUnits are the units that may carry targets for a period: the
// province itself and every unit that must report.
func targetUnits(set *orgunit.Set, info ProgrammeInfo, p programme.Period, scope string) []*orgunit.Unit {
	var out []*orgunit.Unit
	parts := strings.Split(strings.Trim(scope, "/"), "/")
	province := parts[len(parts)-1]
	if u := set.Get(province); u != nil && u.ValidOn(p.End) {
		out = append(out, u)
	}
	return append(out, expectedUnits(set, info.Indicators, p, province)...)
}

// targetIndicators are those a unit can have targets for: entered, numeric
// indicators it reports (all of them for a province).
func targetIndicators(inds []programme.Indicator, u orgunit.Unit) []programme.Indicator {
	var out []programme.Indicator
	for _, i := range inds {
		if !i.Computed() && i.Type.Numeric() && (u.Kind == orgunit.Province || i.ReportedBy(u.Kind)) {
			out = append(out, i)
		}
	}
	return out
}

// TargetGrid opens the targets of a unit (the province when unitID is "")
// for a period.
func (a *App) TargetGrid(ctx context.Context, actor Actor, periodID, unitID string) (TargetGrid, error) {
	if err := Must(actor, programme.Manage, account.None); err != nil {
		return TargetGrid{}, err
	}
	return a.targetGrid(ctx, a.Store.Read(), actor, periodID, unitID)
}

func (a *App) targetGrid(ctx context.Context, q store.Q, actor Actor, periodID, unitID string) (TargetGrid, error) {
	var g TargetGrid
	var err error
	if g.Period, err = q.Period(ctx, periodID); err != nil {
		return g, err
	}
	if g.Info, err = loadProgramme(ctx, q, g.Period.ProgrammeID); err != nil {
		return g, err
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return g, err
	}
	g.Units = targetUnits(set, g.Info, g.Period, actor.User.ScopePath)
	if len(g.Units) == 0 {
		return g, ErrNotFound
	}
	if unitID == "" {
		unitID = g.Units[0].ID
	}
	found := false
	for _, u := range g.Units {
		if u.ID == unitID {
			g.Unit, found = *u, true
		}
	}
	if !found {
		return g, ErrNotFound
	}
	g.Indicators = targetIndicators(g.Info.Indicators, g.Unit)
	ts, err := q.Targets(ctx, []string{periodID}, []string{unitID}, nil)
	if err != nil {
		return g, err
	}
	g.Targets = map[string]programme.Target{}
	for _, t := range ts {
		g.Targets[t.IndicatorID] = t
	}
	g.Stamp, err = q.TargetsStamp(ctx, periodID, []string{unitID})
	return g, err
}

// TargetsInput is the targets form of one unit: text typed per indicator
// code, and the stamp of the targets as they were shown.
type TargetsInput struct {
	PeriodID, UnitID, Stamp string
	Baseline, Target        map[string]string
}

// SaveTargets stores a unit's baselines and targets, strictly typed, all or
// nothing, refusing to overwrite changes made since the form was shown.
func (a *App) SaveTargets(ctx context.Context, actor Actor, in TargetsInput) error {
	if err := Must(actor, programme.Manage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		// The grid has no version row: saves of one unit's grid queue here,
		// so the later one reads the earlier one's stamp and conflicts.
		if err := q.Lock(ctx, "targets/"+in.PeriodID+"/"+in.UnitID); err != nil {
			return err
		}
		g, err := a.targetGrid(ctx, q, actor, in.PeriodID, in.UnitID)
		if err != nil {
			return err
		}
		if g.Stamp != in.Stamp {
			return ErrConflict
		}
		var e valid.Errors
		var rows []store.TargetRow
		before, after := map[string]string{}, map[string]string{}
		for _, ind := range g.Indicators {
			row := store.TargetRow{Target: programme.Target{PeriodID: in.PeriodID, UnitID: in.UnitID, IndicatorID: ind.ID}, Type: ind.Type}
			for prefix, dst := range map[string]*programme.Value{"b.": &row.Baseline, "t.": &row.Target.Target} {
				raw := in.Baseline[ind.Code]
				if prefix == "t." {
					raw = in.Target[ind.Code]
				}
				v, key := programme.ParseValue(ind.Type, raw)
				if key != "" {
					e.Add(prefix+ind.Code, key, ind.Name, raw)
				}
				*dst = v
			}
			old := g.Targets[ind.ID]
			o := programme.Format(ind.Type, old.Baseline) + " → " + programme.Format(ind.Type, old.Target)
			n := programme.Format(ind.Type, row.Baseline) + " → " + programme.Format(ind.Type, row.Target.Target)
			if o != n {
				before[ind.Code], after[ind.Code] = o, n
				rows = append(rows, row)
			}
		}
		if len(e) > 0 {
			return e
		}
		if len(rows) == 0 {
			return nil
		}
		if err := q.SaveTargets(ctx, rows, actor.User.ID, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "targets.save", "period", in.PeriodID, in.UnitID, before, after)
	})
}

// TargetsWorkbook is the targets template of a period, pre-filled with what
// is set, for every unit that can have targets.
func (a *App) TargetsWorkbook(ctx context.Context, actor Actor, periodID string) ([]byte, string, error) {
	if err := Must(actor, programme.Manage, account.None); err != nil {
		return nil, "", err
	}
	q := a.Store.Read()
	g, err := a.targetGrid(ctx, q, actor, periodID, "")
	if err != nil {
		return nil, "", err
	}
	ts, err := q.Targets(ctx, []string{periodID}, nil, nil)
	if err != nil {
		return nil, "", err
	}
	have := map[[2]string]programme.Target{}
	for _, t := range ts {
		have[[2]string{t.UnitID, t.IndicatorID}] = t
	}
	var rows []workbook.TargetRow
	for _, u := range g.Units {
		for _, ind := range targetIndicators(g.Info.Indicators, *u) {
			t := have[[2]string{u.ID, ind.ID}]
			rows = append(rows, workbook.TargetRow{UnitID: u.ID, UnitName: UnitTitle(*u), Indicator: ind,
				Baseline: programme.Format(ind.Type, t.Baseline), Target: programme.Format(ind.Type, t.Target)})
		}
	}
	stamp, err := q.TargetsStamp(ctx, periodID, unitIDs(g.Units))
	if err != nil {
		return nil, "", err
	}
	data, err := workbook.BuildTargets(workbook.TargetsTemplate{ProgrammeID: g.Info.Programme.ID, PeriodID: periodID, Stamp: stamp,
		Title: fmt.Sprintf("CHỈ TIÊU %s — %s", strings.ToUpper(g.Period.Name), g.Info.Programme.Code), Rows: rows})
	return data, document.FileName("Chỉ tiêu "+g.Info.Programme.Code+" "+g.Period.Name) + ".xlsx", err
}

// StartTargetImport checks the caller may import and starts reading the file
// in the background; the returned job shows progress. The import is all or
// nothing: any problem and nothing is written.
func (a *App) StartTargetImport(ctx context.Context, actor Actor, periodID string, up Upload) (string, error) {
	if err := Must(actor, programme.Manage, account.None); err != nil {
		return "", err
	}
	if _, fe := CheckFile(FileInput{Name: up.Name, Data: up.Data, Field: "file", Allowed: []FileKind{KindXLSX}}); fe != nil {
		return "", fe
	}
	g, err := a.targetGrid(ctx, a.Store.Read(), actor, periodID, "")
	if err != nil {
		return "", err
	}
	return a.queueImport(ctx, actor, "targets", periodID, targetImportArgs{PeriodID: g.Period.ID}, up.Data)
}

type targetImportArgs struct {
	PeriodID string `json:"period"`
}

// targetImportRun runs a targets import job.
func targetImportRun(a *App, ctx context.Context, actor Actor, p *importProgress, raw json.RawMessage, data []byte) (int, []store.ImportProblem, error) {
	var args targetImportArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return 0, nil, err
	}
	if err := Must(actor, programme.Manage, account.None); err != nil {
		return 0, nil, err
	}
	g, err := a.targetGrid(ctx, a.Store.Read(), actor, args.PeriodID, "")
	if err != nil {
		return 0, nil, err
	}
	return a.runTargetImport(ctx, actor, g, p, data)
}

// runTargetImport reads and checks the whole file, then writes every
// target in one short transaction, or nothing.
func (a *App) runTargetImport(ctx context.Context, actor Actor, g TargetGrid, p *importProgress, data []byte) (int, []store.ImportProblem, error) {
	allowed := map[string]orgunit.Unit{}
	for _, u := range g.Units {
		allowed[u.ID] = *u
	}
	p.Set("checking", 0, 0)
	units := unitIDs(g.Units)
	stamp, err := a.Store.Read().TargetsStamp(ctx, g.Period.ID, units)
	if err != nil {
		return 0, nil, err
	}
	rows, probs := workbook.ReadTargets(data, g.Info.Programme.ID, g.Period.ID, stamp, g.Info.Indicators, func(id string) bool {
		_, ok := allowed[id]
		return ok
	}, func(done, total int) { p.Set("checking", done, total) })
	for _, r := range rows {
		if u := allowed[r.UnitID]; !r.Indicator.ReportedBy(u.Kind) && u.Kind != orgunit.Province {
			probs = append(probs, workbook.Problem{Sheet: workbook.TargetsSheet, Row: r.Row, Column: "C", Key: "err.xlsx.not_reported_by",
				Args: []string{r.Indicator.Code, UnitTitle(u)}})
		}
	}
	if len(probs) > 0 {
		return 0, toImportProblems(probs), nil
	}
	p.Set("writing", 0, len(rows))
	var out []store.TargetRow
	err = a.Store.Tx(ctx, func(q store.Q) error {
		if err := p.hold(ctx, q); err != nil {
			return err
		}
		// The grids of every unit queue here with the forms that save one
		// (in one order, so two imports cannot deadlock); the file must
		// still be made from the targets as they are.
		sorted := slices.Sorted(slices.Values(units))
		for _, u := range sorted {
			if err := q.Lock(ctx, "targets/"+g.Period.ID+"/"+u); err != nil {
				return err
			}
		}
		if now, err := q.TargetsStamp(ctx, g.Period.ID, units); err != nil || now != stamp {
			if err == nil {
				err = errTargetsMoved
			}
			return err
		}
		ts, err := q.Targets(ctx, []string{g.Period.ID}, units, nil)
		if err != nil {
			return err
		}
		have := map[[2]string]programme.Target{}
		for _, t := range ts {
			have[[2]string{t.UnitID, t.IndicatorID}] = t
		}
		out = out[:0]
		for _, r := range rows {
			if r.KeepBaseline && r.KeepTarget {
				continue // nothing typed: nothing changes
			}
			t := programme.Target{PeriodID: g.Period.ID, UnitID: r.UnitID, IndicatorID: r.Indicator.ID, Baseline: r.Baseline, Target: r.Target}
			old := have[[2]string{r.UnitID, r.Indicator.ID}]
			if r.KeepBaseline {
				t.Baseline = old.Baseline
			}
			if r.KeepTarget {
				t.Target = old.Target
			}
			out = append(out, store.TargetRow{Target: t, Type: r.Indicator.Type})
		}
		if err := q.SaveTargets(ctx, out, actor.User.ID, a.Now()); err != nil {
			return err
		}
		if err := Audit(ctx, q, actor, "targets.import", "period", g.Period.ID, "", nil, map[string]any{"rows": len(out)}); err != nil {
			return err
		}
		return p.finished(ctx, q, len(out))
	})
	if errors.Is(err, errTargetsMoved) {
		return 0, []store.ImportProblem{{Key: "err.xlsx.stale_targets"}}, nil
	}
	return len(out), nil, err
}

var errTargetsMoved = errors.New("targets changed since the file was read")

func unitIDs(us []*orgunit.Unit) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

func toImportProblems(ps []workbook.Problem) []store.ImportProblem {
	out := make([]store.ImportProblem, len(ps))
	for i, p := range ps {
		out[i] = store.ImportProblem{Sheet: p.Sheet, Row: p.Row, Column: p.Column, Key: p.Key, Args: p.Args}
	}
	return out
}

// ImportJob returns a job the actor started (or any targets import, for
// the Sở).
func (a *App) ImportJob(ctx context.Context, actor Actor, id string) (store.ImportJob, error) {
	if actor.User == nil {
		return store.ImportJob{}, ErrForbidden
	}
	j, err := a.Store.Read().ImportJobByID(ctx, id)
	if err != nil {
		return j, err
	}
	if j.CreatedBy != actor.User.ID && (j.Kind != "targets" || Must(actor, programme.Manage, account.None) != nil) {
		return store.ImportJob{}, ErrNotFound
	}
	return j, nil
}

// UnitTitle is a unit's name with its legal type in Vietnamese, as
// documents and files print it: "Huyện Mê Linh".
func UnitTitle(u orgunit.Unit) string {
	key := "type." + string(u.Type)
	if !i18n.Has(key) {
		return u.Name
	}
	return i18n.T(i18n.VI, key) + " " + u.Name
}

// FileSafe makes a file name part from text: no diacritics, no spaces.
func FileSafe(s string) string {
	s = locale.Fold(s)
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}
