package api

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"time"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
)

// Call is a call for S&T task proposals.
type Call struct {
	ID          string     `json:"id"`
	PlanYear    int        `json:"planYear"`
	Title       string     `json:"title"`
	Opened      bool       `json:"opened"`
	Published   bool       `json:"published" doc:"the approved list is public"`
	DecisionRef string     `json:"decisionRef,omitempty"`
	Areas       []CallArea `json:"areas"`
	Proposals   int        `json:"proposals,omitempty" doc:"proposals the caller may count"`
}

// CallArea is a priority area of a call.
type CallArea struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func callOf(c proposal.Call) Call {
	out := Call{ID: c.ID, PlanYear: c.PlanYear, Title: c.Title, Opened: c.Opened(), Published: c.Published(), DecisionRef: c.DecisionRef, Areas: []CallArea{}}
	for _, a := range c.Areas {
		out.Areas = append(out.Areas, CallArea{ID: a.ID, Name: a.Name})
	}
	return out
}

// ProposalItem is a proposal in a list.
type ProposalItem struct {
	ID             string   `json:"id"`
	Call           string   `json:"call"`
	PlanYear       int      `json:"planYear"`
	Unit           string   `json:"unit"`
	UnitName       string   `json:"unitName"`
	TaskType       string   `json:"taskType"`
	Title          string   `json:"title"`
	State          string   `json:"state" doc:"as the caller may see it"`
	StateBudget    int64    `json:"stateBudget" doc:"đồng"`
	OtherBudget    int64    `json:"otherBudget" doc:"đồng"`
	DurationMonths int      `json:"durationMonths"`
	Areas          []string `json:"areas"`
	UpdatedAt      string   `json:"updatedAt"`
}

// Proposal is one proposal as the caller may see it.
type Proposal struct {
	ID             string            `json:"id"`
	Call           string            `json:"call"`
	Unit           string            `json:"unit"`
	UnitName       string            `json:"unitName"`
	State          string            `json:"state"`
	Version        int               `json:"version" doc:"also the ETag"`
	Editable       bool              `json:"editable"`
	TaskType       string            `json:"taskType"`
	Title          string            `json:"title"`
	Objectives     string            `json:"objectives"`
	Fields         map[string]string `json:"fields" doc:"the call's form's other fields by key"`
	StateBudget    int64             `json:"stateBudget"`
	OtherBudget    int64             `json:"otherBudget"`
	DurationMonths int               `json:"durationMonths"`
	AreaIDs        []string          `json:"areaIds"`
	Indicators     []string          `json:"indicators"`
	Contact        Contact           `json:"contact"`
}

// Contact is a proposal's contact person.
type Contact struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// ProposalInput is a draft as a unit writes it.
type ProposalInput struct {
	TaskType       string            `json:"taskType"`
	Title          string            `json:"title"`
	Objectives     string            `json:"objectives"`
	Fields         map[string]string `json:"fields,omitempty"`
	StateBudget    int64             `json:"stateBudget,omitempty" doc:"đồng"`
	OtherBudget    int64             `json:"otherBudget,omitempty" doc:"đồng"`
	DurationMonths int               `json:"durationMonths,omitempty"`
	AreaIDs        []string          `json:"areaIds,omitempty"`
	Indicators     []string          `json:"indicators,omitempty"`
	Contact        Contact           `json:"contact"`
	Version        int               `json:"version,omitempty" doc:"used when If-Match is absent"`
}

// form is what the proposal form would post.
func (in ProposalInput) form() proposal.Input {
	out := proposal.Input{TaskType: in.TaskType, Values: map[string]string{}, AreaIDs: in.AreaIDs, Indicators: in.Indicators,
		Contact: proposal.Contact{Name: in.Contact.Name, Title: in.Contact.Title, Phone: in.Contact.Phone, Email: in.Contact.Email}}
	for k, v := range in.Fields {
		out.Values[k] = v
	}
	out.Values[proposal.KeyTitle], out.Values[proposal.KeyObjectives] = in.Title, in.Objectives
	if in.StateBudget != 0 || in.OtherBudget != 0 {
		out.StateBudget, out.OtherBudget = locale.Money(in.StateBudget), locale.Money(in.OtherBudget)
	}
	if in.DurationMonths != 0 {
		out.Duration = strconv.Itoa(in.DurationMonths)
	}
	return out
}

