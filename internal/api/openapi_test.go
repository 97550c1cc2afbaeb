package api_test

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"khcn/internal/webtest"
)

// TestDocumentIsValidOpenAPI: the served document is a valid OpenAPI 3.1
// document for an independent implementation (kin-openapi), with every
// example valid against its schema.
func TestDocumentIsValidOpenAPI(t *testing.T) {
	e := newEnv(t, webtest.SQLite(t, webtest.Options{}))
	a := e.call("GET", "/api/openapi.json", "", false, nil, "")
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(a.Body))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("version %s", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI: %v", err)
	}
	if doc.Paths.Len() < 20 {
		t.Errorf("only %d paths", doc.Paths.Len())
	}
}
