package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/webtest"
)

// The audit log reads as labels and names: "Sửa thông tin cá nhân" by
// "Nguyễn Thị Thu Hà (chuyenvien)" on "Tài khoản: Nguyễn Thị Thu Hà", not
// "user.profile" on "user 01a23c57-…"; the codes stay in the links.
func TestAuditLogShowsLabelsAndNames(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	so := e.Login("chuyenvien")
	if r := so.PostForm("/profile", url.Values{"name": {"Nguyễn Thị Thu Hà"}, "title": {"Chuyên viên chính"}, "lang": {"vi"}, "digest": {"immediate"}, "version": {"1"}}); r.Status != 303 {
		t.Fatalf("profile: %d\n%s", r.Status, excerpt(r.Body))
	}
	body := e.Login("admin").Get("/admin/audit").Body
	for _, want := range []string{">Sửa thông tin cá nhân</a>", "Nguyễn Thị Thu Hà (chuyenvien)", ">Tài khoản: Nguyễn Thị Thu Hà</a>", ">Đăng nhập</a>"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
	// No raw code or ID is shown as text (they stay in links and titles).
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body[strings.Index(body, "<tbody>"):], " ")
	if strings.Contains(text, "user.profile") || strings.Contains(text, "session.login") || regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`).MatchString(text) {
		t.Errorf("raw codes or IDs shown: %.800s", text)
	}
}
