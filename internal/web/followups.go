package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/valid"
)

// followupsArea is the area's menu entries and routes, listed in areas.go.
func followupsArea() area {
	return area{
		name:  "followups",
		label: "nav.fu.actions",
		nav: []navEntry{
			{order: 41, label: "nav.fu.recommendations", href: "/recommendations", action: followup.RecommendationView},
			{order: 40, label: "nav.fu.actions", href: "/actions", action: followup.ActionView},
			{order: 97, label: "nav.fu.mail", href: "/admin/notifications", action: followup.NotifyAdmin, section: "admin"},
		},
		routes: func(s *Server, m *http.ServeMux) {
			m.HandleFunc("GET /actions", s.actionList)
			m.HandleFunc("GET /actions/new", s.actionNew)
			m.HandleFunc("POST /actions", s.actionCreate)
			m.HandleFunc("GET /actions/{id}", s.actionPage)
			m.HandleFunc("POST /actions/{id}", s.actionEdit)
			m.HandleFunc("POST /actions/{id}/progress", s.actionProgress)

			m.HandleFunc("GET /meetings", s.meetingList)
			m.HandleFunc("GET /meetings/new", s.meetingNew)
			m.HandleFunc("POST /meetings", s.meetingCreate)
			m.HandleFunc("GET /meetings/{id}", s.meetingPage)
			m.HandleFunc("GET /meetings/{id}/edit", s.meetingEditForm)
			m.HandleFunc("POST /meetings/{id}", s.meetingUpdate)
			m.HandleFunc("POST /meetings/{id}/units", s.meetingUnits)
			m.HandleFunc("POST /meetings/{id}/conclusions", s.meetingConclusionAdd)
			m.HandleFunc("POST /meetings/{id}/conclusions/{cid}", s.meetingConclusionEdit)
			m.HandleFunc("POST /meetings/{id}/scan", s.meetingScan)
			m.HandleFunc("POST /meetings/{id}/close", s.meetingClose)
			m.HandleFunc("GET /meetings/{id}/notice.docx", s.meetingNotice)

			m.HandleFunc("GET /recommendations", s.recList)
			m.HandleFunc("GET /recommendations/new", s.recNew)
			m.HandleFunc("POST /recommendations", s.recCreate)
			m.HandleFunc("GET /recommendations/{id}", s.recPage)
			m.HandleFunc("POST /recommendations/{id}/step/{to}", s.recStep)
			m.HandleFunc("POST /recommendations/{id}/convert/{target}", s.recConvert)

			m.HandleFunc("GET /trainings", s.trainingList)
			m.HandleFunc("GET /trainings/new", s.trainingNew)
			m.HandleFunc("POST /trainings", s.trainingCreate)
			m.HandleFunc("GET /trainings/{id}", s.trainingPage)
			m.HandleFunc("POST /trainings/{id}", s.trainingUpdate)

			m.HandleFunc("GET /admin/categories", s.categories)
			m.HandleFunc("POST /admin/categories", s.categorySave)
			m.HandleFunc("POST /admin/categories/{id}", s.categorySave)
			m.HandleFunc("GET /admin/notifications", s.mailAdmin)
			m.HandleFunc("POST /admin/notifications/requeue/{id}", s.mailRequeue)
			m.HandleFunc("POST /admin/notifications/timing/{source}", s.mailTiming)
			m.HandleFunc("POST /admin/notifications/test", s.mailTest)
		},
	}
}

// form reads typed values from a posted form, noting at each field what
// could not be read, so the page can say so next to it.
type form struct {
	r    *http.Request
	errs valid.Errors
}

func (f *form) str(name string) string { return strings.TrimSpace(f.r.PostForm.Get(name)) }

// text keeps line breaks but trims the ends.
func (f *form) text(name string) string {
	return strings.TrimSpace(strings.ReplaceAll(f.r.PostForm.Get(name), "\r\n", "\n"))
}

// date reads dd/mm/yyyy; empty is the zero date.
func (f *form) date(name string) civil.Date {
	v := f.str(name)
	if v == "" {
		return civil.Date{}
	}
	d, err := locale.ParseDate(v)
	if err != nil {
		f.errs.Add(name, "err.date_format")
	}
	return d
}

