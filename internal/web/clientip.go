package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// DefaultTrustedProxies is where a reverse proxy on the same machine connects from.
const DefaultTrustedProxies = "127.0.0.0/8,::1/128"

// ParseProxies reads a comma-separated list of CIDR ranges or single
// addresses (--trusted-proxies).
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// clientIP is the address the throttle and the audit log know a client by.
// Behind trusted proxies (--trust-proxy) it is the rightmost X-Forwarded-For
// entry that none of them wrote: each proxy appends the address it was
// reached from, and anything left of the first untrusted one was written by
// the client itself, so the leftmost entry is whatever the client chose.
func (s *Server) clientIP(r *http.Request) string {
	peer := remoteHost(r)
	if !s.fromProxy(r) {
		return peer
	}
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return peer // not an address where a proxy should have written one
		}
		if !s.trusted(a) {
			return a.String()
		}
	}
	if len(hops) > 0 {
		a, _ := parseHop(hops[0])
		return a.String() // a client on a trusted network itself
	}
	return peer
}

// fromProxy reports whether the request came straight from a trusted proxy,
// whose X-Forwarded-* headers may then be read.
func (s *Server) fromProxy(r *http.Request) bool {
	if !s.cfg.TrustProxy {
		return false
	}
	a, ok := parseHop(remoteHost(r))
	return ok && s.trusted(a)
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// forwardedFor splits every X-Forwarded-For header, in order, into entries.
func forwardedFor(headers []string) []string {
	var out []string
	for _, h := range headers {
		for _, e := range strings.Split(h, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

// parseHop reads an address, with or without a port (some proxies add one).
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
