package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

// move presses the button of one workflow event on a proposal's page.
func (b *Browser) move(event string) {
	b.t.Helper()
	b.AcceptConfirms()
	b.Click(`form.move:has(input[name=event][value=` + event + `]) button[type=submit]`)
}

// waitFor polls the text of sel until it contains want.
func (b *Browser) waitFor(sel, want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(b.Text(sel), want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("%s never showed %q; it shows %q", sel, want, b.Text(sel))
}

// The whole path of a proposal: the Sở opens a call; an officer drafts with
// a bad field, fixes it and sees similar earlier tasks while typing; the
// leader sends it; the Sở asks for more with a comment on a field; the
// officer revises; the Sở screens, the council recommends and the leader of
// the Sở approves and publishes; the public page shows the task.
func TestProposalFullPath(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})

	// The Sở opens a call for xã Mê Linh.
	b.Login("chuyenvien")
	b.Visit("/calls/new")
	b.Fill("#f-title", "Đặt hàng nhiệm vụ KH&CN bổ sung năm 2027")
	b.Fill("#f-areas", "Môi trường, xử lý chất thải chăn nuôi\nNông nghiệp công nghệ cao")
	b.ClickStay(`input[name=unit_scope][value=pick]`)
	b.ClickStay(`details summary`)
	b.ClickStay(`input[name=units][value="` + demo.MeLinh + `"]`)
	b.Submit("#f-title")
	b.MustSee("Đặt hàng nhiệm vụ KH&CN bổ sung năm 2027", "Chưa mở")
	b.AcceptConfirms()
	b.Click(`form[action$="/open"] button`)
	b.MustSee("Đã mở đợt và thông báo tới các đơn vị", "Đang nhận đề xuất")
	callPath := b.Path()
	b.Logout()

	// The officer is told and drafts, first with a bad amount.
	b.Login("canbo.melinh")
	b.Visit("/notifications")
	b.MustSee("Đặt hàng nhiệm vụ KH&CN bổ sung năm 2027")
	b.Visit(callPath)
	b.Click(`a[href$="/proposals/new"]`)
	b.Fill("#f-title", "Xử lý chất thải chăn nuôi lợn bằng chế phẩm sinh học")
	b.waitFor("#similar-list", "Nghiên cứu ứng dụng chế phẩm vi sinh xử lý chất thải chăn nuôi lợn")
	b.Fill("#f-proposer", "UBND xã Mê Linh, thành phố Hà Nội")
	b.Fill("#f-urgency", "Ô nhiễm từ các trang trại chăn nuôi lợn")
	b.Fill("#f-objectives", "Giảm ô nhiễm môi trường; sản xuất phân bón hữu cơ")
	b.Fill("#f-content", "Khảo sát, xây dựng mô hình, tập huấn")
	b.Fill("#f-products", "Mô hình xử lý 20 tấn chất thải mỗi ngày")
	b.Fill("#f-application", "Các trang trại và hợp tác xã của xã")
	b.Fill("#f-duration_months", "18")
	b.Fill("#f-state_budget", "1,5 tỷ")
	b.Fill("#f-other_budget", "300.000.000")
	b.ClickStay(`input[name=areas]`)
	b.Click(`#proposal-form button[type=submit]`)
	b.MustSee("Vui lòng sửa các ô được đánh dấu", "Nhập số tiền bằng đồng")
	if got := b.Value("#f-title"); got != "Xử lý chất thải chăn nuôi lợn bằng chế phẩm sinh học" {
		t.Fatalf("title lost: %q", got)
	}
	if got := b.Value("#f-state_budget"); got != "1,5 tỷ" {
		t.Fatalf("bad amount not kept: %q", got)
	}
	b.Fill("#f-state_budget", "1.500.000.000")
	b.Click(`#proposal-form button[type=submit]`)
	b.MustSee("bản nháp") // created now, or already by an autosave while typing

	// Typing saves by itself; a reload shows the saved text.
	get(b, chromedp.Evaluate[bool](`(function(){ document.querySelector(".autosave").textContent = ""; return true })()`))
	b.Fill("#f-objectives", "Giảm ô nhiễm môi trường; sản xuất 500 tấn phân bón hữu cơ mỗi năm")
	b.waitFor(".autosave", "Đã tự động lưu")
	b.Visit(b.Path())
	if got := b.Value("#f-objectives"); !strings.Contains(got, "500 tấn") {
		t.Fatalf("autosave lost: %q", got)
	}
	b.Click(`a[href^="/proposals/"].secondary`)
	proposalPath := b.Path()
	b.move("request_approval")
	b.MustSee("Đã trình lãnh đạo đơn vị duyệt", "Chờ lãnh đạo đơn vị duyệt")
	b.Logout()

	// The leader approves and sends it to the Sở.
	b.Login("lanhdao.melinh")
	b.Visit(proposalPath)
	b.move("leader_approve")
	b.MustSee("Đã duyệt và gửi đề xuất tới Sở", "Đã gửi Sở")
	b.Logout()

	// The Sở takes it in and asks for more, with a comment on the budget.
	b.Login("chuyenvien")
	b.Visit(proposalPath)
	b.move("receive")
	b.MustSee("Đang xem xét hồ sơ")
	b.ClickStay(`details.move summary`)
	b.Fill(`textarea[name="comment.state_budget"]`, "Đề nghị tách kinh phí thiết bị và kinh phí tập huấn.")
	b.Click(`details.move form button[type=submit]`)
	b.MustSee("Đã gửi yêu cầu bổ sung tới đơn vị", "Yêu cầu bổ sung")
	b.Logout()

	// The officer sees the comment at the field, revises and asks again.
	b.Login("canbo.melinh")
	b.Visit(proposalPath)
	b.MustSee("Yêu cầu bổ sung", "Đề nghị tách kinh phí thiết bị và kinh phí tập huấn.")
	b.MustNotSee("Đang xem xét hồ sơ")
	b.Click(`a[href$="/edit"]`)
	b.MustSee("Ý kiến của Sở:", "Đề nghị tách kinh phí thiết bị")
	b.Fill("#f-state_budget", "1.200.000.000")
	b.Click(`#proposal-form button[type=submit]`)
	b.MustSee("Đã lưu bản nháp")
	b.Visit(proposalPath)
	b.move("request_approval")
	b.Logout()
	b.Login("lanhdao.melinh")
	b.Visit(proposalPath)
	b.move("leader_approve")
	b.MustSee("Đã gửi Sở")
	b.Click(`a[href$="/versions"]`)
	b.MustSee("Phiên bản 2", "1.500.000.000", "1.200.000.000")
	b.Logout()

	// The Sở screens, sends it to the council in a batch, records the outcome.
	b.Login("chuyenvien")
	b.Visit(proposalPath)
	b.move("receive")
	b.Visit(callPath + "/proposals")
	b.MustSee("Xử lý chất thải chăn nuôi lợn bằng chế phẩm sinh học")
	b.ClickStay(`input[name=ids]`)
	b.Run(chromedp.SetValue(chromedp.CSS(`#b-event`), "send_council"))
	b.Click(`button[formaction$="/pending"]`)
	b.MustSee("Đã ghi nhận quyết định chờ", "Đưa ra hội đồng tư vấn")
	b.ClickStay(`input[name=ids]`)
	b.AcceptConfirms()
	b.Click(`#batch button[data-confirm]`)
	b.MustSee("Đã áp dụng các quyết định chờ", "Hội đồng tư vấn")
	b.Visit(proposalPath)
	b.Click(`form.move:has(select[name=event]) button[type=submit]`)
	b.MustSee("Đã ghi nhận kết quả hội đồng", "Hội đồng đề nghị thực hiện")
	b.Logout()

	// The Sở's leader approves it into the list and publishes the list.
	b.Login("lanhdao.so")
	b.Visit(proposalPath)
	b.ClickStay(`input[name=method][value=direct]`)
	b.move("approve")
	b.MustSee("Đã phê duyệt vào danh mục", "Giao trực tiếp")
	b.Visit(callPath)
	b.Fill("#f-decision_ref", "2468/QĐ-UBND")
	// The call still receives proposals: the list is published closing it.
	b.ClickStay("#f-close_window")
	b.AcceptConfirms()
	b.Click(`form[action$="/publish"] button`)
	b.MustSee("Đã công bố danh mục")
	b.Logout()

	// Anyone reads the published list.
	b.Visit("/public/calls")
	b.Click(`a[href="/public` + callPath + `"]`)
	b.MustSee("Xử lý chất thải chăn nuôi lợn bằng chế phẩm sinh học", "2468/QĐ-UBND", "Giao trực tiếp", "Xã Mê Linh")
}

