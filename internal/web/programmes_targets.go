package web

import (
	"net/http"
	"net/url"

	"khcn/internal/app"
	"khcn/internal/programme"
	"khcn/internal/valid"
)

func targetRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /programmes/{id}/targets", s.targets)
	m.HandleFunc("POST /programmes/{id}/targets", s.saveTargets)
	m.HandleFunc("GET /programmes/{id}/targets.xlsx", s.targetsXLSX)
	m.HandleFunc("POST /programmes/{id}/targets/import", s.importTargets)
	m.HandleFunc("GET /imports/{id}", s.importJob)
}

// targets shows the baselines and targets of one unit for one period.
func (s *Server) targets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	g, err := s.targetGrid(r, q.Get("period"), q.Get("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.targets", g)
	p.Form = targetValues(g)
	s.showPage(w, r, http.StatusOK, "programmes/targets", p)
}

func (s *Server) targetGrid(r *http.Request, periodID, unitID string) (app.TargetGrid, error) {
	if periodID == "" {
		info, err := s.app.Programme(r.Context(), s.actor(r), r.PathValue("id"))
		if err != nil {
			return app.TargetGrid{}, err
		}
		if len(info.Periods) == 0 {
			return app.TargetGrid{}, app.ErrNotFound
		}
		periodID = info.Periods[len(info.Periods)-1].ID
	}
	g, err := s.app.TargetGrid(r.Context(), s.actor(r), periodID, unitID)
	if err == nil && g.Info.Programme.ID != r.PathValue("id") {
		err = app.ErrNotFound
	}
	return g, err
}

func targetValues(g app.TargetGrid) url.Values {
	v := url.Values{"stamp": {g.Stamp}, "period": {g.Period.ID}, "unit": {g.Unit.ID}}
	for _, ind := range g.Indicators {
		t := g.Targets[ind.ID]
		v.Set("b."+ind.Code, programme.Format(ind.Type, t.Baseline))
		v.Set("t."+ind.Code, programme.Format(ind.Type, t.Target))
	}
	return v
}

func (s *Server) saveTargets(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	in := app.TargetsInput{PeriodID: f.Get("period"), UnitID: f.Get("unit"), Stamp: f.Get("stamp"), Baseline: map[string]string{}, Target: map[string]string{}}
	for k, v := range f {
		switch {
		case len(k) > 2 && k[:2] == "b.":
			in.Baseline[k[2:]] = first(v)
		case len(k) > 2 && k[:2] == "t.":
			in.Target[k[2:]] = first(v)
		}
	}
	err := s.app.SaveTargets(r.Context(), s.actor(r), in)
	if errs, ok := problemsOf(err); ok {
		g, gerr := s.targetGrid(r, in.PeriodID, in.UnitID)
		if gerr == nil {
			errs, gerr = s.retyped(r, errs, func() (url.Values, error) { return targetValues(g), nil })
		}
		if gerr != nil {
			s.fail(w, r, gerr)
			return
		}
		s.showForm(w, r, "programmes/targets", "title.targets", g, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+r.PathValue("id")+"/targets?period="+url.QueryEscape(in.PeriodID)+"&unit="+url.QueryEscape(in.UnitID), "flash.saved")
}

func (s *Server) targetsXLSX(w http.ResponseWriter, r *http.Request) {
	if _, err := s.targetGrid(r, r.URL.Query().Get("period"), ""); err != nil {
		s.fail(w, r, err)
		return
	}
	data, name, err := s.app.TargetsWorkbook(r.Context(), s.actor(r), r.URL.Query().Get("period"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, false)
}

func (s *Server) importTargets(w http.ResponseWriter, r *http.Request) {
	var errs valid.Errors
	err := parseMultipart(w, r, app.MaxFileSize+formLimit)
	if err != nil && !tooLarge(err, &errs, "file") {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	periodID := r.PostForm.Get("period")
	if errs == nil {
		ups, uerr := uploads(r, "file")
		if uerr != nil {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		var up app.Upload
		if len(ups) > 0 {
			up = app.Upload{Name: ups[0].Name, Data: ups[0].Data}
		}
		var jobID string
		jobID, err = s.app.StartTargetImport(r.Context(), s.actor(r), periodID, up)
		if err == nil {
			s.redirect(w, r, "/imports/"+jobID, "")
			return
		}
		var ok bool
		if errs, ok = problemsOf(err); !ok {
			s.fail(w, r, err)
			return
		}
	}
	g, gerr := s.targetGrid(r, periodID, "")
	if gerr != nil {
		s.fail(w, r, gerr)
		return
	}
	p := s.page(r, "title.targets", g)
	p.Form = targetValues(g)
	p.Errors = errs
	s.showPage(w, r, http.StatusUnprocessableEntity, "programmes/targets", p)
}

// importJob shows an import's progress; while it runs the page refreshes
// itself every second (a meta refresh, no script needed).
func (s *Server) importJob(w http.ResponseWriter, r *http.Request) {
	job, err := s.app.ImportJob(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pct := 0
	if job.Total > 0 {
		pct = job.Done * 100 / job.Total
	}
	back := ""
	backLabel, title := "import.back", "title.import"
	if job.Kind == "ocop" {
		back, backLabel, title = "/ocop/import", "ocop.import.back", "ocop.title.import"
	}
	if job.Kind == app.PastTaskImportKind {
		back, backLabel, title = "/past-tasks", "pasttask.import.back", "pasttask.title.import"
	}
	if job.Kind == "targets" {
		if pd, err := s.app.PeriodProgramme(r.Context(), s.actor(r), job.OwnerID); err == nil {
			back = "/programmes/" + pd + "/targets?period=" + url.QueryEscape(job.OwnerID)
		}
	}
	s.show(w, r, "programmes/import", title, map[string]any{"Title": title, "Job": job, "Pct": pct, "Back": back, "BackLabel": backLabel, "Running": job.Status == "running" || job.Status == "queued"})
}
