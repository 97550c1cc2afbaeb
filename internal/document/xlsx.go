package document

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"khcn/internal/civil"
)

// ColumnKind says how a column's values are written and formatted.
type ColumnKind int

const (
	Text    ColumnKind = iota
	Int                // whole numbers
	Money              // integer đồng, shown in triệu đồng
	Decimal            // numbers with decimals
	Percent            // a percentage as a number: 87.5 means 87,5 %
	Date               // civil.Date, shown dd/mm/yyyy
	Seq                // the row's ordinal number (TT): a whole number, centred, never summed
	Year               // a calendar year: a number without a thousands dot ("2025", never "2.025"), never summed
)

// Column is one column of a sheet.
type Column struct {
	Header string
	Width  float64 // characters; 0 picks a default by kind
	Kind   ColumnKind
	// NoSum leaves a numeric column out of the totals row (months, stars).
	NoSum bool
}

// Sheet is a titled table in a workbook.
type Sheet struct {
	Name     string // tab name (at most 31 characters)
	Title    string // first row, bold, across all columns
	Subtitle string // second row, italic ("Đơn vị tính: triệu đồng")
	Columns  []Column
	Rows     [][]any
	// Totals adds a "Tổng cộng" row with SUM formulas under numeric columns.
	Totals bool
}

// HeaderRow is the row number of the column headers; data starts below it.
const HeaderRow = 3

