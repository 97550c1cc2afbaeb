package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/webtest"
)

// startProgrammes starts a server with the programme demo, on 26/11/2026
// (the 2026 period of the Resolution 57 programme is open until 18/12).
func startProgrammes(t *testing.T) *Browser {
	b := Start(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, locale.Zone)
	b.Env.App.Now = func() time.Time { return now }
	return b
}

// A commune officer enters the 2026 report (a typed "N/A" is refused at
// the field and kept), sends it to the leader, who approves it to the Sở;
// the Sở sees it on the completeness page and returns it with a reason.
func TestReportApprovalFlow(t *testing.T) {
	b := startProgrammes(t)
	b.Login("canbo.melinh")
	b.MustSee("báo cáo cần lập")
	b.Click(`a[href="/reports"]`)
	b.MustSee("Báo cáo cần thực hiện", "NQ57-HN", "Năm 2026")
	b.Click(`a.button[href^="/reports/"]`)
	b.MustSee("Báo cáo: Xã Mê Linh", "Đang nhập", "I. Công tác lãnh đạo, chỉ đạo", "Chỉ tiêu “Số người dân được hướng dẫn kỹ năng số” chưa có số liệu")

	b.Fill(`#f-v\.C_SKILLS`, "N/A")
	b.Fill(`#f-v\.C_SKILLS\.c`, "Theo số liệu của tổ công nghệ số")
	b.Submit(`#f-v\.C_SKILLS`)
	b.MustSee("“N/A” không phải là số", "Vui lòng sửa các ô được đánh dấu")
	if v := b.Value(`#f-v\.C_SKILLS`); v != "N/A" {
		t.Fatalf("typed value lost: %q", v)
	}
	if v := b.Value(`#f-v\.C_SKILLS\.c`); v != "Theo số liệu của tổ công nghệ số" {
		t.Fatalf("comment lost: %q", v)
	}
	b.Fill(`#f-v\.C_SKILLS`, "1.250")
	b.MustSee("mỗi dòng trở thành một kiến nghị")
	b.Fill(`#f-section5`, "Đề nghị Sở:\n- Tổ chức tập huấn chuyển đổi số cho cán bộ xã.\n- Hỗ trợ xử lý nước thải làng nghề.")
	b.Submit(`#f-v\.C_SKILLS`)
	b.MustSee("Đã lưu báo cáo")
	b.MustNotSee("chưa có số liệu")
	b.Click(`form[action$="/step"] button[type=submit]`)
	b.MustSee("Đã trình lãnh đạo đơn vị duyệt", "Chờ lãnh đạo đơn vị duyệt", "báo cáo đang chờ lãnh đạo đơn vị duyệt")
	path := b.Path()
	b.Logout()

	b.Login("lanhdao.melinh")
	b.MustSee("báo cáo chờ duyệt")
	b.Visit(path)
	b.Click(`form[action$="/step"] input[value="approve"] ~ button`)
	b.MustSee("Đã duyệt và gửi báo cáo lên Sở", "Đã gửi Sở", "Chỉ cấp trên (Sở) mới mở lại được")
	b.MustSee("Kiến nghị đã gửi Sở từ mục V (2)", "Hỗ trợ xử lý nước thải làng nghề.")
	b.Logout()

	b.Login("chuyenvien")
	b.Visit("/programmes/" + demo.Programme57)
	b.Click(`a[href$="/completeness"]`)
	b.MustSee("Tình hình gửi báo cáo: Năm 2026", "đơn vị phải báo cáo", "Xã Mê Linh")
	b.Visit(path)
	b.Click(`a[href^="/recommendations/"]`)
	b.MustSee("Xã Mê Linh", "Báo cáo Năm 2026 của")
	b.Visit(path)
	b.Fill(`#f-reason`, "Đề nghị bổ sung minh chứng số người được hướng dẫn.")
	b.Submit(`#f-reason`)
	b.MustSee("Đã trả lại báo cáo kèm lý do", "Bị trả lại", "Đề nghị bổ sung minh chứng")
}

