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

const madeUpID = "01a2424f-0000-7000-8000-000000000000"

// choiceValues stand in for the wildcards of a route that are not IDs
// (what to convert a recommendation into, the step to take …).
var choiceValues = []string{"action", "training", "proposal", "answered", "reminders"}

var idWildcard = regexp.MustCompile(`^\{(id|[a-z]id|file|period|unit|step)\}$`)

// pathsOf gives the paths that stand for a route: IDs made up, other
// wildcards each of the choice values.
func pathsOf(route string) []string {
	paths := []string{""}
	for _, seg := range strings.Split(strings.TrimPrefix(strings.ReplaceAll(route, "{$}", ""), "/"), "/") {
		vals := []string{seg}
		switch {
		case idWildcard.MatchString(seg):
			vals = []string{madeUpID}
		case wildcardRE.MatchString(seg):
			vals = choiceValues
		}
		var next []string
		for _, p := range paths {
			for _, v := range vals {
				next = append(next, p+"/"+v)
			}
		}
		paths = next
	}
	return paths
}

// anonymousPost checks what an anonymous POST to path answers: the login
// page, a refusal or not found, never a server error.
func anonymousPost(t *testing.T, anon *webtest.Client, path, route string) {
	t.Helper()
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

// An anonymous POST to any route of the route list, empty or with a few
// fields, is sent to the login page, refused or not found: never a server
// error (POST /recommendations/{id}/convert/action panicked on the nil user
// and logged a stack per request).
func TestAnonymousPostToEveryRoute(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		routes := postRoutes(t)
		if len(routes) < 60 {
			t.Fatalf("only %d POST routes found", len(routes))
		}
		anon := e.Client()
		n := 0
		for _, route := range routes {
			for _, path := range pathsOf(route) {
				anonymousPost(t, anon, path, route)
				n++
			}
		}
		t.Logf("%d routes, %d paths", len(routes), n)
	})
}

// The same for every form the demo offers its users, at its real path
// (real IDs and choices).
func TestAnonymousPostToEveryForm(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo")
	}
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	anon := e.Client()
	seen := map[string]bool{}
	for _, login := range []string{"chuyenvien", "canbo.melinh"} {
		for _, f := range formsOf(crawl(t, e.Login(login), 250)) {
			if !seen[f.action] {
				seen[f.action] = true
				anonymousPost(t, anon, f.action, "")
			}
		}
	}
	if len(seen) < 30 {
		t.Fatalf("only %d forms found", len(seen))
	}
}
