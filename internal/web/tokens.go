package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Personal access tokens (the profile's "API tokens" page) and the
// administrator's service accounts. A new token's secret is shown once, on
// the answer to the POST that made it (never stored, never redirected
// with), with no-store caching.

// tokensArea is the area's menu entries and routes, listed in areas.go.
func tokensArea() area {
	return area{name: "tokens", routes: func(s *Server, m *http.ServeMux) {
		m.HandleFunc("GET /profile/tokens", s.tokens)
		m.HandleFunc("POST /profile/tokens", s.createToken)
		m.HandleFunc("POST /profile/tokens/{id}/revoke", s.revokeToken)
		m.HandleFunc("GET /admin/service-accounts", s.serviceAccounts)
		m.HandleFunc("POST /admin/service-accounts", s.createServiceAccount)
		m.HandleFunc("GET /admin/service-accounts/{id}", s.serviceAccount)
		m.HandleFunc("POST /admin/service-accounts/{id}/tokens", s.createToken)
		m.HandleFunc("POST /admin/service-accounts/{id}/tokens/{tid}/revoke", s.revokeToken)
	}, nav: []navEntry{{order: 97, label: "nav.service_accounts", href: "/admin/service-accounts", action: account.UserList}}}
}

type tokensData struct {
	Owner   *account.User // nil: the actor's own
	Service *store.ServiceAccount
	Tokens  []tokenRow
	Secret  string // the token just made, shown once
	Action  string // where the form posts
}

type tokenRow struct {
	store.Token
	Active bool
}

func (s *Server) tokensData(r *http.Request) (*tokensData, error) {
	ctx, actor := r.Context(), s.actor(r)
	d := &tokensData{Action: "/profile/tokens"}
	id := r.PathValue("id")
	if id != "" {
		list, err := s.app.ServiceAccounts(ctx, actor)
		if err != nil {
			return nil, err
		}
		for i := range list {
			if list[i].UserID == id {
				d.Service = &list[i]
			}
		}
		if d.Service == nil {
			return nil, app.ErrNotFound
		}
		d.Action = "/admin/service-accounts/" + id + "/tokens"
	}
	ts, err := s.app.Tokens(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	now := s.app.Now()
	for _, t := range ts {
		d.Tokens = append(d.Tokens, tokenRow{Token: t, Active: t.Active(now)})
	}
	return d, nil
}

func (s *Server) tokensPage(r *http.Request) (string, string) {
	if r.PathValue("id") != "" {
		return "admin/service_account", "title.service_account"
	}
	return "core/tokens", "title.tokens"
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	if userOf(r) == nil {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	d, err := s.tokensData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, title := s.tokensPage(r)
	p := s.page(r, title, d)
	p.Form.Set("days", strconv.Itoa(app.DefaultTokenDays))
	s.showPage(w, r, http.StatusOK, name, p)
}

func (s *Server) serviceAccount(w http.ResponseWriter, r *http.Request) { s.tokens(w, r) }

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	var errs valid.Errors
	days := 0
	if v := strings.TrimSpace(f.Get("days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs.Add("days", "err.token_days", app.MaxTokenDays)
		}
		days = n
	}
	var secret string
	err := errs.Err()
	if err == nil {
		secret, _, err = s.app.CreateToken(r.Context(), s.actor(r), app.TokenInput{UserID: r.PathValue("id"), Name: f.Get("name"),
			Write: f.Get("write") == "on", Days: days})
	}
	if err != nil && !errors.As(err, &errs) {
		s.fail(w, r, err)
		return
	}
	d, derr := s.tokensData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	name, title := s.tokensPage(r)
	if err != nil {
		s.showForm(w, r, name, title, d, errs)
		return
	}
	d.Secret = secret
	w.Header().Set("Cache-Control", "no-store")
	p := s.page(r, title, d)
	p.Flash = "flash.token_created"
	p.Form.Set("days", strconv.Itoa(app.DefaultTokenDays))
	s.showPage(w, r, http.StatusOK, name, p)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	id, back := r.PathValue("id"), "/profile/tokens"
	tid := id
	if r.PathValue("tid") != "" {
		tid, back = r.PathValue("tid"), "/admin/service-accounts/"+id
	}
	if err := s.app.RevokeToken(r.Context(), s.actor(r), tid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, back, "flash.token_revoked")
}

type serviceData struct {
	Accounts []store.ServiceAccount
	Units    any
	Roles    []account.Role
}

func (s *Server) serviceData(r *http.Request) (*serviceData, error) {
	list, err := s.app.ServiceAccounts(r.Context(), s.actor(r))
	if err != nil {
		return nil, err
	}
	units, err := s.app.CurrentUnits(r.Context(), locale.Today(s.app.Now()))
	if err != nil {
		return nil, err
	}
	return &serviceData{Accounts: list, Units: units, Roles: account.Roles}, nil
}

func (s *Server) serviceAccounts(w http.ResponseWriter, r *http.Request) {
	d, err := s.serviceData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "admin/service_accounts", "title.service_accounts", d)
}

func (s *Server) createServiceAccount(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	f := r.PostForm
	id, err := s.app.CreateServiceAccount(r.Context(), s.actor(r), app.ServiceAccountInput{Login: f.Get("login"), Name: f.Get("name"),
		Role: account.Role(f.Get("role")), UnitID: f.Get("unit_id"), Purpose: f.Get("purpose")})
	var errs valid.Errors
	if errors.As(err, &errs) {
		d, derr := s.serviceData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.showForm(w, r, "admin/service_accounts", "title.service_accounts", d, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/service-accounts/"+id, "flash.saved")
}
