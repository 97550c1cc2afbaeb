package workbook

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"khcn/internal/programme"
)

// TargetsSheet is the sheet of the targets template.
const TargetsSheet = "Chỉ tiêu"

// TargetRow is one unit × indicator line of the targets template.
type TargetRow struct {
	UnitID, UnitName string
	Indicator        programme.Indicator
	Baseline, Target string // formatted
}

// TargetsTemplate is what the targets template holds.
type TargetsTemplate struct {
	ProgrammeID, PeriodID string
	Title                 string
	Rows                  []TargetRow
}

// BuildTargets makes the targets template of a period: one row per unit and
// indicator; only baseline and target can be typed into.
func BuildTargets(t TargetsTemplate) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	s := TargetsSheet
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(s)
	if err != nil {
		return nil, err
	}
	for i, w := range []float64{16, 28, 14, 48, 12, 16, 16} {
		if err == nil {
			err = sw.SetColWidth(i+1, i+1, w)
		}
	}
	cellOf := func(v any, style int) excelize.Cell { return excelize.Cell{Value: v, StyleID: style} }
	if err == nil {
		err = sw.SetRow("A1", []any{cellOf(t.Title, st.title)})
	}
	if err == nil {
		err = sw.SetRow("A2", []any{cellOf("Nhập giá trị cơ sở (cột F) và chỉ tiêu (cột G), số viết kiểu Việt Nam: 1.234,5. Để trống để xóa.", st.text)})
	}
	heads := []any{}
	for _, h := range []string{"Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị cơ sở", "Chỉ tiêu (kế hoạch)"} {
		heads = append(heads, cellOf(h, st.head))
	}
	if err == nil {
		err = sw.SetRow("A3", heads)
	}
	for i, r := range t.Rows {
		if err != nil {
			break
		}
		err = sw.SetRow(ref("A", i+4), []any{cellOf(r.UnitID, st.locked), cellOf(r.UnitName, st.locked), cellOf(r.Indicator.Code, st.locked),
			cellOf(r.Indicator.Name, st.locked), cellOf(r.Indicator.Unit, st.locked), cellOf(r.Baseline, st.open), cellOf(r.Target, st.open)})
	}
	if err == nil {
		err = sw.Flush()
	}
	if err == nil {
		err = protect(f, s)
	}
	if err != nil {
		return nil, err
	}
	return finish(f, [][2]string{{"kind", targetMarker}, {"programme", t.ProgrammeID}, {"period", t.PeriodID}})
}

// TargetUpload is one read line of a targets file.
type TargetUpload struct {
	Row       int
	UnitID    string
	Indicator programme.Indicator
	Baseline  programme.Value
	Target    programme.Value
}

// ReadTargets reads a filled targets file of a programme and period. Units
// must be known (unitOK); values are strict like everywhere else. progress
// is called now and then with rows read and rows in all. Every problem is
// returned; the caller writes nothing when there is any.
func ReadTargets(data []byte, programmeID, periodID string, inds []programme.Indicator, unitOK func(string) bool, progress func(done, total int)) (out []TargetUpload, probs []Problem) {
	probs = safe(func() []Problem {
		var ps []Problem
		out, ps = readTargets(data, programmeID, periodID, inds, unitOK, progress)
		return ps
	})
	return out, probs
}

func readTargets(data []byte, programmeID, periodID string, inds []programme.Indicator, unitOK func(string) bool, progress func(done, total int)) ([]TargetUpload, []Problem) {
	f, probs := open(data)
	if probs != nil {
		return nil, probs
	}
	defer f.Close()
	m, probs := meta(f, targetMarker)
	if probs != nil {
		return nil, probs
	}
	if m["programme"] != programmeID || m["period"] != periodID {
		return nil, []Problem{{Key: "err.xlsx.other_period"}}
	}
	rows, probs := sheetRows(f, TargetsSheet, maxTargetRow)
	if probs != nil {
		return nil, probs
	}
	codes := programme.ByCode(inds)
	seen := map[[2]string]int{}
	var out []TargetUpload
	for i := 3; i < len(rows); i++ {
		row := i + 1
		if progress != nil && (i%500 == 0 || i == len(rows)-1) {
			progress(i+1, len(rows))
		}
		unit, code := strings.TrimSpace(at(rows[i], 0)), strings.TrimSpace(at(rows[i], 2))
		if unit == "" && code == "" {
			continue
		}
		if !unitOK(unit) {
			probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: "A", Key: "err.xlsx.unknown_unit", Args: []string{unit}})
			continue
		}
		ind, ok := codes[code]
		if !ok || ind.Computed() || !ind.Type.Numeric() {
			probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: "C", Key: "err.xlsx.unknown_code", Args: []string{code}})
			continue
		}
		k := [2]string{unit, code}
		if first, dup := seen[k]; dup {
			probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: "C", Key: "err.xlsx.duplicate_code", Args: []string{code, strconv.Itoa(first)}})
			continue
		}
		seen[k] = row
		up := TargetUpload{Row: row, UnitID: unit, Indicator: ind}
		bad := false
		for col, dst := range map[string]*programme.Value{"F": &up.Baseline, "G": &up.Target} {
			raw, err := cell(f, TargetsSheet, ref(col, row))
			if err != nil {
				probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: col, Key: "err.xlsx.unreadable"})
				bad = true
				continue
			}
			v, key := programme.ParseValue(ind.Type, raw)
			if key != "" {
				probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: col, Key: key, Args: []string{ind.Name, raw}})
				bad = true
				continue
			}
			*dst = v
		}
		if !bad {
			out = append(out, up)
		}
	}
	sortProblems(probs)
	return out, probs
}

// sortProblems orders problems by sheet, row and column, as people read.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Sheet, b.Sheet), cmp.Compare(a.Row, b.Row), cmp.Compare(a.Column, b.Column))
	})
}
