package app

import (
	"context"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// MeetingInput is what the meeting form holds.
type MeetingInput struct {
	Title, Place, Chair, Purpose string
	Agenda, Minutes, People      string
	Date                         civil.Date
	OrganiserID                  string
	Concerns                     followup.Ref
	Notice                       followup.Notice
	Version                      int
}

func (in MeetingInput) apply(m *followup.Meeting) {
	m.Title, m.Place, m.Chair, m.Purpose = in.Title, in.Place, in.Chair, in.Purpose
	m.Agenda, m.Minutes, m.People = in.Agenda, in.Minutes, in.People
	m.Date, m.OrganiserID, m.Concerns, m.Notice, m.Version = in.Date, in.OrganiserID, in.Concerns, in.Notice, in.Version
}

// mayList checks that the actor may use a follow-ups list at all; rows are
// then limited to the actor's scope.
func mayList(actor Actor, a account.Action) error {
	obj := account.None
	if actor.User != nil {
		obj = account.Unit(actor.User.ScopePath)
	}
	return Must(actor, a, obj)
}

// visibleMeeting loads a meeting the actor may see: the Sở, and the units
// present (or units formed from them).
func visibleMeeting(ctx context.Context, q store.Q, actor Actor, id string) (followup.Meeting, error) {
	m, err := q.Meeting(ctx, id)
	if err != nil {
		return m, err
	}
	org, err := q.Unit(ctx, m.OrganiserID)
	if err != nil {
		return m, err
	}
	if account.Can(actor.User, followup.MeetingView, account.Unit(org.Path)) {
		return m, nil
	}
	units, err := q.MeetingUnits(ctx, id)
	if err != nil {
		return m, err
	}
	for _, u := range units {
		if account.Can(actor.User, followup.MeetingView, account.Unit(u.Path)) {
			return m, nil
		}
	}
	return m, ErrForbidden
}

// checkOrganiser makes sure a meeting is organised by the Sở or a division.
func checkOrganiser(ctx context.Context, q store.Q, m followup.Meeting, e *valid.Errors) {
	if m.OrganiserID == "" {
		return
	}
	if u, err := q.Unit(ctx, m.OrganiserID); err != nil || !soUnit(u) {
		e.Add("organiser_id", "err.choose")
	}
}

// concern checks what a meeting is about and names it: a programme or a
// call picked from khcn (named as it is now; its page is linked where one
// exists), or free text for any other subject.
func concern(ctx context.Context, q store.Q, r followup.Ref, e *valid.Errors) (followup.Ref, error) {
	if r.ID == "" {
		return followup.Ref{Type: r.Type, Label: strings.TrimSpace(r.Label)}, nil
	}
	var label string
	var err error
	switch r.Type {
	case followup.TypeProgramme:
		var p programme.Programme
		p, err = q.Programme(ctx, r.ID)
		label = p.Code + " – " + p.Title
	case followup.TypeCall:
		var c proposal.Call
		c, err = q.Call(ctx, r.ID)
		label = c.Title
	default:
		err = ErrNotFound
	}
	if errors.Is(err, ErrNotFound) {
		e.Add("concerns", "err.choose")
		return r, nil
	}
	return followup.Ref{Type: r.Type, ID: r.ID, Label: label}, err
}

// Concerns are the programmes and calls a meeting can be about.
type Concerns struct {
	Programmes []programme.Programme
	Calls      []store.CallRow
}

// ConcernChoices lists what the meeting form offers as the programme or
// call concerned.
func (a *App) ConcernChoices(ctx context.Context, actor Actor) (Concerns, error) {
	if err := Must(actor, followup.MeetingManage, account.None); err != nil {
		return Concerns{}, err
	}
	q := a.Store.Read()
	var c Concerns
	var err error
	if c.Programmes, err = q.Programmes(ctx); err != nil {
		return c, err
	}
	c.Calls, err = q.Calls(ctx, nil)
	return c, err
}

// CreateMeeting records a working session.
func (a *App) CreateMeeting(ctx context.Context, actor Actor, in MeetingInput) (string, error) {
	if err := Must(actor, followup.MeetingManage, account.None); err != nil {
		return "", err
	}
	m := followup.Meeting{ID: store.NewID(), Status: followup.MeetingOpen, CreatedBy: actor.User.ID, CreatedAt: a.Now()}
	in.apply(&m)
	e := m.Validate()
	err := a.Store.Tx(ctx, func(q store.Q) error {
		checkOrganiser(ctx, q, m, &e)
		var err error
		if m.Concerns, err = concern(ctx, q, m.Concerns, &e); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		if err := q.InsertMeeting(ctx, m); err != nil {
			return err
		}
		return Audit(ctx, q, actor, "meeting.create", followup.TypeMeeting, m.ID, m.OrganiserID, nil, m)
	})
	return m.ID, err
}

// editMeeting runs a change of an open meeting: permission, lock and one
// audit record with the record before and after.
func (a *App) editMeeting(ctx context.Context, actor Actor, id, action string, change func(q store.Q, m *followup.Meeting) error) error {
	if err := Must(actor, followup.MeetingManage, account.None); err != nil {
		return err
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		m, err := q.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if !m.Editable() {
			return valid.Errors{"form": {Key: "err.fu.meeting_closed"}}
		}
		before := m
		if err := change(q, &m); err != nil {
			return err
		}
		after, err := q.Meeting(ctx, id)
		if err != nil {
			return err
		}
		return Audit(ctx, q, actor, action, followup.TypeMeeting, id, m.OrganiserID, before, after)
	})
}

