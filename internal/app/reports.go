package app

import (
	"context"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// ReportLockedError says why a report cannot be changed now; each lock has its
// own reason (approved, submitted, window closed, deadline passed).
type ReportLockedError struct{ Lock programme.Lock }

func (e ReportLockedError) Error() string { return "report locked: " + string(e.Lock) }

// ReportPage is everything the report page of one unit and period shows.
type ReportPage struct {
	Info        ProgrammeInfo
	Period      programme.Period
	Unit        orgunit.Unit
	Report      programme.Report // ID "" until the first save
	Indicators  []programme.Indicator
	Values      map[string]store.StoredValue // by indicator ID
	Current     map[string]programme.Value   // by code, computed ones included
	Previous    programme.Period
	HasPrevious bool
	PrevValues  map[string]programme.Value // by code
	Targets     map[string]programme.Target
	Level       programme.Level
	Lock        programme.Lock
	Exception   programme.Exception
	Steps       []StepOption
	Findings    programme.Findings
	Counts      map[string]float64 // registry counts, by code (ReportView only)
	Events      []store.ReportEvent
	Evidence    map[string]store.File
	Late        bool
	Today       civil.Date
	// Raised are the recommendations section V raised when the report
	// reached the Sở (filled by ReportView only).
	Raised []store.RecRow
}

// StepOption is a step the actor could take, and why it is locked if it is.
type StepOption struct {
	Step programme.Step
	Lock programme.Lock
}

// ReportView opens the report of a unit for a period (it may not exist yet).
func (a *App) ReportView(ctx context.Context, actor Actor, periodID, unitID string) (ReportPage, error) {
	pg, err := a.loadReport(ctx, a.Store.Read(), actor, periodID, unitID)
	if err != nil {
		return pg, err
	}
	if err := Must(actor, programme.ReportView, account.Unit(pg.Unit.Path)); err != nil {
		return pg, err
	}
	// What only the page shows, never the checks that stop a save or a
	// step: registry counts (their differences only warn) and what section
	// V raised.
	q := a.Store.Read()
	if pg.Counts, err = registryCounts(ctx, q, pg); err != nil {
		return pg, err
	}
	for k, v := range programme.CheckRegistry(pg.Indicators, pg.Current, pg.comments(), pg.Counts) {
		pg.Findings.Warnings.Add(k, v.Key, v.Args...)
	}
	pg.Raised, err = a.ReportRecommendations(ctx, actor, pg.Report.ID)
	return pg, err
}

// comments are the stored comments of the report's values, by code.
func (pg ReportPage) comments() map[string]string {
	out := map[string]string{}
	for _, ind := range pg.Indicators {
		if v, ok := pg.Values[ind.ID]; ok {
			out[ind.Code] = v.Comment
		}
	}
	return out
}

func (a *App) loadReport(ctx context.Context, q store.Q, actor Actor, periodID, unitID string) (ReportPage, error) {
	pg := ReportPage{Today: locale.Today(a.Now())}
	var err error
	if pg.Period, err = q.Period(ctx, periodID); err != nil {
		return pg, err
	}
	if pg.Unit, err = q.Unit(ctx, unitID); err != nil {
		return pg, err
	}
	if pg.Info, err = loadProgramme(ctx, q, pg.Period.ProgrammeID); err != nil {
		return pg, err
	}
	pg.Indicators = programme.ForReport(pg.Info.Indicators, pg.Unit.Kind, pg.Period.Kind)
	if len(pg.Indicators) == 0 {
		return pg, ErrNotFound // this unit does not report this programme
	}
	pg.Report, err = q.ReportFor(ctx, periodID, unitID)
	if errors.Is(err, store.ErrNotFound) {
		pg.Report = programme.Report{ProgrammeID: pg.Info.Programme.ID, PeriodID: periodID, UnitID: unitID, UnitPath: pg.Unit.Path, State: programme.Draft}
	} else if err != nil {
		return pg, err
	}
	pg.Values = map[string]store.StoredValue{}
	if pg.Report.ID != "" {
		if pg.Values, err = q.Values(ctx, pg.Report.ID); err != nil {
			return pg, err
		}
		if pg.Events, err = q.ReportEvents(ctx, pg.Report.ID); err != nil {
			return pg, err
		}
		files, err := q.FilesOf(ctx, "report", pg.Report.ID)
		if err != nil {
			return pg, err
		}
		pg.Evidence = map[string]store.File{}
		for _, f := range files {
			pg.Evidence[f.ID] = f
		}
	}
	pg.Current = map[string]programme.Value{}
	for _, ind := range pg.Indicators {
		if v, ok := pg.Values[ind.ID]; ok {
			pg.Current[ind.Code] = v.Value
		}
	}
	programme.Computed(pg.Indicators, pg.Current)
	pg.PrevValues = map[string]programme.Value{}
	if pg.Previous, pg.HasPrevious = programme.Previous(pg.Info.Periods, pg.Period); pg.HasPrevious {
		prev, err := q.ReportFor(ctx, pg.Previous.ID, unitID)
		if err == nil {
			vals, err := q.Values(ctx, prev.ID)
			if err != nil {
				return pg, err
			}
			for _, ind := range pg.Indicators {
				if v, ok := vals[ind.ID]; ok {
					pg.PrevValues[ind.Code] = v.Value
				}
			}
			programme.Computed(pg.Indicators, pg.PrevValues)
		} else if !errors.Is(err, store.ErrNotFound) {
			return pg, err
		}
	}
	targets, err := q.Targets(ctx, []string{periodID}, []string{unitID}, nil)
	if err != nil {
		return pg, err
	}
	pg.Targets = map[string]programme.Target{}
	for _, t := range targets {
		pg.Targets[t.IndicatorID] = t
	}
	if pg.Exception, err = q.ActiveException(ctx, periodID, unitID, pg.Today); err != nil {
		return pg, err
	}
	pg.Level = programme.Nobody
	if account.Can(actor.User, programme.ReportEdit, account.Unit(pg.Unit.Path)) || account.Can(actor.User, programme.ReportReview, account.Unit(pg.Unit.Path)) {
		pg.Level = programme.LevelOf(actor.User, pg.Unit)
	}
	pg.Lock = programme.EditLock(pg.Report, pg.Period, pg.Level, pg.Today, pg.Exception)
	ownSo := pg.Unit.Kind == orgunit.Department
	for _, st := range []programme.Step{programme.Submit, programme.Approve, programme.Accept, programme.Return} {
		if _, ok := programme.Next(pg.Report.State, st, pg.Level, ownSo); ok && (pg.Report.ID != "" || st != programme.Return) {
			if allowedStep(actor, st, pg.Level, pg.Unit) {
				pg.Steps = append(pg.Steps, StepOption{st, programme.StepLock(pg.Report, pg.Period, st, pg.Level, pg.Today, pg.Exception)})
			}
		}
	}
	pg.Findings = programme.Check(pg.Indicators, pg.Info.Rules, onlyRaw(pg.Indicators, pg.Current), pg.comments(), pg.PrevValues)
	pg.Late = programme.Late(pg.Report, pg.Period, pg.Today)
	return pg, nil
}

// registryCounts counts, for each indicator kept in a registry, what the
// registry holds for the report's unit and period.
func registryCounts(ctx context.Context, q store.Q, pg ReportPage) (map[string]float64, error) {
	out := map[string]float64{}
	for _, ind := range pg.Indicators {
		if ind.Registry == "" {
			continue
		}
		from, to := programme.RegistrySpan(ind, pg.Info.Programme, pg.Period)
		n, err := q.RegistryCount(ctx, ind.Registry, pg.Unit.Path, from, to)
		if err != nil {
			return nil, err
		}
		out[ind.Code] = n
	}
	return out, nil
}

// onlyRaw drops computed values, which Check derives itself.
func onlyRaw(inds []programme.Indicator, vals map[string]programme.Value) map[string]programme.Value {
	out := map[string]programme.Value{}
	for _, ind := range inds {
		if v, ok := vals[ind.Code]; ok && !ind.Computed() {
			out[ind.Code] = v
		}
	}
	return out
}

// allowedStep is the permission behind each step.
func allowedStep(actor Actor, st programme.Step, lv programme.Level, unit orgunit.Unit) bool {
	obj := account.Unit(unit.Path)
	switch {
	case st == programme.Submit:
		return account.Can(actor.User, programme.ReportEdit, obj)
	case st == programme.Approve, st == programme.Return && lv == programme.Leader:
		return account.Can(actor.User, programme.ReportApprove, obj)
	default:
		return account.Can(actor.User, programme.ReportReview, obj)
	}
}

// Upload is a file from a form.
type Upload struct {
	Name string
	Data []byte
}

// ReportInput is what the report form (or an uploaded template) sends.
type ReportInput struct {
	PeriodID, UnitID string
	Version          int // the report's version when the form was shown; 0 if new
	Entries          map[string]programme.Entry
	Sections         [5]string
	Evidence         map[string]Upload // by code
	DropEvidence     map[string]bool   // by code
}

// SaveReport stores what was typed, all or nothing: every value is checked
// strictly first, and nothing is written if any is wrong. Checks that only
// matter when sending (missing values, rules, soft checks) are shown but do
// not stop a draft from being saved.
func (a *App) SaveReport(ctx context.Context, actor Actor, in ReportInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error { return a.saveReport(ctx, q, actor, in) })
}