// A new proposal saves itself once it has a title: the page becomes the
// draft's edit page without leaving it, and nothing typed is lost.
func TestProposalAutosaveCreatesDraft(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	b.Login("canbo.melinh")
	b.Visit("/calls")
	b.Click(`a[href^="/calls/"]`)
	b.Click(`a[href$="/proposals/new"]`)
	b.Fill("#f-title", "Ứng dụng đèn LED tiết kiệm năng lượng trong trồng hoa cúc")
	b.Fill("#f-objectives", "Giảm 30% điện năng chiếu sáng")
	b.waitFor(".autosave", "Đã tự động lưu")
	if p := b.Path(); !strings.HasSuffix(p, "/edit") {
		t.Fatalf("still at %s after the first autosave", p)
	}
	get(b, chromedp.Evaluate[bool](`(function(){ document.querySelector(".autosave").textContent = ""; return true })()`))
	b.Fill("#f-objectives", "Giảm 35% điện năng chiếu sáng cho 20 ha hoa cúc")
	b.waitFor(".autosave", "Đã tự động lưu")
	b.Visit(b.Path())
	if got := b.Value("#f-objectives"); got != "Giảm 35% điện năng chiếu sáng cho 20 ha hoa cúc" {
		t.Fatalf("after reload: %q", got)
	}
	b.Visit("/proposals")
	b.MustSee("Ứng dụng đèn LED tiết kiệm năng lượng trong trồng hoa cúc", "Dự thảo")
}
