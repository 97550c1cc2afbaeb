package web

import (
	"io/fs"
	"net/http"

	"khcn/internal/account"
)

// homeArea is the home page, sign-in, profile, org units and user
// administration (routes in coreRoutes).
func homeArea() area {
	return area{name: "home", label: "nav.home", nav: []navEntry{{order: 0, label: "nav.home", href: "/"}}, routes: coreRoutes}
}

// adminArea is the administrator's section. The org-unit tree is linked
// from the footer for everyone and sits among the administrator's tabs.
func adminArea() area {
	return area{name: "admin", label: "nav.admin", tabs: true, nav: []navEntry{
		{order: 98, label: "nav.orgunits", href: "/orgunits", action: account.UserList},
		{order: 95, label: "nav.users", href: "/admin/users", action: account.UserList},
		{order: 96, label: "title.permissions", href: "/admin/permissions", action: account.UserList},
		{order: 99, label: "nav.audit", href: "/admin/audit", action: account.AuditView},
	}}
}

// routes serves every area's routes, from the list in areas.go.
func (s *Server) routes(list []area) {
	for _, a := range list {
		if a.routes != nil {
			a.routes(s, s.mux)
		}
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusNotFound, "err.not_found")
	})
}

func coreRoutes(s *Server, m *http.ServeMux) {
	static, _ := fs.Sub(assets, "static")
	files := http.FileServerFS(static)
	m.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})))
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /readyz", s.readyz)
	m.HandleFunc("GET /lang/{lang}", s.switchLang)

	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /login", s.loginForm)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /profile", s.profile)
	m.HandleFunc("POST /profile", s.saveProfile)
	m.HandleFunc("POST /profile/password", s.changePassword)

	m.HandleFunc("GET /orgunits", s.orgTree)
	m.HandleFunc("GET /orgunits/{id}", s.orgUnit)

	m.HandleFunc("GET /admin/users", s.users)
	m.HandleFunc("POST /admin/users", s.createUser)
	m.HandleFunc("POST /admin/users/{id}/disable", s.disableUser)
	m.HandleFunc("POST /admin/users/{id}/enable", s.enableUser)
	m.HandleFunc("POST /admin/users/{id}/password", s.resetPassword)
	m.HandleFunc("GET /admin/audit", s.audit)
	m.HandleFunc("GET /admin/permissions", s.permissions)
}
