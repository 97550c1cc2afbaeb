package app_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/hanoi"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/store"
	"khcn/internal/valid"
	"khcn/internal/webtest"
)

func total(t *testing.T, d app.Dashboard, code string) programme.Cell {
	t.Helper()
	for i, ind := range d.Totals {
		if ind.Code == code {
			return d.Total[i].Value
		}
	}
	t.Fatalf("no indicator %s", code)
	return programme.Cell{}
}

func column(d app.Dashboard, code string) int {
	for i, ind := range d.Columns {
		if ind.Code == code {
			return i
		}
	}
	return -1
}

// The four rules of the 2025 reorganisation, with the real Hà Nội units and
// the demo's reports.
func TestReorganisationRules(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.ProgrammeSteps()}, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		setDay(e, civil.New(2026, 11, 26))
		so, officer := progActor(t, e.Store, "chuyenvien"), progActor(t, e.Store, "canbo.melinh")
		h1_2024 := progPeriod(t, e.Store, demo.Programme07, "2024-H1")
		meLinhDistrict := hanoi.DistrictID("250")

		// 1. A report stays on the unit that made it: the former Mê Linh
		// district's H1 2024 report is still the district's; today's xã Mê
		// Linh reads it as history but cannot change it.
		r, err := e.Store.Read().ReportFor(ctx, h1_2024.ID, meLinhDistrict)
		if err != nil || r.UnitID != meLinhDistrict || !strings.HasPrefix(r.UnitPath, "/hn/hn-250/") {
			t.Fatalf("district report: %+v %v", r, err)
		}
		pg, err := e.App.ReportView(ctx, officer, h1_2024.ID, meLinhDistrict)
		if err != nil || pg.Report.ID != r.ID || !strings.Contains(pg.Report.Sections[4], "tập huấn") {
			t.Fatalf("xã Mê Linh reads its history: %v", err)
		}
		if err := e.App.SaveReport(ctx, officer, app.ReportInput{PeriodID: h1_2024.ID, UnitID: meLinhDistrict, Version: pg.Report.Version}); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("xã Mê Linh edits the district's report: %v", err)
		}
		if _, err := e.App.ReportView(ctx, officer, h1_2024.ID, hanoi.DistrictID("016")); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("xã Mê Linh reads Sóc Sơn's history: %v", err)
		}

		// 2. Today's units carry history through the successor map; a share
		// of a split unit is approximate.
		h, err := e.App.UnitHistory(ctx, so, demo.Programme07, demo.MeLinh)
		if err != nil {
			t.Fatal(err)
		}
		models := indicatorOf(t, h.Indicators, "ST_MODELS")
		f, ok := h.Values[h1_2024.ID][models.ID]
		if !ok || !f.Value.Set || !f.Value.Approx || !h.Approx {
			t.Fatalf("xã Mê Linh's H1 2024 models: %+v", f)
		}
		var fromDistrict bool
		for _, ur := range h.Reports {
			fromDistrict = fromDistrict || (ur.Unit.ID == meLinhDistrict && !ur.Own && ur.Period.ID == h1_2024.ID)
		}
		if !fromDistrict {
			t.Error("xã Mê Linh's page does not list the former district's report")
		}
		districtOnly, err := e.Store.Read().Data(ctx, store.DataFilter{PeriodIDs: []string{h1_2024.ID}, UnitIDs: []string{meLinhDistrict}, IndicatorIDs: []string{models.ID}})
		if err != nil || len(districtOnly) != 1 || f.Value.V >= districtOnly[0].Value.Num || f.Value.V <= 0 {
			t.Errorf("xã Mê Linh carries %v of the district's %+v", f.Value.V, districtOnly)
		}

		// 3. The city total is the same counted from the districts as they
		// were or from today's communes, and it goes on across 1/7/2025.
		h1_2025 := progPeriod(t, e.Store, demo.Programme07, "2025-H1")
		h2_2025 := progPeriod(t, e.Store, demo.Programme07, "2025-H2")
		dash := func(view string, today bool) app.Dashboard {
			d, err := e.App.ProgrammeDashboard(ctx, so, app.DashQuery{ProgrammeID: demo.Programme07, ViewID: view, Today: today, AllAreas: true})
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		then, now := dash(h1_2025.ID, false), dash(h1_2025.ID, true)
		cityThen, cityNow := total(t, then, "ST_MODELS"), total(t, now, "ST_MODELS")
		if !cityThen.Set || cityThen.V != cityNow.V || cityThen.Approx {
			t.Fatalf("H1 2025 city total: %+v as reported, %+v with today's units", cityThen, cityNow)
		}
		var rows float64
		col := column(now, "ST_MODELS")
		for _, r := range now.Rows {
			if r.Unit.Kind == orgunit.District {
				t.Errorf("today's view lists the former %s", r.Unit.Name)
			}
			rows += r.Figures[col].Value.V
		}
		if math.Abs(rows-cityThen.V) > 1e-6 || len(then.Rows) < 30 {
			t.Errorf("today's communes add up to %v, the districts to %v", rows, cityThen.V)
		}
		// Drilled into the former district as it was, its communes are no
		// rows: the district reported for them (they had empty rows).
		district, err := e.App.ProgrammeDashboard(ctx, so, app.DashQuery{ProgrammeID: demo.Programme07, ViewID: h1_2024.ID, ScopeID: meLinhDistrict, AllAreas: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range district.Rows {
			if r.Unit.ID != meLinhDistrict {
				t.Errorf("the former district's drill-down lists %s, which reported nothing of its own", r.Unit.Name)
			}
		}
		if len(district.Rows) != 1 {
			t.Errorf("the former district's drill-down has %d rows, want the district's own", len(district.Rows))
		}
		cityH2 := total(t, dash(h2_2025.ID, false), "ST_MODELS")
		h2reports, _ := e.Store.Read().ReportsOfPeriod(ctx, h2_2025.ID)
		sent := 0
		for _, r := range h2reports {
			if r.State.Sent() {
				sent++
			}
		}
		if !cityH2.Set || cityH2.Units != sent || sent < 80 {
			t.Errorf("H2 2025 city total from %d communes, want the %d that sent", cityH2.Units, sent)
		}

		// 4. The 2025 annual view joins the districts' H1 and the communes'
		// H2: flows add up, cumulative figures take the second half.
		year := dash(programme.YearID(2025), false)
		if !year.View.Virtual || len(year.Parts) != 2 {
			t.Fatalf("2025 view: %+v", year.View)
		}
		if got := total(t, year, "ST_MODELS").V; math.Abs(got-(cityThen.V+cityH2.V)) > 1e-6 {
			t.Errorf("2025 models %v, want H1 %v + H2 %v", got, cityThen.V, cityH2.V)
		}
		if got, want := total(t, year, "IP_MARKS").V, total(t, dash(h2_2025.ID, false), "IP_MARKS").V; got != want {
			t.Errorf("2025 cumulative marks %v, want the second half's %v", got, want)
		}
	})
}

