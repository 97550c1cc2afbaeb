package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/chart"
	"khcn/internal/civil"
	"khcn/internal/document"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/ocop"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendSheet answers ?format=xlsx with the list as a formatted workbook, and
// reports whether it did.
func (s *Server) sendSheet(w http.ResponseWriter, r *http.Request, file string, sheet func(l i18n.Lang) document.Sheet) bool {
	if r.URL.Query().Get("format") != "xlsx" {
		return false
	}
	sh := sheet(lang(r))
	sh.Subtitle = i18n.T(lang(r), "ocop.export_as_of", locale.Date(locale.Today(s.app.Now())))
	data, err := document.XLSX(sh)
	if err != nil {
		s.serverError(w, r, err)
		return true
	}
	// The file is named by its title, diacritics kept ("Danh mục sản phẩm
	// OCOP 06-12-2026.xlsx"); sendFile adds a plain fallback for old clients.
	name := file
	if sh.Title != "" {
		name = document.FileName(sh.Title + " " + strings.ReplaceAll(locale.Date(locale.Today(s.app.Now())), "/", "-"))
	}
	sendFile(w, name+".xlsx", xlsxType, data, false)
	return true
}

func cols(l i18n.Lang, spec ...any) []document.Column {
	var out []document.Column
	for i := 0; i+1 < len(spec); i += 2 {
		out = append(out, document.Column{Header: i18n.T(l, spec[i].(string)), Kind: spec[i+1].(document.ColumnKind)})
	}
	return out
}

func (s *Server) exportItems(w http.ResponseWriter, r *http.Request, title string, items []app.OcopItem, v ocopView) bool {
	return s.sendSheet(w, r, "san-pham-ocop", func(l i18n.Lang) document.Sheet {
		sh := document.Sheet{Name: "OCOP", Title: i18n.T(l, title), Columns: cols(l,
			"ocop.f.code", document.Text, "ocop.f.name", document.Text, "ocop.f.producer", document.Text, "ocop.f.commune", document.Text,
			"ocop.f.orig_unit", document.Text, "ocop.f.group", document.Text, "ocop.f.subgroup", document.Text, "ocop.f.stars", document.Int,
			"ocop.f.total", document.Decimal, "ocop.f.cert_no", document.Text, "ocop.f.issue_date", document.Date, "ocop.f.expiry", document.Date,
			"ocop.f.target", document.Int, "ocop.f.deadline", document.Date, "label.status", document.Text)}
		for _, it := range items {
			var stars, target any = "", ""
			var total any = ""
			var issue, expiry, deadline civil.Date
			if it.Rated {
				stars, total, issue, expiry = it.Current.Stars, it.Current.Total, it.Current.IssueDate, it.Current.Expiry()
			}
			if it.HasPlan {
				target, deadline = it.OpenPlan.TargetStars, it.OpenPlan.Deadline
			}
			orig := ""
			if it.Rehomed() {
				orig = i18n.T(l, "type."+it.OrigType) + " " + it.OrigName
			}
			sh.Rows = append(sh.Rows, []any{it.Code, it.Name, it.ProducerName, i18n.T(l, "type."+it.UnitType) + " " + it.UnitName, orig,
				v.GroupName(it.GroupCode), v.SubgroupName(it.SubgroupCode), stars, total, it.Current.CertNo, issue, expiry, target, deadline,
				i18n.T(l, "ocop.status."+string(it.Status))})
		}
		return sh
	})
}

func (s *Server) exportProducers(w http.ResponseWriter, r *http.Request, list []ocop.Producer) bool {
	return s.sendSheet(w, r, "chu-the-ocop", func(l i18n.Lang) document.Sheet {
		sh := document.Sheet{Name: "Chủ thể", Title: i18n.T(l, "ocop.title.producers"), Columns: cols(l,
			"ocop.f.producer_name", document.Text, "ocop.f.kind", document.Text, "ocop.f.reg_no", document.Text, "ocop.f.representative", document.Text,
			"label.phone", document.Text, "ocop.f.address", document.Text, "ocop.f.commune", document.Text, "ocop.f.orig_address", document.Text)}
		for _, p := range list {
			sh.Rows = append(sh.Rows, []any{p.Name, i18n.T(l, "ocop.kind."+string(p.Kind)), p.RegNo, p.Representative, p.Phone, p.Address,
				i18n.T(l, "type."+p.UnitType) + " " + p.UnitName, p.OrigAddress})
		}
		return sh
	})
}

