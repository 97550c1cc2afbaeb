package web

import (
	"net/http"
	"sort"
	"strings"

	"khcn/internal/account"
)

// NavItem is a link in the main navigation or in a section's tabs.
type NavItem struct {
	Label  string // message key
	Href   string
	Active bool
}

// navEntry is one page reachable from the menu. Entries group into sections
// (by default, their area): the top menu shows one item per section, linking
// to the first entry the user may open, and the section's pages appear as
// tabs under the header when the section asks for them.
type navEntry struct {
	order   int // position, low first
	label   string
	href    string
	action  account.Action // shown when the user may do this in their scope
	section string         // another area's section, when not the entry's own
}

// area is one part of the product's web side: its menu section and routes.
// Each area's file has a constructor (callsArea…) and areas.go lists them
// all; the server builds its routes and menu from that one list.
type area struct {
	name   string
	label  string // message key of the area's item in the top menu
	tabs   bool   // show the section's entries as tabs (areas with their own tabs say false)
	nav    []navEntry
	routes func(s *Server, m *http.ServeMux)
}

type section struct {
	name    string
	label   string
	tabs    bool
	entries []navEntry
}

// sections groups every entry of the areas by section, in menu order:
// entries sort by their order number, ties keep the list's order.
func sections(areas []area) []*section {
	byName := map[string]*section{}
	var out []*section
	for _, a := range areas {
		if a.label != "" {
			byName[a.name] = &section{name: a.name, label: a.label, tabs: a.tabs}
		}
	}
	var entries []navEntry
	for _, a := range areas {
		for _, e := range a.nav {
			if e.section == "" {
				e.section = a.name
			}
			entries = append(entries, e)
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].order < entries[j].order })
	for _, e := range entries {
		sec := byName[e.section]
		if sec == nil {
			continue
		}
		if len(sec.entries) == 0 {
			out = append(out, sec)
		}
		sec.entries = append(sec.entries, e)
	}
	return out
}

func visible(u *account.User, e navEntry) bool {
	if e.action == "" {
		return true
	}
	obj := account.None
	if u != nil {
		obj = account.Unit(u.ScopePath)
	}
	return account.Can(u, e.action, obj)
}

// matches reports whether path is the entry's page or below it.
func matches(path, href string) bool {
	if href == "/" {
		return path == "/"
	}
	return path == href || strings.HasPrefix(path, strings.TrimSuffix(href, "/")+"/")
}

// navFor returns the top menu and, for the current section, its tabs.
func navFor(secs []*section, u *account.User, path string) (top, tabs []NavItem) {
	best := ""
	var current *section
	var shown [][]navEntry
	for _, sec := range secs {
		var vis []navEntry
		for _, e := range sec.entries {
			if visible(u, e) {
				vis = append(vis, e)
				if matches(path, e.href) && len(e.href) > len(best) {
					best, current = e.href, sec
				}
			}
		}
		shown = append(shown, vis)
	}
	for i, sec := range secs {
		if len(shown[i]) == 0 {
			continue
		}
		top = append(top, NavItem{Label: sec.label, Href: shown[i][0].href, Active: sec == current})
		if sec == current && sec.tabs && len(shown[i]) > 1 {
			for _, e := range shown[i] {
				tabs = append(tabs, NavItem{Label: e.label, Href: e.href, Active: e.href == best})
			}
		}
	}
	return top, tabs
}
