package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/api"
	"khcn/internal/i18n"
	"khcn/internal/webtest"
)

// validate checks a JSON value against the document's schema (the subset
// the document uses: type, properties, required, items,
// additionalProperties, enum-free $ref and allOf).
func validate(doc map[string]any, schema map[string]any, v any, at string) error {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		s, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unresolved %s", at, ref)
		}
		return validate(doc, s, v, at)
	}
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			if err := validate(doc, s.(map[string]any), v, at); err != nil {
				return err
			}
		}
	}
	t, _ := schema["type"].(string)
	switch t {
	case "":
		return nil
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s: required %s missing", at, r)
			}
		}
		for k, val := range m {
			if ps, ok := props[k].(map[string]any); ok {
				if err := validate(doc, ps, val, at+"."+k); err != nil {
					return err
				}
			} else if ap, ok := schema["additionalProperties"].(map[string]any); ok {
				if err := validate(doc, ap, val, at+"."+k); err != nil {
					return err
				}
			} else if props != nil {
				return fmt.Errorf("%s: %s is not documented", at, k)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, x := range a {
			if err := validate(doc, schema["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok && v != nil {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
		if t == "integer" && ok && f != float64(int64(f)) {
			return fmt.Errorf("%s: want an integer, got %v", at, f)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	}
	return nil
}

// TestAnswersMatchTheDocument: every documented example's real answer
// validates against the schema the document gives for its status, so the
// schemas (derived from the Go types) cannot drift from what is served.
func TestAnswersMatchTheDocument(t *testing.T) {
	e := newEnv(t, webtest.SQLite(t, webtest.Options{Steps: demoSteps("proposals", "followups", "ocop")}))
	var doc map[string]any
	if err := json.Unmarshal([]byte(e.call("GET", "/api/openapi.json", "", false, nil, "").Body), &doc); err != nil {
		t.Fatal(err)
	}
	x := api.New(e.App, api.Config{})
	n := 0
	for _, rt := range x.Routes() {
		op := doc["paths"].(map[string]any)[rt.Path].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		for _, ex := range rt.Examples {
			e.t = t
			a := e.call(rt.Method, ex.URL, ex.Login, ex.Write, ex.Header, ex.Body)
			resp, ok := op["responses"].(map[string]any)[fmt.Sprint(a.Status)].(map[string]any)
			if !ok {
				t.Errorf("%s %s %q: status %d is not documented", rt.Method, rt.Path, ex.Name, a.Status)
				continue
			}
			content, _ := resp["content"].(map[string]any)
			ct := strings.Split(a.Header.Get("Content-Type"), ";")[0]
			media, ok := content[ct].(map[string]any)
			if !ok {
				t.Errorf("%s %s %q: %s is not documented for %d", rt.Method, rt.Path, ex.Name, ct, a.Status)
				continue
			}
			schema, _ := media["schema"].(map[string]any)
			var v any
			if err := json.Unmarshal([]byte(a.Body), &v); err != nil {
				t.Errorf("%s %s %q: %v", rt.Method, rt.Path, ex.Name, err)
				continue
			}
			if err := validate(doc, schema, v, "$"); err != nil {
				t.Errorf("%s %s %q: %v", rt.Method, rt.Path, ex.Name, err)
			}
			n++
		}
	}
	if n < 10 {
		t.Fatalf("only %d answers checked", n)
	}
}

// TestNoServerErrorOnBadInput: every route, with garbage bodies, query
// parameters, versions and tokens, answers a problem, never a 5xx.
func TestNoServerErrorOnBadInput(t *testing.T) {
	e := newEnv(t, webtest.SQLite(t, webtest.Options{Steps: demoSteps()}))
	x := api.New(e.App, api.Config{})
	bodies := []string{"", "null", "[]", `{"values":{"C_ONLINE":{"value":{"a":1}}}}`, `{"values":{"C_ONLINE":{"value":[1]}}}`, "{\"title\":\"\xff\xfe\"}",
		`{"dataValues":[{"dataElement":null}]}`, strings.Repeat("[", 10000), `{"to":"nowhere","answerDue":"31/12"}`, `{"step":"fly"}`}
	queries := []string{"", "?limit=-1", "?limit=abc", "?cursor=%ff", "?on=9999-99-99", "?stars=x", "?period=2024S9&dataSet=x&orgUnit=y",
		"?dataSet=NQ57-HN&period=2026&orgUnit=nope&idScheme=weird", "?programme=07-CTr/TU&period=nope", "?q=" + strings.Repeat("đ", 3000)}
	send := func(method, url, body string, h map[string]string) {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.token("canbo.melinh", true))
		for k, v := range h {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("%s %s body %.40q %v: %d", method, url, body, h, res.StatusCode)
		}
	}
	for _, rt := range x.Routes() {
		path := e.URL + strings.NewReplacer("{id}", "x'; DROP TABLE users;--", "{period}", "nope", "{unit}", "hn-09022").Replace(rt.Path)
		if rt.Method == "GET" {
			for _, q := range queries {
				send("GET", path+q, "", nil)
			}
			continue
		}
		for _, q := range queries[:3] {
			for _, b := range bodies {
				for _, h := range []map[string]string{{"If-Match": `"x"`}, {"If-Match": `"1"`, "Content-Type": "text/plain"}, {"Content-Type": "text/csv"}} {
					send(rt.Method, path+q, b, h)
				}
			}
		}
	}
	// Real report paths, with bodies the form would refuse.
	for _, b := range bodies {
		send("PUT", e.URL+e.resolve("/api/v1/reports/{period57:2026}/hn-09022"), b, map[string]string{"If-Match": `"1"`})
	}
}

// TestProblemLanguage: field errors come in the caller's language.
func TestProblemLanguage(t *testing.T) {
	e := newEnv(t, webtest.SQLite(t, webtest.Options{Steps: demoSteps()}))
	body := `{"values":{"C_SKILLS":{"value":"khoảng 800"}}}`
	msg := func(lang string) Problem {
		a := e.call("PUT", "/api/v1/reports/{period57:2026}/hn-00454", "canbo.donganh", true, map[string]string{"If-Match": `"1"`, "Accept-Language": lang}, body)
		if a.Status != 422 {
			t.Fatalf("%s: %d %s", lang, a.Status, a.Body)
		}
		var p Problem
		json.Unmarshal([]byte(a.Body), &p)
		return p
	}
	vi, en, pref := msg("vi-VN"), msg("en-GB,en;q=0.9"), msg("fr, en;q=0.8, vi;q=0.9")
	want := func(lang i18n.Lang) string {
		return i18n.T(lang, "err.val.not_number", "Số người dân được hướng dẫn kỹ năng số", "khoảng 800")
	}
	if len(vi.Errors) != 1 || vi.Errors[0].Field != "v.C_SKILLS" || vi.Errors[0].Message != want(i18n.VI) || vi.Title != "Dữ liệu không hợp lệ" {
		t.Errorf("vi: %+v", vi)
	}
	if len(en.Errors) != 1 || en.Errors[0].Message != want(i18n.EN) || en.Title != "Unprocessable Entity" {
		t.Errorf("en: %+v", en)
	}
	if pref.Errors[0].Message != want(i18n.VI) {
		t.Errorf("vi preferred over en: %+v", pref)
	}
}

// Problem is the problem details shape, read back.
type Problem = api.Problem

// TestMessagesExist: every problem, status and heading the API shows has
// both languages, and the token pages show no raw message key.
func TestMessagesExist(t *testing.T) {
	for _, code := range api.ProblemCodes() {
		if !i18n.Has("api.problem." + code) {
			t.Errorf("no message api.problem.%s", code)
		}
	}
	for _, st := range []int{400, 401, 403, 404, 406, 409, 413, 415, 422, 428, 429, 500} {
		if !i18n.Has(fmt.Sprintf("api.status.%d", st)) {
			t.Errorf("no message api.status.%d", st)
		}
	}
	we := webtest.SQLite(t, webtest.Options{})
	e := newEnv(t, we)
	raw := regexp.MustCompile(`>\s*(tokens|service|api\.docs|title|flash)\.[a-z_]+\s*<`)
	adm := we.Login("admin")
	pages := map[string]string{"/profile/tokens": adm.Get("/profile/tokens").Body, "/admin/service-accounts": adm.Get("/admin/service-accounts").Body,
		"/profile": adm.Get("/profile").Body}
	for _, lang := range []string{"vi", "en"} {
		pages["/api/docs "+lang] = e.call("GET", "/api/docs", "", false, map[string]string{"Accept-Language": lang}, "").Body
	}
	for p, body := range pages {
		if m := raw.FindString(body); m != "" {
			t.Errorf("%s shows a raw key: %s", p, m)
		}
	}
}
