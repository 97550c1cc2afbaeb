package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/valid"
)

// proposalsArea is the area's menu entries and routes, listed in areas.go.
func proposalsArea() area {
	return area{
		name:  "proposals",
		label: "nav.section.tasks",
		tabs:  true,
		nav: []navEntry{
			{order: 10, label: "nav.calls", href: "/calls", action: proposal.CallView},
			{order: 11, label: "nav.proposals", href: "/proposals", action: proposal.CallView},
			{order: 12, label: "nav.past_tasks", href: "/past-tasks", action: proposal.PastTaskView},
			{order: 13, label: "nav.public_lists", href: "/public/calls", action: proposal.PublicList},
		},
		routes: proposalRoutes,
	}
}

func proposalRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /calls", s.calls)
	m.HandleFunc("GET /calls/new", s.newCall)
	m.HandleFunc("POST /calls", s.createCall)
	m.HandleFunc("GET /calls/rules", s.ruleSets)
	m.HandleFunc("POST /calls/rules", s.addRuleSet)
	m.HandleFunc("GET /calls/{id}", s.call)
	m.HandleFunc("GET /calls/{id}/edit", s.editCall)
	m.HandleFunc("POST /calls/{id}", s.updateCall)
	m.HandleFunc("POST /calls/{id}/open", s.openCall)
	m.HandleFunc("POST /calls/{id}/extensions", s.grantExtension)
	m.HandleFunc("POST /calls/{id}/files", s.attachCallFile)
	m.HandleFunc("POST /calls/{id}/files/{file}/delete", s.removeCallFile)
	m.HandleFunc("POST /calls/{id}/publish", s.publishCall)
	m.HandleFunc("GET /calls/{id}/proposals", s.callProposals)
	m.HandleFunc("POST /calls/{id}/pending", s.setPendingMany)
	m.HandleFunc("POST /calls/{id}/apply", s.applyPending)
	m.HandleFunc("GET /calls/{id}/similarity", s.similarityReport)
	m.HandleFunc("GET /calls/{id}/similar", s.similarFragment)
	m.HandleFunc("GET /calls/{id}/proposals/new", s.newProposal)
	m.HandleFunc("POST /calls/{id}/proposals", s.createProposal)
	m.HandleFunc("GET /calls/{id}/export/{doc}", s.exportCall)

	m.HandleFunc("GET /proposals", s.proposals)
	m.HandleFunc("GET /proposals/{id}", s.proposal)
	m.HandleFunc("GET /proposals/{id}/edit", s.editProposal)
	m.HandleFunc("POST /proposals/{id}/edit", s.saveProposal)
	m.HandleFunc("POST /proposals/{id}/autosave", s.autosaveProposal)
	m.HandleFunc("POST /proposals/{id}/move", s.moveProposal)
	m.HandleFunc("POST /proposals/{id}/pending", s.setPending)
	m.HandleFunc("POST /proposals/{id}/notes", s.addNote)
	m.HandleFunc("GET /proposals/{id}/versions", s.compareVersions)
	m.HandleFunc("GET /proposals/{id}/print.docx", s.printProposal("docx"))
	m.HandleFunc("GET /proposals/{id}/print.pdf", s.printProposal("pdf"))

	m.HandleFunc("GET /past-tasks", s.pastTasks)
	m.HandleFunc("POST /past-tasks/import", s.importPastTasks)

	m.HandleFunc("GET /public/calls", s.publicCalls)
	m.HandleFunc("GET /public/calls/{id}", s.publicCall)
	m.HandleFunc("GET /public/calls/{id}/{doc}", s.publicApproved)
}

func (s *Server) calls(w http.ResponseWriter, r *http.Request) {
	rows, err := s.app.Calls(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "calls/list", "title.calls", map[string]any{"Calls": rows, "Today": locale.Today(s.app.Now())})
}

// callFormData is what the call form needs besides the values.
func (s *Server) callFormData(r *http.Request, c *proposal.Call) (map[string]any, error) {
	actor := s.actor(r)
	rules, err := s.app.RuleSets(r.Context(), actor)
	if err != nil {
		return nil, err
	}
	units, err := s.app.CallUnitChoices(r.Context(), actor, locale.Today(s.app.Now()))
	if err != nil {
		return nil, err
	}
	programmes, err := s.app.ProgrammeChoices(r.Context(), actor)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"RuleSets": rules, "Units": units, "Phases": proposal.Phases, "Programmes": programmes}
	if c != nil {
		data["Call"] = *c
		if c.Opened() {
			if data["Units"], err = s.app.CallUnitChoices(r.Context(), actor, c.Schedule.Start); err != nil {
				return nil, err
			}
		}
	}
	return data, nil
}

