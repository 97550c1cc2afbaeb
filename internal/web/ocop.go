package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/ocop"
	"khcn/internal/valid"
)

// ocopArea is the area's menu entries and routes, listed in areas.go.
func ocopArea() area {
	return area{
		name:  "ocop",
		label: "nav.ocop",
		nav: []navEntry{
			{order: 50, label: "nav.ocop", href: "/ocop", action: ocop.View},
			{order: 98, label: "nav.catalogue", href: "/san-pham", action: ocop.PublicCatalogue},
		},
		routes: ocopRoutes,
	}
}

func ocopRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /ocop", s.ocopDashboard)
	m.HandleFunc("GET /ocop/bands", s.ocopBands)
	m.HandleFunc("POST /ocop/bands", s.saveBands)
	m.HandleFunc("GET /ocop/products", s.ocopProducts)
	m.HandleFunc("GET /ocop/products/new", s.productNew)
	m.HandleFunc("POST /ocop/products", s.productCreate)
	m.HandleFunc("GET /ocop/products/{id}", s.ocopProduct)
	m.HandleFunc("GET /ocop/products/{id}/edit", s.productEdit)
	m.HandleFunc("POST /ocop/products/{id}", s.productUpdate)
	m.HandleFunc("POST /ocop/products/{id}/status", s.productStatus)
	m.HandleFunc("GET /ocop/products/{id}/evaluations/new", s.evalNew)
	m.HandleFunc("POST /ocop/products/{id}/evaluations", s.evalCreate)
	m.HandleFunc("GET /ocop/evaluations/{id}/edit", s.evalEdit)
	m.HandleFunc("POST /ocop/evaluations/{id}", s.evalUpdate)
	m.HandleFunc("POST /ocop/evaluations/{id}/verify", s.evalVerify)
	m.HandleFunc("GET /ocop/products/{id}/plans/new", s.planNew)
	m.HandleFunc("POST /ocop/products/{id}/plans", s.planCreate)
	m.HandleFunc("GET /ocop/plans/{id}/edit", s.planEdit)
	m.HandleFunc("POST /ocop/plans/{id}", s.planUpdate)
	m.HandleFunc("POST /ocop/plans/{id}/steps/{step}/action", s.planStepToAction)
	m.HandleFunc("GET /ocop/producers", s.ocopProducers)
	m.HandleFunc("GET /ocop/producers/new", s.producerNew)
	m.HandleFunc("POST /ocop/producers", s.producerCreate)
	m.HandleFunc("GET /ocop/producers/{id}", s.ocopProducer)
	m.HandleFunc("GET /ocop/producers/{id}/edit", s.producerEdit)
	m.HandleFunc("POST /ocop/producers/{id}", s.producerUpdate)
	m.HandleFunc("GET /ocop/ip", s.ocopIPList)
	m.HandleFunc("GET /ocop/ip/new", s.ipNew)
	m.HandleFunc("POST /ocop/ip", s.ipCreate)
	m.HandleFunc("GET /ocop/ip/{id}", s.ocopIP)
	m.HandleFunc("GET /ocop/ip/{id}/edit", s.ipEdit)
	m.HandleFunc("POST /ocop/ip/{id}", s.ipUpdate)
	m.HandleFunc("POST /ocop/ip/{id}/verify", s.ipVerify)
	m.HandleFunc("GET /ocop/ip/task-options", s.ipTaskOptions)
	m.HandleFunc("GET /ocop/expiring", s.ocopExpiring)
	m.HandleFunc("GET /ocop/upgrades", s.ocopUpgrades)
	m.HandleFunc("GET /ocop/gaps", s.ocopGaps)
	m.HandleFunc("GET /ocop/pending", s.ocopPending)
	m.HandleFunc("GET /ocop/import", s.ocopImportForm)
	m.HandleFunc("POST /ocop/import", s.ocopImport)
	m.HandleFunc("GET /ocop/import/template", s.ocopImportTemplate)
	m.HandleFunc("GET /san-pham", s.catalogue)
	m.HandleFunc("GET /san-pham/{id}", s.catalogueProduct)
}

