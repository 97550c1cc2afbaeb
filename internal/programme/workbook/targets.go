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
	// Stamp says which state of the targets the file was made from; a file
	// made before a later change is refused, as a report template is.
	Stamp string
	Title string
	Rows  []TargetRow
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
	// Page setup is set before the stream starts: the stream writes the
	// sheet's properties with its first bytes.
	if err := printable(f, s, 3, true); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(s)
	if err != nil {
		return nil, err
	}
	widths := []float64{16, 28, 14, 48, 12, 16, 16}
	total := 0.0
	for i, w := range widths {
		total += w
		if err == nil {
			err = sw.SetColWidth(i+1, i+1, w)
		}
	}
	// The header stays on screen while scrolling (panes must come before
	// the first row of a stream).
	if err == nil {
		err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	}
	cellOf := func(v any, style int) excelize.Cell { return excelize.Cell{Value: v, StyleID: style} }
	hint := "Nhập giá trị cơ sở và chỉ tiêu (số, hoặc chữ số viết kiểu Việt Nam: 1.234,5). Ô để trống giữ nguyên giá trị đã có; ghi “xóa” để xóa."
	// The title and the hint span the table, each row tall enough for its
	// text: a long line no longer runs over the header.
	if err == nil {
		err = sw.SetRow("A1", []any{cellOf(t.Title, st.title)}, excelize.RowOpts{Height: heightFor(14, wrapped{t.Title, total * 12 / 14})})
	}
	if err == nil {
		err = sw.SetRow("A2", []any{cellOf(hint, st.text)}, excelize.RowOpts{Height: heightFor(12, wrapped{hint, total})})
	}
	heads := []any{}
	var headCells []wrapped
	for i, h := range []string{"Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị cơ sở", "Chỉ tiêu (kế hoạch)"} {
		heads = append(heads, cellOf(h, st.head))
		headCells = append(headCells, wrapped{h, widths[i]})
	}
	if err == nil {
		err = sw.SetRow("A3", heads, excelize.RowOpts{Height: heightFor(12, headCells...)})
	}
	for i, r := range t.Rows {
		if err != nil {
			break
		}
		b, bn, bw := typed(r.Indicator.Type, r.Baseline)
		g, gn, gw := typed(r.Indicator.Type, r.Target)
		h := heightFor(12, wrapped{r.UnitName, widths[1]}, wrapped{r.Indicator.Name, widths[3]}, wrapped{r.Indicator.Unit, widths[4]})
		err = sw.SetRow(ref("A", i+4), []any{cellOf(r.UnitID, st.locked), cellOf(r.UnitName, st.locked), cellOf(r.Indicator.Code, st.locked),
			cellOf(r.Indicator.Name, st.locked), cellOf(r.Indicator.Unit, st.locked), cellOf(b, st.numberStyle(true, bn, bw)), cellOf(g, st.numberStyle(true, gn, gw))},
			excelize.RowOpts{Height: h})
	}
	for _, m := range []string{"A1:G1", "A2:G2"} {
		if err == nil {
			err = sw.MergeCell(m[:2], m[3:])
		}
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
	return finish(f, [][2]string{{"kind", targetMarker}, {"programme", t.ProgrammeID}, {"period", t.PeriodID}, {"stamp", t.Stamp}})
}

// TargetUpload is one read line of a targets file. An empty cell keeps
// what is stored (KeepBaseline, KeepTarget); a cell reading “xóa” deletes
// it (the value is then unset and not kept).
type TargetUpload struct {
	Row                      int
	UnitID                   string
	Indicator                programme.Indicator
	Baseline                 programme.Value
	Target                   programme.Value
	KeepBaseline, KeepTarget bool
}

// ReadTargets reads a filled targets file of a programme and period, made
// from the targets as they are now (stamp; a file made before a later
// change is refused). Units must be known (unitOK); values are strict
// like everywhere else. progress is called now and then with rows read and
// rows in all. Every problem is returned; the caller writes nothing when
// there is any.
func ReadTargets(data []byte, programmeID, periodID, stamp string, inds []programme.Indicator, unitOK func(string) bool, progress func(done, total int)) (out []TargetUpload, probs []Problem) {
	probs = safe(func() []Problem {
		var ps []Problem
		out, ps = readTargets(data, programmeID, periodID, stamp, inds, unitOK, progress)
		return ps
	})
	return out, probs
}

func readTargets(data []byte, programmeID, periodID, stamp string, inds []programme.Indicator, unitOK func(string) bool, progress func(done, total int)) ([]TargetUpload, []Problem) {
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
	if m["stamp"] != stamp {
		return nil, []Problem{{Key: "err.xlsx.stale_targets"}}
	}
	rows, probs := sheetRows(f, TargetsSheet, maxTargetRow)
	if probs != nil {
		return nil, probs
	}
	// Columns are found by their headers, wherever they are.
	head, at, probs := findHeader(rows, TargetsSheet, []headerCol{{"unit", "Mã đơn vị"}, {"code", "Mã chỉ tiêu"},
		{"baseline", "Giá trị cơ sở"}, {"target", "Chỉ tiêu (kế hoạch)"}}, 20)
	if probs != nil {
		return nil, probs
	}
	unitCol, codeCol := letter(at["unit"]), letter(at["code"])
	cells := newSheetReader(f, TargetsSheet)
	codes := programme.ByCode(inds)
	seen := map[[2]string]int{}
	var out []TargetUpload
	for i := head + 1; i < len(rows); i++ {
		row := i + 1
		if progress != nil && (i%500 == 0 || i == len(rows)-1) {
			progress(i+1, len(rows))
		}
		unit, code := strings.TrimSpace(at2(rows[i], at["unit"])), strings.TrimSpace(at2(rows[i], at["code"]))
		if unit == "" && code == "" {
			continue
		}
		if !unitOK(unit) {
			probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: unitCol, Key: "err.xlsx.unknown_unit", Args: []string{unit}})
			continue
		}
		ind, ok := codes[code]
		if !ok || ind.Computed() || !ind.Type.Numeric() {
			probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: codeCol, Key: "err.xlsx.unknown_code", Args: []string{code}})
			continue
		}
		k := [2]string{unit, code}
		if first, dup := seen[k]; dup {
			probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: codeCol, Key: "err.xlsx.duplicate_code", Args: []string{code, strconv.Itoa(first)}})
			continue
		}
		seen[k] = row
		up := TargetUpload{Row: row, UnitID: unit, Indicator: ind}
		bad := false
		for _, c := range []struct {
			field string
			dst   *programme.Value
			keep  *bool
		}{{"baseline", &up.Baseline, &up.KeepBaseline}, {"target", &up.Target, &up.KeepTarget}} {
			col := letter(at[c.field])
			raw, key, args := cells.value(ref(col, row), ind)
			if key == "" && raw == "" {
				*c.keep = true // an empty cell keeps what is stored
				continue
			}
			if key == "" && IsDeleteMark(raw) {
				continue // deleted: unset and not kept
			}
			var v programme.Value
			if key == "" {
				v, key = programme.ParseValue(ind.Type, raw)
				args = []string{ind.Name, raw}
			}
			if key != "" {
				probs = append(probs, Problem{Sheet: TargetsSheet, Row: row, Column: col, Key: key, Args: args})
				bad = true
				continue
			}
			*c.dst = v
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
