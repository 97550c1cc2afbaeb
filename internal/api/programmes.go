package api

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/dhis2"
	"khcn/internal/programme"
	"khcn/internal/valid"
)

// Programme is a monitored programme.
type Programme struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Title     string `json:"title"`
	Issuer    string `json:"issuer"`
	IssuedOn  string `json:"issuedOn,omitempty"`
	StartYear int    `json:"startYear"`
	EndYear   int    `json:"endYear"`
}

// ProgrammeDetail is a programme with its indicators and periods.
type ProgrammeDetail struct {
	Programme
	Indicators []Indicator `json:"indicators"`
	Periods    []Period    `json:"periods"`
}

// Indicator is one thing a programme measures.
type Indicator struct {
	ID          string   `json:"id"`
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Area        string   `json:"area,omitempty"`
	Type        string   `json:"type" doc:"number, percent, money (whole đồng), yesno or text"`
	Aggregation string   `json:"aggregation"`
	Formula     string   `json:"formula,omitempty"`
	Reporters   []string `json:"reporters" doc:"kinds of unit that report it"`
	AnnualOnly  bool     `json:"annualOnly,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
}

// Period is a reporting period.
type Period struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	DHIS2    string `json:"dhis2" doc:"the period in DHIS2's ISO form: 2024S1, 2024S2, 2024"`
	Kind     string `json:"kind"`
	Year     int    `json:"year"`
	Name     string `json:"name"`
	Start    string `json:"start"`
	End      string `json:"end"`
	Opens    string `json:"opens"`
	Deadline string `json:"deadline"`
	Closed   bool   `json:"closed"`
}

func programmeOf(p programme.Programme) Programme {
	return Programme{ID: p.ID, Code: p.Code, Title: p.Title, Issuer: p.Issuer, IssuedOn: p.IssuedOn.String(), StartYear: p.StartYear, EndYear: p.EndYear}
}

func indicatorOf(i programme.Indicator) Indicator {
	out := Indicator{ID: i.ID, Code: i.Code, Name: i.Name, Unit: i.Unit, Area: i.Area, Type: string(i.Type), Aggregation: string(i.Aggregation),
		Formula: i.Formula, AnnualOnly: i.AnnualOnly, Min: i.Min, Max: i.Max, Reporters: []string{}}
	for _, k := range i.ReporterKinds {
		out.Reporters = append(out.Reporters, string(k))
	}
	return out
}

func periodOf(p programme.Period) Period {
	return Period{ID: p.ID, Code: p.Code, DHIS2: dhis2.FormatPeriod(p), Kind: string(p.Kind), Year: p.Year, Name: p.Name, Start: p.Start.String(),
		End: p.End.String(), Opens: p.Opens.String(), Deadline: p.Deadline.String(), Closed: p.Closed}
}

// Target is the baseline and target of an indicator for a unit and period.
type Target struct {
	Indicator string `json:"indicator"`
	Unit      string `json:"unit"`
	Period    string `json:"period"`
	Baseline  any    `json:"baseline"`
	Target    any    `json:"target"`
}

// TargetList is the targets of one unit for a period.
type TargetList struct {
	Period  Period   `json:"period"`
	Unit    Unit     `json:"unit"`
	Targets []Target `json:"targets"`
	Stamp   string   `json:"stamp"`
}

// ReportValue is one indicator's value in a report.
type ReportValue struct {
	Indicator string `json:"indicator" doc:"the indicator's code"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Value     any    `json:"value" doc:"number, whole đồng, true/false or text; null when not reported"`
	Text      string `json:"text" doc:"the value as the form shows it (1.234,5)"`
	Comment   string `json:"comment,omitempty"`
	Computed  bool   `json:"computed,omitempty"`
	Target    any    `json:"target,omitempty"`
	Baseline  any    `json:"baseline,omitempty"`
	Previous  any    `json:"previous,omitempty" doc:"the value of the previous period"`
}

// Report is one unit's report for one period.
type Report struct {
	ID        string        `json:"id,omitempty" doc:"absent until the first save"`
	Programme string        `json:"programme"`
	Period    Period        `json:"period"`
	Unit      Unit          `json:"unit"`
	State     string        `json:"state" doc:"draft, submitted, approved, accepted or returned"`
	Version   int           `json:"version" doc:"also the ETag; send it back in If-Match to save"`
	Lock      string        `json:"lock" doc:"open, or why the caller cannot change it now"`
	Sections  [5]string     `json:"sections"`
	Values    []ReportValue `json:"values"`
	Steps     []string      `json:"steps" doc:"steps the caller may take now"`
	Warnings  []FieldError  `json:"warnings,omitempty" doc:"what sending would still refuse or warn about"`
}

