package workbook

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/programme"
)

// The targets workbook and the report template print like the product's
// other workbooks: A4, fitted to the page width, the header repeated on
// each page and frozen on screen; and a row whose indicator name wraps is
// tall enough for it, so LibreOffice does not print it over the next row.
func TestTemplatesPrintOnA4(t *testing.T) {
	inds := testIndicators()
	long := inds[1]
	long.Name = "Số nhiệm vụ, mô hình khoa học, công nghệ, đổi mới sáng tạo triển khai trên địa bàn xã, phường trong kỳ báo cáo"
	targets, err := BuildTargets(TargetsTemplate{ProgrammeID: "prog", PeriodID: "per", Stamp: "s1", Title: "CHỈ TIÊU 6 THÁNG CUỐI NĂM 2025 — 07-CTr/TU", Rows: []TargetRow{
		{UnitID: "hn-250", UnitName: "Huyện Mê Linh", Indicator: long, Target: "10"},
		{UnitID: "hn-250", UnitName: "Huyện Mê Linh", Indicator: inds[0], Target: "90"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var rows []ReportRow
	for _, ind := range append([]programme.Indicator{long}, inds[0]) {
		rows = append(rows, ReportRow{Indicator: ind, Target: "10"})
	}
	report, err := BuildReport(ReportTemplate{PeriodID: "p", UnitID: "hn-250", Version: 1, Programme: "07-CTr/TU", Unit: "Huyện Mê Linh",
		Period: "Năm 2026", Deadline: "19/12/2026", Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name           string
		data           []byte
		sheets         []string
		header         int // the header row
		longRow, short int // a row with the long name and one with a short name (0: none)
	}{
		{"targets", targets, []string{TargetsSheet}, 3, 4, 5},
		{"report", report, []string{ValuesSheet}, firstRow - 1, firstRow, firstRow + 1},
		{"report narrative", report, []string{NarrativeSheet}, 1, 0, 0},
	} {
		f, err := excelize.OpenReader(strings.NewReader(string(c.data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range c.sheets {
			pl, err := f.GetPageLayout(s)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("%s %s: page layout %+v, want A4 (9) fitted to one page wide", c.name, s, pl)
			}
			if props, err := f.GetSheetProps(s); err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s %s: fit to page is not on", c.name, s)
			}
			titles := false
			names := f.GetDefinedName()
			for _, n := range names {
				if n.Name == "_xlnm.Print_Titles" && n.Scope == s && strings.HasSuffix(n.RefersTo, fmt.Sprintf("$%d:$%d", c.header, c.header)) {
					titles = true
				}
			}
			if !titles {
				t.Errorf("%s %s: no print titles on row %d (%+v)", c.name, s, c.header, names)
			}
			panes, err := f.GetPanes(s)
			if err != nil || !panes.Freeze || panes.YSplit != c.header {
				t.Errorf("%s %s: panes %+v, want frozen below row %d", c.name, s, panes, c.header)
			}
			if c.longRow == 0 {
				continue
			}
			long, _ := f.GetRowHeight(s, c.longRow)
			short, _ := f.GetRowHeight(s, c.short)
			if long < 2*12*1.3 || long <= short {
				t.Errorf("%s %s: the row with a long name is %v pt high (a short one %v): its text prints over the next row", c.name, s, long, short)
			}
		}
		f.Close()
	}
}
