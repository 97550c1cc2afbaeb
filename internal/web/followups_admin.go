package web

import (
	"net/http"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/followup"
	"khcn/internal/notify"
	"khcn/internal/valid"
)

func (s *Server) categories(w http.ResponseWriter, r *http.Request) {
	s.showCategories(w, r, http.StatusOK, nil)
}

func (s *Server) showCategories(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	if !s.may(r, followup.CategoryManage) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	cats, err := s.app.Categories(r.Context(), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.categories", cats)
	for _, c := range cats {
		p.Form.Set("position_"+c.ID, strconv.Itoa(c.Position))
		p.Form.Set("name_vi_"+c.ID, c.NameVI)
		p.Form.Set("name_en_"+c.ID, c.NameEN)
		if c.Active {
			p.Form.Set("active_"+c.ID, "1")
		}
	}
	keepTyped(p, r, errs)
	s.showPage(w, r, status, "followups/categories", p)
}

// categorySave adds a category (no id) or saves one row of the list.
func (s *Server) categorySave(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	suffix := func(k string) string {
		if id == "" {
			return k
		}
		return k + "_" + id
	}
	submit(s, w, r, "form", func(f *form) followup.Category {
		return followup.Category{ID: id, NameVI: f.str(suffix("name_vi")), NameEN: f.str(suffix("name_en")), Position: f.whole(suffix("position")),
			Active: f.str(suffix("active")) != "", Version: f.version()}
	}, func(c followup.Category) (string, error) {
		return "/admin/categories", rekey(s.app.SaveCategory(r.Context(), s.actor(r), c), suffix)
	}, "flash.saved", func(errs valid.Errors) { s.showCategories(w, r, http.StatusUnprocessableEntity, errs) })
}

func (s *Server) mailAdmin(w http.ResponseWriter, r *http.Request) {
	s.showMailAdmin(w, r, http.StatusOK, nil)
}

func (s *Server) showMailAdmin(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	st, err := s.app.MailStatus(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.mail", st)
	for _, t := range st.Timings {
		n := t.Source.Name
		p.Form.Set("before_days_"+n, strconv.Itoa(t.BeforeDays))
		p.Form.Set("escalate_days_"+n, strconv.Itoa(t.EscalateDays))
		if t.Enabled {
			p.Form.Set("enabled_"+n, "1")
		}
	}
	keepTyped(p, r, errs)
	s.showPage(w, r, status, "followups/mail", p)
}

func (s *Server) mailRequeue(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RequeueEmail(r.Context(), s.actor(r), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/notifications", "flash.fu.requeued")
}

func (s *Server) mailTiming(w http.ResponseWriter, r *http.Request) {
	src := r.PathValue("source")
	suffix := func(k string) string { return k + "_" + src }
	type timing struct {
		t       notify.Timing
		version int
	}
	submit(s, w, r, "form", func(f *form) timing {
		return timing{notify.Timing{BeforeDays: f.whole(suffix("before_days")), EscalateDays: f.whole(suffix("escalate_days")),
			Enabled: f.str(suffix("enabled")) != ""}, f.version()}
	}, func(in timing) (string, error) {
		return "/admin/notifications", rekey(s.app.SaveReminderTiming(r.Context(), s.actor(r), src, in.t, in.version), suffix)
	}, "flash.saved", func(errs valid.Errors) { s.showMailAdmin(w, r, http.StatusUnprocessableEntity, errs) })
}

func (s *Server) mailTest(w http.ResponseWriter, r *http.Request) {
	if err := s.app.SendTestEmail(r.Context(), s.actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/notifications", "flash.fu.test_sent")
}
