package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// listRows is how many rows a long list shows per page (national lists run
// to thousands of rows: 10,000 OCOP products, 20,000 action items).
const listRows = 100

// pager is a list's place: page n of a list, whether more follow, and the
// query that keeps the filters on the other pages. Exports (format=xlsx)
// are never paged.
type pager struct {
	Page, Pages int // Pages is 0 when unknown (More tells)
	More        bool
	Total       int
	query       url.Values
}

// pageOf reads ?page= (1 when absent or bad).
func pageOf(r *http.Request) pager {
	q := r.URL.Query()
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		n = 1
	}
	return pager{Page: n, query: q}
}

// Offset is the first row of the page.
func (p pager) Offset() int { return (p.Page - 1) * listRows }

// Query is the list's query for page n.
func (p pager) Query(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return q.Encode()
}

// Prev and Next are the neighbouring pages' queries.
func (p pager) Prev() string { return p.Query(p.Page - 1) }
func (p pager) Next() string { return p.Query(p.Page + 1) }

// Shown reports whether the list spans more than one page.
func (p pager) Shown() bool { return p.Page > 1 || p.More }

// slicePage cuts page p out of a list computed whole (sorted in Go by
// Vietnamese collation), filling Total, Pages and More.
func slicePage[T any](all []T, p *pager) []T {
	p.Total = len(all)
	p.Pages = (len(all) + listRows - 1) / listRows
	if p.Page > max(p.Pages, 1) {
		p.Page = max(p.Pages, 1)
	}
	from := min(p.Offset(), len(all))
	to := min(from+listRows, len(all))
	p.More = to < len(all)
	return all[from:to]
}
