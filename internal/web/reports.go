package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/valid"
)

func reportRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /reports", s.worklist)
	m.HandleFunc("GET /reports/{period}/{unit}", s.report)
	m.HandleFunc("POST /reports/{period}/{unit}", s.saveReport)
	m.HandleFunc("POST /reports/{period}/{unit}/step", s.reportStep)
	m.HandleFunc("GET /reports/{period}/{unit}/template.xlsx", s.reportXLSX)
	m.HandleFunc("POST /reports/{period}/{unit}/upload", s.uploadReport)
	m.HandleFunc("GET /programmes/{id}/periods/{pid}/completeness", s.completeness)
	m.HandleFunc("POST /programmes/{id}/periods/{pid}/exceptions", s.grantException)
	m.HandleFunc("POST /exceptions/{xid}/revoke", s.revokeException)
}

func (s *Server) worklist(w http.ResponseWriter, r *http.Request) {
	wl, err := s.app.Worklist(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "reports/list", "title.reports", wl)
}

// reportPage is the report page's data: the report and, after a failed
// upload, the problems found in the file.
type reportPage struct {
	app.ReportPage
	Problems []app.UploadProblem
	Uploaded bool
}

// SectionKeys are the headings of the narrative sections I–V.
func (reportPage) SectionKeys() [5]string { return programme.SectionKeys }

// Registered is what an indicator's registry counts for this report, or ""
// when the indicator is not kept in one.
func (p reportPage) Registered(code string) string {
	n, ok := p.Counts[code]
	if !ok {
		return ""
	}
	return programme.Format(programme.Number, programme.NumValue(n))
}

// registryPages are where each registry's records are listed.
var registryPages = map[string]string{
	programme.RegistryTrainings:      "/trainings?kind=training&status=held",
	programme.RegistryTrainingPeople: "/trainings?kind=training&status=held",
	programme.RegistryCommunication:  "/trainings?kind=communication&status=held",
	programme.RegistryIPGranted:      "/ocop/ip",
	programme.RegistryOcopRated:      "/ocop/products",
}

