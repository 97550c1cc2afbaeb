package workbook

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"khcn/internal/locale"
	"khcn/internal/programme"
)

// The reader never guesses: a value cell under a merged range, a formula
// with no value saved, a number typed as text in any notation but the
// Vietnamese one, a count with decimals, are each refused at their cell.

// VNNumberForm is the notation of numbers typed as text, for messages.
const VNNumberForm = "1.234,5"

// vnNumber is a number in Vietnamese notation: dots group thousands (in
// threes), one comma marks decimals.
var vnNumber = regexp.MustCompile(`^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$`)

// DeleteMark is what a targets cell holds to delete its value; an empty
// cell keeps it.
const DeleteMark = "xóa"

// IsDeleteMark reports whether a cell asks to delete its value.
func IsDeleteMark(s string) bool { return locale.Fold(strings.TrimSpace(s)) == "xoa" }

// sheetReader reads value cells of one sheet, knowing its merged ranges.
type sheetReader struct {
	f      *excelize.File
	sheet  string
	merged []excelize.MergeCell
}

func newSheetReader(f *excelize.File, sheet string) *sheetReader {
	m, _ := f.GetMergeCells(sheet)
	return &sheetReader{f: f, sheet: sheet, merged: m}
}

// mergedRange returns the merged range covering ref ("H13:H14"), or "".
func (r *sheetReader) mergedRange(ref string) string {
	c, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		return ""
	}
	for _, m := range r.merged {
		c1, r1, e1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, e2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if e1 == nil && e2 == nil && c >= c1 && c <= c2 && row >= r1 && row <= r2 {
			return m.GetStartAxis() + ":" + m.GetEndAxis()
		}
	}
	return ""
}

// value reads the value cell of an indicator as text in Vietnamese
// notation, ready for programme.ParseValue. A problem comes back as a
// message key with its arguments.
func (r *sheetReader) value(ref string, ind programme.Indicator) (string, string, []string) {
	if m := r.mergedRange(ref); m != "" {
		return "", "err.xlsx.merged", []string{m}
	}
	raw, err := r.f.GetCellValue(r.sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return "", "err.xlsx.unreadable", nil
	}
	if raw == "" {
		if fx, _ := r.f.GetCellFormula(r.sheet, ref); fx != "" {
			return "", "err.xlsx.formula_no_value", []string{"=" + strings.TrimPrefix(fx, "=")}
		}
		return "", "", nil
	}
	typ, err := r.f.GetCellType(r.sheet, ref)
	if err != nil {
		return "", "err.xlsx.unreadable", nil
	}
	numeric := ind.Type == programme.Number || ind.Type == programme.Percent || ind.Type == programme.Money
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		if n, err := strconv.ParseFloat(raw, 64); err == nil {
			if numeric && ind.NotWhole(n) {
				return "", "err.xlsx.not_whole", []string{ind.Name, locale.Decimal(n, 6)}
			}
			return locale.Decimal(n, 6), "", nil
		}
	case excelize.CellTypeBool:
		if raw == "1" || strings.EqualFold(raw, "true") {
			return "Có", "", nil
		}
		return "Không", "", nil
	case excelize.CellTypeError:
		return "", "err.xlsx.cell_error", []string{"#" + strings.TrimPrefix(raw, "#")}
	}
	s := strings.TrimSpace(locale.NFC(raw))
	if numeric && !IsDeleteMark(s) {
		t := s
		switch ind.Type {
		case programme.Percent:
			t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
		case programme.Money:
			t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "đồng"), "đ"))
		}
		if !vnNumber.MatchString(t) {
			return "", "err.xlsx.number_form", []string{ind.Name, s, VNNumberForm}
		}
		if ind.Whole && strings.Contains(t, ",") {
			if _, key := programme.ParseFor(ind, s); key == "err.val.not_whole" {
				return "", "err.xlsx.not_whole", []string{ind.Name, s}
			}
		}
	}
	return s, "", nil
}

// headerCol is a column found by its header text.
type headerCol struct{ field, header string }

// findHeader finds the header row among the first rows of a sheet: the
// first that names every column, compared without diacritics or case. It
// returns the row (0-based) and each field's column (0-based).
func findHeader(rows [][]string, sheet string, cols []headerCol, within int) (int, map[string]int, []Problem) {
	for h := 0; h < len(rows) && h < within; h++ {
		at := map[string]int{}
		for i, c := range rows[h] {
			f := locale.Fold(strings.TrimSpace(c))
			for _, hc := range cols {
				if _, seen := at[hc.field]; !seen && f == locale.Fold(hc.header) {
					at[hc.field] = i
				}
			}
		}
		if len(at) == len(cols) {
			return h, at, nil
		}
	}
	var names []string
	for _, hc := range cols {
		names = append(names, "“"+hc.header+"”")
	}
	return 0, nil, []Problem{{Sheet: sheet, Key: "err.xlsx.no_header", Args: []string{strings.Join(names, ", ")}}}
}

// letter is the letter of a 0-based column.
func letter(i int) string {
	s, _ := excelize.ColumnNumberToName(i + 1)
	return s
}

// typed turns a formatted value into what a cell holds: a number for the
// numeric types (Excel shows it in the reader's own notation, 1.234,5 in
// Vietnamese), the text otherwise; whole says which number style fits.
func typed(t programme.ValueType, formatted string) (v any, number, whole bool) {
	if t != programme.Number && t != programme.Percent && t != programme.Money {
		return formatted, false, false
	}
	pv, key := programme.ParseValue(t, formatted)
	if key != "" || !pv.Set {
		return formatted, false, false
	}
	if t == programme.Money {
		return pv.Money, true, true
	}
	return pv.Num, true, pv.Num == math.Trunc(pv.Num)
}

// numberStyle picks the style of a typed cell: base, or its whole or
// decimal number variant.
func (s styles) numberStyle(open, number, whole bool) int {
	switch {
	case !number && open:
		return s.open
	case !number:
		return s.locked
	case open && whole:
		return s.openInt
	case open:
		return s.openDec
	case whole:
		return s.lockedInt
	}
	return s.lockedDec
}
