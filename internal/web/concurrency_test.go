package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/hanoi"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// savers is how many people save the same record at once.
const savers = 20

// editKind is one kind of record people edit through a form: the page with
// the form, where the form posts, who edits, and the text field each saver
// types into.
type editKind struct {
	name  string
	login string
	// form returns the page that shows the form and the form's action.
	form  func(t *testing.T, e *webtest.Env, c *webtest.Client) (page, action string)
	field string
	// typed is what saver i types (default: a sentence naming i), for
	// fields that take numbers.
	typed func(i int) string
	// autosave posts in the background and answers in JSON.
	autosave bool
	// adds is a form that adds to the record (a progress note, a
	// conclusion, a step): there is nothing to merge, a loser sees the
	// record as it is now, with the winner's addition, and what they typed.
	adds bool
	// skip names an issue item that keeps the kind from being tested yet.
	skip string
}

// Twenty people save the same record at once, all from the same version.
// For every kind of record, on both engines: exactly one save wins, nobody
// gets a server error, every loser gets the conflict at the form with the
// text they typed and the winner's version beside it (or, for autosave, a
// 409 naming the current version), and a loser can then save the form as
// shown: the next save succeeds and keeps what they chose.
//
// The same servers then check the merge itself (merge_test.go): the demo
// data is loaded once per engine for both.
func TestConcurrentEdits(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.Steps()}, func(t *testing.T, e *webtest.Env) {
		clients := map[string]*webtest.Client{}
		login := func(name string) *webtest.Client {
			if clients[name] == nil {
				clients[name] = e.Login(name)
			}
			return clients[name]
		}
		for _, k := range editKinds {
			t.Run("parallel/"+k.name, func(t *testing.T) {
				if k.skip != "" {
					t.Skip(k.skip)
				}
				raceKind(t, e, login(k.login), k)
			})
		}
		for _, m := range merges {
			t.Run("merge/"+m.name, func(t *testing.T) { mergeKind(t, e, login("canbo.melinh"), login("lanhdao.melinh"), m) })
		}
	})
}

