package api_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/ocop"
	"khcn/internal/programme"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// scenario is one API call and what must come back (in the spirit of
// PocketBase's API scenarios). {name} in URL, Body and Header is filled
// from what earlier scenarios saved (Save: name → a JSON path of the
// answer) or from the demo's periods ({period:CODE}, {period57:CODE}).
type scenario struct {
	Name   string
	Method string
	URL    string
	Login  string
	Write  bool
	Header map[string]string
	Body   string
	Status int
	Want   string                                            // JSON the answer must contain
	Check  func(t *testing.T, body string)                   // more, when a subset is not enough
	Save   map[string]string                                 // name → path ("items.0.id", "version")
	Pick   func(t *testing.T, body string) map[string]string // names chosen by looking
}

// at reads a dotted path ("items.0.id") from JSON.
func at(t *testing.T, body, path string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %.300s", body)
	}
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, _ := strconv.Atoi(p)
			if i >= len(x) {
				t.Fatalf("no %s in %.500s", path, body)
			}
			v = x[i]
		}
	}
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	if v == nil {
		t.Fatalf("no %s in %.500s", path, body)
	}
	return v.(string)
}

func items(t *testing.T, body string) []map[string]any {
	t.Helper()
	var p struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("not a page: %.300s", body)
	}
	return p.Items
}

func allItems(key, want string) func(t *testing.T, body string) {
	return func(t *testing.T, body string) {
		for _, it := range items(t, body) {
			if it[key] != want {
				t.Errorf("an item with %s=%v, want only %s", key, it[key], want)
			}
		}
	}
}

// ownOrHistory checks every item belongs to the login's unit or a former
// unit it was formed from.
func ownOrHistory(e *apiEnv, login, key string) func(t *testing.T, body string) {
	return func(t *testing.T, body string) {
		u := mustUser(t, e, login)
		ok := map[string]bool{u.UnitID: true}
		for _, p := range u.HistoryPaths {
			parts := strings.Split(strings.Trim(p, "/"), "/")
			ok[parts[len(parts)-1]] = true
		}
		for _, it := range items(t, body) {
			if id, _ := it[key].(string); !ok[id] {
				t.Errorf("an item of %v, outside %s's unit and history", it[key], login)
			}
		}
	}
}

func runScenarios(t *testing.T, e *apiEnv, scs []scenario) {
	vars := map[string]string{}
	fill := func(s string) string {
		for k, v := range vars {
			s = strings.ReplaceAll(s, "{"+k+"}", v)
		}
		return s
	}
	for _, sc := range scs {
		ok := t.Run(sc.Name, func(t *testing.T) {
			e.t = t
			h := map[string]string{}
			for k, v := range sc.Header {
				h[k] = fill(v)
			}
			a := e.call(sc.Method, fill(sc.URL), sc.Login, sc.Write, h, fill(sc.Body))
			if a.Status != sc.Status {
				t.Fatalf("status %d, want %d: %.1500s", a.Status, sc.Status, a.Body)
			}
			if sc.Want != "" {
				mustContain(t, a.Body, fill(sc.Want))
			}
			if sc.Check != nil {
				sc.Check(t, a.Body)
			}
			for k, p := range sc.Save {
				vars[k] = at(t, a.Body, p)
			}
			if sc.Pick != nil {
				for k, v := range sc.Pick(t, a.Body) {
					vars[k] = v
				}
			}
		})
		if !ok {
			t.FailNow() // later scenarios build on this one
		}
	}
}

