package e2e

import (
	"context"
	"testing"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/webtest"
)

// The token pages, the service accounts and the API's documentation fit
// a 390 px phone, with AA contrast, like every other page.
func TestAPIPagesFitAPhone(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Run(emulatePhone())
	ctx := context.Background()
	id, err := b.Env.App.CreateServiceAccount(ctx, app.System(), app.ServiceAccountInput{Login: "cong.tt", Name: "Cổng thông tin điện tử thành phố Hà Nội",
		Role: account.SoSpecialist, UnitID: "hn-skhcn", Purpose: "Công bố danh mục nhiệm vụ và tiến độ chương trình"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Env.App.CreateToken(ctx, app.System(), app.TokenInput{UserID: id, Name: "Cổng thông tin điện tử (đọc)"}); err != nil {
		t.Fatal(err)
	}
	b.Visit("/api/docs")
	checkPhonePage(t, b, "public /api/docs")
	b.Login("admin")
	for _, p := range []string{"/admin/service-accounts", "/admin/service-accounts/" + id, "/profile/tokens"} {
		b.Visit(p)
		checkPhonePage(t, b, "admin "+p)
	}
	// A token just made, its secret shown once.
	b.Fill(`#f-name`, "Tập lệnh tổng hợp số liệu hằng tháng")
	b.Click(`form[action="/profile/tokens"] button[type=submit]`)
	b.MustSee("Mã truy cập mới")
	checkPhonePage(t, b, "admin /profile/tokens (new token)")
}