func raceKind(t *testing.T, e *webtest.Env, c *webtest.Client, k editKind) {
	page, action := k.form(t, e, c)
	t.Logf("%s posts to %s", page, action)
	shown := c.Get(page)
	base, ok := formValues(shown.Body, action)
	if !ok {
		t.Fatalf("%s (%d) has no form posting to %s", page, shown.Status, action)
	}
	field := strings.ReplaceAll(k.field, "{id}", action[strings.LastIndex(action, "/")+1:])
	if !base.Has(field) {
		t.Fatalf("the form of %s has no field %s: %v", page, field, base)
	}
	typed := func(i int) string { return fmt.Sprintf("Bản sửa số %d của người thứ %d", i, i) }
	if k.typed != nil {
		typed = k.typed
	}
	post := action
	if k.autosave {
		post = strings.TrimSuffix(action, "/edit") + "/autosave"
	}
	res := make([]webtest.Response, savers)
	errs := make([]error, savers)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range savers {
		f := copyValues(base)
		f.Set(field, typed(i))
		req := c.FormRequest(post, f)
		if k.autosave {
			req.Header.Set("X-Autosave", "1")
		}
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			res[i], errs[i] = c.Send(req)
		}()
	}
	start.Done()
	done.Wait()

	won := http.StatusSeeOther
	if k.autosave {
		won = http.StatusOK
	}
	winner := -1
	var bad problems
	for i, r := range res {
		switch {
		case errs[i] != nil:
			t.Fatalf("save %d: %v", i, errs[i])
		case r.Status >= 500:
			bad.add("a server error", i, fmt.Sprintf("%d %s", r.Status, snippet(r.Body)))
		case r.Status == won && winner >= 0:
			bad.add("a second winner", i, "")
		case r.Status == won:
			winner = i
		}
	}
	if winner < 0 {
		t.Fatalf("nobody won: %v; e.g. %s", statuses(res), snippet(res[0].Body))
	}
	loser := -1
	for i, r := range res {
		if i == winner || r.Status >= 500 {
			continue
		}
		loser = i
		if k.autosave {
			bad.autosave(i, r, res[winner])
			continue
		}
		if r.Status != http.StatusUnprocessableEntity {
			bad.add("not the form again (422)", i, fmt.Sprintf("%d %s", r.Status, snippet(r.Body)))
			continue
		}
		want := map[string]string{"their own text": html.EscapeString(typed(i)), "the winner's text": html.EscapeString(typed(winner))}
		if !k.adds {
			want["the side-by-side choice"] = `class="merge"`
		}
		for what, want := range want {
			if !strings.Contains(r.Body, want) {
				bad.add("a page without "+what, i, snippet(r.Body))
			}
		}
	}
	bad.report(t)
	if k.adds {
		checkAdded(t, c, page, action, typed, winner, res[loser])
		return
	}
	if t.Failed() || loser < 0 {
		return
	}
	stored, _ := formValues(c.Get(page).Body, action)
	if got := stored.Get(field); got != typed(winner) {
		t.Fatalf("stored %q, want the winner's %q", got, typed(winner))
	}
	if k.autosave {
		return
	}
	// The loser keeps their own text and saves the form as it was shown.
	again, ok := formValues(res[loser].Body, action)
	if !ok {
		t.Fatalf("the loser's form does not post to %s", action)
	}
	again.Set("_pick."+field, "mine")
	if r := c.PostForm(action, again); r.Status != http.StatusSeeOther {
		t.Fatalf("the loser's second save: %d %s", r.Status, snippet(r.Body))
	}
	stored, _ = formValues(c.Get(page).Body, action)
	if got := stored.Get(field); got != typed(loser) {
		t.Errorf("after the loser's second save: %q, want %q", got, typed(loser))
	}
}

// checkAdded checks a form that adds to a record after the race: only the
// winner's addition is there, and a loser whose form is still offered can
// send it again.
func checkAdded(t *testing.T, c *webtest.Client, page, action string, typed func(int) string, winner int, lost webtest.Response) {
	t.Helper()
	body := c.Get(page).Body
	for i := range savers {
		if got := strings.Contains(body, html.EscapeString(typed(i))); got != (i == winner) {
			t.Errorf("after the race the page shows saver %d's text: %v", i, got)
		}
	}
	again, ok := formValues(lost.Body, action)
	if !ok {
		return // the step was taken: there is nothing to send again
	}
	if r := c.PostForm(action, again); r.Status != http.StatusSeeOther {
		t.Fatalf("the loser's second save: %d %s", r.Status, snippet(r.Body))
	}
}

// problems gathers what went wrong per kind of failure, so twenty losers
// with the same fault make one line.
type problems map[string][]int

var problemExample = map[string]string{}

func (p *problems) add(what string, i int, example string) {
	if *p == nil {
		*p = problems{}
	}
	if len((*p)[what]) == 0 {
		problemExample[what] = example
	}
	(*p)[what] = append((*p)[what], i)
}

func (p problems) report(t *testing.T) {
	t.Helper()
	for what, who := range p {
		t.Errorf("%d of %d saves got %s (saves %v); e.g. %s", len(who), savers, what, who, problemExample[what])
	}
}

// autosave checks an autosave that lost: 409 with the version the winner
// made, which the page does not take as its own.
func (p *problems) autosave(i int, r, won webtest.Response) {
	var got, want struct {
		Version int
		Message string
	}
	json.Unmarshal([]byte(won.Body), &want)
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil || r.Status != http.StatusConflict {
		p.add("no 409 JSON", i, fmt.Sprintf("%d %s", r.Status, snippet(r.Body)))
		return
	}
	if got.Version != want.Version || got.Message == "" {
		p.add("no current version or message", i, fmt.Sprintf("%+v, want version %d", got, want.Version))
	}
}

func copyValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func statuses(res []webtest.Response) []int {
	out := make([]int, len(res))
	for i, r := range res {
		out[i] = r.Status
	}
	return out
}

func snippet(s string) string {
	if i := strings.Index(s, `role="alert"`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 400 {
		s = s[:400]
	}
	return s
}

// editKinds are every kind of record edited through a form.
var editKinds = []editKind{
	{name: "proposal", login: "canbo.melinh", form: proposalForm, field: "objectives"},
	{name: "proposal autosave", login: "canbo.melinh", form: proposalForm, field: "objectives", autosave: true},
	{name: "report", login: "canbo.melinh", form: reportForm(demo.MeLinh), field: "section1"},
	{name: "report values", login: "canbo.melinh", form: reportForm(demo.MeLinh), field: "v.C_TASKS", typed: typedNumber(100)},
	{name: "report first write", login: "chuyenvien", form: firstReportForm, field: "section2"},
	{name: "call", login: "chuyenvien", form: listed("/calls", `/calls/(ID)"`, "/calls/%s/edit", "/calls/%s"), field: "guidance"},
	{name: "programme", login: "chuyenvien", form: fixed("/programmes/"+demo.Programme07+"/edit", "/programmes/"+demo.Programme07), field: "goals"},
	{name: "indicator", login: "chuyenvien", form: listed("/programmes/"+demo.Programme57, `/programmes/`+demo.Programme57+`/indicators/(ID)/edit`,
		"/programmes/"+demo.Programme57+"/indicators/%s/edit", "/programmes/"+demo.Programme57+"/indicators/%s"), field: "description"},
	{name: "period", login: "chuyenvien", form: listed("/programmes/"+demo.Programme57, `/programmes/`+demo.Programme57+`/periods/(ID)/edit`,
		"/programmes/"+demo.Programme57+"/periods/%s/edit", "/programmes/"+demo.Programme57+"/periods/%s"), field: "name"},
	{name: "targets", login: "chuyenvien", form: targetsForm, field: "t.C_TASKS", typed: typedNumber(100)},
	{name: "action item", login: "chuyenvien", form: listed("/actions", `/actions/(ID)"`, "/actions/%s", "/actions/%s"), field: "description"},
	{name: "meeting", login: "chuyenvien", form: newMeeting, field: "agenda"},
	{name: "training", login: "chuyenvien", form: listed("/trainings", `/trainings/(ID)"`, "/trainings/%s", "/trainings/%s"), field: "notes"},
	{name: "inspection", login: "chuyenvien", form: newInspection, field: "summary"},
	{name: "OCOP producer", login: "canbo.melinh", form: listed("/ocop/producers", `/ocop/producers/(ID)"`, "/ocop/producers/%s/edit", "/ocop/producers/%s"), field: "address"},
	{name: "OCOP product", login: "canbo.melinh", form: listed("/ocop/products", `/ocop/products/(ID)"`, "/ocop/products/%s/edit", "/ocop/products/%s"), field: "description"},
	{name: "OCOP evaluation", login: "canbo.melinh", form: onProducts(`/ocop/evaluations/(ID)/edit`, "/ocop/evaluations/%s/edit", "/ocop/evaluations/%s"), field: "cert_no"},
	{name: "OCOP IP title", login: "canbo.melinh", form: listed("/ocop/ip", `/ocop/ip/(ID)"`, "/ocop/ip/%s/edit", "/ocop/ip/%s"), field: "usage_rules"},
	{name: "OCOP upgrade plan", login: "canbo.melinh", form: onProducts(`/ocop/plans/(ID)/edit`, "/ocop/plans/%s/edit", "/ocop/plans/%s"), field: "support"},
	{name: "document issuer", login: "admin", form: fixed("/admin/documents", "/admin/documents/hn-skhcn"), field: "signer"},
	{name: "OCOP star bands", login: "lanhdao.so", form: fixed("/ocop/bands", "/ocop/bands"), field: "min5", typed: func(i int) string { return fmt.Sprintf("%d,5", 75+i) }},
	{name: "user profile", login: "canbo.melinh", form: fixed("/profile", "/profile"), field: "title"},
	{name: "expert", login: "chuyenvien", form: listed("/experts", `/experts/(ID)"`, "/experts/%s", "/experts/%s"), field: "fields"},
	{name: "council", login: "chuyenvien", form: listed("/councils", `/councils/(ID)"`, "/councils/%s/edit", "/councils/%s"), field: "meeting_place"},
	{name: "recommendation category", login: "admin", form: offered("/admin/categories", `action="/admin/categories/(ID)"`, "/admin/categories/%s"), field: "name_vi_{id}"},
	{name: "reminder timing", login: "admin", form: fixed("/admin/notifications", "/admin/notifications/timing/action_item"),
		field: "before_days_action_item", typed: typedNumber(31)},
	{name: "action item progress", login: "canbo.melinh", form: offered("/actions?unit="+demo.MeLinh, `/actions/(ID)"`, "/actions/%s/progress", "/actions/%s"),
		field: "note", adds: true},
	{name: "meeting conclusion", login: "chuyenvien", form: func(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
		_, meeting := newMeeting(t, e, c)
		return meeting, meeting + "/conclusions"
	}, field: "text", adds: true},
	{name: "recommendation step", login: "chuyenvien", form: offered("/recommendations?status=assigned", `/recommendations/(ID)"`, "/recommendations/%s/step/answered"),
		field: "note_answered", adds: true},
}

// number types the whole number from+i.
func typedNumber(from int) func(int) string {
	return func(i int) string { return fmt.Sprint(from + i) }
}

func fixed(page, action string) func(*testing.T, *webtest.Env, *webtest.Client) (string, string) {
	return func(*testing.T, *webtest.Env, *webtest.Client) (string, string) { return page, action }
}

// listed finds the first record linked from a list page whose form saves
// as shown: link is a pattern of the link with ID where the record's ID
// is, page and action are formats of the form's page and action.
func listed(list, link, page, action string) func(*testing.T, *webtest.Env, *webtest.Client) (string, string) {
	return func(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
		p, a, ok := firstSaved(c, list, link, page, action)
		if !ok {
			t.Fatalf("no record listed on %s has a form posting to %s that saves as shown", list, action)
		}
		return p, a
	}
}

// offered finds the first record linked from a list page whose page (the
// record's, unless given after the action) offers the form, without
// sending it (the form adds to the record, or takes a step).
func offered(list, link, action string, page ...string) func(*testing.T, *webtest.Env, *webtest.Client) (string, string) {
	re := regexp.MustCompile(strings.Replace(regexp.QuoteMeta(link), regexp.QuoteMeta("(ID)"), "([0-9a-z_-]{4,})", 1))
	return func(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
		body := c.Get(list).Body
		for _, m := range re.FindAllStringSubmatch(body, -1) {
			p, a := list, fmt.Sprintf(action, m[1])
			if strings.HasPrefix(link, "/") {
				p = strings.Replace(link, "(ID)", m[1], 1)
				p = strings.TrimSuffix(p, `"`)
			}
			if len(page) > 0 {
				p = fmt.Sprintf(page[0], m[1])
			}
			if _, ok := formValues(c.Get(p).Body, a); ok {
				return p, a
			}
		}
		t.Fatalf("no record listed on %s offers a form posting to %s", list, action)
		return "", ""
	}
}

// firstSaved is the form page and action of the first record linked from
// list whose form saves as shown.
func firstSaved(c *webtest.Client, list, link, page, action string) (string, string, bool) {
	re := regexp.MustCompile(strings.Replace(regexp.QuoteMeta(link), regexp.QuoteMeta("(ID)"), "([0-9a-z-]{8,})", 1))
	seen := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(c.Get(list).Body, -1) {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		p, a := fmt.Sprintf(page, m[1]), fmt.Sprintf(action, m[1])
		if f, ok := formValues(c.Get(p).Body, a); ok && c.PostForm(a, f).Status == http.StatusSeeOther {
			return p, a, true
		}
	}
	return "", "", false
}

// onProducts is listed for records linked from the product pages.
func onProducts(link, page, action string) func(*testing.T, *webtest.Env, *webtest.Client) (string, string) {
	return func(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
		products := regexp.MustCompile(`href="(/ocop/products/[0-9a-f-]{36})"`).FindAllStringSubmatch(c.Get("/ocop/products").Body, -1)
		for _, m := range products {
			if p, a, ok := firstSaved(c, m[1], link, page, action); ok {
				return p, a
			}
		}
		t.Fatalf("no product page links a record with a form posting to %s that saves as shown", action)
		return "", ""
	}
}

// newInspection records an inspection of xã Mê Linh to edit (the demo has
// none).
func newInspection(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
	f, ok := formValues(c.Get("/inspections/new?programme="+demo.Programme57+"&unit="+demo.MeLinh).Body, "/inspections")
	if !ok {
		t.Fatal("no form for a new inspection")
	}
	f.Set("period_id", periodID(t, e, demo.Programme57, "2026"))
	f.Set("team", "Đoàn kiểm tra của Sở KH&CN")
	f.Set("summary", "Xã đã triển khai kế hoạch.")
	r := c.PostForm("/inspections", f)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("new inspection: %d %s", r.Status, snippet(r.Body))
	}
	return r.Location + "/edit", r.Location
}

