package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/valid"
)

// Template helpers of the programme pages, added to the shared function map
// before templates are parsed.
func init() {
	funcs["pval"] = func(ind programme.Indicator, v programme.Value) string { return programme.Format(ind.Type, v) }
	funcs["pcell"] = cellText
	funcs["ppct"] = func(f float64) string {
		if math.IsNaN(f) {
			return "—"
		}
		return locale.Percent(f)
	}
	funcs["pnan"] = func(f float64) bool { return math.IsNaN(f) }
	funcs["pbarw"] = func(f float64) int { // width class of a progress bar, in 5% steps
		if math.IsNaN(f) || f <= 0 {
			return 0
		}
		return int(math.Min(f, 100)/5) * 5
	}
	funcs["pkinds"] = func(ind programme.Indicator) []string {
		out := make([]string, len(ind.ReporterKinds))
		for i, k := range ind.ReporterKinds {
			out[i] = string(k)
		}
		return out
	}
	funcs["psection"] = func(i int) string { return "section" + strconv.Itoa(i+1) }
	funcs["ptr"] = func(p *Page, pr valid.Problem) string { return i18n.T(p.Lang, pr.Key, pr.Args...) }
	funcs["pstatuses"] = func() []programme.Status { return programme.Statuses }
	funcs["pfield"] = programme.Field
	funcs["pcfield"] = programme.CommentField
}

// cellText formats a combined value: yes/no shown as Có/Không for one unit
// and as the number of units answering yes when several are combined; an
// estimate through partial successors is marked "≈".
func cellText(ind programme.Indicator, c programme.Cell) string {
	if !c.Set {
		return "—"
	}
	var s string
	switch {
	case ind.Type == programme.YesNo && c.Units <= 1:
		s = programme.Format(programme.YesNo, programme.NumValue(c.V))
	case ind.Type == programme.Money:
		s = locale.MillionDong(int64(math.Round(c.V)))
	case ind.Type == programme.Percent:
		s = locale.Decimal(c.V, 1)
	default:
		s = locale.Decimal(c.V, 2)
	}
	if c.Approx {
		s = "≈ " + s
	}
	return s
}

// formFloat reads an optional number field the Vietnamese way.
func formFloat(f map[string][]string, name string, errs *valid.Errors) *float64 {
	s := strings.TrimSpace(first(f[name]))
	if s == "" {
		return nil
	}
	v, err := locale.ParseNumber(s)
	if err != nil {
		errs.Add(name, "err.prog.number")
		return nil
	}
	return &v
}

// formDate reads an optional date field (dd/mm/yyyy).
func formDate(f map[string][]string, name string, errs *valid.Errors) civil.Date {
	s := strings.TrimSpace(first(f[name]))
	if s == "" {
		return civil.Date{}
	}
	d, err := locale.ParseDate(s)
	if err != nil {
		errs.Add(name, "err.date_format")
	}
	return d
}

func formInt(f map[string][]string, name string, errs *valid.Errors) int {
	s := strings.TrimSpace(first(f[name]))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs.Add(name, "err.prog.whole_number")
	}
	return n
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// merge adds the problems of b to a, keeping a's where both have one.
func merge(a, b valid.Errors) valid.Errors {
	for k, p := range b {
		a.Add(k, p.Key, p.Args...)
	}
	return a
}

// problemsOf turns any error into form problems, or reports that it is not
// a form problem (forbidden, not found, a server error).
func problemsOf(err error) (valid.Errors, bool) {
	var e valid.Errors
	var locked app.ReportLockedError
	switch {
	case errors.As(err, &e):
		return e, true
	case errors.As(err, &locked):
		e.Add("form", "lock."+string(locked.Lock))
		return e, true
	case errors.Is(err, app.ErrConflict):
		return conflictErrs(), true
	}
	return nil, false
}

// mustForm parses a POSTed form, answering 400 when it cannot.
func (s *Server) mustForm(w http.ResponseWriter, r *http.Request) bool {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return false
	}
	return true
}

// formTitle is the title key of a form: base+"_new" or base+"_edit".
func formTitle(base, id string) string {
	if id == "" {
		return base + "_new"
	}
	return base + "_edit"
}
