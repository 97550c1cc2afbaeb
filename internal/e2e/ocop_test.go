package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khcn/internal/locale"
	"khcn/internal/webtest"
)

// A commune officer registers a product, records its 3★ evaluation and sets
// an upgrade plan to 4★; the leader confirms it; the Sở verifies the rating
// and sees the product on the expiring and upgrade lists, and hands the
// plan's step to the commune as an action item; the public catalogue then
// shows the product.
func TestOcopProductFlow(t *testing.T) {
	b := Start(t, webtest.Options{})
	today := locale.Today(b.Env.App.Now())
	issue := today.AddMonths(-33) // the certificate expires in three months

	b.Login("canbo.melinh")
	b.Click(`nav a[href="/ocop"]`)
	b.MustSee("Sản phẩm OCOP và sở hữu trí tuệ", "Tổng quan")

	// The producer.
	b.Visit("/ocop/producers/new")
	b.Fill("#f-name", "HTX Nông nghiệp Chu Phan")
	b.Choose("#f-kind", "cooperative")
	b.Fill("#f-reg_no", "0109887766")
	b.Fill("#f-address", "Thôn Yên Điềm, xã Mê Linh")
	b.Submit("#f-name")
	b.MustSee("HTX Nông nghiệp Chu Phan", "Hợp tác xã", "Xã Mê Linh")

	// The product, from the producer's page.
	b.Click(`a[href^="/ocop/products/new?producer="]`)
	b.Fill("#f-name", "Mật ong hoa nhãn Chu Phan")
	b.Choose("#f-group", "1")
	b.Choose("#f-subgroup", "1.2")
	b.Fill("#f-description", "Mật ong nguyên chất từ vườn nhãn ven sông Hồng.")
	b.Submit("#f-name")
	b.MustSee("Mật ong hoa nhãn Chu Phan", "Đang soạn", "Chưa xếp hạng")
	productPath := b.Path()
	b.Click(`button[value="propose"]`)
	b.MustSee("Đã gửi lãnh đạo xác nhận", "Chờ lãnh đạo xác nhận")

	// The 3★ evaluation: a total that does not add up is refused at the field
	// and nothing typed is lost.
	b.Click(`a[href$="/evaluations/new"]`)
	b.Fill("#f-year", fmt.Sprint(issue.Year))
	b.Choose("#f-level", "province")
	b.Fill("#f-score_a", "28")
	b.Fill("#f-score_b", "16,5")
	b.Fill("#f-score_c", "20")
	b.Fill("#f-total", "65")
	b.Fill("#f-decision_no", "2145/QĐ-UBND")
	b.Fill("#f-decision_date", locale.Date(issue.AddDays(-6)))
	b.Fill("#f-cert_no", "OCOP-HN-0421")
	b.Fill("#f-issue_date", locale.Date(issue))
	b.Submit("#f-total")
	b.MustSee("Tổng điểm phải bằng A + B + C = 64,5")
	if got := b.Value("#f-cert_no"); got != "OCOP-HN-0421" {
		t.Fatalf("typed certificate number lost: %q", got)
	}
	b.Fill("#f-total", "64,5")
	b.Submit("#f-total")
	b.MustSee("Đã lưu kết quả đánh giá", "64,5", "3 sao", "OCOP-HN-0421", "Chờ Sở xác minh", locale.Date(issue.AddMonths(36)))

	// The upgrade plan to 4★.
	b.Click(`a[href$="/plans/new"]`)
	b.Choose("#f-target_stars", "4")
	b.Fill("#f-deadline", locale.Date(today.AddMonths(9)))
	b.Fill("#f-support", "Hỗ trợ bao bì và truy xuất nguồn gốc")
	b.Fill("#f-action_0", "Công bố tiêu chuẩn cơ sở")
	b.Fill("#f-due_0", locale.Date(today.AddMonths(2)))
	b.Submit("#f-support")
	b.MustSee("Kế hoạch nâng hạng", "Hỗ trợ bao bì và truy xuất nguồn gốc", "Công bố tiêu chuẩn cơ sở")
	b.Logout()

	// The commune's leader confirms.
	b.Login("lanhdao.melinh")
	b.MustSee("sản phẩm chờ bạn xác nhận")
	b.Visit(productPath)
	b.Click(`button[value="confirm"]`)
	b.MustSee("Đã xác nhận sản phẩm")
	b.Logout()

	// The Sở verifies the rating and finds the product on its lists.
	b.Login("chuyenvien")
	b.MustSee("kết quả đánh giá, văn bằng chờ xác minh")
	b.Visit("/ocop/pending")
	b.MustSee("Mật ong hoa nhãn Chu Phan", "OCOP-HN-0421")
	b.Click(`form[action$="/verify"] button`)
	b.MustSee("Đã xác minh")
	b.Click(`.subnav a[href="/ocop/expiring"]`)
	b.MustSee("Giấy chứng nhận OCOP sắp hết hạn", "Mật ong hoa nhãn Chu Phan", locale.Date(issue.AddMonths(36)))
	b.Click(`.subnav a[href="/ocop/upgrades"]`)
	b.MustSee("Sản phẩm có kế hoạch nâng hạng", "Mật ong hoa nhãn Chu Phan", "Hỗ trợ bao bì và truy xuất nguồn gốc")

	// The Sở hands the plan's step to the commune as an action item; the
	// plan shows the item's state and the item links back to the plan.
	b.Visit(productPath)
	b.Click(`form[action$="/action"] button`)
	b.MustSee("Đã giao bước kế hoạch cho xã", "Đã giao thành việc được giao", "Chưa thực hiện")
	b.Click(`.handed a[href^="/actions/"]`)
	b.MustSee("Công bố tiêu chuẩn cơ sở", "Xã Mê Linh", locale.Date(today.AddMonths(2)), "Kế hoạch nâng hạng OCOP: “Mật ong hoa nhãn Chu Phan” lên 4 sao")
	b.Click(`a[href*="#plan-"]`)
	b.MustSee("Mật ong hoa nhãn Chu Phan", "Công bố tiêu chuẩn cơ sở")
	b.Visit("/ocop")
	if !b.Has("svg.chart") {
		t.Fatal("dashboard without charts")
	}
	b.Logout()

	// The public catalogue, searched without diacritics.
	b.Visit("/san-pham")
	b.Fill("#f-q", "mat ong hoa nhan")
	b.Submit("#f-q")
	b.MustSee("Mật ong hoa nhãn Chu Phan", "HTX Nông nghiệp Chu Phan", "Xã Mê Linh", "OCOP-HN-0421")
	b.Click(`a[href^="/san-pham/"]`)
	b.MustSee("Mật ong hoa nhãn Chu Phan", "3 sao", "Mật ong nguyên chất")
}

