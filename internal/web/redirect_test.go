package web

import (
	"net/url"
	"strings"
	"testing"
)

// browserURL reads a Location the way a browser does (WHATWG URL): leading
// and trailing spaces and controls trimmed, tabs and newlines dropped, a
// backslash read as a slash, then resolved against the page.
func browserURL(base *url.URL, loc string) (*url.URL, error) {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= 0x20 })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	return base.ResolveReference(ref), nil
}

// Redirect targets seen used against the demo, and their relatives. The
// decoded form is given (what Query().Get and PostForm.Get return).
var hostileTargets = []string{
	"/\t/evil.example/x", // /lang/en?back=/%09/evil.example/x
	"/\n/evil.example", "/\r/evil.example", "\t//evil.example", " //evil.example", "/\t\\evil.example",
	"//evil.example", "///evil.example", "////evil.example/x", "//evil.example/%2F..",
	`/\evil.example`, `\\evil.example`, `/\/evil.example`, `\/evil.example`, `/\\evil.example`,
	"https://evil.example", "http:evil.example", "HTTPS://evil.example", "javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>", "evil.example", "evil.example/x", "./evil", "?x",
	"/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%5c%5cevil.example",
	"/%09/evil.example", "/%0A/evil.example", "/%2F%5Cevil.example", "/%zz",
	"/\x00/evil.example", "/\x7f", "/\u0085/evil.example", "/\u2028/evil.example", "/\u200b/evil.example",
	"/\u202e/elpmaxe.live", "/\ufeff//evil.example", "/\xff/evil.example", "",
	"/x?y=\\evil", "/x#\t",
}

var localTargets = []string{
	"/", "/proposals", "/proposals?call=abc&q=%C4%91%C6%B0%E1%BB%9Dng", "/orgunits/hn-09022",
	"/profile#password", "/reports?period=2025-H1&back=%2Freports", "/tìm-kiếm?q=đường",
	"/ocop/products/0197c4f2-7a3b-7c1d-9e2f-3a4b5c6d7e8f/edit", "/@evil.example", "/a/b/../c",
	"/.//evil.example", // a path: the host is read before dot segments are removed
}

func TestLocalPathCorpus(t *testing.T) {
	base, _ := url.Parse("https://khcn.hanoi.gov.vn/proposals/x")
	for _, p := range hostileTargets {
		if got := localPath(p); got != "/" {
			t.Errorf("localPath(%q) = %q, want /", p, got)
		}
	}
	for _, p := range localTargets {
		if got := localPath(p); got != p {
			t.Errorf("localPath(%q) = %q, want it kept", p, got)
		}
	}
	// Whatever comes out, a browser stays on this host.
	for _, p := range append(append([]string{}, hostileTargets...), localTargets...) {
		u, err := browserURL(base, localPath(p))
		if err != nil || u.Host != base.Host || u.Scheme != base.Scheme {
			t.Errorf("localPath(%q) = %q takes a browser to %v (%v)", p, localPath(p), u, err)
		}
	}
}

// The test's browser reading is itself right about the attacks it catches.
func TestBrowserURLReadsTheTrick(t *testing.T) {
	base, _ := url.Parse("https://khcn.hanoi.gov.vn/")
	for _, p := range []string{"/\t/evil.example/x", `/\evil.example`, "//evil.example"} {
		if u, _ := browserURL(base, p); u == nil || u.Host != "evil.example" {
			t.Errorf("%q read as %v, want evil.example", p, u)
		}
	}
}
