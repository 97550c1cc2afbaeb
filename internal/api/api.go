// Package api serves the JSON API under /api/v1 over the same use cases as
// the pages (package app): one permission check, one transaction and one
// audit record per action stay there. The route table (routes.go) is also
// the source of the OpenAPI 3.1 document at /api/openapi.json and of the
// page at /api/docs, so a route cannot exist without its description.
//
// Only bearer tokens (Authorization: Bearer khcn_…) authorise the API;
// cookies are never read here, and the pages never read tokens.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/store"
)

// Config is what the API takes from the web server.
type Config struct {
	// ClientIP reads the client's address (honouring trusted proxies);
	// nil takes the peer address.
	ClientIP func(*http.Request) string
	// RequestID reads the request's ID; nil makes none.
	RequestID func(*http.Request) string
}

// API is the /api handler.
type API struct {
	app    *app.App
	cfg    Config
	log    *slog.Logger
	routes []Route
	mux    *http.ServeMux
}

// New builds the API with every route of the table.
func New(a *app.App, cfg Config) *API {
	x := &API{app: a, cfg: cfg, log: a.Log, mux: http.NewServeMux()}
	x.routes = x.table()
	for i := range x.routes {
		rt := &x.routes[i]
		x.mux.HandleFunc(rt.Method+" "+rt.Path, func(w http.ResponseWriter, r *http.Request) { x.serve(w, r, rt) })
	}
	x.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		c := x.newCtx(w, r)
		c.problem(http.StatusNotFound, "not_found", nil)
	})
	return x
}

// Routes lists the route table (for tests and the document).
func (x *API) Routes() []Route { return x.routes }

// ServeHTTP serves /api.
func (x *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			x.log.Error("api panic", "panic", v, "stack", string(debug.Stack()))
			x.newCtx(w, r).problem(http.StatusInternalServerError, "internal", nil)
		}
	}()
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == "/api" {
		x.newCtx(w, r).problem(http.StatusNotFound, "not_found", nil)
		return
	}
	x.mux.ServeHTTP(w, r)
}

// Ctx is one API request.
type Ctx struct {
	W     http.ResponseWriter
	R     *http.Request
	Actor app.Actor
	Token store.Token
	Lang  i18n.Lang
	api   *API
	// status overrides 200 for a successful answer (201 on create).
	status int
}

func (x *API) newCtx(w http.ResponseWriter, r *http.Request) *Ctx {
	c := &Ctx{W: w, R: r, api: x, Lang: langOf(r)}
	c.Actor = app.Actor{IP: x.clientIP(r)}
	if x.cfg.RequestID != nil {
		c.Actor.RequestID = x.cfg.RequestID(r)
	}
	return c
}