// The Sở's leader moves the 4★ band when the criteria change: a band below
// the one under it is refused at the field, the typed scores stay, and the
// corrected scale is saved and shown as in force.
func TestOcopBands(t *testing.T) {
	b := Start(t, webtest.Options{})
	b.Login("lanhdao.so")
	b.Visit("/ocop")
	b.Click(`a[href="/ocop/bands"]`)
	b.MustSee("Thang điểm xếp hạng sao OCOP", "Đang áp dụng", "Điểm tối thiểu đạt 4 sao")
	b.Fill(`#f-min4`, "45")
	b.Submit(`#f-min4`)
	b.MustSee("Phải cao hơn điểm tối thiểu của hạng 3 sao")
	if v := b.Value(`#f-min4`); v != "45" {
		t.Fatalf("typed score lost: %q", v)
	}
	b.Fill(`#f-min4`, "72,5")
	b.Submit(`#f-min4`)
	b.MustSee("Đã lưu", "72,5")
	b.MustNotSee("Phải cao hơn")
}

// A commune officer imports products from a spreadsheet: a file with one
// bad row is refused whole, the problems listed by row and column; the
// corrected file imports every row, and the products are listed.
// An import answers with its progress page, which refreshes itself until
// the job ends.
func TestOcopImport(t *testing.T) {
	b := Start(t, webtest.Options{})
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	header := "Mã sản phẩm,Tên sản phẩm,Nhóm,Phân nhóm,Chủ thể,Loại chủ thể,Số ĐKKD,Xã/phường\n"
	good := header + "ML-11,Rau cải an toàn Tráng Việt,Thực phẩm,1.1,HTX Rau Tráng Việt,HTX,0109111333,Xã Mê Linh\n"
	bad := good + "ML-12,Hoa ly Mê Linh,Sinh vật cảnh,Hoa,HTX Hoa ly,HTX,0109111444,Xã Sóc Sơn\n"

	b.Login("canbo.melinh")
	b.Visit("/ocop")
	b.Click(`a[href="/ocop/import"]`)
	b.Choose("#f-kind", "products")
	b.Run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{write("san-pham-loi.csv", bad)}))
	b.Submit("#f-file")
	waitImport(b)
	b.MustSee("không có dữ liệu nào được ghi", "Xã/phường", "không thuộc phạm vi")
	b.Visit("/ocop/products")
	b.MustNotSee("Rau cải an toàn Tráng Việt")

	b.Visit("/ocop/import")
	b.Choose("#f-kind", "products")
	b.Run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{write("san-pham.csv", good)}))
	b.Submit("#f-file")
	waitImport(b)
	b.MustSee("Đã nhập xong 1 dòng")
	b.Visit("/ocop/products?q=trang+viet")
	b.MustSee("Rau cải an toàn Tráng Việt")
}

// waitImport stays on an import's progress page until the job has ended.
func waitImport(b *Browser) {
	b.t.Helper()
	for range 100 {
		if !strings.Contains(b.pageText(), "Trang tự cập nhật mỗi giây.") {
			return
		}
		time.Sleep(200 * time.Millisecond)
		b.Visit(b.Path())
	}
	b.t.Fatal("the import never finished")
}
