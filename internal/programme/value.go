package programme

import (
	"math"
	"strings"
	"unicode/utf8"

	"khcn/internal/locale"
)

// Value is one indicator value. Money is whole đồng; yes/no is 1 or 0 in
// Num; text is Text. A Value that is not Set was not reported.
type Value struct {
	Set   bool
	Num   float64
	Money int64
	Text  string
}

// NumValue, MoneyValue, TextValue and BoolValue build set values.
func NumValue(f float64) Value { return Value{Set: true, Num: f} }
func MoneyValue(d int64) Value { return Value{Set: true, Money: d} }
func TextValue(s string) Value { return Value{Set: true, Text: s} }
func BoolValue(b bool) Value {
	if b {
		return NumValue(1)
	}
	return NumValue(0)
}

// Float is the value as a number, for roll-ups and progress.
func (v Value) Float(t ValueType) float64 {
	if t == Money {
		return float64(v.Money)
	}
	return v.Num
}

// FromFloat makes a value of type t from a computed number (money is
// rounded to whole đồng).
func FromFloat(t ValueType, f float64) Value {
	if t == Money {
		return MoneyValue(int64(math.Round(f)))
	}
	return NumValue(f)
}

// MaxTextLen is the longest text value accepted.
const MaxTextLen = 2000

// ParseValue reads what an officer typed for an indicator of type t. Types
// are strict: a number field takes a number written the Vietnamese way
// (1.234,5) and nothing else, so "N/A", "khoảng 5" or "5 ha" are refused
// with the reason; an empty field means "not reported". The problem is a
// message key taking {0} = indicator name, {1} = the text typed.
func ParseValue(t ValueType, raw string) (Value, string) {
	s := strings.TrimSpace(locale.NFC(raw))
	if s == "" {
		return Value{}, ""
	}
	switch t {
	case Number:
		f, err := locale.ParseNumber(s)
		if err != nil {
			return Value{}, "err.val.not_number"
		}
		return NumValue(f), ""
	case Percent:
		f, err := locale.ParseNumber(strings.TrimSpace(strings.TrimSuffix(s, "%")))
		if err != nil {
			return Value{}, "err.val.not_percent"
		}
		return NumValue(f), ""
	case Money:
		d, err := locale.ParseMoney(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "đồng"), "đ")))
		if err != nil {
			return Value{}, "err.val.not_money"
		}
		return MoneyValue(d), ""
	case YesNo:
		switch locale.Fold(s) {
		case "co", "yes", "x":
			return BoolValue(true), ""
		case "khong", "no":
			return BoolValue(false), ""
		}
		return Value{}, "err.val.not_yesno"
	case Text:
		if utf8.RuneCountInString(s) > MaxTextLen {
			return Value{}, "err.val.text_long"
		}
		return TextValue(s), ""
	}
	return Value{}, "err.val.unknown_type"
}

// NotWhole reports whether f breaks the indicator's whole-number rule: a
// count of things (Whole) takes whole numbers only. Every path that reads a
// value (the report form, the Excel file, the API) asks this one check.
func (i Indicator) NotWhole(f float64) bool {
	return i.Whole && f != math.Trunc(f)
}

// ParseFor reads what was typed for indicator ind: ParseValue, then the
// indicator's whole-number rule ("1,5" is refused for a count with
// err.val.not_whole).
func ParseFor(ind Indicator, raw string) (Value, string) {
	v, key := ParseValue(ind.Type, raw)
	if key == "" && v.Set && ind.Type == Number && ind.NotWhole(v.Num) {
		return Value{}, "err.val.not_whole"
	}
	return v, key
}

// Format writes a value the way ParseValue reads it back, for form fields,
// spreadsheets and pages: 1.234,5 and 12,5 and 14.837.629.000 and Có/Không.
func Format(t ValueType, v Value) string {
	if !v.Set {
		return ""
	}
	switch t {
	case Money:
		return locale.Money(v.Money)
	case YesNo:
		if v.Num != 0 {
			return "Có"
		}
		return "Không"
	case Text:
		return v.Text
	}
	return locale.Decimal(v.Num, 2)
}

// CheckRange applies the indicator's range rule (percent defaults to
// 0–100); the problem key takes {0} = name, {1} = typed, {2} = limit.
func CheckRange(ind Indicator, v Value) (string, float64) {
	if !v.Set || !ind.Type.Numeric() || ind.Type == YesNo {
		return "", 0
	}
	f := v.Float(ind.Type)
	lo, hi := ind.Min, ind.Max
	if ind.Type == Percent {
		zero, hundred := 0.0, 100.0
		if lo == nil {
			lo = &zero
		}
		if hi == nil {
			hi = &hundred
		}
	}
	if ind.Type != Percent && lo == nil {
		// Counts and amounts are never negative unless a rule says so.
		zero := 0.0
		lo = &zero
	}
	if lo != nil && f < *lo {
		return "err.val.below_min", *lo
	}
	if hi != nil && f > *hi {
		return "err.val.above_max", *hi
	}
	return "", 0
}

// Change returns the change from prev to cur in percent of prev, and
// whether it trips the indicator's soft check: cur more than Ratio() times
// prev, or less than prev ÷ Ratio(). A change from or to zero, or across
// zero, trips it too (no ratio bounds it). Yes/no answers are not checked.
func Change(ind Indicator, prev, cur Value) (float64, bool) {
	if !prev.Set || !cur.Set || !ind.Type.Numeric() || ind.Type == YesNo {
		return 0, false
	}
	p, c := prev.Float(ind.Type), cur.Float(ind.Type)
	if p == c {
		return 0, false
	}
	if p == 0 {
		return math.Inf(1), true
	}
	pct := (c - p) / math.Abs(p) * 100
	if c == 0 || (c > 0) != (p > 0) {
		return pct, true
	}
	r, lim := math.Abs(c/p), ind.Ratio()
	return pct, r > lim || r < 1/lim
}