// saveReport is SaveReport inside the caller's transaction (SaveReports
// runs several in one).
func (a *App) saveReport(ctx context.Context, q store.Q, actor Actor, in ReportInput) error {
	{
		pg, err := a.loadReport(ctx, q, actor, in.PeriodID, in.UnitID)
		if err != nil {
			return err
		}
		if err := Must(actor, programme.ReportEdit, account.Unit(pg.Unit.Path)); err != nil {
			return err
		}
		if pg.Lock != programme.Open {
			if pg.Lock == programme.LockNotAllowed {
				return ErrForbidden
			}
			return ReportLockedError{pg.Lock}
		}
		if pg.Report.Version != in.Version {
			return ErrConflict
		}
		vals, e := programme.Parse(pg.Indicators, in.Entries)
		for i, s := range in.Sections {
			e.MaxLen(sectionField(i), s, 20000)
		}
		if len(e) > 0 {
			return e
		}
		if pg.Report.ID == "" {
			pg.Report.ID = store.NewID()
			if err := q.CreateReport(ctx, pg.Report); err != nil {
				return err
			}
			pg.Report.Version = 1
		}
		// The version-checked write comes first: it holds the report while
		// its values are replaced, so concurrent saves wait and then
		// conflict instead of inserting the same values twice.
		before, after := map[string]string{}, map[string]string{}
		for i := range in.Sections {
			in.Sections[i] = strings.TrimSpace(in.Sections[i])
			if in.Sections[i] != pg.Report.Sections[i] {
				before[sectionField(i)], after[sectionField(i)] = pg.Report.Sections[i], in.Sections[i]
			}
		}
		if err := q.SaveNarrative(ctx, pg.Report.ID, pg.Report.Version, in.Sections); err != nil {
			return err
		}
		var rows []store.StoredValue
		for _, ind := range pg.Indicators {
			if ind.Computed() {
				continue
			}
			old := pg.Values[ind.ID]
			sv := store.StoredValue{IndicatorID: ind.ID, Type: ind.Type, Value: vals[ind.Code],
				Comment: strings.TrimSpace(in.Entries[ind.Code].Comment), EvidenceID: old.EvidenceID}
			if in.DropEvidence[ind.Code] {
				sv.EvidenceID = ""
			}
			if up, ok := in.Evidence[ind.Code]; ok && len(up.Data) > 0 {
				f, err := a.SaveFile(ctx, q, actor, FileInput{OwnerType: "report", OwnerID: pg.Report.ID, Purpose: "evidence:" + ind.Code,
					Name: up.Name, Data: up.Data, Field: programme.Field(ind.Code) + ".f"})
				if err != nil {
					return err
				}
				sv.EvidenceID = f.ID
			}
			if o, n := describeValue(ind, old), describeValue(ind, sv); o != n {
				before[ind.Code], after[ind.Code] = o, n
			}
			rows = append(rows, sv)
		}
		if err := q.ReplaceValues(ctx, pg.Report, rows); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "report.save", "report", pg.Report.ID, pg.Unit.ID, before, after)
	}
}

