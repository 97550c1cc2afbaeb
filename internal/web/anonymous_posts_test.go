package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

var (
	postRouteRE = regexp.MustCompile(`HandleFunc\("POST (/[^"]*)"`)
	wildcardRE  = regexp.MustCompile(`\{[^}]*\}`)
)

// postRoutes is the route list: every POST pattern registered in this
// package's sources.
func postRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range postRouteRE.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	var out []string
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// publicPosts may be used without logging in.
var publicPosts = map[string]bool{"/login": true, "/logout": true}

// An anonymous POST to any route, empty or with a few fields, is sent to
// the login page, refused or not found: never a server error (one panicked
// on a nil user and logged a stack per request). Each route of the route
// list is tried with made-up IDs, and every form the demo offers its users
// with its real path (real IDs, real choices such as convert/action).
func TestAnonymousPostToEveryRoute(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo")
	}
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	routes := postRoutes(t)
	if len(routes) < 60 {
		t.Fatalf("only %d POST routes found", len(routes))
	}
	paths := map[string]string{} // path → its route, "" when found on a page
	for _, route := range routes {
		paths[wildcardRE.ReplaceAllString(strings.ReplaceAll(route, "{$}", ""), "01a2424f-0000-7000-8000-000000000000")] = route
	}
	for _, login := range []string{"chuyenvien", "canbo.melinh"} {
		for _, f := range formsOf(crawl(t, e.Login(login), 250)) {
			if _, ok := paths[f.action]; !ok {
				paths[f.action] = ""
			}
		}
	}
	anon := e.Client()
	for path, route := range paths {
		for _, form := range []url.Values{{}, {"version": {"1"}, "title": {"x"}, "a_title": {"x"}, "to": {"approve"}, "step": {"submit"}}} {
			r := anon.PostForm(path, form)
			loc, _ := url.Parse(r.Location)
			switch {
			case r.Status >= 500:
				t.Errorf("anonymous POST %s: %d", path, r.Status)
			case publicPosts[route] || publicPosts[path]:
			case r.Status == http.StatusSeeOther && loc != nil && loc.Path == "/login",
				r.Status == http.StatusForbidden, r.Status == http.StatusNotFound:
			default:
				t.Errorf("anonymous POST %s: %d %s (want the login page, 403 or 404)", path, r.Status, r.Location)
			}
		}
	}
	t.Logf("%d routes, %d paths posted to", len(routes), len(paths))
}
