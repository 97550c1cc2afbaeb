package api_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// TestTokenLifecycle: a token works until it is revoked, expires, or its
// user is disabled; each of those answers 401; its last use is recorded;
// creating and revoking are audited; the secret is never stored.
func TestTokenLifecycle(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		ctx := context.Background()
		id, _ := e.App.UserIDByLogin(ctx, "canbo.melinh")
		u, _ := e.Store.Read().User(ctx, id)
		actor := app.Actor{User: &u, IP: "127.0.0.1", RequestID: "t"}
		secret, tok, err := e.App.CreateToken(ctx, actor, app.TokenInput{Name: "Cổng thông tin", Days: 30})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, app.TokenPrefix) || tok.Hash == secret || strings.Contains(tok.Hash, secret[5:]) {
			t.Fatalf("secret %q hash %q", secret, tok.Hash)
		}
		me := func(secret string) answer {
			return e.call("GET", "/api/v1/me", "", false, map[string]string{"Authorization": "Bearer " + secret}, "")
		}
		if a := me(secret); a.Status != 200 || !strings.Contains(a.Body, `"token": "Cổng thông tin"`) {
			t.Fatalf("fresh token: %d %s", a.Status, a.Body)
		}
		ts, err := e.App.Tokens(ctx, actor, "")
		if err != nil || len(ts) != 1 || !ts[0].LastUsedAt.Equal(testNow) {
			t.Fatalf("tokens %+v %v", ts, err)
		}
		// Someone else cannot list or revoke it.
		oid, _ := e.App.UserIDByLogin(ctx, "canbo.socson")
		other, _ := e.Store.Read().User(ctx, oid)
		if err := e.App.RevokeToken(ctx, app.Actor{User: &other}, tok.ID); err != app.ErrNotFound {
			t.Errorf("another unit's officer revoked it: %v", err)
		}
		if _, err := e.App.Tokens(ctx, app.Actor{User: &other}, id); err != app.ErrForbidden {
			t.Errorf("another officer listed them: %v", err)
		}
		// Expiry.
		e.App.Now = func() time.Time { return testNow.AddDate(0, 0, 31) }
		if a := me(secret); a.Status != 401 || !strings.Contains(a.Body, "bad_token") {
			t.Errorf("expired token: %d %s", a.Status, a.Body)
		}
		e.App.Now = func() time.Time { return testNow }
		// Disabled user.
		if err := e.App.SetUserDisabled(ctx, app.System(), id, true); err != nil {
			t.Fatal(err)
		}
		if a := me(secret); a.Status != 401 {
			t.Errorf("disabled user's token: %d", a.Status)
		}
		if err := e.App.SetUserDisabled(ctx, app.System(), id, false); err != nil {
			t.Fatal(err)
		}
		if a := me(secret); a.Status != 200 {
			t.Errorf("re-enabled user's token: %d", a.Status)
		}
		// Revoked.
		if err := e.App.RevokeToken(ctx, actor, tok.ID); err != nil {
			t.Fatal(err)
		}
		if a := me(secret); a.Status != 401 {
			t.Errorf("revoked token: %d", a.Status)
		}
		for _, action := range []string{"token.create", "token.revoke"} {
			es, err := e.Store.Read().Audit(ctx, store.AuditFilter{Action: action, ObjectID: id})
			if err != nil || len(es) != 1 || es[0].ActorLogin != "canbo.melinh" {
				t.Errorf("audit %s: %+v %v", action, es, err)
			}
		}
		// Bad input on the form.
		if _, _, err := e.App.CreateToken(ctx, actor, app.TokenInput{Name: " ", Days: 9999}); err == nil ||
			!strings.Contains(err.Error(), "name") || !strings.Contains(err.Error(), "days") {
			t.Errorf("bad token form: %v", err)
		}
	})
}

