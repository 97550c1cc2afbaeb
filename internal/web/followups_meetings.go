package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.MeetingFilter{Text: q.Get("q")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	list, err := s.app.Meetings(r.Context(), s.actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.meetings", list)
	p.Form = q
	s.showPage(w, r, http.StatusOK, "followups/meetings", p)
}

// organisers are the Sở and its divisions, who hold meetings.
func (s *Server) organisers(r *http.Request) ([]orgunit.Unit, error) {
	units, err := s.app.CurrentUnits(r.Context(), s.today())
	var out []orgunit.Unit
	for _, u := range units {
		if u.Kind == orgunit.Department || u.Kind == orgunit.Division {
			out = append(out, u)
		}
	}
	return out, err
}

func (s *Server) showMeetingForm(w http.ResponseWriter, r *http.Request, status int, p *Page) {
	orgs, err := s.organisers(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	concerns, err := s.app.ConcernChoices(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Data = map[string]any{"Organisers": orgs, "ID": r.PathValue("id"), "Concerns": concerns}
	s.showPage(w, r, status, "followups/meeting_form", p)
}

func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) {
	if !s.may(r, followup.MeetingManage) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	p := s.page(r, "title.fu.meeting_new", nil)
	p.Form.Set("organiser_id", "hn-skhcn")
	p.Form.Set("place", "Trụ sở Sở Khoa học và Công nghệ Hà Nội")
	s.showMeetingForm(w, r, http.StatusOK, p)
}

func meetingInput(f *form) app.MeetingInput {
	return app.MeetingInput{Title: f.str("title"), Place: f.str("place"), Chair: f.str("chair"), Purpose: f.text("purpose"),
		Agenda: f.text("agenda"), Minutes: f.text("minutes"), People: f.text("people"), Date: f.date("date"),
		OrganiserID: f.str("organiser_id"), Concerns: concernOf(f.str("concerns"), f.str("concerns_label")),
		Notice: followup.Notice{Number: f.str("notice_number"), Date: f.date("notice_date"), Authority: f.str("notice_authority"),
			Title: f.str("notice_title"), Signer: f.str("notice_signer")}, Version: f.version()}
}

// concernOf reads the meeting's subject: a picked programme or call
// ("programme/<id>", "call/<id>"), else the free text.
func concernOf(picked, text string) followup.Ref {
	if typ, id, ok := strings.Cut(picked, "/"); ok {
		return followup.Ref{Type: typ, ID: id}
	}
	return followup.Ref{Label: text}
}

// pickedConcern and freeConcern put a stored subject back into the form.
func pickedConcern(c followup.Ref) string {
	if c.ID == "" {
		return ""
	}
	return c.Type + "/" + c.ID
}

func freeConcern(c followup.Ref) string {
	if c.ID != "" {
		return ""
	}
	return c.Label
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) {
	s.saveMeeting(w, r, "title.fu.meeting_new", func(in app.MeetingInput) (string, error) {
		return s.app.CreateMeeting(r.Context(), s.actor(r), in)
	})
}

func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.saveMeeting(w, r, "title.fu.meeting_edit", func(in app.MeetingInput) (string, error) {
		return id, s.app.UpdateMeeting(r.Context(), s.actor(r), id, in)
	})
}

func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request, title string, save func(app.MeetingInput) (string, error)) {
	submit(s, w, r, "form", meetingInput, func(in app.MeetingInput) (string, error) {
		id, err := save(in)
		return "/meetings/" + id, err
	}, "flash.saved", func(errs valid.Errors) {
		errs, err := s.retyped(r, errs, func() (url.Values, error) {
			v, err := s.app.Meeting(r.Context(), s.actor(r), r.PathValue("id"))
			return meetingValues(v.Meeting), err
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := s.page(r, title, nil)
		p.Form, p.Errors = r.PostForm, errs
		s.showMeetingForm(w, r, http.StatusUnprocessableEntity, p)
	})
}

func (s *Server) meetingEditForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Meeting(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.may(r, followup.MeetingManage) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	p := s.page(r, "title.fu.meeting_edit", nil)
	p.Form = meetingValues(v.Meeting)
	s.showMeetingForm(w, r, http.StatusOK, p)
}

// meetingValues is a stored meeting as its form's values.
func meetingValues(m followup.Meeting) url.Values {
	f := url.Values{}
	for k, val := range map[string]string{"title": m.Title, "place": m.Place, "chair": m.Chair, "purpose": m.Purpose, "agenda": m.Agenda,
		"minutes": m.Minutes, "people": m.People, "date": locale.Date(m.Date), "organiser_id": m.OrganiserID,
		"concerns": pickedConcern(m.Concerns), "concerns_label": freeConcern(m.Concerns), "notice_number": m.Notice.Number,
		"notice_date": locale.Date(m.Notice.Date), "notice_authority": m.Notice.Authority, "notice_title": m.Notice.Title,
		"notice_signer": m.Notice.Signer, "version": strconv.Itoa(m.Version)} {
		f.Set(k, val)
	}
	return f
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) {
	s.showMeeting(w, r, http.StatusOK, nil)
}

// showMeeting renders a meeting's page, with problems of one of its forms.
func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	v, err := s.app.Meeting(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"V": v, "Manage": s.may(r, followup.MeetingManage) && v.Meeting.Editable()}
	if data["Manage"] == true {
		choices, err := s.app.UnitChoices(r.Context(), v.Meeting.Date)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		owners, err := s.app.OwnerSuggestions(r.Context(), v.Units)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all, err := s.app.UnitChoices(r.Context(), s.today())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Choices"], data["Owners"], data["AllUnits"] = choices, owners, all
	}
	p := s.page(r, v.Meeting.Title, data)
	for _, id := range v.Meeting.UnitIDs {
		p.Form.Add("units", id)
	}
	keepTyped(p, r, errs)
	s.showPage(w, r, status, "followups/meeting", p)
}

// meetingPart runs a change of one part of the meeting page and shows the
// page again on problems.
func (s *Server) meetingPart(w http.ResponseWriter, r *http.Request, field string, change func(f *form) error) {
	s.meetingPost(w, r, field, "flash.saved", func(f *form) func() error { return func() error { return change(f) } })
}

// meetingPost posts one of the meeting page's forms: read returns the change
// to make once the form has been read without problems.
func (s *Server) meetingPost(w http.ResponseWriter, r *http.Request, field, flash string, read func(f *form) func() error) {
	submit(s, w, r, field, read, func(change func() error) (string, error) {
		return "/meetings/" + r.PathValue("id"), change()
	}, flash, func(errs valid.Errors) { s.showMeeting(w, r, http.StatusUnprocessableEntity, errs) })
}

func (s *Server) meetingUnits(w http.ResponseWriter, r *http.Request) {
	s.meetingPart(w, r, "units", func(f *form) error {
		return s.app.SetMeetingUnits(r.Context(), s.actor(r), r.PathValue("id"), f.version(), r.PostForm["units"])
	})
}

func (s *Server) meetingConclusionAdd(w http.ResponseWriter, r *http.Request) {
	s.meetingPart(w, r, "text", func(f *form) error {
		return s.app.AddConclusion(r.Context(), s.actor(r), r.PathValue("id"), f.version(), f.text("text"))
	})
}

func (s *Server) meetingConclusionEdit(w http.ResponseWriter, r *http.Request) {
	s.meetingPart(w, r, "text", func(f *form) error {
		err := s.app.EditConclusion(r.Context(), s.actor(r), r.PathValue("id"), f.version(), r.PathValue("cid"), f.text("text"), f.str("remove") != "")
		return rekey(err, func(field string) string { return field + "_" + r.PathValue("cid") })
	})
}

func (s *Server) meetingScan(w http.ResponseWriter, r *http.Request) {
	s.meetingPart(w, r, "scan", func(f *form) error {
		return s.app.AttachMinutesScan(r.Context(), s.actor(r), r.PathValue("id"), f.files("scan"))
	})
}

// meetingClose reads, for each conclusion ticked, its owner units and due
// date, and closes the meeting in one step.
func (s *Server) meetingClose(w http.ResponseWriter, r *http.Request) {
	s.meetingPost(w, r, "form", "flash.fu.meeting_closed", func(f *form) func() error {
		var picks []followup.ClosePick
		for key := range r.PostForm {
			cid, ok := strings.CutPrefix(key, "pick_")
			if !ok || f.str(key) == "" {
				continue
			}
			owners := append([]string(nil), r.PostForm["owners_"+cid]...)
			if extra := f.str("extra_" + cid); extra != "" {
				owners = append(owners, extra)
			}
			picks = append(picks, followup.ClosePick{ConclusionID: cid, OwnerUnitIDs: owners, Due: f.date("due_" + cid)})
		}
		version := f.version()
		return func() error {
			_, err := s.app.CloseMeeting(r.Context(), s.actor(r), r.PathValue("id"), version, picks)
			return err
		}
	})
}

func (s *Server) meetingNotice(w http.ResponseWriter, r *http.Request) {
	name, data, err := s.app.ConclusionNotice(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data, false)
}
