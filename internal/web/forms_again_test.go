package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/locale"
	"khcn/internal/webtest"
)

// reshown checks that a form came back with its problems (422) and still
// posts to action, and returns what it would send.
func reshown(t *testing.T, r webtest.Response, action string) url.Values {
	t.Helper()
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("want the form again (422), got %d %s\n%s", r.Status, r.Location, excerpt(r.Body))
	}
	vals, ok := formValues(r.Body, action)
	if !ok {
		m := regexp.MustCompile(`<form method="post" action="([^"]*)"`).FindAllStringSubmatch(r.Body, -1)
		t.Fatalf("the form shown again does not post to %s (its forms post to %v)", action, m)
	}
	return vals
}

// Edit forms shown again after a problem post to their own edit route, so
// sending them again saves the record: the OCOP producer (whose edit never
// succeeded: the check wanted a unit the edit form does not offer), the
// product, and the evaluation after a conflict, which must not add a
// second evaluation.
func TestEditFormsShownAgainPostToTheirRoute(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		officer := e.Login("canbo.melinh")
		producer, product := registerProduct(t, e, officer, "Gạo nếp cái hoa vàng")

		t.Run("producer", func(t *testing.T) {
			action := "/ocop/producers/" + producer
			vals, ok := formValues(officer.Get(action+"/edit").Body, action)
			if !ok {
				t.Fatal("edit form does not post to " + action)
			}
			vals.Set("phone", "0243 888 999")
			if r := officer.PostForm(action, vals); r.Status != http.StatusSeeOther {
				t.Fatalf("editing a producer: %d\n%s", r.Status, excerpt(r.Body))
			}
			vals, _ = formValues(officer.Get(action+"/edit").Body, action)
			vals.Set("name", "")
			vals.Set("representative", "Nguyễn Thị Hoa")
			again := reshown(t, officer.PostForm(action, vals), action)
			if again.Get("representative") != "Nguyễn Thị Hoa" {
				t.Fatalf("typing lost: %v", again)
			}
			again.Set("name", "HTX Nông nghiệp Tráng Việt")
			if r := officer.PostForm(action, again); r.Status != http.StatusSeeOther || r.Location != action {
				t.Fatalf("sent again: %d %s\n%s", r.Status, r.Location, excerpt(r.Body))
			}
			p, err := e.Store.Read().Producer(context.Background(), producer)
			if err != nil || p.Name != "HTX Nông nghiệp Tráng Việt" || p.Representative != "Nguyễn Thị Hoa" || p.Phone != "0243 888 999" || p.UnitID != "hn-09022" {
				t.Fatalf("saved: %+v %v", p, err)
			}
		})

		t.Run("product", func(t *testing.T) {
			action := "/ocop/products/" + product
			vals, ok := formValues(officer.Get(action+"/edit").Body, action)
			if !ok {
				t.Fatal("edit form does not post to " + action)
			}
			vals.Set("name", "")
			vals.Set("description", "Gạo nếp cái hoa vàng đặc sản")
			again := reshown(t, postMultipart(officer, e, action, vals, nil), action)
			again.Set("name", "Gạo nếp cái hoa vàng Mê Linh")
			if r := postMultipart(officer, e, action, again, nil); r.Status != http.StatusSeeOther || r.Location != action {
				t.Fatalf("sent again: %d %s\n%s", r.Status, r.Location, excerpt(r.Body))
			}
			p, err := e.Store.Read().Product(context.Background(), product)
			if err != nil || p.Name != "Gạo nếp cái hoa vàng Mê Linh" || p.Description != "Gạo nếp cái hoa vàng đặc sản" {
				t.Fatalf("saved: %+v %v", p, err)
			}
		})

		t.Run("evaluation after a conflict", func(t *testing.T) {
			issue := locale.Today(e.App.Now()).AddMonths(-6)
			eval := url.Values{"year": {fmt.Sprint(issue.Year)}, "level": {"province"}, "score_a": {"30"}, "score_b": {"15"}, "score_c": {"20"},
				"total": {"65"}, "decision_no": {"12/QĐ-UBND"}, "decision_date": {locale.Date(issue.AddDays(-5))}, "cert_no": {"GCN-12"},
				"issue_date": {locale.Date(issue)}}
			if r := officer.PostForm("/ocop/products/"+product+"/evaluations", eval); r.Status != http.StatusSeeOther {
				t.Fatalf("evaluation: %d\n%s", r.Status, excerpt(r.Body))
			}
			evals := func() int {
				list, err := e.Store.Read().EvaluationsOf(context.Background(), product)
				if err != nil {
					t.Fatal(err)
				}
				return len(list)
			}
			m := regexp.MustCompile(`/ocop/evaluations/([0-9a-f-]{36})/edit`).FindStringSubmatch(officer.Get("/ocop/products/" + product).Body)
			if m == nil {
				t.Fatal("no edit link to the evaluation")
			}
			action := "/ocop/evaluations/" + m[1]
			mine, _ := formValues(officer.Get(action+"/edit").Body, action)
			theirs, _ := formValues(officer.Get(action+"/edit").Body, action)
			theirs.Set("cert_no", "GCN-12A")
			if r := officer.PostForm(action, theirs); r.Status != http.StatusSeeOther {
				t.Fatalf("first save: %d\n%s", r.Status, excerpt(r.Body))
			}
			mine.Set("decision_no", "13/QĐ-UBND")
			again := reshown(t, officer.PostForm(action, mine), action)
			if again.Get("decision_no") != "13/QĐ-UBND" {
				t.Fatalf("typing lost: %v", again)
			}
			// A second Save of the conflict page never adds an evaluation.
			if r := officer.PostForm(action, again); r.Status >= 500 || (r.Status == http.StatusSeeOther && r.Location != "/ocop/products/"+product) {
				t.Fatalf("sent again: %d %s", r.Status, r.Location)
			}
			if n := evals(); n != 1 {
				t.Fatalf("%d evaluations after saving the conflict page again, want 1", n)
			}
		})
	})
}

