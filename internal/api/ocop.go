package api

import (
	"strconv"

	"khcn/internal/app"
	"khcn/internal/ocop"
)

// Product is a local product with its current OCOP rating.
type Product struct {
	ID        string   `json:"id"`
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Group     string   `json:"group"`
	Producer  string   `json:"producer"`
	Unit      string   `json:"unit"`
	UnitName  string   `json:"unitName"`
	Status    string   `json:"status"`
	Stars     int      `json:"stars" doc:"current stars, 0 when not rated"`
	Ratings   []Rating `json:"ratings"`
	Protected bool     `json:"protected" doc:"covered by a protected mark today"`
	Marks     []string `json:"marks" doc:"IP titles (marks, indications) covering it"`
}

// Rating is an OCOP evaluation.
type Rating struct {
	Year         int     `json:"year"`
	Level        string  `json:"level" doc:"province or central"`
	Total        float64 `json:"total" doc:"points out of 100"`
	Stars        int     `json:"stars"`
	DecisionNo   string  `json:"decisionNo,omitempty"`
	DecisionDate string  `json:"decisionDate,omitempty"`
	CertNo       string  `json:"certNo,omitempty"`
	IssueDate    string  `json:"issueDate,omitempty"`
	Review       string  `json:"review" doc:"whether the Sở has checked it against its decision"`
}

// IPTitle is a trademark, geographical indication or other IP title.
type IPTitle struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Owner     string `json:"owner"`
	AppNo     string `json:"appNo,omitempty"`
	AppDate   string `json:"appDate,omitempty"`
	GrantNo   string `json:"grantNo,omitempty"`
	GrantDate string `json:"grantDate,omitempty"`
	TermUntil string `json:"termUntil,omitempty"`
	Status    string `json:"status"`
	Unit      string `json:"unit"`
	Review    string `json:"review"`
}

func ratingOf(e ocop.Evaluation) Rating {
	return Rating{Year: e.Year, Level: string(e.Level), Total: e.Total, Stars: e.Stars, DecisionNo: e.DecisionNo, DecisionDate: e.DecisionDate.String(),
		CertNo: e.CertNo, IssueDate: e.IssueDate.String(), Review: string(e.Review)}
}

func ipOf(t ocop.IPTitle) IPTitle {
	return IPTitle{ID: t.ID, Kind: string(t.Kind), Name: t.Name, Owner: t.Owner, AppNo: t.AppNo, AppDate: t.AppDate.String(), GrantNo: t.GrantNo,
		GrantDate: t.GrantDate.String(), TermUntil: t.TermUntil.String(), Status: string(t.Status), Unit: t.UnitID, Review: string(t.Review)}
}

func (x *API) ocopRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/ocop/products", Tag: "OCOP and IP", Access: Read,
		Summary:   "Local products with their OCOP ratings, in the caller's scope",
		SummaryVI: "Sản phẩm địa phương và kết quả đánh giá OCOP trong phạm vi người gọi",
		Params: append([]Param{{Name: "unit", Description: "unit ID"}, {Name: "group", Description: "OCOP group code"},
			{Name: "stars", Description: "3, 4 or 5: current stars; -1: not rated"}, {Name: "q", Description: "search"}}, pagingParams...),
		Response: Page[Product]{}, Errors: []int{400, 403},
		Examples: []Example{{Name: "four-star products", Login: "chuyenvien", URL: "/api/v1/ocop/products?stars=4&limit=2", Status: 200, Want: `{"items":[{"stars":4}]}`}},
		Handle:   x.listProducts,
	}, {
		Method: "GET", Path: "/api/v1/ip-titles", Tag: "OCOP and IP", Access: Read,
		Summary:   "IP titles (marks, indications, patents) in the caller's scope",
		SummaryVI: "Văn bằng sở hữu trí tuệ (nhãn hiệu, chỉ dẫn địa lý, sáng chế) trong phạm vi người gọi",
		Params:    append([]Param{{Name: "unit", Description: "unit ID"}, {Name: "q", Description: "search"}}, pagingParams...),
		Response:  Page[IPTitle]{}, Errors: []int{403},
		Examples: []Example{{Name: "the first", Login: "chuyenvien", URL: "/api/v1/ip-titles?limit=1", Status: 200, Want: `{"items":[{}]}`}},
		Handle:   x.listIPTitles,
	}}
}

