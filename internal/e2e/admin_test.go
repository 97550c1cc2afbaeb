package e2e

import (
	"strings"
	"testing"

	"khcn/internal/webtest"
)

// The Sở administrator creates an account (a bad field first: the form comes
// back with the input kept), the new officer logs in, and the administrator
// disables the account and finds it in the audit log.
func TestAdminManagesAccounts(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Login("admin")
	b.Click(`nav a[href="/admin/users"]`)
	b.ClickStay(`details.card summary`)
	b.Fill("#f-login", "canbo.phudong")
	b.Fill("#f-name", "Nguyễn Thị Phương")
	b.Fill("#f-email", "không phải email")
	b.Choose("#f-role", "unit_officer")
	b.Choose("#f-unit_id", "hn-00541")
	b.Fill("#f-password", "mat-khau-rat-dai-2026")
	b.Submit("#f-login")
	b.MustSee("Địa chỉ thư điện tử không hợp lệ")
	if got := b.Value("#f-name"); got != "Nguyễn Thị Phương" {
		t.Fatalf("name lost: %q", got)
	}
	if got := b.Value("#f-unit_id"); got != "hn-00541" {
		t.Fatalf("unit lost: %q", got)
	}
	b.Fill("#f-email", "phuong@phudong.hanoi.gov.vn")
	b.Fill("#f-password", "mat-khau-rat-dai-2026")
	b.Submit("#f-login")
	b.MustSee("Đã tạo tài khoản", "Nguyễn Thị Phương")
	b.Logout()

	b.Visit("/login")
	b.Fill("#f-login", "canbo.phudong")
	b.Fill("#f-password", "mat-khau-rat-dai-2026")
	b.Submit("#f-password")
	b.MustSee("Xin chào, Nguyễn Thị Phương", "Xã Phù Đổng")
	b.Logout()

	b.Login("admin")
	b.Visit("/admin/users")
	b.AcceptConfirms()
	b.Click(`tr:has(td[data-login="canbo.phudong"]) form[action$="/disable"] button`)
	b.MustSee("Đã khóa")
	b.Visit("/admin/audit?action=user.create")
	b.MustSee("canbo.phudong")
	b.Visit("/admin/audit?action=user.disable")
	b.MustSee("Khóa tài khoản") // the action's label, not its code
}

// A user edits their profile, switches the interface to English and back,
// and changes their password; a wrong current password is said at the field.
func TestProfileLanguageAndPassword(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Login("canbo.gialam")
	b.Click(`a.me`)
	b.Fill("#f-title", "Công chức Kinh tế - Hạ tầng")
	b.Choose("#f-lang", "en")
	b.Submit("#f-name")
	b.MustSee("Saved.", "My profile")
	if got := b.Value("#f-title"); got != "Công chức Kinh tế - Hạ tầng" {
		t.Fatalf("title not saved: %q", got)
	}
	b.Click(`a[lang="vi"]`)
	b.MustSee("Thông tin cá nhân")

	// The same user is also logged in elsewhere (another device).
	elsewhere := b.Env.Login("canbo.gialam")
	b.Fill("#f-current", "khong-dung-mat-khau")
	b.Fill("#f-password", "mat-khau-moi-2026")
	b.Fill("#f-password2", "mat-khau-moi-2026")
	b.Submit("#f-current")
	b.MustSee("Mật khẩu hiện tại không đúng")
	b.Fill("#f-current", "khcn-demo-2026")
	b.Fill("#f-password", "mat-khau-moi-2026")
	b.Fill("#f-password2", "mat-khau-moi-2026")
	b.Submit("#f-current")
	b.MustSee("Đã đổi mật khẩu")
	// The change ends the other session and keeps this one.
	if r := elsewhere.Get("/profile"); !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("the other device is still logged in: %d %s", r.Status, r.Location)
	}
	b.Visit("/profile")
	b.MustSee("Thông tin cá nhân")
}
