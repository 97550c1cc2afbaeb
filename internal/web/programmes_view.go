package web

import (
	"errors"
	"html/template"
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

// programmeFuncs are the template helpers of the programme pages; the
// renderer adds them beside funcs before templates are parsed.
var programmeFuncs = template.FuncMap{
	"pval":  func(ind programme.Indicator, v programme.Value) string { return programme.Format(ind.Type, v) },
	"pcell": programme.CellText,
	"punit": programme.ShownUnit,
	"ppct":  programme.PctText,
	"pbase": baselineNote,
	"pnan":  func(f float64) bool { return math.IsNaN(f) },
	"pbarw": func(f float64) int { // width class of a progress bar, in 5% steps
		if math.IsNaN(f) || f <= 0 {
			return 0
		}
		return int(math.Min(f, 100)/5) * 5
	},
	"pkinds": func(ind programme.Indicator) []string {
		out := make([]string, len(ind.ReporterKinds))
		for i, k := range ind.ReporterKinds {
			out[i] = string(k)
		}
		return out
	},
	"psection":  func(i int) string { return "section" + strconv.Itoa(i+1) },
	"ptr":       func(p *Page, pr valid.Problem) string { return i18n.T(p.Lang, pr.Key, pr.Args...) },
	"pstatuses": func() []programme.Status { return programme.Statuses },
	"pfield":    programme.Field,
	"pcfield":   programme.CommentField,
}

// baselineNote is what a page prints beside a percentage computed from the
// baseline ("từ mức cơ sở 60"), so it can be recomputed from the page; ""
// when the baseline was not used.
func baselineNote(p *Page, ind programme.Indicator, f app.Figure) string {
	if !f.UsesBaseline() {
		return ""
	}
	return p.T("dash.from_baseline", programme.CellText(ind, f.Baseline))
}

// pctNum prints a percentage on a chart as its table does, without the
// sign (the chart adds it).
func pctNum(v float64) string { return locale.Decimal(programme.RoundPct(v), 1) }

// shownFormat prints a chart value of an indicator as its table does.
func shownFormat(ind programme.Indicator) func(float64) string {
	return func(v float64) string { return locale.Decimal(v, programme.Decimals(ind.Type)) }
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
