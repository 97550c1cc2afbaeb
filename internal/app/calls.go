package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// CallInput is the call form as typed: dates and the year are still text, so
// a bad one comes back at its field.
type CallInput struct {
	PlanYear    string
	Title       string
	Guidance    string
	RuleCode    string
	Start       string
	Ends        [5]string // end of each phase, in proposal.Phases order
	Areas       string    // one priority area per line
	Programmes  []string  // IDs of the programmes served
	UnitScope   string    // "communes", "districts" or "pick"
	UnitIDs     []string  // when picking
	DecisionRef string
	// KeepDates keeps the later phases' dates when an end moves; by default
	// they move along and keep their lengths.
	KeepDates bool
	Version   int
}

// Unit scopes offered on the call form.
const (
	ScopeCommunes  = "communes"
	ScopeDistricts = "districts"
	ScopePick      = "pick"
)

// parseCall reads the form into a call; the caller fills the ID and rules.
func parseCall(in CallInput) (proposal.Call, valid.Errors) {
	var e valid.Errors
	c := proposal.Call{Title: strings.TrimSpace(in.Title), Guidance: strings.TrimSpace(in.Guidance),
		DecisionRef: strings.TrimSpace(in.DecisionRef), Version: in.Version}
	if y, err := strconv.Atoi(strings.TrimSpace(in.PlanYear)); err == nil {
		c.PlanYear = y
	} else {
		e.Add("plan_year", "err.plan_year")
	}
	c.Schedule.Start = parseDate(&e, "start", in.Start)
	for i, p := range proposal.Phases {
		c.Schedule.Ends[i] = parseDate(&e, proposal.EndField(p), in.Ends[i])
	}
	for _, line := range strings.Split(in.Areas, "\n") {
		if name := strings.Join(strings.Fields(line), " "); name != "" {
			c.Areas = append(c.Areas, proposal.Area{ID: store.NewID(), Name: locale.NFC(name)})
		}
	}
	e.MaxLen("decision_ref", c.DecisionRef, 100)
	return c, e
}

func parseDate(e *valid.Errors, field, s string) civil.Date {
	if strings.TrimSpace(s) == "" {
		return civil.Date{}
	}
	d, err := locale.ParseDate(s)
	if err != nil {
		e.Add(field, "err.date_format")
	}
	return d
}

// resolveProgrammes loads the programmes a call serves, from the programmes
// area.
func resolveProgrammes(ctx context.Context, q store.Q, e *valid.Errors, ids []string) ([]proposal.Programme, error) {
	var out []proposal.Programme
	for _, id := range ids {
		p, err := q.Programme(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			e.Add("programmes", "err.choose")
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, proposal.Programme{ID: p.ID, Code: p.Code, Name: p.Title})
	}
	return out, nil
}

// ProgrammeChoices lists the programmes a call may serve.
func (a *App) ProgrammeChoices(ctx context.Context, actor Actor) ([]programme.Programme, error) {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().Programmes(ctx)
}

// resolveUnits turns the form's unit scope into unit IDs valid on the
// window's first day.
func resolveUnits(ctx context.Context, q store.Q, e *valid.Errors, in CallInput, start civil.Date) ([]string, error) {
	switch in.UnitScope {
	case ScopeCommunes, ScopeDistricts:
		if start.IsZero() {
			return nil, nil
		}
		kind := orgunit.Commune
		if in.UnitScope == ScopeDistricts {
			kind = orgunit.District
		}
		units, err := q.UnitsOn(ctx, start, kind)
		ids := make([]string, len(units))
		for i, u := range units {
			ids[i] = u.ID
		}
		return ids, err
	case ScopePick:
		units, err := q.UnitsByIDs(ctx, in.UnitIDs)
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, u := range units {
			if u.Kind == orgunit.Commune || u.Kind == orgunit.District {
				ids = append(ids, u.ID)
			}
		}
		if len(ids) != len(in.UnitIDs) {
			e.Add("units", "err.choose")
		}
		return ids, nil
	}
	e.Add("units", "err.choose")
	return nil, nil
}

// RuleSets lists the shipped rule sets and those the Sở added.
func (a *App) RuleSets(ctx context.Context, actor Actor) ([]proposal.RuleSet, error) {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return nil, err
	}
	return ruleSets(ctx, a.Store.Read())
}

func ruleSets(ctx context.Context, q store.Q) ([]proposal.RuleSet, error) {
	custom, err := q.RuleSets(ctx)
	return append(proposal.Defaults(), custom...), err
}

func ruleSet(ctx context.Context, q store.Q, code string) (proposal.RuleSet, bool, error) {
	all, err := ruleSets(ctx, q)
	for _, r := range all {
		if r.Code == code {
			return r, true, err
		}
	}
	return proposal.RuleSet{}, false, err
}

