package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"khcn/internal/app"
	"khcn/internal/testdb"
)

// A panic in a handler becomes the 500 page in the layout, with a request ID
// and no trace of the internals.
func TestPanicBecomesCleanServerError(t *testing.T) {
	a := app.New(testdb.SQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	s, err := New(a, Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := withRequestID(s.recoverPanics(s.logRequests(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("database exploded at store.go:42")
	}))))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	for _, leak := range []string{"exploded", "store.go", "goroutine", "panic"} {
		if strings.Contains(body, leak) {
			t.Errorf("500 page leaks %q", leak)
		}
	}
	if !strings.Contains(body, "Hệ thống gặp sự cố") || !strings.Contains(body, "Mã yêu cầu:") || !strings.Contains(body, `class="top"`) {
		t.Error("500 page is not the layout with a Vietnamese message and request ID")
	}
}
