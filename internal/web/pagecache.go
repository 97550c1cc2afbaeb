package web

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"
	"sync"
)

// The page cache (issue 13). A page a user (or the public) fetched is kept,
// as sent (gzipped when asked), keyed by who asked (user, role, scope),
// the language, the URL, the minute (pages that change with the clock
// alone, overdue marks and deadlines, are never more than a minute old)
// and the data stamp (store.DataStamp):
// every write on any server moves the stamp on, so a kept page is only
// sent while the data it shows is unchanged, and every server answers the
// same. Its ETag is made of the same key, so a browser's If-None-Match
// gets 304 Not Modified without the page being rendered, and never a stale
// one (Cache-Control: private, no-cache makes it ask every time). Views
// that miss at the same time wait for one rendering.
//
// Kept: GET pages answered 200 with HTML and no cookie set, requests with
// no flash message; never exports (?format=), files, static assets or the
// login pages.
type pageCache struct {
	mu       sync.Mutex
	stamp    int64
	bytes    int
	m        map[string]*cachedPage
	inflight map[string]*pageCall
}

type cachedPage struct {
	header http.Header
	body   []byte
}

type pageCall struct {
	done chan struct{}
	page *cachedPage // nil: not cacheable, the waiter renders its own
}

// pageCacheMax bounds the bytes kept; when full it starts again.
const pageCacheMax = 64 << 20

func newPageCache() *pageCache {
	return &pageCache{m: map[string]*cachedPage{}, inflight: map[string]*pageCall{}}
}

func cacheablePath(r *http.Request) bool {
	if r.Method != http.MethodGet || r.URL.Query().Has("format") {
		return false
	}
	p := r.URL.Path
	for _, pre := range []string{"/static/", "/files/", "/login", "/logout", "/lang/", "/healthz", "/readyz", "/imports/"} {
		if strings.HasPrefix(p, pre) {
			return false
		}
	}
	if c, err := r.Cookie("flash"); err == nil && c.Value != "" {
		return false
	}
	return true
}

func (s *Server) cachePages(next http.Handler) http.Handler {
	c := s.pages
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c == nil || !cacheablePath(r) {
			next.ServeHTTP(w, r)
			return
		}
		stamp, err := s.app.Store.Read().DataStamp(r.Context())
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		who := "-"
		if u := userOf(r); u != nil {
			who = u.ID + "|" + string(u.Role) + "|" + u.ScopePath
		}
		key := fmt.Sprintf("%s|%s|%t|%s|%s|%d", who, lang(r), acceptsGzip(r.Header.Get("Accept-Encoding")), r.URL.RequestURI(),
			s.app.Now().UTC().Format("2006-01-02T15:04"), stamp)
		h := fnv.New128a()
		h.Write([]byte(key))
		etag := fmt.Sprintf(`"p%x"`, h.Sum(nil))
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.Header().Set("ETag", etag)
			w.Header().Set("Cache-Control", "private, no-cache")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		page, call, mine := c.get(stamp, key)
		if page == nil && call != nil && !mine {
			<-call.done
			page = call.page
		}
		if page != nil {
			for k, v := range page.header {
				w.Header()[k] = v
			}
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusOK)
			w.Write(page.body)
			return
		}
		rec := &pageRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		var kept *cachedPage
		hdr := rec.Header()
		if rec.status == http.StatusOK && hdr.Get("Set-Cookie") == "" && strings.HasPrefix(hdr.Get("Content-Type"), "text/html") &&
			!strings.Contains(hdr.Get("Cache-Control"), "no-store") {
			kept = &cachedPage{header: hdr.Clone(), body: rec.buf.Bytes()}
			kept.header.Set("Cache-Control", "private, no-cache")
			hdr.Set("ETag", etag)
			hdr.Set("Cache-Control", "private, no-cache")
		}
		if mine {
			c.finish(stamp, key, call, kept)
		}
		w.WriteHeader(rec.status)
		w.Write(rec.buf.Bytes())
	})
}

// get returns the kept page, or the rendering under way (mine: this view
// renders it and must finish it).
func (c *pageCache) get(stamp int64, key string) (*cachedPage, *pageCall, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if stamp != c.stamp {
		if stamp < c.stamp {
			return nil, nil, false // an older snapshot: render, keep nothing
		}
		c.stamp, c.m, c.bytes, c.inflight = stamp, map[string]*cachedPage{}, 0, map[string]*pageCall{}
	}
	if p := c.m[key]; p != nil {
		return p, nil, false
	}
	if call := c.inflight[key]; call != nil {
		return nil, call, false
	}
	call := &pageCall{done: make(chan struct{})}
	c.inflight[key] = call
	return nil, call, true
}

func (c *pageCache) finish(stamp int64, key string, call *pageCall, p *cachedPage) {
	c.mu.Lock()
	if c.inflight[key] == call {
		delete(c.inflight, key)
	}
	if p != nil && stamp == c.stamp {
		if c.bytes+len(p.body) > pageCacheMax {
			c.m, c.bytes = map[string]*cachedPage{}, 0
		}
		c.m[key] = p
		c.bytes += len(p.body)
	}
	call.page = p
	c.mu.Unlock()
	close(call.done)
}

// pageRecorder holds a page back until it is known whether to keep it.
type pageRecorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (p *pageRecorder) WriteHeader(code int)        { p.status = code }
func (p *pageRecorder) Write(b []byte) (int, error) { return p.buf.Write(b) }
