package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"khcn/internal/account"
	"khcn/internal/demo"
	"khcn/internal/web"
	"khcn/internal/webtest"
)

// The open redirects seen on the demo: the language switch's back= and the
// login's next=, with a tab that browsers drop.
func TestRedirectTargetsStayOnSite(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	const evil = "/%09/evil.example/x"
	if r := e.Client().Get("/lang/en?back=" + evil); r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Errorf("/lang/en?back=%s: %d to %q", evil, r.Status, r.Location)
	}
	if r := e.Client().Get("/lang/en?back=/proposals%3Fq%3Dx"); r.Location != "/proposals?q=x" {
		t.Errorf("a local back= lost: %q", r.Location)
	}
	c := e.Client()
	r := c.PostForm("/login", url.Values{"login": {"chuyenvien"}, "password": {demo.Password}, "next": {"/\t/evil.example/x"}})
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Errorf("POST /login next=/\\t/evil.example/x: %d to %q", r.Status, r.Location)
	}
	if r := c.Get("/login?next=" + evil); r.Location != "/" {
		t.Errorf("GET /login?next=%s when logged in: to %q", evil, r.Location)
	}
	if r := c.Get("/login?next=/profile"); r.Location != "/profile" {
		t.Errorf("a local next= lost: %q", r.Location)
	}
}

// Behind a proxy a client cannot pick its address: failures count against
// the address the proxy saw, whatever the client wrote first in
// X-Forwarded-For, and the address it names is not locked out.
func TestForwardedForCannotBeChosen(t *testing.T) {
	loopback, _ := web.ParseProxies(web.DefaultTrustedProxies)
	opt := webtest.Options{Web: web.Config{TrustProxy: true, TrustedProxies: loopback}}
	webtest.Each(t, opt, func(t *testing.T, e *webtest.Env) {
		const attacker, victim = "198.51.100.20", "203.0.113.5"
		post := func(xff, login, pw string) webtest.Response {
			req, _ := http.NewRequest(http.MethodPost, e.URL+"/login", strings.NewReader(url.Values{"login": {login}, "password": {pw}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.Header.Set("X-Forwarded-For", xff)
			return e.Client().Do(req)
		}
		for i := 0; i < account.AddressBackoff.Free; i++ {
			// Each time another made-up address first, the real one appended by the proxy.
			post(fmt.Sprintf("%s, 192.0.2.%d, %s", victim, i+1, attacker), fmt.Sprintf("khong-co-%d", i), "x")
		}
		r := post("192.0.2.250, "+attacker, "chuyenvien", demo.Password)
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("the attacker's address is not slowed: %d", r.Status)
		}
		if r := post(victim, "chuyenvien", demo.Password); r.Status != http.StatusSeeOther {
			t.Errorf("the address the attacker named is locked out: %d", r.Status)
		}
	})
}

// When every hashing slot stays taken, a login is answered "try again in a
// moment" with the form, not an error, and the attempt is not counted.
func TestBusyLoginAsksToTryAgain(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	release := account.OccupyHashSlotsForTest()
	r := e.Client().PostForm("/login", url.Values{"login": {"canbo.melinh"}, "password": {demo.Password}, "next": {"/profile"}})
	release()
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("busy login: %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	if !strings.Contains(r.Body, "Máy chủ đang bận") || !strings.Contains(r.Body, `value="canbo.melinh"`) || !strings.Contains(r.Body, `value="/profile"`) {
		t.Error("busy answer is not the login form with the login and next kept")
	}
	e.Login("canbo.melinh")
}

// Changing one's password on the profile page ends one's other sessions and
// keeps this one.
func TestPasswordChangeLogsOutOtherSessions(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		here, there := e.Login("canbo.donganh"), e.Login("canbo.donganh")
		r := here.PostForm("/profile/password", url.Values{"current": {demo.Password}, "password": {"mat-khau-moi-2026"}, "password2": {"mat-khau-moi-2026"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("change: %d", r.Status)
		}
		if r := here.Get("/profile"); r.Status != http.StatusOK {
			t.Errorf("the session that changed the password ended: %d", r.Status)
		}
		if r := there.Get("/profile"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("another session survived the change: %d", r.Status)
		}
	})
}

// Text that is not UTF-8 is refused at its field with a message, the form
// shown again, nothing saved, on both engines.
func TestInvalidUTF8RefusedAtTheField(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		admin := e.Login("admin")
		r := admin.PostForm("/admin/users", url.Values{"login": {"canbo.moi"}, "name": {"Nguy\xean V\xe3n A"}, "email": {""},
			"role": {"unit_officer"}, "unit_id": {"hn-00541"}, "password": {"mat-khau-rat-dai-2026"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("create user with a Latin-1 name: %d", r.Status)
		}
		if !strings.Contains(r.Body, `id="e-name"`) || !strings.Contains(r.Body, "không đọc được") {
			t.Error("no message at the name field")
		}
		if !strings.Contains(r.Body, `value="canbo.moi"`) || !strings.Contains(r.Body, "Nguy\uFFFDn V\uFFFDn A") {
			t.Error("what was typed is not shown again")
		}
		if _, err := e.App.UserIDByLogin(t.Context(), "canbo.moi"); err == nil {
			t.Error("the user was created")
		}
		// Fixed, it saves.
		r = admin.PostForm("/admin/users", url.Values{"login": {"canbo.moi"}, "name": {"Nguyễn Văn A"}, "email": {""},
			"role": {"unit_officer"}, "unit_id": {"hn-00541"}, "password": {"mat-khau-rat-dai-2026"}})
		if r.Status != http.StatusSeeOther {
			t.Errorf("valid form after the refusal: %d", r.Status)
		}
	})
}