// TestScenarios runs the API's scenarios over the whole demo on both
// engines: S&T tasks, follow-ups, OCOP, open data, with the roles that may
// and may not.
func TestScenarios(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demoSteps("proposals", "followups", "ocop")}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		runScenarios(t, e, []scenario{
			{Name: "a unit's calls", Method: "GET", URL: "/api/v1/calls", Login: "canbo.melinh", Status: 200,
				Pick: func(t *testing.T, body string) map[string]string {
					for _, it := range items(t, body) {
						if it["opened"] == true && it["published"] == false {
							return map[string]string{"call": it["id"].(string)}
						}
					}
					t.Fatalf("no open call for Mê Linh: %.500s", body)
					return nil
				}},
			{Name: "a draft without a title", Method: "POST", URL: "/api/v1/calls/{call}/proposals", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"Accept-Language": "vi"}, Body: `{"taskType":"de_tai","title":"  "}`, Status: 422,
				Want: `{"code":"invalid","errors":[{"field":"title","code":"err.required"}]}`},
			{Name: "unknown fields are refused", Method: "POST", URL: "/api/v1/calls/{call}/proposals", Login: "canbo.melinh", Write: true,
				Body: `{"title":"x","budget":1}`, Status: 400, Want: `{"code":"json"}`},
			{Name: "a new draft", Method: "POST", URL: "/api/v1/calls/{call}/proposals", Login: "canbo.melinh", Write: true,
				Body:   `{"taskType":"de_tai","title":"Ứng dụng IoT giám sát nuôi trồng thủy sản tại xã Mê Linh","objectives":"Giảm 20% hao hụt","stateBudget":850000000,"durationMonths":18}`,
				Status: 201, Want: `{"state":"draft","version":1,"unit":"hn-09022","stateBudget":850000000,"durationMonths":18}`,
				Save: map[string]string{"proposal": "id"}},
			{Name: "the draft updated", Method: "PUT", URL: "/api/v1/proposals/{proposal}", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"1"`}, Body: `{"taskType":"de_tai","title":"Ứng dụng IoT giám sát nuôi trồng thủy sản","durationMonths":24}`,
				Status: 200, Want: `{"version":2,"durationMonths":24}`},
			{Name: "a stale update", Method: "PUT", URL: "/api/v1/proposals/{proposal}", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"1"`}, Body: `{"taskType":"de_tai","title":"Cũ"}`, Status: 409,
				Want: `{"code":"conflict","current":{"version":2,"title":"Ứng dụng IoT giám sát nuôi trồng thủy sản"}}`},
			{Name: "found by a search without diacritics", Method: "GET", URL: "/api/v1/proposals?q=nuoi+trong+thuy+san", Login: "canbo.melinh", Status: 200,
				Want: `{"items":[{"id":"{proposal}"}]}`, Check: allItems("unit", "hn-09022")},
			{Name: "another unit cannot read it", Method: "GET", URL: "/api/v1/proposals/{proposal}", Login: "canbo.socson", Status: 404}, // as on the pages: its existence does not leak
			{Name: "the Sở does not see a draft never sent", Method: "GET", URL: "/api/v1/proposals?q=nuoi+trong+thuy+san", Login: "chuyenvien", Status: 200,
				Want: `{"total":0}`},
			{Name: "a unit's own recommendations", Method: "GET", URL: "/api/v1/recommendations", Login: "canbo.melinh", Status: 200, Check: ownOrHistory(e, "canbo.melinh", "unit")},
			{Name: "the Sở's recommendations", Method: "GET", URL: "/api/v1/recommendations?limit=2", Login: "chuyenvien", Status: 200,
				Check: func(t *testing.T, body string) {
					if len(items(t, body)) != 2 || !strings.Contains(body, `"next"`) {
						t.Errorf("paging: %.500s", body)
					}
				}, Save: map[string]string{"cursor": "next"}},
			{Name: "the next page", Method: "GET", URL: "/api/v1/recommendations?limit=2&cursor={cursor}", Login: "chuyenvien", Status: 200},
			{Name: "a bad cursor", Method: "GET", URL: "/api/v1/recommendations?cursor=bm9wZQ", Login: "chuyenvien", Status: 400, Want: `{"code":"bad_cursor"}`},
			{Name: "what Mê Linh owes", Method: "GET", URL: "/api/v1/actions?status=open", Login: "canbo.melinh", Status: 200,
				Check: ownOrHistory(e, "canbo.melinh", "owner"),
				Pick: func(t *testing.T, body string) map[string]string {
					for _, it := range items(t, body) {
						if it["status"] == "not_started" {
							return map[string]string{"action": it["id"].(string), "aversion": strconv.Itoa(int(it["version"].(float64)))}
						}
					}
					t.Fatalf("no open action for Mê Linh: %.800s", body)
					return nil
				}},
			{Name: "progress on it", Method: "POST", URL: "/api/v1/actions/{action}/progress", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{aversion}"`}, Body: `{"to":"in_progress","note":"Đã giao cán bộ phụ trách"}`, Status: 200,
				Want: `{"id":"{action}","status":"in_progress"}`},
			{Name: "the same step from a stale version", Method: "POST", URL: "/api/v1/actions/{action}/progress", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{aversion}"`}, Body: `{"to":"done","note":"x"}`, Status: 409, Want: `{"code":"conflict","current":{"status":"in_progress"}}`},
			{Name: "another unit cannot move it", Method: "POST", URL: "/api/v1/actions/{action}/progress", Login: "canbo.socson", Write: true,
				Header: map[string]string{"If-Match": `"9"`}, Body: `{"to":"done"}`, Status: 403},
			{Name: "OCOP products of Mê Linh", Method: "GET", URL: "/api/v1/ocop/products", Login: "canbo.melinh", Status: 200, Check: ownOrHistory(e, "canbo.melinh", "unit")},
			{Name: "OCOP stars out of range", Method: "GET", URL: "/api/v1/ocop/products?stars=7", Login: "canbo.melinh", Status: 400, Want: `{"code":"bad_param","errors":[{"field":"stars"}]}`},
			{Name: "IP titles", Method: "GET", URL: "/api/v1/ip-titles", Login: "chuyenvien", Status: 200,
				Check: func(t *testing.T, body string) {
					if len(items(t, body)) == 0 {
						t.Error("no IP titles")
					}
				}},
			{Name: "published lists for the public", Method: "GET", URL: "/api/v1/public/calls", Status: 200,
				Pick: func(t *testing.T, body string) map[string]string {
					var cs []map[string]any
					json.Unmarshal([]byte(body), &cs)
					if len(cs) == 0 {
						t.Fatal("no published list in the demo")
					}
					return map[string]string{"published": cs[0]["id"].(string)}
				}},
			{Name: "a published list", Method: "GET", URL: "/api/v1/public/calls/{published}/tasks", Status: 200, Want: `{"call":{"id":"{published}","published":true}}`,
				Check: func(t *testing.T, body string) {
					if !strings.Contains(body, `"title"`) {
						t.Error("no tasks")
					}
				}},
			{Name: "the same list as CSV", Method: "GET", URL: "/api/v1/public/calls/{published}/tasks?format=csv", Status: 200,
				Check: func(t *testing.T, body string) {
					if !strings.HasPrefix(body, "title,objectives,results,unit,taskType,areas,durationMonths,method,ipTitles\n") || strings.Count(body, "\n") < 2 {
						t.Errorf("csv: %.300s", body)
					}
				}},
			{Name: "an unpublished call is not public", Method: "GET", URL: "/api/v1/public/calls/{call}/tasks", Status: 404},
			{Name: "progress by unit as CSV", Method: "GET", URL: "/api/v1/open/progress?programme=07-CTr/TU&period=2024&format=csv", Login: "chuyenvien", Status: 200,
				Check: func(t *testing.T, body string) {
					if !strings.HasPrefix(body, "unit,unitCode,unitName,indicator,name,period,value,target,baseline,progress,status,reporting,estimated\n") || strings.Count(body, "\n") < 10 {
						t.Errorf("csv: %.300s", body)
					}
				}},
		})
	})
}

