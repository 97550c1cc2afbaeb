package web

import (
	"errors"
	"net/http"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/valid"
)

func (s *Server) usersData(r *http.Request) (map[string]any, error) {
	users, err := s.app.Users(r.Context(), s.actor(r))
	if err != nil {
		return nil, err
	}
	units, err := s.app.CurrentUnits(r.Context(), locale.Today(s.app.Now()))
	if err != nil {
		return nil, err
	}
	return map[string]any{"Users": users, "Units": units, "Roles": account.Roles}, nil
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	data, err := s.usersData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "admin/users", "title.users", data)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	f := r.PostForm
	_, err := s.app.CreateUser(r.Context(), s.actor(r), app.UserInput{Login: f.Get("login"), Name: f.Get("name"),
		Email: f.Get("email"), Phone: f.Get("phone"), Title: f.Get("title"), Role: account.Role(f.Get("role")),
		UnitID: f.Get("unit_id"), Password: f.Get("password")})
	var errs valid.Errors
	if errors.As(err, &errs) {
		data, derr := s.usersData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		f.Del("password")
		s.showForm(w, r, "admin/users", "title.users", data, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/users", "flash.user_created")
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, true) }
func (s *Server) enableUser(w http.ResponseWriter, r *http.Request)  { s.setDisabled(w, r, false) }

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	if err := s.app.SetUserDisabled(r.Context(), s.actor(r), r.PathValue("id"), disabled); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/users", "flash.saved")
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	err := s.app.ResetPassword(r.Context(), s.actor(r), r.PathValue("id"), r.PostForm.Get("password"))
	var errs valid.Errors
	if errors.As(err, &errs) {
		s.redirect(w, r, "/admin/users", "flash.password_too_short")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/users", "flash.saved")
}

func (s *Server) permissions(w http.ResponseWriter, r *http.Request) {
	perms, err := s.app.Permissions(s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "admin/permissions", "title.permissions", map[string]any{"Perms": perms, "Roles": account.Roles})
}
