package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

// publicPrefixes are the only pages the public may read without logging in.
var publicPrefixes = []string{"/public/", "/san-pham", "/orgunits", "/static/", "/lang/", "/login", "/healthz", "/readyz"}

func isPublic(path string) bool {
	if path == "/" {
		return true
	}
	for _, p := range publicPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// crawl follows every local link a user sees (webtest.Crawl).
func crawl(t *testing.T, c *webtest.Client, limit int) map[string]webtest.Response {
	t.Helper()
	return webtest.Crawl(c, limit)
}

// Every page each role can reach by following links renders without a
// server error; and none of the Sở specialist's pages outside the public ones
// opens for the public: each sends an anonymous visitor to the login page.
func TestCrawlNoServerErrorsAndNothingLeaksToThePublic(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the whole demo")
	}
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	pages := crawl(t, e.Login("chuyenvien"), 700)
	if len(pages) < 150 {
		t.Fatalf("crawl reached only %d pages", len(pages))
	}
	// The other roles' own paths through the product render too.
	for _, login := range []string{"canbo.melinh", "lanhdao.melinh", "lanhdao.so", "admin", "chuyengia"} {
		for path, r := range crawl(t, e.Login(login), 300) {
			if r.Status >= 500 {
				t.Errorf("GET %s as %s: %d", path, login, r.Status)
			}
		}
	}
	public := e.Client()
	published := public.Get("/public/calls").Body
	checked := 0
	for path, r := range pages {
		if r.Status >= 500 {
			t.Errorf("GET %s as chuyenvien: %d", path, r.Status)
		}
		if r.Status != http.StatusOK || isPublic(strings.SplitN(path, "?", 2)[0]) {
			continue
		}
		a := public.Get(path)
		loc, _ := url.Parse(a.Location)
		switch {
		case a.Status == http.StatusSeeOther && loc != nil && loc.Path == "/login":
		case a.Status == http.StatusNotFound: // hidden, says nothing
		case a.Status == http.StatusOK && publishedList(path, published):
		default:
			t.Errorf("public GET %s: %d %s (want a redirect to log in)", path, a.Status, a.Location)
		}
		checked++
	}
	t.Logf("crawled %d pages; %d private pages refused to the public", len(pages), checked)
}

// publishedList reports whether path is the approved list of a call whose
// list has been published: that document is public by design.
func publishedList(path, publicPage string) bool {
	parts := strings.Split(path, "/")
	return len(parts) == 5 && parts[1] == "calls" && parts[3] == "export" &&
		strings.HasPrefix(parts[4], "approved.") && strings.Contains(publicPage, parts[2])
}