func sectionField(i int) string { return "section" + string(rune('1'+i)) }

// describeValue is how the audit log shows a value, its comment and evidence.
func describeValue(ind programme.Indicator, v store.StoredValue) string {
	s := programme.Format(ind.Type, v.Value)
	if v.Comment != "" {
		s += " — " + v.Comment
	}
	if v.EvidenceID != "" {
		s += " [" + v.EvidenceID + "]"
	}
	return s
}

// StepInput is a move in a report's approval flow.
type StepInput struct {
	ReportID string
	Version  int
	Step     programme.Step
	Reason   string // required to return a report
}

// ReportStep submits, approves, accepts or returns a report. Sending
// (submit, approve) runs the full checks; returning needs a reason. The
// people who act next are notified.
func (a *App) ReportStep(ctx context.Context, actor Actor, in StepInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		r, err := q.Report(ctx, in.ReportID)
		if err != nil {
			return err
		}
		pg, err := a.loadReport(ctx, q, actor, r.PeriodID, r.UnitID)
		if err != nil {
			return err
		}
		if err := Must(actor, programme.ReportView, account.Unit(pg.Unit.Path)); err != nil {
			return err
		}
		var opt *StepOption
		for i := range pg.Steps {
			if pg.Steps[i].Step == in.Step {
				opt = &pg.Steps[i]
			}
		}
		if opt == nil {
			return ErrForbidden
		}
		if opt.Lock != programme.Open {
			return ReportLockedError{opt.Lock}
		}
		if pg.Report.Version != in.Version {
			return ErrConflict
		}
		reason := strings.TrimSpace(in.Reason)
		if in.Step == programme.Return {
			var e valid.Errors
			if e.Required("reason", reason) {
				e.MaxLen("reason", reason, 2000)
			}
			if len(e) > 0 {
				return e
			}
		}
		if in.Step == programme.Submit || in.Step == programme.Approve {
			if len(pg.Findings.Errors) > 0 {
				return pg.Findings.Errors
			}
		}
		next, _ := programme.Next(pg.Report.State, in.Step, pg.Level, pg.Unit.Kind == orgunit.Department)
		keepReason := ""
		if next == programme.Returned {
			keepReason = reason
		}
		now := a.Now()
		if err := q.SetReportState(ctx, r.ID, r.Version, next, keepReason, now); err != nil {
			return err
		}
		if err := q.InsertReportEvent(ctx, store.ReportEvent{ReportID: r.ID, At: now, ActorID: actor.User.ID, ActorName: actor.User.Name,
			Action: string(in.Step), Reason: reason}); err != nil {
			return err
		}
		if err := a.notifyStep(ctx, q, pg, in.Step, next, reason); err != nil {
			return err
		}
		if next == programme.Approved {
			if err := a.raiseFromReport(ctx, q, actor, pg); err != nil {
				return err
			}
		}
		return Audit(ctx, q, actor, "report."+string(in.Step), "report", r.ID, r.UnitID,
			map[string]string{"state": string(r.State)}, map[string]string{"state": string(next), "reason": reason})
	})
}