func proposalOf(pg app.ProposalPage) Proposal {
	p := pg.Proposal
	out := Proposal{ID: p.ID, Call: p.CallID, Unit: p.UnitID, UnitName: p.UnitName, State: string(pg.Shown), Version: p.Version, Editable: pg.Editable,
		TaskType: string(p.TaskType), Title: p.Title, Objectives: p.Objectives, Fields: map[string]string{}, StateBudget: p.StateBudget,
		OtherBudget: p.OtherBudget, DurationMonths: p.DurationMonths, AreaIDs: append([]string{}, p.AreaIDs...), Indicators: append([]string{}, p.Indicators...),
		Contact: Contact{p.Contact.Name, p.Contact.Title, p.Contact.Phone, p.Contact.Email}}
	for k, v := range p.Fields {
		out.Fields[k] = v
	}
	return out
}

// PublicTask is a task of a published list (open data).
type PublicTask struct {
	Title          string   `json:"title"`
	Objectives     string   `json:"objectives"`
	Results        string   `json:"results"`
	Unit           string   `json:"unit" doc:"the proposing unit's name"`
	TaskType       string   `json:"taskType"`
	Areas          []string `json:"areas"`
	DurationMonths int      `json:"durationMonths"`
	Method         string   `json:"method" doc:"how the task finds who carries it out"`
	IPTitles       []string `json:"ipTitles" doc:"verified IP titles it produced"`
}

// PublicList is a call's published list of approved tasks.
type PublicList struct {
	Call  Call         `json:"call"`
	Tasks []PublicTask `json:"tasks"`
}