// XLSX writes sheets to a workbook with real formatting: merged title,
// bordered header, widths, number formats, frozen header, print titles, and
// totals as formulas.
func XLSX(sheets ...Sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	for i, s := range sheets {
		name := sheetName(s.Name, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := writeSheet(f, st, name, s); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	f.SetDocProps(&excelize.DocProperties{Creator: "khcn", Language: "vi-VN"})
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func sheetName(n string, i int) string {
	n = SheetName(n)
	if n == "" {
		n = fmt.Sprintf("Trang %d", i+1)
	}
	return n
}

type styles struct {
	title, subtitle, header int
	cell, totalCell         map[ColumnKind]int
}

func newStyles(f *excelize.File) (*styles, error) {
	font := func(bold, italic bool, size float64) *excelize.Font {
		return &excelize.Font{Family: "Times New Roman", Size: size, Bold: bold, Italic: italic}
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	st := &styles{cell: map[ColumnKind]int{}, totalCell: map[ColumnKind]int{}}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.title = mk(&excelize.Style{Font: font(true, false, 14), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.subtitle = mk(&excelize.Style{Font: font(false, true, 12), Alignment: &excelize.Alignment{Horizontal: "right"}})
	st.header = mk(&excelize.Style{Font: font(true, false, 12), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	formats := map[ColumnKind]string{Text: "@", Int: "#,##0", Money: "#,##0", Decimal: "#,##0.00", Percent: "0.0%", Date: "dd/mm/yyyy", Seq: "0", Year: "0"}
	for k, nf := range formats {
		nf := nf
		align := &excelize.Alignment{Vertical: "top", WrapText: k == Text}
		switch k {
		case Text:
		case Seq, Date, Year:
			align.Horizontal = "center"
		default:
			align.Horizontal = "right"
		}
		st.cell[k] = mk(&excelize.Style{Font: font(false, false, 12), Border: border, Alignment: align, CustomNumFmt: &nf})
		st.totalCell[k] = mk(&excelize.Style{Font: font(true, false, 12), Border: border, Alignment: align, CustomNumFmt: &nf})
	}
	return st, err
}

func col(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

func writeSheet(f *excelize.File, st *styles, name string, s Sheet) error {
	n := len(s.Columns)
	if n == 0 {
		return fmt.Errorf("no columns")
	}
	last := col(n - 1)
	set := func(cell string, v any) error { return f.SetCellValue(name, cell, v) }
	if err := set("A1", s.Title); err != nil {
		return err
	}
	f.MergeCell(name, "A1", last+"1")
	f.SetCellStyle(name, "A1", last+"1", st.title)
	totalWidth := 0.0
	for _, c := range s.Columns {
		totalWidth += colWidth(c)
	}
	f.SetRowHeight(name, 1, RowHeight(14, TextLines(s.Title, totalWidth*12/14)))
	set("A2", s.Subtitle)
	if s.Subtitle != "" {
		f.SetRowHeight(name, 2, RowHeight(12, TextLines(s.Subtitle, totalWidth)))
	}
	f.MergeCell(name, "A2", last+"2")
	f.SetCellStyle(name, "A2", last+"2", st.subtitle)
	for i, c := range s.Columns {
		cell := fmt.Sprintf("%s%d", col(i), HeaderRow)
		set(cell, c.Header)
		f.SetColWidth(name, col(i), col(i), colWidth(c))
	}
	headerLines := 1
	for _, c := range s.Columns {
		// Bold text is about a tenth wider.
		headerLines = max(headerLines, TextLines(c.Header, colWidth(c)/1.1))
	}
	f.SetRowHeight(name, HeaderRow, RowHeight(12, headerLines))
	f.SetCellStyle(name, "A"+fmt.Sprint(HeaderRow), fmt.Sprintf("%s%d", last, HeaderRow), st.header)
	for r, row := range s.Rows {
		rowNum := HeaderRow + 1 + r
		n := 1
		for i, c := range s.Columns {
			cell := fmt.Sprintf("%s%d", col(i), rowNum)
			var v any
			if i < len(row) {
				v = cellValue(c.Kind, row[i])
			}
			if v != nil {
				if err := set(cell, v); err != nil {
					return err
				}
			}
			if t, ok := v.(string); ok {
				n = max(n, TextLines(t, colWidth(c)))
			}
			f.SetCellStyle(name, cell, cell, st.cell[c.Kind])
		}
		// LibreOffice does not grow rows of wrapped text on its own: without
		// a height, long cells print over the rows below.
		if err := f.SetRowHeight(name, rowNum, RowHeight(12, n)); err != nil {
			return err
		}
	}
	if s.Totals && len(s.Rows) > 0 {
		rowNum := HeaderRow + 1 + len(s.Rows)
		first, lastData := HeaderRow+1, rowNum-1
		labelled := false
		for i, c := range s.Columns {
			cell := fmt.Sprintf("%s%d", col(i), rowNum)
			switch {
			case !c.NoSum && (c.Kind == Int || c.Kind == Money || c.Kind == Decimal):
				f.SetCellFormula(name, cell, fmt.Sprintf("SUM(%s%d:%s%d)", col(i), first, col(i), lastData))
			case !labelled && c.Kind == Text:
				set(cell, "Tổng cộng")
				labelled = true
			}
			f.SetCellStyle(name, cell, cell, st.totalCell[c.Kind])
		}
	}
	return PrintSetup(f, name, HeaderRow, HeaderRow, n > 6)
}

// PrintSetup gives a sheet of any workbook (the programme workbooks too)
// what every printed sheet needs: the rows down to lastHeader frozen, the
// header rows firstHeader–lastHeader repeated on each printed page, A4,
// fit to the page's width, landscape for wide tables.
func PrintSetup(f *excelize.File, sheet string, firstHeader, lastHeader int, landscape bool) error {
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: lastHeader, TopLeftCell: fmt.Sprintf("A%d", lastHeader+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return PageSetup(f, sheet, firstHeader, lastHeader, landscape)
}

// PageSetup is PrintSetup without the frozen rows, for sheets written by a
// stream writer, which freezes them itself.
func PageSetup(f *excelize.File, sheet string, firstHeader, lastHeader int, landscape bool) error {
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	one, zero, a4 := 1, 0, 9
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orient, FitToWidth: &one, FitToHeight: &zero, Size: &a4}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(sheet, "'", "''"), firstHeader, lastHeader), Scope: sheet})
}

func boolPtr(b bool) *bool { return &b }

func colWidth(c Column) float64 {
	if c.Width > 0 {
		return c.Width
	}
	return map[ColumnKind]float64{Text: 30, Int: 12, Money: 16, Decimal: 14, Percent: 11, Date: 12, Seq: 6, Year: 8}[c.Kind]
}

// TextLines estimates how many lines text takes in a wrapped column of width
// characters (Times New Roman 12: a column width holds about one
// character of the default font per unit, less its padding).
func TextLines(text string, width float64) int {
	per := int(width*1.05) - 1
	if per < 1 {
		per = 1
	}
	n := 0
	for _, l := range strings.Split(text, "\n") {
		n += wrapCount(l, per)
	}
	return max(n, 1)
}

// wrapCount counts the lines of one paragraph wrapped at word boundaries.
func wrapCount(text string, per int) int {
	words := strings.Fields(text)
	if len(words) == 0 {
		return 1
	}
	n, cur := 1, 0
	for _, w := range words {
		l := utf8.RuneCountInString(w)
		switch {
		case cur == 0:
			cur = l
		case cur+1+l <= per:
			cur += 1 + l
		default:
			n++
			cur = l
		}
		for cur > per { // a word longer than the column breaks where it must
			n++
			cur -= per
		}
	}
	return n
}

// RowHeight is the height in points of n lines of text of size pt.
func RowHeight(pt float64, n int) float64 {
	h := float64(n)*pt*1.3 + 3
	return min(h, 409) // the largest height a row may have
}

// cellValue converts a Go value for its column kind: numbers and dates are
// written as typed cells, never as text (a number typed as text neither sums
// nor sorts).
func cellValue(k ColumnKind, v any) any {
	if s, ok := v.(string); ok && k != Text {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		if n, ok := ParseNumber(s); ok {
			v = n
			if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
				v = int64(n)
			}
		} else {
			return s
		}
	}
	switch x := v.(type) {
	case nil:
		return nil
	case civil.Date:
		if x.IsZero() {
			return nil
		}
		return x.In(time.UTC)
	case int64:
		switch k {
		case Money:
			return float64(x) / 1e6
		case Percent:
			return float64(x) / 100
		}
	case int:
		switch k {
		case Money:
			return float64(x) / 1e6
		case Percent:
			return float64(x) / 100
		}
	case float64:
		if k == Percent {
			return x / 100
		}
	}
	return v
}

// ParseNumber reads a number written the Vietnamese way ("1.234.567",
// "8,25") or the plain way ("1234.5").
func ParseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") || strings.Count(s, ".") > 1 || thousands(s) {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

// thousands reports whether s is digits grouped by single dots in threes
// ("12.500"), which Vietnamese writing means as twelve thousand five hundred.
func thousands(s string) bool {
	s = strings.TrimPrefix(s, "-")
	parts := strings.Split(s, ".")
	if len(parts) != 2 || len(parts[0]) == 0 || len(parts[0]) > 3 || len(parts[1]) != 3 {
		return false
	}
	return true
}
