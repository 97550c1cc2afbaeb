package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var (
	summaryRE   = regexp.MustCompile(`(?s)<div class="alert error-summary" id="error-summary" role="alert" tabindex="-1" autofocus[^>]*>(.*?)</div>`)
	anyIDRE     = regexp.MustCompile(`\sid="([^"]+)"`)
	fragmentRE  = regexp.MustCompile(`href="#([^"]+)"`)
	fieldErrRE  = regexp.MustCompile(`\sid="e-([^"]+)"`)
	describedRE = regexp.MustCompile(`aria-describedby="([^"]+)"`)
)

// checkErrorSummary checks a form shown again with problems: the error
// summary is at the top, focusable and focused when the page opens; each of
// its links leads to an element of the page; every field with a message is
// in it; and every aria-describedby names elements that exist.
func checkErrorSummary(t *testing.T, where, body string) {
	t.Helper()
	m := summaryRE.FindStringSubmatch(body)
	if m == nil {
		t.Errorf("%s: a refused form without its error summary", where)
		return
	}
	ids := map[string]bool{}
	for _, id := range anyIDRE.FindAllStringSubmatch(body, -1) {
		ids[html.UnescapeString(id[1])] = true
	}
	linked := map[string]bool{}
	for _, l := range fragmentRE.FindAllStringSubmatch(m[1], -1) {
		id := html.UnescapeString(l[1])
		linked[id] = true
		if !ids[id] {
			t.Errorf("%s: the error summary links to #%s, which the page lacks", where, id)
		}
	}
	for _, e := range fieldErrRE.FindAllStringSubmatch(body, -1) {
		name := html.UnescapeString(e[1])
		if !linked["f-"+name] && !linked["e-"+name] {
			t.Errorf("%s: the problem at %s is not in the error summary", where, name)
		}
	}
	for _, d := range describedRE.FindAllStringSubmatch(body, -1) {
		for _, id := range strings.Fields(html.UnescapeString(d[1])) {
			if !ids[id] {
				t.Errorf("%s: aria-describedby names #%s, which the page lacks", where, id)
			}
		}
	}
}