// The Sở follows a programme from the city to a unit to its report: the
// 2025 year joins the districts' first half to the communes' second half,
// and today's communes carry the former districts' history, marked "≈".
func TestDashboardDrillDown(t *testing.T) {
	b := startProgrammes(t)
	b.Login("chuyenvien")
	b.Visit("/programmes/" + demo.Programme07 + "/dashboard?view=year-2025")
	b.MustSee("Bảng theo dõi tiến độ: 07-CTr/TU", "Năm 2025 (gộp 2 kỳ 6 tháng)", "huyện, quận, thị xã báo cáo 6 tháng đầu năm",
		"Bảng đơn vị × chỉ tiêu", "Xếp hạng đơn vị", "Chậm tiến độ", "61,8% từ mức cơ sở 54,5")
	if !b.Has("svg.chart") {
		t.Fatal("no chart")
	}
	b.ClickStay(`input[name=mode][value=today]`)
	b.Submit(`input[name=mode][value=today]`)
	b.MustSee("Đơn vị hiện nay", "≈", "Số ước tính")
	b.MustNotSee("Huyện Mê Linh")
	b.Click(`table.matrix a[href$="/units/` + demo.MeLinh + `"]`)
	b.MustSee("Xã Mê Linh", "Số liệu qua các kỳ", "6 tháng đầu năm 2024", "Huyện Mê Linh", "đơn vị cũ",
		"Số liệu quy đổi từ:", "từ Huyện Mê Linh, phần ước theo số xã cũ: 2,42/17 (= 29/204)", "chia theo số xã cũ", "(triệu đồng)")
	b.Click(`a[href$="/hn-250"]`)
	b.MustSee("Báo cáo: Huyện Mê Linh", "đã giải thể/sáp nhập", "Phần thuyết minh")
	b.MustSee("Theo sổ của hệ thống (số lượt người dự tập huấn)", "Theo sổ của hệ thống (số sản phẩm được chứng nhận OCOP từ 3 sao)")
	b.Click(`p.registry a[href^="/trainings?kind=training"]`)
	b.MustSee("Đang lọc theo Huyện Mê Linh")
	b.MustNotSee("Huyện Sóc Sơn")
	b.Visit("/programmes/" + demo.Programme07 + "/dashboard")
	b.Click(`table.matrix thead a`)
	b.MustSee("Xu hướng qua các kỳ", "Tổng hợp theo đơn vị", "Bảng số liệu của biểu đồ")
}

// The Sở records an inspection with findings by area and a conclusion that
// becomes a follow-up item for the unit.
func TestInspectionRecord(t *testing.T) {
	b := startProgrammes(t)
	b.Login("chuyenvien")
	b.Visit("/inspections")
	b.Click(`a[href="/inspections/new"]`)
	b.Choose(`#f-programme_id`, demo.Programme07)
	b.Choose(`#f-unit_id`, "hn-250")
	b.Fill(`#f-date`, "19/07/2024")
	b.Fill(`#f-team`, "Phạm Văn Đức - Phó Giám đốc Sở")
	b.Fill(`#f-lead`, "Phạm Văn Đức")
	b.Fill(`#f-finding\.0\.area`, "Nông nghiệp ứng dụng công nghệ cao")
	b.Fill(`#f-finding\.0\.text`, "Đã mở rộng diện tích nhà màng, nhà lưới.")
	b.Fill(`#f-conclusion\.0\.text`, "Xây dựng nhãn hiệu cho sản phẩm chủ lực.")
	b.Fill(`#f-conclusion\.0\.due`, "31/12/2024")
	b.Submit(`#f-team`)
	b.MustSee("Cuộc kiểm tra: Huyện Mê Linh · 19/07/2024", "Đã mở rộng diện tích nhà màng", "Xây dựng nhãn hiệu", "Quá hạn")
	b.Visit("/conclusions")
	b.MustSee("Xây dựng nhãn hiệu cho sản phẩm chủ lực.", "Huyện Mê Linh", "31/12/2024")
}

