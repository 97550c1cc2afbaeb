// Package locale formats and compares text the way Vietnamese users expect:
// dd/mm/yyyy dates, 1.234.567 numbers, Vietnamese collation and
// diacritics-insensitive search keys.
package locale

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"khcn/internal/civil"
)

// Zone is Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving. A fixed zone
// avoids depending on the host's tzdata.
var Zone = time.FixedZone("ICT", 7*3600)

// Today returns the current date in Vietnam.
func Today(now time.Time) civil.Date { return civil.Of(now.In(Zone)) }

// Date prints dd/mm/yyyy, or "" for the zero date.
func Date(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}

// DateTime prints dd/mm/yyyy HH:MM in Vietnam time.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006 15:04")
}

// LongDate prints the Decree 30 form "ngày 05 tháng 02 năm 2026": days 1-9 and
// months 1-2 take a leading zero, other months do not.
func LongDate(d civil.Date) string {
	month := strconv.Itoa(int(d.Month))
	if d.Month <= 2 {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d.Day, month, d.Year)
}

// ParseDate accepts dd/mm/yyyy (also d/m/yyyy) and yyyy-mm-dd, as typed in
// forms or sent by <input type=date>.
func ParseDate(s string) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return civil.Date{}, fmt.Errorf("empty date")
	}
	if d, err := civil.ParseISO(s); err == nil {
		return d, nil
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return civil.Date{}, fmt.Errorf("bad date %q", s)
	}
	day, e1 := strconv.Atoi(parts[0])
	mon, e2 := strconv.Atoi(parts[1])
	yr, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil || yr < 1900 || yr > 2999 || mon < 1 || mon > 12 || day < 1 {
		return civil.Date{}, fmt.Errorf("bad date %q", s)
	}
	d := civil.New(yr, time.Month(mon), day)
	if d.Day != day {
		return civil.Date{}, fmt.Errorf("bad date %q", s)
	}
	return d, nil
}
