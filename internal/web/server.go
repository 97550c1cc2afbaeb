// Package web serves the product's pages. Handlers are thin: they read the
// request, call one use case in package app, and render a template. One file
// per area; routes are listed in routes.go.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"khcn/internal/account"
	"khcn/internal/api"
	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// Config holds the web settings.
type Config struct {
	// Secure marks cookies Secure and sends HSTS; set it behind TLS.
	Secure bool
	// TrustProxy honours X-Forwarded-For and X-Forwarded-Proto from a reverse
	// proxy in TrustedProxies (see clientIP).
	TrustProxy     bool
	TrustedProxies []netip.Prefix
	// NoPageCache turns the page cache off (to measure without it).
	NoPageCache bool
}

// Server is the HTTP side of the product.
type Server struct {
	app *app.App
	cfg Config
	rd  *renderer
	mux *http.ServeMux
	log *slog.Logger
	// pages keeps rendered pages by the data stamp (pagecache.go); nil
	// when Config.NoPageCache.
	pages *pageCache
	// menu is the areas' menu sections (see areas.go).
	menu []*section
}

// New builds the server with every route registered.
func New(a *app.App, cfg Config) (*Server, error) {
	rd, err := newRenderer()
	if err != nil {
		return nil, err
	}
	s := &Server{app: a, cfg: cfg, rd: rd, mux: http.NewServeMux(), log: a.Log}
	if !cfg.NoPageCache {
		s.pages = newPageCache()
	}
	list := areas()
	s.menu = sections(list)
	s.routes(list)
	return s, nil
}

// Handler returns the full middleware chain around the routes.
func (s *Server) Handler() http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, "err.csrf")
	}))
	var h http.Handler = s.mux
	h = compress(h)
	h = s.cachePages(h)
	h = s.withUser(h)
	h = csrf.Handler(h)
	h = s.withAPI(h)
	h = s.securityHeaders(h)
	h = s.logRequests(h)
	h = s.recoverPanics(h)
	h = withFormChecks(h)
	h = withRequestID(h)
	return h
}

// withAPI sends /api to the JSON API (package api), before the session
// cookie is read: cookies never authorise the API, and the pages never read
// bearer tokens.
func (s *Server) withAPI(pages http.Handler) http.Handler {
	x := api.New(s.app, api.Config{ClientIP: s.clientIP, RequestID: requestID})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
			x.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	})
}

// withFormChecks gives each request a place for the fields its form reader
// refuses (see valid.CheckEncoding).
func withFormChecks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(valid.WithFormChecks(r.Context())))
	})
}

type ctxKey int

const (
	userKey ctxKey = iota
	reqIDKey
	tokenKey
)

func userOf(r *http.Request) *account.User {
	u, _ := r.Context().Value(userKey).(*account.User)
	return u
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(reqIDKey).(string)
	return id
}

// actor is who makes the request, for use cases.
func (s *Server) actor(r *http.Request) app.Actor {
	a := app.Actor{User: userOf(r), IP: s.clientIP(r), RequestID: requestID(r)}
	a.Session, _ = r.Context().Value(tokenKey).(string)
	if c, err := r.Cookie(s.deviceCookieName(r)); err == nil {
		a.Device = c.Value
	}
	return a
}

func (s *Server) secure(r *http.Request) bool {
	return s.cfg.Secure || r.TLS != nil || (s.fromProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https")
}

// Session cookies: HttpOnly, SameSite=Lax, and Secure with the __Host- prefix
// behind TLS.
func (s *Server) sessionCookieName(r *http.Request) string {
	if s.secure(r) {
		return "__Host-khcn_session"
	}
	return "khcn_session"
}

// deviceCookieName names the long-lived cookie that marks a browser which
// has logged in before (see app.Login).
func (s *Server) deviceCookieName(r *http.Request) string {
	if s.secure(r) {
		return "__Host-khcn_device"
	}
	return "khcn_device"
}

func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if c, err := r.Cookie(s.sessionCookieName(r)); err == nil && c.Value != "" {
			u, err := s.app.SessionUser(ctx, c.Value)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			if u != nil {
				ctx = context.WithValue(ctx, userKey, u)
				ctx = context.WithValue(ctx, tokenKey, c.Value)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "+
			"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// withRequestID tags each request with an ID shown on error pages and in logs.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := store.NewID()[24:]
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), reqIDKey, id)))
	})
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.log.Info("http", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", time.Since(start).Milliseconds(), "id", id)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "err", v, "path", r.URL.Path, "stack", string(debug.Stack()))
				s.errorPage(w, r, http.StatusInternalServerError, "err.server")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// lang picks the language: the lang cookie, then the user's setting, then Vietnamese.
func lang(r *http.Request) i18n.Lang {
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.Parse(c.Value)
	}
	if u := userOf(r); u != nil {
		return i18n.Parse(u.Lang)
	}
	return i18n.VI
}

