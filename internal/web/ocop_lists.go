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

// listPage renders a list page: the common filter data plus what fill
// adds. fill answers the request itself (an export) by returning true.
func (s *Server) listPage(w http.ResponseWriter, r *http.Request, name, title string, fill func(d map[string]any) (bool, error)) {
	d, err := s.listData(r)
	done := false
	if err == nil {
		done, err = fill(d)
	}
	switch {
	case err != nil:
		s.fail(w, r, err)
	case !done:
		s.showList(w, r, name, title, d)
	}
}

func (s *Server) ocopDashboard(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/dashboard", "ocop.title.dashboard", func(d map[string]any) (bool, error) {
		st, err := s.app.Dashboard(r.Context(), s.actor(r), r.URL.Query().Get("unit"))
		d["Stats"], d["Months"], d["Charts"] = st, app.ExpiringMonths, ocopCharts(st, d["V"].(ocopView), lang(r))
		return false, err
	})
}

func (s *Server) ocopProducts(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/products", "ocop.title.products", func(d map[string]any) (bool, error) {
		items, err := s.app.OcopProducts(r.Context(), s.actor(r), filterOf(r.URL.Query()))
		if err != nil || s.exportItems(w, r, "ocop.title.products", items, d["V"].(ocopView)) {
			return err == nil, err
		}
		// A page of rows at a time: the national registry has 10,000.
		pg := pageOf(r)
		d["Items"] = slicePage(items, &pg)
		d["Pager"], d["Total"] = pg, len(items)
		return false, nil
	})
}

func (s *Server) ocopExpiring(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/expiring", "ocop.title.expiring", func(d map[string]any) (bool, error) {
		months, err := strconv.Atoi(r.URL.Query().Get("months"))
		if err != nil || months < 1 || months > 36 {
			months = app.ExpiringMonths
		}
		items, err := s.app.Expiring(r.Context(), s.actor(r), filterOf(r.URL.Query()), months)
		d["Items"], d["Months"] = items, months
		return err == nil && s.exportItems(w, r, "ocop.title.expiring", items, d["V"].(ocopView)), err
	})
}

func (s *Server) ocopUpgrades(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/upgrades", "ocop.title.upgrades", func(d map[string]any) (bool, error) {
		from, err := locale.ParseNumber(r.URL.Query().Get("from"))
		if err != nil || from < 70 || from > 100 {
			from = app.NearFiveFrom
		}
		u, err := s.app.UpgradeList(r.Context(), s.actor(r), filterOf(r.URL.Query()), from)
		d["Up"], d["From"] = u, from
		all := append(append([]app.OcopItem{}, u.Planned...), u.NearFive...)
		return err == nil && s.exportItems(w, r, "ocop.title.upgrades", all, d["V"].(ocopView)), err
	})
}

func (s *Server) ocopGaps(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/gaps", "ocop.title.gaps", func(d map[string]any) (bool, error) {
		g, err := s.app.GapList(r.Context(), s.actor(r), filterOf(r.URL.Query()))
		d["Gaps"] = g
		list, title := g.MarkNoRating, "ocop.gap.mark_no_rating"
		if r.URL.Query().Get("list") == "nomark" {
			list, title = g.RatingNoMark, "ocop.gap.rating_no_mark"
		}
		return err == nil && s.exportItems(w, r, title, list, d["V"].(ocopView)), err
	})
}

func (s *Server) ocopPending(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/pending", "ocop.title.pending", func(d map[string]any) (bool, error) {
		pr, err := s.app.Pending(r.Context(), s.actor(r))
		d["Pending"] = pr
		return err == nil && s.exportPending(w, r, pr), err
	})
}

func (s *Server) ocopProducers(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/producers", "ocop.title.producers", func(d map[string]any) (bool, error) {
		list, err := s.app.Producers(r.Context(), s.actor(r))
		d["Producers"] = list
		return err == nil && s.exportProducers(w, r, list), err
	})
}

func (s *Server) ocopIPList(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, "ocop/ip_list", "ocop.title.ip", func(d map[string]any) (bool, error) {
		q := r.URL.Query()
		list, err := s.app.IPTitles(r.Context(), s.actor(r), q.Get("unit"), q.Get("q"))
		if k := q.Get("kind"); k != "" {
			var keep []ocop.IPTitle
			for _, t := range list {
				if string(t.Kind) == k {
					keep = append(keep, t)
				}
			}
			list = keep
		}
		d["Titles"], d["Kinds"] = list, keyOpts(lang(r), "ocop.ipkind.", ocop.IPKinds)
		return err == nil && s.exportIP(w, r, list), err
	})
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
