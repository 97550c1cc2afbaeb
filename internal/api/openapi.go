package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"khcn/internal/civil"
)

// Access is who may call a route.
type Access int

const (
	// Public routes answer without a token (the public lists, the docs).
	Public Access = iota
	// Read routes need a token, read-only or read-write.
	Read
	// Write routes need a read-write token.
	Write
)

// Route is one endpoint: how it is served and how it is documented. The
// OpenAPI document is built from these, so a route cannot be served without
// its description, and TestDocumentedRoutes checks that nothing is served
// that the table does not hold.
type Route struct {
	Method, Path string // "GET", "/api/v1/orgunits/{id}"
	Tag          string
	Summary      string // one line, English (the document's language)
	SummaryVI    string // the same in Vietnamese, for the docs page
	Description  string
	Access       Access
	Params       []Param // query parameters (path parameters come from Path)
	// Body and Response are zero values of the request and answer types;
	// their JSON schema is derived by reflection. Nil Response means the
	// answer is not JSON (CSV or HTML), described by Produces.
	Body     any
	Response any
	Produces []string // extra media types of a 200 answer (text/csv)
	Errors   []int    // statuses besides 200 the route answers
	// Alt are statuses answered with a JSON body of this type rather than
	// a problem (DHIS2's import summary on 409).
	Alt map[int]any
	// Examples are real calls against the demo data: the document shows
	// them, and TestExamples runs each and checks the answer.
	Examples []Example
	Handle   func(c *Ctx) (any, error)
}

// Param is a query parameter.
type Param struct {
	Name        string
	Description string
	Required    bool
	Enum        []string
}

// Example is a documented call. Login is the demo account whose token
// makes it ("" for none); Want is JSON the answer must contain (objects:
// these keys with these values; arrays: at least these elements, in order,
// each matched the same way).
type Example struct {
	Name   string
	Login  string
	Write  bool
	Method string // the route's when empty
	URL    string // path and query
	Header map[string]string
	Body   string
	Status int
	Want   string
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

// Document builds the OpenAPI 3.1 document from the route table.
func (x *API) Document() map[string]any {
	paths := map[string]any{}
	schemas := map[string]any{}
	sg := &schemaGen{defs: schemas}
	in := &schemaGen{defs: schemas, prefix: "Input", input: true}
	sg.of(reflect.TypeOf(Problem{}))
	for _, rt := range x.routes {
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		op := map[string]any{
			"operationId":  operationID(rt),
			"summary":      rt.Summary,
			"x-summary-vi": rt.SummaryVI,
			"tags":         []string{rt.Tag},
		}
		if rt.Description != "" {
			op["description"] = rt.Description
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, p := range rt.Params {
			s := map[string]any{"type": "string"}
			if len(p.Enum) > 0 {
				s["enum"] = p.Enum
			}
			params = append(params, map[string]any{"name": p.Name, "in": "query", "required": p.Required, "description": p.Description, "schema": s})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch rt.Access {
		case Public:
			op["security"] = []any{}
		case Read:
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		case Write:
			op["security"] = []any{map[string]any{"bearer": []string{"write"}}}
		}
		if rt.Body != nil {
			content := map[string]any{"application/json": map[string]any{"schema": in.of(reflect.TypeOf(rt.Body))}}
			if ex := firstBody(rt); ex != "" {
				content["application/json"].(map[string]any)["example"] = rawJSON(ex)
			}
			op["requestBody"] = map[string]any{"required": true, "content": content}
		}
		okStatus := "200"
		for _, ex := range rt.Examples {
			if ex.Status == 201 {
				okStatus = "201"
			}
		}
		ok := map[string]any{"description": "OK"}
		content := map[string]any{}
		if rt.Response != nil {
			media := map[string]any{"schema": sg.of(reflect.TypeOf(rt.Response))}
			if ex := firstWant(rt); ex != "" {
				// What a real answer contains (checked by TestExamples),
				// not a whole answer: an extension, not an example.
				media["x-example-contains"] = rawJSON(ex)
			}
			content["application/json"] = media
		}
		for _, mt := range rt.Produces {
			content[mt] = map[string]any{"schema": map[string]any{"type": "string"}}
		}
		ok["content"] = content
		responses := map[string]any{okStatus: ok}
		errs := append([]int{}, rt.Errors...)
		if rt.Access != Public {
			errs = append(errs, 401, 429)
		}
		if rt.Access == Write {
			errs = append(errs, 403)
		}
		sort.Ints(errs)
		for _, st := range errs {
			content := map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}
			if alt, ok := rt.Alt[st]; ok {
				content["application/json"] = map[string]any{"schema": sg.of(reflect.TypeOf(alt))}
			}
			responses[fmt.Sprint(st)] = map[string]any{"description": problemDescription(st), "content": content}
		}
		op["responses"] = responses
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "khcn API",
			"version":     "1",
			"description": "The JSON API of khcn (Sở Khoa học và Công nghệ): org units, programmes and report values, DHIS2 dataValueSets, S&T tasks, follow-ups, OCOP, open data. Tokens: Authorization: Bearer khcn_…, made on the profile page. Errors are RFC 9457 problem details in the language of Accept-Language (vi or en).",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "A personal access token or a service account's token (khcn_…)."},
			},
		},
	}
}