// page builds the common page data.
func (s *Server) page(r *http.Request, title string, data any) *Page {
	u := userOf(r)
	p := &Page{Lang: lang(r), User: u, Title: title, Path: r.URL.Path, Query: r.URL.RawQuery, Data: data,
		RequestID: requestID(r), Today: locale.Today(s.app.Now()), Form: url.Values{}}
	p.Nav, p.Tabs = navFor(s.menu, u, r.URL.Path)
	if u != nil {
		p.Unread = s.app.UnreadCount(r.Context(), s.actor(r))
	}
	if c, err := r.Cookie("flash"); err == nil && i18n.Has(c.Value) {
		p.Flash = c.Value
	}
	return p
}

// show renders a page with status 200.
func (s *Server) show(w http.ResponseWriter, r *http.Request, name, title string, data any) {
	s.showPage(w, r, http.StatusOK, name, s.page(r, title, data))
}

func (s *Server) showPage(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	for f, pr := range valid.Refused(r.Context()) {
		p.Errors.Add(f, pr.Key, pr.Args...)
	}
	if p.Flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	}
	if err := s.rd.render(w, status, name, p); err != nil {
		s.serverError(w, r, err)
	}
}

// showForm renders a form again with what the user typed and the problems
// found, with 422 so tests and tools can tell.
func (s *Server) showForm(w http.ResponseWriter, r *http.Request, name, title string, data any, errs valid.Errors) {
	p := s.page(r, title, data)
	p.Form = r.PostForm
	p.Errors = errs
	s.showPage(w, r, http.StatusUnprocessableEntity, name, p)
}

// redirect sends the browser to a local path after a POST, with an optional
// flash message key.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "flash", Value: flash, Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// fail turns a use-case error into the right page. Validation and conflict
// errors are handled by the form handlers before they get here.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, app.ErrForbidden):
		if userOf(r) == nil {
			s.redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), "")
			return
		}
		s.errorPage(w, r, http.StatusForbidden, "err.forbidden")
	case errors.Is(err, app.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "err.not_found")
	case errors.Is(err, app.ErrConflict):
		s.errorPage(w, r, http.StatusConflict, "err.conflict")
	default:
		var ve valid.Errors
		if errors.As(err, &ve) {
			// A refused one-button action (verify, step) has no form to
			// show again: the page lists its messages in the error summary.
			p := s.page(r, "title.error", map[string]any{"Status": http.StatusUnprocessableEntity, "Message": "err.invalid"})
			p.Errors = ve
			if err := s.rd.render(w, http.StatusUnprocessableEntity, "core/error", p); err != nil {
				s.log.Error("error page", "err", err)
				http.Error(w, http.StatusText(http.StatusUnprocessableEntity), http.StatusUnprocessableEntity)
			}
			return
		}
		s.serverError(w, r, err)
	}
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("server error", "err", err, "path", r.URL.Path, "id", requestID(r))
	s.errorPage(w, r, http.StatusInternalServerError, "err.server")
}

// errorPage shows an error inside the layout; it never shows internals.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msgKey string) {
	p := s.page(r, "title.error", map[string]any{"Status": status, "Message": msgKey})
	if err := s.rd.render(w, status, "core/error", p); err != nil {
		s.log.Error("error page", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// parseForm reads a POSTed form with a size limit. Text that is not UTF-8
// is refused at its field (checkText).
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	err := r.ParseForm()
	checkText(r)
	picked(r)
	return err
}

// picked applies the choices made at a merged form (merge.go).
func picked(r *http.Request) {
	applyPicks(r.PostForm)
	applyPicks(r.Form)
}

// checkText is the one place a form's text encoding is checked: a field that
// is not valid UTF-8 gets its message, and the request writes nothing.
func checkText(r *http.Request) {
	forms := []url.Values{r.PostForm, r.Form}
	if r.MultipartForm != nil {
		forms = append(forms, r.MultipartForm.Value)
	}
	valid.CheckEncoding(r.Context(), forms...)
}

const formLimit = 1 << 20