func (s *Server) exportIP(w http.ResponseWriter, r *http.Request, list []ocop.IPTitle) bool {
	today := locale.Today(s.app.Now())
	return s.sendSheet(w, r, "van-bang-shtt", func(l i18n.Lang) document.Sheet {
		sh := document.Sheet{Name: "SHTT", Title: i18n.T(l, "ocop.title.ip"), Columns: cols(l,
			"ocop.f.ip_name", document.Text, "ocop.f.ip_kind", document.Text, "ocop.f.owner", document.Text, "ocop.f.app_no", document.Text,
			"ocop.f.app_date", document.Date, "ocop.f.grant_no", document.Text, "ocop.f.grant_date", document.Date, "ocop.f.term_until", document.Date,
			"label.status", document.Text, "ocop.f.managing_org", document.Text, "ocop.f.commune", document.Text, "ocop.f.task_ref", document.Text)}
		for _, t := range list {
			sh.Rows = append(sh.Rows, []any{t.Name, i18n.T(l, "ocop.ipkind."+string(t.Kind)), t.Owner, t.AppNo, t.AppDate, t.GrantNo, t.GrantDate,
				t.TermUntil, i18n.T(l, "ocop.ipstatus."+string(t.StatusOn(today))), t.ManagingOrg, i18n.T(l, "type."+t.UnitType) + " " + t.UnitName, t.Task()})
		}
		return sh
	})
}

// ocopCharts draws the dashboard's charts; each sits beside its table.
func ocopCharts(st app.OcopStats, v ocopView, l i18n.Lang) map[string]template.HTML {
	starSeries := func(counts []app.StarCount) []chart.Series {
		s3, s4, s5 := chart.Series{Name: "3★"}, chart.Series{Name: "4★"}, chart.Series{Name: "5★"}
		for _, c := range counts {
			s3.Values = append(s3.Values, float64(c.S3))
			s4.Values = append(s4.Values, float64(c.S4))
			s5.Values = append(s5.Values, float64(c.S5))
		}
		return []chart.Series{s3, s4, s5}
	}
	var groups []string
	for _, g := range st.ByGroup {
		groups = append(groups, v.GroupName(g.Label))
	}
	var kinds []string
	statuses := []chart.Series{}
	for _, stt := range ocop.IPStatuses {
		se := chart.Series{Name: i18n.T(l, "ocop.ipstatus."+string(stt))}
		for _, c := range st.IP {
			se.Values = append(se.Values, float64(c.ByStat[string(stt)]))
		}
		statuses = append(statuses, se)
	}
	for _, c := range st.IP {
		kinds = append(kinds, i18n.T(l, "ocop.ipkind."+string(c.Kind)))
	}
	var years []string
	t3, t4, t5 := chart.Series{Name: "3★"}, chart.Series{Name: "4★"}, chart.Series{Name: "5★"}
	for _, y := range st.Trend {
		years = append(years, strconv.Itoa(y.Year)) // a year, not a quantity: no thousands dot
		t3.Values = append(t3.Values, float64(y.S3))
		t4.Values = append(t4.Values, float64(y.S4))
		t5.Values = append(t5.Values, float64(y.S5))
	}
	return map[string]template.HTML{
		"Groups": chart.Bar{Title: i18n.T(l, "ocop.dash.by_stars_group"), Labels: groups, Series: starSeries(st.ByGroup), Horizontal: true, Stacked: true}.SVG(),
		"Certs": chart.Bar{Title: i18n.T(l, "ocop.dash.certs"), Labels: []string{i18n.T(l, "ocop.kpi.valid"), i18n.T(l, "ocop.chart.expiring"), i18n.T(l, "ocop.kpi.lapsed")},
			Series: []chart.Series{{Name: i18n.T(l, "ocop.kpi.products"), Values: []float64{float64(st.Valid), float64(st.Expiring), float64(st.Lapsed)}}}}.SVG(),
		"IP":    chart.Bar{Title: i18n.T(l, "ocop.dash.ip"), Labels: kinds, Series: statuses, Horizontal: true, Stacked: true}.SVG(),
		"Trend": chart.Line{Title: i18n.T(l, "ocop.dash.trend"), Labels: years, Series: []chart.Series{t3, t4, t5}}.SVG(),
	}
}

