package locale

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Int prints n with "." between thousands: 1.234.567.
func Int(n int64) string {
	neg := n < 0
	var u uint64
	if neg {
		u = uint64(-(n + 1)) + 1
	} else {
		u = uint64(n)
	}
	s := group(strconv.FormatUint(u, 10))
	if neg {
		return "-" + s
	}
	return s
}

func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	first := len(digits) % 3
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// Decimal prints f with up to prec decimals, "," as the decimal mark and no
// trailing zeros: 1.234.567,89 and 8,25 and 12.
func Decimal(f float64, prec int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', prec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	out := group(intPart)
	if frac != "" {
		out += "," + frac
	}
	if f < 0 && (intPart != "0" || frac != "") {
		out = "-" + out
	}
	return out
}

// Percent prints 87,5%.
func Percent(f float64) string { return Decimal(f, 1) + "%" }

// Money prints integer đồng as 14.837.629.000.
func Money(dong int64) string { return Int(dong) }

// MillionDong prints đồng in triệu đồng with up to 3 decimals, as tables do.
func MillionDong(dong int64) string { return Decimal(float64(dong)/1e6, 3) }

// ErrNotNumber is returned when text is not a number in Vietnamese notation.
var ErrNotNumber = errors.New("not a number")

// ParseNumber reads a number typed the Vietnamese way ("1.234.567,5") or plainly
// ("1234567.5" when there is a single dot followed by other than 3 digits).
// It never accepts words like "N/A".
func ParseNumber(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, " ", ""))
	if s == "" {
		return 0, ErrNotNumber
	}
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = s[:1], s[1:]
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return 0, ErrNotNumber
		}
	}
	switch {
	case strings.Contains(s, ","):
		// Vietnamese: dots group thousands, one comma marks decimals.
		if strings.Count(s, ",") > 1 || !validGroups(strings.Split(s, ",")[0]) {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case strings.Count(s, ".") > 1:
		if !validGroups(s) {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ".", "")
	case strings.Count(s, ".") == 1:
		whole, frac, _ := strings.Cut(s, ".")
		if len(frac) == 3 && whole != "" && whole != "0" && whole != "-0" {
			s = whole + frac // 1.234 is one thousand two hundred thirty-four
		}
	}
	if s == "" || s == "." {
		return 0, ErrNotNumber
	}
	f, err := strconv.ParseFloat(sign+s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, ErrNotNumber
	}
	return f, nil
}

// ParseMoney reads whole đồng; decimals are refused.
func ParseMoney(s string) (int64, error) {
	f, err := ParseNumber(s)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 9e15 {
		return 0, ErrNotNumber
	}
	return int64(f), nil
}

func validGroups(s string) bool {
	if !strings.Contains(s, ".") {
		return s != ""
	}
	parts := strings.Split(s, ".")
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}