// whole reads a whole number written with or without thousand dots.
func (f *form) whole(name string) int {
	v := f.str(name)
	if v == "" {
		return 0
	}
	n, err := locale.ParseNumber(v)
	if err != nil || n != float64(int(n)) {
		f.errs.Add(name, "err.fu.whole_number")
		return 0
	}
	return int(n)
}

func (f *form) version() int {
	n, _ := strconv.Atoi(f.r.PostForm.Get("version"))
	return n
}

// files reads the uploads of a field as file inputs for a use case.
func (f *form) files(field string) []app.FileInput {
	ups, err := uploads(f.r, field)
	if err != nil {
		f.errs.Add(field, "err.file_empty")
	}
	var out []app.FileInput
	for _, u := range ups {
		out = append(out, app.FileInput{Name: u.Name, Data: u.Data, Field: field})
	}
	return out
}

// readFields parses a form (multipart when it has uploads) and reports a body
// too large at field.
func (s *Server) readFields(w http.ResponseWriter, r *http.Request, field string) (*form, bool) {
	f := &form{r: r}
	if err := parseMultipart(w, r, app.MaxFileSize*2+formLimit); err != nil {
		if r.PostForm == nil {
			r.PostForm = map[string][]string{}
		}
		if !tooLarge(err, &f.errs, field) {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return nil, false
		}
	}
	return f, true
}

// submit handles a form post: read takes the typed values (noting at each
// field what could not be read), save runs the use case and says where to
// go next. Problems go back to the form through again, with everything
// typed kept.
func submit[T any](s *Server, w http.ResponseWriter, r *http.Request, fileField string, read func(*form) T,
	save func(T) (string, error), flash string, again func(valid.Errors)) {
	f, ok := s.readFields(w, r, fileField)
	if !ok {
		return
	}
	in := read(f)
	if f.errs != nil {
		again(f.errs)
		return
	}
	to, err := save(in)
	s.outcome(w, r, err, to, flash, again)
}

// outcome handles what a form's use case returned: problems go back to the
// form with what was typed, a conflict is shown at the form, and success
// redirects with a flash message. again re-renders the form page.
func (s *Server) outcome(w http.ResponseWriter, r *http.Request, err error, to, flash string, again func(valid.Errors)) {
	var errs valid.Errors
	switch {
	case err == nil:
		s.redirect(w, r, to, flash)
	case errors.As(err, &errs):
		again(errs)
	case errors.Is(err, app.ErrConflict):
		again(conflictErrs())
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) today() civil.Date { return locale.Today(s.app.Now()) }

// may reports whether the user may do an action somewhere in their scope, to
// decide which forms a page offers (the use case checks the object itself).
func (s *Server) may(r *http.Request, a account.Action) bool {
	u := userOf(r)
	obj := account.None
	if u != nil {
		obj = account.Unit(u.ScopePath)
	}
	return account.Can(u, a, obj)
}

// showStored shows a form drawn from the stored record: as it is (200), or
// after a refused post with what was typed kept, merged with the stored
// record on a conflict (422).
func (s *Server) showStored(w http.ResponseWriter, r *http.Request, name string, p *Page, errs valid.Errors) {
	status := http.StatusOK
	if errs != nil {
		keepTyped(p, r, errs)
		status = http.StatusUnprocessableEntity
	}
	s.showPage(w, r, status, name, p)
}

// keepTyped lays what the user posted over a page's stored values when one
// of its forms comes back with problems, so nothing typed is lost; after a
// conflict, the two are merged (merge.go).
func keepTyped(p *Page, r *http.Request, errs valid.Errors) {
	if errs == nil {
		return
	}
	p.Form, p.Errors = editing(r, p.Form, errs)
}

// rekey renames the fields of validation problems, for pages that hold
// several forms with the same field names ("note" of each step).
func rekey(err error, name func(string) string) error {
	var ve valid.Errors
	if !errors.As(err, &ve) {
		return err
	}
	out := valid.Errors{}
	for k, p := range ve {
		if k != "form" {
			k = name(k)
		}
		out[k] = p
	}
	return out
}
