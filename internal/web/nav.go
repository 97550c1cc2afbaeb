package web

import (
	"net/http"
	"sort"
	"strings"

	"khcn/internal/account"
)

// NavItem is a link in the main navigation.
type NavItem struct {
	Label  string // message key
	Href   string
	Active bool
}

type navEntry struct {
	order  int // position in the menu, low first
	label  string
	href   string
	action account.Action // shown when the user may do this in their scope
}

// area is one part of the product's web side: its menu entries and routes.
// Each area registers itself from an init function in its own file, so areas
// never edit a shared list.
type area struct {
	name   string
	nav    []navEntry
	routes func(s *Server, m *http.ServeMux)
}

var areas []area

func register(a area) { areas = append(areas, a) }

func navigation() []navEntry {
	var out []navEntry
	for _, a := range areas {
		out = append(out, a.nav...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func navFor(u *account.User, path string) []NavItem {
	var out []NavItem
	for _, e := range navigation() {
		if e.action != "" {
			obj := account.None
			if u != nil {
				obj = account.Unit(u.ScopePath)
			}
			if !account.Can(u, e.action, obj) {
				continue
			}
		}
		active := path == e.href || (e.href != "/" && strings.HasPrefix(path, e.href))
		out = append(out, NavItem{Label: e.label, Href: e.href, Active: active})
	}
	return out
}