func indicatorOf(t *testing.T, inds []programme.Indicator, code string) programme.Indicator {
	t.Helper()
	for _, i := range inds {
		if i.Code == code {
			return i
		}
	}
	t.Fatalf("no indicator %s", code)
	return programme.Indicator{}
}

// Formulas are checked with the whole programme: an unknown code or a loop
// is refused at the formula field.
func TestIndicatorFormulas(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	so := progActor(t, e.Store, "chuyenvien")
	ind := programme.Indicator{ProgrammeID: demo.Programme07, Code: "LOOP_A", Name: "Vòng lặp", Type: programme.Number, Direction: programme.Up,
		Aggregation: programme.Formula, Formula: "IP_RATE * 2"}
	id, err := e.App.SaveIndicator(ctx, so, ind)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := e.App.Programme(ctx, so, demo.Programme07)
	rate := indicatorOf(t, info.Indicators, "IP_RATE")
	rate.Formula = "LOOP_A / 2"
	var ve valid.Errors
	if _, err := e.App.SaveIndicator(ctx, so, rate); !errors.As(err, &ve) || ve["formula"].Key != "err.prog.formula_cycle" {
		t.Fatalf("loop accepted: %v", err)
	}
	ind.ID, ind.Version, ind.Formula = id, 1, "NOPE + 1"
	if _, err := e.App.SaveIndicator(ctx, so, ind); !errors.As(err, &ve) || ve["formula"].Args[0] != "NOPE" {
		t.Fatalf("unknown code accepted: %v", err)
	}
	if _, err := e.App.SaveIndicator(ctx, progActor(t, e.Store, "canbo.melinh"), ind); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("a commune officer configures programmes: %v", err)
	}
}

