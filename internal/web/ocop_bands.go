package web

import (
	"net/http"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/valid"
)

// ocopBands shows the star bands for editing.
func (s *Server) ocopBands(w http.ResponseWriter, r *http.Request) {
	s.showBands(w, r, http.StatusOK, nil)
}

// showBands renders the bands form: the saved bands, or what was typed with
// its problems. After a conflict the form keeps what was typed but starts
// from the bands now saved, which are shown beside it.
func (s *Server) showBands(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	if !s.may(r, ocop.BandsManage) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	ref, err := s.app.OcopReference(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.ocop.bands", map[string]any{"Bands": ref.Bands, "Levels": []int{5, 4, 3, 2, 1}})
	for _, b := range ref.Bands {
		p.Form.Set(ocop.BandField(b.Stars), locale.Decimal(b.MinScore, 2))
		p.Form.Set(oldBandField(b.Stars), locale.Decimal(b.MinScore, 2))
	}
	keepTyped(p, r, errs)
	if errs.Has("form") { // a conflict: what was typed, against the bands now saved
		for _, b := range ref.Bands {
			p.Form.Set(oldBandField(b.Stars), locale.Decimal(b.MinScore, 2))
		}
	}
	s.showPage(w, r, status, "ocop/bands", p)
}

func oldBandField(stars int) string { return "old" + strconv.Itoa(stars) }

// saveBands sets all five levels at once.
func (s *Server) saveBands(w http.ResponseWriter, r *http.Request) {
	if !s.mustForm(w, r) {
		return
	}
	typed, old := map[string]string{}, ocop.Bands{}
	for stars := 1; stars <= 5; stars++ {
		typed[ocop.BandField(stars)] = r.PostForm.Get(ocop.BandField(stars))
		was, err := locale.ParseNumber(r.PostForm.Get(oldBandField(stars)))
		if err != nil {
			was = -1 // a tampered form: the store finds no such band and reports a conflict
		}
		old = append(old, ocop.Band{Stars: stars, MinScore: was})
	}
	err := s.app.SaveOcopBands(r.Context(), s.actor(r), old, typed)
	s.outcome(w, r, err, "/ocop/bands", "flash.saved", func(errs valid.Errors) { s.showBands(w, r, http.StatusUnprocessableEntity, errs) })
}
