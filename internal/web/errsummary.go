package web

import (
	"html"
	"html/template"
	"regexp"
	"slices"
	"strings"
)

// SummaryItem is one problem of a refused form, as its error summary lists
// it: the field's label, the message, and the id of the element the link
// leads to ("" when the page has no element for the field).
type SummaryItem struct {
	Href, Label, Message string
}

// ErrorSummary lists the problems of a refused form in the order of their
// fields on the page, for the summary at the top of the form.
func (p *Page) ErrorSummary() []SummaryItem { return p.summary }

// Described gives a field's control its accessible description: the hint
// (id h-name) when it has one and the error (id e-name) when there is one,
// and marks the control invalid then.
func (p *Page) Described(name string, hint any) template.HTMLAttr {
	var ids []string
	if h, ok := hint.(string); (ok && h != "") || hint == true {
		ids = append(ids, "h-"+name)
	}
	attr := ""
	if p.Err(name) != "" {
		ids = append(ids, "e-"+name)
		attr = ` aria-invalid="true"`
	}
	if len(ids) > 0 {
		attr += ` aria-describedby="` + html.EscapeString(strings.Join(ids, " ")) + `"`
	}
	return template.HTMLAttr(attr)
}

var (
	idAttrRE = regexp.MustCompile(`\sid="([^"]+)"`)
	labelRE  = regexp.MustCompile(`(?s)<label\b[^>]*\bfor="([^"]+)"[^>]*>(.*?)</label>`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// summarize works out the error summary of a refused form from the page as
// first drawn: each problem links to its field's control (f-name), or to its
// message (e-name) where the control is custom, under the field's label.
// The labels are known only once the whole form is drawn, so the page is
// drawn twice when a form comes back with problems.
func summarize(page string, p *Page) []SummaryItem {
	at := map[string]int{}
	for _, m := range idAttrRE.FindAllStringSubmatchIndex(page, -1) {
		id := page[m[2]:m[3]]
		if _, ok := at[id]; !ok {
			at[id] = m[0]
		}
	}
	labels := map[string]string{}
	for _, m := range labelRE.FindAllStringSubmatch(page, -1) {
		if _, ok := labels[m[1]]; !ok {
			text := strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(m[2], " "))), " ")
			labels[m[1]] = strings.TrimSpace(strings.TrimSuffix(text, "*"))
		}
	}
	type placed struct {
		SummaryItem
		pos  int
		name string
	}
	var items []placed
	for name := range p.Errors {
		if name == "form" {
			continue
		}
		it := placed{SummaryItem: SummaryItem{Message: p.Err(name), Label: labels["f-"+name]}, pos: len(page), name: name}
		for _, id := range []string{"f-" + name, "e-" + name} {
			if pos, ok := at[id]; ok {
				it.Href, it.pos = id, pos
				break
			}
		}
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b placed) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]SummaryItem, len(items))
	for i, it := range items {
		out[i] = it.SummaryItem
	}
	return out
}
