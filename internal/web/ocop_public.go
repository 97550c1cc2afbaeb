package web

import (
	"errors"
	"net/http"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/ocop"
	"khcn/internal/valid"
)

// catalogue is the public list of OCOP products and protected local marks.
func (s *Server) catalogue(w http.ResponseWriter, r *http.Request) {
	v, err := s.ocopView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := filterOf(r.URL.Query())
	if f.Stars < 0 {
		f.Stars = 0
	}
	c, err := s.app.PublicCatalogue(r.Context(), s.actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.exportCatalogue(w, r, c, v) {
		return
	}
	// The public catalogue of the country: a page of products at a time.
	pg := pageOf(r)
	total := len(c.Products)
	c.Products = slicePage(c.Products, &pg)
	s.showList(w, r, "ocop/catalogue", "ocop.title.catalogue", map[string]any{"C": c, "V": v, "Groups": v.groupOpts(), "Units": c.Units,
		"Pager": pg, "Total": total,
		"Kinds": keyOpts(lang(r), "ocop.ipkind.", ocop.IPKinds)})
}

func (s *Server) catalogueProduct(w http.ResponseWriter, r *http.Request) {
	v, err := s.ocopView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	it, p, photos, err := s.app.PublicProduct(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "ocop/catalogue_product", it.Name, map[string]any{"It": it, "P": p, "Photos": photos, "V": v})
}

// ---- import

func (s *Server) ocopImportForm(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, ocop.Import, "") {
		return
	}
	p := s.page(r, "ocop.title.import", importData(r))
	p.Form.Set("kind", string(ocop.ImportProducts))
	s.showPage(w, r, http.StatusOK, "ocop/import", p)
}

func importData(r *http.Request) map[string]any {
	return map[string]any{"Kinds": keyOpts(lang(r), "ocop.importkind.", ocop.ImportKinds), "Columns": ocop.Columns}
}

func (s *Server) ocopImport(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, ocop.Import, "") {
		return
	}
	var errs valid.Errors
	err := parseMultipart(w, r, app.MaxFileSize+(1<<20))
	if err != nil && !tooLarge(err, &errs, "file") {
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
		return
	}
	kind := ocop.ImportKind(r.PostForm.Get("kind"))
	files, _ := uploads(r, "file")
	d := importData(r)
	if errs == nil && len(files) == 0 {
		errs.Add("file", "err.file_empty")
	}
	if errs != nil {
		s.showForm(w, r, "ocop/import", "ocop.title.import", d, errs)
		return
	}
	// The file is checked as a table at once; its rows are checked and
	// written in the background, and the progress page shows the outcome.
	id, err := s.app.StartOcopImport(r.Context(), s.actor(r), kind, files[0].Data)
	var ie app.ImportErrors
	switch {
	case errors.As(err, &ie):
		var rows []importProblem
		for _, p := range ie {
			rows = append(rows, importProblem{p.Line, p.Column, i18n.T(lang(r), p.Key, p.Args...)})
		}
		d["Problems"] = rows
		errs.Add("file", "ocop.import.refused", len(ie))
		s.showForm(w, r, "ocop/import", "ocop.title.import", d, errs)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/imports/"+id, "")
	}
}

// importProblem is one translated import error for the page.
type importProblem struct {
	Line    int
	Column  string
	Message string
}
