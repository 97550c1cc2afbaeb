package document_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/civil"
	"khcn/internal/document"
	"khcn/internal/document/documenttest"
)

func TestNamesKeepDiacriticsAndWholeWords(t *testing.T) {
	if got := document.SheetName("Kết quả theo đơn vị hành chính cấp xã"); got != "Kết quả theo đơn vị hành chính" {
		t.Errorf("sheet name %q", got)
	}
	if got := document.SheetName("Chủ thể: OCOP/SHTT"); got != "Chủ thể OCOP SHTT" {
		t.Errorf("sheet name %q", got)
	}
	long := strings.Repeat("Danh mục nhiệm vụ khoa học ", 8)
	got := document.FileName(long)
	if len([]rune(got)) > 120 || !strings.HasSuffix(got, "khoa học") && !strings.HasSuffix(got, "nhiệm vụ") && !strings.HasSuffix(got, "Danh mục") {
		t.Errorf("file name cut mid-word: %q", got)
	}
	if got := document.FileName(`Bảng tổng hợp: "đề xuất" 2026/2027`); got != "Bảng tổng hợp đề xuất 2026 2027" {
		t.Errorf("file name %q", got)
	}
	if got := document.ASCIIName("Đề xuất Sóc Sơn.xlsx"); got != "De xuat Soc Son.xlsx" {
		t.Errorf("ascii %q", got)
	}
	cd := document.ContentDisposition("attachment", "Bảng tổng hợp.xlsx")
	if !strings.Contains(cd, `filename="Bang tong hop.xlsx"`) || !strings.Contains(cd, "filename*=UTF-8''B%E1%BA%A3ng%20t%E1%BB%95ng%20h%E1%BB%A3p.xlsx") {
		t.Errorf("content disposition %q", cd)
	}
}

// Every sheet: typed numbers and dates, wrapped rows tall enough, A4 fit to
// width, print titles and a frozen header.
func TestXLSXTypedCellsAndPrintSetup(t *testing.T) {
	long := strings.Repeat("Xây dựng mô hình trồng hoa ứng dụng công nghệ cao tại xã Mê Linh; ", 4)
	sheets := []document.Sheet{{Name: "Danh mục nhiệm vụ theo đơn vị đề xuất", Title: "DANH MỤC", Totals: true,
		Columns: []document.Column{{Header: "TT", Kind: document.Seq}, {Header: "Tên nhiệm vụ", Width: 30},
			{Header: "Thời gian (tháng)", Kind: document.Int, NoSum: true}, {Header: "Kinh phí", Kind: document.Money},
			{Header: "Ngày", Kind: document.Date}, {Header: "Sao", Kind: document.Int}},
		Rows: [][]any{{1, long, "24", int64(2_500_000_000), civil.New(2025, 7, 1), ""}, {"2", "Ngắn", 12, int64(500_000_000), civil.Date{}, "1.234"}}},
		{Name: "Chủ thể", Title: "CHỦ THỂ", Columns: []document.Column{{Header: "Tên"}}, Rows: [][]any{{"Hợp tác xã"}}}}
	b, err := document.XLSX(sheets...)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Danh mục nhiệm vụ theo đơn vị" || got[1] != "Chủ thể" {
		t.Errorf("sheets %q", got)
	}
	s := f.GetSheetList()[0]
	for _, c := range []string{"A4", "C4", "D4", "E4", "A5", "C5", "F5"} {
		typ, err := f.GetCellType(s, c)
		if err != nil || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is not a typed number or date (%v, %v)", c, typ, err)
		}
	}
	if v, _ := f.GetCellValue(s, "F5", excelize.Options{RawCellValue: true}); v != "1234" {
		t.Errorf("F5 = %q, want the number 1234", v)
	}
	if v, _ := f.GetCellValue(s, "F4"); v != "" {
		t.Errorf("an empty number cell holds %q", v)
	}
	// Totals: money and stars are summed, months and TT are not.
	if fm, _ := f.GetCellFormula(s, "D6"); fm != "SUM(D4:D5)" {
		t.Errorf("money total %q", fm)
	}
	for _, c := range []string{"A6", "C6"} {
		if fm, _ := f.GetCellFormula(s, c); fm != "" {
			t.Errorf("%s summed: %q", c, fm)
		}
	}
	tall, _ := f.GetRowHeight(s, 4)
	short, _ := f.GetRowHeight(s, 5)
	if tall < 4*12 || short > 20 {
		t.Errorf("row heights: wrapped %.1f, one line %.1f", tall, short)
	}
	for _, name := range f.GetSheetList() {
		xml := sheetXML(t, b, name, f)
		for _, want := range []*regexp.Regexp{regexp.MustCompile(`paperSize="9"`), regexp.MustCompile(`fitToWidth="1"`),
			regexp.MustCompile(`fitToHeight="0"`), regexp.MustCompile(`<pageSetUpPr[^>]*fitToPage="(1|true)"`),
			regexp.MustCompile(`<pane[^>]*state="frozen"`), regexp.MustCompile(`<pane[^>]*ySplit="3"`)} {
			if !want.MatchString(xml) {
				t.Errorf("sheet %s lacks %s", name, want)
			}
		}
	}
	names := f.GetDefinedName()
	titles := 0
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && strings.HasSuffix(n.RefersTo, "!$3:$3") {
			titles++
		}
	}
	if titles != 2 {
		t.Errorf("print titles on %d sheets: %+v", titles, names)
	}
}

