package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/webtest"
)

// Every foundation route, for every kind of user: who gets what.
func TestAuthorisationMatrix(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		clients := map[string]*webtest.Client{"public": e.Client()}
		for _, l := range []string{"admin", "chuyenvien", "lanhdao.so", "canbo.melinh", "lanhdao.melinh", "chuyengia"} {
			clients[l] = e.Login(l)
		}
		const ok, login, forbidden = 200, 303, 403
		cases := []struct {
			path string
			want map[string]int
		}{
			{"/", map[string]int{"public": ok, "admin": ok, "canbo.melinh": ok, "chuyengia": ok}},
			{"/orgunits", map[string]int{"public": ok, "canbo.melinh": ok, "chuyengia": ok}},
			// xã Mê Linh: its own officer and leader, and the Sở.
			{"/orgunits/hn-09022", map[string]int{"public": login, "canbo.melinh": ok, "lanhdao.melinh": ok, "chuyenvien": ok, "lanhdao.so": ok, "chuyengia": forbidden}},
			// another commune (xã Sóc Sơn): never for Mê Linh's people.
			{"/orgunits/hn-00376", map[string]int{"public": login, "canbo.melinh": forbidden, "lanhdao.melinh": forbidden, "chuyenvien": ok}},
			// the former Mê Linh district: history of today's xã Mê Linh.
			{"/orgunits/hn-250", map[string]int{"canbo.melinh": ok, "chuyenvien": ok, "public": login}},
			// the former Sóc Sơn district is not Mê Linh's history.
			{"/orgunits/hn-016", map[string]int{"canbo.melinh": forbidden}},
			{"/admin/audit", map[string]int{"public": login, "admin": ok, "chuyenvien": forbidden, "lanhdao.so": forbidden, "canbo.melinh": forbidden, "chuyengia": forbidden}},
			{"/admin/users", map[string]int{"public": login, "admin": ok, "chuyenvien": forbidden, "canbo.melinh": forbidden}},
			{"/profile", map[string]int{"public": login, "canbo.melinh": ok, "chuyengia": ok}},
			{"/no/such/page", map[string]int{"public": 404, "admin": 404}},
		}
		for _, c := range cases {
			for who, want := range c.want {
				if got := clients[who].Get(c.path); got.Status != want {
					t.Errorf("%s GET %s = %d, want %d", who, c.path, got.Status, want)
				}
			}
		}
	})
}

func TestLoginLogoutAndSessionsSurviveRestart(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("canbo.melinh")
	if body := c.Get("/").Body; !strings.Contains(body, "Lê Văn Hùng") || !strings.Contains(body, "Xã Mê Linh") {
		t.Fatal("home does not greet the officer")
	}
	// A second server on the same database (a restart, or another instance)
	// knows the session.
	e2 := webtest.Start(t, e.Store, webtest.Options{Steps: []demo.Step{}})
	jarURL, _ := url.Parse(e.URL)
	cookies := c.Cookies(jarURL)
	c2 := e2.Client()
	c2.SetCookies(cookies)
	if body := c2.Get("/").Body; !strings.Contains(body, "Lê Văn Hùng") {
		t.Fatal("session lost on another server")
	}
	if r := c.PostForm("/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout %d", r.Status)
	}
	if r := c2.Get("/profile"); r.Status != http.StatusSeeOther {
		t.Fatalf("session alive after logout: %d", r.Status)
	}
}