// notifyStep tells those who act next: the leader after a submission, the
// Sở's specialists after an approval, the unit after acceptance or return.
func (a *App) notifyStep(ctx context.Context, q store.Q, pg ReportPage, step programme.Step, next programme.State, reason string) error {
	link := ReportLink(pg.Period.ID, pg.Unit.ID)
	args := []string{pg.Info.Programme.Code, pg.Period.Name, pg.Unit.Name}
	var users []string
	var err error
	key := "notice.report." + string(next)
	switch {
	case next == programme.Submitted:
		users, err = UnitUsers(ctx, q, pg.Unit.ID, account.UnitLeader)
	case next == programme.Approved:
		users, err = UnitUsers(ctx, q, "", account.SoSpecialist)
	default:
		users, err = UnitUsers(ctx, q, pg.Unit.ID, account.UnitOfficer, account.UnitLeader)
		if next == programme.Returned {
			args = append(args, reason)
		}
	}
	if err != nil {
		return err
	}
	return a.Notify(ctx, q, Notice{UserIDs: users, Kind: "report." + string(step), Key: key, Args: args, Link: link})
}

// ReportLink is the page of a unit's report for a period.
func ReportLink(periodID, unitID string) string { return "/reports/" + periodID + "/" + unitID }

// GrantException lets one unit report despite a closed window or a passed
// deadline, until a date; it is audited and the unit is told.
func (a *App) GrantException(ctx context.Context, actor Actor, periodID, unitID string, until civil.Date, reason string) error {
	reason = strings.TrimSpace(reason)
	var e valid.Errors
	if e.Required("reason", reason) {
		e.MaxLen("reason", reason, 1000)
	}
	today := locale.Today(a.Now())
	if until.IsZero() {
		e.Add("until", "err.date_format")
	} else if until.Before(today) {
		e.Add("until", "err.prog.until_past")
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		unit, err := q.Unit(ctx, unitID)
		if err != nil {
			return err
		}
		if err := Must(actor, programme.Except, account.Unit(unit.Path)); err != nil {
			return err
		}
		p, err := q.Period(ctx, periodID)
		if err != nil {
			return err
		}
		if len(e) > 0 {
			return e
		}
		x := programme.Exception{ID: store.NewID(), PeriodID: periodID, UnitID: unitID, Until: until, Reason: reason,
			GrantedBy: actor.User.ID, GrantedAt: a.Now()}
		if err := q.InsertException(ctx, x); err != nil {
			return err
		}
		users, err := UnitUsers(ctx, q, unitID, account.UnitOfficer, account.UnitLeader)
		if err != nil {
			return err
		}
		if err := a.Notify(ctx, q, Notice{UserIDs: users, Kind: "report.exception", Key: "notice.report.exception",
			Args: []string{p.Name, locale.Date(until), reason}, Link: ReportLink(periodID, unitID)}); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "report.exception.grant", "period", periodID, unitID, nil, x)
	})
}

// RevokeException ends an exception early.
func (a *App) RevokeException(ctx context.Context, actor Actor, id string) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		x, err := q.Exception(ctx, id)
		if err != nil {
			return err
		}
		unit, err := q.Unit(ctx, x.UnitID)
		if err != nil {
			return err
		}
		if err := Must(actor, programme.Except, account.Unit(unit.Path)); err != nil {
			return err
		}
		if err := q.RevokeException(ctx, id, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "report.exception.revoke", "period", x.PeriodID, x.UnitID, x, nil)
	})
}
