package ocop

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const evalCSV = "Mã sản phẩm;Năm;Cấp;Điểm A;Điểm B;Điểm C;Tổng điểm;Số quyết định;Ngày quyết định;Số giấy chứng nhận;Ngày cấp\n" +
	"SP01;2025;Tỉnh;30;20;25;75;12/QĐ-UBND;01/09/2025;GCN-1;05/09/2025\n" +
	";;;;;;;;;;\n" +
	"SP02;2025;tinh;45;20;25;90;13/QĐ-UBND;01/09/2025;GCN-2;05/09/2025\n"

func TestReadTableCSVAndXLSX(t *testing.T) {
	rows, err := ReadTable([]byte("\xef\xbb\xbf" + evalCSV))
	if err != nil || len(rows) != 4 || rows[1][2] != "Tỉnh" {
		t.Fatalf("csv: %v %v", rows, err)
	}
	f := excelize.NewFile()
	for i, r := range rows {
		for j, c := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", cell, c)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := ReadTable(buf.Bytes())
	if err != nil || len(x) < 2 || x[1][7] != "12/QĐ-UBND" {
		t.Fatalf("xlsx: %v %v", x, err)
	}
	if _, err := ReadTable([]byte("PK\x03\x04garbage")); err == nil {
		t.Error("broken xlsx accepted")
	}
	if _, err := ReadTable([]byte{0xff, 0xfe, 0, 'a'}); err == nil {
		t.Error("binary accepted as CSV")
	}
}

// Errors come back by row and column, in the file's own numbering.
func TestImportErrorsByRowAndColumn(t *testing.T) {
	rows, _ := ReadTable([]byte(evalCSV))
	data, errs := Prepare(ImportEvaluations, rows)
	if errs != nil || len(data) != 2 {
		t.Fatalf("%v %v", data, errs)
	}
	if _, e := EvaluationRow(data[0]).Parse(DefaultBands, today); e != nil {
		t.Errorf("row 2: %v", e)
	}
	_, e := EvaluationRow(data[1]).Parse(DefaultBands, today)
	got := data[1].Errors(ImportEvaluations, e)
	if len(got) == 0 || got[0].Line != 4 || got[0].Column != "Điểm A" || got[0].Key != "ocop.err.score_range" {
		t.Fatalf("errors %+v", got)
	}
	// A missing required column is reported on the header row.
	_, errs = Prepare(ImportEvaluations, [][]string{{"Mã sản phẩm", "Năm"}, {"SP01", "2025"}})
	if len(errs) == 0 || errs[0].Line != 1 || errs[0].Key != "ocop.import.missing_column" {
		t.Errorf("missing columns: %+v", errs)
	}
	if _, errs := Prepare(ImportIP, [][]string{{"x"}}); len(errs) == 0 {
		t.Error("empty file accepted")
	}
}

func TestImportUnitsByName(t *testing.T) {
	set := hanoiSet(t)
	if u, key := FindUnit(set, "Xã Mê Linh", "", today); u == nil || u.ID != "hn-09022" {
		t.Fatalf("current commune: %v %s", u, key)
	}
	// A former commune named with its former district.
	u, key := FindUnit(set, "xa trang viet", "Huyện Mê Linh", today)
	if u == nil || u.ValidOn(today) {
		t.Fatalf("former commune: %v %s", u, key)
	}
	if _, key := FindUnit(set, "Xã Không Có", "", today); key != "ocop.import.unit_unknown" {
		t.Errorf("unknown commune: %s", key)
	}
}

// FuzzImport feeds arbitrary bytes through the whole pure importer: reading
// the table, mapping headers, and checking every row of every kind. It must
// never panic, and every error must point at a row.
func FuzzImport(f *testing.F) {
	f.Add([]byte(evalCSV))
	f.Add([]byte("Loại,Tên,Chủ sở hữu,Số đơn,Ngày nộp đơn,Tình trạng,Xã/phường\nnhãn hiệu tập thể,Gạo Đỗ Động,HTX,4-2015-1,01/02/2015,đã cấp,Xã Dân Hòa\n"))
	f.Add([]byte("Mã sản phẩm,Tên sản phẩm,Nhóm,Phân nhóm,Chủ thể,Loại chủ thể,Xã/phường\nSP1,\"Trà \"\"sen\"\"\",1,1.5,HTX,htx,Mê Linh\n"))
	f.Add([]byte("PK\x03\x04\x14\x00"))
	f.Add([]byte(strings.Repeat("a;", 70) + "\n"))
	cat := testCatalogue()
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := ReadTable(data)
		if err != nil {
			return
		}
		for _, kind := range ImportKinds {
			rows, errs := Prepare(kind, table)
			for _, e := range errs {
				if e.Key == "" {
					t.Fatalf("error without a message: %+v", e)
				}
			}
			for _, r := range rows {
				if r.Line < 2 {
					t.Fatalf("data row numbered %d", r.Line)
				}
				switch kind {
				case ImportProducts:
					p, pr := ProductRow(r, cat)
					_, e1 := p.Check(cat)
					_, e2 := pr.Check()
					r.Errors(kind, e1)
					r.Errors(kind, e2)
				case ImportEvaluations:
					_, e := EvaluationRow(r).Parse(DefaultBands, today)
					for _, ie := range r.Errors(kind, e) {
						if ie.Line != r.Line || ie.Column == "" {
							t.Fatalf("error not at a cell: %+v", ie)
						}
					}
				case ImportIP:
					in, _ := IPRow(r)
					_, e := in.Check(today)
					r.Errors(kind, e)
				}
			}
		}
	})
}

func testCatalogue() Catalogue {
	return Catalogue{
		{Code: "1", Name: "Thực phẩm", Subgroups: []Subgroup{{Code: "1.5", GroupCode: "1", Name: "Chè"}}},
		{Code: "5", Name: "Sinh vật cảnh", Subgroups: []Subgroup{{Code: "5.1", GroupCode: "5", Name: "Hoa"}}},
	}
}
