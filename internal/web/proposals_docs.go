package web

import (
	"net/http"
	"strings"

	"khcn/internal/app"
)

// exportCall sends a call's list documents: summary.xlsx, summary.docx,
// approved.xlsx, approved.docx.
func (s *Server) exportCall(w http.ResponseWriter, r *http.Request) {
	kind, format, _ := strings.Cut(r.PathValue("doc"), ".")
	var g app.Generated
	var err error
	switch kind {
	case "summary":
		if format != "xlsx" && format != "docx" {
			s.fail(w, r, app.ErrNotFound)
			return
		}
		g, err = s.app.CallSummary(r.Context(), s.actor(r), r.PathValue("id"), format)
	case "approved":
		g, err = s.approvedList(r, format)
	default:
		err = app.ErrNotFound
	}
	s.sendGenerated(w, r, g, err)
}

func (s *Server) approvedList(r *http.Request, format string) (app.Generated, error) {
	if format != "xlsx" && format != "docx" {
		return app.Generated{}, app.ErrNotFound
	}
	return s.app.ApprovedList(r.Context(), s.actor(r), r.PathValue("id"), format)
}

// publicApproved sends a published list to anyone.
func (s *Server) publicApproved(w http.ResponseWriter, r *http.Request) {
	_, format, _ := strings.Cut(r.PathValue("doc"), ".")
	if !strings.HasPrefix(r.PathValue("doc"), "approved.") {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	g, err := s.approvedList(r, format)
	s.sendGenerated(w, r, g, err)
}

func (s *Server) printProposal(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		g, err := s.app.ProposalDocument(r.Context(), s.actor(r), r.PathValue("id"), format)
		s.sendGenerated(w, r, g, err)
	}
}

func (s *Server) sendGenerated(w http.ResponseWriter, r *http.Request, g app.Generated, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, g.Name, g.ContentType, g.Data, r.URL.Query().Get("inline") == "1")
}
