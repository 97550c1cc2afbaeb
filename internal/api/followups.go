package api

import (
	"errors"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Recommendation is a unit's recommendation to the Sở.
type Recommendation struct {
	ID          string `json:"id"`
	Unit        string `json:"unit"`
	UnitName    string `json:"unitName"`
	Category    string `json:"category"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Division    string `json:"division,omitempty"`
	Assignee    string `json:"assignee,omitempty"`
	AnswerDue   string `json:"answerDue,omitempty"`
	Answer      string `json:"answer,omitempty"`
	Source      string `json:"source,omitempty" doc:"the meeting or report it was raised in"`
	Version     int    `json:"version"`
	UpdatedAt   string `json:"updatedAt"`
}

// Action is an action item.
type Action struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Owner     string `json:"owner" doc:"the unit that owes it"`
	OwnerName string `json:"ownerName"`
	Assigner  string `json:"assigner"`
	Due       string `json:"due"`
	Status    string `json:"status" doc:"not_started, in_progress, done, cancelled; overdue is derived"`
	Overdue   bool   `json:"overdue"`
	Source    string `json:"source,omitempty"`
	DoneOn    string `json:"doneOn,omitempty"`
	Version   int    `json:"version"`
}

// RecStepBody moves a recommendation on its timeline.
type RecStepBody struct {
	To         string `json:"to" doc:"assigned, answered, in_progress, resolved or declined"`
	Note       string `json:"note,omitempty" doc:"the answer, result or reason"`
	DivisionID string `json:"divisionId,omitempty"`
	AssigneeID string `json:"assigneeId,omitempty"`
	AnswerDue  string `json:"answerDue,omitempty" doc:"yyyy-mm-dd"`
	Version    int    `json:"version,omitempty"`
}

// ProgressBody records progress on an action item.
type ProgressBody struct {
	To      string `json:"to" doc:"in_progress, done, cancelled or not_started"`
	Note    string `json:"note,omitempty"`
	Version int    `json:"version,omitempty"`
}

func (x *API) recOf(c *Ctx, r store.RecRow) Recommendation {
	return Recommendation{ID: r.ID, Unit: r.UnitID, UnitName: typedName(c.Lang, string(r.Unit.Type), r.Unit.Name), Category: r.Category(string(c.Lang)),
		Title: r.Title, Description: r.Description, Status: string(r.Status), Division: r.DivisionName, Assignee: r.AssigneeName,
		AnswerDue: r.AnswerDue.String(), Answer: r.Answer, Source: r.Source.Label, Version: r.Version, UpdatedAt: r.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")}
}

func (x *API) actionOf(c *Ctx, r store.ActionRow) Action {
	return Action{ID: r.ID, Title: r.Title, Owner: r.OwnerUnitID, OwnerName: typedName(c.Lang, string(r.Owner.Type), r.Owner.Name), Assigner: r.AssignerUnit,
		Due: r.Due.String(), Status: string(r.Status), Overdue: r.Overdue(locale.Today(x.app.Now())), Source: r.Source.Label, DoneOn: r.DoneOn.String(), Version: r.Version}
}

func (x *API) followupRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/recommendations", Tag: "Follow-ups", Access: Read,
		Summary:   "Recommendations the caller may see",
		SummaryVI: "Các kiến nghị người gọi được xem",
		Params: append([]Param{{Name: "status", Description: "a state, open, or late (answer overdue)"}, {Name: "unit", Description: "unit ID"},
			{Name: "q", Description: "search, with or without diacritics"}}, pagingParams...),
		Response: Page[Recommendation]{}, Errors: []int{403},
		Examples: []Example{{Name: "the latest", Login: "chuyenvien", URL: "/api/v1/recommendations?limit=1", Status: 200, Want: `{"items":[{}]}`}},
		Handle:   x.listRecs,
	}, {
		Method: "POST", Path: "/api/v1/recommendations/{id}/steps", Tag: "Follow-ups", Access: Write,
		Summary:   "Route, answer, progress, resolve or decline a recommendation (the Sở)",
		SummaryVI: "Giao xử lý, trả lời, cập nhật, hoàn thành hoặc từ chối một kiến nghị (Sở)",
		Body:      RecStepBody{}, Response: Recommendation{}, Errors: []int{400, 403, 404, 409, 422, 428},
		Examples: []Example{{Name: "a bad date", Login: "chuyenvien", Write: true, URL: "/api/v1/recommendations/nope/steps", Header: map[string]string{"If-Match": `"1"`, "Accept-Language": "en"},
			Body: `{"to":"assigned","answerDue":"31/12/2026"}`, Status: 422, Want: `{"errors":[{"field":"answer_due","message":"Dates are year-month-day, e.g. 2026-12-31."}]}`}},
		Handle: x.stepRec,
	}, {
		Method: "GET", Path: "/api/v1/actions", Tag: "Follow-ups", Access: Read,
		Summary:   "Action items the caller may see (the Sở: all; a unit: what it owes)",
		SummaryVI: "Các nhiệm vụ được giao người gọi được xem (Sở: tất cả; đơn vị: việc của mình)",
		Params: append([]Param{{Name: "status", Description: "a state, open or overdue"}, {Name: "unit", Description: "owner unit ID"},
			{Name: "q", Description: "search"}}, pagingParams...),
		Response: Page[Action]{}, Errors: []int{403},
		Examples: []Example{{Name: "what a unit still owes", Login: "canbo.melinh", URL: "/api/v1/actions?status=open&limit=3", Status: 200, Want: `{"items":[{}]}`}},
		Handle:   x.listActions,
	}, {
		Method: "POST", Path: "/api/v1/actions/{id}/progress", Tag: "Follow-ups", Access: Write,
		Summary:   "Record progress on an action item and move its state",
		SummaryVI: "Cập nhật tiến độ và trạng thái một nhiệm vụ được giao",
		Body:      ProgressBody{}, Response: Action{}, Errors: []int{400, 403, 404, 409, 422, 428},
		Examples: []Example{{Name: "unknown", Login: "canbo.melinh", Write: true, URL: "/api/v1/actions/nope/progress", Header: map[string]string{"If-Match": `"1"`},
			Body: `{"to":"done"}`, Status: 404, Want: `{"code":"not_found"}`}},
		Handle: x.progressAction,
	}}
}

func (x *API) listRecs(c *Ctx) (any, error) {
	rows, err := x.app.Recommendations(c.context(), c.Actor, store.RecFilter{Status: c.Query("status"), UnitID: c.Query("unit"), Text: c.Query("q")})
	if err != nil {
		return nil, err
	}
	var out []Recommendation
	for _, r := range rows {
		out = append(out, x.recOf(c, r))
	}
	return paginate(c, out, func(r Recommendation) string { return r.ID })
}

func (x *API) stepRec(c *Ctx) (any, error) {
	var in RecStepBody
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	version, err := c.IfMatch(in.Version)
	if err != nil {
		return nil, err
	}
	var due civil.Date
	if in.AnswerDue != "" {
		if due, err = civil.ParseISO(in.AnswerDue); err != nil {
			e := valid.Errors{}
			e.Add("answer_due", "api.err.date_iso")
			return nil, invalid(e)
		}
	}
	id := c.R.PathValue("id")
	err = x.app.StepRecommendation(c.context(), c.Actor, id, version, followup.Step{To: followup.RecStatus(in.To), Note: in.Note,
		DivisionID: in.DivisionID, AssigneeID: in.AssigneeID, AnswerDue: due}, nil)
	v, verr := x.app.Recommendation(c.context(), c.Actor, id)
	if errors.Is(err, app.ErrConflict) && verr == nil {
		return nil, conflict(x.recOf(c, v.Rec))
	}
	if err != nil {
		return nil, err
	}
	if verr != nil {
		return nil, verr
	}
	c.SetETag(v.Rec.Version)
	return x.recOf(c, v.Rec), nil
}

func (x *API) listActions(c *Ctx) (any, error) {
	l, err := x.app.Actions(c.context(), c.Actor, store.ActionFilter{Status: c.Query("status"), OwnerUnitID: c.Query("unit"), Text: c.Query("q")})
	if err != nil {
		return nil, err
	}
	var out []Action
	for _, r := range l.Items {
		out = append(out, x.actionOf(c, r))
	}
	return paginate(c, out, func(a Action) string { return a.Due + "|" + a.ID })
}

func (x *API) progressAction(c *Ctx) (any, error) {
	var in ProgressBody
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	version, err := c.IfMatch(in.Version)
	if err != nil {
		return nil, err
	}
	id := c.R.PathValue("id")
	err = x.app.UpdateProgress(c.context(), c.Actor, id, app.ProgressInput{To: followup.ActionStatus(in.To), Note: in.Note, Version: version})
	v, verr := x.app.ActionItem(c.context(), c.Actor, id)
	if errors.Is(err, app.ErrConflict) && verr == nil {
		return nil, conflict(x.actionOf(c, v.Item))
	}
	if err != nil {
		return nil, err
	}
	if verr != nil {
		return nil, verr
	}
	c.SetETag(v.Item.Version)
	return x.actionOf(c, v.Item), nil
}
