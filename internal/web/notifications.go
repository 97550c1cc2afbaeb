package web

import (
	"net/http"
)

// notificationsArea is the area's menu entries and routes, listed in areas.go.
func notificationsArea() area {
	return area{
		name: "notifications",
		nav:  []navEntry{},
		routes: func(s *Server, m *http.ServeMux) {
			m.HandleFunc("GET /notifications", s.notifications)
			m.HandleFunc("POST /notifications/read", s.markRead)
			m.HandleFunc("GET /files/{id}", s.download)
		},
	}
}

func (s *Server) notifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.Notifications(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "core/notifications", "title.notifications", list)
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r, formLimit); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	if err := s.app.MarkRead(r.Context(), s.actor(r), r.PostForm.Get("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	if link := r.PostForm.Get("link"); link != "" {
		s.redirect(w, r, localPath(link), "")
		return
	}
	s.redirect(w, r, "/notifications", "")
}