func (x *API) listProducts(c *Ctx) (any, error) {
	f := app.OcopFilter{UnitID: c.Query("unit"), Group: c.Query("group"), Text: c.Query("q")}
	if s := c.Query("stars"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || (n != -1 && (n < 3 || n > 5)) {
			return nil, badParam("stars")
		}
		f.Stars = n
	}
	items, err := x.app.OcopProducts(c.context(), c.Actor, f)
	if err != nil {
		return nil, err
	}
	var out []Product
	for _, it := range items {
		p := Product{ID: it.ID, Code: it.Code, Name: it.Name, Group: it.GroupCode, Producer: it.ProducerName, Unit: it.UnitID,
			UnitName: typedName(c.Lang, it.UnitType, it.UnitName), Status: string(it.Status), Protected: it.Protected, Ratings: []Rating{}, Marks: []string{}}
		if it.Rated {
			p.Stars = it.Current.Stars
		}
		for _, e := range it.Evals {
			p.Ratings = append(p.Ratings, ratingOf(e))
		}
		for _, m := range it.Marks {
			p.Marks = append(p.Marks, m.Name)
		}
		out = append(out, p)
	}
	return paginate(c, out, func(p Product) string { return p.Code + "|" + p.ID })
}

func (x *API) listIPTitles(c *Ctx) (any, error) {
	ts, err := x.app.IPTitles(c.context(), c.Actor, c.Query("unit"), c.Query("q"))
	if err != nil {
		return nil, err
	}
	var out []IPTitle
	for _, t := range ts {
		out = append(out, ipOf(t))
	}
	return paginate(c, out, func(t IPTitle) string { return t.ID })
}

// CatalogueProduct is a certified OCOP product in the public catalogue.
type CatalogueProduct struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Producer string `json:"producer"`
	Group    string `json:"group"`
	Commune  string `json:"commune"`
	Stars    int    `json:"stars"`
	CertNo   string `json:"certNo"`
	Issued   string `json:"issued"`
	Expires  string `json:"expires"`
}

// CatalogueMark is a protected local mark in the public catalogue.
type CatalogueMark struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Owner       string `json:"owner"`
	GrantNo     string `json:"grantNo"`
	GrantDate   string `json:"grantDate"`
	TermUntil   string `json:"termUntil,omitempty"`
	Commune     string `json:"commune"`
	ManagingOrg string `json:"managingOrg,omitempty"`
}

// Catalogue is the public catalogue of local products.
type Catalogue struct {
	Products []CatalogueProduct `json:"products"`
	Marks    []CatalogueMark    `json:"marks"`
}

func (x *API) publicOcopRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/public/products", Tag: "Open data", Access: Public,
		Summary:   "The public catalogue: OCOP products with a valid certificate and protected local marks (no token needed)",
		SummaryVI: "Danh mục công khai: sản phẩm OCOP còn hiệu lực chứng nhận và nhãn hiệu địa phương được bảo hộ (không cần mã)",
		Params:    []Param{{Name: "unit", Description: "commune ID"}, {Name: "group", Description: "OCOP group code"}, {Name: "q", Description: "search"}},
		Response:  Catalogue{},
		Examples:  []Example{{Name: "the catalogue", URL: "/api/v1/public/products", Status: 200, Want: `{"products":[{"stars":4}],"marks":[{}]}`}},
		Handle:    x.publicProducts,
	}}
}

func (x *API) publicProducts(c *Ctx) (any, error) {
	cat, err := x.app.PublicCatalogue(c.context(), c.Actor, app.OcopFilter{UnitID: c.Query("unit"), Group: c.Query("group"), Text: c.Query("q")})
	if err != nil {
		return nil, err
	}
	out := Catalogue{Products: []CatalogueProduct{}, Marks: []CatalogueMark{}}
	for _, p := range cat.Products {
		out.Products = append(out.Products, CatalogueProduct{ID: p.ID, Code: p.Code, Name: p.Name, Producer: p.Producer, Group: p.Group,
			Commune: typedName(c.Lang, p.CommuneType, p.Commune), Stars: p.Stars, CertNo: p.CertNo, Issued: p.Issue.String(), Expires: p.Expiry.String()})
	}
	for _, m := range cat.Marks {
		out.Marks = append(out.Marks, CatalogueMark{Kind: string(m.Kind), Name: m.Name, Owner: m.Owner, GrantNo: m.GrantNo, GrantDate: m.GrantDate.String(),
			TermUntil: m.TermUntil.String(), Commune: typedName(c.Lang, m.CommuneType, m.Commune), ManagingOrg: m.ManagingOrg})
	}
	return out, nil
}
