package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// Every follow-up page renders for the Sở and a commune in both languages,
// with no catalogue key left untranslated.
func TestFollowupPagesTranslated(t *testing.T) {
	e := webtest.SQLite(t, withFollowups())
	ctx := context.Background()
	q := e.Store.Read()
	ms, _ := q.Meetings(ctx, store.MeetingFilter{})
	items, _ := q.Actions(ctx, store.ActionFilter{}, 100)
	recs, _ := q.Recommendations(ctx, store.RecFilter{})
	ts, _ := q.Trainings(ctx, store.TrainingFilter{})
	paths := []string{"/actions", "/actions?status=all", "/actions/new", "/meetings", "/meetings/new", "/meetings/" + ms[0].ID, "/meetings/" + ms[0].ID + "/edit",
		"/recommendations", "/recommendations/new", "/trainings", "/trainings/new", "/admin/categories", "/admin/notifications", "/", "/notifications"}
	for _, it := range items {
		paths = append(paths, "/actions/"+it.ID)
	}
	for _, r := range recs {
		paths = append(paths, "/recommendations/"+r.ID)
	}
	for _, x := range ts {
		paths = append(paths, "/trainings/"+x.ID)
	}
	raw := regexp.MustCompile(`\b(fu|ntf|state|title|flash|err|nav)\.[a-z_]+(\.[a-z_]+)?\b`)
	for _, lang := range []string{"vi", "en"} {
		for _, login := range []string{"chuyenvien", "admin", "canbo.melinh", "lanhdao.so"} {
			c := e.Login(login)
			c.SetCookies([]*http.Cookie{{Name: "lang", Value: lang, Path: "/"}})
			for _, p := range paths {
				r := c.Get(p)
				if r.Status != http.StatusOK && r.Status != http.StatusForbidden {
					t.Errorf("%s %s %s: %d", lang, login, p, r.Status)
				}
				if m := raw.FindAllString(r.Body, -1); len(m) > 0 {
					t.Errorf("%s %s %s: raw keys %v", lang, login, p, m)
				}
			}
		}
	}
}

// Junk posted to every follow-up form gives a page with a message, never a
// server error.
func TestFollowupBadInputNever500(t *testing.T) {
	e := webtest.SQLite(t, withFollowups())
	ctx := context.Background()
	q := e.Store.Read()
	ms, _ := q.Meetings(ctx, store.MeetingFilter{})
	items, _ := q.Actions(ctx, store.ActionFilter{OwnerUnitID: demo.MeLinh}, 1)
	recs, _ := q.Recommendations(ctx, store.RecFilter{Status: "answered"})
	ts, _ := q.Trainings(ctx, store.TrainingFilter{})
	cats, _ := q.Categories(ctx, false)
	m, it, rec, tr := ms[0].ID, items[0].ID, recs[0].ID, ts[0].ID
	posts := []string{"/actions", "/actions/" + it, "/actions/" + it + "/progress", "/actions/nope/progress",
		"/meetings", "/meetings/" + m, "/meetings/" + m + "/units", "/meetings/" + m + "/conclusions", "/meetings/" + m + "/conclusions/nope",
		"/meetings/" + m + "/scan", "/meetings/" + m + "/close", "/recommendations", "/recommendations/" + rec + "/step/resolved",
		"/recommendations/" + rec + "/step/nonsense", "/recommendations/" + rec + "/convert/action", "/recommendations/" + rec + "/convert/training",
		"/recommendations/" + rec + "/convert/nonsense", "/trainings", "/trainings/" + tr, "/admin/categories", "/admin/categories/" + cats[0].ID,
		"/admin/notifications/timing/action_item", "/admin/notifications/timing/nonsense", "/admin/notifications/requeue/nope"}
	junk := []url.Values{
		{},
		{"version": {"abc"}, "due": {"99/99/9999"}, "date": {"hôm qua"}, "participants": {"nhiều"}, "status": {"xyz"}, "title": {strings.Repeat("x", 5000)},
			"units": {"nope"}, "pick_nope": {"1"}, "owners_nope": {"nope"}, "due_nope": {"1/1/1"}, "position": {"-"}, "before_days_action_item": {"1e9"},
			"a_due": {"31/02/2026"}, "t_date": {"0/0/0"}, "kind": {"x"}, "unit_id": {"hn-999"}, "owner_unit_id": {"hn-250"}, "category_id": {"nope"}},
	}
	for _, login := range []string{"chuyenvien", "canbo.melinh", "admin"} {
		c := e.Login(login)
		for _, p := range posts {
			for _, form := range junk {
				if r := c.PostForm(p, form); r.Status >= 500 {
					t.Errorf("%s POST %s %v: %d", login, p, form, r.Status)
				}
			}
		}
	}
}
