package app_test

import (
	"errors"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The documents of the demo's 2025 call open in LibreOffice and read as
// written, Vietnamese diacritics included.
func TestProposalDocumentsOpenInLibreOffice(t *testing.T) {
	a := app.New(testdb.SQLite(t), nil)
	if err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, a: a}
	so, officer := w.as("chuyenvien"), w.as("canbo.melinh")
	calls, err := a.Calls(ctx, so)
	if err != nil {
		t.Fatal(err)
	}
	c25 := calls[len(calls)-1].ID
	list, err := a.Proposals(ctx, so, store.ProposalFilter{CallID: c25, Text: "mô hình trồng hoa"})
	if err != nil || len(list.Rows) != 1 {
		t.Fatalf("find proposal: %v %d", err, len(list.Rows))
	}
	pid := list.Rows[0].ID

	check := func(name string, g app.Generated, err error, ext string, want ...string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasSuffix(g.Name, "."+ext) || len(g.Data) == 0 {
			t.Fatalf("%s: %q, %d bytes", name, g.Name, len(g.Data))
		}
		flat := documenttest.Squash(documenttest.Text(t, g.Data, ext))
		for _, w := range want {
			if !strings.Contains(flat, documenttest.Squash(w)) {
				t.Errorf("%s lacks %q:\n%s", name, w, flat)
			}
		}
	}
	form := []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND HUYỆN MÊ LINH",
		"PHIẾU ĐỀ XUẤT NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ", "Xây dựng mô hình trồng hoa, rau ứng dụng công nghệ cao tại huyện Mê Linh",
		"Kinh phí từ ngân sách nhà nước: 2.500.000.000 đồng", "Nông nghiệp công nghệ cao", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đỗ Thị Lan",
		"Nơi nhận:", "Mê Linh, ngày 02 tháng 8 năm 2024"}
	g, err := a.ProposalDocument(ctx, officer, pid, "docx")
	check("proposal.docx", g, err, "docx", form...)
	g, err = a.ProposalDocument(ctx, so, pid, "pdf")
	check("proposal.pdf", g, err, "pdf", form...)

	g, err = a.CallSummary(ctx, so, c25, "xlsx")
	// Cells wrap, so only phrases that fit on one line are looked for; the
	// money totals are formulas LibreOffice computed (17.650 + 5.050 million).
	check("summary.xlsx", g, err, "xlsx", "BẢNG TỔNG HỢP ĐỀ XUẤT NHIỆM VỤ", "Huyện Sóc Sơn", "đệm lót",
		"Tổng cộng", "Môi trường, xử lý chất thải chăn nuôi", "Hội đồng đề nghị thực hiện", "17,650", "5,050", "22,700")
	g, err = a.CallSummary(ctx, so, c25, "docx")
	check("summary.docx", g, err, "docx", "BẢNG TỔNG HỢP", "DANH SÁCH ĐỀ XUẤT THEO ĐƠN VỊ", "TỔNG HỢP THEO LĨNH VỰC", "Huyện Gia Lâm", "Tổng cộng", "17.650")
	if _, err := a.CallSummary(ctx, officer, c25, "xlsx"); !errors.Is(err, app.ErrForbidden) {
		t.Error("a unit downloaded the Sở's summary")
	}

	g, err = a.ApprovedList(ctx, so, c25, "docx")
	check("approved.docx", g, err, "docx", "DANH MỤC", "Kèm theo Quyết định số 6789/QĐ-UBND", "chứng nhận “Hoa Mê Linh”",
		"Giao trực", "Tuyển chọn")
	// The list under the decision is the published one, for the Sở too: the
	// tea task, approved after publication, is not under the decision.
	if flat := documenttest.Squash(documenttest.DocxText(t, g.Data)); strings.Contains(flat, documenttest.Squash("thương hiệu chè Sóc Sơn")) {
		t.Error("the Sở's list names a task that is not under the decision")
	}
	g, err = a.ApprovedList(ctx, app.Actor{}, c25, "xlsx")
	check("approved.xlsx (public)", g, err, "xlsx", "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ ĐẶT HÀNG", "Gốm Bát Tràng")
	// The public list holds only what was published: the tea task was
	// approved after publication.
	if flat := documenttest.Squash(documenttest.Text(t, g.Data, "xlsx")); strings.Contains(flat, documenttest.Squash("chè Sóc Sơn")) {
		t.Error("an unpublished task is in the public list")
	}
}

// The printed application of a 2025-regime call (TT36) carries the BM-09
// and BM-10 headings where their fields start, as the on-screen form does;
// a classic call's paper has none.
func TestNewRegimeProposalPrintsItsForms(t *testing.T) {
	a := app.New(testdb.SQLite(t), nil)
	if err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, a: a}
	so := w.as("chuyenvien")
	list, err := a.Proposals(ctx, so, store.ProposalFilter{Text: "trí tuệ nhân tạo dự báo sâu bệnh"})
	if err != nil || len(list.Rows) != 1 {
		t.Fatalf("find the 2027 application: %v %d", err, len(list.Rows))
	}
	pid := list.Rows[0].ID
	for _, ext := range []string{"docx", "pdf"} {
		g, err := a.ProposalDocument(ctx, so, pid, ext)
		if err != nil {
			t.Fatal(err)
		}
		flat := documenttest.Squash(documenttest.Text(t, g.Data, ext))
		bm09 := strings.Index(flat, documenttest.Squash("BM-09 – Đơn đăng ký"))
		bm10 := strings.Index(flat, documenttest.Squash("BM-10 – Thuyết minh"))
		if bm09 < 0 || bm10 < 0 || bm10 < bm09 {
			t.Errorf("%s: form headings at %d, %d:\n%s", ext, bm09, bm10, flat)
		}
	}
	classic, err := a.Proposals(ctx, so, store.ProposalFilter{Text: "mô hình trồng hoa"})
	if err != nil || len(classic.Rows) == 0 {
		t.Fatal(err)
	}
	g, err := a.ProposalDocument(ctx, so, classic.Rows[0].ID, "docx")
	if err != nil {
		t.Fatal(err)
	}
	if flat := documenttest.Squash(documenttest.DocxText(t, g.Data)); strings.Contains(flat, "BM-0") || strings.Contains(flat, "BM-1") {
		t.Error("a classic proposal prints a 2025 form heading")
	}
}
