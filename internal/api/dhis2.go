package api

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/dhis2"
	"khcn/internal/i18n"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
)

// DHIS2 data exchange at /api/v1/dataValueSets, with DHIS2's parameter
// names: the programme is the data set, its indicators the data elements,
// a unit's report for a period holds the values. Imports go through the
// report form's use case (permission, lock, approval state, strict
// values, versions, audit).

var dhis2Params = []Param{
	{Name: "dataSet", Description: "the programme, by code or ID (07-CTr/TU)", Required: true},
	{Name: "period", Description: "DHIS2 ISO period: 2024S1, 2024S2 or 2024; repeat or separate with commas"},
	{Name: "orgUnit", Description: "org unit (by code with idScheme=code, else by ID); repeat or separate with commas"},
	{Name: "children", Description: "true: the org units below as well", Enum: []string{"true", "false"}},
	{Name: "idScheme", Description: "code or id (default id) for data elements and org units", Enum: []string{"code", "id", "uid"}},
	{Name: "dataElementIdScheme", Description: "overrides idScheme for data elements", Enum: []string{"code", "id", "uid"}},
	{Name: "orgUnitIdScheme", Description: "overrides idScheme for org units", Enum: []string{"code", "id", "uid"}},
}

func (x *API) dhis2Routes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/dataValueSets", Tag: "DHIS2", Access: Read,
		Summary:     "Export report values as a DHIS2 data value set (JSON, or CSV with Accept: text/csv)",
		SummaryVI:   "Xuất số liệu báo cáo dạng tập giá trị DHIS2 (JSON, hoặc CSV khi Accept: text/csv)",
		Description: "GET /api/v1/dataValueSets?dataSet=07-CTr/TU&period=2024S1&orgUnit=01&children=true&idScheme=code. Only reports the caller may read are included; computed indicators are left out (DHIS2 computes its own indicators).",
		Params:      dhis2Params, Response: dhis2.DataValueSet{}, Produces: []string{"text/csv"}, Errors: []int{400, 403, 404},
		Examples: []Example{
			{Name: "Mê Linh's 2026 values by code", Login: "canbo.melinh", URL: "/api/v1/dataValueSets?dataSet=NQ57-HN&period=2026&orgUnit=09022&idScheme=code",
				Status: 200, Want: `{"dataSet":"NQ57-HN","dataValues":[{"dataElement":"C_ONLINE","period":"2026","orgUnit":"09022"},{"dataElement":"C_TASKS","value":"3"}]}`},
			{Name: "the issue's call: a half-year of 07-CTr/TU for all of Hà Nội", Login: "chuyenvien",
				URL:    "/api/v1/dataValueSets?dataSet=07-CTr/TU&period=2024S1&orgUnit=01&children=true&idScheme=code",
				Status: 200, Want: `{"dataSet":"07-CTr/TU","period":"2024S1","dataValues":[{"period":"2024S1","orgUnit":"250"}]}`},
			{Name: "a bad period", Login: "canbo.melinh", URL: "/api/v1/dataValueSets?dataSet=NQ57-HN&period=2026Q1&orgUnit=hn-09022",
				Status: 400, Want: `{"code":"bad_param","errors":[{"field":"period"}]}`},
		},
		Handle: x.exportDataValues,
	}, {
		Method: "POST", Path: "/api/v1/dataValueSets", Tag: "DHIS2", Access: Write,
		Summary:   "Import a DHIS2 data value set (JSON or CSV) into reports",
		SummaryVI: "Nhập tập giá trị DHIS2 (JSON hoặc CSV) vào báo cáo",
		Description: "All or nothing (atomicMode=ALL, the default): any conflict imports nothing and answers 409 with status ERROR. atomicMode=NONE imports the values that pass and lists the others as conflicts. dryRun=true checks only. " +
			"Values run the report form's validation; locked or sent reports refuse their values (E7641), units outside the caller's scope E7645.",
		Params: append([]Param{{Name: "dryRun", Description: "true: check only, write nothing", Enum: []string{"true", "false"}},
			{Name: "atomicMode", Description: "ALL (default): all or nothing; NONE: per value", Enum: []string{"ALL", "NONE"}}}, dhis2Params...),
		Body: dhis2.DataValueSet{}, Response: dhis2.ImportSummary{}, Errors: []int{400, 403, 409, 415}, Alt: map[int]any{409: dhis2.ImportSummary{}},
		Examples: []Example{
			{Name: "a dry run", Login: "canbo.donganh", Write: true, URL: "/api/v1/dataValueSets?dryRun=true&idScheme=code",
				Body:   `{"dataSet":"NQ57-HN","period":"2026","orgUnit":"00454","dataValues":[{"dataElement":"C_SKILLS","value":"950"}]}`,
				Status: 200, Want: `{"status":"SUCCESS","importOptions":{"dryRun":true},"importCount":{"updated":1}}`},
			{Name: "a wrong value: nothing is imported", Login: "canbo.donganh", Write: true, URL: "/api/v1/dataValueSets?idScheme=code",
				Header: map[string]string{"Accept-Language": "en"},
				Body:   `{"dataSet":"NQ57-HN","period":"2026","orgUnit":"00454","dataValues":[{"dataElement":"C_SKILLS","value":"950"},{"dataElement":"C_ONLINE","value":"150"}]}`,
				Status: 409, Want: `{"status":"ERROR","importCount":{"imported":0,"updated":0,"ignored":2},"conflicts":[{"object":"C_ONLINE","errorCode":"E7619","indexes":[1]}]}`},
		},
		Handle: x.importDataValues,
	}}
}

