package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// CompletenessRow is one unit that must report in a period.
type CompletenessRow struct {
	Unit      *orgunit.Unit
	Report    programme.Report // ID "" when not started
	Late      bool
	Exception programme.Exception
}

// Completeness is who must report in a period, who has sent, who is late.
type Completeness struct {
	Info       ProgrammeInfo
	Period     programme.Period
	Rows       []CompletenessRow
	Counts     map[string]int // "expected", "missing", "draft", "submitted", "sent", "accepted", "returned", "late"
	Exceptions []programme.Exception
	Units      map[string]*orgunit.Unit // the units exceptions were granted to
	Today      civil.Date
}

// expectedUnits lists the units that must report a programme's period:
// units of the kinds its indicators name, existing at the period's deadline
// (programme.Period.RosterDay), at or under the scope unit (in tree order, names sorted per level).
func expectedUnits(set *orgunit.Set, inds []programme.Indicator, p programme.Period, scopeID string) []*orgunit.Unit {
	var kinds []orgunit.Kind
	for _, i := range inds {
		for _, k := range i.ReporterKinds {
			if !slices.Contains(kinds, k) && (!i.AnnualOnly || p.Kind == programme.Year) {
				kinds = append(kinds, k)
			}
		}
	}
	var out []*orgunit.Unit
	scope := set.Get(scopeID)
	if scope == nil {
		return nil
	}
	for _, u := range append([]*orgunit.Unit{scope}, set.Descendants(scopeID)...) {
		if slices.Contains(kinds, u.Kind) && u.ValidOn(p.RosterDay()) {
			out = append(out, u)
		}
	}
	return out
}

// reportingUnits are the expected units that send their own report: those
// whose reports no unit above them sends for them. Before 1/7/2025 a
// district reported for its communes (2025's first half was reported by
// districts), so a former commune under a reporting district is not asked
// for a report of its own, nor shown late.
func reportingUnits(set *orgunit.Set, inds []programme.Indicator, p programme.Period, scopeID string) []*orgunit.Unit {
	expected := expectedUnits(set, inds, p, scopeID)
	in := make(map[string]bool, len(expected))
	for _, u := range expected {
		in[u.ID] = true
	}
	var out []*orgunit.Unit
	for _, u := range expected {
		covered := false
		for id, depth := u.ParentID, 0; id != "" && depth < 20 && !covered; depth++ {
			covered = in[id]
			parent := set.Get(id)
			if parent == nil {
				break
			}
			id = parent.ParentID
		}
		if !covered {
			out = append(out, u)
		}
	}
	return out
}

// Completeness shows the Sở which units have reported a period.
func (a *App) Completeness(ctx context.Context, actor Actor, periodID string) (Completeness, error) {
	if err := Must(actor, programme.Monitor, account.None); err != nil {
		return Completeness{}, err
	}
	q := a.Store.Read()
	c := Completeness{Today: locale.Today(a.Now()), Counts: map[string]int{}}
	var err error
	if c.Period, err = q.Period(ctx, periodID); err != nil {
		return c, err
	}
	if c.Info, err = loadProgramme(ctx, q, c.Period.ProgrammeID); err != nil {
		return c, err
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return c, err
	}
	reports, err := q.ReportsOfPeriod(ctx, periodID)
	if err != nil {
		return c, err
	}
	byUnit := map[string]programme.Report{}
	for _, r := range reports {
		byUnit[r.UnitID] = r
	}
	if c.Exceptions, err = q.Exceptions(ctx, periodID); err != nil {
		return c, err
	}
	active := map[string]programme.Exception{}
	c.Units = map[string]*orgunit.Unit{}
	for _, x := range c.Exceptions {
		c.Units[x.UnitID] = set.Get(x.UnitID)
		if x.Active(c.Today) {
			active[x.UnitID] = x
		}
	}
	for _, u := range reportingUnits(set, c.Info.Indicators, c.Period, provinceOf(set, actor.User)) {
		r, ok := byUnit[u.ID]
		if !ok {
			r = programme.Report{State: programme.Draft}
		}
		row := CompletenessRow{Unit: u, Report: r, Late: programme.Late(r, c.Period, c.Today), Exception: active[u.ID]}
		c.Rows = append(c.Rows, row)
		c.Counts["expected"]++
		switch {
		case !ok:
			c.Counts["missing"]++
		case r.State.Sent():
			c.Counts["sent"]++
		default:
			c.Counts[string(r.State)]++
		}
		if r.State == programme.Accepted {
			c.Counts["accepted"]++
		}
		if row.Late {
			c.Counts["late"]++
		}
	}
	// Late and unsent first, then by name.
	slices.SortStableFunc(c.Rows, func(x, y CompletenessRow) int { return urgency(x) - urgency(y) })
	return c, nil
}