func (s *Server) newCall(w http.ResponseWriter, r *http.Request) {
	data, err := s.callFormData(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.call_new", data)
	today := locale.Today(s.app.Now())
	p.Form.Set("plan_year", strconv.Itoa(today.Year+1))
	p.Form.Set("rules", "HN-ĐX")
	p.Form.Set("unit_scope", app.ScopeCommunes)
	p.Form.Set("start", locale.Date(today))
	for i, ph := range proposal.Phases {
		p.Form.Set(proposal.EndField(ph), locale.Date(today.AddDays(30*(i+1))))
	}
	s.showPage(w, r, http.StatusOK, "calls/form", p)
}

func callInput(f url.Values) app.CallInput {
	in := app.CallInput{PlanYear: f.Get("plan_year"), Title: f.Get("title"), Guidance: f.Get("guidance"), RuleCode: f.Get("rules"),
		Start: f.Get("start"), Areas: f.Get("areas"), Programmes: f["programmes"], UnitScope: f.Get("unit_scope"),
		UnitIDs: f["units"], DecisionRef: f.Get("decision_ref"), KeepDates: f.Get("keep_dates") != ""}
	for i, p := range proposal.Phases {
		in.Ends[i] = f.Get(proposal.EndField(p))
	}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	return in
}

func (s *Server) createCall(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	id, err := s.app.CreateCall(r.Context(), s.actor(r), callInput(r.PostForm))
	if s.callFormFailed(w, r, err, nil) {
		return
	}
	s.redirect(w, r, "/calls/"+id, "flash.call_created")
}

// callFormFailed shows the call form again for validation errors and
// conflicts; it reports whether it handled err.
func (s *Server) callFormFailed(w http.ResponseWriter, r *http.Request, err error, c *proposal.Call) bool {
	if err == nil {
		return false
	}
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
	case errors.Is(err, app.ErrConflict) && c != nil:
		errs, _ = s.retyped(r, conflictErrs(), func() (url.Values, error) {
			theirs := url.Values{}
			fillCallForm(theirs, *c)
			return theirs, nil
		})
	default:
		s.fail(w, r, err)
		return true
	}
	data, derr := s.callFormData(r, c)
	if derr != nil {
		s.fail(w, r, derr)
		return true
	}
	s.showForm(w, r, "calls/form", "title.call_new", data, errs)
	return true
}

func (s *Server) call(w http.ResponseWriter, r *http.Request) {
	pg, err := s.app.Call(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "calls/call", pg.Call.Title, pg)
}