func (x *API) taskRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/calls", Tag: "S&T tasks", Access: Read,
		Summary: "Calls for proposals the caller may see", Params: append([]Param{{Name: "q", Description: "search in the title"}}, pagingParams...),
		SummaryVI: "Các đợt đề xuất người gọi được xem",
		Response:  Page[Call]{}, Errors: []int{403},
		Examples: []Example{{Name: "the calls a unit may answer", Login: "canbo.melinh", URL: "/api/v1/calls", Status: 200, Want: `{"items":[{"opened":true}]}`}},
		Handle:   x.listCalls,
	}, {
		Method: "GET", Path: "/api/v1/proposals", Tag: "S&T tasks", Access: Read,
		Summary:   "Proposals the caller may see (the Sở: those sent to it; a unit: its own)",
		SummaryVI: "Các đề xuất người gọi được xem (Sở: đề xuất đã gửi Sở; đơn vị: của mình)",
		Params: append([]Param{{Name: "call", Description: "call ID"}, {Name: "unit", Description: "unit ID"},
			{Name: "state", Description: "a state (draft, submitted, …)"}, {Name: "q", Description: "search in title and objectives, with or without diacritics"}}, pagingParams...),
		Response: Page[ProposalItem]{}, Errors: []int{403},
		Examples: []Example{{Name: "the first two the Sở received", Login: "chuyenvien", URL: "/api/v1/proposals?limit=2", Status: 200, Want: `{"items":[{},{}]}`},
			{Name: "a council member's view", Login: "chuyengia", URL: "/api/v1/proposals", Status: 403, Want: `{"code":"forbidden"}`}},
		Handle: x.listProposals,
	}, {
		Method: "GET", Path: "/api/v1/proposals/{id}", Tag: "S&T tasks", Access: Read,
		Summary: "One proposal; the ETag is its version", Response: Proposal{}, Errors: []int{403, 404},
		SummaryVI: "Một đề xuất; ETag là phiên bản",
		Examples:  []Example{{Name: "unknown", Login: "chuyenvien", URL: "/api/v1/proposals/nope", Status: 404, Want: `{"code":"not_found"}`}},
		Handle:    x.getProposal,
	}, {
		Method: "POST", Path: "/api/v1/calls/{id}/proposals", Tag: "S&T tasks", Access: Write,
		Summary:     "Create a draft proposal of the caller's unit in a call",
		SummaryVI:   "Tạo bản nháp đề xuất của đơn vị người gọi trong một đợt",
		Description: "The call's own form rules apply (required fields, budget split, areas); 422 names each field.",
		Body:        ProposalInput{}, Response: Proposal{}, Errors: []int{400, 403, 404, 422},
		Handle: x.createProposal,
	}, {
		Method: "PUT", Path: "/api/v1/proposals/{id}", Tag: "S&T tasks", Access: Write,
		Summary:   "Update a draft (If-Match: its version; 409 with the stored proposal when someone saved first)",
		SummaryVI: "Cập nhật bản nháp (If-Match: phiên bản; 409 kèm bản đang lưu khi người khác lưu trước)",
		Body:      ProposalInput{}, Response: Proposal{}, Errors: []int{400, 403, 404, 409, 422, 428},
		Examples: []Example{{Name: "unknown", Login: "canbo.melinh", Write: true, URL: "/api/v1/proposals/nope", Header: map[string]string{"If-Match": `"1"`},
			Body: `{"title":"x"}`, Status: 404, Want: `{"code":"not_found"}`}},
		Handle: x.updateProposal,
	}, {
		Method: "GET", Path: "/api/v1/public/calls", Tag: "Open data", Access: Public,
		Summary: "Calls whose approved task list is published (no token needed)", Response: []Call{},
		SummaryVI: "Các đợt đã công bố danh mục nhiệm vụ được phê duyệt (không cần mã)",
		Examples:  []Example{{Name: "published lists", URL: "/api/v1/public/calls", Status: 200, Want: `[]`}},
		Handle:    x.publicCalls,
	}, {
		Method: "GET", Path: "/api/v1/public/calls/{id}/tasks", Tag: "Open data", Access: Public,
		Summary:     "A published list of approved S&T tasks, JSON or CSV (Accept: text/csv or ?format=csv)",
		SummaryVI:   "Danh mục nhiệm vụ KH&CN được phê duyệt đã công bố, JSON hoặc CSV",
		Description: "A stable export for the province's portal and the national S&T platform. Columns of the CSV: title, objectives, results, unit, taskType, areas (separated by ; ), durationMonths, method, ipTitles.",
		Params:      []Param{{Name: "format", Description: "csv for CSV", Enum: []string{"json", "csv"}}},
		Response:    PublicList{}, Produces: []string{"text/csv"}, Errors: []int{404},
		Examples: []Example{{Name: "an unpublished or unknown call", URL: "/api/v1/public/calls/nope/tasks", Status: 404,
			Want: `{"code":"not_found"}`}},
		Handle: x.publicTasks,
	}}
}