func urgency(r CompletenessRow) int {
	switch {
	case r.Late && !r.Report.State.Sent():
		return 0
	case !r.Report.State.Sent():
		return 1
	case r.Late:
		return 2
	}
	return 3
}

// reminderDays are when units that have not sent a report are reminded:
// three days and one day before the deadline, and the day after it.
var reminderDays = []int{-3, -1, 1}

// RemindReports sends the reminders due today, once each even with several
// servers running (q.Once), to the officers and leaders of units that have
// not sent their report, and after the deadline a summary to the Sở.
func (a *App) RemindReports(ctx context.Context) (int, error) {
	today := locale.Today(a.Now())
	q := a.Store.Read()
	periods, err := q.OpenPeriods(ctx, today.AddDays(-1), today)
	if err != nil {
		return 0, err
	}
	set, err := q.UnitSet(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range periods {
		for _, d := range reminderDays {
			if p.Deadline.AddDays(d) != today {
				continue
			}
			n, err := a.remindPeriod(ctx, set, p, d, today)
			if err != nil {
				return sent, err
			}
			sent += n
		}
	}
	return sent, nil
}

func (a *App) remindPeriod(ctx context.Context, set *orgunit.Set, p programme.Period, day int, today civil.Date) (int, error) {
	q := a.Store.Read()
	info, err := loadProgramme(ctx, q, p.ProgrammeID)
	if err != nil {
		return 0, err
	}
	reports, err := q.ReportsOfPeriod(ctx, p.ID)
	if err != nil {
		return 0, err
	}
	done := map[string]bool{}
	for _, r := range reports {
		done[r.UnitID] = r.State.Sent()
	}
	var units []*orgunit.Unit
	for _, r := range set.Roots(today) {
		units = append(units, reportingUnits(set, info.Indicators, p, r.ID)...)
	}
	key, when := "notice.report.due_soon", "before"
	if day > 0 {
		key, when = "notice.report.overdue", "after"
	}
	sent, late := 0, 0
	for _, u := range units {
		if done[u.ID] {
			continue
		}
		late++
		err := a.Store.Tx(ctx, func(q store.Q) error {
			first, err := q.Once(ctx, "report-reminder:"+p.ID+":"+u.ID+":"+when+strconv.Itoa(day), a.Now())
			if err != nil || !first {
				return err
			}
			users, err := UnitUsers(ctx, q, u.ID, account.UnitOfficer, account.UnitLeader)
			if err != nil {
				return err
			}
			sent++
			return a.Notify(ctx, q, Notice{UserIDs: users, Kind: "report.reminder", Key: key,
				Args: []string{info.Programme.Code, p.Name, locale.Date(p.Deadline)}, Link: ReportLink(p.ID, u.ID)})
		})
		if err != nil {
			return sent, err
		}
	}
	if day > 0 && late > 0 {
		err := a.Store.Tx(ctx, func(q store.Q) error {
			first, err := q.Once(ctx, "report-late-summary:"+p.ID, a.Now())
			if err != nil || !first {
				return err
			}
			users, err := UnitUsers(ctx, q, "", account.SoSpecialist)
			if err != nil {
				return err
			}
			return a.Notify(ctx, q, Notice{UserIDs: users, Kind: "report.late", Key: "notice.report.late_summary",
				Args: []string{info.Programme.Code, p.Name, locale.Int(int64(late))}, Link: "/programmes/" + p.ProgrammeID + "/periods/" + p.ID + "/completeness"})
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// reportRemindersJob reminds units of reports due.
func reportRemindersJob() Job {
	return Job{Name: "report-reminders", Every: time.Hour, Run: func(a *App, ctx context.Context) error {
		_, err := a.RemindReports(ctx)
		return err
	}}
}

// reportFileReader lets those who see a report read its files.
func reportFileReader(ctx context.Context, a *App, actor Actor, reportID string) error {
	r, err := a.Store.Read().Report(ctx, reportID)
	if err != nil {
		return err
	}
	return Must(actor, programme.ReportView, account.Unit(r.UnitPath))
}

// reportAttention puts on the home page what waits for the user: reports to
// fill in (officers), to approve (leaders), to accept (the Sở).
func reportAttention(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error) {
	u := actor.User
	q := a.Store.Read()
	today := locale.Today(a.Now())
	switch {
	case u.Role == account.UnitLeader:
		rs, err := q.ReportsInScope(ctx, u.ScopePath, []programme.State{programme.Submitted}, 100)
		return []AttentionItem{{Label: "home.reports_to_approve", Count: len(rs), Href: "/reports", Level: "warn"}}, err
	case u.Role.IsSo() && u.Role != account.SoAdmin:
		rs, err := q.ReportsInScope(ctx, u.ScopePath, []programme.State{programme.Approved}, 500)
		return []AttentionItem{{Label: "home.reports_to_accept", Count: len(rs), Href: "/reports", Level: "info"}}, err
	case u.Role == account.UnitOfficer:
		todo, err := a.openReports(ctx, actor, today)
		n := 0
		for _, t := range todo {
			if !t.Report.State.Sent() && t.Report.State != programme.Submitted {
				n++
			}
		}
		return []AttentionItem{{Label: "home.reports_to_fill", Count: n, Href: "/reports", Level: "warn"}}, err
	}
	return nil, nil
}

// WorkItem is a report the user's unit must make in an open period.
type WorkItem struct {
	Programme programme.Programme
	Period    programme.Period
	Unit      orgunit.Unit
	Report    programme.Report
	Late      bool
}

// openReports lists the reports the actor's own unit must make in periods
// open now (or whose deadline passed in the last 30 days).
func (a *App) openReports(ctx context.Context, actor Actor, today civil.Date) ([]WorkItem, error) {
	q := a.Store.Read()
	unit, err := q.Unit(ctx, actor.User.UnitID)
	if err != nil {
		return nil, err
	}
	periods, err := q.OpenPeriods(ctx, today.AddDays(-30), today)
	if err != nil {
		return nil, err
	}
	var out []WorkItem
	cache := map[string]ProgrammeInfo{}
	for _, p := range periods {
		info, ok := cache[p.ProgrammeID]
		if !ok {
			if info, err = loadProgramme(ctx, q, p.ProgrammeID); err != nil {
				return nil, err
			}
			cache[p.ProgrammeID] = info
		}
		if len(programme.ForReport(info.Indicators, unit.Kind, p.Kind)) == 0 || !unit.ValidOn(p.End) {
			continue
		}
		r, err := q.ReportFor(ctx, p.ID, unit.ID)
		if err != nil {
			r = programme.Report{State: programme.Draft}
		}
		out = append(out, WorkItem{Programme: info.Programme, Period: p, Unit: unit, Report: r, Late: programme.Late(r, p, today)})
	}
	return out, nil
}

// Worklist is the reports page of a user: what to do now, and the reports
// of the unit (and of the former units it was formed from).
type Worklist struct {
	Open    []WorkItem
	Waiting []programme.Report // for leaders and the Sở: waiting for them
	Recent  []programme.Report
	Units   map[string]orgunit.Unit
	Periods map[string]programme.Period
	Progs   map[string]programme.Programme
}

// Worklist gathers the reports page.
func (a *App) Worklist(ctx context.Context, actor Actor) (Worklist, error) {
	var w Worklist
	if err := Must(actor, programme.View, account.None); err != nil {
		return w, err
	}
	u := actor.User
	q := a.Store.Read()
	var err error
	if u.Role.IsUnit() {
		if w.Open, err = a.openReports(ctx, actor, locale.Today(a.Now())); err != nil {
			return w, err
		}
	}
	var waitState []programme.State
	switch {
	case u.Role == account.UnitLeader:
		waitState = []programme.State{programme.Submitted}
	case u.Role.IsSo():
		waitState = []programme.State{programme.Approved}
	}
	if waitState != nil {
		if w.Waiting, err = q.ReportsInScope(ctx, u.ScopePath, waitState, 200); err != nil {
			return w, err
		}
	}
	for _, path := range append([]string{u.ScopePath}, u.HistoryPaths...) {
		rs, err := q.ReportsInScope(ctx, path, nil, 50)
		if err != nil {
			return w, err
		}
		w.Recent = append(w.Recent, rs...)
	}
	slices.SortStableFunc(w.Recent, func(x, y programme.Report) int { return y.UpdatedAt.Compare(x.UpdatedAt) })
	if len(w.Recent) > 100 {
		w.Recent = w.Recent[:100]
	}
	return w, a.fillNames(ctx, q, &w)
}

func (a *App) fillNames(ctx context.Context, q store.Q, w *Worklist) error {
	w.Units, w.Periods, w.Progs = map[string]orgunit.Unit{}, map[string]programme.Period{}, map[string]programme.Programme{}
	var unitIDs []string
	for _, r := range append(append([]programme.Report{}, w.Waiting...), w.Recent...) {
		unitIDs = append(unitIDs, r.UnitID)
		if _, ok := w.Periods[r.PeriodID]; !ok {
			p, err := q.Period(ctx, r.PeriodID)
			if err != nil {
				return err
			}
			w.Periods[p.ID] = p
		}
		if _, ok := w.Progs[r.ProgrammeID]; !ok {
			p, err := q.Programme(ctx, r.ProgrammeID)
			if err != nil {
				return err
			}
			w.Progs[p.ID] = p
		}
	}
	units, err := q.UnitsByIDs(ctx, unitIDs)
	for _, u := range units {
		w.Units[u.ID] = u
	}
	return err
}
