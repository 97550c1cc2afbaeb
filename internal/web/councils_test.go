package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// The council pages over HTTP, on the demo: the Sở sees both councils, the
// register, the rule set comparison and downloads the minutes; chuyengia's
// home page lists what needs them, they declare (a refused form keeps what
// was typed, with a message at the field) and fill a sheet; a unit officer
// never opens a council.
func TestCouncilPages(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	ctx := context.Background()
	ks, err := e.Store.Read().Councils(ctx, "")
	if err != nil || len(ks) != 2 {
		t.Fatalf("demo councils: %d %v", len(ks), err)
	}
	var k25, k27 store.Council
	for _, k := range ks {
		if k.State == store.CouncilConcluded {
			k25 = k
		} else {
			k27 = k
		}
	}
	so := e.Login("chuyenvien")
	mustContain(t, so.Get("/councils"), 200, html.EscapeString(k25.Name), html.EscapeString(k27.Name))
	mustContain(t, so.Get("/councils/"+k25.ID), 200, "Vũ Thị Lan", "đề xuất của đơn vị mình", "Đã khai báo xung đột lợi ích", "Xếp hạng")
	reg := so.Get("/experts")
	mustContain(t, reg, 200, "Trịnh Văn Khoa", "chuyengia")
	xid := regexp.MustCompile(`href="/experts/([0-9a-f-]+)"`).FindStringSubmatch(reg.Body)[1]
	mustContain(t, so.Get("/experts/"+xid), 200, `name="version"`, `name="civil_servant"`)
	mustContain(t, so.Get("/calls/rules/compare?a=A1-%C4%90XNV&b=TT36-TT"), 200, "council.min_members", "BM-09")
	for _, doc := range []string{"minutes.docx", "minutes.pdf", "tally.docx", "results.xlsx", "pack.pdf"} {
		r := so.Get("/councils/" + k25.ID + "/export/" + doc)
		if r.Status != 200 || len(r.Body) < 1000 {
			t.Errorf("%s: %d, %d bytes", doc, r.Status, len(r.Body))
		}
	}
	// The minutes open in LibreOffice, in the Decree 30 layout, with the
	// attendance, the recusals (automatic and declared), the votes and the ranking.
	minutes := documenttest.Squash(documenttest.Text(t, []byte(so.Get("/councils/"+k25.ID+"/export/minutes.docx").Body), "docx"))
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN", "Số: 15/BB-HĐTV", "Có mặt 7/7 thành viên", "Vũ Thị Lan không tham gia",
		"đơn vị mình", "Phạm Thu Hà không tham gia", "khai báo xung đột lợi ích", "CÁC ĐỀ XUẤT KHÔNG ĐỀ NGHỊ THỰC HIỆN", "Trùng với nhiệm vụ đang thực hiện", "trên 3/4",
		"1. Xây dựng mô hình trồng hoa, rau", "Lê Quang Vinh", "CHỦ TỊCH HỘI ĐỒNG"} {
		if !strings.Contains(minutes, documenttest.Squash(want)) {
			t.Errorf("minutes lack %q:\n%s", want, minutes)
		}
	}
	if r := so.Get("/councils/" + k25.ID + "/export/minutes.exe"); r.Status != http.StatusNotFound {
		t.Errorf("unknown format: %d", r.Status)
	}

	officer := e.Login("canbo.melinh")
	if r := officer.Get("/councils/" + k25.ID); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
		t.Errorf("officer opened a council: %d", r.Status)
	}
	// Units read what differs between two rule sets.
	mustContain(t, officer.Get("/calls/rules/compare?a=A1-%C4%90XNV&b=TT36-TT"), 200, "council.min_members", "TT36-TT")
	if r := e.Client().Get("/calls/rules/compare"); r.Status == 200 {
		t.Error("the public compared rule sets")
	}
	if r := officer.Get("/experts"); r.Status != http.StatusForbidden {
		t.Errorf("officer opened the register: %d", r.Status)
	}

	cg := e.Login("chuyengia")
	mustContain(t, cg.Get("/"), 200, "cần khai báo xung đột lợi ích", "/councils/"+k27.ID)
	page := cg.Get("/councils/" + k27.ID)
	mustContain(t, page, 200, "Khai báo xung đột lợi ích", "Tôi cam đoan")
	pids := regexp.MustCompile(`id="f-d_([0-9a-f-]+)_conflict"`).FindAllStringSubmatch(page.Body, -1)
	if len(pids) != 2 {
		t.Fatalf("declaration rows: %d", len(pids))
	}
	p1, p2 := pids[0][1], pids[2-1][1]
	// A sheet stays closed before the declaration, and so does the proposal.
	if r := cg.Get("/proposals/" + p1); r.Status != http.StatusNotFound {
		t.Errorf("proposal before declaring: %d", r.Status)
	}
	if r := cg.Get("/councils/" + k27.ID + "/proposals/" + p1 + "/sheet"); r.Status != http.StatusNotFound {
		t.Errorf("sheet before declaring: %d", r.Status)
	}
	form := url.Values{"d_" + p1 + "_conflict": {"no"}, "d_" + p2 + "_conflict": {"yes"}, "d_" + p2 + "_reason": {""}}
	r := cg.PostForm("/councils/"+k27.ID+"/declare", form)
	mustContain(t, r, 422, `id="e-attest"`, `id="e-d_`+p2+`_reason"`, `value="yes" checked`)
	form.Set("attest", "on")
	form.Set("d_"+p2+"_reason", "Tôi là thành viên hội đồng khoa học của đơn vị chủ trì.")
	if r := cg.PostForm("/councils/"+k27.ID+"/declare", form); r.Status != http.StatusSeeOther {
		t.Fatalf("declare: %d %s", r.Status, excerpt(r.Body))
	}
	if r := cg.Get("/councils/" + k27.ID + "/proposals/" + p2 + "/sheet"); r.Status != http.StatusNotFound {
		t.Errorf("conflicted proposal's sheet: %d", r.Status)
	}
	// The declared proposal opens at /proposals/{id} by the seat, linked
	// from the council page; the conflicted one stays closed.
	mustContain(t, cg.Get("/councils/"+k27.ID), 200, `href="/proposals/`+p1+`"`)
	mustContain(t, cg.Get("/proposals/"+p1), 200, "BM-09")
	if r := cg.Get("/proposals/" + p2); r.Status != http.StatusNotFound {
		t.Errorf("conflicted proposal's page: %d", r.Status)
	}
	sheet := cg.Get("/councils/" + k27.ID + "/proposals/" + p1 + "/sheet")
	mustContain(t, sheet, 200, "Tính cấp thiết và tính mới", "tối đa 10 điểm", "Tổ chức đăng ký chủ trì")
	if strings.Contains(sheet.Body, `id="h-others"`) {
		t.Error("others' sheets before submitting")
	}
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(sheet.Body)[1]
	sf := url.Values{"version": {v}, "c_urgency": {"9"}, "c_objectives": {"11"}, "recommendation": {"do"}, "submit": {"1"}}
	r = cg.PostForm("/councils/"+k27.ID+"/proposals/"+p1+"/sheet", sf)
	mustContain(t, r, 422, `id="e-c_objectives"`, `id="e-c_content"`, `value="9"`)
	for _, k := range []string{"objectives", "content", "methods", "products", "application", "team", "budget"} {
		sf.Set("c_"+k, "8")
	}
	if r := cg.PostForm("/councils/"+k27.ID+"/proposals/"+p1+"/sheet", sf); r.Status != http.StatusSeeOther {
		t.Fatalf("submit sheet: %d %s", r.Status, excerpt(r.Body))
	}
	mustContain(t, cg.Get("/councils/"+k27.ID+"/proposals/"+p1+"/sheet"), 200, `id="h-others"`, "Nguyễn Thị Hoa")
	// The sheet as filled, for its member and the Sở only.
	if r := cg.Get("/councils/" + k27.ID + "/proposals/" + p1 + "/sheets/me?format=pdf"); r.Status != 200 || !strings.HasPrefix(r.Body, "%PDF") {
		t.Errorf("own sheet pdf: %d", r.Status)
	}
	if r := officer.Get("/councils/" + k27.ID + "/proposals/" + p1 + "/sheets/me?format=pdf"); r.Status == 200 {
		t.Error("an officer printed a member's sheet")
	}
	cp := so.Get("/councils/" + k27.ID)
	sheetDoc := regexp.MustCompile(`href="(/councils/[^"]+/sheets/[0-9a-f-]+\?format=docx)"`).FindStringSubmatch(cp.Body)
	if sheetDoc == nil {
		t.Fatal("no sheet to download on the Sở's page")
	}
	if r := so.Get(html.UnescapeString(sheetDoc[1])); r.Status != 200 || len(r.Body) < 1000 {
		t.Errorf("a member's sheet as docx: %d", r.Status)
	}
	// Submitted: a second post changes nothing and says why.
	sf.Set("version", regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(cg.Get("/councils/" + k27.ID + "/proposals/" + p1 + "/sheet").Body)[1])
	mustContain(t, cg.PostForm("/councils/"+k27.ID+"/proposals/"+p1+"/sheet", sf), 422, "chỉ thư ký khoa học mở lại được")
	// The call says its regime; units read the unknowns in its description.
	mustContain(t, so.Get("/calls/"+k27.CallID), 200, html.EscapeString("Chế độ Luật KH,CN&ĐMST 2025"), "đợt tài trợ", "Chưa xác minh", "/councils?call="+k27.CallID)
	mustContain(t, so.Get("/councils?call="+k27.CallID), 200, html.EscapeString(k27.Name))
	// A unit applies on BM-09 and BM-10.
	mustContain(t, e.Login("canbo.socson").Get("/calls/"+k27.CallID+"/proposals/new"), 200, "BM-09 – Đơn đăng ký chủ trì", "BM-10 – Thuyết minh nhiệm vụ",
		"Tổ chức đăng ký chủ trì")
	// The budget appraisal: none under the classic regime; the 2025 team is
	// five people, one from the council, with reasons where amounts differ.
	ap := url.Values{"version": {"0"}, "t0": {xid}, "l0_item": {"Thuê khoán"}, "l0_proposed": {"100.000.000"}, "l0_appraised": {"90.000.000"}}
	var k25p string
	for _, m := range regexp.MustCompile(`href="/proposals/([0-9a-f-]+)"`).FindAllStringSubmatch(so.Get("/councils/"+k25.ID).Body, 1) {
		k25p = m[1]
	}
	mustContain(t, so.PostForm("/councils/"+k25.ID+"/proposals/"+k25p+"/appraisal", ap), 422, "không có tổ thẩm định kinh phí")
	mustContain(t, so.PostForm("/councils/"+k27.ID+"/proposals/"+p2+"/appraisal", ap), 422, "Tổ thẩm định cần 5 người (hiện có 1)",
		`id="e-l0_reason"`, `value="90.000.000"`)
	ap.Set("l0_proposed", "một trăm")
	mustContain(t, so.PostForm("/councils/"+k27.ID+"/proposals/"+p2+"/appraisal", ap), 422, `id="e-l0_proposed"`, `value="một trăm"`)
	// The budget appraisal of the grant call.
	mustContain(t, so.Get("/councils/"+k27.ID), 200, "Thẩm định kinh phí", "tổng thẩm định 1.370.000.000 đồng")
	// The Sở's proposal page shows the appraised state budget the approval
	// will fund; the unit's does not before the approval.
	appraised := ""
	for _, p := range []string{p1, p2} {
		if r := so.Get("/proposals/" + p); strings.Contains(r.Body, `id="appraised"`) {
			mustContain(t, r, 200, "Kinh phí ngân sách nhà nước sau thẩm định", "1.370.000.000")
			appraised = p
		}
	}
	if appraised == "" {
		t.Error("no proposal page shows the appraisal")
	} else {
		opened := false
		for _, login := range []string{"canbo.socson", "canbo.donganh"} {
			if r := e.Login(login).Get("/proposals/" + appraised); r.Status == 200 {
				opened = true
				if strings.Contains(r.Body, `id="appraised"`) {
					t.Errorf("%s saw the appraisal before the approval", login)
				}
			}
		}
		if !opened {
			t.Error("no unit opened the appraised proposal")
		}
	}
}
