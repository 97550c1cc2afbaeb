package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/civil"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
)

func testIndicators() []programme.Indicator {
	k := []orgunit.Kind{orgunit.District}
	max := 100.0
	return []programme.Indicator{
		{ID: "i1", Code: "EGOV", Name: "Tỷ lệ hồ sơ trực tuyến toàn trình", Unit: "%", Type: programme.Percent, Direction: programme.Up, Aggregation: programme.Avg, ReporterKinds: k, Max: &max},
		{ID: "i2", Code: "MODELS", Name: "Số mô hình ứng dụng KH&CN", Unit: "mô hình", Type: programme.Number, Direction: programme.Up, Aggregation: programme.Sum, ReporterKinds: k},
		{ID: "i3", Code: "BUDGET", Name: "Kinh phí sự nghiệp KH&CN", Unit: "đồng", Type: programme.Money, Direction: programme.Up, Aggregation: programme.Sum, ReporterKinds: k},
		{ID: "i4", Code: "PLAN", Name: "Đã ban hành kế hoạch thực hiện", Type: programme.YesNo, Direction: programme.Up, Aggregation: programme.Sum, ReporterKinds: k},
		{ID: "i5", Code: "PER_MODEL", Name: "Kinh phí bình quân", Type: programme.Number, Direction: programme.Up, Aggregation: programme.Formula, Formula: "BUDGET / MODELS"},
	}
}

