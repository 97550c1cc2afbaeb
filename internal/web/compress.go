package web

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// compressMin is the size under which a response goes out as it is: gzip
// costs more than it saves on a small page.
const compressMin = 1400

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// compress gzips text responses of compressMin bytes or more for clients
// that accept it (every browser): the national lists and dashboards are
// hundreds of kilobytes of HTML that shrink about tenfold. BestSpeed keeps
// the CPU cost a small part of rendering.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.finish()
		next.ServeHTTP(gw, r)
	})
}

func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0"
		}
	}
	return false
}

// gzipWriter holds back the first bytes of a response to decide whether to
// compress it.
type gzipWriter struct {
	http.ResponseWriter
	status  int
	buf     []byte
	decided bool
	gz      *gzip.Writer
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) WriteHeader(code int) {
	if g.decided || g.status != 0 {
		return
	}
	g.status = code
	// A response without a body to hold back goes out at once.
	if code < 200 || code == http.StatusNoContent || code == http.StatusNotModified {
		g.decide(false)
	}
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if g.decided {
		if g.gz != nil {
			return g.gz.Write(p)
		}
		return g.ResponseWriter.Write(p)
	}
	g.buf = append(g.buf, p...)
	if len(g.buf) >= compressMin {
		g.decide(true)
	}
	return len(p), nil
}

// Flush sends what is held back (a stream asked for it).
func (g *gzipWriter) Flush() {
	if !g.decided {
		g.decide(len(g.buf) >= compressMin)
	}
	if g.gz != nil {
		g.gz.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (g *gzipWriter) decide(big bool) {
	g.decided = true
	h := g.ResponseWriter.Header()
	status := g.status
	if status == 0 {
		status = http.StatusOK
	}
	if big && compressible(h.Get("Content-Type")) && h.Get("Content-Encoding") == "" && h.Get("Content-Range") == "" &&
		status != http.StatusPartialContent {
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		h.Del("Content-Length")
		g.ResponseWriter.WriteHeader(status)
		g.gz = gzipPool.Get().(*gzip.Writer)
		g.gz.Reset(g.ResponseWriter)
		g.gz.Write(g.buf)
	} else {
		if g.status != 0 || len(g.buf) > 0 {
			g.ResponseWriter.WriteHeader(status)
		}
		g.ResponseWriter.Write(g.buf)
	}
	g.buf = nil
}

func (g *gzipWriter) finish() {
	if !g.decided {
		g.decide(false)
	}
	if g.gz != nil {
		g.gz.Close()
		gzipPool.Put(g.gz)
		g.gz = nil
	}
}

func compressible(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	switch strings.TrimSpace(ct) {
	case "text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript", "application/json", "image/svg+xml":
		return true
	}
	return false
}