// UpdateMeeting saves the meeting record. Changing the date keeps the units
// present only if they existed on the new date.
func (a *App) UpdateMeeting(ctx context.Context, actor Actor, id string, in MeetingInput) error {
	return a.editMeeting(ctx, actor, id, "meeting.update", func(q store.Q, m *followup.Meeting) error {
		in.apply(m)
		e := m.Validate()
		checkOrganiser(ctx, q, *m, &e)
		var err error
		if m.Concerns, err = concern(ctx, q, m.Concerns, &e); err != nil {
			return err
		}
		for _, uid := range m.UnitIDs {
			if u, err := q.Unit(ctx, uid); !m.Date.IsZero() && (err != nil || !u.ValidOn(m.Date)) {
				e.Add("date", "err.fu.units_not_on_date")
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		return q.UpdateMeeting(ctx, *m, a.Now())
	})
}

// SetMeetingUnits records which units were present; each must have existed
// on the meeting's date (the districts in 2024, the communes since 7/2025).
func (a *App) SetMeetingUnits(ctx context.Context, actor Actor, id string, version int, unitIDs []string) error {
	return a.editMeeting(ctx, actor, id, "meeting.units", func(q store.Q, m *followup.Meeting) error {
		var e valid.Errors
		for _, uid := range unitIDs {
			if u, ok := unitOn(ctx, q, uid, m.Date, "units", &e); ok && u.Kind == orgunit.Province {
				e.Add("units", "err.choose")
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		if err := q.TouchMeeting(ctx, id, version, a.Now()); err != nil {
			return err
		}
		return q.SetMeetingUnits(ctx, id, unitIDs)
	})
}

// AddConclusion appends a conclusion to an open meeting.
func (a *App) AddConclusion(ctx context.Context, actor Actor, id string, version int, text string) error {
	return a.editMeeting(ctx, actor, id, "meeting.conclusion_add", func(q store.Q, m *followup.Meeting) error {
		if err := followup.ValidateConclusion(text).Err(); err != nil {
			return err
		}
		if err := q.TouchMeeting(ctx, id, version, a.Now()); err != nil {
			return err
		}
		return q.InsertConclusion(ctx, followup.Conclusion{ID: store.NewID(), MeetingID: id, Text: text}, a.Now())
	})
}

// EditConclusion changes or, with empty text and remove, deletes a conclusion.
func (a *App) EditConclusion(ctx context.Context, actor Actor, id string, version int, conclusionID, text string, remove bool) error {
	return a.editMeeting(ctx, actor, id, "meeting.conclusion_edit", func(q store.Q, m *followup.Meeting) error {
		if !remove {
			if err := followup.ValidateConclusion(text).Err(); err != nil {
				return err
			}
		}
		if err := q.TouchMeeting(ctx, id, version, a.Now()); err != nil {
			return err
		}
		if remove {
			return q.DeleteConclusion(ctx, id, conclusionID)
		}
		return q.UpdateConclusion(ctx, id, conclusionID, text)
	})
}

// AttachMinutesScan stores the signed scan of the minutes; it may come after
// the meeting is closed, once the minutes are signed.
func (a *App) AttachMinutesScan(ctx context.Context, actor Actor, id string, files []FileInput) error {
	if err := Must(actor, followup.MeetingManage, account.None); err != nil {
		return err
	}
	if len(files) == 0 {
		return valid.Errors{"scan": {Key: "err.file_empty"}}
	}
	return a.Store.Tx(ctx, func(q store.Q) error {
		if _, err := q.Meeting(ctx, id); err != nil {
			return err
		}
		for i := range files {
			files[i].Field = "scan"
		}
		return a.saveFiles(ctx, q, actor, followup.TypeMeeting, id, "minutes_scan", files, []FileKind{KindPDF, KindPNG, KindJPEG})
	})
}

// CloseMeeting turns the chosen conclusions into action items (one per
// owner unit) and locks the record, all in one transaction.
func (a *App) CloseMeeting(ctx context.Context, actor Actor, id string, version int, picks []followup.ClosePick) (int, error) {
	if err := Must(actor, followup.MeetingManage, account.None); err != nil {
		return 0, err
	}
	count := 0
	err := a.Store.Tx(ctx, func(q store.Q) error {
		count = 0
		m, err := q.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if m.Version != version {
			return ErrConflict
		}
		conclusions, err := q.Conclusions(ctx, id)
		if err != nil {
			return err
		}
		if err := followup.CheckClose(m, conclusions, picks).Err(); err != nil {
			return err
		}
		text := map[string]string{}
		for _, c := range conclusions {
			text[c.ID] = c.Text
		}
		for _, p := range picks {
			var in []ActionItemInput
			for _, owner := range p.OwnerUnitIDs {
				in = append(in, ActionItemInput{Title: text[p.ConclusionID], OwnerUnitID: owner, OwnerUserID: p.OwnerUserID,
					AssignerUnitID: m.OrganiserID, AssignerName: m.Chair, Due: p.Due,
					Source: followup.Ref{Type: followup.TypeMeeting, ID: m.ID, Label: m.Title}, SourceItemID: p.ConclusionID})
			}
			ids, err := a.CreateActionItems(ctx, q, actor, in)
			var ve valid.Errors
			if errors.As(err, &ve) {
				for _, prob := range ve {
					return valid.Errors{followup.PickField(p.ConclusionID, "owners"): prob}
				}
			}
			if err != nil {
				return err
			}
			count += len(ids)
		}
		if err := q.CloseMeeting(ctx, id, version, a.Now()); err != nil {
			return err
		}
		type closed struct {
			Status followup.MeetingStatus
			Picks  []followup.ClosePick
		}
		return Audit(ctx, q, actor, "meeting.close", followup.TypeMeeting, id, m.OrganiserID,
			closed{Status: m.Status}, closed{Status: followup.MeetingClosed, Picks: picks})
	})
	return count, err
}

// ConclusionView is a conclusion with the action items made from it.
type ConclusionView struct {
	followup.Conclusion
	Actions []store.ActionRow
}

// MeetingView is what the meeting page shows.
type MeetingView struct {
	Meeting         followup.Meeting
	Organiser       orgunit.Unit
	Units           []store.UnitRef
	Conclusions     []ConclusionView
	Scans           []store.File
	Recommendations []store.RecRow
	Concerns        RefInfo
	OtherActions    []store.ActionRow // made from the meeting but no conclusion
}

// Meeting returns a meeting for its page. People of a unit see only their
// own unit's action items and recommendations.
func (a *App) Meeting(ctx context.Context, actor Actor, id string) (MeetingView, error) {
	q := a.Store.Read()
	m, err := visibleMeeting(ctx, q, actor, id)
	if err != nil {
		return MeetingView{}, err
	}
	v := MeetingView{Meeting: m, Concerns: a.resolveRef(ctx, q, actor, m.Concerns)}
	if v.Organiser, err = q.Unit(ctx, m.OrganiserID); err != nil {
		return v, err
	}
	if v.Units, err = q.MeetingUnits(ctx, id); err != nil {
		return v, err
	}
	conclusions, err := q.Conclusions(ctx, id)
	if err != nil {
		return v, err
	}
	actions, err := q.Actions(ctx, store.ActionFilter{Scope: readScope(actor), SourceType: followup.TypeMeeting, SourceID: id}, 1000)
	if err != nil {
		return v, err
	}
	byConclusion := map[string][]store.ActionRow{}
	for _, it := range actions {
		byConclusion[it.SourceItemID] = append(byConclusion[it.SourceItemID], it)
	}
	for _, c := range conclusions {
		v.Conclusions = append(v.Conclusions, ConclusionView{Conclusion: c, Actions: byConclusion[c.ID]})
		delete(byConclusion, c.ID)
	}
	for _, rest := range byConclusion {
		v.OtherActions = append(v.OtherActions, rest...)
	}
	if v.Scans, err = q.FilesOf(ctx, followup.TypeMeeting, id); err != nil {
		return v, err
	}
	v.Recommendations, err = q.Recommendations(ctx, store.RecFilter{Scope: readScope(actor),
		Source: followup.Ref{Type: followup.TypeMeeting, ID: id}})
	return v, err
}

// Meetings lists the meetings the actor may see.
func (a *App) Meetings(ctx context.Context, actor Actor, f store.MeetingFilter) ([]store.MeetingRow, error) {
	if err := mayList(actor, followup.MeetingView); err != nil {
		return nil, err
	}
	f.Scope = readScope(actor)
	return a.Store.Read().Meetings(ctx, f)
}

// UnitChoices lists the units one could pick on day d: the Sở's divisions
// and the districts or communes that existed then, by Vietnamese collation.
func (a *App) UnitChoices(ctx context.Context, d civil.Date) ([]orgunit.Unit, error) {
	units, err := a.Store.Read().UnitsOn(ctx, d, "")
	out := units[:0]
	for _, u := range units {
		if u.Kind == orgunit.Division || u.Kind == orgunit.District || u.Kind == orgunit.Commune {
			out = append(out, u)
		}
	}
	return out, err
}

// OwnerSuggestions are the units a meeting's conclusions are likely to be
// handed to today: the units present, or, for units reorganised since, the
// units that took them over; then the Sở's divisions.
func (a *App) OwnerSuggestions(ctx context.Context, units []store.UnitRef) ([]orgunit.Unit, error) {
	today := a.today()
	set, err := a.Store.Read().UnitSet(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []orgunit.Unit
	add := func(u *orgunit.Unit) {
		if u != nil && !seen[u.ID] && u.ValidOn(today) {
			seen[u.ID] = true
			out = append(out, *u)
		}
	}
	for _, u := range units {
		if full := set.Get(u.ID); full != nil && full.ValidOn(today) {
			add(full)
			continue
		}
		for _, l := range set.SuccessorsOn(u.ID, today) {
			add(l.Unit)
		}
	}
	locale.SortFunc(out, func(u orgunit.Unit) string { return u.Name })
	divisions, err := a.Store.Read().UnitsOn(ctx, today, orgunit.Division)
	for i := range divisions {
		add(&divisions[i])
	}
	return out, err
}
