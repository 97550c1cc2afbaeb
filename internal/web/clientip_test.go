package web

import (
	"net/http/httptest"
	"testing"
)

// The client address is the rightmost X-Forwarded-For entry no trusted
// proxy wrote; a client cannot choose it.
func TestClientIPBehindTrustedProxies(t *testing.T) {
	proxies, err := ParseProxies(DefaultTrustedProxies + ", 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		trust bool
		peer  string
		xff   []string
		want  string
	}{
		{false, "203.0.113.1", []string{"1.1.1.1"}, "203.0.113.1"},
		{true, "127.0.0.1", nil, "127.0.0.1"},
		{true, "127.0.0.1", []string{"1.1.1.1"}, "1.1.1.1"},
		{true, "127.0.0.1", []string{"6.6.6.6, 1.1.1.1"}, "1.1.1.1"},              // the client wrote 6.6.6.6
		{true, "127.0.0.1", []string{"6.6.6.6,1.1.1.1, 10.0.0.5"}, "1.1.1.1"},     // two proxies of ours
		{true, "10.0.0.5", []string{"6.6.6.6", "1.1.1.1"}, "1.1.1.1"},             // two headers
		{true, "203.0.113.9", []string{"1.1.1.1"}, "203.0.113.9"},                 // not through our proxy
		{true, "127.0.0.1", []string{"1.1.1.1, nonsense"}, "127.0.0.1"},           // no address where ours writes one
		{true, "127.0.0.1", []string{"nonsense, 1.1.1.1"}, "1.1.1.1"},             // the client's junk is ignored
		{true, "127.0.0.1", []string{"1.1.1.1:4711"}, "1.1.1.1"},                  // a proxy that adds the port
		{true, "127.0.0.1", []string{"[2001:db8::1]:443"}, "2001:db8::1"},         // IPv6 with a port
		{true, "127.0.0.1", []string{"::ffff:1.1.1.1"}, "1.1.1.1"},                // IPv4 mapped
		{true, "::1", []string{"10.0.0.7"}, "10.0.0.7"},                           // a client inside
		{true, "127.0.0.1", []string{"1.1.1.1, 127.0.0.1, 127.0.0.1"}, "1.1.1.1"}, // proxies chained on the host
	}
	for _, c := range cases {
		s := &Server{cfg: Config{TrustProxy: c.trust, TrustedProxies: proxies}}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer + ":5555"
		if c.peer == "::1" {
			r.RemoteAddr = "[::1]:5555"
		}
		for _, h := range c.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if got := s.clientIP(r); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

func TestXForwardedProtoOnlyFromTrustedProxies(t *testing.T) {
	proxies, _ := ParseProxies(DefaultTrustedProxies)
	s := &Server{cfg: Config{TrustProxy: true, TrustedProxies: proxies}}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	r.RemoteAddr = "127.0.0.1:5555"
	if !s.secure(r) {
		t.Error("https from our proxy not honoured")
	}
	r.RemoteAddr = "203.0.113.1:5555"
	if s.secure(r) {
		t.Error("X-Forwarded-Proto honoured from a stranger")
	}
}

func TestParseProxies(t *testing.T) {
	ps, err := ParseProxies(" 10.0.0.0/8, 192.168.1.7 ,::1/128,")
	if err != nil || len(ps) != 3 || ps[1].String() != "192.168.1.7/32" {
		t.Errorf("%v %v", ps, err)
	}
	for _, bad := range []string{"nonsense", "10.0.0.1/40", "10.0.0.0/8;1.2.3.4"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
