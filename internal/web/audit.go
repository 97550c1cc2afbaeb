package web

import (
	"net/http"
	"strings"

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
	p := s.page(r, "title.audit", map[string]any{"Entries": entries, "Next": next})
	p.Form = q
	p.Errors = errs
	s.showPage(w, r, http.StatusOK, "admin/audit", p)
}
