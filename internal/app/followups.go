package app

import (
	"context"
	"time"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// readScope is what of the follow-ups an actor may list: everything for the
// Sở (nil), else the user's own unit and the former units it was formed from.
func readScope(actor Actor) store.Scope {
	u := actor.User
	if u == nil {
		return store.Scope{}
	}
	if u.Role.IsSo() {
		return nil
	}
	var s store.Scope
	if u.ScopePath != "" {
		s = append(s, u.ScopePath)
	}
	return append(s, u.HistoryPaths...)
}

// one runs, in its own transaction, a use case made for several objects
// with just one, and returns its ID.
func (a *App) one(ctx context.Context, make func(q store.Q) ([]string, error)) (string, error) {
	var id string
	err := a.Store.Tx(ctx, func(q store.Q) error {
		ids, err := make(q)
		if err == nil && len(ids) > 0 {
			id = ids[0]
		}
		return err
	})
	return id, err
}

// unitOn loads a unit and checks it existed on day d, reporting a problem at
// field otherwise.
func unitOn(ctx context.Context, q store.Q, id string, d civil.Date, field string, e *valid.Errors) (orgunit.Unit, bool) {
	u, err := q.Unit(ctx, id)
	if err != nil || !u.ValidOn(d) {
		e.Add(field, "err.fu.unit_not_on_date", locale.Date(d))
		return u, false
	}
	return u, true
}

// soUnit reports whether a unit is the Sở or one of its divisions.
func soUnit(u orgunit.Unit) bool { return u.Kind == orgunit.Department || u.Kind == orgunit.Division }

// RefInfo is how to show an object another object points to.
type RefInfo struct {
	Type  string
	ID    string
	Label string
	Href  string
	// Opens, when set, says whether a reader may open Href: a unit's
	// unsent proposal draft is linked from a recommendation the Sở reads,
	// but the Sở may not open it. Nil: whoever sees the link.
	Opens func(Actor) bool
}

// RefResolver finds the label and page of an object of one type.
type RefResolver func(ctx context.Context, q store.Q, id string) (RefInfo, error)

// opensWith lets readers allowed action on a unit's objects open a link.
func opensWith(action account.Action, unitPath string) func(Actor) bool {
	return func(actor Actor) bool { return account.Can(actor.User, action, account.Unit(unitPath)) }
}

// resolveRef shows a reference to actor: through its area's resolver when
// it points at a stored object, else by its own label; a page the actor may
// not open is named without a link.
func (a *App) resolveRef(ctx context.Context, q store.Q, actor Actor, r followup.Ref) RefInfo {
	info := RefInfo{Type: r.Type, ID: r.ID, Label: r.Label}
	if res, ok := a.wired.refs[r.Type]; ok && r.ID != "" {
		if got, err := res(ctx, q, r.ID); err == nil {
			got.Type, got.ID = r.Type, r.ID
			if got.Label == "" {
				got.Label = r.Label
			}
			if got.Opens != nil && !got.Opens(actor) {
				got.Href = ""
			}
			return got
		}
	}
	return info
}

// LinkView is one end of a link, seen from the other.
type LinkView struct {
	RefInfo
	Outgoing bool // this object links to it (e.g. converted into it)
}

// linksOf shows actor every object linked to (typ, id), both ways.
func (a *App) linksOf(ctx context.Context, q store.Q, actor Actor, typ, id string) ([]LinkView, error) {
	links, err := q.LinksOf(ctx, typ, id)
	if err != nil {
		return nil, err
	}
	out := make([]LinkView, 0, len(links))
	for _, l := range links {
		other, outgoing := followup.Ref{Type: l.ToType, ID: l.ToID}, true
		if l.ToType == typ && l.ToID == id {
			other, outgoing = followup.Ref{Type: l.FromType, ID: l.FromID}, false
		}
		out = append(out, LinkView{RefInfo: a.resolveRef(ctx, q, actor, other), Outgoing: outgoing})
	}
	return out, nil
}

// Link records that from led to to (a recommendation became an action item,
// a training event answers a recommendation). Other areas call it inside
// their transaction, e.g. when a proposal draft is made from a
// recommendation.
func (a *App) Link(ctx context.Context, q store.Q, actor Actor, from, to followup.Ref) error {
	by := ""
	if actor.User != nil {
		by = actor.User.ID
	}
	return q.InsertLink(ctx, store.Link{FromType: from.Type, FromID: from.ID, ToType: to.Type, ToID: to.ID, CreatedAt: a.Now().UTC()}, by)
}

// saveFiles stores uploads of an object inside the caller's transaction.
func (a *App) saveFiles(ctx context.Context, q store.Q, actor Actor, ownerType, ownerID, purpose string, files []FileInput, allowed []FileKind) error {
	for _, f := range files {
		f.OwnerType, f.OwnerID, f.Purpose, f.Allowed = ownerType, ownerID, purpose, allowed
		if f.Field == "" {
			f.Field = "files"
		}
		if _, err := a.SaveFile(ctx, q, actor, f); err != nil {
			return err
		}
	}
	return nil
}

// filesByPurpose groups an object's files by purpose (an event or update ID).
func filesByPurpose(ctx context.Context, q store.Q, ownerType, ownerID string) (map[string][]store.File, error) {
	files, err := q.FilesOf(ctx, ownerType, ownerID)
	out := map[string][]store.File{}
	for _, f := range files {
		out[f.Purpose] = append(out[f.Purpose], f)
	}
	return out, err
}

// unitUsers lists the people a unit's notices go to: its officers and
// leaders, or the specialists and leaders for a Sở unit.
func unitUsers(ctx context.Context, q store.Q, u orgunit.Unit) ([]string, error) {
	if soUnit(u) {
		return UnitUsers(ctx, q, u.ID, account.SoSpecialist, account.SoLeader)
	}
	return UnitUsers(ctx, q, u.ID, account.UnitOfficer, account.UnitLeader)
}

// soHandlers are the Sở people who take in recommendations.
func soHandlers(ctx context.Context, q store.Q) ([]string, error) {
	return UnitUsers(ctx, q, "", account.SoSpecialist, account.SoLeader)
}

// soLeaders are who escalations go to.
func soLeaders(ctx context.Context, q store.Q) ([]string, error) {
	return UnitUsers(ctx, q, "", account.SoLeader)
}

// followupFileReaders are who may read the files of meetings,
// recommendations, action items and trainings.
func followupFileReaders() map[string]FileReader {
	out := map[string]FileReader{}
	for _, t := range []string{followup.TypeMeeting, followup.TypeRecommendation, followup.TypeAction, followup.TypeTraining} {
		out[t] = fileReaderFor(t)
	}
	return out
}

// fileReaderFor lets whoever may see an object read its files.
func fileReaderFor(typ string) FileReader {
	return func(ctx context.Context, a *App, actor Actor, ownerID string) error {
		q := a.Store.Read()
		switch typ {
		case followup.TypeMeeting:
			_, err := visibleMeeting(ctx, q, actor, ownerID)
			return err
		case followup.TypeRecommendation:
			_, err := visibleRec(ctx, q, actor, ownerID)
			return err
		case followup.TypeAction:
			_, err := visibleAction(ctx, q, actor, ownerID)
			return err
		case followup.TypeTraining:
			_, err := visibleTraining(ctx, q, actor, ownerID)
			return err
		}
		return ErrNotFound
	}
}

// followupRefs show our own objects as others see them in links: meetings,
// recommendations, action items and trainings.
func followupRefs() map[string]RefResolver {
	return map[string]RefResolver{
		followup.TypeMeeting: func(ctx context.Context, q store.Q, id string) (RefInfo, error) {
			m, err := q.Meeting(ctx, id)
			return RefInfo{Label: m.Title + " (" + locale.Date(m.Date) + ")", Href: "/meetings/" + id}, err
		},
		followup.TypeRecommendation: func(ctx context.Context, q store.Q, id string) (RefInfo, error) {
			r, err := q.Recommendation(ctx, id)
			return RefInfo{Label: r.Title, Href: "/recommendations/" + id, Opens: opensWith(followup.RecommendationView, r.Unit.Path)}, err
		},
		followup.TypeAction: func(ctx context.Context, q store.Q, id string) (RefInfo, error) {
			it, err := q.Action(ctx, id)
			return RefInfo{Label: unitLabel(it.Owner) + ": " + it.Title, Href: "/actions/" + id, Opens: opensWith(followup.ActionView, it.Owner.Path)}, err
		},
		followup.TypeTraining: func(ctx context.Context, q store.Q, id string) (RefInfo, error) {
			t, err := q.Training(ctx, id)
			return RefInfo{Label: t.Topic + " (" + locale.Date(t.Date) + ")", Href: "/trainings/" + id}, err
		},
	}
}

// seedCategories starts new installations with the story's recommendation
// categories.
func seedCategories(ctx context.Context, q store.Q) error {
	return q.SeedCategories(ctx, followup.StoryCategories, time.Now().UTC())
}
