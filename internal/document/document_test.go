package document_test

import (
	"strings"
	"testing"

	"khcn/internal/civil"
	"khcn/internal/document"
	"khcn/internal/document/documenttest"
)

func sample() document.Official {
	body := []document.Block{
		document.Heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
		document.Para("Thực hiện Chương trình số 07-CTr/TU ngày 17/3/2021 của Thành ủy Hà Nội về đẩy mạnh phát triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn thành phố Hà Nội giai đoạn 2021-2025, Ủy ban nhân dân huyện Mê Linh đã ban hành kế hoạch triển khai và giao nhiệm vụ cụ thể cho các phòng, ban chuyên môn."),
		document.Bullet("Ứng dụng công nghệ thông tin trong cơ quan hành chính; xây dựng chính quyền số."),
		document.Field{Label: "Tên nhiệm vụ", Value: "Xây dựng mô hình trồng hoa ứng dụng công nghệ cao tại xã Mê Linh"},
		document.Note("Đơn vị tính: triệu đồng"),
		document.Table{Header: []string{"TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"},
			Rows:   [][]string{{"1", "Số đơn đăng ký nhãn hiệu", "12", "9", "75,0"}, {"", "Tổng cộng", "12", "9", "75,0"}},
			Widths: []float64{1, 6, 2, 2, 2}, Align: []string{"center", "left", "right", "right", "right"}, BoldLastRow: true},
	}
	for i := 0; i < 30; i++ { // long enough for a second page and its number
		body = append(body, document.Para("Đẩy mạnh tuyên truyền, phổ biến chương trình tới cán bộ, công chức và nhân dân; giải quyết ô nhiễm từ chất thải chăn nuôi, làng nghề và khu công nghiệp."))
	}
	return document.Official{
		ParentBody: "UBND thành phố Hà Nội", Issuer: "Sở Khoa học và Công nghệ", Number: "125/BC-SKHCN", Place: "Hà Nội",
		Date: civil.New(2024, 7, 19), Kind: "Báo cáo", Subject: "Kết quả thực hiện Chương trình 07-CTr/TU 6 tháng đầu năm 2024",
		Body:       body,
		Signature:  document.Signature{Authority: "KT. Giám đốc", Title: "Phó Giám đốc", Name: "Phạm Văn Đức"},
		Recipients: []string{"UBND Thành phố (để b/c)", "Các xã: Mê Linh, Sóc Sơn, Gia Lâm, Đông Anh", "Lưu: VT, QLKH"},
	}
}

var mustSee = []string{
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
	"Số: 125/BC-SKHCN", "Hà Nội, ngày 19 tháng 7 năm 2024", "BÁO CÁO", "Số đơn đăng ký nhãn hiệu",
	"Nơi nhận:", "- Lưu: VT, QLKH.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Văn Đức", "ô nhiễm", "Đẩy mạnh",
}

func check(t *testing.T, text string) {
	t.Helper()
	flat := documenttest.Squash(text)
	for _, w := range mustSee {
		if !strings.Contains(flat, documenttest.Squash(w)) {
			t.Errorf("document lacks %q", w)
		}
	}
}

func TestDOCXOpensInLibreOffice(t *testing.T) {
	b, err := document.DOCX(sample())
	if err != nil {
		t.Fatal(err)
	}
	text := documenttest.Text(t, b, "docx")
	check(t, text)
	// Page 2 carries its number in the header; page 1 does not.
	if !strings.Contains(text, "\f") {
		t.Error("expected at least two pages")
	}
}

func TestPDFHasVietnameseText(t *testing.T) {
	b, err := document.PDF(sample())
	if err != nil {
		t.Fatal(err)
	}
	check(t, documenttest.Text(t, b, "pdf"))
	if n := documenttest.Pages(t, b); n < 2 {
		t.Errorf("pages = %d", n)
	}
}

func TestXLSXOpensWithTotals(t *testing.T) {
	b, err := document.XLSX(document.Sheet{
		Name: "Tổng hợp", Title: "BẢNG TỔNG HỢP ĐỀ XUẤT NHIỆM VỤ KH&CN NĂM 2025", Subtitle: "Đơn vị tính: triệu đồng",
		Columns: []document.Column{{Header: "TT", Kind: document.Int, Width: 5}, {Header: "Tên nhiệm vụ", Kind: document.Text},
			{Header: "Đơn vị đề xuất", Kind: document.Text}, {Header: "Ngân sách", Kind: document.Money},
			{Header: "Tỷ lệ", Kind: document.Percent}, {Header: "Ngày gửi", Kind: document.Date}},
		Rows: [][]any{
			{1, "Mô hình trồng hoa công nghệ cao", "Xã Mê Linh", int64(1_500_000_000), 87.5, civil.New(2024, 8, 5)},
			{2, "Xử lý chất thải chăn nuôi", "Xã Sóc Sơn", int64(2_250_000_000), 50.0, civil.New(2024, 8, 6)},
		},
		Totals: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	flat := documenttest.Squash(documenttest.Text(t, b, "xlsx"))
	for _, w := range []string{"BẢNGTỔNGHỢPĐỀXUẤT", "Môhìnhtrồnghoacôngnghệcao", "XãMêLinh", "Tổngcộng", "05/08/2024", "87.5%"} {
		if !strings.Contains(flat, w) && !strings.Contains(flat, strings.ReplaceAll(w, ".", ",")) {
			t.Errorf("xlsx lacks %q:\n%s", w, flat)
		}
	}
	// The total is a formula LibreOffice computed: 1.500 + 2.250 = 3.750.
	if !strings.Contains(flat, "3,750") && !strings.Contains(flat, "3.750") {
		t.Errorf("total not computed:\n%s", flat)
	}
}
