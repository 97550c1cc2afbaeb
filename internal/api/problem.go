package api

import (
	"errors"
	"net/http"
	"sort"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/valid"
)

// Problem is an error answer (RFC 9457, application/problem+json). Type is
// a stable URI per kind of problem; Title and Detail are in the caller's
// language (Accept-Language vi or en); Errors carry a message per field
// for 422, as the forms show them.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Code     string       `json:"code"`
	Errors   []FieldError `json:"errors,omitempty"`
	// Current is the stored record on 409, so the caller can merge as the
	// conflict form does (both versions: the caller has its own).
	Current any `json:"current,omitempty"`
	// RequestID ties the answer to the server's log.
	RequestID string `json:"requestId,omitempty"`
}

// FieldError is one field's problem.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ProblemBase prefixes the type URIs of problems; each is documented at
// /api/docs#problem-CODE.
const ProblemBase = "/api/docs#problem-"

// apiError is a problem a handler raises.
type apiError struct {
	status int
	code   string
	errs   valid.Errors
	// current is the stored record on a conflict.
	current any
}

func (e *apiError) Error() string { return e.code }

var (
	errPreconditionRequired = &apiError{status: http.StatusPreconditionRequired, code: "if_match_required"}
	errUnsupportedMedia     = &apiError{status: http.StatusUnsupportedMediaType, code: "media_type"}
	errTooLarge             = &apiError{status: http.StatusRequestEntityTooLarge, code: "too_large"}
)

func badRequest(code string) error { return &apiError{status: http.StatusBadRequest, code: code} }

// invalid is a 422 with field errors.
func invalid(e valid.Errors) error {
	return &apiError{status: http.StatusUnprocessableEntity, code: "invalid", errs: e}
}

// conflict is a 409 that carries the stored record.
func conflict(current any) error {
	return &apiError{status: http.StatusConflict, code: "conflict", current: current}
}

// problemCodes are every problem the API answers, for the document.
var problemCodes = []string{"bad_request", "json", "if_match", "bad_param", "bad_cursor", "unauthorized", "bad_token",
	"read_only_token", "forbidden", "not_found", "conflict", "locked", "invalid", "if_match_required", "media_type",
	"too_large", "not_acceptable", "throttled", "internal"}

// fail writes the problem of an error.
func (c *Ctx) fail(err error) {
	var ae *apiError
	var ve valid.Errors
	var locked app.ReportLockedError
	var thr app.LockedError
	switch {
	case errors.As(err, &ae):
		c.problemOf(ae)
	case errors.As(err, &locked):
		e := valid.Errors{}
		e.Add("form", "lock."+string(locked.Lock))
		c.problemOf(&apiError{status: http.StatusConflict, code: "locked", errs: e})
	case errors.Is(err, app.ErrConflict):
		c.problem(http.StatusConflict, "conflict", nil)
	case errors.As(err, &ve):
		c.problemOf(&apiError{status: http.StatusUnprocessableEntity, code: "invalid", errs: ve})
	case errors.Is(err, app.ErrForbidden):
		if c.Actor.User == nil {
			c.W.Header().Set("WWW-Authenticate", `Bearer realm="khcn"`)
			c.problem(http.StatusUnauthorized, "unauthorized", nil)
			return
		}
		c.problem(http.StatusForbidden, "forbidden", nil)
	case errors.Is(err, app.ErrNotFound):
		c.problem(http.StatusNotFound, "not_found", nil)
	case errors.As(err, &thr):
		c.problem(http.StatusTooManyRequests, "throttled", nil)
	default:
		c.api.log.Error("api", "path", c.R.URL.Path, "request_id", c.Actor.RequestID, "err", err)
		c.problem(http.StatusInternalServerError, "internal", nil)
	}
}

func (c *Ctx) problem(status int, code string, errs valid.Errors) {
	c.problemOf(&apiError{status: status, code: code, errs: errs})
}

func (c *Ctx) problemOf(e *apiError) {
	p := Problem{Type: ProblemBase + e.code, Status: e.status, Code: e.code, Title: http.StatusText(e.status),
		Detail: i18n.T(c.Lang, "api.problem."+e.code), Instance: c.R.URL.Path, Current: e.current, RequestID: c.Actor.RequestID}
	if c.Lang == i18n.VI {
		p.Title = i18n.T(c.Lang, "api.status."+statusKey(e.status))
	}
	fields := make([]string, 0, len(e.errs))
	for f := range e.errs {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		pr := e.errs[f]
		p.Errors = append(p.Errors, FieldError{Field: f, Code: pr.Key, Message: i18n.T(c.Lang, pr.Key, pr.Args...)})
	}
	c.writeJSON(e.status, "application/problem+json", p)
}

func statusKey(status int) string {
	switch status {
	case 400, 401, 403, 404, 406, 409, 413, 415, 422, 428, 429:
		return strconv.Itoa(status)
	}
	return "500"
}

// problemList translates field problems for the caller.
func problemList(c *Ctx, e valid.Errors) []FieldError {
	fields := make([]string, 0, len(e))
	for f := range e {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var out []FieldError
	for _, f := range fields {
		pr := e[f]
		out = append(out, FieldError{Field: f, Code: pr.Key, Message: i18n.T(c.Lang, pr.Key, pr.Args...)})
	}
	return out
}

// ProblemCodes lists every problem code the API answers with.
func ProblemCodes() []string { return append([]string{}, problemCodes...) }
