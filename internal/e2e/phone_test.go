package e2e

import (
	_ "embed"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khcn/internal/demo"
	"khcn/internal/webtest"
)

//go:embed pagecheck.js
var pageCheckJS string

// phoneWidth is the screen of the phone the pages must fit (an iPhone 12/13/14).
const phoneWidth = 390

// minChartFont is the smallest chart label a reader should have to read, in
// CSS pixels as drawn on the screen.
const minChartFont = 11

// pageCheck is what pagecheck.js finds wrong on one page.
type pageCheck struct {
	ScrollWidth int      `json:"scrollWidth"`
	Width       int      `json:"width"`
	Wide        []string `json:"wide"`
	Contrast    []string `json:"contrast"`
	Small       []string `json:"small"`
}

var (
	idPart = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f-]{27}|hn-[0-9a-z-]+|\b\d+\b`)
	// roleTour is who visits, in turn. Roles of one group see the same
	// kinds of pages: a kind one of them has checked is not visited again.
	roleTour = []struct{ login, group string }{{"", "public"}, {"canbo.melinh", "unit"}, {"lanhdao.melinh", "unit"},
		{"chuyenvien", "so"}, {"lanhdao.so", "so"}, {"admin", "so"}, {"chuyengia", "council"}}
)

// pageKind is a page's path with its IDs taken out and its query reduced to
// the names of its parameters: pages of one kind share a template.
func pageKind(path string) string {
	p, q, _ := strings.Cut(path, "?")
	vals, _ := url.ParseQuery(q)
	var keys []string
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return idPart.ReplaceAllString(p, "ID") + "?" + strings.Join(keys, "&")
}

// tourOf is the pages a login reaches by following links (the crawl of
// the HTTP tests), following only links of kinds not yet in seen.
func tourOf(c *webtest.Client, limit int, seen map[string]bool) []string {
	pages := webtest.CrawlWith(c, limit, func(path string) bool {
		k := pageKind(path)
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	})
	var out []string
	for p, r := range pages {
		if r.Status == http.StatusOK && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// On a 390 px phone every page each role reaches fits the screen: nothing
// is wider than the screen (wide tables scroll inside their own box), all
// text meets WCAG AA contrast, and chart labels are drawn at 11 px or more.
// One tab, each role in turn, one page of each kind (IDs aside) for each
// group of roles.
func TestEveryPageFitsAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("visits every kind of page as every role")
	}
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	b.Run(emulatePhone())
	start := time.Now()
	visited := 0
	var crawling, navTime, checkTime time.Duration
	seen := map[string]map[string]bool{}
	for _, role := range roleTour {
		login := role.login
		if seen[role.group] == nil {
			seen[role.group] = map[string]bool{}
		}
		c := b.Env.Client()
		if login != "" {
			c = b.Env.Login(login)
		}
		crawled := time.Now()
		tour := tourOf(c, 400, seen[role.group])
		crawling += time.Since(crawled)
		who := login
		if login == "" {
			who = "public"
		} else {
			b.Login(login)
		}
		for _, path := range tour {
			v0 := time.Now()
			b.Visit(path)
			navTime += time.Since(v0)
			v0 = time.Now()
			res := get(b, chromedp.Evaluate[pageCheck](`(`+pageCheckJS+`)(`+strconv.Itoa(minChartFont)+`)`))
			visited++
			checkTime += time.Since(v0)
			if res.Width != phoneWidth {
				t.Fatalf("the viewport is %d px wide, not %d", res.Width, phoneWidth)
			}
			if res.ScrollWidth > phoneWidth || len(res.Wide) > 0 {
				t.Errorf("%s %s is %d px wide at %d px: %s", who, path, res.ScrollWidth, phoneWidth, firstFew(res.Wide))
			}
			if len(res.Contrast) > 0 {
				t.Errorf("%s %s: text below WCAG AA contrast: %s", who, path, firstFew(res.Contrast))
			}
			if len(res.Small) > 0 {
				t.Errorf("%s %s: chart labels under %d px: %s", who, path, minChartFont, firstFew(res.Small))
			}
		}
		if login != "" {
			b.Logout()
		}
	}
	t.Logf("visited %d pages as %d roles in %s (crawling %s, nav %s, check %s)", visited, len(roleTour), time.Since(start).Round(time.Second), crawling.Round(time.Second), navTime, checkTime)
}

func firstFew(s []string) string {
	if len(s) > 4 {
		return strings.Join(s[:4], "; ") + " …"
	}
	return strings.Join(s, "; ")
}
