package web

import (
	"net/http"
	"strings"

	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/valid"
)

// treeNode is one unit in the browsable tree, with its children as of the date.
type treeNode struct {
	Unit     *orgunit.Unit
	Children []treeNode
}

func buildTree(set *orgunit.Set, units []*orgunit.Unit, d civil.Date) []treeNode {
	out := make([]treeNode, 0, len(units))
	for _, u := range units {
		out = append(out, treeNode{Unit: u, Children: buildTree(set, set.Children(u.ID, d), d)})
	}
	return out
}

// orgTree shows the hierarchy as it stood on any date (?date=dd/mm/yyyy), or
// search results for ?q=.
func (s *Server) orgTree(w http.ResponseWriter, r *http.Request) {
	actor := s.actor(r)
	q := r.URL.Query()
	day := locale.Today(s.app.Now())
	var errs valid.Errors
	if ds := strings.TrimSpace(q.Get("date")); ds != "" {
		d, err := locale.ParseDate(ds)
		if err != nil {
			errs.Add("date", "err.date_format")
		} else {
			day = d
		}
	}
	data := map[string]any{"Date": day}
	if text := strings.TrimSpace(q.Get("q")); text != "" {
		found, err := s.app.SearchUnits(r.Context(), actor, text)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Found"] = found
		data["Searched"] = true
	} else {
		set, err := s.app.OrgTree(r.Context(), actor)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Tree"] = buildTree(set, set.Roots(day), day)
		data["Count"] = len(set.On(day))
	}
	p := s.page(r, "title.orgunits", data)
	p.Form = q
	if errs != nil {
		p.Errors = errs
		p.Form.Set("date", q.Get("date"))
	} else {
		p.Form.Set("date", locale.Date(day))
	}
	s.showPage(w, r, http.StatusOK, "orgunits/tree", p)
}

func (s *Server) orgUnit(w http.ResponseWriter, r *http.Request) {
	prof, err := s.app.OrgUnit(r.Context(), s.actor(r), r.PathValue("id"), locale.Today(s.app.Now()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "orgunits/unit", prof.Unit.Name, prof)
}