func (x *API) listCalls(c *Ctx) (any, error) {
	rows, err := x.app.Calls(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	q := c.Query("q")
	var out []Call
	for _, r := range rows {
		if matchText(q, r.Title) {
			cl := callOf(r.Call)
			cl.Proposals = r.Proposals
			out = append(out, cl)
		}
	}
	return paginate(c, out, func(cl Call) string { return strconv.Itoa(9999-cl.PlanYear) + "|" + cl.ID })
}

func (x *API) listProposals(c *Ctx) (any, error) {
	f := store.ProposalFilter{CallID: c.Query("call"), UnitID: c.Query("unit"), Text: c.Query("q")}
	if s := c.Query("state"); s != "" {
		f.States = []proposal.State{proposal.State(s)}
	}
	l, err := x.app.Proposals(c.context(), c.Actor, f)
	if err != nil {
		return nil, err
	}
	var out []ProposalItem
	for _, r := range l.Rows {
		out = append(out, ProposalItem{ID: r.ID, Call: r.CallID, PlanYear: r.PlanYear, Unit: r.UnitID, UnitName: r.UnitName, TaskType: string(r.TaskType),
			Title: r.Title, State: string(r.State), StateBudget: r.StateBudget, OtherBudget: r.OtherBudget, DurationMonths: r.DurationMonths,
			Areas: append([]string{}, r.Areas...), UpdatedAt: r.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	return paginate(c, out, func(p ProposalItem) string { return p.ID })
}

func (x *API) getProposal(c *Ctx) (any, error) {
	pg, err := x.app.Proposal(c.context(), c.Actor, c.R.PathValue("id"))
	if err != nil {
		return nil, err
	}
	c.SetETag(pg.Proposal.Version)
	return proposalOf(pg), nil
}

func (x *API) createProposal(c *Ctx) (any, error) {
	var in ProposalInput
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	id, err := x.app.NewProposal(c.context(), c.Actor, c.R.PathValue("id"), in.form(), nil)
	if err != nil {
		return nil, err
	}
	c.R.SetPathValue("id", id)
	out, err := x.getProposal(c)
	if err == nil {
		c.Created()
		c.W.Header().Set("Location", "/api/v1/proposals/"+id)
	}
	return out, err
}

func (x *API) updateProposal(c *Ctx) (any, error) {
	var in ProposalInput
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	version, err := c.IfMatch(in.Version)
	if err != nil {
		return nil, err
	}
	id := c.R.PathValue("id")
	if _, err := x.app.SaveProposal(c.context(), c.Actor, id, version, in.form(), nil, nil); err != nil {
		if errors.Is(err, app.ErrConflict) {
			if pg, err2 := x.app.Proposal(c.context(), c.Actor, id); err2 == nil {
				c.SetETag(pg.Proposal.Version)
				return nil, conflict(proposalOf(pg))
			}
		}
		return nil, err
	}
	return x.getProposal(c)
}

func (x *API) publicCalls(c *Ctx) (any, error) {
	cs, err := x.app.PublicCalls(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	out := []Call{}
	for _, cl := range cs {
		out = append(out, callOf(cl))
	}
	return out, nil
}

func (x *API) publicTasks(c *Ctx) (any, error) {
	l, err := x.app.PublicCall(c.context(), c.Actor, c.R.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := PublicList{Call: callOf(l.Call), Tasks: []PublicTask{}}
	for _, t := range l.Tasks {
		pt := PublicTask{Title: t.Title, Objectives: t.Objectives, Results: t.Results, Unit: typedName(c.Lang, t.UnitType, t.UnitName),
			TaskType: string(t.TaskType), Areas: append([]string{}, t.Areas...), DurationMonths: t.DurationMonths, Method: string(t.Method), IPTitles: []string{}}
		for _, ip := range t.Titles {
			pt.IPTitles = append(pt.IPTitles, ip.Name)
		}
		out.Tasks = append(out.Tasks, pt)
	}
	if c.Query("format") == "csv" || wantsCSV(c.R) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{"title", "objectives", "results", "unit", "taskType", "areas", "durationMonths", "method", "ipTitles"})
		for _, t := range out.Tasks {
			w.Write([]string{t.Title, t.Objectives, t.Results, t.Unit, t.TaskType, strings.Join(t.Areas, "; "), strconv.Itoa(t.DurationMonths), t.Method, strings.Join(t.IPTitles, "; ")})
		}
		w.Flush()
		return Raw{Type: "text/csv; charset=utf-8", Body: b.Bytes()}, nil
	}
	return out, nil
}

// typedName is a unit's name with its legal type ("Xã Mê Linh").
func typedName(lang i18n.Lang, typ, name string) string {
	key := "type." + typ
	if !i18n.Has(key) {
		return name
	}
	return i18n.T(lang, key) + " " + name
}