func TestLoginErrorsKeepInputAndThrottle(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Client()
	r := c.PostForm("/login", url.Values{"login": {"canbo.melinh"}, "password": {"sai-mat-khau"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tên đăng nhập hoặc mật khẩu không đúng") {
		t.Fatalf("wrong password: %d", r.Status)
	}
	if !strings.Contains(r.Body, `value="canbo.melinh"`) || strings.Contains(r.Body, "sai-mat-khau") {
		t.Error("login name not kept, or password echoed")
	}
	r = c.PostForm("/login", url.Values{"login": {""}, "password": {""}})
	if !strings.Contains(r.Body, `id="e-login"`) || !strings.Contains(r.Body, "Vui lòng nhập thông tin này") {
		t.Error("no field error for empty login")
	}
	for i := 0; i < 5; i++ {
		r = c.PostForm("/login", url.Values{"login": {"admin"}, "password": {"wrong-password"}})
	}
	if !strings.Contains(r.Body, "Đăng nhập sai quá nhiều lần") {
		t.Fatalf("not throttled after 5 failures: %d", r.Status)
	}
	// Even the right password is refused while locked.
	r = c.PostForm("/login", url.Values{"login": {"admin"}, "password": {demo.Password}})
	if r.Status == http.StatusSeeOther {
		t.Fatal("locked account logged in")
	}
	// Other accounts are not affected.
	e.Login("chuyenvien")
}

func TestDisabledUserSessionDiesAtOnce(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	officer := e.Login("canbo.socson")
	admin := e.Login("admin")
	id, err := e.App.UserIDByLogin(t.Context(), "canbo.socson")
	if err != nil {
		t.Fatal(err)
	}
	if r := admin.PostForm("/admin/users/"+id+"/disable", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", r.Status, r.Body)
	}
	if r := officer.Get("/profile"); r.Status != http.StatusSeeOther {
		t.Fatalf("disabled user still in: %d", r.Status)
	}
	r := e.Client().PostForm("/login", url.Values{"login": {"canbo.socson"}, "password": {demo.Password}})
	if r.Status == http.StatusSeeOther {
		t.Fatal("disabled user logged in")
	}
	audit := admin.Get("/admin/audit?action=user.disable")
	if !strings.Contains(audit.Body, id) || !strings.Contains(audit.Body, "&#34;Disabled&#34;:true") {
		t.Error("disable not in the audit log with before/after")
	}
	if !strings.Contains(audit.Body, "<code>Disabled</code>: <span class=\"muted\">—</span> → <ins>true</ins>") {
		t.Error("the audit log does not list the changed field")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	admin := e.Login("admin")
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/admin/users", strings.NewReader("login=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := admin.Do(req); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "không xuất phát từ trang") {
		t.Fatalf("cross-site POST: %d", r.Status)
	}
	req, _ = http.NewRequest(http.MethodPost, e.URL+"/logout", nil)
	req.Header.Set("Origin", "https://evil.example")
	if r := admin.Do(req); r.Status != http.StatusForbidden {
		t.Fatalf("foreign origin POST: %d", r.Status)
	}
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	r := e.Client().Get("/login")
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %s: %s", want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("missing headers")
	}
	if strings.Contains(r.Body, "<script>") || strings.Contains(r.Body, " style=") || strings.Contains(r.Body, " onclick=") {
		t.Error("inline script or style in page")
	}
	res := e.Client().PostForm("/login", url.Values{"login": {"admin"}, "password": {demo.Password}})
	cookie := res.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie flags: %s", cookie)
	}
}

func TestProfileFormsKeepInputAndRefuseStaleSaves(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("canbo.gialam")
	r := c.PostForm("/profile", url.Values{"name": {""}, "email": {"không-phải-email"}, "title": {"Công chức Kinh tế xã"},
		"lang": {"vi"}, "digest": {"daily"}, "version": {"1"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad profile: %d", r.Status)
	}
	for _, want := range []string{"Vui lòng nhập thông tin này", "Địa chỉ thư điện tử không hợp lệ", `value="không-phải-email"`, `value="Công chức Kinh tế xã"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("profile form lacks %q", want)
		}
	}
	good := url.Values{"name": {"Vũ Thị Mai"}, "email": {"mai@gialam.hanoi.gov.vn"}, "lang": {"vi"}, "digest": {"daily"}, "version": {"1"}}
	if r := c.PostForm("/profile", good); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.Status, r.Body)
	}
	// A second tab still holding version 1 must not overwrite silently.
	good.Set("name", "Tên từ tab cũ")
	r = c.PostForm("/profile", good)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Người khác vừa lưu thay đổi trước bạn") {
		t.Fatalf("stale save: %d", r.Status)
	}
	if !strings.Contains(r.Body, `value="Tên từ tab cũ"`) {
		t.Error("stale input lost")
	}
}

func TestEnglishAndVietnameseFormats(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Client()
	r := c.Get("/orgunits?date=30/06/2025")
	if !strings.Contains(r.Body, "Cơ cấu tại ngày 30/06/2025: 564 đơn vị") {
		t.Errorf("tree header: %s", between(r.Body, `<p class="muted">`, "</p>"))
	}
	c.Get("/lang/en?back=/orgunits")
	r = c.Get("/orgunits?date=01/07/2025")
	if !strings.Contains(r.Body, "Structure as of 01/07/2025: 134 units in force") {
		t.Errorf("English tree header: %s", between(r.Body, `<p class="muted">`, "</p>"))
	}
	r = c.Get("/orgunits?date=31/02/2025")
	if !strings.Contains(r.Body, "Dates are day/month/year") {
		t.Error("bad date not reported at the field")
	}
	r = c.Get("/orgunits?q=dong+anh")
	if !strings.Contains(r.Body, "Đông Anh") {
		t.Error("diacritics-insensitive search failed")
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}

// Two app servers on one PostgreSQL keep no state of their own: a login on
// one is known to the other, and a logout on the other ends it everywhere.
func TestTwoServersShareOnePostgres(t *testing.T) {
	dbURL := testdb.NewPostgresURL(t)
	open := func() *store.Store {
		s, err := store.Open(t.Context(), dbURL, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a := webtest.Start(t, open(), webtest.Options{})
	b := webtest.Start(t, open(), webtest.Options{Steps: []demo.Step{}})
	ca := a.Login("canbo.donganh")
	u, _ := url.Parse(a.URL)
	cb := b.Client()
	cb.SetCookies(ca.Cookies(u))
	if body := cb.Get("/").Body; !strings.Contains(body, "Đặng Thị Hồng") {
		t.Fatal("server B does not know server A's session")
	}
	if r := cb.PostForm("/logout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout on B: %d", r.Status)
	}
	if r := ca.Get("/profile"); r.Status != http.StatusSeeOther {
		t.Fatalf("session alive on A after logout on B: %d", r.Status)
	}
}
