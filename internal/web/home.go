package web

import "net/http"

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	items, err := s.app.Attention(r.Context(), s.actor(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.show(w, r, "core/home", "title.home", map[string]any{"Attention": items})
}
