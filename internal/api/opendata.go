package api

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/dhis2"
	"khcn/internal/programme"
)

// ProgressRow is one unit's figure for one indicator in one period: the
// same figures as the programme dashboard.
type ProgressRow struct {
	Unit      string   `json:"unit"`
	UnitCode  string   `json:"unitCode"`
	UnitName  string   `json:"unitName"`
	Indicator string   `json:"indicator"`
	Name      string   `json:"name"`
	Period    string   `json:"period" doc:"DHIS2 ISO form"`
	Value     *float64 `json:"value" doc:"null when nothing was sent"`
	Target    *float64 `json:"target"`
	Baseline  *float64 `json:"baseline"`
	Progress  *float64 `json:"progress" doc:"% of target; null without one"`
	Status    string   `json:"status,omitempty" doc:"achieved, on_track, at_risk, behind"`
	Reporting int      `json:"reporting" doc:"units whose sent reports make the value"`
	Estimated bool     `json:"estimated" doc:"part of it came through a partial successor after the 2025 reorganisation"`
}

// Progress is a programme's progress by unit for one period.
type Progress struct {
	Programme string        `json:"programme"`
	Period    Period        `json:"period"`
	Scope     Unit          `json:"scope"`
	Rows      []ProgressRow `json:"rows"`
}

var progressColumns = []string{"unit", "unitCode", "unitName", "indicator", "name", "period", "value", "target", "baseline", "progress", "status", "reporting", "estimated"}

func cellPtr(c programme.Cell) *float64 {
	if !c.Set {
		return nil
	}
	v := c.V
	return &v
}

func (x *API) openRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/open/progress", Tag: "Open data", Access: Read,
		Summary:   "Programme progress by unit and period, JSON or CSV (the dashboard's figures: reports sent to the Sở)",
		SummaryVI: "Tiến độ chương trình theo đơn vị và kỳ, JSON hoặc CSV (số liệu của bảng điều khiển: báo cáo đã gửi Sở)",
		Description: "A stable export for the province's portal and the national platforms (use a service account's token). " +
			"CSV columns: " + "unit, unitCode, unitName, indicator, name, period, value, target, baseline, progress, status, reporting, estimated; numbers with a decimal point.",
		Params: []Param{{Name: "programme", Description: "programme code or ID", Required: true},
			{Name: "period", Description: "DHIS2 ISO period (2024S1, 2024) or a period ID; default the latest with data"},
			{Name: "scope", Description: "unit ID whose parts are the rows (default the province)"},
			{Name: "today", Description: "true: rows are today's units, history rolled up through the successor map", Enum: []string{"true", "false"}},
			{Name: "format", Description: "csv for CSV", Enum: []string{"json", "csv"}}},
		Response: Progress{}, Produces: []string{"text/csv"}, Errors: []int{400, 403, 404},
		Examples: []Example{{Name: "07-CTr/TU, year 2024, by former district", Login: "chuyenvien", URL: "/api/v1/open/progress?programme=07-CTr/TU&period=2024",
			Status: 200, Want: `{"programme":"07-CTr/TU","period":{"dhis2":"2024"},"scope":{"id":"hn"}}`},
			{Name: "a unit may read", Login: "canbo.melinh", URL: "/api/v1/open/progress?programme=07-CTr/TU&period=2024", Status: 200, Want: `{"scope":{"id":"hn"}}`}},
		Handle: x.progress,
	}}
}

func (x *API) progress(c *Ctx) (any, error) {
	ref := c.Query("programme")
	if ref == "" {
		return nil, badParam("programme")
	}
	info, err := x.findProgramme(c, ref)
	if err != nil {
		return nil, err
	}
	viewID := c.Query("period")
	if p, ok := findPeriod(info, viewID); ok {
		viewID = p.ID
	} else if _, ok := info.Period(viewID); viewID != "" && !ok {
		return nil, badParam("period")
	}
	d, err := x.app.ProgrammeDashboard(c.context(), c.Actor, app.DashQuery{ProgrammeID: info.Programme.ID, ViewID: viewID,
		ScopeID: c.Query("scope"), Today: c.Query("today") == "true", AllAreas: true})
	if err != nil {
		return nil, err
	}
	out := Progress{Programme: info.Programme.Code, Period: periodOf(d.View), Scope: unitOf(d.Scope), Rows: []ProgressRow{}}
	iso := dhis2.FormatPeriod(d.View)
	for _, r := range d.Rows {
		for i, ind := range d.Columns {
			if i >= len(r.Figures) {
				break
			}
			f := r.Figures[i]
			row := ProgressRow{Unit: r.Unit.ID, UnitCode: r.Unit.Code, UnitName: typedName(c.Lang, string(r.Unit.Type), r.Unit.Name), Indicator: ind.Code,
				Name: ind.Name, Period: iso, Value: cellPtr(f.Value), Target: cellPtr(f.Target), Baseline: cellPtr(f.Baseline),
				Status: string(f.Status), Reporting: f.Value.Units, Estimated: f.Value.Approx}
			if !math.IsNaN(f.Pct) {
				p := math.Round(f.Pct*10) / 10
				row.Progress = &p
			}
			out.Rows = append(out.Rows, row)
		}
	}
	if c.Query("format") == "csv" || wantsCSV(c.R) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(progressColumns)
		num := func(p *float64) string {
			if p == nil {
				return ""
			}
			return strconv.FormatFloat(*p, 'f', -1, 64)
		}
		for _, r := range out.Rows {
			w.Write([]string{r.Unit, r.UnitCode, r.UnitName, r.Indicator, r.Name, r.Period, num(r.Value), num(r.Target), num(r.Baseline),
				num(r.Progress), r.Status, strconv.Itoa(r.Reporting), strconv.FormatBool(r.Estimated)})
		}
		w.Flush()
		return Raw{Type: "text/csv; charset=utf-8", Body: b.Bytes()}, nil
	}
	return out, nil
}