// newMeeting records a working session to edit (the demo's are closed).
func newMeeting(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
	f, ok := formValues(c.Get("/meetings/new").Body, "/meetings")
	if !ok {
		t.Fatal("no form for a new meeting")
	}
	for k, v := range map[string]string{"title": "Làm việc với UBND xã Mê Linh", "date": "15/11/2026", "chair": "Phó Giám đốc Sở",
		"purpose": "Rà soát kết quả thực hiện Nghị quyết 57-NQ/TW."} {
		f.Set(k, v)
	}
	r := c.PostForm("/meetings", f)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("new meeting: %d %s", r.Status, snippet(r.Body))
	}
	return r.Location + "/edit", r.Location
}

func proposalForm(t *testing.T, e *webtest.Env, _ *webtest.Client) (string, string) {
	id := findDemo(t, e).mlDraft27
	return "/proposals/" + id + "/edit", "/proposals/" + id + "/edit"
}

// firstReportForm is the Sở's own 2026 report on Resolution 57, which
// nobody has saved yet.
func firstReportForm(t *testing.T, e *webtest.Env, c *webtest.Client) (string, string) {
	period := periodID(t, e, demo.Programme57, "2026")
	if _, err := e.Store.Read().ReportFor(context.Background(), period, hanoi.SoID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the Sở's 2026 report exists already (%v)", err)
	}
	return reportForm(hanoi.SoID)(t, e, c)
}

// reportForm is the 2026 report of a unit on Resolution 57.
func reportForm(unit string) func(*testing.T, *webtest.Env, *webtest.Client) (string, string) {
	return func(t *testing.T, e *webtest.Env, _ *webtest.Client) (string, string) {
		p := "/reports/" + periodID(t, e, demo.Programme57, "2026") + "/" + unit
		return p, p
	}
}

// targetsForm is xã Mê Linh's 2026 targets on Resolution 57.
func targetsForm(t *testing.T, e *webtest.Env, _ *webtest.Client) (string, string) {
	p := "/programmes/" + demo.Programme57 + "/targets"
	return p + "?period=" + periodID(t, e, demo.Programme57, "2026") + "&unit=" + demo.MeLinh, p
}