// TestAuthorisationMatrix: through the API every role gets what the one
// permission check (account.Can) allows it, for the same objects as the
// pages; no token is 401.
func TestAuthorisationMatrix(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demoSteps("proposals", "followups", "ocop")}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		melinh := account.Unit("/hn/hn-09022/")
		can := func(a account.Action, obj account.Object) func(*account.User) bool {
			return func(u *account.User) bool { return account.Can(u, a, obj) }
		}
		// inScope is the lists' rule: the action on the reader's own scope.
		inScope := func(a account.Action) func(*account.User) bool {
			return func(u *account.User) bool {
				obj := account.None
				if u.ScopePath != "" {
					obj = account.Unit(u.ScopePath)
				}
				return account.Can(u, a, obj)
			}
		}
		scoped := func(a account.Action) func(*account.User) bool {
			return func(u *account.User) bool { return u.ScopePath != "" && account.Can(u, a, account.Unit(u.ScopePath)) }
		}
		routes := []struct {
			url    string
			allows func(*account.User) bool
		}{
			{"/api/v1/programmes", can(programme.View, account.None)},
			{"/api/v1/reports/{period57:2026}/hn-09022", can(programme.ReportView, melinh)},
			{"/api/v1/periods/{period:2024}/targets", can(programme.Manage, account.None)},
			{"/api/v1/open/progress?programme=07-CTr/TU&period=2024", can(programme.View, account.None)},
			{"/api/v1/proposals", can(proposal.CallView, account.None)},
			{"/api/v1/recommendations", inScope(followup.RecommendationView)},
			{"/api/v1/actions", inScope(followup.ActionView)},
			{"/api/v1/ocop/products", scoped(ocop.View)},
			{"/api/v1/ip-titles", scoped(ocop.View)},
		}
		for _, login := range []string{"admin", "chuyenvien", "lanhdao.so", "canbo.melinh", "lanhdao.melinh", "canbo.socson", "chuyengia"} {
			u := mustUser(t, e, login)
			for _, r := range routes {
				want := 403
				if r.allows(u) {
					want = 200
				}
				if a := e.call("GET", r.url, login, false, nil, ""); a.Status != want {
					t.Errorf("%s %s: %d, want %d", login, r.url, a.Status, want)
				}
			}
		}
		for _, r := range routes {
			if a := e.call("GET", r.url, "", false, nil, ""); a.Status != 401 {
				t.Errorf("no token %s: %d", r.url, a.Status)
			}
		}
	})
}

