package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"khcn/internal/app"
	"khcn/internal/document"
	"khcn/internal/valid"
)

// download serves a file to those who may read its owner.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	f, data, err := s.app.OpenFile(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, f.Name, f.ContentType, data, r.URL.Query().Get("inline") == "1")
}

// sendFile writes a generated or stored file as an attachment (or inline for
// PDFs and images when asked), with a UTF-8 file name.
func sendFile(w http.ResponseWriter, name, contentType string, data []byte, inline bool) {
	disp := "attachment"
	if inline && (contentType == "application/pdf" || strings.HasPrefix(contentType, "image/")) {
		disp = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", document.ContentDisposition(disp, name))
	h.Set("Content-Length", fmt.Sprint(len(data)))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
	h.Set("Cache-Control", "private, no-store")
	w.Write(data)
}

// Upload is one file read from a multipart form.
type Upload struct {
	Name string
	Data []byte
}

// parseMultipart reads a multipart form within limit bytes in all; form
// values end up in r.PostForm like a plain form.
func parseMultipart(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	defer func() { checkText(r); picked(r) }()
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		if strings.HasPrefix(mediaType(r), "multipart/") {
			return err
		}
		return r.ParseForm()
	}
	return nil
}

func mediaType(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

// uploads returns the files posted in field (after parseMultipart).
func uploads(r *http.Request, field string) ([]Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []Upload
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, app.MaxFileSize+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, Upload{Name: fh.Filename, Data: data})
	}
	return out, nil
}

// tooLarge reports whether a request failed because its body passed the limit,
// and records the problem at field.
func tooLarge(err error, errs *valid.Errors, field string) bool {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		errs.Add(field, "err.file_too_big", app.MaxFileSize>>20)
		return true
	}
	return false
}
