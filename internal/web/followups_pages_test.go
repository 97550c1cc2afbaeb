package web_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

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
