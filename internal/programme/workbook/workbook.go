// Package workbook is the Excel round-trip of programme monitoring: the
// pre-filled, protected template a unit downloads for its report (and the
// Sở for targets), and the strict reader of the filled file. The reader
// must survive any file thrown at it: it never panics, it bounds what it
// unpacks, and every problem says where it is (sheet, row, column) and what
// is wrong, as a message key for the Vietnamese page.
package workbook

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"khcn/internal/document"
	"khcn/internal/programme"
	"khcn/internal/xlsxfile"
)

// Problem is one error found in an uploaded file. Key is a message key;
// Args fill it.
type Problem struct {
	Sheet  string
	Row    int    // 1-based; 0 when the problem is about the whole file
	Column string // "H"; "" when about a row or the file
	Key    string
	Args   []string
}

// Limits on what is read: a report has at most a few hundred rows, a target
// sheet at most a national one.
const (
	maxUnzip     = 64 << 20
	maxUnzipXML  = 32 << 20
	maxReportRow = 2000
	maxTargetRow = 400000
)

const (
	metaSheet    = "_khcn"
	reportMarker = "khcn-report-v1"
	targetMarker = "khcn-targets-v1"
	passwordHint = "khcn" // protection keeps the layout, it is not security
)

// open reads an xlsx with limits, turning any panic in the reader into a
// problem.
func open(data []byte) (f *excelize.File, probs []Problem) {
	defer func() {
		if r := recover(); r != nil {
			f, probs = nil, []Problem{{Key: "err.xlsx.unreadable"}}
		}
	}()
	f, err := xlsxfile.Open(data, xlsxfile.Limits{Unzip: maxUnzip, UnzipXML: maxUnzipXML})
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, xlsxfile.ErrEmpty):
		return nil, []Problem{{Key: "err.xlsx.empty"}}
	case errors.Is(err, xlsxfile.ErrOldXLS):
		return nil, []Problem{{Key: "err.xls_old"}}
	case errors.Is(err, xlsxfile.ErrNotXLSX):
		return nil, []Problem{{Key: "err.xlsx.not_xlsx"}}
	case errors.Is(err, xlsxfile.ErrTooLarge):
		return nil, []Problem{{Key: "err.xlsx_too_large"}}
	}
	return nil, []Problem{{Key: "err.xlsx.unreadable"}}
}

// meta reads the hidden sheet that says what the file is for.
func meta(f *excelize.File, marker string) (map[string]string, []Problem) {
	rows, err := f.GetRows(metaSheet)
	if err != nil || len(rows) == 0 || len(rows[0]) < 2 || rows[0][0] != "kind" || rows[0][1] != marker {
		return nil, []Problem{{Key: "err.xlsx.not_template"}}
	}
	m := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			m[r[0]] = r[1]
		}
	}
	return m, nil
}

func writeMeta(f *excelize.File, kv [][2]string) error {
	if _, err := f.NewSheet(metaSheet); err != nil {
		return err
	}
	for i, p := range kv {
		if err := f.SetSheetRow(metaSheet, fmt.Sprintf("A%d", i+1), &[]any{p[0], p[1]}); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(metaSheet, false, true)
}

// finish adds the hidden sheet saying what the file is for and writes the
// workbook, opening on its first sheet.
func finish(f *excelize.File, kv [][2]string) ([]byte, error) {
	if err := writeMeta(f, kv); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// styles used by the templates.
type styles struct {
	title, head, locked, open, text        int
	openInt, openDec, lockedInt, lockedDec int // typed numbers
	date                                   int // a typed day, dd/mm/yyyy
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	font := &excelize.Font{Family: "Times New Roman", Size: 12}
	bold := &excelize.Font{Family: "Times New Roman", Size: 12, Bold: true}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.title = mk(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 14, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	s.head = mk(&excelize.Style{Font: bold, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}}})
	s.locked = mk(&excelize.Style{Font: font, Border: border, Alignment: wrap, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	s.open = mk(&excelize.Style{Font: font, Border: border, Alignment: wrap, Protection: &excelize.Protection{Locked: false},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9DB"}}})
	s.text = mk(&excelize.Style{Font: font, Alignment: wrap})
	intFmt, decFmt := 3, "#,##0.0#####" // 3 is the built-in #,##0
	openFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9DB"}}
	lockedFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	s.openInt = mk(&excelize.Style{Font: font, Border: border, NumFmt: intFmt, Protection: &excelize.Protection{Locked: false}, Fill: openFill})
	s.openDec = mk(&excelize.Style{Font: font, Border: border, CustomNumFmt: &decFmt, Protection: &excelize.Protection{Locked: false}, Fill: openFill})
	s.lockedInt = mk(&excelize.Style{Font: font, Border: border, NumFmt: intFmt, Fill: lockedFill})
	s.lockedDec = mk(&excelize.Style{Font: font, Border: border, CustomNumFmt: &decFmt, Fill: lockedFill})
	dateFmt := "dd/mm/yyyy"
	s.date = mk(&excelize.Style{Font: font, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}})
	return s, err
}

func protect(f *excelize.File, sheet string) error {
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{Password: passwordHint, SelectLockedCells: true,
		SelectUnlockedCells: true, FormatColumns: true, FormatRows: true})
}

func ref(col string, row int) string { return col + strconv.Itoa(row) }

// safe runs a reader step, turning a panic inside the xlsx library into a
// problem, so no file can crash the server.
func safe(fn func() []Problem) (probs []Problem) {
	defer func() {
		if r := recover(); r != nil {
			probs = []Problem{{Key: "err.xlsx.unreadable"}}
		}
	}()
	return fn()
}

// typeLabel is the Vietnamese hint for a value type in the template.
func typeLabel(t programme.ValueType) string {
	switch t {
	case programme.Percent:
		return "Số phần trăm (0–100)"
	case programme.Money:
		return "Số tiền (đồng)"
	case programme.YesNo:
		return "Có / Không"
	case programme.Text:
		return "Văn bản"
	}
	return "Số"
}

// sheetRows reads the raw rows of one of our sheets, refusing a missing
// sheet or more rows than max.
func sheetRows(f *excelize.File, sheet string, max int) ([][]string, []Problem) {
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, []Problem{{Sheet: sheet, Key: "err.xlsx.no_sheet", Args: []string{sheet}}}
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, []Problem{{Sheet: sheet, Key: "err.xlsx.unreadable"}}
	}
	if len(rows) > max {
		return nil, []Problem{{Sheet: sheet, Key: "err.xlsx.too_many_rows", Args: []string{strconv.Itoa(max)}}}
	}
	return rows, nil
}

// printable sets a sheet up for paper: A4, all columns fitted to the page
// width (as many pages down as needed), the header row repeated on every
// page. Wide sheets print in landscape.
func printable(f *excelize.File, sheet string, headerRow int, landscape bool) error {
	return document.PageSetup(f, sheet, headerRow, headerRow, landscape)
}

// wrapped is the text of a wrapped cell and its width in characters.
type wrapped struct {
	text  string
	width float64
}

// heightFor is the height in points a row needs so that each of its
// wrapped cells shows whole, in Times New Roman of size pt. Without it,
// LibreOffice prints a long indicator name over the rows below.
func heightFor(pt float64, cells ...wrapped) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, document.TextLines(c.text, c.width))
	}
	return document.RowHeight(pt, n)
}
