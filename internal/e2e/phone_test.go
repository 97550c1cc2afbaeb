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
	Texts       int      `json:"texts"`       // text elements whose contrast was measured
	ChartLabels int      `json:"chartLabels"` // chart labels whose size was measured
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
	tourEveryPage(t, b, phoneWidth, true)
}

// desktopWidth is the screen of an office computer.
const desktopWidth = 1280

// On a 1280 px desktop screen the same pages keep their text at WCAG AA
// contrast and their chart labels at 11 px or more: the stylesheet shows
// other things there (the menu bar, the wide charts).
func TestEveryPageReadsOnADesktop(t *testing.T) {
	if testing.Short() {
		t.Skip("visits every kind of page as every role")
	}
	b := Start(t, webtest.Options{Steps: demo.Steps()})
	b.Run(emulateDesktop())
	tourEveryPage(t, b, desktopWidth, false)
}

// tourEveryPage visits every kind of page each role reaches on a screen of
// width px and checks it; fit also checks nothing is wider than the screen.
func tourEveryPage(t *testing.T, b *Browser, width int, fit bool) {
	t.Helper()
	start := time.Now()
	visited, texts, labels := 0, 0, 0
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
			res := checkPage(t, b, who+" "+path, width, fit)
			if path == "/" && fit {
				// The menu, shut on a phone until its button is pressed.
				get(b, chromedp.Evaluate[bool](`document.getElementById("nav").classList.add("open") || true`))
				more := checkPage(t, b, who+" "+path+" (menu open)", width, fit)
				res.Texts += more.Texts
			}
			checkTime += time.Since(v0)
			visited++
			texts += res.Texts
			labels += res.ChartLabels
		}
		if login != "" {
			b.Logout()
		}
	}
	// The checks must have had something to check.
	if visited < 150 || texts < 20*visited || labels < 100 {
		t.Errorf("checked only %d pages, %d texts, %d chart labels", visited, texts, labels)
	}
	t.Logf("visited %d pages at %d px as %d roles in %s (crawling %s, loading %s, checking %s); %d texts, %d chart labels",
		visited, width, len(roleTour), time.Since(start).Round(time.Second), crawling.Round(time.Second), navTime.Round(time.Second), checkTime.Round(time.Second), texts, labels)
}

func firstFew(s []string) string {
	if len(s) > 4 {
		return strings.Join(s[:4], "; ") + " …"
	}
	return strings.Join(s, "; ")
}

// checkPage runs pagecheck.js on the page shown, on a screen width px
// wide, and reports what it finds wrong (fit: also what is wider than the
// screen).
func checkPage(t *testing.T, b *Browser, where string, width int, fit bool) pageCheck {
	t.Helper()
	res := get(b, chromedp.Evaluate[pageCheck](`(`+pageCheckJS+`)(`+strconv.Itoa(minChartFont)+`)`))
	if res.Width != width {
		t.Fatalf("the viewport is %d px wide, not %d", res.Width, width)
	}
	if fit && (res.ScrollWidth > width || len(res.Wide) > 0) {
		t.Errorf("%s is %d px wide at %d px: %s", where, res.ScrollWidth, width, firstFew(res.Wide))
	}
	if len(res.Contrast) > 0 {
		t.Errorf("%s at %d px: text below WCAG AA contrast: %s", where, width, firstFew(res.Contrast))
	}
	if len(res.Small) > 0 {
		t.Errorf("%s at %d px: chart labels under %d px: %s", where, width, minChartFont, firstFew(res.Small))
	}
	return res
}

// checkPhonePage checks one page at the phone's width.
func checkPhonePage(t *testing.T, b *Browser, where string) pageCheck {
	t.Helper()
	return checkPage(t, b, where, phoneWidth, true)
}
