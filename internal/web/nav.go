package web

import (
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
	label  string
	href   string
	action account.Action
}

// navigation lists the main menu in order; an entry shows when the user may do
// its action within their own scope. Areas add their entries here.
var navigation = []navEntry{
	{"nav.home", "/", ""},
	{"nav.orgunits", "/orgunits", account.OrgTreeView},
	{"nav.users", "/admin/users", account.UserList},
	{"nav.audit", "/admin/audit", account.AuditView},
}

func navFor(u *account.User, path string) []NavItem {
	var out []NavItem
	for _, e := range navigation {
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
