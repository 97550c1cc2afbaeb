package app_test

import (
	"context"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/document"
	"khcn/internal/document/documenttest"
	"khcn/internal/hanoi"
	"khcn/internal/programme"
	"khcn/internal/webtest"
)

// The consolidated report's trích yếu says what it is once; the inspection
// minutes are signed by the unit inspected and by the team's lead, and get
// their number from the Sở's register when issued.
func TestProgrammeDocumentsWordingAndSignatures(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	setDay(e, civil.New(2026, 11, 26))
	so := progActor(t, e.Store, "chuyenvien")
	ps, err := e.Store.Read().Periods(ctx, demo.Programme07)
	if err != nil {
		t.Fatal(err)
	}
	var year, half programme.Period
	for _, p := range ps {
		if strings.HasSuffix(p.Name, "2024") && p.Kind == programme.Year {
			year = p
		}
		if strings.HasSuffix(p.Name, "2024") && p.Kind == programme.FirstHalf {
			half = p
		}
	}
	for _, c := range []struct {
		p         programme.Period
		want, not string
	}{{year, "Kết quả thực hiện Chương trình 07-CTr/TU năm 2024", "thực hiện năm 2024 thực hiện"},
		{half, "Sơ kết 6 tháng đầu năm 2024 thực hiện Chương trình 07-CTr/TU", "Kết quả thực hiện 6 tháng"}} {
		docx, name, err := e.App.ConsolidatedDOCX(ctx, so, demo.Programme07, c.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := documenttest.DocxText(t, docx)
		if !strings.Contains(text, c.want) || strings.Contains(text, c.not) {
			t.Errorf("trích yếu of %s:\n%.700s", c.p.Name, text)
		}
		if !strings.Contains(name, "Chương trình") {
			t.Errorf("file name without diacritics: %q", name)
		}
	}

	id, err := e.App.SaveInspection(ctx, so, app.InspectionInput{Inspection: programme.Inspection{ProgrammeID: demo.Programme07, PeriodID: half.ID,
		UnitID: hanoi.DistrictID("250"), Date: civil.New(2024, 7, 19), Team: "Phạm Văn Đức - Phó Giám đốc Sở", Lead: "Phạm Văn Đức",
		Findings: []programme.Finding{{Area: "Nông nghiệp ứng dụng công nghệ cao", Text: "Đã mở rộng diện tích nhà màng."}}}})
	if err != nil {
		t.Fatal(err)
	}
	minutes, _, err := e.App.InspectionMinutesDOCX(ctx, so, id)
	if err != nil {
		t.Fatal(err)
	}
	text := documenttest.DocxText(t, minutes)
	for _, want := range []string{"ĐẠI DIỆN UBND HUYỆN MÊ LINH", "TRƯỞNG ĐOÀN KIỂM TRA", "Phạm Văn Đức", document.Draft} {
		if !strings.Contains(text, want) {
			t.Errorf("minutes lack %q:\n%s", want, text)
		}
	}
	issued, err := e.App.IssueDocument(ctx, so, document.KindInspectionMinutes.Key, id)
	if err != nil || issued.Number != "01/BB-SKHCN" {
		t.Fatalf("issue minutes: %+v %v", issued, err)
	}
	minutes, _, _ = e.App.InspectionMinutesDOCX(ctx, so, id)
	if text := documenttest.DocxText(t, minutes); !strings.Contains(text, "Số: 01/BB-SKHCN") || strings.Contains(text, document.Draft) {
		t.Errorf("issued minutes:\n%.500s", text)
	}
}
