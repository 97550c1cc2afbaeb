package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"khcn/internal/document"
	"khcn/internal/hanoi"
	"khcn/internal/valid"
)

// Official documents: the page that issues a document (gives it its number
// in the issuing unit's register), and the administrator's settings of each
// issuing unit (symbol, heading, signer) with its register of the year.
// documentsArea is the area's menu entries and routes, listed in areas.go.
func documentsArea() area {
	return area{name: "documents", nav: []navEntry{
		{section: "admin", order: 97, label: "nav.documents", href: "/admin/documents", action: document.Settings},
	}, routes: func(s *Server, m *http.ServeMux) {
		m.HandleFunc("GET /documents", s.docStatus)
		m.HandleFunc("POST /documents/issue", s.issueDoc)
		m.HandleFunc("GET /admin/documents", s.docIssuer)
		m.HandleFunc("POST /admin/documents/{unit}", s.saveDocIssuer)
	}}
}

// docStatus shows whether a document is a draft or issued, and offers to
// issue it.
func (s *Server) docStatus(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.showDocStatus(w, r, http.StatusOK, q.Get("kind"), q.Get("subject"), localPath(q.Get("back")), nil)
}

func (s *Server) showDocStatus(w http.ResponseWriter, r *http.Request, status int, kind, subject, back string, errs valid.Errors) {
	st, err := s.app.DocumentStatus(r.Context(), s.actor(r), kind, subject)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.doc.issue", map[string]any{"Doc": st, "Back": back})
	p.Errors = errs
	s.showPage(w, r, status, "documents/issue", p)
}

// issueDoc issues a document and goes back to where it was offered.
func (s *Server) issueDoc(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	f := r.PostForm
	kind, subject, back := f.Get("kind"), f.Get("subject"), localPath(f.Get("back"))
	_, err := s.app.IssueDocument(r.Context(), s.actor(r), kind, subject)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		s.showDocStatus(w, r, http.StatusUnprocessableEntity, kind, subject, back, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/documents?"+url.Values{"kind": {kind}, "subject": {subject}, "back": {back}}.Encode(), "flash.doc.issued")
	}
}

// docIssuer is an issuing unit's settings form and its register.
func (s *Server) docIssuer(w http.ResponseWriter, r *http.Request) {
	unit := r.URL.Query().Get("unit")
	if unit == "" {
		unit = hanoi.SoID
	}
	s.showDocIssuer(w, r, http.StatusOK, unit, nil)
}

func (s *Server) showDocIssuer(w http.ResponseWriter, r *http.Request, status int, unit string, errs valid.Errors) {
	pg, err := s.app.DocIssuer(r.Context(), s.actor(r), unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.app.DocIssuerUnits(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.doc.settings", map[string]any{"Page": pg, "Units": units})
	fillIssuer(p.Form, pg.Issuer)
	keepTyped(p, r, errs)
	s.showPage(w, r, status, "documents/settings", p)
}

func fillIssuer(v url.Values, i document.Issuer) {
	v.Set("symbol", i.Symbol)
	v.Set("parent_body", i.ParentBody)
	v.Set("name", i.Name)
	v.Set("authority", i.Authority)
	v.Set("title", i.Title)
	v.Set("signer", i.Signer)
	v.Set("version", strconv.Itoa(i.Version))
}

// saveDocIssuer saves the settings form.
func (s *Server) saveDocIssuer(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	f := r.PostForm
	unit := r.PathValue("unit")
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		version = -1 // a tampered form: reported as a conflict
	}
	err = s.app.SaveDocIssuer(r.Context(), s.actor(r), document.Issuer{UnitID: unit, Symbol: f.Get("symbol"), ParentBody: f.Get("parent_body"),
		Name: f.Get("name"), Authority: f.Get("authority"), Title: f.Get("title"), Signer: f.Get("signer"), Version: version})
	s.outcome(w, r, err, "/admin/documents?unit="+url.QueryEscape(unit), "flash.saved", func(errs valid.Errors) {
		s.showDocIssuer(w, r, http.StatusUnprocessableEntity, unit, errs)
	})
}
