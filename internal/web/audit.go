package web

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		ObjectType: strings.TrimSpace(q.Get("type")), ObjectID: strings.TrimSpace(q.Get("object")), Before: q.Get("before"), Limit: 100}
	var errs valid.Errors
	if v := q.Get("from"); v != "" {
		if d, err := locale.ParseDate(v); err != nil {
			errs.Add("from", "err.date_format")
		} else {
			f.From = d.In(locale.Zone)
		}
	}
	if v := q.Get("to"); v != "" {
		if d, err := locale.ParseDate(v); err != nil {
			errs.Add("to", "err.date_format")
		} else {
			f.To = d.AddDays(1).In(locale.Zone)
		}
	}
	entries, err := s.app.AuditLog(r.Context(), s.actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := ""
	if len(entries) == f.Limit {
		v := r.URL.Query()
		v.Set("before", entries[len(entries)-1].ID)
		next = "/admin/audit?" + v.Encode()
	}
	names, err := s.app.AuditNames(r.Context(), s.actor(r), entries)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditLine(lang(r), e, names)
	}
	p := s.page(r, "title.audit", map[string]any{"Entries": entries, "Rows": rows, "Next": next})
	p.Form = q
	p.Errors = errs
	s.showPage(w, r, http.StatusOK, "admin/audit", p)
}

// auditRow is an audit entry as people read it: labels and names, with the
// codes kept for filtering.
type auditRow struct {
	store.AuditEntry
	Label, Kind, Object, Actor, Unit string
	Changes                          []auditChange
	More                             int // changes beyond those listed
}

// auditLine labels an entry: the action's label ("Sửa đợt đề xuất"), or
// else the kind of object and the verb; the object, actor and unit by name.
func auditLine(l i18n.Lang, e store.AuditEntry, names map[string]string) auditRow {
	row := auditRow{AuditEntry: e, Label: e.Action, Kind: e.ObjectType, Object: e.ObjectID, Actor: e.ActorLogin}
	if k := "audit.kind." + e.ObjectType; i18n.Has(k) {
		row.Kind = i18n.T(l, k)
	}
	if k := "audit.act." + e.Action; i18n.Has(k) {
		row.Label = i18n.T(l, k)
	} else if ev, ok := strings.CutPrefix(e.Action, "proposal."); ok && i18n.Has("event."+ev) {
		row.Label = i18n.T(l, "event."+ev)
	} else if i := strings.LastIndex(e.Action, "."); i > 0 && i18n.Has("audit.verb."+e.Action[i+1:]) {
		row.Label = i18n.T(l, "audit.verb."+e.Action[i+1:]) + " " + lowerFirst(row.Kind)
	}
	if n := names[e.ObjectType+":"+e.ObjectID]; n != "" {
		row.Object = n
	} else if len(e.ObjectID) > 13 {
		row.Object = e.ObjectID[:8] + "…"
	}
	if n := names["user:"+e.ActorID]; n != "" {
		row.Actor = n + " (" + e.ActorLogin + ")"
	}
	row.Unit = names["org_unit:"+e.UnitID]
	row.Changes, row.More = auditChanges(e.Before, e.After)
	return row
}

// lowerFirst puts a kind of object after a verb ("Sửa" + "Chủ thể OCOP" →
// "Sửa chủ thể OCOP"): only the first letter goes to lower case, so
// abbreviations (OCOP, SHTT, KH&CN) keep their capitals.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if n < len(s) {
		if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
			return s // an abbreviation at the start: "OCOP product"
		}
	}
	return string(unicode.ToLower(r)) + s[n:]
}
