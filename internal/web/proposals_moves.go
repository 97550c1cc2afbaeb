package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/proposal"
	"khcn/internal/valid"
)

// decision reads an event with its reason and method from a form.
func decision(r *http.Request) proposal.Decision {
	f := r.PostForm
	return proposal.Decision{Event: proposal.Event(f.Get("event")), Reason: f.Get("reason"), Method: proposal.Method(f.Get("method"))}
}

// comments reads the per-field comments of a return: "comment.<field>".
func comments(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.PostForm {
		if field, ok := strings.CutPrefix(k, "comment."); ok && len(v) > 0 {
			out[field] = v[0]
		}
	}
	return out
}

func (s *Server) moveProposal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var errs valid.Errors
	if err := parseMultipart(w, r, app.MaxFileSize+formLimit); err != nil {
		if !tooLarge(err, &errs, "minutes") {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		s.showProposalErrors(w, r, errs)
		return
	}
	in := app.MoveInput{Decision: decision(r), Comments: comments(r)}
	in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	ups, err := uploads(r, "minutes")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(ups) > 0 {
		in.Minutes = &app.FileInput{Name: ups[0].Name, Data: ups[0].Data, Field: "minutes"}
	}
	err = s.app.MoveProposal(r.Context(), s.actor(r), id, in)
	var incomplete *app.IncompleteError
	switch {
	case errors.As(err, &incomplete):
		// Show the form with a message at each field, if the reader may edit.
		r.PostForm = nil
		s.showProposalFormOr(w, r, incomplete.Errors)
	case errors.As(err, &errs):
		s.showProposalErrors(w, r, errs)
	case errors.Is(err, app.ErrConflict):
		errs.Add("form", "err.conflict_reload")
		s.showProposalErrors(w, r, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/proposals/"+id, "flash.event."+string(in.Event))
	}
}

// showProposalFormOr shows the edit form with errs when the reader may edit
// the proposal now, or else its page.
func (s *Server) showProposalFormOr(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	if _, err := s.app.EditProposal(r.Context(), s.actor(r), r.PathValue("id")); err == nil {
		s.showProposalForm(w, r, errs, nil)
		return
	}
	errs.Add("form", "err.incomplete")
	s.showProposalErrors(w, r, errs)
}

// showProposalErrors shows the proposal's page with problems at the form
// that caused them.
func (s *Server) showProposalErrors(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	pg, err := s.app.Proposal(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showForm(w, r, "proposals/view", pg.Proposal.Title, pg, errs)
}

func (s *Server) setPending(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	id := r.PathValue("id")
	err := s.app.SetPending(r.Context(), s.actor(r), []string{id}, decision(r))
	var errs valid.Errors
	var batch *app.BatchError
	switch {
	case errors.As(err, &batch):
		errs.Add("pending", batch.Items[0].Problem.Key, batch.Items[0].Problem.Args...)
		s.showProposalErrors(w, r, errs)
	case errors.As(err, &errs):
		s.showProposalErrors(w, r, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/proposals/"+id, "flash.pending_saved")
	}
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	err := s.app.AddNote(r.Context(), s.actor(r), r.PathValue("id"), r.PostForm.Get("note"))
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		s.showProposalErrors(w, r, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/proposals/"+r.PathValue("id"), "flash.note_added")
	}
}

// batchAction runs a batch on the call's list; a refusal lists each
// proposal with its problem and nothing is applied.
func (s *Server) batchAction(w http.ResponseWriter, r *http.Request, flash string, do func() error) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	err := do()
	var errs valid.Errors
	var batch *app.BatchError
	switch {
	case errors.As(err, &batch):
		errs.Add("form", "err.batch_refused")
		s.callList(w, r, errs, batch.Items)
	case errors.As(err, &errs):
		s.callList(w, r, errs, nil)
	case err != nil:
		s.fail(w, r, err)
	default:
		back := "/calls/" + r.PathValue("id") + "/proposals"
		if q := r.PostForm.Get("back"); strings.HasPrefix(q, "?") {
			back += q
		}
		s.redirect(w, r, back, flash)
	}
}

func (s *Server) setPendingMany(w http.ResponseWriter, r *http.Request) {
	s.batchAction(w, r, "flash.pending_saved", func() error {
		return s.app.SetPending(r.Context(), s.actor(r), r.PostForm["ids"], decision(r))
	})
}

func (s *Server) applyPending(w http.ResponseWriter, r *http.Request) {
	s.batchAction(w, r, "flash.pending_applied", func() error {
		_, err := s.app.ApplyPending(r.Context(), s.actor(r), r.PathValue("id"), r.PostForm["ids"])
		return err
	})
}
