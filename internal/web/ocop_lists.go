package web

import (
	"net/http"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/orgunit"
)

// listData is what every products list page gets: the reference data, the
// filter options and the units the actor may filter by.
func (s *Server) listData(r *http.Request) (map[string]any, error) {
	v, err := s.ocopView(r)
	if err != nil {
		return nil, err
	}
	d := map[string]any{"V": v, "Groups": v.groupOpts(), "Filter": filterOf(r.URL.Query())}
	if u := userOf(r); u != nil && u.Role.IsSo() {
		units, err := s.app.CurrentUnits(r.Context(), locale.Today(s.app.Now()))
		if err != nil {
			return nil, err
		}
		var communes []orgunit.Unit
		for _, x := range units {
			if x.Kind == orgunit.Commune {
				communes = append(communes, x)
			}
		}
		d["Units"] = communes
	}
	return d, nil
}

// showList renders a list page with its filters kept in the form.
func (s *Server) showList(w http.ResponseWriter, r *http.Request, name, title string, d map[string]any) {
	p := s.page(r, title, d)
	p.Form = r.URL.Query()
	s.showPage(w, r, http.StatusOK, name, p)
}

func (s *Server) ocopDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.app.Dashboard(r.Context(), s.actor(r), r.URL.Query().Get("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Stats"] = st
	d["Months"] = app.ExpiringMonths
	d["Charts"] = ocopCharts(st, d["V"].(ocopView), lang(r))
	s.showList(w, r, "ocop/dashboard", "ocop.title.dashboard", d)
}

func (s *Server) ocopProducts(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.app.OcopProducts(r.Context(), s.actor(r), filterOf(r.URL.Query()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.exportItems(w, r, "ocop.title.products", items, d["V"].(ocopView)) {
		return
	}
	d["Items"] = items
	s.showList(w, r, "ocop/products", "ocop.title.products", d)
}

func (s *Server) ocopExpiring(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	months, err := strconv.Atoi(r.URL.Query().Get("months"))
	if err != nil || months < 1 || months > 36 {
		months = app.ExpiringMonths
	}
	items, err := s.app.Expiring(r.Context(), s.actor(r), filterOf(r.URL.Query()), months)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.exportItems(w, r, "ocop.title.expiring", items, d["V"].(ocopView)) {
		return
	}
	d["Items"], d["Months"] = items, months
	s.showList(w, r, "ocop/expiring", "ocop.title.expiring", d)
}

func (s *Server) ocopUpgrades(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	from, err := locale.ParseNumber(r.URL.Query().Get("from"))
	if err != nil || from < 70 || from > 100 {
		from = app.NearFiveFrom
	}
	u, err := s.app.UpgradeList(r.Context(), s.actor(r), filterOf(r.URL.Query()), from)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.exportItems(w, r, "ocop.title.upgrades", append(append([]app.OcopItem{}, u.Planned...), u.NearFive...), d["V"].(ocopView)) {
		return
	}
	d["Up"], d["From"] = u, from
	s.showList(w, r, "ocop/upgrades", "ocop.title.upgrades", d)
}

func (s *Server) ocopGaps(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.app.GapList(r.Context(), s.actor(r), filterOf(r.URL.Query()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := g.MarkNoRating
	if r.URL.Query().Get("list") == "nomark" {
		list = g.RatingNoMark
	}
	if s.exportItems(w, r, "ocop.title.gaps", list, d["V"].(ocopView)) {
		return
	}
	d["Gaps"] = g
	s.showList(w, r, "ocop/gaps", "ocop.title.gaps", d)
}

func (s *Server) ocopPending(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pr, err := s.app.Pending(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Pending"] = pr
	s.showList(w, r, "ocop/pending", "ocop.title.pending", d)
}

func (s *Server) ocopProducers(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.app.Producers(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.exportProducers(w, r, list) {
		return
	}
	d["Producers"] = list
	s.showList(w, r, "ocop/producers", "ocop.title.producers", d)
}

func (s *Server) ocopIPList(w http.ResponseWriter, r *http.Request) {
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	list, err := s.app.IPTitles(r.Context(), s.actor(r), q.Get("unit"), q.Get("q"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if k := q.Get("kind"); k != "" {
		var keep []ocop.IPTitle
		for _, t := range list {
			if string(t.Kind) == k {
				keep = append(keep, t)
			}
		}
		list = keep
	}
	if s.exportIP(w, r, list) {
		return
	}
	d["Titles"], d["Kinds"] = list, keyOpts(lang(r), "ocop.ipkind.", ocop.IPKinds)
	s.showList(w, r, "ocop/ip_list", "ocop.title.ip", d)
}

func (s *Server) ocopProduct(w http.ResponseWriter, r *http.Request) {
	pv, err := s.app.Product(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.ocopView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "ocop/product", pv.Product.Name, map[string]any{"P": pv, "V": v})
}

func (s *Server) ocopProducer(w http.ResponseWriter, r *http.Request) {
	actor := s.actor(r)
	p, err := s.app.Producer(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.listData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.app.OcopProducts(r.Context(), actor, app.OcopFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var mine []app.OcopItem
	for _, it := range items {
		if it.ProducerID == p.ID {
			mine = append(mine, it)
		}
	}
	d["Producer"], d["Items"] = p, mine
	s.show(w, r, "ocop/producer", p.Name, d)
}

func (s *Server) ocopIP(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.IPTitle(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "ocop/ip", v.Title.Name, map[string]any{"IP": v})
}
