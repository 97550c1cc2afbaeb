// Package webtest runs the real server over a real database for HTTP tests:
// each test gets a fresh database with the demo units and logins, an
// httptest server with the full middleware chain, and clients that keep
// cookies like a browser.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/web"
)

// Env is a running server.
type Env struct {
	T     testing.TB
	App   *app.App
	Store *store.Store
	URL   string
	srv   *httptest.Server
}

// Options tune Start.
type Options struct {
	// Steps replaces the demo steps to load; nil loads the foundation only
	// (units and logins), which keeps tests fast.
	Steps []demo.Step
	// Web is the server's configuration (zero: plain HTTP, no proxy).
	Web web.Config
}

// Foundation is the smallest useful data set: units and demo logins.
func Foundation() []demo.Step { return demo.Steps()[:2] }

// Start runs a server on s with the given data.
func Start(t testing.TB, s *store.Store, opt Options) *Env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(s, log)
	steps := opt.Steps
	if steps == nil {
		steps = Foundation()
	}
	ctx := context.Background()
	for _, st := range steps {
		if err := st.Run(ctx, a); err != nil {
			t.Fatalf("demo step %s: %v", st.Name, err)
		}
	}
	srv, err := web.New(a, opt.Web)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &Env{T: t, App: a, Store: s, URL: ts.URL, srv: ts}
}

// Each runs fn against a fresh server on every engine.
func Each(t *testing.T, opt Options, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, eng := range testdb.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) { fn(t, Start(t, eng.Open(t), opt)) })
	}
}

// SQLite starts a server on a fresh SQLite database.
func SQLite(t testing.TB, opt Options) *Env { return Start(t, testdb.SQLite(t), opt) }

// Client is a browser-like client: it keeps cookies and does not follow
// redirects, so tests see each 303.
type Client struct {
	e    *Env
	http *http.Client
}

// Client returns a new anonymous client.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{e: e, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Login returns a client logged in as a demo login.
func (e *Env) Login(login string) *Client {
	c := e.Client()
	r := c.PostForm("/login", url.Values{"login": {login}, "password": {demo.Password}})
	if r.Status != http.StatusSeeOther {
		e.T.Fatalf("login %s: status %d: %s", login, r.Status, r.Body)
	}
	return c
}

// Response is a read response.
type Response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	req, _ := http.NewRequest(http.MethodGet, c.e.URL+path, nil)
	return c.Do(req)
}

// PostForm submits a form as a same-origin browser would.
func (c *Client) PostForm(path string, form url.Values) Response {
	c.e.T.Helper()
	return c.Do(c.FormRequest(path, form))
}

// Do sends any request.
func (c *Client) Do(req *http.Request) Response {
	c.e.T.Helper()
	r, err := c.Send(req)
	if err != nil {
		c.e.T.Fatal(err)
	}
	return r
}

// Send sends any request and returns what failed instead of ending the
// test, so goroutines can use it.
func (c *Client) Send(req *http.Request) (Response, error) {
	res, err := c.http.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location")}, err
}

// FormRequest is the request PostForm sends: a form posted from a page of
// the same site.
func (c *Client) FormRequest(path string, form url.Values) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, c.e.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// Cookies returns the client's cookies for u.
func (c *Client) Cookies(u *url.URL) []*http.Cookie { return c.http.Jar.Cookies(u) }

// SetCookies gives the client cookies (for the client's own server URL).
func (c *Client) SetCookies(cookies []*http.Cookie) {
	u, _ := url.Parse(c.e.URL)
	c.http.Jar.SetCookies(u, cookies)
}

var hrefRE = regexp.MustCompile(`href="(/[^"#]*)"`)

// Crawl follows every local link a user sees, breadth first from the home
// page, and returns the responses by path (at most limit of them). Static
// files and language switches are not followed.
func Crawl(c *Client, limit int) map[string]Response { return CrawlWith(c, limit, nil) }

// CrawlWith is Crawl following only the links follow accepts (all when
// follow is nil); follow sees each new link once, in the order found.
func CrawlWith(c *Client, limit int, follow func(path string) bool) map[string]Response {
	seen := map[string]Response{}
	offered := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 && len(seen) < limit {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		r := c.Get(p)
		seen[p] = r
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(r.Body, -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(link, "/static/") || strings.HasPrefix(link, "/lang/") {
				continue
			}
			if !offered[link] {
				offered[link] = true
				if follow == nil || follow(link) {
					queue = append(queue, link)
				}
			}
		}
	}
	return seen
}