// AddRuleSet stores a new rule set written as JSON, for a new legal regime.
func (a *App) AddRuleSet(ctx context.Context, actor Actor, body string) (string, error) {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return "", err
	}
	var e valid.Errors
	r, err := proposal.ParseRuleSet([]byte(body))
	if err != nil {
		e.Add("body", "err.rules", err.Error())
		return "", e
	}
	err = a.Store.Tx(ctx, func(q store.Q) error {
		if _, exists, err := ruleSet(ctx, q, r.Code); err != nil || exists {
			if exists {
				e.Add("body", "err.rules_code_taken", r.Code)
				return e
			}
			return err
		}
		if err := q.InsertRuleSet(ctx, r, actor.User.ID, a.Now()); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "ruleset.create", "ruleset", r.Code, "", nil, r)
	})
	return r.Code, err
}

// callView is what the audit log keeps of a call.
type callView struct {
	PlanYear            int
	Title, Rules        string
	Start               civil.Date
	Ends                [5]civil.Date
	Areas, Units        int
	Programmes          []string
	Opened, DecisionRef string
}

func viewOfCall(c proposal.Call) callView {
	v := callView{PlanYear: c.PlanYear, Title: c.Title, Rules: c.Rules.Code, Start: c.Schedule.Start, Ends: c.Schedule.Ends,
		Areas: len(c.Areas), Units: len(c.UnitIDs), Opened: locale.DateTime(c.OpenedAt), DecisionRef: c.DecisionRef}
	for _, p := range c.Programmes {
		v.Programmes = append(v.Programmes, p.Code)
	}
	return v
}

// CreateCall adds a call as a draft; units learn of it when it is opened.
func (a *App) CreateCall(ctx context.Context, actor Actor, in CallInput) (string, error) {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return "", err
	}
	c, e := parseCall(in)
	c.ID, c.CreatedBy = store.NewID(), actor.User.ID
	err := a.Store.Tx(ctx, func(q store.Q) error {
		if err := a.fillCall(ctx, q, &c, in, &e); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		if err := q.InsertCall(ctx, c); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "call.create", "call", c.ID, "", nil, viewOfCall(c))
	})
	return c.ID, err
}

// fillCall adds the rule set and units to a parsed call and checks it whole.
func (a *App) fillCall(ctx context.Context, q store.Q, c *proposal.Call, in CallInput, e *valid.Errors) error {
	r, ok, err := ruleSet(ctx, q, in.RuleCode)
	if err != nil {
		return err
	}
	if !ok {
		e.Add("rules", "err.choose")
	}
	c.Rules = r
	if c.UnitIDs, err = resolveUnits(ctx, q, e, in, c.Schedule.Start); err != nil {
		return err
	}
	if c.Programmes, err = resolveProgrammes(ctx, q, e, in.Programmes); err != nil {
		return err
	}
	for f, p := range c.Check() {
		if f != "rules" || ok {
			e.Add(f, p.Key, p.Args...)
		}
	}
	return nil
}

// UpdateCall saves a call. Once it is opened its form, areas, programmes and
// units stay as the units were told; dates, texts and the decision number
// may still change.
func (a *App) UpdateCall(ctx context.Context, actor Actor, id string, in CallInput) error {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		old, err := q.Call(ctx, id)
		if err != nil {
			return err
		}
		c, e := parseCall(in)
		c.ID, c.CreatedBy, c.OpenedAt, c.PublishedAt = old.ID, old.CreatedBy, old.OpenedAt, old.PublishedAt
		if !in.KeepDates {
			c.Schedule = c.Schedule.Reflow(old.Schedule)
		}
		if old.Opened() {
			c.Rules, c.Areas, c.Programmes, c.UnitIDs = old.Rules, old.Areas, old.Programmes, old.UnitIDs
			for f, p := range c.Check() {
				e.Add(f, p.Key, p.Args...)
			}
		} else if err := a.fillCall(ctx, q, &c, in, &e); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		if err := q.UpdateCall(ctx, c); err != nil {
			return err
		}
		// Units working on an open call are told when its deadline moves.
		if old.Opened() && c.Schedule.WindowEnd() != old.Schedule.WindowEnd() {
			users, err := q.CallRecipients(ctx, id, account.UnitOfficer, account.UnitLeader)
			if err != nil {
				return err
			}
			err = a.Notify(ctx, q, Notice{UserIDs: users, Kind: "call.deadline", Key: "notice.call_deadline",
				Args: []string{c.Title, locale.Date(old.Schedule.WindowEnd()), locale.Date(c.Schedule.WindowEnd())}, Link: "/calls/" + id})
			if err != nil {
				return err
			}
		}
		return Audit(ctx, q, actor, "call.update", "call", id, "", viewOfCall(old), viewOfCall(c))
	})
}

