package web

import (
	"errors"
	"net/http"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/proposal"
	"khcn/internal/valid"
)

func (s *Server) pastTasks(w http.ResponseWriter, r *http.Request) {
	s.showPastTasks(w, r, http.StatusOK, nil, nil)
}

func (s *Server) showPastTasks(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, problems []proposal.ImportProblem) {
	q := r.URL.Query().Get("q")
	list, total, err := s.app.PastTasks(r.Context(), s.actor(r), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var shown []pastProblem
	for _, pr := range problems {
		shown = append(shown, pastProblem{pr.Row, pr.Column, i18n.T(lang(r), pr.Key, pr.Args...)})
	}
	p := s.page(r, "title.past_tasks", map[string]any{"Tasks": list, "Total": total, "Problems": shown})
	p.Form.Set("q", q)
	p.Errors = errs
	s.showPage(w, r, status, "proposals/pasttasks", p)
}

// pastProblem is one translated problem of a past-task import, its
// arguments filled ("Mã số trùng với dòng 3").
type pastProblem struct {
	Row     int
	Column  string
	Message string
}

func (s *Server) importPastTasks(w http.ResponseWriter, r *http.Request) {
	var errs valid.Errors
	if err := parseMultipart(w, r, app.MaxFileSize+formLimit); err != nil {
		if !tooLarge(err, &errs, "file") {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		s.showPastTasks(w, r, http.StatusUnprocessableEntity, errs, nil)
		return
	}
	ups, err := uploads(r, "file")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var up Upload // none chosen: the use case says so, after checking who asks
	if len(ups) > 0 {
		up = ups[0]
	}
	// The file and its rows are checked at once; the rows are written in
	// the background, all or none, and the progress page shows the outcome.
	id, err := s.app.StartPastTaskImport(r.Context(), s.actor(r), up.Name, up.Data)
	var ie *app.ImportError
	switch {
	case errors.As(err, &ie):
		errs.Add("file", "err.import_problems", len(ie.Problems))
		s.showPastTasks(w, r, http.StatusUnprocessableEntity, errs, ie.Problems)
	case errors.As(err, &errs):
		s.showPastTasks(w, r, http.StatusUnprocessableEntity, errs, nil)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/imports/"+id, "")
	}
}

func (s *Server) publicCalls(w http.ResponseWriter, r *http.Request) {
	calls, err := s.app.PublicCalls(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "public/calls", "title.public_lists", calls)
}

func (s *Server) publicCall(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.PublicCall(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "public/call", list.Call.Title, list)
}