// RegistryLink opens an indicator's registry; the training registries open
// narrowed to the report's unit and the span that was counted.
func (p reportPage) RegistryLink(ind programme.Indicator) string {
	link := registryPages[ind.Registry]
	if !strings.HasPrefix(link, "/trainings") {
		return link
	}
	from, to := programme.RegistrySpan(ind, p.Info.Programme, p.Period)
	return link + "&" + url.Values{"unit": {p.Unit.ID}, "from": {locale.Date(from)}, "to": {locale.Date(to)}}.Encode()
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	pg, err := s.app.ReportView(r.Context(), s.actor(r), r.PathValue("period"), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.report", reportPage{ReportPage: pg})
	p.Form = reportValues(pg)
	s.showPage(w, r, http.StatusOK, "reports/report", p)
}

// reportValues fills the form from what is stored.
func reportValues(pg app.ReportPage) url.Values {
	v := url.Values{"version": {strconv.Itoa(pg.Report.Version)}}
	for _, ind := range pg.Indicators {
		if sv, ok := pg.Values[ind.ID]; ok {
			v.Set(programme.Field(ind.Code), programme.Format(ind.Type, sv.Value))
			v.Set(programme.CommentField(ind.Code), sv.Comment)
		}
	}
	for i, sec := range pg.Report.Sections {
		v.Set("section"+strconv.Itoa(i+1), sec)
	}
	return v
}

// showReport re-renders the report page with what was posted and the
// problems, so nothing typed is lost.
func (s *Server) showReport(w http.ResponseWriter, r *http.Request, errs valid.Errors, probs []app.UploadProblem) {
	pg, err := s.app.ReportView(r.Context(), s.actor(r), r.PathValue("period"), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.report", reportPage{ReportPage: pg, Problems: probs, Uploaded: probs != nil})
	if r.PostForm != nil && r.PostForm.Has("version") {
		errs, _ = s.retyped(r, errs, func() (url.Values, error) { return reportValues(pg), nil })
		p.Form = r.PostForm
	} else {
		p.Form = reportValues(pg)
		errs = unmerged(errs)
	}
	p.Errors = errs
	s.showPage(w, r, http.StatusUnprocessableEntity, "reports/report", p)
}

func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) {
	var errs valid.Errors
	if err := parseMultipart(w, r, 5*app.MaxFileSize+formLimit); err != nil {
		if tooLarge(err, &errs, "form") {
			s.showReport(w, r, errs, nil)
			return
		}
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	f := r.PostForm
	in := app.ReportInput{PeriodID: r.PathValue("period"), UnitID: r.PathValue("unit"), Entries: map[string]programme.Entry{},
		Evidence: map[string]app.Upload{}, DropEvidence: map[string]bool{}}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	for k, v := range f {
		code, ok := strings.CutPrefix(k, "v.")
		if !ok {
			continue
		}
		switch {
		case strings.HasSuffix(code, ".c"):
			c := strings.TrimSuffix(code, ".c")
			e := in.Entries[c]
			e.Comment = first(v)
			in.Entries[c] = e
		case strings.HasSuffix(code, ".drop"):
			in.DropEvidence[strings.TrimSuffix(code, ".drop")] = true
		default:
			e := in.Entries[code]
			e.Raw = first(v)
			in.Entries[code] = e
		}
	}
	if r.MultipartForm != nil {
		for field := range r.MultipartForm.File {
			code, ok := strings.CutPrefix(field, "v.")
			if !ok || !strings.HasSuffix(code, ".f") {
				continue
			}
			ups, err := uploads(r, field)
			if err != nil {
				s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
				return
			}
			if len(ups) > 0 {
				in.Evidence[strings.TrimSuffix(code, ".f")] = app.Upload{Name: ups[0].Name, Data: ups[0].Data}
			}
		}
	}
	for i := range in.Sections {
		in.Sections[i] = f.Get("section" + strconv.Itoa(i+1))
	}
	err := s.app.SaveReport(r.Context(), s.actor(r), in)
	if errs, ok := problemsOf(err); ok {
		s.showReport(w, r, errs, nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, app.ReportLink(in.PeriodID, in.UnitID), "flash.report_saved")
}

func (s *Server) reportStep(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	pg, err := s.app.ReportView(r.Context(), s.actor(r), r.PathValue("period"), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	step := programme.Step(f.Get("step"))
	err = s.app.ReportStep(r.Context(), s.actor(r), app.StepInput{ReportID: pg.Report.ID, Version: version, Step: step, Reason: f.Get("reason")})
	if errs, ok := problemsOf(err); ok {
		if len(errs) > 0 && !errs.Has("form") && !errs.Has("reason") {
			errs.Add("form", "err.report.cannot_send")
		}
		// Show the stored values with the problems, not the step's form.
		r.PostForm = url.Values{"reason": {f.Get("reason")}, "step": {string(step)}}
		s.showReport(w, r, errs, nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, app.ReportLink(pg.Period.ID, pg.Unit.ID), "flash.report_"+string(step))
}

func (s *Server) reportXLSX(w http.ResponseWriter, r *http.Request) {
	data, name, err := s.app.ReportWorkbook(r.Context(), s.actor(r), r.PathValue("period"), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, false)
}

func (s *Server) uploadReport(w http.ResponseWriter, r *http.Request) {
	var errs valid.Errors
	if err := parseMultipart(w, r, app.MaxFileSize+formLimit); err != nil {
		if tooLarge(err, &errs, "file") {
			s.showReport(w, r, errs, nil)
			return
		}
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	ups, err := uploads(r, "file")
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	var up app.Upload
	if len(ups) > 0 {
		up = app.Upload{Name: ups[0].Name, Data: ups[0].Data}
	}
	err = s.app.UploadReport(r.Context(), s.actor(r), r.PathValue("period"), r.PathValue("unit"), up)
	var ue app.UploadError
	if errors.As(err, &ue) {
		errs.Add("file", "err.xlsx.has_problems", len(ue.Problems))
		r.PostForm = nil
		s.showReport(w, r, errs, ue.Problems)
		return
	}
	if errs, ok := problemsOf(err); ok {
		r.PostForm = nil
		s.showReport(w, r, errs, nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, app.ReportLink(r.PathValue("period"), r.PathValue("unit")), "flash.report_uploaded")
}

func (s *Server) completeness(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Completeness(r.Context(), s.actor(r), r.PathValue("pid"))
	if err == nil && c.Info.Programme.ID != r.PathValue("id") {
		err = app.ErrNotFound
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "reports/completeness", "title.completeness", c)
}

func (s *Server) grantException(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	var e valid.Errors
	until := formDate(f, "until", &e)
	var err error = e.Err()
	if err == nil {
		err = s.app.GrantException(r.Context(), s.actor(r), r.PathValue("pid"), f.Get("unit"), until, f.Get("reason"))
	}
	if errs, ok := problemsOf(err); ok {
		c, cerr := s.app.Completeness(r.Context(), s.actor(r), r.PathValue("pid"))
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		s.showForm(w, r, "reports/completeness", "title.completeness", c, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+r.PathValue("id")+"/periods/"+r.PathValue("pid")+"/completeness", "flash.exception_granted")
}

func (s *Server) revokeException(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	if err := s.app.RevokeException(r.Context(), s.actor(r), r.PathValue("xid")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, localPath(r.PostForm.Get("back")), "flash.exception_revoked")
}
