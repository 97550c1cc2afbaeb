package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/webtest"
)

// The story's working session, in the browser: the Sở records the 19/7/2024
// meeting with the four districts and closes it, turning two conclusions
// into action items for Xã Mê Linh; the commune officer reports one done
// with evidence; the Sở sees the other one overdue.
func TestMeetingToActionItems(t *testing.T) {
	b := Start(t, webtest.Options{})
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, locale.Zone)
	b.Env.App.Now = func() time.Time { return now }

	b.Login("chuyenvien")
	b.Visit("/meetings")
	b.Click(`a[href="/meetings/new"]`)
	b.Fill("#f-title", "Buổi làm việc với UBND các huyện Mê Linh, Sóc Sơn, Gia Lâm và Đông Anh")
	b.Fill("#f-date", "19/07/2024")
	b.Fill("#f-chair", "Phó Giám đốc Sở Phạm Văn Đức")
	b.Fill("#f-purpose", "Hướng dẫn kế hoạch KH&CN năm 2025; kiểm tra Chương trình 07-CTr/TU 6 tháng đầu năm 2024.")
	b.Fill("#f-minutes", "Các huyện báo cáo kết quả 6 tháng đầu năm 2024 và nêu kiến nghị.")
	b.Submit("#f-title")
	b.MustSee("Buổi làm việc với UBND các huyện Mê Linh", "19/07/2024", "Phó Giám đốc Sở Phạm Văn Đức")

	// The units present are those of that day: the four districts.
	b.ClickStay(`details:has(form[action$="/units"]) > summary`)
	for _, code := range []string{"250", "016", "018", "017"} {
		b.ClickStay(`form[action$="/units"] input[value="hn-` + code + `"]`)
	}
	b.Submit(`form[action$="/units"] input[name="units"]`)
	b.MustSee("Huyện Mê Linh, Huyện Sóc Sơn", "Huyện Đông Anh", "Huyện Gia Lâm")

	for _, text := range []string{"Đẩy mạnh tuyên truyền Chương trình 07-CTr/TU tới cán bộ và nhân dân.",
		"Giải quyết ô nhiễm môi trường từ chất thải chăn nuôi và làng nghề."} {
		b.Fill("#f-text", text)
		b.Submit("#f-text")
	}
	b.MustSee("Đẩy mạnh tuyên truyền", "Giải quyết ô nhiễm")

	// Close: both conclusions go to Xã Mê Linh, which took over the
	// district's work; one is due later this year, one was due last year.
	first, second := `#close fieldset.pick:nth-of-type(1) `, `#close fieldset.pick:nth-of-type(2) `
	b.ClickStay(first + `input[name^="pick_"]`)
	b.ClickStay(first + `input[value="hn-09022"]`)
	b.Fill(first+`input[name^="due_"]`, "30/06/2026")
	b.ClickStay(second + `input[name^="pick_"]`)
	b.ClickStay(second + `input[value="hn-09022"]`)
	b.Fill(second+`input[name^="due_"]`, "31/12/2025")
	b.Submit(first + `input[name^="due_"]`)
	b.MustSee("Đã kết thúc buổi làm việc", "Đã kết thúc, đã giao việc", "Xã Mê Linh · 30/06/2026", "Xã Mê Linh · 31/12/2025")
	b.Logout()

	// The commune officer sees what the commune owes, and reports one item
	// done with the signed minutes of the publicity session as evidence.
	b.Login("canbo.melinh")
	b.Visit("/actions")
	b.MustSee("Việc đơn vị cần thực hiện", "Đẩy mạnh tuyên truyền", "Giải quyết ô nhiễm", "Quá hạn")
	// The list runs by due date: the overdue item first, then this one.
	b.Click(`#actions tbody tr:nth-of-type(2) a`)
	if h1 := b.Text("h1"); !strings.Contains(h1, "Đẩy mạnh tuyên truyền") {
		t.Fatalf("second item is %q", h1)
	}
	evidence := filepath.Join(t.TempDir(), "bien-ban-tuyen-truyen.pdf")
	if err := os.WriteFile(evidence, []byte("%PDF-1.4\n% biên bản tuyên truyền\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Run(chromedp.SetValue(chromedp.CSS("#progress #f-status"), "done"))
	b.Fill("#progress #f-note", "Đã tổ chức 12 buổi tuyên truyền tại các thôn, phát 2.000 tờ rơi.")
	b.Run(chromedp.SetUploadFiles(chromedp.CSS("#f-evidence"), []string{evidence}))
	b.Submit("#progress #f-note")
	b.MustSee("Đã gửi cập nhật tiến độ", "Đã hoàn thành", "bien-ban-tuyen-truyen.pdf", "phát 2.000 tờ rơi")
	b.Logout()

	// The Sở's list of what is overdue shows the other item, by unit and
	// source, and not the one reported done.
	b.Login("chuyenvien")
	b.Visit("/actions?status=overdue")
	b.MustSee("Giải quyết ô nhiễm", "Xã Mê Linh", "Quá hạn · trễ 69 ngày", "1\nviệc quá hạn")
	b.MustNotSee("Đẩy mạnh tuyên truyền")
	if !strings.Contains(b.Text("#actions tbody"), "Xã Mê Linh") {
		t.Fatal("overdue item not listed with its unit")
	}
}

// A commune raises a training recommendation (a date that does not exist is
// refused at the field, the text kept); the Sở routes and answers it; the
// commune sees the answer on the dated timeline and records the course
// that answers it, which the recommendation then links.
func TestRecommendationRaisedAnsweredAndMet(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	today := locale.Today(b.Env.App.Now())
	b.Login("canbo.socson")
	b.Visit("/recommendations")
	b.Click(`a[href="/recommendations/new"]`)
	b.Choose("#f-category_id", "training")
	b.Fill("#f-title", "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng")
	b.Fill("#f-description", "Đề nghị Sở mở lớp tập huấn cho 40 thành viên tổ công nghệ số cộng đồng của xã.")
	b.Fill("#f-desired_by", "31/02/2027")
	b.Submit("#f-title")
	b.MustSee("Vui lòng sửa các ô được đánh dấu")
	if v := b.Value("#f-description"); !strings.Contains(v, "40 thành viên") {
		t.Fatalf("description lost: %q", v)
	}
	b.Fill("#f-desired_by", "30/06/2027")
	b.Submit("#f-title")
	b.MustSee("Đã gửi kiến nghị tới Sở.", "Đã tiếp nhận", "Xã Sóc Sơn", "30/06/2027")
	path := b.Path()
	b.Logout()

	b.Login("chuyenvien")
	b.Visit(path)
	b.Choose("#f-division_id_assigned", "hn-skhcn-qlkh")
	b.Choose("#f-assignee_id_assigned", b.as("chuyenvien").User.ID)
	b.Fill("#f-answer_due_assigned", locale.Date(today.AddDays(10)))
	b.Submit("#f-answer_due_assigned")
	b.MustSee("Đã giao xử lý kiến nghị.", "Đã giao xử lý")
	b.Fill("#f-note_answered", "Sở sẽ phối hợp tổ chức lớp tập huấn tại xã trong quý II/2027.")
	b.Submit("#f-note_answered")
	b.MustSee("Đã gửi trả lời.", "Đã trả lời")
	b.Logout()

	b.Login("canbo.socson")
	b.Visit(path)
	b.MustSee("Đã tiếp nhận", "Đã giao xử lý", "Đã trả lời", "trong quý II/2027")
	b.Click(`a[href^="/trainings/new?recommendation="]`)
	b.MustSee("Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng")
	b.Choose("#f-status", "held")
	b.Fill("#f-date", locale.Date(today))
	b.Fill("#f-participants", "38")
	b.Submit("#f-participants")
	b.MustSee("38")
	b.Visit(path)
	b.MustSee("Tập huấn kỹ năng số")
	if !b.Has(`dl.facts a[href^="/trainings/01"]`) {
		t.Fatal("the recommendation does not link the course that answers it")
	}
}
