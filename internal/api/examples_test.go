package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"khcn/internal/api"
	"khcn/internal/webtest"
)

// TestExamples runs every documented example against the demo data on
// both engines and checks the answer: status, and that the body holds what
// the document shows. So the document cannot drift from the API.
func TestExamples(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demoSteps("proposals", "followups", "ocop")}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		x := api.New(e.App, api.Config{})
		n := 0
		for _, rt := range x.Routes() {
			for _, ex := range rt.Examples {
				n++
				t.Run(rt.Method+" "+rt.Path+" "+ex.Name, func(t *testing.T) {
					e.t = t
					m := ex.Method
					if m == "" {
						m = rt.Method
					}
					a := e.call(m, ex.URL, ex.Login, ex.Write, ex.Header, ex.Body)
					if a.Status != ex.Status {
						t.Fatalf("status %d, want %d: %.2000s", a.Status, ex.Status, a.Body)
					}
					if a.Status >= 400 && !strings.Contains(a.Body, `"responseType": "ImportSummary"`) && !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") {
						t.Errorf("error answer is %s, want application/problem+json", a.Header.Get("Content-Type"))
					}
					if ex.Want != "" {
						mustContain(t, a.Body, ex.Want)
					}
				})
			}
		}
		if n < 10 {
			t.Fatalf("only %d examples", n)
		}
	})
}

// TestDocumentedRoutes checks the document and the routes agree: every
// route of the table is in /api/openapi.json with a summary and responses,
// every documented path answers something other than the catch-all 404,
// and a path that is not in the table is a problem 404.
func TestDocumentedRoutes(t *testing.T) {
	we := webtest.SQLite(t, webtest.Options{})
	e := newEnv(t, we)
	a := e.call("GET", "/api/openapi.json", "", false, nil, "")
	if a.Status != 200 {
		t.Fatalf("openapi.json: %d", a.Status)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Summary   string         `json:"summary"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(a.Body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	x := api.New(e.App, api.Config{})
	inTable := map[string]bool{}
	for _, rt := range x.Routes() {
		key := strings.ToLower(rt.Method) + " " + rt.Path
		inTable[key] = true
		op, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("%s is served but not documented", key)
			continue
		}
		if op.Summary == "" || len(op.Responses) == 0 {
			t.Errorf("%s has no summary or responses", key)
		}
		if rt.Handle == nil {
			t.Errorf("%s has no handler", key)
		}
		if rt.SummaryVI == "" || rt.Tag == "" {
			t.Errorf("%s has no Vietnamese summary or no tag", key)
		}
	}
	for path, ops := range doc.Paths {
		for m := range ops {
			if !inTable[m+" "+path] {
				t.Errorf("%s %s is documented but not served", m, path)
			}
			// A documented path must reach its route, never the catch-all.
			req, _ := http.NewRequest(strings.ToUpper(m), e.URL+strings.NewReplacer("{", "x", "}", "x").Replace(path), nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode >= 500 {
				t.Errorf("%s %s: %d", m, path, res.StatusCode)
			}
		}
	}
	if a := e.call("GET", "/api/v1/public/calls", "", false, nil, ""); a.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("open data is not readable across origins")
	}
	if a := e.call("GET", "/api/v1/me", "canbo.melinh", false, nil, ""); a.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("a token route is readable across origins")
	}
	for _, p := range []string{"/api/v1/nothing", "/api/v2/me", "/api"} {
		a := e.call("GET", p, "", false, nil, "")
		if a.Status != 404 || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %d %s", p, a.Status, a.Header.Get("Content-Type"))
		}
	}
	// The docs page is server-rendered, lists every route, loads nothing
	// from elsewhere.
	d := e.call("GET", "/api/docs", "", false, map[string]string{"Accept-Language": "vi"}, "")
	if d.Status != 200 || !strings.Contains(d.Body, "API của hệ thống khcn") || !strings.Contains(d.Body, "Nhập tập giá trị DHIS2") {
		t.Fatalf("docs: %d %.300s", d.Status, d.Body)
	}
	if en := e.call("GET", "/api/docs", "", false, map[string]string{"Accept-Language": "en"}, ""); !strings.Contains(en.Body, "Import a DHIS2 data value set") {
		t.Error("English docs page")
	}
	for _, rt := range x.Routes() {
		if !strings.Contains(d.Body, rt.Method+" "+rt.Path) {
			t.Errorf("docs page lacks %s %s", rt.Method, rt.Path)
		}
	}
	if strings.Contains(d.Body, "http://cdn") || strings.Contains(d.Body, "https://") || strings.Contains(d.Body, "<script") {
		t.Error("docs page loads something from elsewhere or runs script")
	}
}
