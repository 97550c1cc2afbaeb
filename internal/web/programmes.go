package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/programme"
	"khcn/internal/valid"
)

// programmesArea is the area's menu entries and routes, listed in areas.go.
func programmesArea() area {
	return area{
		name:  "programmes",
		label: "nav.section.programmes",
		tabs:  true,
		nav: []navEntry{
			{order: 20, label: "nav.programmes", href: "/programmes", action: programme.View},
			{order: 21, label: "nav.reports", href: "/reports", action: programme.View},
			{order: 22, label: "nav.inspections", href: "/inspections", action: programme.View},
		},
		routes: programmeRoutes,
	}
}

func programmeRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /programmes", s.programmes)
	m.HandleFunc("GET /programmes/new", s.programmeForm)
	m.HandleFunc("POST /programmes", s.saveProgramme)
	m.HandleFunc("GET /programmes/{id}", s.programmePage)
	m.HandleFunc("GET /programmes/{id}/edit", s.programmeForm)
	m.HandleFunc("POST /programmes/{id}", s.saveProgramme)
	m.HandleFunc("GET /programmes/{id}/indicators/new", s.indicatorForm)
	m.HandleFunc("POST /programmes/{id}/indicators", s.saveIndicator)
	m.HandleFunc("GET /programmes/{id}/indicators/{iid}/edit", s.indicatorForm)
	m.HandleFunc("POST /programmes/{id}/indicators/{iid}", s.saveIndicator)
	m.HandleFunc("POST /programmes/{id}/rules", s.addRule)
	m.HandleFunc("POST /programmes/{id}/rules/{rid}/delete", s.deleteRule)
	m.HandleFunc("GET /programmes/{id}/periods/new", s.periodForm)
	m.HandleFunc("POST /programmes/{id}/periods", s.savePeriod)
	m.HandleFunc("GET /programmes/{id}/periods/{pid}/edit", s.periodForm)
	m.HandleFunc("POST /programmes/{id}/periods/{pid}", s.savePeriod)
	targetRoutes(s, m)
	reportRoutes(s, m)
	dashboardRoutes(s, m)
	inspectionRoutes(s, m)
}

func (s *Server) programmes(w http.ResponseWriter, r *http.Request) {
	ps, err := s.app.Programmes(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "programmes/list", "title.programmes", map[string]any{"Programmes": ps})
}

func (s *Server) programmePage(w http.ResponseWriter, r *http.Request) {
	info, err := s.app.Programme(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "programmes/programme", info.Programme.Code, map[string]any{"Info": info, "Ops": programme.Ops})
}

