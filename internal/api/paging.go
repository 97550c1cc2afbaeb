package api

import (
	"encoding/base64"
	"sort"
	"strconv"
	"strings"

	"khcn/internal/locale"
	"khcn/internal/valid"
)

// Page is a page of a list. Items are in a stable order by a key; Next is
// the cursor of the page after this one ("" on the last page). A cursor is
// opaque: it names the last key seen, so items added or removed before it
// do not shift the pages after it.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty" doc:"cursor of the next page; absent on the last page"`
	Total int    `json:"total" doc:"items matching the filters, on every page"`
}

// DefaultLimit and MaxLimit bound the page size.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

var pagingParams = []Param{
	{Name: "limit", Description: "items per page (1–500, default 50)"},
	{Name: "cursor", Description: "the next value of the previous page"},
}

// paginate sorts items by key and returns the page after the request's
// cursor.
func paginate[T any](c *Ctx, items []T, key func(T) string) (Page[T], error) {
	limit := DefaultLimit
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxLimit {
			return Page[T]{}, badParam("limit")
		}
		limit = n
	}
	after := ""
	if s := c.Query("cursor"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || !strings.HasPrefix(string(b), "k:") {
			return Page[T]{}, &apiError{status: 400, code: "bad_cursor"}
		}
		after = string(b[2:])
	}
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	start := 0
	if after != "" {
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > after })
	}
	end := min(start+limit, len(items))
	p := Page[T]{Items: items[start:end], Total: len(items)}
	if p.Items == nil {
		p.Items = []T{}
	}
	if end < len(items) {
		p.Next = base64.RawURLEncoding.EncodeToString([]byte("k:" + key(items[end-1])))
	}
	return p, nil
}

func badParam(name string) error {
	e := valid.Errors{}
	e.Add(name, "api.err.bad_param")
	return &apiError{status: 400, code: "bad_param", errs: e}
}

// matchText is the pages' Vietnamese-aware search: every typed word, folded
// (no diacritics, đ → d), appears in the folded text.
func matchText(q string, texts ...string) bool {
	if q == "" {
		return true
	}
	hay := locale.Fold(strings.Join(texts, " "))
	for _, w := range strings.Fields(locale.Fold(q)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