// ocopImportTemplate sends an empty import file with the right headers.
func (s *Server) ocopImportTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, ocop.Import, "") {
		return
	}
	kind := ocop.ImportKind(r.URL.Query().Get("kind"))
	columns, ok := ocop.Columns[kind]
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.not_found")
		return
	}
	q := r.URL.Query()
	q.Set("format", "xlsx")
	r.URL.RawQuery = q.Encode()
	s.sendSheet(w, r, "mau-nhap-"+string(kind), func(l i18n.Lang) document.Sheet {
		sh := document.Sheet{Name: "Mẫu nhập", Title: i18n.T(l, "ocop.importkind."+string(kind))}
		for _, c := range columns {
			sh.Columns = append(sh.Columns, document.Column{Header: c.Header, Kind: document.Text})
		}
		return sh
	})
}

func (s *Server) exportPending(w http.ResponseWriter, r *http.Request, pr app.PendingReview) bool {
	return s.sendSheet(w, r, "cho-xac-minh", func(l i18n.Lang) document.Sheet {
		sh := document.Sheet{Name: "Chờ xác minh", Title: i18n.T(l, "ocop.pending.evals"), Columns: cols(l,
			"ocop.f.code", document.Text, "ocop.f.name", document.Text, "ocop.f.commune", document.Text, "ocop.f.year", document.Year,
			"ocop.f.level", document.Text, "ocop.f.total", document.Decimal, "ocop.f.stars", document.Int, "ocop.f.decision_no", document.Text,
			"ocop.f.decision_date", document.Date, "ocop.f.cert_no", document.Text, "ocop.f.issue_date", document.Date)}
		for _, p := range pr.Evaluations {
			e := p.Eval
			sh.Rows = append(sh.Rows, []any{p.Product.Code, p.Product.Name, i18n.T(l, "type."+p.Product.UnitType) + " " + p.Product.UnitName, e.Year,
				i18n.T(l, "ocop.level."+string(e.Level)), e.Total, e.Stars, e.DecisionNo, e.DecisionDate, e.CertNo, e.IssueDate})
		}
		return sh
	})
}

func (s *Server) exportCatalogue(w http.ResponseWriter, r *http.Request, c app.Catalogue, v ocopView) bool {
	return s.sendSheet(w, r, "danh-muc-san-pham-ocop", func(l i18n.Lang) document.Sheet {
		sh := document.Sheet{Name: "OCOP", Title: i18n.T(l, "ocop.title.catalogue"), Columns: cols(l,
			"ocop.f.name", document.Text, "ocop.f.stars", document.Int, "ocop.f.producer", document.Text, "ocop.f.commune", document.Text,
			"ocop.f.group", document.Text, "ocop.f.cert_no", document.Text, "ocop.f.issue_date", document.Date, "ocop.f.expiry", document.Date)}
		for _, it := range c.Products {
			sh.Rows = append(sh.Rows, []any{it.Name, it.Stars, it.Producer, i18n.T(l, "type."+it.CommuneType) + " " + it.Commune, v.GroupName(it.Group),
				it.CertNo, it.Issue, it.Expiry})
		}
		return sh
	})
}
