package api

import (
	"khcn/internal/civil"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
)

// Unit is one version of an org unit.
type Unit struct {
	ID         string `json:"id"`
	Code       string `json:"code" doc:"the national code of the unit (Quyết định 19/2025/QĐ-TTg), or the product's own"`
	Name       string `json:"name"`
	Kind       string `json:"kind" doc:"province, department, division, district or commune"`
	Type       string `json:"type"`
	ParentID   string `json:"parentId,omitempty"`
	Path       string `json:"path"`
	ValidFrom  string `json:"validFrom,omitempty" doc:"first valid day (yyyy-mm-dd)"`
	ValidTo    string `json:"validTo,omitempty" doc:"last valid day; absent while the unit exists"`
	LegalBasis string `json:"legalBasis,omitempty"`
}

// UnitLink is a successor link.
type UnitLink struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Share     string `json:"share" doc:"whole or part"`
	Effective string `json:"effective"`
}

// UnitDetail is a unit with its place in the tree and its history.
type UnitDetail struct {
	Unit
	Ancestors    []Unit     `json:"ancestors"`
	Children     []Unit     `json:"children"`
	Successors   []UnitLink `json:"successors" doc:"links to the units that took this one over"`
	Predecessors []UnitLink `json:"predecessors" doc:"links from the former units this one was formed from"`
	// TodaysUnits are, for a former unit, today's units that took it over
	// (through its communes for a district); whole when all of it went there.
	TodaysUnits []Lineage `json:"todaysUnits,omitempty" doc:"for a former unit: today's units that took it over"`
}

// Lineage is a unit reached through successor links.
type Lineage struct {
	Unit  string `json:"unit"`
	Name  string `json:"name"`
	Whole bool   `json:"whole"`
}

func unitOf(u orgunit.Unit) Unit {
	return Unit{ID: u.ID, Code: u.Code, Name: u.Name, Kind: string(u.Kind), Type: string(u.Type), ParentID: u.ParentID,
		Path: u.Path, ValidFrom: u.ValidFrom.String(), ValidTo: u.ValidTo.String(), LegalBasis: u.LegalBasis}
}

func linksOf(ls []orgunit.Link) []UnitLink {
	out := []UnitLink{}
	for _, l := range ls {
		out = append(out, UnitLink{From: l.FromID, To: l.ToID, Share: string(l.Share), Effective: l.Effective.String()})
	}
	return out
}

func unitsOf(us []*orgunit.Unit) []Unit {
	out := []Unit{}
	for _, u := range us {
		out = append(out, unitOf(*u))
	}
	return out
}

func (x *API) unitRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/orgunits", Tag: "Org units", Access: Public,
		Summary:     "List org units (valid on a day, or all versions with history)",
		SummaryVI:   "Danh sách đơn vị (còn hiệu lực vào một ngày, hoặc mọi phiên bản kèm lịch sử)",
		Description: "The administrative tree is public. Units are versioned: a unit abolished on 1/7/2025 has a validTo and successor links.",
		Params: append([]Param{
			{Name: "on", Description: "yyyy-mm-dd: units valid that day (default today); all: every version"},
			{Name: "kind", Description: "province, department, division, district or commune", Enum: []string{"province", "department", "division", "district", "commune"}},
			{Name: "parent", Description: "only the children of this unit ID"},
			{Name: "q", Description: "name search, with or without diacritics (as on the pages)"},
		}, pagingParams...),
		Response: Page[Unit]{}, Errors: []int{400},
		Examples: []Example{
			{Name: "communes named Mê Linh", URL: "/api/v1/orgunits?kind=commune&q=me+linh", Status: 200,
				Want: `{"items":[{"name":"Mê Linh","kind":"commune"}]}`},
			{Name: "former districts on 1/6/2025", URL: "/api/v1/orgunits?kind=district&on=2025-06-01&q=gia+lam", Status: 200,
				Want: `{"items":[{"name":"Gia Lâm","kind":"district","validTo":"2025-06-30"}],"total":1}`},
			{Name: "a bad date", URL: "/api/v1/orgunits?on=31/12/2025", Status: 400, Want: `{"code":"bad_param","status":400}`},
		},
		Handle: x.listUnits,
	}, {
		Method: "GET", Path: "/api/v1/orgunits/{id}", Tag: "Org units", Access: Public,
		Summary:   "One org unit with ancestors, children, successors and predecessors",
		SummaryVI: "Một đơn vị, kèm cấp trên, cấp dưới, đơn vị kế thừa và đơn vị tiền thân",
		Response:  UnitDetail{}, Errors: []int{404},
		Examples: []Example{
			{Name: "Hà Nội", URL: "/api/v1/orgunits/hn", Status: 200, Want: `{"id":"hn","kind":"province","ancestors":[]}`},
			{Name: "a former district and today's communes", URL: "/api/v1/orgunits/hn-250", Status: 200,
				Want: `{"id":"hn-250","kind":"district","validTo":"2025-06-30","todaysUnits":[{"unit":"hn-09022","name":"Mê Linh"}]}`},
			{Name: "unknown", URL: "/api/v1/orgunits/nope", Status: 404, Want: `{"code":"not_found"}`},
		},
		Handle: x.getUnit,
	}}
}

func (x *API) listUnits(c *Ctx) (any, error) {
	set, err := x.app.OrgTree(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	var units []*orgunit.Unit
	on := c.Query("on")
	switch on {
	case "all":
		for _, r := range set.Roots(locale.Today(x.app.Now())) {
			units = append(units, r)
			units = append(units, set.Descendants(r.ID)...)
		}
	case "":
		units = set.On(locale.Today(x.app.Now()))
	default:
		d, err := civil.ParseISO(on)
		if err != nil {
			return nil, badParam("on")
		}
		units = set.On(d)
	}
	kind, parent, q := c.Query("kind"), c.Query("parent"), c.Query("q")
	var out []Unit
	for _, u := range units {
		if (kind == "" || string(u.Kind) == kind) && (parent == "" || u.ParentID == parent) && matchText(q, u.Name, u.Code) {
			out = append(out, unitOf(*u))
		}
	}
	return paginate(c, out, func(u Unit) string { return u.Path + "|" + u.ValidFrom })
}

func (x *API) getUnit(c *Ctx) (any, error) {
	set, err := x.app.OrgTree(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	id := c.R.PathValue("id")
	u := set.Get(id)
	if u == nil {
		return nil, errNotFound
	}
	d := UnitDetail{Unit: unitOf(*u), Ancestors: unitsOf(set.Ancestors(id)), Children: unitsOf(set.Children(id, civil.Date{})),
		Successors: linksOf(set.Successors(id)), Predecessors: linksOf(set.Predecessors(id))}
	if !u.Current() {
		for _, l := range set.SuccessorsOn(id, locale.Today(x.app.Now())) {
			d.TodaysUnits = append(d.TodaysUnits, Lineage{Unit: l.Unit.ID, Name: l.Unit.Name, Whole: l.Whole})
		}
	}
	return d, nil
}