// schemes reads idScheme and its per-kind overrides: true means by code.
func (c *Ctx) schemes() (elemByCode, unitByCode bool, err error) {
	read := func(name, def string) (string, error) {
		v := strings.ToLower(c.Query(name))
		if v == "" {
			return def, nil
		}
		if v != "code" && v != "id" && v != "uid" {
			return "", badParam(name)
		}
		return v, nil
	}
	base, err := read("idScheme", "id")
	if err != nil {
		return false, false, err
	}
	de, err := read("dataElementIdScheme", base)
	if err != nil {
		return false, false, err
	}
	ou, err := read("orgUnitIdScheme", base)
	return de == "code", ou == "code", err
}

// list reads a repeatable, comma-separated parameter.
func (c *Ctx) list(name string) []string {
	var out []string
	for _, v := range c.R.URL.Query()[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// findProgramme finds a data set by code or ID.
func (x *API) findProgramme(c *Ctx, ref string) (app.ProgrammeInfo, error) {
	ps, err := x.app.Programmes(c.context(), c.Actor)
	if err != nil {
		return app.ProgrammeInfo{}, err
	}
	for _, p := range ps {
		if p.Code == ref || p.ID == ref {
			return x.app.Programme(c.context(), c.Actor, p.ID)
		}
	}
	return app.ProgrammeInfo{}, errNotFound
}

func findPeriod(info app.ProgrammeInfo, iso string) (programme.Period, bool) {
	y, k, err := dhis2.ParsePeriod(iso)
	if err != nil {
		return programme.Period{}, false
	}
	for _, p := range info.Periods {
		if p.Year == y && p.Kind == k {
			return p, true
		}
	}
	return programme.Period{}, false
}

// findUnit resolves an org unit by ID or by code; a code shared by a former
// and a current unit names the one valid in the period.
func findUnit(set *orgunit.Set, ref string, byCode bool, p programme.Period) *orgunit.Unit {
	if !byCode {
		return set.Get(ref)
	}
	var best *orgunit.Unit
	for _, r := range set.Roots(p.End) {
		for _, u := range append([]*orgunit.Unit{r}, set.Descendants(r.ID)...) {
			if u.Code != ref {
				continue
			}
			if u.ValidOn(p.End) || u.ValidOn(p.Start) {
				return u
			}
			if best == nil {
				best = u
			}
		}
	}
	return best
}

func unitRef(u orgunit.Unit, byCode bool) string {
	if byCode {
		return u.Code
	}
	return u.ID
}

func elemRef(i programme.Indicator, byCode bool) string {
	if byCode {
		return i.Code
	}
	return i.ID
}

func (x *API) exportDataValues(c *Ctx) (any, error) {
	elemByCode, unitByCode, err := c.schemes()
	if err != nil {
		return nil, err
	}
	ref := c.Query("dataSet")
	if ref == "" {
		return nil, badParam("dataSet")
	}
	info, err := x.findProgramme(c, ref)
	if err != nil {
		return nil, err
	}
	var periods []programme.Period
	for _, iso := range c.list("period") {
		p, ok := findPeriod(info, iso)
		if !ok {
			return nil, badParam("period")
		}
		periods = append(periods, p)
	}
	if len(periods) == 0 {
		return nil, badParam("period")
	}
	set, err := x.app.OrgTree(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	children := c.Query("children") == "true"
	units := c.list("orgUnit")
	if len(units) == 0 {
		return nil, badParam("orgUnit")
	}
	out := dhis2.DataValueSet{DataSet: ref, DataValues: []dhis2.DataValue{}}
	if len(periods) == 1 {
		out.Period = dhis2.FormatPeriod(periods[0])
	}
	for _, p := range periods {
		for _, uref := range units {
			u := findUnit(set, uref, unitByCode, p)
			if u == nil {
				return nil, badParam("orgUnit")
			}
			reports, err := x.app.ReportsOfPeriod(c.context(), c.Actor, p.ID, u.Path)
			if err != nil {
				return nil, err
			}
			sort.Slice(reports, func(i, j int) bool { return reports[i].UnitPath < reports[j].UnitPath })
			for _, r := range reports {
				if !children && r.UnitID != u.ID {
					continue
				}
				pg, err := x.app.ReportView(c.context(), c.Actor, p.ID, r.UnitID)
				if errors.Is(err, app.ErrForbidden) || errors.Is(err, app.ErrNotFound) {
					continue
				}
				if err != nil {
					return nil, err
				}
				for _, ind := range pg.Indicators {
					v := pg.Current[ind.Code]
					if ind.Computed() || !v.Set {
						continue
					}
					out.DataValues = append(out.DataValues, dhis2.DataValue{DataElement: elemRef(ind, elemByCode), Period: dhis2.FormatPeriod(p),
						OrgUnit: unitRef(pg.Unit, unitByCode), Value: dhis2.FormatValue(ind.Type, v), Comment: pg.Values[ind.ID].Comment,
						LastUpdated: pg.Report.UpdatedAt.UTC().Format(time.RFC3339)})
				}
			}
		}
	}
	if wantsCSV(c.R) {
		var b bytes.Buffer
		if err := dhis2.WriteCSV(&b, out.DataValues); err != nil {
			return nil, err
		}
		return Raw{Type: "text/csv; charset=utf-8", Body: b.Bytes()}, nil
	}
	return out, nil
}

func wantsCSV(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		if mt == "text/csv" || mt == "application/csv" {
			return true
		}
	}
	return false
}

// importGroup is the values of one report.
type importGroup struct {
	period  programme.Period
	unit    *orgunit.Unit
	idx     []int // indexes of the values in the request
	vals    []dhis2.DataValue
	inds    []programme.Indicator
	in      app.ReportInput
	count   dhis2.ImportCount
	written int // values to write
}

func (x *API) importDataValues(c *Ctx) (any, error) {
	elemByCode, unitByCode, err := c.schemes()
	if err != nil {
		return nil, err
	}
	body, err := c.Body()
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(body) {
		return nil, badRequest("bad_request")
	}
	var dvs dhis2.DataValueSet
	mt, _, _ := mime.ParseMediaType(c.R.Header.Get("Content-Type"))
	switch mt {
	case "text/csv", "application/csv":
		vals, err := dhis2.ReadCSV(bytes.NewReader(body))
		if err != nil {
			return nil, badRequest("bad_request")
		}
		dvs.DataValues = vals
	case "application/json", "":
		if dvs, err = dhis2.ReadJSON(body); err != nil {
			return nil, badRequest("json")
		}
	default:
		return nil, errUnsupportedMedia
	}
	dryRun := c.Query("dryRun") == "true"
	atomic := !strings.EqualFold(c.Query("atomicMode"), "NONE")
	sum := dhis2.ImportSummary{ImportOptions: dhis2.ImportOptions{IDScheme: map[bool]string{true: "CODE", false: "UID"}[elemByCode], DryRun: dryRun,
		AtomicMode: map[bool]string{true: "ALL", false: "NONE"}[atomic]}}
	ref := dvs.DataSet
	if q := c.Query("dataSet"); q != "" {
		ref = q
	}
	if ref == "" {
		return nil, badParam("dataSet")
	}
	info, err := x.findProgramme(c, ref)
	if err != nil {
		return nil, err
	}
	set, err := x.app.OrgTree(c.context(), c.Actor)
	if err != nil {
		return nil, err
	}
	vals := dvs.Filled()
	conflict := func(i int, object, code, msg string) {
		sum.AddConflict(dhis2.Conflict{Object: object, Value: msg, ErrorCode: code, Property: "value", Indexes: []int{i}})
		sum.ImportCount.Ignored++
	}
	groups := map[string]*importGroup{}
	var order []string
	byRef := map[string]programme.Indicator{}
	for _, ind := range info.Indicators {
		byRef[elemRef(ind, elemByCode)] = ind
	}
	for i, v := range vals {
		if !defaultCombo(v.CategoryOptionCombo) || !defaultCombo(v.AttributeOptionCombo) {
			conflict(i, v.CategoryOptionCombo+v.AttributeOptionCombo, dhis2.CodeCategory, i18n.T(c.Lang, "api.dhis2.combo"))
			continue
		}
		p, ok := findPeriod(info, v.Period)
		if !ok {
			conflict(i, v.Period, dhis2.CodePeriod, i18n.T(c.Lang, "api.dhis2.period"))
			continue
		}
		u := findUnit(set, v.OrgUnit, unitByCode, p)
		if u == nil {
			conflict(i, v.OrgUnit, dhis2.CodeOrgUnit, i18n.T(c.Lang, "api.dhis2.org_unit"))
			continue
		}
		ind, ok := byRef[v.DataElement]
		if !ok || ind.Computed() {
			conflict(i, v.DataElement, dhis2.CodeDataElement, i18n.T(c.Lang, "api.dhis2.data_element"))
			continue
		}
		key := p.ID + "|" + u.ID
		g := groups[key]
		if g == nil {
			g = &importGroup{period: p, unit: u}
			groups[key] = g
			order = append(order, key)
		}
		g.idx, g.vals, g.inds = append(g.idx, i), append(g.vals, v), append(g.inds, ind)
	}
	var ready []*importGroup
	for _, key := range order {
		g := groups[key]
		if x.prepareGroup(c, g, conflict) {
			ready = append(ready, g)
		}
	}
	total := len(vals)
	if atomic && len(sum.Conflicts) > 0 || dryRun {
		for _, g := range ready {
			addCount(&sum.ImportCount, g.count)
		}
		sum.Summarise(total, atomic)
		return x.summaryAnswer(c, sum)
	}
	if atomic {
		var ins []app.ReportInput
		for _, g := range ready {
			if g.written > 0 {
				ins = append(ins, g.in)
			}
		}
		if err := x.app.SaveReports(c.context(), c.Actor, ins); err != nil {
			var be *app.ReportBatchError
			if !errors.As(err, &be) {
				return nil, err
			}
			failed := ready[0]
			n := 0
			for _, g := range ready {
				if g.written > 0 {
					if n == be.Index {
						failed = g
					}
					n++
				}
			}
			x.groupFailed(c, failed, be.Err, conflict)
			sum.Summarise(total, true)
			return x.summaryAnswer(c, sum)
		}
		for _, g := range ready {
			addCount(&sum.ImportCount, g.count)
		}
	} else {
		for _, g := range ready {
			if g.written == 0 {
				addCount(&sum.ImportCount, g.count)
				continue
			}
			if err := x.app.SaveReport(c.context(), c.Actor, g.in); err != nil {
				x.groupFailed(c, g, err, conflict)
				continue
			}
			addCount(&sum.ImportCount, g.count)
		}
	}
	sum.Summarise(total, atomic)
	return x.summaryAnswer(c, sum)
}

func (x *API) summaryAnswer(c *Ctx, sum dhis2.ImportSummary) (any, error) {
	if sum.Status == "ERROR" {
		c.status = http.StatusConflict
	}
	return sum, nil
}

func addCount(to *dhis2.ImportCount, n dhis2.ImportCount) {
	to.Imported += n.Imported
	to.Updated += n.Updated
	to.Ignored += n.Ignored
	to.Deleted += n.Deleted
}

// defaultCombo accepts DHIS2's default category combination (empty, the
// word, or its well-known UID): indicators here have no disaggregation.
func defaultCombo(s string) bool {
	return s == "" || strings.EqualFold(s, "default") || s == "HllvX50cXC0" || s == "bRowv6yZOF2"
}

// prepareGroup checks a report's values as its form would and builds the
// save; values it refuses become conflicts. It reports whether anything of
// the group is left to count or write.
func (x *API) prepareGroup(c *Ctx, g *importGroup, conflict func(int, string, string, string)) bool {
	all := func(code, msg string) {
		for k, i := range g.idx {
			conflict(i, g.vals[k].DataElement, code, msg)
		}
	}
	pg, err := x.app.ReportView(c.context(), c.Actor, g.period.ID, g.unit.ID)
	switch {
	case errors.Is(err, app.ErrNotFound):
		all(dhis2.CodeNotInSet, i18n.T(c.Lang, "api.dhis2.not_reported"))
		return false
	case errors.Is(err, app.ErrForbidden):
		all(dhis2.CodeAccess, i18n.T(c.Lang, "api.problem.forbidden"))
		return false
	case err != nil:
		all(dhis2.CodeAccess, err.Error())
		return false
	}
	if !c.can(programme.ReportEdit, account.Unit(pg.Unit.Path)) || pg.Lock == programme.LockNotAllowed {
		all(dhis2.CodeAccess, i18n.T(c.Lang, "api.problem.forbidden"))
		return false
	}
	if pg.Lock != programme.Open {
		all(dhis2.CodeLocked, i18n.T(c.Lang, "lock."+string(pg.Lock)))
		return false
	}
	entries := map[string]programme.Entry{}
	for _, ind := range pg.Indicators {
		if !ind.Computed() {
			entries[ind.Code] = programme.Entry{Raw: programme.Format(ind.Type, pg.Current[ind.Code]), Comment: pg.Values[ind.ID].Comment}
		}
	}
	inReport := map[string]bool{}
	for _, ind := range pg.Indicators {
		inReport[ind.Code] = true
	}
	for k, v := range g.vals {
		ind, i := g.inds[k], g.idx[k]
		if !inReport[ind.Code] {
			conflict(i, v.DataElement, dhis2.CodeNotInSet, i18n.T(c.Lang, "api.dhis2.not_reported"))
			continue
		}
		en := programme.Entry{Raw: dhis2.FormRaw(ind.Type, v.Value), Comment: entries[ind.Code].Comment}
		if v.Comment != "" {
			en.Comment = v.Comment
		}
		parsed, e := programme.Parse([]programme.Indicator{ind}, map[string]programme.Entry{ind.Code: en})
		if len(e) > 0 {
			for _, fe := range problemList(c, e) {
				conflict(i, v.DataElement, dhis2.CodeValue, fe.Message)
				break
			}
			continue
		}
		before, after := pg.Current[ind.Code], parsed[ind.Code]
		switch {
		case !after.Set && before.Set:
			g.count.Deleted++
		case !after.Set, after == before && en.Comment == entries[ind.Code].Comment:
			g.count.Ignored++
		case !before.Set:
			g.count.Imported++
		default:
			g.count.Updated++
		}
		if after != before || en.Comment != entries[ind.Code].Comment {
			g.written++
		}
		entries[ind.Code] = en
	}
	g.in = app.ReportInput{PeriodID: g.period.ID, UnitID: g.unit.ID, Version: pg.Report.Version, Entries: entries, Sections: pg.Report.Sections}
	return true
}

// groupFailed turns a failed save (someone saved first, a lock that came
// meanwhile) into conflicts for the group's values.
func (x *API) groupFailed(c *Ctx, g *importGroup, err error, conflict func(int, string, string, string)) {
	code, msg := dhis2.CodeLocked, i18n.T(c.Lang, "api.problem.conflict")
	var locked app.ReportLockedError
	switch {
	case errors.As(err, &locked):
		msg = i18n.T(c.Lang, "lock."+string(locked.Lock))
	case errors.Is(err, app.ErrForbidden):
		code, msg = dhis2.CodeAccess, i18n.T(c.Lang, "api.problem.forbidden")
	case errors.Is(err, app.ErrConflict):
	default:
		code, msg = dhis2.CodeValue, err.Error()
		x.log.Warn("dhis2 import", "err", err)
	}
	for k, i := range g.idx {
		conflict(i, g.vals[k].DataElement, code, msg)
	}
}
