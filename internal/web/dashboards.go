package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strings"

	"khcn/internal/app"
	"khcn/internal/chart"
	"khcn/internal/programme"
)

func dashboardRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /programmes/{id}/dashboard", s.dashboard)
	m.HandleFunc("GET /programmes/{id}/indicators/{iid}", s.indicatorDashboard)
	m.HandleFunc("GET /programmes/{id}/units/{uid}", s.unitHistory)
	m.HandleFunc("GET /programmes/{id}/report.docx", s.consolidatedDOCX)
	m.HandleFunc("GET /programmes/{id}/report.xlsx", s.consolidatedXLSX)
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
	p := s.page(r, "title.dashboard", nil)
	var names []string
	var pcts []float64
	for i, ind := range d.Totals {
		if ind.Area == d.Area {
			names = append(names, ind.Name)
			pcts = append(pcts, d.Total[i].Pct)
		}
	}
	progress := chart.Bar{Title: p.T("dash.chart_progress", d.Area), Labels: names, Horizontal: true, Unit: "%",
		Series: []chart.Series{{Name: p.T("dash.pct"), Values: pcts, Format: pctNum}}}.SVG()
	top := d.Ranking[:min(len(d.Ranking), chartRows)]
	ranking := chart.Bar{Title: p.T("dash.chart_ranking", len(top)), Labels: unitLabels(p, top), Horizontal: true, Unit: "%",
		Series: []chart.Series{{Name: p.T("dash.score"), Values: scores(top), Format: pctNum}}}.SVG()
	p.Data = map[string]any{"D": d, "L": newDashLinks(r.PathValue("id"), d), "ProgressChart": progress, "RankingChart": ranking,
		"Matrix": matrixBody(p, d, newDashLinks(r.PathValue("id"), d))}
	s.showPage(w, r, http.StatusOK, "dashboards/overview", p)
}

// matrixBody writes the rows of the unit × indicator matrix. A province
// has thousands of cells; writing them here, escaped, keeps the page fast.
func matrixBody(p *Page, d app.Dashboard, l dashLinks) template.HTML {
	labels := map[programme.Status]string{}
	for _, st := range programme.Statuses {
		labels[st] = html.EscapeString(p.T("status." + string(st)))
	}
	ofTarget := html.EscapeString(p.T("dash.of_target"))
	former := html.EscapeString(p.T("orgunits.former"))
	var b strings.Builder
	b.Grow(len(d.Rows) * len(d.Columns) * 120)
	for _, row := range d.Rows {
		fmt.Fprintf(&b, `<tr><th scope="row"><a href="%s">%s</a>`, html.EscapeString(l.Unit(row.Unit.ID)), html.EscapeString(p.UnitName(row.Unit)))
		if !row.Unit.Current() {
			fmt.Fprintf(&b, ` <span class="badge muted">%s</span>`, former)
		}
		b.WriteString("</th>")
		for j, f := range row.Figures {
			ind := d.Columns[j]
			title := labels[f.Status]
			if !math.IsNaN(f.Pct) {
				title += ": " + programme.PctText(f.Pct) + " " + ofTarget + " " + html.EscapeString(programme.CellText(ind, f.Target))
				if note := baselineNote(p, ind, f); note != "" {
					title += ", " + html.EscapeString(note)
				}
			}
			fmt.Fprintf(&b, `<td class="st-%s" title="%s">%s<span class="sr-only"> — %s</span></td>`, f.Status, title, html.EscapeString(programme.CellText(ind, f.Value)), title)
		}
		score := "—"
		if !math.IsNaN(row.Score) {
			score = programme.PctText(row.Score)
		}
		fmt.Fprintf(&b, `<td class="num">%s</td></tr>`, score)
	}
	return template.HTML(b.String())
}

// chartRows is how many units a ranking chart shows; the table beside it
// has them all.
const chartRows = 20

func unitLabels(p *Page, rows []app.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = p.UnitName(r.Unit)
	}
	return out
}

func scores(rows []app.Row) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r.Score
	}
	return out
}

func (s *Server) indicatorDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.IndicatorDashboard(r.Context(), s.actor(r), dashQuery(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, d.Indicator.Name, nil)
	var labels []string
	var vals, targets []float64
	for _, t := range d.Trend {
		labels = append(labels, t.Period.Name)
		vals = append(vals, cellFloat(t.Figure.Value))
		targets = append(targets, cellFloat(t.Figure.Target))
	}
	ind := d.Indicator
	unit, format := programme.ShownUnit(ind), shownFormat(ind)
	trend := chart.Line{Title: p.T("dash.trend", p.UnitName(d.Scope)), Labels: labels, Unit: unit, TargetName: p.T("report.target"),
		Series: []chart.Series{{Name: p.T("dash.actual"), Values: shown(ind, vals), Format: format}}, Target: shown(ind, targets)}.SVG()
	top := d.Ranking[:min(len(d.Ranking), chartRows)]
	var rvals []float64
	for _, row := range top {
		rvals = append(rvals, cellFloat(row.Figures[0].Value))
	}
	rollup := chart.Bar{Title: p.T("dash.chart_rollup", len(top)), Labels: unitLabels(p, top), Horizontal: true, Unit: unit,
		Series: []chart.Series{{Name: p.T("dash.actual"), Values: shown(ind, rvals), Format: format}}}.SVG()
	p.Data = map[string]any{"D": d, "L": newDashLinks(r.PathValue("id"), d.Dashboard), "TrendChart": trend, "RollupChart": rollup}
	s.showPage(w, r, http.StatusOK, "dashboards/indicator", p)
}

func cellFloat(c programme.Cell) float64 {
	if !c.Set {
		return math.NaN()
	}
	return c.V
}

// shown is what a chart draws: the figures as their table shows them
// (rounded, money in triệu đồng).
func shown(ind programme.Indicator, vs []float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = programme.Shown(ind.Type, v)
	}
	return out
}

func (s *Server) unitHistory(w http.ResponseWriter, r *http.Request) {
	h, err := s.app.UnitHistory(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("uid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "dashboards/unit", h.Unit.Name, h)
}

// consolidatedDOCX is the consolidated report of the chosen period.
func (s *Server) consolidatedDOCX(w http.ResponseWriter, r *http.Request) {
	data, name, err := s.app.ConsolidatedDOCX(r.Context(), s.actor(r), r.PathValue("id"), r.URL.Query().Get("view"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data, false)
}

func (s *Server) consolidatedXLSX(w http.ResponseWriter, r *http.Request) {
	data, name, err := s.app.ConsolidatedXLSX(r.Context(), s.actor(r), r.PathValue("id"), r.URL.Query().Get("view"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, false)
}
