package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/webtest"
)

// apiEnv is a running server with the demo's units, logins and programmes,
// tokens made on demand, and the clock on 1/12/2026 (the NQ 57 year 2026
// is open, every 07-CTr/TU period is closed).
type apiEnv struct {
	*webtest.Env
	t      testing.TB
	tokens map[string]string
}

var testNow = time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)

// demoSteps are the foundation and both programmes (more is slow).
func demoSteps(names ...string) []demo.Step {
	want := map[string]bool{"programme 07-CTr/TU": true, "programme NQ 57 (2026)": true}
	for _, n := range names {
		want[n] = true
	}
	steps := webtest.Foundation()
	for _, s := range demo.Steps() {
		if want[s.Name] {
			steps = append(steps, s)
		}
	}
	return steps
}

func newEnv(t testing.TB, e *webtest.Env) *apiEnv {
	e.App.Now = func() time.Time { return testNow }
	return &apiEnv{Env: e, t: t, tokens: map[string]string{}}
}

// token returns a token of a demo login (read-only or read-write).
func (e *apiEnv) token(login string, write bool) string {
	e.t.Helper()
	key := fmt.Sprint(login, write)
	if tok, ok := e.tokens[key]; ok {
		return tok
	}
	ctx := context.Background()
	id, err := e.App.UserIDByLogin(ctx, login)
	if err != nil {
		e.t.Fatalf("login %s: %v", login, err)
	}
	tok, _, err := e.App.CreateToken(ctx, app.System(), app.TokenInput{UserID: id, Name: "test " + key, Write: write})
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[key] = tok
	return tok
}

var placeholder = regexp.MustCompile(`\{(period|period57):([^}]+)\}`)

// resolve fills {period:CODE} (07-CTr/TU) and {period57:CODE} (NQ 57) with
// the demo's period IDs.
func (e *apiEnv) resolve(s string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		p := placeholder.FindStringSubmatch(m)
		prog := demo.Programme07
		if p[1] == "period57" {
			prog = demo.Programme57
		}
		ps, err := e.Store.Read().Periods(context.Background(), prog)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, per := range ps {
			if per.Code == p[2] {
				return per.ID
			}
		}
		e.t.Fatalf("no period %s in %s", p[2], prog)
		return ""
	})
}

type answer struct {
	Status int
	Header http.Header
	Body   string
}

// call sends a request; login "" sends no token.
func (e *apiEnv) call(method, url, login string, write bool, header map[string]string, body string) answer {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(e.resolve(body))
	}
	req, err := http.NewRequest(method, e.URL+e.resolve(url), rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if login != "" {
		req.Header.Set("Authorization", "Bearer "+e.token(login, write))
	}
	for k, v := range header {
		req.Header.Set(k, e.resolve(v))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// contains reports where got lacks what want holds: objects need want's
// keys with matching values; arrays need want's elements in order (each
// matched somewhere after the previous one).
func contains(want, got any, at string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return at + ": want an object"
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return at + "." + k + ": missing"
			}
			if d := contains(wv, gv, at+"."+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok {
			return at + ": want an array"
		}
		i := 0
		for n, wv := range w {
			for ; i < len(g); i++ {
				if contains(wv, g[i], "") == "" {
					break
				}
			}
			if i == len(g) {
				return fmt.Sprintf("%s[%d]: no element matches %v", at, n, wv)
			}
			i++
		}
		return ""
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return fmt.Sprintf("%s: got %v, want %v", at, got, want)
		}
		return ""
	}
}

// mustContain fails unless the JSON body holds want.
func mustContain(t testing.TB, body, want string) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %s: %v", want, err)
	}
	if err := json.Unmarshal([]byte(body), &g); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, body)
	}
	if d := contains(w, g, "$"); d != "" {
		t.Fatalf("%s\nbody: %.3000s", d, body)
	}
}