// The consolidated report and the inspection documents open in LibreOffice
// with the Decree 30 layout's parts and the figures.
func TestDocumentsOpenInLibreOffice(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	setDay(e, civil.New(2026, 11, 26))
	so := progActor(t, e.Store, "chuyenvien")
	h1 := progPeriod(t, e.Store, demo.Programme07, "2024-H1")
	docx, name, err := e.App.ConsolidatedDOCX(ctx, so, demo.Programme07, h1.ID)
	if err != nil || !strings.HasSuffix(name, ".docx") {
		t.Fatal(name, err)
	}
	text := documenttest.Squash(documenttest.Text(t, docx, "docx"))
	for _, want := range []string{"CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM", "BÁOCÁO", "Sơkết6thángđầunăm2024", "I.CÔNGTÁCLÃNHĐẠO,CHỈĐẠO",
		"V.KIẾNNGHỊ,ĐỀXUẤT", "PHỤLỤC", "HuyệnMêLinh", "Toànthànhphố", "Nơinhận", "tậphuấn"} {
		if !strings.Contains(text, want) {
			t.Errorf("consolidated .docx lacks %q", want)
		}
	}
	xlsx, _, err := e.App.ConsolidatedXLSX(ctx, so, demo.Programme07, h1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if text := documenttest.Squash(documenttest.Text(t, xlsx, "xlsx")); !strings.Contains(text, "KẾTQUẢTHỰCHIỆNCHƯƠNGTRÌNH07-CTr/TU") {
		t.Errorf("consolidated .xlsx: %.300s", text)
	}
	id, err := e.App.SaveInspection(ctx, so, app.InspectionInput{Inspection: programme.Inspection{ProgrammeID: demo.Programme07, PeriodID: h1.ID,
		UnitID: hanoi.DistrictID("250"), Date: civil.New(2024, 7, 19), Team: "Phạm Văn Đức - Phó Giám đốc Sở\nNguyễn Thị Thu Hà - Chuyên viên", Lead: "Phạm Văn Đức",
		Findings:    []programme.Finding{{Area: "Nông nghiệp ứng dụng công nghệ cao", Text: "Đã mở rộng diện tích nhà màng."}},
		Conclusions: []programme.Conclusion{{Text: "Xây dựng nhãn hiệu cho sản phẩm chủ lực.", Due: civil.New(2024, 12, 31)}}}})
	if err != nil {
		t.Fatal(err)
	}
	minutes, _, err := e.App.InspectionMinutesDOCX(ctx, so, id)
	if err != nil {
		t.Fatal(err)
	}
	if text := documenttest.Squash(documenttest.Text(t, minutes, "docx")); !strings.Contains(text, "BIÊNBẢN") || !strings.Contains(text, "Xâydựngnhãnhiệu") {
		t.Errorf("minutes: %.400s", text)
	}
}

// A target sheet is imported in the background with progress, all or
// nothing, with problems by row and column.
func TestTargetImport(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	so := progActor(t, e.Store, "chuyenvien")
	y := progPeriod(t, e.Store, demo.Programme07, "2024")
	data, _, err := e.App.TargetsWorkbook(ctx, so, y.ID)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Chỉ tiêu")
	row := -1
	for i, r := range rows {
		if len(r) > 2 && r[0] == hanoi.DistrictID("250") && r[2] == "ST_MODELS" {
			row = i + 1
		}
	}
	if row < 0 {
		t.Fatal("no Mê Linh ST_MODELS row")
	}
	wait := func(id string) store.ImportJob {
		// Generous: under -race on a busy machine the import takes seconds.
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
			j, err := e.App.ImportJob(ctx, so, id)
			if err != nil {
				t.Fatal(err)
			}
			if j.Status != "running" && j.Status != "queued" {
				return j
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatal("import never finished")
		return store.ImportJob{}
	}
	f.SetCellValue("Chỉ tiêu", "G"+strconv.Itoa(row), "N/A")
	f.SetCellValue("Chỉ tiêu", "G"+strconv.Itoa(row+1), 77)
	bad, _ := f.WriteToBuffer()
	id, err := e.App.StartTargetImport(ctx, so, y.ID, app.Upload{Name: "chi-tieu.xlsx", Data: bad.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	j := wait(id)
	if j.Status != "failed" || len(j.Problems) != 1 || j.Problems[0].Row != row || j.Problems[0].Column != "G" || j.Problems[0].Key != "err.xlsx.number_form" {
		t.Fatalf("bad file: %+v", j)
	}
	if j.Total == 0 || j.Done != j.Total {
		t.Errorf("progress %d/%d", j.Done, j.Total)
	}
	f.SetCellValue("Chỉ tiêu", "G"+strconv.Itoa(row), "42")
	good, _ := f.WriteToBuffer()
	if id, err = e.App.StartTargetImport(ctx, so, y.ID, app.Upload{Name: "chi-tieu.xlsx", Data: good.Bytes()}); err != nil {
		t.Fatal(err)
	}
	if j := wait(id); j.Status != "done" {
		t.Fatalf("good file: %+v", j)
	}
	g, err := e.App.TargetGrid(ctx, so, y.ID, hanoi.DistrictID("250"))
	if err != nil {
		t.Fatal(err)
	}
	models := indicatorOf(t, g.Indicators, "ST_MODELS")
	if v := g.Targets[models.ID].Target; v.Num != 42 {
		t.Errorf("imported target %+v", v)
	}
	// The same file again is stale: the targets changed since it was made.
	if id, err = e.App.StartTargetImport(ctx, so, y.ID, app.Upload{Name: "chi-tieu.xlsx", Data: good.Bytes()}); err != nil {
		t.Fatal(err)
	}
	if j := wait(id); j.Status != "failed" || len(j.Problems) != 1 || j.Problems[0].Key != "err.xlsx.stale_targets" {
		t.Fatalf("a stale targets file: %+v", j)
	}
	// In a fresh file an empty cell keeps the target; “xóa” deletes one.
	fresh, _, err := e.App.TargetsWorkbook(ctx, so, y.ID)
	if err != nil {
		t.Fatal(err)
	}
	f2, err := excelize.OpenReader(bytes.NewReader(fresh))
	if err != nil {
		t.Fatal(err)
	}
	f2.SetCellValue("Chỉ tiêu", "G"+strconv.Itoa(row), "")
	f2.SetCellValue("Chỉ tiêu", "G"+strconv.Itoa(row+1), "xóa")
	kept, _ := f2.WriteToBuffer()
	if id, err = e.App.StartTargetImport(ctx, so, y.ID, app.Upload{Name: "chi-tieu.xlsx", Data: kept.Bytes()}); err != nil {
		t.Fatal(err)
	}
	if j := wait(id); j.Status != "done" {
		t.Fatalf("fresh file: %+v", j)
	}
	g, _ = e.App.TargetGrid(ctx, so, y.ID, hanoi.DistrictID("250"))
	if v := g.Targets[models.ID].Target; v.Num != 42 {
		t.Errorf("an empty cell emptied the target: %+v", v)
	}
	budget := indicatorOf(t, g.Indicators, "ST_BUDGET")
	if b := g.Targets[budget.ID]; b.Target.Set || !b.Baseline.Set {
		t.Errorf("“xóa” must delete the target and keep the baseline: %+v", b)
	}
	if _, err := e.App.StartTargetImport(ctx, so, y.ID, app.Upload{Name: "x.xlsx", Data: []byte("%PDF-1.4 not a sheet")}); !errors.As(err, new(valid.Errors)) {
		t.Errorf("a PDF as targets: %v", err)
	}
}

// An inspection's open conclusions become action items of the follow-ups
// area once, linked back to the inspection.
func TestConclusionsBecomeActionItems(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	ctx := context.Background()
	setDay(e, civil.New(2026, 11, 26))
	so := progActor(t, e.Store, "chuyenvien")
	id, err := e.App.SaveInspection(ctx, so, app.InspectionInput{Inspection: programme.Inspection{ProgrammeID: demo.Programme57,
		UnitID: demo.MeLinh, Date: civil.New(2026, 11, 20), Team: "Nguyễn Thị Thu Hà - Chuyên viên", Conclusions: []programme.Conclusion{
			{Text: "Ban hành kế hoạch chuyển đổi số năm 2027.", Due: civil.New(2027, 1, 31)},
			{Text: "Đã xong.", Due: civil.New(2026, 12, 1), Status: programme.ConclusionDone}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.ConvertConclusions(ctx, progActor(t, e.Store, "canbo.melinh"), id); !errors.Is(err, app.ErrForbidden) {
		t.Errorf("an officer converts conclusions: %v", err)
	}
	n, err := e.App.ConvertConclusions(ctx, so, id)
	if err != nil || n != 1 {
		t.Fatalf("converted %d: %v", n, err)
	}
	pg, _ := e.App.Inspection(ctx, so, id)
	if pg.Inspection.Conclusions[0].ActionItemID == "" || pg.Inspection.Conclusions[1].ActionItemID != "" {
		t.Errorf("conclusions after converting: %+v", pg.Inspection.Conclusions)
	}
	if n, _ := e.App.ConvertConclusions(ctx, so, id); n != 0 {
		t.Errorf("converted again: %d", n)
	}
}
