package document

import (
	"fmt"
	"time"

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
)

// Column is one column of a sheet.
type Column struct {
	Header string
	Width  float64 // characters; 0 picks a default by kind
	Kind   ColumnKind
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
	if n == "" {
		n = fmt.Sprintf("Trang %d", i+1)
	}
	r := []rune(n)
	if len(r) > 31 {
		r = r[:31]
	}
	return string(r)
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
	formats := map[ColumnKind]string{Text: "@", Int: "#,##0", Money: "#,##0", Decimal: "#,##0.00", Percent: "0.0%", Date: "dd/mm/yyyy"}
	for k, nf := range formats {
		nf := nf
		align := &excelize.Alignment{Vertical: "top", WrapText: k == Text}
		if k != Text {
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
	f.SetRowHeight(name, 1, 36)
	set("A2", s.Subtitle)
	f.MergeCell(name, "A2", last+"2")
	f.SetCellStyle(name, "A2", last+"2", st.subtitle)
	for i, c := range s.Columns {
		cell := fmt.Sprintf("%s%d", col(i), HeaderRow)
		set(cell, c.Header)
		w := c.Width
		if w == 0 {
			w = map[ColumnKind]float64{Text: 30, Int: 12, Money: 16, Decimal: 14, Percent: 11, Date: 12}[c.Kind]
		}
		f.SetColWidth(name, col(i), col(i), w)
	}
	f.SetCellStyle(name, "A"+fmt.Sprint(HeaderRow), fmt.Sprintf("%s%d", last, HeaderRow), st.header)
	for r, row := range s.Rows {
		rowNum := HeaderRow + 1 + r
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
			f.SetCellStyle(name, cell, cell, st.cell[c.Kind])
		}
	}
	if s.Totals && len(s.Rows) > 0 {
		rowNum := HeaderRow + 1 + len(s.Rows)
		first, lastData := HeaderRow+1, rowNum-1
		labelled := false
		for i, c := range s.Columns {
			cell := fmt.Sprintf("%s%d", col(i), rowNum)
			switch {
			case c.Kind == Int || c.Kind == Money || c.Kind == Decimal:
				f.SetCellFormula(name, cell, fmt.Sprintf("SUM(%s%d:%s%d)", col(i), first, col(i), lastData))
			case !labelled && c.Kind == Text:
				set(cell, "Tổng cộng")
				labelled = true
			}
			f.SetCellStyle(name, cell, cell, st.totalCell[c.Kind])
		}
	}
	f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: fmt.Sprintf("A%d", HeaderRow+1), ActivePane: "bottomLeft"})
	orient := "portrait"
	if n > 6 {
		orient = "landscape"
	}
	one := 1
	zero := 0
	size := 9 // A4
	f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &orient, FitToWidth: &one, FitToHeight: &zero, Size: &size})
	f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)})
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, HeaderRow, HeaderRow), Scope: name})
}

func boolPtr(b bool) *bool { return &b }

// cellValue converts a Go value for its column kind.
func cellValue(k ColumnKind, v any) any {
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