// On the edit routes of an IP title and an upgrade plan, a version of 0 or
// none is a conflict shown at the form, never a new record (the store reads
// version 0 as "insert": it answered 500, duplicate key).
func TestVersionZeroNeverInsertsOnAnEdit(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		officer := e.Login("canbo.melinh")
		_, product := registerProduct(t, e, officer, "Hoa ly Mê Linh")
		today := locale.Today(e.App.Now())
		plan := url.Values{"target_stars": {"4"}, "deadline": {locale.Date(today.AddMonths(10))}, "status": {"open"},
			"support": {"Bao bì"}, "action_0": {"Thiết kế bao bì"}, "due_0": {locale.Date(today.AddMonths(3))}}
		if r := officer.PostForm("/ocop/products/"+product+"/plans", plan); r.Status != http.StatusSeeOther {
			t.Fatalf("plan: %d\n%s", r.Status, excerpt(r.Body))
		}
		m := regexp.MustCompile(`/ocop/plans/([0-9a-f-]{36})/edit`).FindStringSubmatch(officer.Get("/ocop/products/" + product).Body)
		if m == nil {
			t.Fatal("no edit link to the plan")
		}
		ip := url.Values{"kind": {"collective"}, "name": {"Hoa ly Mê Linh"}, "owner": {"Hội Nông dân xã Mê Linh"}, "app_no": {"4-2025-30002"},
			"app_date": {"10/03/2025"}, "status": {"filed"}, "unit_id": {"hn-09022"}}
		ipID := idOf(t, officer.PostForm("/ocop/ip", ip))
		for _, c := range []struct{ action string }{{"/ocop/plans/" + m[1]}, {"/ocop/ip/" + ipID}} {
			vals, ok := formValues(officer.Get(c.action+"/edit").Body, c.action)
			if !ok {
				t.Fatal("edit form does not post to " + c.action)
			}
			vals.Set("support", "Bao bì và truy xuất nguồn gốc")
			vals.Set("owner", "Hợp tác xã hoa Mê Linh")
			for _, v := range []string{"0", ""} {
				vals.Set("version", v)
				if v == "" {
					vals.Del("version")
				}
				r := officer.PostForm(c.action, vals)
				if r.Status != http.StatusConflict && r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("POST %s with version %q: %d (want 409 or 422)\n%s", c.action, v, r.Status, excerpt(r.Body))
				}
				// Either the plain conflict or the merged form (merge.go) says so.
				if !strings.Contains(r.Body, "Người khác vừa lưu") && !strings.Contains(r.Body, "Người khác đã lưu bản ghi này") {
					t.Errorf("POST %s with version %q does not say someone changed it", c.action, v)
				}
			}
		}
		plans, err := e.Store.Read().PlansUnder(ctx, "/")
		if err != nil || len(plans[product]) != 1 || plans[product][0].Support != "Bao bì" {
			t.Fatalf("plans after the refused edits: %+v %v", plans[product], err)
		}
		titles, err := e.Store.Read().IPTitles(ctx, "/", "Hoa ly")
		if err != nil || len(titles) != 1 || titles[0].Owner != "Hội Nông dân xã Mê Linh" {
			t.Fatalf("titles after the refused edits: %+v %v", titles, err)
		}
	})
}
