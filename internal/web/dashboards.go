package web

import (
	"net/http"
	"net/url"

	"khcn/internal/app"
)

func dashboardRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /programmes/{id}/dashboard", s.dashboard)
	m.HandleFunc("GET /programmes/{id}/indicators/{iid}", s.indicatorDashboard)
	m.HandleFunc("GET /programmes/{id}/units/{uid}", s.unitHistory)
}

// dashQuery reads the dashboard's selection from the query string:
// view (period), scope (unit), mode=today, area.
func dashQuery(r *http.Request) app.DashQuery {
	q := r.URL.Query()
	return app.DashQuery{ProgrammeID: r.PathValue("id"), ViewID: q.Get("view"), ScopeID: q.Get("scope"), Today: q.Get("mode") == "today",
		Area: q.Get("area"), IndicatorID: r.PathValue("iid")}
}

// dashLinks builds the links of a dashboard that keep its selection.
type dashLinks struct {
	base  string
	query url.Values
}

func newDashLinks(programmeID string, d app.Dashboard) dashLinks {
	q := url.Values{"view": {d.View.ID}, "scope": {d.Scope.ID}}
	if d.Today {
		q.Set("mode", "today")
	}
	if d.Area != "" {
		q.Set("area", d.Area)
	}
	return dashLinks{base: "/programmes/" + programmeID, query: q}
}

// With returns the dashboard URL with one setting changed.
func (l dashLinks) With(key, value string) string {
	q := url.Values{}
	for k, v := range l.query {
		q[k] = v
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	return l.base + "/dashboard?" + q.Encode()
}

// Indicator is the URL of an indicator's page with the same selection.
func (l dashLinks) Indicator(id string) string {
	return l.base + "/indicators/" + id + "?" + l.query.Encode()
}

// Unit is the URL of a unit's page.
func (l dashLinks) Unit(id string) string { return l.base + "/units/" + id }

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.ProgrammeDashboard(r.Context(), s.actor(r), dashQuery(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "dashboards/overview", "title.dashboard", map[string]any{"D": d, "L": newDashLinks(r.PathValue("id"), d)})
}

func (s *Server) indicatorDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.IndicatorDashboard(r.Context(), s.actor(r), dashQuery(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := newDashLinks(r.PathValue("id"), d.Dashboard)
	s.show(w, r, "dashboards/indicator", d.Indicator.Name, map[string]any{"D": d, "L": l})
}

func (s *Server) unitHistory(w http.ResponseWriter, r *http.Request) {
	h, err := s.app.UnitHistory(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("uid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "dashboards/unit", h.Unit.Name, h)
}