// The Sở ties an indicator to a registry; a registry that cannot count
// what the indicator measures is refused at the field, keeping the choice.
func TestIndicatorRegistryChoice(t *testing.T) {
	b := startProgrammes(t)
	b.Login("chuyenvien")
	b.Visit("/programmes/" + demo.Programme07)
	b.Click(`a[href*="/indicators/"][href$="/edit"]`)
	b.MustSee("Đối chiếu với sổ đăng ký")
	b.Choose(`#f-registry`, "training.events")
	b.Submit(`#f-registry`)
	b.MustSee("Chỉ chỉ tiêu kiểu số (không tính theo công thức) mới đối chiếu được với sổ đăng ký")
	if v := b.Value(`#f-registry`); v != "training.events" {
		t.Fatalf("the choice was lost: %q", v)
	}
	b.Choose(`#f-value_type`, "number")
	b.Choose(`#f-aggregation`, "sum")
	b.Submit(`#f-registry`)
	b.MustSee("Đã lưu")
	b.MustNotSee("Chỉ chỉ tiêu kiểu số")
	// The soft check against the previous period is the indicator's own:
	// 3 by default, more than 1.
	b.Click(`a[href*="/indicators/"][href$="/edit"]`)
	if v := b.Value(`#f-change_ratio`); v != "3" {
		t.Fatalf("default ratio shown as %q", v)
	}
	b.Fill(`#f-change_ratio`, "1")
	b.Submit(`#f-change_ratio`)
	b.MustSee("Nhập số lần lớn hơn 1")
	b.Fill(`#f-change_ratio`, "2,5")
	b.Submit(`#f-change_ratio`)
	b.MustSee("Đã lưu")
	b.Click(`a[href*="/indicators/"][href$="/edit"]`)
	if v := b.Value(`#f-change_ratio`); v != "2,5" {
		t.Fatalf("ratio saved as %q", v)
	}
}

// A commune officer fills the downloaded report template in Excel and
// uploads it: a value that is not a number comes back as a problem by sheet,
// row and column with nothing saved; the corrected file fills the report.
func TestReportExcelUpload(t *testing.T) {
	b := startProgrammes(t)
	b.Login("canbo.melinh")
	b.Visit("/reports")
	b.Click(`a.button[href^="/reports/"]`)
	path := b.Path()
	b.MustSee("Tải mẫu Excel")

	// The officer's Excel: the template as the page serves it, filled in.
	tpl := b.Env.Login("canbo.melinh").Get(path + "/template.xlsx")
	f, err := excelize.OpenReader(strings.NewReader(tpl.Body))
	if err != nil {
		t.Fatalf("template: %d %v", tpl.Status, err)
	}
	rows, _ := f.GetRows("Báo cáo")
	cell := ""
	for i, r := range rows {
		if len(r) > 1 && r[1] == "C_SKILLS" {
			cell = "H" + strconv.Itoa(i+1)
		}
	}
	upload := func(value any) {
		t.Helper()
		f.SetCellValue("Báo cáo", cell, value)
		file := filepath.Join(t.TempDir(), "bao-cao-me-linh.xlsx")
		if err := f.SaveAs(file); err != nil {
			t.Fatal(err)
		}
		b.Run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
		b.Submit("#f-file")
	}
	upload("khoảng 1000")
	b.MustSee("Tệp tải lên có 1 lỗi", "“khoảng 1000” không phải là số")
	if v := b.Value(`#f-v\.C_SKILLS`); v != "" {
		t.Fatalf("a refused file saved %q", v)
	}
	upload(1250)
	b.MustSee("Đã nhập số liệu từ tệp Excel.")
	b.MustNotSee("Tệp tải lên có")
	if v := b.Value(`#f-v\.C_SKILLS`); v != "1.250" {
		t.Fatalf("uploaded value: %q", v)
	}
}
