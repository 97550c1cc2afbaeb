package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/valid"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if userOf(r) != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	p := s.page(r, "title.login", nil)
	p.Form.Set("next", r.URL.Query().Get("next"))
	s.showPage(w, r, http.StatusOK, "core/login", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	login, password := r.PostForm.Get("login"), r.PostForm.Get("password")
	var errs valid.Errors
	errs.Required("login", login)
	errs.Required("password", password)
	if len(errs) > 0 {
		s.showLoginAgain(w, r, http.StatusUnprocessableEntity, errs)
		return
	}
	res, err := s.app.Login(r.Context(), s.actor(r), login, password, r.UserAgent())
	var locked app.LockedError
	switch {
	case errors.As(err, &locked):
		errs.Add("login", "err.login_locked", locale.DateTime(locked.Until))
		retryAfter(w, time.Until(locked.Until))
		s.showLoginAgain(w, r, http.StatusTooManyRequests, errs)
		return
	case errors.Is(err, app.ErrBusy):
		errs.Add("form", "err.busy")
		retryAfter(w, 5*time.Second)
		s.showLoginAgain(w, r, http.StatusServiceUnavailable, errs)
		return
	case errors.Is(err, app.ErrBadCredentials):
		errs.Add("password", "err.login_failed")
		s.showLoginAgain(w, r, http.StatusUnprocessableEntity, errs)
		return
	case errors.As(err, &errs):
		s.showLoginAgain(w, r, http.StatusUnprocessableEntity, errs)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(r), Value: res.Token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: int(app.MaxSessionAge.Seconds())})
	// The device cookie outlives sessions: it is how the login throttle knows
	// this browser has logged in to the account before.
	http.SetCookie(w, &http.Cookie{Name: s.deviceCookieName(r), Value: res.Device, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: 400 * 24 * 3600})
	s.redirect(w, r, localPath(r.PostForm.Get("next")), "")
}

// retryAfter tells a client when to try again, in whole seconds.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(d.Seconds()+0.999))))
}

// showLoginAgain keeps the login name but never echoes the password.
func (s *Server) showLoginAgain(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	r.PostForm.Del("password")
	p := s.page(r, "title.login", nil)
	p.Form, p.Errors = r.PostForm, errs
	s.showPage(w, r, status, "core/login", p)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if tok, _ := r.Context().Value(tokenKey).(string); tok != "" {
		if err := s.app.Logout(r.Context(), s.actor(r), tok); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(r), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r)})
	s.redirect(w, r, "/", "flash.logged_out")
}
