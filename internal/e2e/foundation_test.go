package e2e

import (
	"github.com/chromedp/chromedp"

	"testing"

	"khcn/internal/webtest"
)

// A commune officer logs in, browses the org tree as of a date before the
// reorganisation, opens their own unit, is refused another commune, and logs out.
func TestLoginBrowseTreeLogout(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Visit("/")
	b.MustSee("Đăng nhập")

	// A wrong password keeps the login name and says why at the field.
	b.Visit("/login")
	b.Fill("#f-login", "canbo.melinh")
	b.Fill("#f-password", "sai-mat-khau")
	b.Submit("#f-password")
	b.MustSee("Tên đăng nhập hoặc mật khẩu không đúng")
	if got := b.Value("#f-login"); got != "canbo.melinh" {
		t.Fatalf("login name lost: %q", got)
	}

	b.Login("canbo.melinh")
	b.MustSee("Xin chào, Lê Văn Hùng", "Xã Mê Linh")

	b.Click(`footer a[href="/orgunits"]`)
	b.MustSee("Cơ cấu tại ngày", "Hà Nội")
	b.Fill("#f-date", "19/07/2024")
	b.Submit("#f-date")
	b.MustSee("Cơ cấu tại ngày 19/07/2024", "Huyện Mê Linh", "Huyện Sóc Sơn", "Huyện Gia Lâm", "Huyện Đông Anh")

	b.Fill("#f-date", "")
	b.Fill("#f-q", "me linh")
	b.Submit("#f-q")
	b.MustSee("Xã Mê Linh")
	b.Click(`a[href="/orgunits/hn-09022"]`)
	b.MustSee("Xã Mê Linh", "01/07/2025", "Hình thành từ", "Xã Tráng Việt")

	b.Visit("/orgunits/hn-00376")
	b.MustSee("403", "Bạn không có quyền")

	b.Logout()
	b.MustSee("Bạn đã đăng xuất")
	b.Visit("/profile")
	if p := b.Path(); p != "/login?next=%2Fprofile" {
		t.Fatalf("after logout /profile went to %s", p)
	}
}

// The layout works on a phone: the menu button opens the navigation.
func TestPhoneMenu(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Login("chuyenvien")
	b.Run(emulatePhone())
	b.Visit("/")
	navShown := func() string {
		return get(b, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("nav")).display`))
	}
	if d := navShown(); d != "none" {
		t.Fatalf("menu open before the button: display %s", d)
	}
	b.ClickStay(".menu-toggle")
	if d := navShown(); d == "none" {
		t.Fatal("menu button does not open the menu")
	}
	b.MustSee("Nhiệm vụ KH&CN", "Sản phẩm OCOP")
}