// TestTokensOnlyOnTheAPI: a session cookie never opens the API, and a
// bearer token never opens a page.
func TestTokensOnlyOnTheAPI(t *testing.T) {
	we := webtest.SQLite(t, webtest.Options{})
	e := newEnv(t, we)
	c := we.Login("chuyenvien")
	if r := c.Get("/profile"); r.Status != 200 {
		t.Fatalf("profile with a cookie: %d", r.Status)
	}
	// The logged-in browser calling the API: 401, the cookie is not read.
	if r := c.Get("/api/v1/me"); r.Status != 401 || !strings.Contains(r.Body, "unauthorized") {
		t.Errorf("API with a session cookie: %d %s", r.Status, r.Body)
	}
	// A token on a page: the page sees the public.
	req, _ := http.NewRequest("GET", e.URL+"/profile", nil)
	req.Header.Set("Authorization", "Bearer "+e.token("chuyenvien", true))
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("page with a token: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Basic auth is no way in either.
	a := e.call("GET", "/api/v1/me", "", false, map[string]string{"Authorization": "Basic Y2hpZW46eA=="}, "")
	if a.Status != 401 {
		t.Errorf("basic auth: %d", a.Status)
	}
}

// TestTokenThrottle: wrong tokens from one address are throttled like
// password guesses (account.AddressBackoff: 30 free, then a lock); while
// locked even a right token from that address waits, other addresses are
// unaffected.
func TestTokenThrottle(t *testing.T) {
	we := webtest.SQLite(t, webtest.Options{})
	e := newEnv(t, we)
	good := e.token("canbo.melinh", false)
	bad := app.TokenPrefix + strings.Repeat("A", 43)
	var last answer
	for i := 1; i <= app.TokenBackoff.Free; i++ {
		last = e.call("GET", "/api/v1/me", "", false, map[string]string{"Authorization": "Bearer " + bad}, "")
		if i < app.TokenBackoff.Free && last.Status != 401 {
			t.Fatalf("attempt %d: %d", i, last.Status)
		}
	}
	if last.Status != 429 {
		t.Fatalf("attempt %d: %d, want 429", app.TokenBackoff.Free, last.Status)
	}
	if s, _ := strconv.Atoi(last.Header.Get("Retry-After")); s < 1 {
		t.Errorf("Retry-After %q", last.Header.Get("Retry-After"))
	}
	a := e.call("GET", "/api/v1/me", "", false, map[string]string{"Authorization": "Bearer " + good}, "")
	if a.Status != 429 {
		t.Errorf("right token from a locked address: %d", a.Status)
	}
	// Another address (through the app, as the API asks it) is not locked.
	if _, err := e.App.AuthenticateToken(context.Background(), app.Actor{IP: "10.0.0.9"}, good); err != nil {
		t.Errorf("other address: %v", err)
	}
	// After the lock, the right token works again.
	e.App.Now = func() time.Time { return testNow.Add(2 * time.Minute) }
	if a := e.call("GET", "/api/v1/me", "", false, map[string]string{"Authorization": "Bearer " + good}, ""); a.Status != 200 {
		t.Errorf("after the lock: %d", a.Status)
	}
}

// TestServiceAccount: an administrator makes an account for an
// integration with a role and a unit scope; it cannot log in with a
// password; its token acts within its scope only.
func TestServiceAccount(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demoSteps()}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		ctx := context.Background()
		aid, _ := e.App.UserIDByLogin(ctx, "admin")
		admin, _ := e.Store.Read().User(ctx, aid)
		actor := app.Actor{User: &admin, IP: "127.0.0.1"}
		id, err := e.App.CreateServiceAccount(ctx, actor, app.ServiceAccountInput{Login: "dhis2.melinh", Name: "DHIS2 Mê Linh",
			Role: "unit_officer", UnitID: "hn-09022", Purpose: "Đồng bộ số liệu sang DHIS2"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.CreateServiceAccount(ctx, actor, app.ServiceAccountInput{Login: "dhis2.melinh", Name: "x", Role: "unit_officer", UnitID: "hn-09022"}); err == nil ||
			!strings.Contains(err.Error(), "login") {
			t.Errorf("duplicate login: %v", err)
		}
		list, err := e.App.ServiceAccounts(ctx, actor)
		if err != nil || len(list) != 1 || list[0].Login != "dhis2.melinh" {
			t.Fatalf("list %+v %v", list, err)
		}
		// No password opens it.
		if _, err := e.App.Login(ctx, app.Actor{IP: "127.0.0.2"}, "dhis2.melinh", "!service", ""); err == nil {
			t.Error("a service account logged in with a password")
		}
		if err := e.App.ResetPassword(ctx, actor, id, "mật-khẩu-đủ-dài-2026"); err == nil || !strings.Contains(err.Error(), "password") {
			t.Errorf("a service account was given a password: %v", err)
		}
		secret, _, err := e.App.CreateToken(ctx, actor, app.TokenInput{UserID: id, Name: "DHIS2", Write: true})
		if err != nil {
			t.Fatal(err)
		}
		h := map[string]string{"Authorization": "Bearer " + secret}
		if a := e.call("GET", "/api/v1/reports/{period57:2026}/hn-09022", "", false, h, ""); a.Status != 200 {
			t.Errorf("own unit's report: %d", a.Status)
		}
		if a := e.call("GET", "/api/v1/reports/{period57:2026}/hn-00376", "", false, h, ""); a.Status != 403 {
			t.Errorf("another unit's report: %d", a.Status)
		}
		// An administrator cannot make tokens for a person.
		pid, _ := e.App.UserIDByLogin(ctx, "canbo.melinh")
		if _, _, err := e.App.CreateToken(ctx, actor, app.TokenInput{UserID: pid, Name: "x"}); err != app.ErrForbidden {
			t.Errorf("admin made a person's token: %v", err)
		}
		// A unit officer cannot make service accounts.
		oid, _ := e.App.UserIDByLogin(ctx, "canbo.melinh")
		officer, _ := e.Store.Read().User(ctx, oid)
		if _, err := e.App.CreateServiceAccount(ctx, app.Actor{User: &officer}, app.ServiceAccountInput{Login: "x.y", Name: "x", Role: "unit_officer", UnitID: "hn-09022"}); err != app.ErrForbidden {
			t.Errorf("officer made a service account: %v", err)
		}
	})
}

