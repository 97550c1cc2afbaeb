package programme

import (
	"fmt"
	"math"

	"khcn/internal/locale"
)

// Rounding and printing of figures. Tables, charts, .docx and .xlsx all
// use these, so a number reads the same everywhere and a percentage can be
// recomputed from the numbers printed beside it (Assess rounds its inputs
// with Round).

// Decimals is how many decimals a figure of type t is shown with: one for
// percentages, two for other numbers, and for money (shown in triệu đồng)
// three, that is whole thousands of đồng.
func Decimals(t ValueType) int {
	switch t {
	case Percent:
		return 1
	case Money:
		return 3
	case YesNo:
		return 0
	}
	return 2
}

// Round rounds a figure of type t as it is shown. Money is in đồng and is
// rounded to the thousand đồng that triệu đồng with three decimals show.
func Round(t ValueType, f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	if t == Money {
		return math.Round(f/1e3) * 1e3
	}
	p := math.Pow10(Decimals(t))
	return math.Round(f*p) / p
}

// RoundPct rounds a progress percentage as it is shown (one decimal).
func RoundPct(p float64) float64 {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return p
	}
	return math.Round(p*10) / 10
}

// PctText prints a progress percentage: "61,8%", or "—" when there is none.
func PctText(p float64) string {
	if math.IsNaN(p) {
		return "—"
	}
	return locale.Percent(RoundPct(p))
}

// Shown is a figure of type t in the unit it is shown in (money in triệu
// đồng), rounded: the number a chart draws and a spreadsheet cell holds.
func Shown(t ValueType, f float64) float64 {
	if t == Money {
		return Round(Money, f) / 1e6
	}
	return Round(t, f)
}

// ShownUnit is the unit of measure a figure is shown in: money in triệu
// đồng whatever the indicator says, so a header never says "đồng" over
// millions.
func ShownUnit(ind Indicator) string {
	if ind.Type == Money {
		return "triệu đồng"
	}
	return ind.Unit
}

// NumText prints a number of type t as shown (money in triệu đồng).
func NumText(t ValueType, f float64) string {
	return locale.Decimal(Shown(t, f), Decimals(t))
}

// CellText prints a combined value: yes/no as Có/Không for one unit and as
// "k/n đơn vị có" when several are combined; money in triệu đồng; an
// estimate through partial successors marked "≈".
func CellText(ind Indicator, c Cell) string {
	if !c.Set {
		return "—"
	}
	var s string
	switch {
	case ind.Type == YesNo && c.Units <= 1:
		s = Format(YesNo, NumValue(c.V))
	case ind.Type == YesNo:
		s = fmt.Sprintf("%s/%d đơn vị có", locale.Decimal(c.V, 0), c.Units)
	default:
		s = NumText(ind.Type, c.V)
	}
	if c.Approx {
		s = "≈ " + s
	}
	return s
}