// ReportItem is a report in a list.
type ReportItem struct {
	ID        string `json:"id"`
	Period    string `json:"period"`
	Unit      string `json:"unit"`
	State     string `json:"state"`
	Version   int    `json:"version"`
	UpdatedAt string `json:"updatedAt"`
}

// ValueInput is a value sent to a report.
type ValueInput struct {
	Value   json.RawMessage `json:"value" doc:"number, whole đồng, true/false, text (as typed on the form), or null to clear"`
	Comment *string         `json:"comment,omitempty"`
}

// ReportInput is a save of a report: the values given replace theirs, the
// others stay.
type ReportInput struct {
	Values   map[string]ValueInput `json:"values" doc:"by indicator code"`
	Sections *[5]string            `json:"sections,omitempty" doc:"narrative I–V; absent keeps them"`
	Version  int                   `json:"version,omitempty" doc:"used when If-Match is absent"`
}

// StepBody is a step in the approval flow.
type StepBody struct {
	Step    string `json:"step" doc:"submit, approve, accept or return"`
	Reason  string `json:"reason,omitempty" doc:"required to return"`
	Version int    `json:"version,omitempty" doc:"used when If-Match is absent"`
}

func jsonValue(t programme.ValueType, v programme.Value) any {
	if !v.Set {
		return nil
	}
	switch t {
	case programme.Money:
		return v.Money
	case programme.YesNo:
		return v.Num != 0
	case programme.Text:
		return v.Text
	}
	return v.Num
}

// rawOf turns a JSON value into what the form would have typed, so the
// form's own parsing and range checks judge it.
func rawOf(t programme.ValueType, m json.RawMessage) (string, bool) {
	s := strings.TrimSpace(string(m))
	if s == "" || s == "null" {
		return "", true
	}
	var v any
	if err := json.Unmarshal(m, &v); err != nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		if x {
			return "Có", true
		}
		return "Không", true
	case float64:
		if t == programme.Money {
			return strconv.FormatFloat(x, 'f', -1, 64), true
		}
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1), true
	}
	return "", false
}