var secretRe = regexp.MustCompile(`value="(khcn_[A-Za-z0-9_-]{43})"`)

// TestTokenPages: the profile's token page makes a token shown once, which
// opens the API until it is revoked there; a refused form keeps what was
// typed with a message at the field; an administrator makes a service
// account and its token on the admin pages.
func TestTokenPages(t *testing.T) {
	we := webtest.SQLite(t, webtest.Options{})
	e := newEnv(t, we)
	c := we.Login("canbo.melinh")
	if r := c.Get("/profile/tokens"); r.Status != 200 || !strings.Contains(r.Body, "Mã truy cập API") {
		t.Fatalf("tokens page: %d", r.Status)
	}
	r := c.PostForm("/profile/tokens", url.Values{"name": {"Cổng"}, "days": {"9999"}})
	if r.Status != 422 || !strings.Contains(r.Body, `value="Cổng"`) || !strings.Contains(r.Body, "Từ 1 đến 366") {
		t.Fatalf("bad days: %d", r.Status)
	}
	r = c.PostForm("/profile/tokens", url.Values{"name": {"Cổng thông tin"}, "days": {"30"}, "write": {"on"}})
	m := secretRe.FindStringSubmatch(r.Body)
	if r.Status != 200 || m == nil || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %v", r.Status, m)
	}
	h := map[string]string{"Authorization": "Bearer " + m[1]}
	if a := e.call("GET", "/api/v1/me", "", false, h, ""); a.Status != 200 || !strings.Contains(a.Body, `"write": true`) {
		t.Fatalf("new token: %d %s", a.Status, a.Body)
	}
	// The list shows it without the secret, then it is revoked.
	r = c.Get("/profile/tokens")
	if strings.Contains(r.Body, m[1]) || !strings.Contains(r.Body, "Cổng thông tin") {
		t.Fatal("list shows the secret or lacks the token")
	}
	ts, _ := e.App.Tokens(context.Background(), app.Actor{User: mustUser(t, e, "canbo.melinh")}, "")
	if r := c.PostForm("/profile/tokens/"+ts[0].ID+"/revoke", nil); r.Status != 303 {
		t.Fatalf("revoke: %d", r.Status)
	}
	if a := e.call("GET", "/api/v1/me", "", false, h, ""); a.Status != 401 {
		t.Errorf("revoked token: %d", a.Status)
	}
	// Another user cannot revoke it by ID.
	if r := we.Login("canbo.socson").PostForm("/profile/tokens/"+ts[0].ID+"/revoke", nil); r.Status != 404 {
		t.Errorf("someone else's revoke: %d", r.Status)
	}
	// Service accounts.
	adm := we.Login("admin")
	r = adm.PostForm("/admin/service-accounts", url.Values{"login": {"cong.tt"}, "name": {""}, "role": {"so_specialist"}, "unit_id": {"hn-skhcn"}})
	if r.Status != 422 || !strings.Contains(r.Body, `value="cong.tt"`) {
		t.Fatalf("service account without a name: %d", r.Status)
	}
	r = adm.PostForm("/admin/service-accounts", url.Values{"login": {"cong.tt"}, "name": {"Cổng thông tin thành phố"}, "role": {"so_specialist"}, "unit_id": {"hn-skhcn"}})
	if r.Status != 303 {
		t.Fatalf("service account: %d %s", r.Status, r.Body)
	}
	r = adm.PostForm(r.Location+"/tokens", url.Values{"name": {"Cổng"}})
	m = secretRe.FindStringSubmatch(r.Body)
	if r.Status != 200 || m == nil {
		t.Fatalf("service token: %d", r.Status)
	}
	if a := e.call("GET", "/api/v1/me", "", false, map[string]string{"Authorization": "Bearer " + m[1]}, ""); a.Status != 200 ||
		!strings.Contains(a.Body, `"login": "cong.tt"`) || !strings.Contains(a.Body, `"write": false`) {
		t.Errorf("service token: %d %s", a.Status, a.Body)
	}
	if r := c.Get("/admin/service-accounts"); r.Status != 403 {
		t.Errorf("officer on service accounts: %d", r.Status)
	}
}

func mustUser(t testing.TB, e *apiEnv, login string) *account.User {
	id, err := e.App.UserIDByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.Store.Read().User(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return &u
}
