package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/valid"
)

func (s *Server) profile(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if u == nil {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	p := s.page(r, "title.profile", nil)
	fillProfile(p.Form, u)
	s.showPage(w, r, http.StatusOK, "core/profile", p)
}

func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("version"))
	err := s.app.UpdateProfile(r.Context(), s.actor(r), app.ProfileInput{Name: f.Get("name"), Email: f.Get("email"),
		Phone: f.Get("phone"), Title: f.Get("title"), Lang: f.Get("lang"), Digest: f.Get("digest"), Version: version})
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		s.showForm(w, r, "core/profile", "title.profile", nil, errs)
	case errors.Is(err, app.ErrConflict):
		errs, err = s.retyped(r, conflictErrs(), func() (url.Values, error) {
			u, err := s.app.Profile(r.Context(), s.actor(r))
			theirs := url.Values{}
			fillProfile(theirs, &u)
			return theirs, err
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showForm(w, r, "core/profile", "title.profile", nil, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: f.Get("lang"), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
		s.redirect(w, r, "/profile", "flash.saved")
	}
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	f := r.PostForm
	var errs valid.Errors
	if f.Get("password") != f.Get("password2") {
		errs.Add("password2", "err.password_mismatch")
	}
	err := errs.Err()
	if err == nil {
		err = s.app.ChangePassword(r.Context(), s.actor(r), f.Get("current"), f.Get("password"))
	}
	status := http.StatusUnprocessableEntity
	if errors.Is(err, app.ErrBusy) {
		errs.Add("form", "err.busy")
		retryAfter(w, 5*time.Second)
		err, status = errs, http.StatusServiceUnavailable
	}
	if errors.As(err, &errs) {
		// Show the profile fields as stored, never echo passwords.
		for _, k := range []string{"current", "password", "password2"} {
			f.Del(k)
		}
		fillProfile(f, userOf(r))
		p := s.page(r, "title.profile", nil)
		p.Form, p.Errors = f, errs
		s.showPage(w, r, status, "core/profile", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/profile", "flash.password_changed")
}

func fillProfile(f url.Values, u *account.User) {
	f.Set("name", u.Name)
	f.Set("email", u.Email)
	f.Set("phone", u.Phone)
	f.Set("title", u.Title)
	f.Set("lang", u.Lang)
	f.Set("digest", u.Digest)
	f.Set("version", strconv.Itoa(u.Version))
}