func (x *API) programmeRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/programmes", Tag: "Programmes", Access: Read,
		Summary:   "List programmes",
		SummaryVI: "Danh sách chương trình",
		Params:    append([]Param{{Name: "q", Description: "search in code and title"}}, pagingParams...),
		Response:  Page[Programme]{}, Errors: []int{403},
		Examples: []Example{
			{Name: "programmes", Login: "chuyenvien", URL: "/api/v1/programmes?q=07-CTr", Status: 200, Want: `{"items":[{"code":"07-CTr/TU"}]}`},
			{Name: "a council member may not", Login: "chuyengia", URL: "/api/v1/programmes", Status: 403, Want: `{"code":"forbidden"}`},
			{Name: "no token", URL: "/api/v1/programmes", Status: 401, Want: `{"code":"unauthorized","status":401}`},
		},
		Handle: x.listProgrammes,
	}, {
		Method: "GET", Path: "/api/v1/programmes/{id}", Tag: "Programmes", Access: Read,
		Summary:   "One programme with its indicators and periods",
		SummaryVI: "Một chương trình, kèm chỉ tiêu và kỳ báo cáo",
		Response:  ProgrammeDetail{}, Errors: []int{403, 404},
		Examples: []Example{{Name: "07-CTr/TU", Login: "canbo.melinh", URL: "/api/v1/programmes/prog-07-ctr-tu", Status: 200,
			Want: `{"code":"07-CTr/TU","periods":[{"code":"2021-H1","dhis2":"2021S1"}]}`}},
		Handle: x.getProgramme,
	}, {
		Method: "GET", Path: "/api/v1/periods/{id}/targets", Tag: "Programmes", Access: Read,
		Summary:   "Targets and baselines of a unit for a period (Sở staff who manage programmes)",
		SummaryVI: "Chỉ tiêu kế hoạch và giá trị gốc của một đơn vị trong một kỳ (cán bộ Sở quản lý chương trình)",
		Params:    []Param{{Name: "unit", Description: "unit ID (default: the province)"}},
		Response:  TargetList{}, Errors: []int{403, 404},
		Examples: []Example{{Name: "the province's targets", Login: "chuyenvien", URL: "/api/v1/periods/{period:2024}/targets", Status: 200,
			Want: `{"unit":{"id":"hn"},"period":{"code":"2024","dhis2":"2024"}}`},
			{Name: "units may not", Login: "canbo.melinh", URL: "/api/v1/periods/{period:2024}/targets", Status: 403, Want: `{"code":"forbidden"}`}},
		Handle: x.getTargets,
	}, {
		Method: "GET", Path: "/api/v1/periods/{id}/reports", Tag: "Reports", Access: Read,
		Summary:   "Reports of a period the caller may read, by unit and state",
		SummaryVI: "Các báo cáo của một kỳ người gọi được xem, theo đơn vị và trạng thái",
		Params: append([]Param{{Name: "unit", Description: "only this unit and the units under it"},
			{Name: "state", Description: "draft, submitted, approved, accepted or returned"}}, pagingParams...),
		Response: Page[ReportItem]{}, Errors: []int{400, 403, 404},
		Examples: []Example{{Name: "what Mê Linh may read in 2026", Login: "canbo.melinh", URL: "/api/v1/periods/{period57:2026}/reports", Status: 200,
			Want: `{"items":[{"unit":"hn-09022","state":"draft"}],"total":1}`},
			{Name: "sent reports of the province", Login: "chuyenvien", URL: "/api/v1/periods/{period57:2026}/reports?state=approved", Status: 200,
				Want: `{"items":[{"state":"approved"}]}`}},
		Handle: x.listReports,
	}, {
		Method: "GET", Path: "/api/v1/reports/{period}/{unit}", Tag: "Reports", Access: Read,
		Summary:     "A unit's report for a period, with its values, targets, state and lock",
		SummaryVI:   "Báo cáo của một đơn vị trong một kỳ: số liệu, chỉ tiêu, trạng thái và khóa",
		Description: "The ETag is the report's version; send it in If-Match to save.",
		Response:    Report{}, Errors: []int{403, 404},
		Examples: []Example{{Name: "Mê Linh's first half of 2025", Login: "canbo.melinh", URL: "/api/v1/reports/{period:2025-H1}/hn-09022", Status: 200,
			Want: `{"period":{"dhis2":"2025S1"},"unit":{"id":"hn-09022"}}`},
			{Name: "another unit's report", Login: "canbo.socson", URL: "/api/v1/reports/{period:2025-H1}/hn-09022", Status: 403, Want: `{"code":"forbidden"}`}},
		Handle: x.getReport,
	}, {
		Method: "PUT", Path: "/api/v1/reports/{period}/{unit}", Tag: "Reports", Access: Write,
		Summary:     "Save values of a report (the form's validation, locks and versions)",
		SummaryVI:   "Lưu số liệu báo cáo (cùng kiểm tra, khóa và phiên bản như biểu mẫu)",
		Description: "Values given replace theirs; the others stay. All or nothing: any invalid value refuses the whole save with 422 and a message per field (v.CODE). If-Match carries the version read; a stale one answers 409 with the stored report.",
		Body:        ReportInput{}, Response: Report{}, Errors: []int{400, 403, 404, 409, 422, 428},
		Examples: []Example{
			{Name: "a value typed over the stored ones", Login: "canbo.melinh", Write: true, URL: "/api/v1/reports/{period57:2026}/hn-09022",
				Header: map[string]string{"If-Match": `"1"`}, Body: `{"values":{"C_ONLINE":{"value":72.5}}}`, Status: 200,
				Want: `{"state":"draft","version":2,"values":[{"indicator":"C_ONLINE","value":72.5,"text":"72,5"}]}`},
			{Name: "a wrong value", Login: "canbo.donganh", Write: true, URL: "/api/v1/reports/{period57:2026}/hn-00454",
				Header: map[string]string{"If-Match": `"1"`, "Accept-Language": "en"}, Body: `{"values":{"C_ONLINE":{"value":"khoảng 70"}}}`, Status: 422,
				Want: `{"code":"invalid","errors":[{"field":"v.C_ONLINE","code":"err.val.not_percent"}]}`},
			{Name: "a stale version", Login: "canbo.melinh", Write: true, URL: "/api/v1/reports/{period57:2026}/hn-09022",
				Header: map[string]string{"If-Match": `"1"`}, Body: `{"values":{"C_ONLINE":{"value":70}}}`, Status: 409,
				Want: `{"code":"conflict","current":{"version":2,"values":[{"indicator":"C_ONLINE","value":72.5}]}}`},
			{Name: "a read-only token", Login: "canbo.melinh", URL: "/api/v1/reports/{period57:2026}/hn-09022",
				Header: map[string]string{"If-Match": `"0"`}, Body: `{"values":{}}`, Status: 403, Want: `{"code":"read_only_token"}`},
			{Name: "without If-Match", Login: "canbo.melinh", Write: true, URL: "/api/v1/reports/{period57:2026}/hn-09022",
				Body: `{"values":{}}`, Status: 428, Want: `{"code":"if_match_required"}`},
			{Name: "a closed period", Login: "canbo.melinh", Write: true, URL: "/api/v1/reports/{period:2025-H2}/hn-09022",
				Header: map[string]string{"If-Match": `"1"`}, Body: `{"values":{}}`, Status: 409, Want: `{"code":"locked"}`},
		},
		Handle: x.putReport,
	}, {
		Method: "POST", Path: "/api/v1/reports/{period}/{unit}/steps", Tag: "Reports", Access: Write,
		Summary:   "Submit, approve, accept or return a report",
		SummaryVI: "Trình, phê duyệt, tiếp nhận hoặc trả lại báo cáo",
		Body:      StepBody{}, Response: Report{}, Errors: []int{400, 403, 404, 409, 422, 428},
		Handle: x.postStep,
	}}
}

