package workbook

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"khcn/internal/civil"
	"khcn/internal/programme"
)

// Sheet names of the report template, as the officer sees them.
const (
	ValuesSheet    = "Báo cáo"
	NarrativeSheet = "Thuyết minh"
)

// Columns of the values sheet.
const (
	colNo, colCode, colName, colUnit, colType, colTarget, colPrev, colValue, colComment = "A", "B", "C", "D", "E", "F", "G", "H", "I"
	firstRow                                                                            = 7
)

// ReportRow is one indicator in the template.
type ReportRow struct {
	Indicator programme.Indicator
	Target    string // formatted
	Previous  string // formatted value of the previous period
	Value     string // formatted current value
	Comment   string
}

// ReportTemplate is what the template is pre-filled with.
type ReportTemplate struct {
	PeriodID, UnitID string
	Version          int
	Programme        string // "07-CTr/TU — Đẩy mạnh…"
	Unit             string // "Huyện Mê Linh"
	Period           string // "6 tháng đầu năm 2024 (15/12/2023 – 14/06/2024)"
	Deadline         string
	// Start, End and Due are the period's days and its deadline, written
	// as typed date cells beside the period's name when set.
	Start, End, Due civil.Date
	Rows            []ReportRow
	Sections        [5]string
	SectionTitles   [5]string
}

// BuildReport makes the pre-filled, protected template of a report: only
// the value and comment cells (and the narrative) can be typed into.
func BuildReport(t ReportTemplate) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ValuesSheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	s := ValuesSheet
	set := func(ref string, v any, style int) {
		if err == nil {
			err = f.SetCellValue(s, ref, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(s, ref, ref, style)
		}
	}
	widths := map[string]float64{colNo: 5, colCode: 12, colName: 48, colUnit: 10, colType: 16, colTarget: 14, colPrev: 14, colValue: 16, colComment: 36}
	for c, w := range widths {
		if err == nil {
			err = f.SetColWidth(s, c, c, w)
		}
	}
	set("A1", "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU", st.title)
	set("A2", t.Programme, st.text)
	set("A3", "Đơn vị báo cáo: "+t.Unit, st.text)
	merges := []string{"A1:I1", "A2:I2", "A3:I3", "A4:I4", "A5:I5"}
	if t.Due.IsZero() {
		set("A4", "Kỳ báo cáo: "+t.Period+" — hạn gửi: "+t.Deadline, st.text)
	} else {
		// Dates are typed cells (shown dd/mm/yyyy), beside their labels.
		merges[3] = "A4:C4"
		set("A4", "Kỳ báo cáo: "+t.Period, st.text)
		for _, d := range []struct {
			label, value string
			day          civil.Date
		}{{"D4", "E4", t.Start}, {"F4", "G4", t.End}, {"H4", "I4", t.Due}} {
			set(d.label, map[string]string{"D4": "Từ ngày", "F4": "Đến ngày", "H4": "Hạn gửi"}[d.label], st.text)
			if !d.day.IsZero() {
				set(d.value, time.Date(d.day.Year, d.day.Month, d.day.Day, 0, 0, 0, 0, time.UTC), st.date)
			}
		}
	}
	set("A5", "Nhập giá trị vào cột H (số viết kiểu Việt Nam: 1.234,5), giải trình vào cột I. Không sửa các cột khác.", st.text)
	for _, m := range merges {
		parts := strings.Split(m, ":")
		if err == nil {
			err = f.MergeCell(s, parts[0], parts[1])
		}
	}
	heads := []string{"STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kiểu dữ liệu", "Kế hoạch", "Kỳ trước", "Giá trị kỳ này", "Ghi chú, giải trình"}
	var headCells []wrapped
	for i, h := range heads {
		c := string(rune('A' + i))
		set(c+"6", h, st.head)
		headCells = append(headCells, wrapped{h, widths[c]})
	}
	// Rows tall enough for their wrapped text, so that a long name or
	// comment does not print over the rows below (title and notes span
	// the table).
	total := 0.0
	for _, w := range widths {
		total += w
	}
	height := func(row int, h float64) {
		if err == nil {
			err = f.SetRowHeight(s, row, h)
		}
	}
	height(1, heightFor(14, wrapped{"BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU", total * 12 / 14}))
	height(2, heightFor(12, wrapped{t.Programme, total}))
	height(5, heightFor(12, wrapped{"Nhập giá trị vào cột H (số viết kiểu Việt Nam: 1.234,5), giải trình vào cột I. Không sửa các cột khác.", total}))
	height(6, heightFor(12, headCells...))
	for i, r := range t.Rows {
		row := firstRow + i
		ind := r.Indicator
		height(row, heightFor(12, wrapped{ind.Name, widths[colName]}, wrapped{ind.Unit, widths[colUnit]},
			wrapped{typeLabel(ind.Type), widths[colType]}, wrapped{r.Comment, widths[colComment]}))
		set(ref(colNo, row), i+1, st.locked)
		set(ref(colCode, row), ind.Code, st.locked)
		set(ref(colName, row), ind.Name, st.locked)
		set(ref(colUnit, row), ind.Unit, st.locked)
		set(ref(colType, row), typeLabel(ind.Type), st.locked)
		typedSet := func(col, formatted string, open bool) {
			v, number, whole := typed(ind.Type, formatted)
			set(ref(col, row), v, st.numberStyle(open, number, whole))
		}
		typedSet(colTarget, r.Target, false)
		typedSet(colPrev, r.Previous, false)
		if ind.Computed() {
			set(ref(colValue, row), "(tự tính)", st.locked)
			set(ref(colComment, row), "", st.locked)
			continue
		}
		// Numbers are typed cells (Excel shows them in the officer's own
		// notation and reads them back exactly); text stays text.
		typedSet(colValue, r.Value, true)
		set(ref(colComment, row), r.Comment, st.open)
		if ind.Type == programme.YesNo && err == nil {
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(ref(colValue, row))
			if err = dv.SetDropList([]string{"Có", "Không"}); err == nil {
				err = f.AddDataValidation(s, dv)
			}
		}
	}
	if err == nil {
		err = f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: firstRow - 1, TopLeftCell: ref("A", firstRow), ActivePane: "bottomLeft"})
	}
	if err == nil {
		err = printable(f, s, firstRow-1, true)
	}
	if err == nil {
		err = protect(f, s)
	}
	if err == nil {
		err = narrativeSheet(f, st, t)
	}
	if err != nil {
		return nil, err
	}
	return finish(f, [][2]string{{"kind", reportMarker}, {"period", t.PeriodID}, {"unit", t.UnitID}, {"version", strconv.Itoa(t.Version)}})
}