// programmeForm shows the programme form, empty or filled from the stored
// programme.
func (s *Server) programmeForm(w http.ResponseWriter, r *http.Request) {
	if !account.Can(userOf(r), programme.Manage, account.None) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	p := s.page(r, "title.programme_new", map[string]any{})
	if id := r.PathValue("id"); id != "" {
		info, err := s.app.Programme(r.Context(), s.actor(r), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Title, p.Data = "title.programme_edit", map[string]any{"ID": id}
		p.Form = programmeValues(info.Programme)
	} else {
		p.Form = url.Values{"on_track_pct": {"90"}, "at_risk_pct": {"70"}, "issuer": {"Thành ủy Hà Nội"}}
	}
	s.showPage(w, r, http.StatusOK, "programmes/form", p)
}

// programmeValues is a stored programme as its form's values.
func programmeValues(x programme.Programme) url.Values {
	v := url.Values{"code": {x.Code}, "title": {x.Title}, "issuer": {x.Issuer}, "issued_on": {locale.Date(x.IssuedOn)},
		"start_year": {strconv.Itoa(x.StartYear)}, "end_year": {strconv.Itoa(x.EndYear)}, "goals": {x.Goals},
		"on_track_pct": {locale.Decimal(x.OnTrackPct, 2)}, "at_risk_pct": {locale.Decimal(x.AtRiskPct, 2)},
		"version": {strconv.Itoa(x.Version)}}
	if x.Illustrative {
		v.Set("illustrative", "1")
	}
	return v
}

// storedProgramme loads what a programme's forms merge with after a
// conflict: the programme, one of its indicators or periods as form values.
func (s *Server) storedProgramme(r *http.Request, id string, values func(app.ProgrammeInfo) (url.Values, bool)) func() (url.Values, error) {
	return func() (url.Values, error) {
		info, err := s.app.Programme(r.Context(), s.actor(r), id)
		if err != nil {
			return nil, err
		}
		v, ok := values(info)
		if !ok {
			return nil, app.ErrNotFound
		}
		return v, nil
	}
}

func (s *Server) saveProgramme(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	var e valid.Errors
	x := programme.Programme{ID: r.PathValue("id"), Code: f.Get("code"), Title: f.Get("title"), Issuer: f.Get("issuer"),
		IssuedOn: formDate(f, "issued_on", &e), StartYear: formInt(f, "start_year", &e), EndYear: formInt(f, "end_year", &e),
		Goals: f.Get("goals"), Illustrative: f.Get("illustrative") != "", Version: formInt(f, "version", &e)}
	if v := formFloat(f, "on_track_pct", &e); v != nil {
		x.OnTrackPct = *v
	}
	if v := formFloat(f, "at_risk_pct", &e); v != nil {
		x.AtRiskPct = *v
	}
	var err error = e.Err()
	id := x.ID
	if err == nil {
		id, err = s.app.SaveProgramme(r.Context(), s.actor(r), x)
	} else {
		err = merge(e, x.Validate())
	}
	if errs, ok := problemsOf(err); ok {
		errs, err = s.retyped(r, errs, s.storedProgramme(r, x.ID, func(info app.ProgrammeInfo) (url.Values, bool) {
			return programmeValues(info.Programme), true
		}))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		title := formTitle("title.programme", x.ID)
		s.showForm(w, r, "programmes/form", title, map[string]any{"ID": x.ID}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+id, "flash.saved")
}

// indicatorData is what the indicator form needs besides the fields.
func (s *Server) indicatorData(r *http.Request, progID, indID string) (map[string]any, error) {
	info, err := s.app.Programme(r.Context(), s.actor(r), progID)
	if err != nil {
		return nil, err
	}
	units, err := s.app.CurrentUnits(r.Context(), locale.Today(s.app.Now()))
	if err != nil {
		return nil, err
	}
	var divs []orgunit.Unit
	for _, u := range units {
		if u.Kind == orgunit.Division {
			divs = append(divs, u)
		}
	}
	return map[string]any{"Info": info, "ID": indID, "Types": programme.ValueTypes, "Aggregations": programme.Aggregations,
		"Kinds": programme.ReporterKinds, "Divisions": divs, "Registries": programme.Registries}, nil
}

func (s *Server) indicatorForm(w http.ResponseWriter, r *http.Request) {
	if !account.Can(userOf(r), programme.Manage, account.None) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	data, err := s.indicatorData(r, r.PathValue("id"), r.PathValue("iid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.indicator_new", data)
	p.Form = url.Values{"value_type": {"number"}, "direction": {"up"}, "aggregation": {"sum"}, "reporter_kinds": {"commune"},
		"change_ratio": {locale.Decimal(programme.DefaultChangeRatio, 2)}}
	if iid := r.PathValue("iid"); iid != "" {
		var ind *programme.Indicator
		for _, i := range data["Info"].(app.ProgrammeInfo).Indicators {
			if i.ID == iid {
				i := i
				ind = &i
			}
		}
		if ind == nil {
			s.fail(w, r, app.ErrNotFound)
			return
		}
		p.Title = "title.indicator_edit"
		p.Form = indicatorValues(*ind)
	}
	s.showPage(w, r, http.StatusOK, "programmes/indicator", p)
}

func indicatorValues(i programme.Indicator) url.Values {
	v := url.Values{"code": {i.Code}, "name": {i.Name}, "unit": {i.Unit}, "area": {i.Area}, "value_type": {string(i.Type)},
		"direction": {string(i.Direction)}, "aggregation": {string(i.Aggregation)}, "formula": {i.Formula},
		"division_id": {i.DivisionID}, "source": {i.Source}, "registry": {i.Registry}, "description": {i.Description}, "position": {strconv.Itoa(i.Position)},
		"version": {strconv.Itoa(i.Version)}}
	for _, k := range i.ReporterKinds {
		v.Add("reporter_kinds", string(k))
	}
	for name, f := range map[string]*float64{"min_value": i.Min, "max_value": i.Max} {
		if f != nil {
			v.Set(name, locale.Decimal(*f, 4))
		}
	}
	v.Set("change_ratio", locale.Decimal(i.Ratio(), 2))
	if i.Whole {
		v.Set("whole", "1")
	}
	if i.Cumulative {
		v.Set("cumulative", "1")
	}
	if i.AnnualOnly {
		v.Set("annual_only", "1")
	}
	if i.Illustrative {
		v.Set("illustrative", "1")
	}
	return v
}

func (s *Server) saveIndicator(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	var e valid.Errors
	ind := programme.Indicator{ID: r.PathValue("iid"), ProgrammeID: r.PathValue("id"), Code: f.Get("code"), Name: f.Get("name"),
		Unit: strings.TrimSpace(f.Get("unit")), Area: strings.TrimSpace(f.Get("area")), Type: programme.ValueType(f.Get("value_type")),
		Direction: programme.Direction(f.Get("direction")), Aggregation: programme.Aggregation(f.Get("aggregation")),
		Formula: f.Get("formula"), Cumulative: f.Get("cumulative") != "", AnnualOnly: f.Get("annual_only") != "", DivisionID: f.Get("division_id"),
		Source: strings.TrimSpace(f.Get("source")), Registry: f.Get("registry"), Description: strings.TrimSpace(f.Get("description")), Illustrative: f.Get("illustrative") != "",
		Min: formFloat(f, "min_value", &e), Max: formFloat(f, "max_value", &e), ChangeRatio: changeRatio(f, &e), Whole: f.Get("whole") != "",
		Position: formInt(f, "position", &e), Version: formInt(f, "version", &e)}
	for _, k := range f["reporter_kinds"] {
		ind.ReporterKinds = append(ind.ReporterKinds, orgunit.Kind(k))
	}
	var err error = e.Err()
	if err == nil {
		_, err = s.app.SaveIndicator(r.Context(), s.actor(r), ind)
	} else {
		err = merge(e, ind.Validate())
	}
	if errs, ok := problemsOf(err); ok {
		data, derr := s.indicatorData(r, ind.ProgrammeID, ind.ID)
		if derr == nil {
			errs, derr = s.retyped(r, errs, s.storedProgramme(r, ind.ProgrammeID, func(info app.ProgrammeInfo) (url.Values, bool) {
				for _, i := range info.Indicators {
					if i.ID == ind.ID {
						return indicatorValues(i), true
					}
				}
				return nil, false
			}))
		}
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		title := formTitle("title.indicator", ind.ID)
		s.showForm(w, r, "programmes/indicator", title, data, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+ind.ProgrammeID+"#indicators", "flash.saved")
}

func (s *Server) addRule(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	id := r.PathValue("id")
	err := s.app.AddRule(r.Context(), s.actor(r), programme.Rule{ProgrammeID: id, Left: f.Get("left"), Op: f.Get("op"), Right: f.Get("right"),
		Importance: programme.Importance(f.Get("importance")), Message: f.Get("message")})
	if errs, ok := problemsOf(err); ok {
		info, ierr := s.app.Programme(r.Context(), s.actor(r), id)
		if ierr != nil {
			s.fail(w, r, ierr)
			return
		}
		s.showForm(w, r, "programmes/programme", info.Programme.Code, map[string]any{"Info": info, "Ops": programme.Ops}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+id+"#rules", "flash.saved")
}

func (s *Server) deleteRule(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.app.DeleteRule(r.Context(), s.actor(r), id, r.PathValue("rid")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+id+"#rules", "flash.prog.deleted")
}

func (s *Server) periodForm(w http.ResponseWriter, r *http.Request) {
	if !account.Can(userOf(r), programme.Manage, account.None) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	info, err := s.app.Programme(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.period_new", map[string]any{"Info": info, "Kinds": programme.PeriodKinds})
	p.Form = url.Values{"kind": {"h1"}, "year": {strconv.Itoa(p.Today.Year)}}
	if pid := r.PathValue("pid"); pid != "" {
		x, ok := info.Period(pid)
		if !ok {
			s.fail(w, r, app.ErrNotFound)
			return
		}
		p.Title = "title.period_edit"
		p.Data.(map[string]any)["ID"] = pid
		p.Form = periodValues(x)
	}
	s.showPage(w, r, http.StatusOK, "programmes/period", p)
}

// periodValues is a stored period as its form's values.
func periodValues(x programme.Period) url.Values {
	v := url.Values{"kind": {string(x.Kind)}, "year": {strconv.Itoa(x.Year)}, "code": {x.Code}, "name": {x.Name},
		"start": {locale.Date(x.Start)}, "end": {locale.Date(x.End)}, "opens": {locale.Date(x.Opens)}, "deadline": {locale.Date(x.Deadline)},
		"version": {strconv.Itoa(x.Version)}}
	if x.Closed {
		v.Set("closed", "1")
	}
	return v
}

func (s *Server) savePeriod(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	var e valid.Errors
	x := programme.Period{ID: r.PathValue("pid"), ProgrammeID: r.PathValue("id"), Kind: programme.PeriodKind(f.Get("kind")),
		Year: formInt(f, "year", &e), Code: f.Get("code"), Name: f.Get("name"), Start: formDate(f, "start", &e), End: formDate(f, "end", &e),
		Opens: formDate(f, "opens", &e), Deadline: formDate(f, "deadline", &e), Closed: f.Get("closed") != "", Version: formInt(f, "version", &e)}
	// A standard period fills in its Decree 09/2019 cut-offs, code and name.
	if std := programme.NewPeriod(x.Kind, x.Year, 5); std.Code != "" {
		if x.Start.IsZero() && x.End.IsZero() {
			x.Start, x.End = std.Start, std.End
		}
		if strings.TrimSpace(x.Code) == "" {
			x.Code = std.Code
		}
		if strings.TrimSpace(x.Name) == "" {
			x.Name = std.Name
		}
		if x.Opens.IsZero() && !e.Has("opens") {
			x.Opens = std.Opens
		}
	}
	var err error = e.Err()
	if err == nil {
		_, err = s.app.SavePeriod(r.Context(), s.actor(r), x)
	} else {
		err = merge(e, x.Validate())
	}
	if errs, ok := problemsOf(err); ok {
		info, ierr := s.app.Programme(r.Context(), s.actor(r), x.ProgrammeID)
		if ierr == nil {
			errs, ierr = s.retyped(r, errs, func() (url.Values, error) {
				p, ok := info.Period(x.ID)
				if !ok {
					return nil, app.ErrNotFound
				}
				return periodValues(p), nil
			})
		}
		if ierr != nil {
			s.fail(w, r, ierr)
			return
		}
		title := formTitle("title.period", x.ID)
		s.showForm(w, r, "programmes/period", title, map[string]any{"Info": info, "Kinds": programme.PeriodKinds, "ID": x.ID}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+x.ProgrammeID+"#periods", "flash.saved")
}

// changeRatio reads the soft check's ratio; empty means the default.
func changeRatio(f url.Values, e *valid.Errors) float64 {
	if v := formFloat(f, "change_ratio", e); v != nil {
		if *v == 0 {
			e.Add("change_ratio", "err.prog.change_ratio") // 0 would silently mean the default
		}
		return *v
	}
	return 0
}