func operationID(rt Route) string {
	s := strings.ToLower(rt.Method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "").Replace(rt.Path)
	return strings.TrimSuffix(s, "_")
}

func firstWant(rt Route) string {
	for _, ex := range rt.Examples {
		if ex.Want != "" && ex.Status < 300 {
			return ex.Want
		}
	}
	return ""
}

func firstBody(rt Route) string {
	for _, ex := range rt.Examples {
		if ex.Body != "" && ex.Status < 300 {
			return ex.Body
		}
	}
	return ""
}

func problemDescription(status int) string {
	switch status {
	case 400:
		return "Bad request (malformed JSON or parameter)"
	case 401:
		return "No token, or a wrong, expired or revoked token"
	case 403:
		return "Not allowed for this role or unit scope, or a read-only token"
	case 404:
		return "Not found, or not visible to the caller"
	case 406:
		return "No acceptable media type"
	case 409:
		return "Someone saved first (current holds the stored record), or the record is locked"
	case 415:
		return "Unsupported media type"
	case 422:
		return "Invalid input: errors holds a message per field"
	case 428:
		return "If-Match is required"
	case 429:
		return "Too many wrong tokens from this address; see Retry-After"
	}
	return "Error"
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// schemaGen derives JSON schemas from Go types: named structs become
// components.
type schemaGen struct {
	defs map[string]any
	// input schemas (request bodies) are components of their own, named
	// with this prefix, whose fields are all optional: handlers and the
	// use cases say what is missing, field by field.
	prefix string
	input  bool
}

var (
	timeType  = reflect.TypeOf(time.Time{})
	dateType  = reflect.TypeOf(civil.Date{})
	anyType   = reflect.TypeOf((*any)(nil)).Elem()
	rawType   = reflect.TypeOf(rawJSON(""))
	rawMsg    = reflect.TypeOf(json.RawMessage(nil))
	bytesType = reflect.TypeOf([]byte(nil))
)

func (g *schemaGen) of(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		s := g.of(t.Elem())
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		}
		return s
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date"}
	case anyType, rawType, rawMsg:
		return map[string]any{}
	case bytesType:
		return map[string]any{"type": "string"}
	}
	if s, ok := reflect.New(t).Interface().(interface{ Schema() map[string]any }); ok {
		return s.Schema()
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.Struct:
		name := componentName(t.Name())
		if name != "" {
			name = g.prefix + name
		}
		if name != "" {
			if _, ok := g.defs[name]; !ok {
				g.defs[name] = map[string]any{} // recursion guard
				g.defs[name] = g.object(t)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return g.object(t)
	case reflect.Interface:
		return map[string]any{}
	}
	return map[string]any{}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			// Embedded: its fields are this object's, as encoding/json writes them.
			inner := g.object(f.Type)
			for k, v := range inner["properties"].(map[string]any) {
				props[k] = v
			}
			if r, ok := inner["required"].([]string); ok {
				required = append(required, r...)
			}
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.of(f.Type)
		if d := f.Tag.Get("doc"); d != "" {
			if _, isRef := s["$ref"]; isRef {
				s = map[string]any{"allOf": []any{s}, "description": d}
			} else {
				s["description"] = d
			}
		}
		props[name] = s
		if !g.input && !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			required = append(required, name)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	return out
}

var typeArg = regexp.MustCompile(`\[(?:[^\]]*\.)?([A-Za-z0-9_]+)\]`)

// componentName makes a Go type's name a valid component name:
// Page[khcn/internal/api.Unit] becomes PageOfUnit.
func componentName(name string) string {
	return typeArg.ReplaceAllString(name, "Of$1")
}