func narrativeSheet(f *excelize.File, st styles, t ReportTemplate) error {
	s := NarrativeSheet
	if _, err := f.NewSheet(s); err != nil {
		return err
	}
	var err error
	do := func(fn func() error) {
		if err == nil {
			err = fn()
		}
	}
	do(func() error { return f.SetColWidth(s, "A", "A", 40) })
	do(func() error { return f.SetColWidth(s, "B", "B", 100) })
	do(func() error { return f.SetCellValue(s, "A1", "Phần") })
	do(func() error { return f.SetCellValue(s, "B1", "Nội dung") })
	do(func() error { return f.SetCellStyle(s, "A1", "B1", st.head) })
	for i := 0; i < 5; i++ {
		row := i + 2
		do(func() error { return f.SetCellValue(s, ref("A", row), t.SectionTitles[i]) })
		do(func() error { return f.SetCellStyle(s, ref("A", row), ref("A", row), st.locked) })
		do(func() error { return f.SetCellValue(s, ref("B", row), t.Sections[i]) })
		do(func() error { return f.SetCellStyle(s, ref("B", row), ref("B", row), st.open) })
		do(func() error { return f.SetRowHeight(s, row, max(120, heightFor(12, wrapped{t.Sections[i], 100}))) })
	}
	do(func() error {
		return f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	})
	do(func() error { return printable(f, s, 1, true) })
	do(func() error { return protect(f, s) })
	return err
}

// ReportUpload is what a filled template says.
type ReportUpload struct {
	PeriodID, UnitID string
	Version          int
	Entries          map[string]programme.Entry // by indicator code
	Rows             map[string]int             // code → row, to place problems
	Sections         [5]string
	cols             [2]string // value and comment columns found
}

// ReadReport reads a filled report template. It checks the file is one of
// ours and each value against its indicator's type and range, and returns
// every problem found (the caller saves nothing when there is any). It
// never panics, whatever the bytes.
func ReadReport(data []byte, inds []programme.Indicator) (up ReportUpload, probs []Problem) {
	probs = safe(func() []Problem {
		var ps []Problem
		up, ps = readReport(data, inds)
		return ps
	})
	return up, probs
}

