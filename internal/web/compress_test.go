package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCompress(t *testing.T) {
	big := strings.Repeat("<tr><td>Xã Mê Linh</td><td>1.234.567</td></tr>\n", 200)
	h := compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, big[:700])
			io.WriteString(w, big[700:])
		case "/small":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<p>ngắn</p>")
		case "/png":
			w.Header().Set("Content-Type", "image/png")
			io.WriteString(w, big)
		case "/redirect":
			http.Redirect(w, r, "/", http.StatusSeeOther)
		case "/notmodified":
			w.WriteHeader(http.StatusNotModified)
		case "/missing":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, big)
		}
	}))
	get := func(path, accept string) *http.Response {
		req := httptest.NewRequest("GET", path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	r := get("/big", "gzip, deflate, br")
	if r.Header.Get("Content-Encoding") != "gzip" || r.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("big page not gzipped: %v", r.Header)
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != big {
		t.Errorf("gzipped body differs: %d bytes", len(b))
	}
	if r := get("/missing", "gzip"); r.StatusCode != 404 || r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("404 page: %d %v", r.StatusCode, r.Header)
	}
	for _, c := range []struct{ path, accept string }{{"/big", ""}, {"/big", "gzip;q=0"}, {"/small", "gzip"}, {"/png", "gzip"}} {
		r := get(c.path, c.accept)
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Encoding") != "" || r.StatusCode != 200 || len(b) == 0 {
			t.Errorf("%s (%q): %d %v, %d bytes", c.path, c.accept, r.StatusCode, r.Header, len(b))
		}
	}
	if r := get("/redirect", "gzip"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Errorf("redirect: %d %v", r.StatusCode, r.Header)
	}
	if r := get("/notmodified", "gzip"); r.StatusCode != http.StatusNotModified || r.Header.Get("Content-Encoding") != "" {
		t.Errorf("304: %d %v", r.StatusCode, r.Header)
	}
}