// OpenCall tells every eligible unit's officers and leaders that the call is
// open, in the app and by email (the outbox sends the notices).
func (a *App) OpenCall(ctx context.Context, actor Actor, id string, version int) error {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		c, err := q.Call(ctx, id)
		if err != nil {
			return err
		}
		if e := c.Check(); e != nil {
			return e
		}
		now := a.Now()
		if err := q.SetCallOpened(ctx, id, actor.User.ID, now, version); err != nil {
			return err
		}
		users, err := q.CallRecipients(ctx, id, account.UnitOfficer, account.UnitLeader)
		if err != nil {
			return err
		}
		err = a.Notify(ctx, q, Notice{UserIDs: users, Kind: "call.opened", Key: "notice.call_opened",
			Args: []string{c.Title, locale.Date(c.Schedule.WindowEnd())}, Link: "/calls/" + id})
		if err != nil {
			return err
		}
		before := viewOfCall(c)
		c.OpenedAt = now
		return Audit(ctx, q, actor, "call.open", "call", id, "", before, viewOfCall(c))
	})
}

// GrantExtension gives one unit a later deadline in a call, audited and
// told to the unit.
func (a *App) GrantExtension(ctx context.Context, actor Actor, callID, unitID, until, reason string) error {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return err
	}
	var e valid.Errors
	day := parseDate(&e, "until", until)
	reason = strings.TrimSpace(reason)
	return a.Store.Tx(ctx, func(q store.Q) error {
		c, err := q.Call(ctx, callID)
		if err != nil {
			return err
		}
		ok, err := q.CallEligible(ctx, callID, unitID)
		if err != nil {
			return err
		}
		if !ok {
			e.Add("unit_id", "err.choose")
		}
		if e == nil {
			e = c.CheckExtension(day, reason)
		}
		if err := e.Err(); err != nil {
			return err
		}
		x := store.Extension{CallID: callID, UnitID: unitID, Until: day, Reason: reason, GrantedBy: actor.User.ID, GrantedAt: a.Now()}
		before, err := q.SetExtension(ctx, x)
		if err != nil {
			return err
		}
		users, err := UnitUsers(ctx, q, unitID, account.UnitOfficer, account.UnitLeader)
		if err != nil {
			return err
		}
		if err := a.Notify(ctx, q, Notice{UserIDs: users, Kind: "call.extended", Key: "notice.call_extended",
			Args: []string{c.Title, locale.Date(day)}, Link: "/calls/" + callID}); err != nil {
			return err
		}
		type ext struct {
			Unit, Until, Reason string
		}
		var old any
		if !before.Until.IsZero() {
			old = ext{unitID, before.Until.String(), before.Reason}
		}
		return Audit(ctx, q, actor, "call.extend", "call", callID, unitID, old, ext{unitID, day.String(), reason})
	})
}

// CallPage is what the call's page shows.
type CallPage struct {
	Call       proposal.Call
	Status     string
	Starts     [5]civil.Date
	Units      []orgunit.Unit // eligible units, by name
	Extensions []store.Extension
	Files      []store.File
	Drafts     int // proposals still with the units (for the Sở, a number only)
	Counts     store.ProposalCounts
	Mine       []store.ProposalRow // the actor's unit's proposals (units)
	Deadline   civil.Date          // the actor's unit's deadline
	CanPropose bool                // the actor's unit may add a proposal now
}

// PhaseRow is one phase with its dates.
type PhaseRow struct {
	Phase      proposal.Phase
	Start, End civil.Date
}

// Phases lists the call's phases with their dates.
func (p CallPage) Phases() []PhaseRow {
	out := make([]PhaseRow, len(proposal.Phases))
	for i, ph := range proposal.Phases {
		out[i] = PhaseRow{ph, p.Starts[i], p.Call.Schedule.Ends[i]}
	}
	return out
}

// errNotEligible hides calls a unit does not take part in.
var errNotEligible = ErrNotFound

// callFor loads a call the actor may see: the Sở any call, a unit opened
// calls its unit (or a former unit it was formed from) is eligible for.
func (a *App) callFor(ctx context.Context, q store.Q, actor Actor, id string) (proposal.Call, error) {
	if err := Must(actor, proposal.CallView, account.None); err != nil {
		return proposal.Call{}, err
	}
	c, err := q.Call(ctx, id)
	if err == nil && !takesPart(actor.User, c) {
		err = errNotEligible
	}
	return c, err
}

// unitIDsOf returns the actor's unit and the former units it was formed
// from (the last part of each history path).
func unitIDsOf(u *account.User) []string {
	ids := []string{u.UnitID}
	for _, p := range u.HistoryPaths {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		ids = append(ids, parts[len(parts)-1])
	}
	return ids
}

