package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// A council member on a phone: chuyengia's home page lists the declaration
// waiting; they declare (one conflict), fill a scored sheet of the 2027
// grant call and submit it, then read the other members' sheets, every page
// fitting 390 px. The Sở then records attendance and the ballots and
// downloads the minutes, which list who was present and the recusal.
func TestCouncilMemberOnAPhone(t *testing.T) {
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	b.Run(emulatePhone())
	ks, err := b.Env.Store.Read().Councils(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var k store.Council
	for _, x := range ks {
		if x.State == store.CouncilPackSent {
			k = x
		}
	}
	if k.ID == "" {
		t.Fatal("no council waiting in the demo")
	}

	b.Login("chuyengia")
	b.MustSee("cần khai báo xung đột lợi ích")
	checkPhonePage(t, b, "chuyengia /")
	b.Click(`a[href="/councils/` + k.ID + `#declare"]`)
	b.MustSee("Khai báo xung đột lợi ích", "Tôi cam đoan")
	checkPhonePage(t, b, "chuyengia council page")
	// The first proposal: no conflict; the second: a conflict, with its reason.
	b.ClickStay(`#declare fieldset:nth-of-type(1) input[value="no"]`)
	b.ClickStay(`#declare fieldset:nth-of-type(2) input[value="yes"]`)
	b.Fill(`#declare fieldset:nth-of-type(2) textarea`, "Tôi là thành viên hội đồng khoa học của tổ chức chủ trì.")
	// Without the attestation the form comes back with everything kept.
	b.Submit(`#declare fieldset:nth-of-type(2) textarea`)
	b.MustSee("Vui lòng đánh dấu cam đoan")
	if v := b.Value(`#declare fieldset:nth-of-type(2) textarea`); !strings.Contains(v, "hội đồng khoa học") {
		t.Fatalf("the reason was lost: %q", v)
	}
	b.ClickStay(`#f-attest`)
	b.Submit(`#f-attest`)
	b.MustSee("Đã ghi nhận khai báo", "Đã khai báo xung đột lợi ích: không đánh giá")

	b.Click(`#sheets a[href$="/sheet"]`)
	b.MustSee("Phiếu nhận xét và đánh giá", "Tính cấp thiết và tính mới", "tối đa 10 điểm")
	checkPhonePage(t, b, "chuyengia sheet")
	b.MustNotSee("Phiếu của các thành viên khác:")
	for _, c := range []string{"urgency", "objectives", "content", "methods", "products", "application", "team", "budget"} {
		b.Fill("#f-c_"+c, "8")
	}
	b.Fill("#f-n_urgency", "Phù hợp định hướng chuyển đổi số nông nghiệp của thành phố.")
	b.ClickStay(`input[name="recommendation"][value="do"]`)
	b.Click(`#f-submit`)
	b.MustSee("Đã nộp phiếu", "Phiếu của các thành viên khác", "Nguyễn Thị Hoa")
	checkPhonePage(t, b, "chuyengia submitted sheet")
	// The proposal itself opens by the seat, from the council page, with
	// its BM-09/BM-10 parts, and fits the phone too.
	b.Visit("/councils/" + k.ID)
	b.Click(`#sheets a[href^="/proposals/"]`)
	b.MustSee("BM-09 – Đơn đăng ký", "BM-10 – Thuyết minh")
	checkPhonePage(t, b, "chuyengia proposal")
	b.Logout()

	// The Sở: attendance, quorum, ballots, minutes.
	b.Login("chuyenvien")
	b.Visit("/councils/" + k.ID)
	get(b, chromedp.Evaluate[bool](`document.querySelectorAll('input[name^="present_"]').forEach(i => i.checked = true) || true`))
	b.Submit(`input[name^="present_"]`)
	b.MustSee("Đã ghi nhận thành viên có mặt", "Đủ điều kiện họp")
	checkPhonePage(t, b, "chuyenvien council page")
	// The Sở's other council pages fit the phone too.
	for _, path := range []string{"/councils", "/councils/new", "/councils/" + k.ID + "/edit", "/experts", "/calls/rules/compare?a=A1-%C4%90XNV&b=TT36-TT"} {
		b.Visit(path)
		checkPhonePage(t, b, "chuyenvien "+path)
	}
	b.Visit("/councils/" + k.ID)
	b.Click(`a[href$="/appraisal"]`)
	b.MustSee("Thẩm định kinh phí", "Tổ thẩm định")
	checkPhonePage(t, b, "chuyenvien appraisal")
	b.Visit("/councils/" + k.ID)
	b.Click(`a[href$="/votes"]`)
	b.MustSee("Phiếu biểu quyết")
	checkPhonePage(t, b, "chuyenvien votes")
	get(b, chromedp.Evaluate[bool](`document.querySelectorAll('select[id$="_choice"]').forEach(s => s.value = "do") || true`))
	b.Click(`#f-votes`)
	b.MustSee("Đã lưu phiếu biểu quyết", "Đề nghị thực hiện")
	if !b.Has(`a[href="/councils/` + k.ID + `/export/minutes.docx"]`) {
		t.Fatal("no minutes to download")
	}
	so := b.Env.Login("chuyenvien")
	r := so.Get("/councils/" + k.ID + "/export/minutes.pdf")
	if r.Status != 200 {
		t.Fatalf("minutes: %d", r.Status)
	}
	text := documenttest.Squash(documenttest.Text(t, []byte(r.Body), "pdf"))
	for _, want := range []string{"BIÊN BẢN", "Trịnh Văn Khoa", "Có mặt", "khai báo xung đột lợi ích", "Đề nghị thực hiện"} {
		if !strings.Contains(text, documenttest.Squash(want)) {
			t.Errorf("minutes lack %q:\n%s", want, text)
		}
	}
}