func (x *API) listProgrammes(c *Ctx) (any, error) {
	ps, err := x.app.Programmes(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	q := c.Query("q")
	var out []Programme
	for _, p := range ps {
		if matchText(q, p.Code, p.Title) {
			out = append(out, programmeOf(p))
		}
	}
	return paginate(c, out, func(p Programme) string { return p.Code + "|" + p.ID })
}

func (x *API) getProgramme(c *Ctx) (any, error) {
	info, err := x.app.Programme(c.context(), c.Actor, c.R.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return programmeDetail(info), nil
}

func programmeDetail(info app.ProgrammeInfo) ProgrammeDetail {
	d := ProgrammeDetail{Programme: programmeOf(info.Programme), Indicators: []Indicator{}, Periods: []Period{}}
	for _, i := range info.Indicators {
		d.Indicators = append(d.Indicators, indicatorOf(i))
	}
	ps := append([]programme.Period{}, info.Periods...)
	programme.SortPeriods(ps)
	for _, p := range ps {
		d.Periods = append(d.Periods, periodOf(p))
	}
	return d
}

func (x *API) getTargets(c *Ctx) (any, error) {
	g, err := x.app.TargetGrid(c.context(), c.Actor, c.R.PathValue("id"), c.Query("unit"))
	if err != nil {
		return nil, err
	}
	out := TargetList{Period: periodOf(g.Period), Unit: unitOf(g.Unit), Targets: []Target{}, Stamp: g.Stamp}
	for _, ind := range g.Indicators {
		t, ok := g.Targets[ind.ID]
		if !ok {
			continue
		}
		out.Targets = append(out.Targets, Target{Indicator: ind.Code, Unit: g.Unit.ID, Period: g.Period.ID,
			Baseline: jsonValue(ind.Type, t.Baseline), Target: jsonValue(ind.Type, t.Target)})
	}
	return out, nil
}

// reportOf is the API's view of the report page's model.
func reportOf(pg app.ReportPage) Report {
	r := Report{ID: pg.Report.ID, Programme: pg.Info.Programme.ID, Period: periodOf(pg.Period), Unit: unitOf(pg.Unit),
		State: string(pg.Report.State), Version: pg.Report.Version, Lock: string(pg.Lock), Sections: pg.Report.Sections,
		Values: []ReportValue{}, Steps: []string{}}
	if r.Lock == "" {
		r.Lock = "open"
	}
	for _, ind := range pg.Indicators {
		v := pg.Current[ind.Code]
		rv := ReportValue{Indicator: ind.Code, Name: ind.Name, Type: string(ind.Type), Value: jsonValue(ind.Type, v),
			Text: programme.Format(ind.Type, v), Comment: pg.Values[ind.ID].Comment, Computed: ind.Computed(),
			Previous: jsonValue(ind.Type, pg.PrevValues[ind.Code])}
		if t, ok := pg.Targets[ind.ID]; ok {
			rv.Target, rv.Baseline = jsonValue(ind.Type, t.Target), jsonValue(ind.Type, t.Baseline)
		}
		r.Values = append(r.Values, rv)
	}
	for _, st := range pg.Steps {
		if st.Lock == programme.Open {
			r.Steps = append(r.Steps, string(st.Step))
		}
	}
	return r
}

func (c *Ctx) warnings(pg app.ReportPage) []FieldError {
	var out []FieldError
	for _, e := range []valid.Errors{pg.Findings.Errors, pg.Findings.Warnings} {
		out = append(out, problemList(c, e)...)
	}
	return out
}

func (x *API) getReport(c *Ctx) (any, error) {
	pg, err := x.app.ReportView(c.context(), c.Actor, c.R.PathValue("period"), c.R.PathValue("unit"))
	if err != nil {
		return nil, err
	}
	c.SetETag(pg.Report.Version)
	r := reportOf(pg)
	r.Warnings = c.warnings(pg)
	return r, nil
}

func (x *API) putReport(c *Ctx) (any, error) {
	var in ReportInput
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	version, err := c.IfMatch(in.Version)
	if err != nil {
		return nil, err
	}
	periodID, unitID := c.R.PathValue("period"), c.R.PathValue("unit")
	pg, err := x.app.ReportView(c.context(), c.Actor, periodID, unitID)
	if err != nil {
		return nil, err
	}
	entries, e := mergeEntries(pg, in.Values)
	if len(e) > 0 {
		return nil, invalid(e)
	}
	sections := pg.Report.Sections
	if in.Sections != nil {
		sections = *in.Sections
	}
	err = x.app.SaveReport(c.context(), c.Actor, app.ReportInput{PeriodID: periodID, UnitID: unitID, Version: version,
		Entries: entries, Sections: sections})
	if err != nil {
		return nil, x.reportConflict(c, err, periodID, unitID)
	}
	return x.getReport(c)
}

// reportConflict adds the stored report to a 409.
func (x *API) reportConflict(c *Ctx, err error, periodID, unitID string) error {
	if errors.Is(err, app.ErrConflict) {
		if pg, err2 := x.app.ReportView(c.context(), c.Actor, periodID, unitID); err2 == nil {
			c.SetETag(pg.Report.Version)
			return conflict(reportOf(pg))
		}
	}
	return err
}

// mergeEntries is the form the page would post: every stored value as it
// shows it, with the given values typed over them.
func mergeEntries(pg app.ReportPage, given map[string]ValueInput) (map[string]programme.Entry, valid.Errors) {
	var e valid.Errors
	byCode := programme.ByCode(pg.Indicators)
	entries := map[string]programme.Entry{}
	for _, ind := range pg.Indicators {
		if ind.Computed() {
			continue
		}
		entries[ind.Code] = programme.Entry{Raw: programme.Format(ind.Type, pg.Current[ind.Code]), Comment: pg.Values[ind.ID].Comment}
	}
	for code, v := range given {
		ind, ok := byCode[code]
		if !ok {
			e.Add(programme.Field(code), "api.err.unknown_indicator", code)
			continue
		}
		if ind.Computed() {
			e.Add(programme.Field(code), "api.err.computed_indicator", ind.Name)
			continue
		}
		en := entries[code]
		if v.Value != nil {
			raw, ok := rawOf(ind.Type, v.Value)
			if !ok {
				e.Add(programme.Field(code), "api.err.value_type", ind.Name)
				continue
			}
			en.Raw = raw
		}
		if v.Comment != nil {
			en.Comment = *v.Comment
		}
		entries[code] = en
	}
	return entries, e
}

func (x *API) postStep(c *Ctx) (any, error) {
	var in StepBody
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	version, err := c.IfMatch(in.Version)
	if err != nil {
		return nil, err
	}
	periodID, unitID := c.R.PathValue("period"), c.R.PathValue("unit")
	pg, err := x.app.ReportView(c.context(), c.Actor, periodID, unitID)
	if err != nil {
		return nil, err
	}
	if pg.Report.ID == "" {
		return nil, errNotFound
	}
	err = x.app.ReportStep(c.context(), c.Actor, app.StepInput{ReportID: pg.Report.ID, Version: version,
		Step: programme.Step(in.Step), Reason: in.Reason})
	if err != nil {
		return nil, x.reportConflict(c, err, periodID, unitID)
	}
	return x.getReport(c)
}

func (x *API) listReports(c *Ctx) (any, error) {
	periodID := c.R.PathValue("id")
	under := ""
	if id := c.Query("unit"); id != "" {
		set, err := x.app.OrgTree(c.context(), c.Actor)
		if err != nil {
			return nil, err
		}
		u := set.Get(id)
		if u == nil {
			return nil, badParam("unit")
		}
		under = u.Path
	}
	rs, err := x.app.ReportsOfPeriod(c.context(), c.Actor, periodID, under)
	if err != nil {
		return nil, err
	}
	state := c.Query("state")
	var out []ReportItem
	for _, r := range rs {
		if state == "" || string(r.State) == state {
			out = append(out, ReportItem{ID: r.ID, Period: r.PeriodID, Unit: r.UnitID, State: string(r.State), Version: r.Version,
				UpdatedAt: r.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")})
		}
	}
	return paginate(c, out, func(r ReportItem) string { return r.Unit })
}