// TestReportFlowThroughTheAPI: a unit's officer fills and submits its
// report, the leader approves it, all through the API; sending runs the
// form's full checks; each save is audited under the token's owner; the
// sent report is locked for the officer.
func TestReportFlowThroughTheAPI(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demoSteps()}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		const rep = "/api/v1/reports/{period57:2026}/hn-09022"
		runScenarios(t, e, []scenario{
			{Name: "the officer's report", Method: "GET", URL: rep, Login: "canbo.melinh", Status: 200,
				Want: `{"state":"draft","lock":"open","steps":["submit"]}`, Save: map[string]string{"v": "version"}},
			{Name: "sending with a value missing", Method: "POST", URL: rep + "/steps", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{v}"`}, Body: `{"step":"submit"}`, Status: 422,
				Want: `{"code":"invalid","errors":[{"field":"v.C_SKILLS"}]}`},
			{Name: "the value filled", Method: "PUT", URL: rep, Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{v}"`}, Body: `{"values":{"C_SKILLS":{"value":812}}}`, Status: 200,
				Want: `{"values":[{"indicator":"C_SKILLS","value":812,"text":"812"}]}`, Save: map[string]string{"v": "version"}},
			{Name: "sent to the leader", Method: "POST", URL: rep + "/steps", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{v}"`}, Body: `{"step":"submit"}`, Status: 200,
				Want: `{"state":"submitted"}`, Save: map[string]string{"v": "version"}},
			{Name: "the officer can no longer change it", Method: "PUT", URL: rep, Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{v}"`}, Body: `{"values":{"C_SKILLS":{"value":1}}}`, Status: 409,
				Want: `{"code":"locked","errors":[{"field":"form","code":"lock.submitted"}]}`},
			{Name: "the officer cannot approve", Method: "POST", URL: rep + "/steps", Login: "canbo.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{v}"`}, Body: `{"step":"approve"}`, Status: 403},
			{Name: "the leader approves", Method: "POST", URL: rep + "/steps", Login: "lanhdao.melinh", Write: true,
				Header: map[string]string{"If-Match": `"{v}"`}, Body: `{"step":"approve"}`, Status: 200, Want: `{"state":"approved"}`},
		})
		es, err := e.Store.Read().Audit(t.Context(), store.AuditFilter{Action: "report.save", Actor: "canbo.melinh"})
		if err != nil || len(es) != 1 || es[0].RequestID == "" || es[0].IP == "" {
			t.Errorf("audit of the API save: %+v %v", es, err)
		}
	})
}
