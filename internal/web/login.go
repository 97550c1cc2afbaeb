package web

import (
	"errors"
	"net/http"

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
		s.showLoginAgain(w, r, errs)
		return
	}
	token, _, err := s.app.Login(r.Context(), login, password, s.clientIP(r), r.UserAgent())
	var locked app.LockedError
	switch {
	case errors.As(err, &locked):
		errs.Add("login", "err.login_locked", locale.DateTime(locked.Until))
		s.showLoginAgain(w, r, errs)
		return
	case errors.Is(err, app.ErrBadCredentials):
		errs.Add("password", "err.login_failed")
		s.showLoginAgain(w, r, errs)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(r), Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: int(app.MaxSessionAge.Seconds())})
	s.redirect(w, r, localPath(r.PostForm.Get("next")), "")
}

// showLoginAgain keeps the login name but never echoes the password.
func (s *Server) showLoginAgain(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	r.PostForm.Del("password")
	s.showForm(w, r, "core/login", "title.login", nil, errs)
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
