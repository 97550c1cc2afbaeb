package web

import (
	"net/http"
	"net/url"
	"strconv"

	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

func (s *Server) trainingList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.TrainingFilter{Kind: q.Get("kind"), Status: q.Get("status"), Text: q.Get("q")}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 1900 {
		f.From, f.To = civil.New(y, 1, 1), civil.New(y, 12, 31)
	}
	// A report's registry link narrows to its unit and span.
	if d, err := locale.ParseDate(q.Get("from")); err == nil {
		f.From = d
	}
	if d, err := locale.ParseDate(q.Get("to")); err == nil {
		f.To = d
	}
	list, err := s.app.Trainings(r.Context(), s.actor(r), f, q.Get("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.trainings", map[string]any{"List": list, "Kinds": followup.TrainingKinds})
	p.Form = q
	s.showPage(w, r, http.StatusOK, "followups/trainings", p)
}

func (s *Server) trainingFormData(r *http.Request) (map[string]any, error) {
	units, err := s.app.UnitChoices(r.Context(), s.today())
	return map[string]any{"Units": units, "Kinds": followup.TrainingKinds, "ID": r.PathValue("id")}, err
}

func (s *Server) trainingNew(w http.ResponseWriter, r *http.Request) {
	if !s.may(r, followup.TrainingRecord) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	data, err := s.trainingFormData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.training_new", data)
	p.Form.Set("unit_id", userOf(r).UnitID)
	p.Form.Set("status", string(followup.TrainingHeld))
	p.Form.Set("kind", string(followup.KindTraining))
	if rec := r.URL.Query().Get("recommendation"); rec != "" {
		v, err := s.app.Recommendation(r.Context(), s.actor(r), rec)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Form.Set("recommendation_id", rec)
		p.Form.Set("topic", v.Rec.Title)
		p.Form.Set("unit_id", v.Rec.UnitID)
		data["Rec"] = v.Rec
	}
	s.showPage(w, r, http.StatusOK, "followups/training_form", p)
}

func trainingInput(f *form) app.TrainingInput {
	return app.TrainingInput{Kind: followup.TrainingKind(f.str("kind")), Status: followup.TrainingStatus(f.str("status")), Date: f.date("date"),
		UnitID: f.str("unit_id"), Topic: f.str("topic"), Place: f.str("place"), Participants: f.whole("participants"), Notes: f.text("notes"),
		RecommendationID: f.str("recommendation_id"), Evidence: f.files("evidence"), Version: f.version()}
}

func (s *Server) trainingCreate(w http.ResponseWriter, r *http.Request) {
	s.saveTraining(w, r, "title.fu.training_new", func(in app.TrainingInput) (string, error) {
		return s.app.RecordTraining(r.Context(), s.actor(r), in)
	})
}

func (s *Server) trainingUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.saveTraining(w, r, "title.fu.training_edit", func(in app.TrainingInput) (string, error) {
		return id, s.app.UpdateTraining(r.Context(), s.actor(r), id, in)
	})
}

func (s *Server) saveTraining(w http.ResponseWriter, r *http.Request, title string, save func(app.TrainingInput) (string, error)) {
	submit(s, w, r, "evidence", trainingInput, func(in app.TrainingInput) (string, error) {
		id, err := save(in)
		return "/trainings/" + id, err
	}, "flash.saved", func(errs valid.Errors) {
		data, err := s.trainingFormData(r)
		if err == nil {
			errs, err = s.retyped(r, errs, func() (url.Values, error) {
				v, err := s.app.Training(r.Context(), s.actor(r), r.PathValue("id"))
				return trainingValues(v.Event.Training), err
			})
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showForm(w, r, "followups/training_form", title, data, errs)
	})
}

func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Training(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.trainingFormData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["V"] = v
	p := s.page(r, v.Event.Topic, data)
	p.Form = trainingValues(v.Event.Training)
	s.showPage(w, r, http.StatusOK, "followups/training", p)
}

// trainingValues is a stored event as its form's values.
func trainingValues(t followup.Training) url.Values {
	f := url.Values{}
	for k, val := range map[string]string{"kind": string(t.Kind), "status": string(t.Status), "date": locale.Date(t.Date), "unit_id": t.UnitID,
		"topic": t.Topic, "place": t.Place, "participants": strconv.Itoa(t.Participants), "notes": t.Notes, "version": strconv.Itoa(t.Version)} {
		f.Set(k, val)
	}
	return f
}
