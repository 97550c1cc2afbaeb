package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

func foundationAnd(names ...string) []demo.Step {
	steps := webtest.Foundation()
	for _, st := range demo.Steps() {
		for _, n := range names {
			if st.Name == n {
				steps = append(steps, st)
			}
		}
	}
	return steps
}

// A specialist issues the call's summary from its page: a draft first, then
// its number; the administrator's settings form keeps what was typed when
// refused; a commune officer may do neither.
func TestIssueDocumentPages(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: foundationAnd("proposals")}, func(t *testing.T, e *webtest.Env) {
		so := e.Login("chuyenvien")
		body := so.Get("/calls").Body
		m := regexp.MustCompile(`/calls/([0-9a-z-]{8,})"`).FindAllStringSubmatch(body, -1)
		if len(m) == 0 {
			t.Fatalf("no call listed:\n%s", excerpt(body))
		}
		call := m[len(m)-1][1]
		mustContain(t, so.Get("/calls/"+call), 200, "/documents?kind=call.summary")
		page := "/documents?" + url.Values{"kind": {"call.summary"}, "subject": {call}, "back": {"/calls/" + call}}.Encode()
		mustContain(t, so.Get(page), 200, "Dự thảo", "Cấp số và phát hành")
		if r := e.Login("canbo.melinh").PostForm("/documents/issue", url.Values{"kind": {"call.summary"}, "subject": {call}}); r.Status != 403 {
			t.Errorf("a commune officer issued the Sở's summary: %d", r.Status)
		}
		if r := so.PostForm("/documents/issue", url.Values{"kind": {"call.summary"}, "subject": {call}, "back": {"/calls/" + call}}); r.Status != 303 {
			t.Fatalf("issue: %d\n%s", r.Status, excerpt(r.Body))
		}
		mustContain(t, so.Get(page), 200, "01/BC-SKHCN")
		for _, q := range []string{"kind=nonsense&subject=x", "kind=programme.report&subject=x", "kind=programme.report&subject=a/b/c",
			"kind=proposal&subject=", "kind=inspection.minutes&subject=%00", "kind=meeting.notice&subject=x", "kind=call.list&subject=x"} {
			if r := so.Get("/documents?" + q); r.Status >= 500 || r.Status == 200 {
				t.Errorf("%s: %d", q, r.Status)
			}
			if r := so.PostForm("/documents/issue", url.Values{"kind": {q}, "subject": {"x"}}); r.Status >= 500 || r.Status == 303 {
				t.Errorf("issue %s: %d", q, r.Status)
			}
		}
		if r := e.Client().Get(page); r.Status != 303 {
			t.Errorf("the public opens the summary's issue page: %d", r.Status)
		}

		admin := e.Login("admin")
		mustContain(t, admin.Get("/admin/documents"), 200, `name="symbol" type="text" value="SKHCN"`, "01/BC-SKHCN")
		if r := admin.Get("/admin/documents?unit=%00"); r.Status != 404 {
			t.Errorf("a NUL unit's settings: %d", r.Status)
		}
		if r := admin.Get("/admin/documents?unit=nope"); r.Status != 404 {
			t.Errorf("an unknown unit's settings: %d", r.Status)
		}
		if r := admin.PostForm("/admin/documents/nope", url.Values{"symbol": {"X"}}); r.Status != 404 {
			t.Errorf("saving an unknown unit's settings: %d", r.Status)
		}
		if r := so.Get("/admin/documents"); r.Status != 403 {
			t.Errorf("a specialist opens the settings: %d", r.Status)
		}
		bad := url.Values{"symbol": {"SKH/CN"}, "name": {"SỞ KHOA HỌC VÀ CÔNG NGHỆ"}, "title": {"PHÓ GIÁM ĐỐC"}, "signer": {"Phạm Văn Đức"}, "version": {"0"}}
		r := admin.PostForm("/admin/documents/hn-skhcn", bad)
		mustContain(t, r, 422, `value="SKH/CN"`, `value="Phạm Văn Đức"`, "Ký hiệu chỉ gồm")
		bad.Set("symbol", "SKHCN")
		if r := admin.PostForm("/admin/documents/hn-skhcn", bad); r.Status != 303 {
			t.Fatalf("save settings: %d\n%s", r.Status, excerpt(r.Body))
		}
		if r := admin.Get("/admin/audit?action=document.settings"); !strings.Contains(r.Body, "document.settings") && !strings.Contains(r.Body, "Phạm Văn Đức") {
			t.Errorf("the settings change is not in the audit log")
		}
	})
}

// Exported workbooks are named by their title with diacritics, with a plain
// ASCII name beside it for old clients (no "_" for each Vietnamese letter).
func TestExportFileNames(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	r := e.Login("chuyenvien").Get("/actions?format=xlsx")
	cd := r.Header.Get("Content-Disposition")
	if r.Status != 200 || !strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(cd, "%E1%BB") || strings.Contains(cd, "_") {
		t.Errorf("%d %s", r.Status, cd)
	}
	ascii := regexp.MustCompile(`filename="([^"]*)"`).FindStringSubmatch(cd)
	if len(ascii) < 2 || !strings.HasSuffix(ascii[1], ".xlsx") || strings.ContainsAny(ascii[1], "ệđ") {
		t.Errorf("ASCII fallback: %q", cd)
	}
}
