package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/valid"
)

func inspectionRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /inspections", s.inspections)
	m.HandleFunc("GET /inspections/new", s.inspectionForm)
	m.HandleFunc("POST /inspections", s.saveInspection)
	m.HandleFunc("GET /inspections/{id}", s.inspection)
	m.HandleFunc("GET /inspections/{id}/edit", s.inspectionForm)
	m.HandleFunc("GET /inspections/{id}/minutes.docx", s.inspectionMinutes)
	m.HandleFunc("GET /inspections/{id}/notice.docx", s.inspectionNotice)
	m.HandleFunc("POST /inspections/{id}", s.saveInspection)
	m.HandleFunc("POST /inspections/{id}/convert", s.convertConclusions)
	m.HandleFunc("GET /conclusions", s.conclusions)
	m.HandleFunc("POST /conclusions/{id}/status", s.conclusionStatus)
}

func (s *Server) inspections(w http.ResponseWriter, r *http.Request) {
	list, units, err := s.app.Inspections(r.Context(), s.actor(r), r.URL.Query().Get("programme"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "inspections/list", "title.inspections", map[string]any{"List": list, "Units": units})
}

func (s *Server) inspection(w http.ResponseWriter, r *http.Request) {
	pg, err := s.app.Inspection(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "inspections/inspection", "title.inspection", pg)
}

// extraRows are blank rows added to the findings and conclusions lists so
// more can be typed without script.
const extraRows = 3

// inspectionData is what the form needs: programmes, periods, units.
func (s *Server) inspectionData(r *http.Request, id string, findings, conclusions int) (map[string]any, error) {
	ctx := r.Context()
	progs, err := s.app.Programmes(ctx, s.actor(r))
	if err != nil {
		return nil, err
	}
	var infos []app.ProgrammeInfo
	for _, p := range progs {
		info, err := s.app.Programme(ctx, s.actor(r), p.ID)
		if err != nil {
			return nil, err
		}
		infos = append(infos, info)
	}
	units, err := s.app.InspectableUnits(ctx, s.actor(r))
	if err != nil {
		return nil, err
	}
	return map[string]any{"ID": id, "Programmes": infos, "Units": units, "Findings": seqN(findings + extraRows),
		"Conclusions": seqN(conclusions + extraRows), "Statuses": programme.ConclusionStatuses}, nil
}

func seqN(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func (s *Server) inspectionForm(w http.ResponseWriter, r *http.Request) {
	if !account.Can(userOf(r), programme.InspectionManage, account.None) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	form := url.Values{"date": {locale.Date(locale.Today(s.app.Now()))}}
	var nf, nc int
	title := "title.inspection_new"
	if id := r.PathValue("id"); id != "" {
		pg, err := s.app.Inspection(r.Context(), s.actor(r), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		form, nf, nc = inspectionValues(pg.Inspection), len(pg.Inspection.Findings), len(pg.Inspection.Conclusions)
		title = "title.inspection_edit"
	} else {
		form.Set("unit_id", r.URL.Query().Get("unit"))
		form.Set("programme_id", r.URL.Query().Get("programme"))
	}
	data, err := s.inspectionData(r, r.PathValue("id"), nf, nc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, title, data)
	p.Form = form
	s.showPage(w, r, http.StatusOK, "inspections/form", p)
}

func inspectionValues(i programme.Inspection) url.Values {
	v := url.Values{"programme_id": {i.ProgrammeID}, "period_id": {i.PeriodID}, "unit_id": {i.UnitID}, "date": {locale.Date(i.Date)},
		"place": {i.Place}, "team": {i.Team}, "lead": {i.Lead}, "summary": {i.Summary}, "conclusion": {i.Conclusion},
		"minutes_no": {i.MinutesNo}, "notice_no": {i.NoticeNo}, "version": {strconv.Itoa(i.Version)}}
	for n, f := range i.Findings {
		k := "finding." + strconv.Itoa(n)
		v.Set(k+".area", f.Area)
		v.Set(k+".text", f.Text)
	}
	for n, c := range i.Conclusions {
		k := "conclusion." + strconv.Itoa(n)
		v.Set(k+".id", c.ID)
		v.Set(k+".text", c.Text)
		v.Set(k+".owner", c.OwnerUnitID)
		v.Set(k+".due", locale.Date(c.Due))
		v.Set(k+".status", string(c.Status))
	}
	return v
}

func (s *Server) saveInspection(w http.ResponseWriter, r *http.Request) {
	var errs valid.Errors
	if err := parseMultipart(w, r, 2*app.MaxFileSize+formLimit); err != nil {
		if !tooLarge(err, &errs, "minutes") {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
	}
	f := r.PostForm
	in := app.InspectionInput{Inspection: programme.Inspection{ID: r.PathValue("id"), ProgrammeID: f.Get("programme_id"),
		PeriodID: f.Get("period_id"), UnitID: f.Get("unit_id"), Date: formDate(f, "date", &errs), Place: f.Get("place"),
		Team: f.Get("team"), Lead: f.Get("lead"), Summary: strings.TrimSpace(f.Get("summary")), Conclusion: strings.TrimSpace(f.Get("conclusion")),
		MinutesNo: strings.TrimSpace(f.Get("minutes_no")), NoticeNo: strings.TrimSpace(f.Get("notice_no")), Version: formInt(f, "version", &errs)}}
	for n := 0; f.Has("finding." + strconv.Itoa(n) + ".text"); n++ {
		k := "finding." + strconv.Itoa(n)
		in.Inspection.Findings = append(in.Inspection.Findings, programme.Finding{Area: strings.TrimSpace(f.Get(k + ".area")), Text: strings.TrimSpace(f.Get(k + ".text"))})
	}
	for n := 0; f.Has("conclusion." + strconv.Itoa(n) + ".text"); n++ {
		k := "conclusion." + strconv.Itoa(n)
		in.Inspection.Conclusions = append(in.Inspection.Conclusions, programme.Conclusion{ID: f.Get(k + ".id"), Text: strings.TrimSpace(f.Get(k + ".text")),
			OwnerUnitID: f.Get(k + ".owner"), Due: formDate(f, k+".due", &errs), Status: programme.ConclusionStatus(f.Get(k + ".status"))})
	}
	for _, name := range []string{"minutes", "notice"} {
		ups, err := uploads(r, name)
		if err != nil {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		if len(ups) > 0 {
			up := app.Upload{Name: ups[0].Name, Data: ups[0].Data}
			if name == "minutes" {
				in.Minutes = up
			} else {
				in.Notice = up
			}
		}
	}
	var err error = errs.Err()
	id := in.Inspection.ID
	if err == nil {
		id, err = s.app.SaveInspection(r.Context(), s.actor(r), in)
	} else {
		err = merge(errs, in.Inspection.Validate())
	}
	if e, ok := problemsOf(err); ok {
		data, derr := s.inspectionData(r, in.Inspection.ID, len(in.Inspection.Findings), len(in.Inspection.Conclusions))
		if derr == nil {
			e, derr = s.retyped(r, e, func() (url.Values, error) {
				pg, err := s.app.Inspection(r.Context(), s.actor(r), in.Inspection.ID)
				return inspectionValues(pg.Inspection), err
			})
		}
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		title := formTitle("title.inspection", in.Inspection.ID)
		s.showForm(w, r, "inspections/form", title, data, e)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/inspections/"+id, "flash.saved")
}

func (s *Server) conclusions(w http.ResponseWriter, r *http.Request) {
	rows, err := s.app.Conclusions(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "inspections/conclusions", "title.conclusions", map[string]any{"Rows": rows, "Statuses": programme.ConclusionStatuses})
}

func (s *Server) conclusionStatus(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err := s.app.SetConclusionStatus(r.Context(), s.actor(r), r.PathValue("id"), version, programme.ConclusionStatus(r.PostForm.Get("status")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, localPath(r.PostForm.Get("back")), "flash.saved")
}

func (s *Server) inspectionMinutes(w http.ResponseWriter, r *http.Request) {
	s.sendDOCX(w, r, s.app.InspectionMinutesDOCX)
}

func (s *Server) inspectionNotice(w http.ResponseWriter, r *http.Request) {
	s.sendDOCX(w, r, s.app.InspectionNoticeDOCX)
}

// sendDOCX serves a generated official document.
func (s *Server) sendDOCX(w http.ResponseWriter, r *http.Request, gen func(context.Context, app.Actor, string) ([]byte, string, error)) {
	data, name, err := gen(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data, false)
}

// convertConclusions hands the open conclusions to the follow-ups area.
func (s *Server) convertConclusions(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.ConvertConclusions(r.Context(), s.actor(r), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/inspections/"+r.PathValue("id"), "flash.conclusions_converted")
}