func (s *Server) editCall(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.CallForm(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.callFormData(r, &c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.call_edit", data)
	fillCallForm(p.Form, c)
	s.showPage(w, r, http.StatusOK, "calls/form", p)
}

func fillCallForm(f url.Values, c proposal.Call) {
	f.Set("plan_year", strconv.Itoa(c.PlanYear))
	f.Set("title", c.Title)
	f.Set("guidance", c.Guidance)
	f.Set("rules", c.Rules.Code)
	f.Set("start", locale.Date(c.Schedule.Start))
	for i, p := range proposal.Phases {
		f.Set(proposal.EndField(p), locale.Date(c.Schedule.Ends[i]))
	}
	var areas string
	for _, a := range c.Areas {
		areas += a.Name + "\n"
	}
	f.Set("areas", areas)
	f["programmes"] = nil
	for _, p := range c.Programmes {
		f.Add("programmes", p.ID)
	}
	f.Set("unit_scope", app.ScopePick)
	f["units"] = c.UnitIDs
	f.Set("decision_ref", c.DecisionRef)
	f.Set("version", strconv.Itoa(c.Version))
}

func (s *Server) updateCall(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	id := r.PathValue("id")
	err := s.app.UpdateCall(r.Context(), s.actor(r), id, callInput(r.PostForm))
	if err != nil {
		c, cerr := s.app.CallForm(r.Context(), s.actor(r), id)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		s.callFormFailed(w, r, err, &c)
		return
	}
	s.redirect(w, r, "/calls/"+id, "flash.saved")
}

// callAction runs a POST on a call page and comes back to it; problems are
// shown on the call page at their fields.
func (s *Server) callAction(w http.ResponseWriter, r *http.Request, flash string, do func(f url.Values) error) {
	if err := parseMultipart(w, r, app.MaxFileSize+formLimit); err != nil {
		var errs valid.Errors
		if tooLarge(err, &errs, "file") {
			s.showCallErrors(w, r, errs)
			return
		}
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	err := do(r.PostForm)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		s.showCallErrors(w, r, errs)
	case errors.Is(err, app.ErrConflict):
		errs.Add("form", "err.conflict_reload")
		s.showCallErrors(w, r, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/calls/"+r.PathValue("id"), flash)
	}
}

func (s *Server) showCallErrors(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	pg, err := s.app.Call(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showForm(w, r, "calls/call", pg.Call.Title, pg, errs)
}

func (s *Server) openCall(w http.ResponseWriter, r *http.Request) {
	s.callAction(w, r, "flash.call_opened", func(f url.Values) error {
		v, _ := strconv.Atoi(f.Get("version"))
		return s.app.OpenCall(r.Context(), s.actor(r), r.PathValue("id"), v)
	})
}

func (s *Server) grantExtension(w http.ResponseWriter, r *http.Request) {
	s.callAction(w, r, "flash.extension_granted", func(f url.Values) error {
		return s.app.GrantExtension(r.Context(), s.actor(r), r.PathValue("id"), f.Get("unit_id"), f.Get("until"), f.Get("reason"))
	})
}

func (s *Server) attachCallFile(w http.ResponseWriter, r *http.Request) {
	s.callAction(w, r, "flash.file_added", func(f url.Values) error {
		files, err := uploads(r, "file")
		if err != nil {
			return err
		}
		if len(files) == 0 {
			var e valid.Errors
			e.Add("file", "err.file_empty")
			return e
		}
		return s.app.AttachCallFile(r.Context(), s.actor(r), r.PathValue("id"),
			app.FileInput{Name: files[0].Name, Data: files[0].Data, Field: "file"})
	})
}

func (s *Server) removeCallFile(w http.ResponseWriter, r *http.Request) {
	s.callAction(w, r, "flash.saved", func(url.Values) error {
		return s.app.RemoveCallFile(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("file"))
	})
}

func (s *Server) publishCall(w http.ResponseWriter, r *http.Request) {
	s.callAction(w, r, "flash.call_published", func(f url.Values) error {
		v, _ := strconv.Atoi(f.Get("version"))
		_, err := s.app.PublishCallClosing(r.Context(), s.actor(r), r.PathValue("id"), f.Get("decision_ref"), v, f.Get("close_window") != "")
		return err
	})
}

func (s *Server) ruleSets(w http.ResponseWriter, r *http.Request) {
	rules, err := s.app.RuleSets(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.rule_sets", rules)
	if len(rules) > 0 {
		p.Form.Set("body", rules[0].JSON())
	}
	s.showPage(w, r, http.StatusOK, "calls/rules", p)
}

func (s *Server) addRuleSet(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	_, err := s.app.AddRuleSet(r.Context(), s.actor(r), r.PostForm.Get("body"))
	var errs valid.Errors
	if errors.As(err, &errs) {
		rules, rerr := s.app.RuleSets(r.Context(), s.actor(r))
		if rerr != nil {
			s.fail(w, r, rerr)
			return
		}
		s.showForm(w, r, "calls/rules", "title.rule_sets", rules, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/calls/rules", "flash.rule_set_added")
}

func (s *Server) similarityReport(w http.ResponseWriter, r *http.Request) {
	threshold := app.ReportThreshold
	if v, err := locale.ParseNumber(r.URL.Query().Get("min")); err == nil && v > 0 && v <= 1 {
		threshold = v
	}
	id := r.PathValue("id")
	groups, err := s.app.SimilarityReport(r.Context(), s.actor(r), id, threshold)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.Call(r.Context(), s.actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.similarity", map[string]any{"Call": pg.Call, "Groups": groups, "Threshold": threshold})
	p.Form.Set("min", locale.Decimal(threshold, 2))
	s.showPage(w, r, http.StatusOK, "calls/similarity", p)
}

// similarFragment answers the proposal form while the officer types: a
// piece of HTML the page puts in its "similar" panel.
func (s *Server) similarFragment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	items, err := s.app.SimilarTo(r.Context(), s.actor(r), r.PathValue("id"), q.Get("title"), q.Get("objectives"), q.Get("except"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "", items)
	if err := s.rd.renderPart(w, "proposals/form", "similarfrag", p); err != nil {
		s.serverError(w, r, err)
	}
}
