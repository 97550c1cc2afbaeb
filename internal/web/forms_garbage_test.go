package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

var (
	formRE  = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrRE  = regexp.MustCompile(`\b(method|action)="([^"]*)"`)
	fieldRE = regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"`)
	idSegRE = regexp.MustCompile(`/[0-9a-f]{8}-[0-9a-f-]{27}|/hn-[0-9a-z-]+`)
)

// postForm is a form a page offers: where it posts and its field names.
type postForm struct {
	action string
	fields []string
}

// formsOf lists the POST forms on the crawled pages, one per kind of action
// (IDs in the path do not make a new kind).
func formsOf(pages map[string]webtest.Response) []postForm {
	seen := map[string]bool{}
	var out []postForm
	for _, r := range pages {
		for _, m := range formRE.FindAllStringSubmatch(r.Body, -1) {
			attrs := map[string]string{}
			for _, a := range attrRE.FindAllStringSubmatch(m[1], -1) {
				attrs[a[1]] = html.UnescapeString(a[2])
			}
			action := attrs["action"]
			if !strings.EqualFold(attrs["method"], "post") || !strings.HasPrefix(action, "/") || action == "/logout" {
				continue
			}
			kind := idSegRE.ReplaceAllString(action, "/ID")
			if seen[kind] {
				continue
			}
			seen[kind] = true
			f := postForm{action: action}
			for _, n := range fieldRE.FindAllStringSubmatch(m[2], -1) {
				f.fields = append(f.fields, n[1])
			}
			out = append(out, f)
		}
	}
	return out
}

// Every form a user is offered, sent back empty, full of junk, or with
// absurdly long values, is answered with the form and its messages, a
// refusal or a redirect: never a server error.
func TestEveryFormSurvivesBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("posts to every form of the demo")
	}
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	junk := []func(name string) string{
		func(string) string { return "" },
		func(name string) string {
			if name == "version" {
				return "abc"
			}
			return `x'"<script>%_;-- N/A 1.2.3,4,5 31/02/2026`
		},
		func(string) string { return strings.Repeat("9", 40) + strings.Repeat("ầ", 3000) },
		// Not UTF-8 (Latin-1, a cut sequence): refused at the field, never stored.
		func(name string) string {
			if name == "version" {
				return "1"
			}
			return "Nguy\xean V\xe3n \xc3 d\xe1\xbb\xb1 \xe1n 2026"
		},
	}
	total := 0
	statuses := map[int]int{}
	// The admin comes last: its forms disable accounts.
	for _, login := range []string{"chuyenvien", "canbo.melinh", "lanhdao.melinh", "lanhdao.so", "chuyengia", "admin"} {
		c := e.Login(login)
		forms := formsOf(crawl(t, c, 250))
		for _, f := range forms {
			for _, value := range junk {
				form := map[string][]string{}
				for _, n := range f.fields {
					form[n] = append(form[n], value(n))
				}
				r := c.PostForm(f.action, form)
				statuses[r.Status]++
				if strings.HasPrefix(r.Location, "/login") {
					t.Errorf("POST %s as %s logged the user out", f.action, login)
				}
				if r.Status >= 500 {
					t.Errorf("POST %s as %s: %d\n%s", f.action, login, r.Status, excerpt(r.Body))
				}
				if r.Status == http.StatusUnprocessableEntity {
					checkErrorSummary(t, "POST "+f.action+" as "+login, r.Body)
				}
				total++
			}
		}
	}
	if bad, err := e.Store.InvalidText(t.Context()); err != nil || len(bad) > 0 {
		t.Errorf("text that is not UTF-8 was stored: %v %v", bad, err)
	}
	// Most answers must be the form again with its messages, or the test
	// is not reaching the checks.
	if total < 150 || statuses[422] < total/2 {
		t.Fatalf("%d posts, %d shown back with messages: the crawl found too few forms", total, statuses[422])
	}
	t.Logf("%d posts to the forms of 6 roles: %v", total, statuses)
}