func readReport(data []byte, inds []programme.Indicator) (ReportUpload, []Problem) {
	up := ReportUpload{Entries: map[string]programme.Entry{}, Rows: map[string]int{}}
	f, probs := open(data)
	if probs != nil {
		return up, probs
	}
	defer f.Close()
	m, probs := meta(f, reportMarker)
	if probs != nil {
		return up, probs
	}
	up.PeriodID, up.UnitID = m["period"], m["unit"]
	up.Version, _ = strconv.Atoi(m["version"])
	rows, probs := sheetRows(f, ValuesSheet, maxReportRow)
	if probs != nil {
		return up, probs
	}
	// Columns are found by their headers, wherever they are.
	head, at, probs := findHeader(rows, ValuesSheet, []headerCol{{"code", "Mã chỉ tiêu"}, {"value", "Giá trị kỳ này"}, {"comment", "Ghi chú, giải trình"}}, 20)
	if probs != nil {
		return up, probs
	}
	codeCol, valueCol, commentCol := letter(at["code"]), letter(at["value"]), letter(at["comment"])
	cells := newSheetReader(f, ValuesSheet)
	codes := programme.ByCode(inds)
	for i := head + 1; i < len(rows); i++ {
		row := i + 1
		code := strings.TrimSpace(at2(rows[i], at["code"]))
		if code == "" {
			if strings.TrimSpace(at2(rows[i], at["value"])) != "" {
				probs = append(probs, Problem{Sheet: ValuesSheet, Row: row, Column: codeCol, Key: "err.xlsx.no_code"})
			}
			continue
		}
		ind, ok := codes[code]
		switch {
		case !ok:
			probs = append(probs, Problem{Sheet: ValuesSheet, Row: row, Column: codeCol, Key: "err.xlsx.unknown_code", Args: []string{code}})
			continue
		case up.Rows[code] != 0:
			probs = append(probs, Problem{Sheet: ValuesSheet, Row: row, Column: codeCol, Key: "err.xlsx.duplicate_code", Args: []string{code, strconv.Itoa(up.Rows[code])}})
			continue
		}
		up.Rows[code] = row
		if ind.Computed() {
			continue
		}
		raw, key, args := cells.value(ref(valueCol, row), ind)
		if key != "" {
			probs = append(probs, Problem{Sheet: ValuesSheet, Row: row, Column: valueCol, Key: key, Args: args})
			continue
		}
		comment := strings.TrimSpace(at2(rows[i], at["comment"]))
		up.Entries[code] = programme.Entry{Raw: raw, Comment: comment}
	}
	up.cols = [2]string{valueCol, commentCol}
	for _, ind := range inds {
		if up.Rows[ind.Code] == 0 {
			probs = append(probs, Problem{Sheet: ValuesSheet, Key: "err.xlsx.missing_row", Args: []string{ind.Code, ind.Name}})
		}
	}
	probs = append(probs, CheckEntries(ValuesSheet, up.cols[0], up.cols[1], inds, up.Entries, up.Rows)...)
	if idx, _ := f.GetSheetIndex(NarrativeSheet); idx >= 0 {
		nrows, err := f.GetRows(NarrativeSheet)
		if err == nil {
			for i := 0; i < 5 && i+1 < len(nrows); i++ {
				up.Sections[i] = strings.TrimSpace(at2(nrows[i+1], 1))
				if len([]rune(up.Sections[i])) > 20000 {
					probs = append(probs, Problem{Sheet: NarrativeSheet, Row: i + 2, Column: "B", Key: "err.xlsx.text_long"})
				}
			}
		}
	}
	sortProblems(probs)
	return up, probs
}

// CheckEntries validates entries with the same rules as the web form and
// places each problem at its row and column.
func CheckEntries(sheet, valueCol, commentCol string, inds []programme.Indicator, entries map[string]programme.Entry, rows map[string]int) []Problem {
	var out []Problem
	var present []programme.Indicator
	for _, ind := range inds {
		if _, ok := entries[ind.Code]; ok {
			present = append(present, ind)
		}
	}
	_, errs := programme.Parse(present, entries)
	for _, ind := range present {
		col := valueCol
		p, ok := errs[programme.Field(ind.Code)]
		if !ok {
			if p, ok = errs[programme.CommentField(ind.Code)]; !ok {
				continue
			}
			col = commentCol
		}
		args := make([]string, len(p.Args))
		for i, a := range p.Args {
			args[i] = toString(a)
		}
		out = append(out, Problem{Sheet: sheet, Row: rows[ind.Code], Column: col, Key: p.Key, Args: args})
	}
	return out
}

func at2(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func toString(v any) string { return fmt.Sprint(v) }
