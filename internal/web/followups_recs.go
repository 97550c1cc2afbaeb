package web

import (
	"net/http"
	"slices"

	"khcn/internal/app"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/store"
	"khcn/internal/valid"
)

var recStatusOrder = []string{"all", "open", "late", "received", "assigned", "answered", "in_progress", "resolved", "declined"}

func (s *Server) recList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := q.Get("status")
	if !slices.Contains(recStatusOrder, status) {
		status = "all"
	}
	f := store.RecFilter{Status: status, CategoryID: q.Get("category"), Text: q.Get("q")}
	if status == "all" {
		f.Status = ""
	}
	if q.Get("mine") != "" && userOf(r) != nil {
		f.AssigneeID = userOf(r).ID
	}
	list, err := s.app.Recommendations(r.Context(), s.actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cats, err := s.app.Categories(r.Context(), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.recommendations", map[string]any{"List": list, "Categories": cats, "Statuses": recStatusOrder})
	p.Form = q
	p.Form.Set("status", status)
	s.showPage(w, r, http.StatusOK, "followups/recommendations", p)
}

// recFormData: categories, the units one may raise for, and the meeting it
// is raised at.
func (s *Server) recFormData(r *http.Request, meetingID string) (map[string]any, error) {
	cats, err := s.app.Categories(r.Context(), false)
	if err != nil {
		return nil, err
	}
	active := cats[:0:0]
	for _, c := range cats {
		if c.Active {
			active = append(active, c)
		}
	}
	data := map[string]any{"Categories": active}
	if u := userOf(r); u != nil && u.Role.IsSo() {
		if data["Units"], err = s.app.UnitChoices(r.Context(), s.today()); err != nil {
			return nil, err
		}
	}
	if meetingID != "" {
		v, err := s.app.Meeting(r.Context(), s.actor(r), meetingID)
		if err != nil {
			return nil, err
		}
		data["Meeting"] = v.Meeting
	}
	return data, nil
}

func (s *Server) recNew(w http.ResponseWriter, r *http.Request) {
	if !s.may(r, followup.RecommendationRaise) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	meeting := r.URL.Query().Get("meeting")
	data, err := s.recFormData(r, meeting)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.rec_new", data)
	p.Form.Set("unit_id", userOf(r).UnitID)
	p.Form.Set("meeting", meeting)
	s.showPage(w, r, http.StatusOK, "followups/rec_new", p)
}

func (s *Server) recCreate(w http.ResponseWriter, r *http.Request) {
	submit(s, w, r, "files", func(f *form) app.RecInput {
		in := app.RecInput{UnitID: f.str("unit_id"), CategoryID: f.str("category_id"), Title: f.str("title"), Description: f.text("description"),
			Beneficiaries: f.text("beneficiaries"), DesiredBy: f.date("desired_by"), Files: f.files("files")}
		if u := userOf(r); u != nil && !u.Role.IsSo() {
			in.UnitID = u.UnitID // a unit raises for itself
		}
		if m := f.str("meeting"); m != "" {
			in.Source = followup.Ref{Type: followup.TypeMeeting, ID: m}
		}
		return in
	}, func(in app.RecInput) (string, error) {
		if in.Source.ID != "" {
			v, err := s.app.Meeting(r.Context(), s.actor(r), in.Source.ID)
			if err != nil {
				return "", err
			}
			in.Source.Label = v.Meeting.Title
		}
		id, err := s.app.RaiseRecommendation(r.Context(), s.actor(r), in)
		return "/recommendations/" + id, err
	}, "flash.fu.rec_created", func(errs valid.Errors) {
		data, err := s.recFormData(r, r.PostForm.Get("meeting"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showForm(w, r, "followups/rec_new", "title.fu.rec_new", data, errs)
	})
}

func (s *Server) recPage(w http.ResponseWriter, r *http.Request) { s.showRec(w, r, http.StatusOK, nil) }

// showRec renders a recommendation's page, with problems of one of its forms.
func (s *Server) showRec(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	v, err := s.app.Recommendation(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"V": v, "Kinds": followup.TrainingKinds}
	if v.Divisions != nil {
		units, err := s.app.UnitChoices(r.Context(), s.today())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Units"] = units
	}
	p := s.page(r, v.Rec.Title, data)
	rec := v.Rec
	p.Form.Set("division_id_assigned", rec.DivisionID)
	p.Form.Set("assignee_id_assigned", rec.AssigneeID)
	p.Form.Set("answer_due_assigned", locale.Date(rec.AnswerDue))
	p.Form.Set("a_title", rec.Title)
	p.Form.Set("a_owner_unit_id", rec.UnitID)
	p.Form.Set("t_unit_id", rec.UnitID)
	p.Form.Set("t_topic", rec.Title)
	p.Form.Set("t_date", locale.Date(rec.DesiredBy))
	keepTyped(p, r, errs)
	s.showPage(w, r, status, "followups/recommendation", p)
}

// recStep moves a recommendation one step; each step's form names its
// fields with the step ("note_answered"), so problems show at that form.
func (s *Server) recStep(w http.ResponseWriter, r *http.Request) {
	type stepIn struct {
		step     followup.Step
		evidence []app.FileInput
		version  int
	}
	id := r.PathValue("id")
	to := r.PathValue("to")
	suffix := func(field string) string { return field + "_" + to }
	submit(s, w, r, "evidence", func(f *form) stepIn {
		return stepIn{followup.Step{To: followup.RecStatus(to), Note: f.text(suffix("note")), DivisionID: f.str(suffix("division_id")),
			AssigneeID: f.str(suffix("assignee_id")), AnswerDue: f.date(suffix("answer_due"))}, f.files(suffix("evidence")), f.version()}
	}, func(in stepIn) (string, error) {
		err := s.app.StepRecommendation(r.Context(), s.actor(r), id, in.version, in.step, in.evidence)
		return "/recommendations/" + id, rekey(err, suffix)
	}, "flash.fu.rec_"+to, func(errs valid.Errors) { s.showRec(w, r, http.StatusUnprocessableEntity, errs) })
}

// recConvert makes an action item ("a_" fields), a training event ("t_"
// fields) or another area's object ("choice_<target>") from a
// recommendation.
func (s *Server) recConvert(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	target := r.PathValue("target")
	field := func(k string) string { return k + "_" + target }
	if prefix, ok := map[string]string{"action": "a_", "training": "t_"}[target]; ok {
		field = func(k string) string { return prefix + k }
	}
	submit(s, w, r, "form", func(f *form) app.ConvertInput {
		in := app.ConvertInput{Target: target, Choice: f.str(field("choice")), Note: f.text("note"), Version: f.version()}
		switch target {
		case "action":
			in.Action = app.ActionItemInput{Title: f.text("a_title"), OwnerUnitID: f.str("a_owner_unit_id"), Due: f.date("a_due")}
		case "training":
			in.Training = app.TrainingInput{Kind: followup.TrainingKind(f.str("t_kind")), Status: followup.TrainingPlanned,
				Date: f.date("t_date"), UnitID: f.str("t_unit_id"), Topic: f.str("t_topic"), Place: f.str("t_place")}
		}
		return in
	}, func(in app.ConvertInput) (string, error) {
		made, err := s.app.ConvertRecommendation(r.Context(), s.actor(r), id, in)
		if err == nil && made.Type == followup.TypeTraining {
			return "/trainings/" + made.ID, nil
		}
		return "/recommendations/" + id, rekey(err, field)
	}, "flash.fu.rec_converted", func(errs valid.Errors) { s.showRec(w, r, http.StatusUnprocessableEntity, errs) })
}