// ocopView carries the reference data and labels pages need, in the
// page's language.
type ocopView struct {
	app.OcopRef
	lang i18n.Lang
}

func (s *Server) ocopView(r *http.Request) (ocopView, error) {
	ref, err := s.app.OcopReference(r.Context())
	return ocopView{ref, lang(r)}, err
}

// GroupName is a group's name in the page language.
func (v ocopView) GroupName(code string) string {
	g, ok := v.Catalogue.Group(code)
	return v.pick(ok, code, g.Name, g.NameEN)
}

// SubgroupName is a sub-group's name in the page language.
func (v ocopView) SubgroupName(code string) string {
	g, ok := v.Catalogue.Subgroup(code)
	return v.pick(ok, code, g.Name, g.NameEN)
}

func (v ocopView) pick(ok bool, code, vi, en string) string {
	switch {
	case !ok:
		return code
	case v.lang == i18n.EN:
		return en
	}
	return vi
}

// opt is one option of a select; Sub makes it an option group.
type opt struct {
	Value, Text string
	Sub         []opt
}

func (v ocopView) groupOpts() []opt {
	var out []opt
	for _, g := range v.Catalogue {
		out = append(out, opt{Value: g.Code, Text: g.Code + ". " + v.GroupName(g.Code)})
	}
	return out
}

func (v ocopView) subgroupOpts() []opt {
	var out []opt
	for _, g := range v.Catalogue {
		grp := opt{Text: g.Code + ". " + v.GroupName(g.Code)}
		for _, sg := range g.Subgroups {
			grp.Sub = append(grp.Sub, opt{Value: sg.Code, Text: sg.Code + " " + v.SubgroupName(sg.Code)})
		}
		out = append(out, grp)
	}
	return out
}

// keyOpts makes options from stable keys, labelled by prefix+key.
func keyOpts[T ~string](l i18n.Lang, prefix string, keys []T) []opt {
	out := make([]opt, len(keys))
	for i, k := range keys {
		out[i] = opt{Value: string(k), Text: i18n.T(l, prefix+string(k))}
	}
	return out
}

// filterOf reads the list filters from the query string.
func filterOf(q url.Values) app.OcopFilter {
	stars, _ := strconv.Atoi(q.Get("stars"))
	return app.OcopFilter{UnitID: q.Get("unit"), Group: q.Get("group"), Stars: stars, Status: ocop.Status(q.Get("status")), Text: strings.TrimSpace(q.Get("q"))}
}

// formDone handles the outcome of a form's use case: field problems
// re-render the form with what was typed, a conflict with what was typed
// merged with what stored loads (nil for a new record); success redirects.
func (s *Server) formDone(w http.ResponseWriter, r *http.Request, err error, name, title string, data func() (any, error),
	stored func() (url.Values, error), to, flash string) {
	var errs valid.Errors
	var dup *app.DupError
	switch {
	case err == nil:
		s.redirect(w, r, to, flash)
		return
	case errors.As(err, &dup):
		errs = dup.Errors
	case errors.As(err, &errs):
	case errors.Is(err, app.ErrConflict) && stored != nil:
		var serr error
		if errs, serr = s.retyped(r, conflictErrs(), stored); serr != nil {
			s.fail(w, r, serr)
			return
		}
	default:
		s.fail(w, r, err)
		return
	}
	d, derr := data()
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	if dup != nil {
		if m, ok := d.(map[string]any); ok {
			m["Duplicates"] = dup.Candidates
		}
	}
	s.showForm(w, r, name, title, d, errs)
}

func version(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	return v
}

func (s *Server) readForm(w http.ResponseWriter, r *http.Request) bool {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return false
	}
	return true
}

// allowed checks, for a page that shows a form, that the actor may use it;
// the use case behind the form checks again on submit.
func (s *Server) allowed(w http.ResponseWriter, r *http.Request, action account.Action, unitPath string) bool {
	obj := account.Unit(unitPath)
	if unitPath == "" && userOf(r) != nil {
		obj = account.Unit(userOf(r).ScopePath)
	}
	if err := app.Must(s.actor(r), action, obj); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}