func template(t testing.TB) []byte {
	t.Helper()
	var rows []ReportRow
	for _, ind := range testIndicators() {
		rows = append(rows, ReportRow{Indicator: ind, Target: "10"})
	}
	rows[0].Value, rows[1].Value, rows[2].Value, rows[3].Value = "87,5", "12", "1.500.000.000", "Có"
	rows[1].Comment = "Tăng do có thêm 2 HTX"
	data, err := BuildReport(ReportTemplate{PeriodID: "p-2024-h1", UnitID: "hn-250", Version: 3, Programme: "07-CTr/TU", Unit: "Huyện Mê Linh",
		Period: "6 tháng đầu năm 2024", Deadline: "19/06/2024", Start: civil.New(2023, 12, 15), End: civil.New(2024, 6, 14), Due: civil.New(2024, 6, 19), Rows: rows, Sections: [5]string{"Lãnh đạo", "Kết quả", "", "", "Kiến nghị"},
		SectionTitles: [5]string{"I.", "II.", "III.", "IV.", "V."}})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReportRoundTrip(t *testing.T) {
	up, probs := ReadReport(template(t), testIndicators())
	if len(probs) != 0 {
		t.Fatalf("problems reading our own template: %+v", probs)
	}
	if up.PeriodID != "p-2024-h1" || up.UnitID != "hn-250" || up.Version != 3 {
		t.Errorf("meta %+v", up)
	}
	if up.Entries["EGOV"].Raw != "87,5" || up.Entries["BUDGET"].Raw != "1.500.000.000" || up.Entries["MODELS"].Comment != "Tăng do có thêm 2 HTX" {
		t.Errorf("entries %+v", up.Entries)
	}
	if _, ok := up.Entries["PER_MODEL"]; ok {
		t.Error("computed indicator read from the file")
	}
	if up.Sections[0] != "Lãnh đạo" || up.Sections[4] != "Kiến nghị" {
		t.Errorf("sections %q", up.Sections)
	}
}

// An officer's edits as Excel stores them: numbers as numbers, and the
// mistakes people make.
func TestReportErrorsBySheetRowColumn(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(template(t)))
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(ValuesSheet, "H7", "N/A"))      // EGOV: not a number in Vietnamese notation
	must(f.SetCellValue(ValuesSheet, "H8", 12.5))       // MODELS: a real number cell is fine
	must(f.SetCellValue(ValuesSheet, "H9", 1500000.5))  // BUDGET: money has no decimals
	must(f.SetCellValue(ValuesSheet, "H10", true))      // PLAN: a boolean cell means Có
	must(f.SetCellValue(ValuesSheet, "B13", "UNKNOWN")) // a row that is not an indicator
	must(f.SetCellValue(ValuesSheet, "H13", "5"))
	buf, err := f.WriteToBuffer()
	must(err)
	up, probs := ReadReport(buf.Bytes(), testIndicators())
	want := map[string]string{"H7": "err.xlsx.number_form", "H9": "err.val.not_money", "B13": "err.xlsx.unknown_code"}
	got := map[string]string{}
	for _, p := range probs {
		if p.Sheet != ValuesSheet {
			t.Errorf("problem on sheet %q", p.Sheet)
		}
		got[fmt.Sprintf("%s%d", p.Column, p.Row)] = p.Key
	}
	for at, key := range want {
		if got[at] != key {
			t.Errorf("%s: %q, want %q (all: %v)", at, got[at], key, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	if up.Entries["MODELS"].Raw != "12,5" || up.Entries["PLAN"].Raw != "Có" {
		t.Errorf("numeric cells read as %q and %q", up.Entries["MODELS"].Raw, up.Entries["PLAN"].Raw)
	}
	if p := probs[0]; p.Key != "err.xlsx.number_form" || len(p.Args) != 3 || p.Args[0] != "Tỷ lệ hồ sơ trực tuyến toàn trình" || p.Args[1] != "N/A" || p.Args[2] != "1.234,5" {
		t.Errorf("problem does not name the indicator: %+v", p)
	}
}

func TestNotOurFiles(t *testing.T) {
	for name, data := range brokenFiles(t) {
		_, probs := ReadReport(data, testIndicators())
		if len(probs) == 0 {
			t.Errorf("%s: read without problems", name)
		}
		// A sheet that unpacks far beyond the limit says so, not "damaged".
		if name == "bomb" && (len(probs) != 1 || probs[0].Key != "err.xlsx_too_large") {
			t.Errorf("bomb: %+v, want err.xlsx_too_large", probs)
		}
	}
}

func TestTargetsRoundTrip(t *testing.T) {
	inds := testIndicators()
	data, err := BuildTargets(TargetsTemplate{ProgrammeID: "prog", PeriodID: "per", Stamp: "s1", Title: "Chỉ tiêu năm 2024", Rows: []TargetRow{
		{UnitID: "hn-250", UnitName: "Huyện Mê Linh", Indicator: inds[1], Baseline: "4", Target: "10"},
		{UnitID: "hn-016", UnitName: "Huyện Sóc Sơn", Indicator: inds[2], Target: "2.000.000.000"},
		{UnitID: "hn-016", UnitName: "Huyện Sóc Sơn", Indicator: inds[0], Target: "90"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return strings.HasPrefix(id, "hn-") }
	var calls int
	rows, probs := ReadTargets(data, "prog", "per", "s1", inds, known, func(done, total int) { calls++ })
	if len(probs) != 0 || len(rows) != 3 || calls == 0 {
		t.Fatalf("rows %+v problems %+v progress calls %d", rows, probs, calls)
	}
	if rows[0].Baseline.Num != 4 || rows[0].Target.Num != 10 || rows[1].Target.Money != 2000000000 || rows[1].Baseline.Set {
		t.Errorf("rows %+v", rows)
	}
	if _, probs := ReadTargets(data, "prog", "other", "s1", inds, known, nil); len(probs) != 1 || probs[0].Key != "err.xlsx.other_period" {
		t.Errorf("another period's file: %+v", probs)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	f.SetCellValue(TargetsSheet, "A5", "vn-999")
	f.SetCellValue(TargetsSheet, "G6", "chín mươi")
	buf, _ := f.WriteToBuffer()
	_, probs = ReadTargets(buf.Bytes(), "prog", "per", "s1", inds, known, nil)
	if len(probs) != 2 || probs[0].Row != 5 || probs[0].Column != "A" || probs[1].Row != 6 || probs[1].Column != "G" || probs[1].Key != "err.xlsx.number_form" {
		t.Errorf("problems %+v", probs)
	}
}

// brokenFiles are the kinds of files people (and attackers) upload instead
// of the template; they also seed the fuzz corpus.
func brokenFiles(t testing.TB) map[string][]byte {
	good := template(t)
	out := map[string][]byte{
		"empty":     {},
		"text":      []byte("Mã chỉ tiêu;Giá trị\nEGOV;N/A\n"),
		"truncated": good[:len(good)/2],
		"pk-only":   []byte("PK\x03\x04"),
	}
	flipped := append([]byte(nil), good...)
	for i := len(flipped) / 3; i < len(flipped)/3+200; i++ {
		flipped[i] ^= 0x5a
	}
	out["corrupted"] = flipped
	out["docx"] = zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	out["no-meta"] = rewrite(t, good, func(f *excelize.File) { f.DeleteSheet(metaSheet) })
	out["wrong-marker"] = rewrite(t, good, func(f *excelize.File) { f.SetCellValue(metaSheet, "B1", "something-else") })
	out["no-values-sheet"] = rewrite(t, good, func(f *excelize.File) { f.DeleteSheet(ValuesSheet) })
	out["bad-xml"] = replacePart(t, good, "xl/worksheets/sheet1.xml", `<worksheet><sheetData><row r="7"><c r="H7" t="s"><v>99999</v></c>`)
	out["bad-refs"] = replacePart(t, good, "xl/worksheets/sheet1.xml",
		`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>`+
			`<row r="7"><c r="B7" t="inlineStr"><is><t>EGOV</t></is></c><c r="ZZZZZZ7" t="s"><v>-1</v></c><c r="H7" t="e"><v>#DIV/0!</v></c></row>`+
			`<row r="999999999"><c r="B999999999"><v>1</v></c></row></sheetData></worksheet>`)
	out["bomb"] = replacePart(t, good, "xl/worksheets/sheet1.xml", `<worksheet>`+strings.Repeat(" ", 80<<20)+`</worksheet>`)
	return out
}

func zipOf(t testing.TB, parts map[string]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range parts {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(body))
	}
	w.Close()
	return buf.Bytes()
}

func rewrite(t testing.TB, data []byte, fn func(*excelize.File)) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fn(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func replacePart(t testing.TB, data []byte, part, body string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		parts[f.Name] = b.String()
	}
	parts[part] = body
	return zipOf(t, parts)
}

// FuzzReadReport throws arbitrary bytes at the reader: it must never panic
// and must either read something consistent or say what is wrong. The seed
// corpus in testdata/fuzz/FuzzReadReport holds the broken files above
// (regenerate with KHCN_WRITE_CORPUS=1 go test -run TestWriteCorpus).
func FuzzReadReport(f *testing.F) {
	f.Add(template(f))
	inds := testIndicators()
	f.Fuzz(func(t *testing.T, data []byte) {
		up, probs := ReadReport(data, inds)
		for _, p := range probs {
			if p.Key == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
		}
		if len(probs) == 0 && up.Entries == nil {
			t.Fatal("no problems and nothing read")
		}
	})
}

func TestWriteCorpus(t *testing.T) {
	if os.Getenv("KHCN_WRITE_CORPUS") == "" {
		t.Skip("set KHCN_WRITE_CORPUS=1 to rewrite the fuzz seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzReadReport")
	os.MkdirAll(dir, 0o755)
	for name, data := range brokenFiles(t) {
		if len(data) > 1<<20 {
			continue // the bomb is built in TestNotOurFiles; keep the repository small
		}
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