// Call returns a call's page for the actor.
func (a *App) Call(ctx context.Context, actor Actor, id string) (CallPage, error) {
	q := a.Store.Read()
	c, err := a.callFor(ctx, q, actor, id)
	if err != nil {
		return CallPage{}, err
	}
	today := locale.Today(a.Now())
	p := CallPage{Call: c, Status: c.Status(today), Starts: c.Schedule.Starts(), Deadline: c.Schedule.WindowEnd()}
	if p.Files, err = q.FilesOf(ctx, "call", id); err != nil {
		return p, err
	}
	if actor.User.Role.IsSo() {
		units, err := q.UnitsByIDs(ctx, c.UnitIDs)
		if err != nil {
			return p, err
		}
		locale.SortFunc(units, func(u orgunit.Unit) string { return u.Name })
		p.Units = units
		if p.Extensions, err = q.Extensions(ctx, id); err != nil {
			return p, err
		}
		if p.Drafts, err = q.DraftCount(ctx, id); err != nil {
			return p, err
		}
		p.Counts, err = q.CountProposals(ctx, store.ProposalFilter{CallID: id, SoOnly: true})
		sortStates(p.Counts.States)
		return p, err
	}
	p.Mine, err = q.ListProposals(ctx, store.ProposalFilter{CallID: id, UnitPaths: unitPaths(actor.User)})
	if err != nil {
		return p, err
	}
	x, err := q.Extension(ctx, id, actor.User.UnitID)
	if err != nil {
		return p, err
	}
	p.Deadline = c.Deadline(x.Until)
	eligible, err := q.CallEligible(ctx, id, actor.User.UnitID)
	p.CanPropose = eligible && !c.Published() && account.Can(actor.User, proposal.Edit, account.Unit(actor.User.UnitPath)) &&
		c.CanSend(today, x.Until) == nil
	return p, err
}

func unitPaths(u *account.User) []string { return append([]string{u.ScopePath}, u.HistoryPaths...) }

// Calls lists the calls the actor takes part in.
func (a *App) Calls(ctx context.Context, actor Actor) ([]store.CallRow, error) {
	if err := Must(actor, proposal.CallView, account.None); err != nil {
		return nil, err
	}
	if actor.User.Role.IsSo() {
		return a.Store.Read().Calls(ctx, nil)
	}
	return a.Store.Read().Calls(ctx, unitIDsOf(actor.User))
}

// CallForm returns a call and its form values for editing.
func (a *App) CallForm(ctx context.Context, actor Actor, id string) (proposal.Call, error) {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return proposal.Call{}, err
	}
	return a.Store.Read().Call(ctx, id)
}

// CallUnitChoices lists the units a call can address, valid on day: today's
// communes and wards, and former districts for calls before 1/7/2025.
func (a *App) CallUnitChoices(ctx context.Context, actor Actor, day civil.Date) ([]orgunit.Unit, error) {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return nil, err
	}
	q := a.Store.Read()
	communes, err := q.UnitsOn(ctx, day, orgunit.Commune)
	if err != nil {
		return nil, err
	}
	districts, err := q.UnitsOn(ctx, day, orgunit.District)
	return append(districts, communes...), err
}

// AttachCallFile adds a guidance document to a call.
func (a *App) AttachCallFile(ctx context.Context, actor Actor, callID string, in FileInput) error {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if _, err := q.Call(ctx, callID); err != nil {
			return err
		}
		in.OwnerType, in.OwnerID, in.Purpose = "call", callID, "guidance"
		_, err := a.SaveFile(ctx, q, actor, in)
		return err
	})
}

// RemoveCallFile removes a guidance document.
func (a *App) RemoveCallFile(ctx context.Context, actor Actor, callID, fileID string) error {
	if err := Must(actor, proposal.CallManage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		f, err := q.File(ctx, fileID)
		if err != nil {
			return err
		}
		if err := q.DeleteFile(ctx, "call", callID, fileID); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "file.delete", "call", callID, "", map[string]any{"file": f.ID, "name": f.Name}, nil)
	})
}

// callFileReader lets those who take part in a call read its files; the
// public too, once its list is published.
func callFileReader(ctx context.Context, a *App, actor Actor, ownerID string) error {
	_, err := a.callFor(ctx, a.Store.Read(), actor, ownerID)
	if errors.Is(err, ErrForbidden) && actor.User == nil {
		// The public may read the guidance of a call whose list is published.
		c, err := a.Store.Read().Call(ctx, ownerID)
		if err == nil && c.Published() {
			return nil
		}
		return ErrForbidden
	}
	return err
}
