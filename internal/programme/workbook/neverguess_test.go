package workbook

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/programme"
)

func problemsAt(probs []Problem) map[string]Problem {
	out := map[string]Problem{}
	for _, p := range probs {
		out[fmt.Sprintf("%s%d", p.Column, p.Row)] = p
	}
	return out
}

// The targets workbook never guesses: its numbers are typed cells, it
// carries the stamp of the targets it was made from, an empty cell keeps
// the stored value and “xóa” deletes it, text numbers are Vietnamese only,
// counts are whole, merged value cells and formulas without a saved value
// are refused at their cell, and columns are found by their headers.
func TestTargetsNeverGuess(t *testing.T) {
	inds := testIndicators()
	inds[1].Whole = true // MODELS counts models
	data, err := BuildTargets(TargetsTemplate{ProgrammeID: "prog", PeriodID: "per", Stamp: "s1", Title: "Chỉ tiêu", Rows: []TargetRow{
		{UnitID: "hn-250", UnitName: "Huyện Mê Linh", Indicator: inds[1], Baseline: "4", Target: "10"},    // row 4
		{UnitID: "hn-016", UnitName: "Huyện Sóc Sơn", Indicator: inds[1], Baseline: "3", Target: "8"},     // row 5
		{UnitID: "hn-250", UnitName: "Huyện Mê Linh", Indicator: inds[0], Baseline: "70,5", Target: "90"}, // row 6
		{UnitID: "hn-016", UnitName: "Huyện Sóc Sơn", Indicator: inds[0], Target: "85"},                   // row 7
		{UnitID: "hn-250", UnitName: "Huyện Mê Linh", Indicator: inds[2], Target: "2.000.000.000"},        // row 8
	}})
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return strings.HasPrefix(id, "hn-") }
	f := rewrite(t, data, func(f *excelize.File) {})
	book, _ := excelize.OpenReader(strings.NewReader(string(f)))
	for _, c := range []string{"F4", "G4", "F6", "G8"} {
		if typ, _ := book.GetCellType(TargetsSheet, c); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s is text, not a number cell", c)
		}
	}
	if _, probs := ReadTargets(data, "prog", "per", "s2", inds, known, nil); len(probs) != 1 || probs[0].Key != "err.xlsx.stale_targets" {
		t.Errorf("a stale file: %+v", probs)
	}

	// Empty keeps, “xóa” deletes; a moved column is still found.
	moved := rewrite(t, data, func(f *excelize.File) {
		f.SetCellValue(TargetsSheet, "F4", "")
		f.SetCellValue(TargetsSheet, "G5", "Xóa")
		f.SetCellValue(TargetsSheet, "G6", "92,5")
		f.InsertCols(TargetsSheet, "B", 1) // a column of notes before the unit names
	})
	rows, probs := ReadTargets(moved, "prog", "per", "s1", inds, known, nil)
	if len(probs) != 0 || len(rows) != 5 {
		t.Fatalf("rows %+v problems %+v", rows, probs)
	}
	if !rows[0].KeepBaseline || rows[0].KeepTarget || rows[0].Target.Num != 10 {
		t.Errorf("an empty cell must keep the value: %+v", rows[0])
	}
	if rows[1].KeepTarget || rows[1].Target.Set || rows[1].Baseline.Num != 3 {
		t.Errorf("“xóa” must delete: %+v", rows[1])
	}
	if rows[2].Target.Num != 92.5 || rows[2].Baseline.Num != 70.5 {
		t.Errorf("moved columns misread: %+v", rows[2])
	}

	bad := rewrite(t, data, func(f *excelize.File) {
		f.SetCellValue(TargetsSheet, "G6", "1,234.5") // English notation
		f.SetCellValue(TargetsSheet, "F6", "1.5")     // a dot as decimal mark
		f.SetCellValue(TargetsSheet, "G4", "1,5")     // a count with decimals, as text
		f.SetCellValue(TargetsSheet, "F5", 2.5)       // and as a number
		f.SetCellFormula(TargetsSheet, "F7", "G7/2")  // no saved result
		f.MergeCell(TargetsSheet, "G8", "G9")         // one value over two rows
		f.SetCellValue(TargetsSheet, "A9", "hn-016")  // (the row under it)
		f.SetCellValue(TargetsSheet, "C9", inds[2].Code)
	})
	_, probs = ReadTargets(bad, "prog", "per", "s1", inds, known, nil)
	got := problemsAt(probs)
	want := map[string]string{"G6": "err.xlsx.number_form", "F6": "err.xlsx.number_form", "G4": "err.xlsx.not_whole", "F5": "err.xlsx.not_whole",
		"F7": "err.xlsx.formula_no_value", "G8": "err.xlsx.merged", "G9": "err.xlsx.merged"}
	for at, key := range want {
		if got[at].Key != key {
			t.Errorf("%s: %q, want %q", at, got[at].Key, key)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("problems %+v", probs)
	}
	if p := got["G6"]; len(p.Args) != 3 || p.Args[1] != "1,234.5" || p.Args[2] != "1.234,5" {
		t.Errorf("the message must give the cell's text and the expected form: %+v", p)
	}
	if p := got["G8"]; len(p.Args) != 1 || p.Args[0] != "G8:G9" {
		t.Errorf("the merged range: %+v", p)
	}
}

// The report template's numbers are typed cells; a merged value cell, an
// English number and a count with decimals are refused at their cell.
func TestReportNeverGuesses(t *testing.T) {
	inds := testIndicators()
	inds[1].Whole = true
	data := template(t)
	book, _ := excelize.OpenReader(strings.NewReader(string(data)))
	if typ, _ := book.GetCellType(ValuesSheet, "H9"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("the money value is text, not a number cell")
	}
	for c, want := range map[string]string{"E4": "15/12/2023", "G4": "14/06/2024", "I4": "19/06/2024"} {
		typ, _ := book.GetCellType(ValuesSheet, c)
		shown, _ := book.GetCellValue(ValuesSheet, c)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || shown != want {
			t.Errorf("%s: a date cell must be typed and shown %s, is %v %q", c, want, typ, shown)
		}
	}
	bad := rewrite(t, data, func(f *excelize.File) {
		f.SetCellValue(ValuesSheet, "H7", "1,234.5")
		f.SetCellValue(ValuesSheet, "H8", "1,5")
		f.MergeCell(ValuesSheet, "H9", "H10")
	})
	_, probs := ReadReport(bad, inds)
	got := problemsAt(probs)
	for at, key := range map[string]string{"H7": "err.xlsx.number_form", "H8": "err.xlsx.not_whole", "H9": "err.xlsx.merged", "H10": "err.xlsx.merged"} {
		if got[at].Key != key {
			t.Errorf("%s: %q, want %q (all %+v)", at, got[at].Key, key, probs)
		}
	}
	// Columns are found by their headers.
	moved := rewrite(t, data, func(f *excelize.File) { f.InsertCols(ValuesSheet, "A", 1) })
	up, probs := ReadReport(moved, testIndicators())
	if len(probs) != 0 || up.Entries["EGOV"].Raw != "87,5" || up.Entries["MODELS"].Comment != "Tăng do có thêm 2 HTX" {
		t.Errorf("moved columns: %+v %+v", up.Entries, probs)
	}
	_ = programme.Number
}

// An old binary .xls is told apart from a file that is not a workbook.
func TestOldXLSRefusedByName(t *testing.T) {
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	if _, probs := ReadReport(xls, testIndicators()); len(probs) != 1 || probs[0].Key != "err.xls_old" {
		t.Errorf("old .xls: %+v", probs)
	}
}