func (x *API) clientIP(r *http.Request) string {
	if x.cfg.ClientIP != nil {
		return x.cfg.ClientIP(r)
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// langOf picks vi or en from Accept-Language (Vietnamese unless English is
// preferred over it).
func langOf(r *http.Request) i18n.Lang {
	best, bestQ := i18n.VI, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		tag = strings.ToLower(tag)
		var l i18n.Lang
		switch {
		case strings.HasPrefix(tag, "vi"):
			l = i18n.VI
		case strings.HasPrefix(tag, "en"):
			l = i18n.EN
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// serve authenticates, runs the route's handler and writes its answer.
func (x *API) serve(w http.ResponseWriter, r *http.Request, rt *Route) {
	c := x.newCtx(w, r)
	if rt.Access == Public {
		// Open data: any site (the province's portal) may read it from a
		// browser. Nothing else is shared across origins.
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	ctx := r.Context()
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, secret, _ := strings.Cut(auth, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="khcn"`)
			c.problem(http.StatusUnauthorized, "unauthorized", nil)
			return
		}
		tu, err := x.app.AuthenticateToken(ctx, c.Actor, strings.TrimSpace(secret))
		var locked app.LockedError
		switch {
		case errors.As(err, &locked):
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(time.Until(locked.Until).Seconds()+0.5))))
			c.problem(http.StatusTooManyRequests, "throttled", nil)
			return
		case errors.Is(err, app.ErrBadCredentials):
			w.Header().Set("WWW-Authenticate", `Bearer realm="khcn", error="invalid_token"`)
			c.problem(http.StatusUnauthorized, "bad_token", nil)
			return
		case err != nil:
			c.fail(err)
			return
		}
		c.Actor.User, c.Token = tu.User, tu.Token
	}
	if rt.Access != Public && c.Actor.User == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="khcn"`)
		c.problem(http.StatusUnauthorized, "unauthorized", nil)
		return
	}
	if rt.Access == Write && !c.Token.Write {
		c.problem(http.StatusForbidden, "read_only_token", nil)
		return
	}
	out, err := rt.Handle(c)
	if err != nil {
		c.fail(err)
		return
	}
	c.write(out)
}

// Raw is an answer that is not JSON (CSV, the docs page).
type Raw struct {
	Type string
	Body []byte
}

func (c *Ctx) write(out any) {
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	if raw, ok := out.(Raw); ok {
		c.W.Header().Set("Content-Type", raw.Type)
		c.W.WriteHeader(status)
		c.W.Write(raw.Body)
		return
	}
	c.writeJSON(status, "application/json", out)
}

func (c *Ctx) writeJSON(status int, ctype string, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		c.api.log.Error("api encode", "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		ctype = "application/problem+json"
	}
	c.W.Header().Set("Content-Type", ctype+"; charset=utf-8")
	c.W.WriteHeader(status)
	c.W.Write(append(b, '\n'))
}

// Created marks the answer 201.
func (c *Ctx) Created() { c.status = http.StatusCreated }

// SetETag sends a record's version as its ETag.
func (c *Ctx) SetETag(version int) { c.W.Header().Set("ETag", etag(version)) }

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// IfMatch reads the version the caller edits from If-Match (or, for
// clients that cannot send headers, a "version" the handler found in the
// body: fallback, when > 0). A write without either is refused with 428.
func (c *Ctx) IfMatch(fallback int) (int, error) {
	h := strings.TrimSpace(c.R.Header.Get("If-Match"))
	if h == "" {
		if fallback > 0 {
			return fallback, nil
		}
		return 0, errPreconditionRequired
	}
	h = strings.TrimPrefix(h, "W/")
	n, err := strconv.Atoi(strings.Trim(h, `"`))
	if err != nil || n < 0 {
		return 0, badRequest("if_match")
	}
	return n, nil
}

// Query reads a query parameter, NFC-normalised.
func (c *Ctx) Query(name string) string {
	return locale.NFC(strings.TrimSpace(c.R.URL.Query().Get(name)))
}

// maxBody is the largest request body the API reads.
const maxBody = 8 << 20

// Decode reads a JSON body into v, refusing unknown fields.
func (c *Ctx) Decode(v any) error {
	if ct := c.R.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
			return errUnsupportedMedia
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.W, c.R.Body, maxBody))
	if err != nil {
		return errTooLarge
	}
	return decodeJSON(body, v)
}

func decodeJSON(body []byte, v any) error {
	if !utf8.Valid(body) {
		return badRequest("json") // as the forms refuse text that is not UTF-8
	}
	dec := json.NewDecoder(strings.NewReader(locale.NFC(string(body))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("json")
	}
	return nil
}

// Body reads the raw body (for CSV imports).
func (c *Ctx) Body() ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(c.W, c.R.Body, maxBody))
	if err != nil {
		return nil, errTooLarge
	}
	return b, nil
}

// can is the one permission check, for handlers that only need to know.
func (c *Ctx) can(a account.Action, obj account.Object) bool {
	return account.Can(c.Actor.User, a, obj)
}

// context returns the request's context.
func (c *Ctx) context() context.Context { return c.R.Context() }
