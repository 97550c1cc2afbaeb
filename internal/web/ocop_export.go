package web

import (
	"net/http"

	"khcn/internal/app"
	"khcn/internal/ocop"
)

// Exports and charts are wired to internal/document and internal/chart.
func (s *Server) exportItems(w http.ResponseWriter, r *http.Request, title string, items []app.OcopItem, v ocopView) bool {
	return false
}

func (s *Server) exportProducers(w http.ResponseWriter, r *http.Request, list []ocop.Producer) bool {
	return false
}

func (s *Server) exportIP(w http.ResponseWriter, r *http.Request, list []ocop.IPTitle) bool {
	return false
}

func ocopCharts(st app.OcopStats, v ocopView, l any) map[string]any { return nil }