// sheetXML is the XML of a named sheet.
func sheetXML(t *testing.T, b []byte, name string, f *excelize.File) string {
	t.Helper()
	idx, err := f.GetSheetIndex(name)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	want := "xl/worksheets/sheet" + string(rune('1'+idx)) + ".xml"
	for _, zf := range z.File {
		if zf.Name == want {
			r, _ := zf.Open()
			x, _ := io.ReadAll(r)
			return string(x)
		}
	}
	t.Fatalf("no %s", want)
	return ""
}

// docxText is the text of a .docx's body, without markup.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if zf.Name == "word/document.xml" {
			r, _ := zf.Open()
			x, _ := io.ReadAll(r)
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), "")
		}
	}
	t.Fatal("no document.xml")
	return ""
}

func TestDraftHasNoNumberAndBothSidesSign(t *testing.T) {
	d := document.Official{Issuer: "Sở Khoa học và Công nghệ", Kind: "BIÊN BẢN", Subject: "Kiểm tra",
		Body:      []document.Block{document.Para("Nội dung.")},
		Signature: document.Signature{Authority: "Trưởng đoàn kiểm tra", Name: "Phạm Văn Đức"},
		Counter:   &document.Signature{Authority: "Đại diện UBND xã Mê Linh", Name: "Đỗ Thị Lan"}}
	b, err := document.DOCX(d)
	if err != nil {
		t.Fatal(err)
	}
	text := docxText(t, b)
	if !strings.Contains(text, "DỰ THẢO") || strings.Contains(text, "Số:") {
		t.Errorf("a draft must say DỰ THẢO and print no number:\n%s", text)
	}
	for _, w := range []string{"TRƯỞNG ĐOÀN KIỂM TRA", "Phạm Văn Đức", "ĐẠI DIỆN UBND XÃ MÊ LINH", "Đỗ Thị Lan"} {
		if !strings.Contains(text, w) {
			t.Errorf("minutes lack %q", w)
		}
	}
	d.Number = "15/BB-SKHCN"
	b, _ = document.DOCX(d)
	text = docxText(t, b)
	if strings.Contains(text, "DỰ THẢO") || !strings.Contains(text, "Số: 15/BB-SKHCN") {
		t.Errorf("an issued document shows its number, no draft mark:\n%s", text)
	}
	if _, err := document.PDF(d); err != nil {
		t.Fatal(err)
	}
}

// A year prints as 2025, never 2.025, and is not summed.
func TestXLSXYearsHaveNoThousandsDot(t *testing.T) {
	b, err := document.XLSX(document.Sheet{Name: "Năm", Title: "Đánh giá", Totals: true,
		Columns: []document.Column{{Header: "Sản phẩm"}, {Header: "Năm", Kind: document.Year}, {Header: "Điểm", Kind: document.Int}},
		Rows:    [][]any{{"Chè", 2025, 80}, {"Hoa", "2024", 75}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"B4", "B5"} {
		if v, _ := f.GetCellValue("Năm", c); v != "2025" && v != "2024" {
			t.Errorf("%s shows %q", c, v)
		}
	}
	if fm, _ := f.GetCellFormula("Năm", "B6"); fm != "" {
		t.Errorf("years summed: %q", fm)
	}
}

// Printed by LibreOffice, a long wrapped cell takes its own lines: the next
// row's text comes after all of it, never over it.
func TestXLSXWrappedRowsDoNotOverprint(t *testing.T) {
	long := "Xây dựng mô hình trồng hoa ứng dụng công nghệ cao tại xã Mê Linh với hệ thống nhà màng, tưới nhỏ giọt tự động và cảm biến độ ẩm đất kết nối điện thoại KẾTTHÚCDÒNG"
	b, err := document.XLSX(document.Sheet{Name: "Danh mục", Title: "DANH MỤC",
		Columns: []document.Column{{Header: "TT", Kind: document.Seq}, {Header: "Tên nhiệm vụ", Width: 30}, {Header: "Ghi chú", Width: 20}},
		Rows:    [][]any{{1, long, "Một"}, {2, "DÒNGSAU", "Hai"}}})
	if err != nil {
		t.Fatal(err)
	}
	text := documenttest.Text(t, b, "xlsx")
	end, next := strings.Index(text, "KẾTTHÚCDÒNG"), strings.Index(text, "DÒNGSAU")
	if end < 0 || next < 0 || next < end {
		t.Errorf("the next row prints over the wrapped one:\n%s", text)
	}
}
