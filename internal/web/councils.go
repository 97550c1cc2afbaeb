package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/council"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// councilsArea is the area's menu entries and routes, listed in areas.go.
func councilsArea() area {
	return area{
		name: "councils", label: "nav.councils", routes: councilRoutes,
		nav: []navEntry{
			{order: 14, label: "nav.councils", href: "/councils", action: council.View, section: "proposals"},
			{order: 15, label: "nav.experts", href: "/experts", action: council.View, section: "proposals"},
			{order: 5, label: "nav.my_councils", href: "/councils", action: council.Mine},
		},
	}
}

func councilRoutes(s *Server, m *http.ServeMux) {
	m.HandleFunc("GET /councils", s.councils)
	m.HandleFunc("GET /councils/new", s.councilNew)
	m.HandleFunc("POST /councils", s.councilCreate)
	m.HandleFunc("GET /councils/{id}", s.councilPage)
	m.HandleFunc("GET /councils/{id}/edit", s.councilEdit)
	m.HandleFunc("POST /councils/{id}", s.councilUpdate)
	m.HandleFunc("POST /councils/{id}/assign", s.councilAssign)
	m.HandleFunc("POST /councils/{id}/unassign/{pid}", s.councilUnassign)
	m.HandleFunc("POST /councils/{id}/pack", s.councilPack)
	m.HandleFunc("POST /councils/{id}/declare", s.councilDeclare)
	m.HandleFunc("POST /councils/{id}/attendance", s.councilAttendance)
	m.HandleFunc("POST /councils/{id}/conclude", s.councilConclude)
	m.HandleFunc("GET /councils/{id}/proposals/{pid}/sheet", s.councilSheet)
	m.HandleFunc("POST /councils/{id}/proposals/{pid}/sheet", s.councilSheetSave)
	m.HandleFunc("POST /councils/{id}/proposals/{pid}/reopen/{expert}", s.councilReopen)
	m.HandleFunc("GET /councils/{id}/proposals/{pid}/sheets/{expert}", s.councilSheetDoc)
	m.HandleFunc("GET /councils/{id}/proposals/{pid}/votes", s.councilVotes)
	m.HandleFunc("POST /councils/{id}/proposals/{pid}/votes", s.councilVotesSave)
	m.HandleFunc("GET /councils/{id}/proposals/{pid}/appraisal", s.councilAppraisal)
	m.HandleFunc("POST /councils/{id}/proposals/{pid}/appraisal", s.councilAppraisalSave)
	m.HandleFunc("GET /councils/{id}/export/{doc}", s.councilExport)
	m.HandleFunc("GET /experts", s.experts)
	m.HandleFunc("POST /experts", s.expertSave)
	m.HandleFunc("GET /experts/{id}", s.expertPage)
	m.HandleFunc("POST /experts/{id}", s.expertSave)
	m.HandleFunc("GET /calls/rules/compare", s.ruleCompare)
}

func (s *Server) councils(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.Councils(r.Context(), s.actor(r), r.URL.Query().Get("call"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "councils/list", "title.councils", map[string]any{"List": list, "Manage": s.may(r, council.Manage)})
}

// councilFormData is what the council form needs: calls and the register.
func (s *Server) councilFormData(r *http.Request) (map[string]any, error) {
	calls, err := s.app.Calls(r.Context(), s.actor(r))
	if err != nil {
		return nil, err
	}
	experts, err := s.app.Experts(r.Context(), s.actor(r), "")
	return map[string]any{"Calls": calls, "Experts": experts, "Roles": council.Roles, "Rows": seqN(9), "ID": r.PathValue("id")}, err
}

func (s *Server) councilNew(w http.ResponseWriter, r *http.Request) {
	if !s.may(r, council.Manage) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	data, err := s.councilFormData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.council_new", data)
	p.Form.Set("call_id", r.URL.Query().Get("call"))
	s.showPage(w, r, http.StatusOK, "councils/form", p)
}

func councilInput(f *form) app.CouncilInput {
	in := app.CouncilInput{Version: f.version(), CallID: f.str("call_id"), Name: f.str("name"), Area: f.str("area"),
		MeetingDate: f.date("meeting_date"), MeetingPlace: f.str("meeting_place"), MinutesNo: f.str("minutes_no")}
	for i := range 9 {
		n := strconv.Itoa(i)
		if x := f.str("m" + n + "_expert"); x != "" {
			in.Members = append(in.Members, app.MemberInput{ExpertID: x, Role: council.Role(f.str("m" + n + "_role"))})
		}
	}
	return in
}

func (s *Server) councilCreate(w http.ResponseWriter, r *http.Request) { s.councilSave(w, r, "") }
func (s *Server) councilUpdate(w http.ResponseWriter, r *http.Request) {
	s.councilSave(w, r, r.PathValue("id"))
}

func (s *Server) councilSave(w http.ResponseWriter, r *http.Request, id string) {
	title := "title.council_new"
	if id != "" {
		title = "title.council_edit"
	}
	submit(s, w, r, "", councilInput, func(in app.CouncilInput) (string, error) {
		in.ID = id
		nid, err := s.app.SaveCouncil(r.Context(), s.actor(r), in)
		return "/councils/" + nid, err
	}, "flash.saved", func(errs valid.Errors) {
		data, err := s.councilFormData(r)
		if err == nil && id != "" {
			errs, err = s.retyped(r, errs, func() (url.Values, error) {
				pg, err := s.app.Council(r.Context(), s.actor(r), id)
				return councilValues(pg), err
			})
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showForm(w, r, "councils/form", title, data, errs)
	})
}

func councilValues(pg app.CouncilPage) url.Values {
	v := url.Values{}
	k := pg.Council
	v.Set("call_id", k.CallID)
	v.Set("name", k.Name)
	v.Set("area", k.Area)
	v.Set("meeting_date", locale.Date(k.MeetingDate))
	v.Set("meeting_place", k.MeetingPlace)
	v.Set("minutes_no", k.MinutesNo)
	v.Set("version", strconv.Itoa(k.Version))
	for i, m := range pg.Members {
		n := strconv.Itoa(i)
		v.Set("m"+n+"_expert", m.ID)
		v.Set("m"+n+"_role", string(m.Role))
	}
	return v
}

func (s *Server) councilEdit(w http.ResponseWriter, r *http.Request) {
	pg, err := s.app.Council(r.Context(), s.actor(r), r.PathValue("id"))
	if err == nil && !pg.Manage {
		err = app.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.councilFormData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Council"] = pg
	p := s.page(r, "title.council_edit", data)
	p.Form = councilValues(pg)
	s.showPage(w, r, http.StatusOK, "councils/form", p)
}

// councilPage shows a council; errs and typed values come back from one of
// its forms.
func (s *Server) councilPage(w http.ResponseWriter, r *http.Request) { s.showCouncil(w, r, nil) }

func (s *Server) showCouncil(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	pg, err := s.app.Council(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, pg.Council.Name, map[string]any{"C": pg})
	p.Form.Set("version", strconv.Itoa(pg.Council.Version))
	for _, m := range pg.Members {
		if m.Present != nil && *m.Present {
			p.Form.Set("present_"+m.ID, "on")
		}
	}
	s.showStored(w, r, "councils/council", p, errs)
}

// councilPost runs a one-form use case of the council page: problems come
// back on the page with what was typed.
func (s *Server) councilPost(w http.ResponseWriter, r *http.Request, flash string, run func(f *form) error) {
	f, ok := s.readFields(w, r, "")
	if !ok {
		return
	}
	err := run(f)
	if f.errs != nil && err == nil {
		s.showCouncil(w, r, f.errs)
		return
	}
	s.outcome(w, r, err, "/councils/"+r.PathValue("id"), flash, func(e valid.Errors) { s.showCouncil(w, r, e) })
}

func (s *Server) councilAssign(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.council.assigned", func(f *form) error {
		_, err := s.app.AssignProposals(r.Context(), s.actor(r), r.PathValue("id"),
			app.AssignInput{Version: f.version(), Mode: f.str("mode"), AreaID: f.str("area_id"), IDs: r.PostForm["pick"]})
		return err
	})
}

func (s *Server) councilUnassign(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.saved", func(f *form) error {
		return s.app.Unassign(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"), f.version())
	})
}

func (s *Server) councilPack(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.council.pack_sent", func(f *form) error {
		return s.app.SendPack(r.Context(), s.actor(r), r.PathValue("id"), f.version())
	})
}

func (s *Server) councilDeclare(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.council.declared", func(f *form) error {
		in := app.DeclarationInput{Conflict: map[string]bool{}, Reason: map[string]string{}, Answered: map[string]bool{}, Attest: f.str("attest") == "on"}
		for k := range r.PostForm {
			pid, ok := strings.CutPrefix(k, "d_")
			if !ok || !strings.HasSuffix(pid, "_conflict") {
				continue
			}
			pid = strings.TrimSuffix(pid, "_conflict")
			switch f.str(k) {
			case "yes":
				in.Answered[pid], in.Conflict[pid] = true, true
			case "no":
				in.Answered[pid] = true
			}
			in.Reason[pid] = f.text("d_" + pid + "_reason")
		}
		return s.app.Declare(r.Context(), s.actor(r), r.PathValue("id"), in)
	})
}

func (s *Server) councilAttendance(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.council.attendance", func(f *form) error {
		present := map[string]bool{}
		for k := range r.PostForm {
			if id, ok := strings.CutPrefix(k, "present_"); ok && f.str(k) == "on" {
				present[id] = true
			}
		}
		return s.app.RecordAttendance(r.Context(), s.actor(r), r.PathValue("id"), f.version(), present)
	})
}

func (s *Server) councilConclude(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.council.concluded", func(f *form) error {
		in := app.ConcludeInput{Version: f.version(), Ranks: map[string]int{}, Reasons: map[string]string{}}
		for k := range r.PostForm {
			if pid, ok := strings.CutPrefix(k, "rank_"); ok {
				if n := f.whole(k); n != 0 {
					in.Ranks[pid] = n
				}
			}
			if pid, ok := strings.CutPrefix(k, "reason_"); ok {
				in.Reasons[pid] = f.text(k)
			}
		}
		if f.errs != nil {
			return nil // a rank that is not a number: nothing is concluded
		}
		return s.app.Conclude(r.Context(), s.actor(r), r.PathValue("id"), in)
	})
}

// The member's sheet.

func (s *Server) councilSheet(w http.ResponseWriter, r *http.Request) { s.showSheet(w, r, nil) }

func (s *Server) showSheet(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	pg, err := s.app.Sheet(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.council_sheet", map[string]any{"S": pg, "Choices": []string{"do", "do_changes", "do_not"}})
	p.Form = sheetValues(pg)
	s.showStored(w, r, "councils/sheet", p, errs)
}

func sheetValues(pg app.SheetPage) url.Values {
	v := url.Values{}
	sh := pg.Sheet.Sheet
	for k, m := range sh.Marks {
		if m.Pass != nil {
			v.Set("c_"+k, map[bool]string{true: "pass", false: "fail"}[*m.Pass])
		}
		if m.Score != nil {
			v.Set("c_"+k, locale.Decimal(*m.Score, 1))
		}
		v.Set("n_"+k, m.Comment)
	}
	v.Set("recommendation", string(sh.Recommendation))
	v.Set("change_title", sh.ChangeTitle)
	v.Set("change_objectives", sh.ChangeObjectives)
	v.Set("change_results", sh.ChangeResults)
	v.Set("comment", sh.Comment)
	v.Set("version", strconv.Itoa(pg.Sheet.Version))
	return v
}

func (s *Server) councilSheetSave(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readFields(w, r, "")
	if !ok {
		return
	}
	pg, err := s.app.Sheet(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh := council.Sheet{Marks: map[string]council.Mark{}, Recommendation: council.Choice(f.str("recommendation")),
		ChangeTitle: f.text("change_title"), ChangeObjectives: f.text("change_objectives"), ChangeResults: f.text("change_results"), Comment: f.text("comment")}
	for _, c := range pg.Criteria.All() {
		m := council.Mark{Comment: f.text("n_" + c.Key)}
		v := f.str("c_" + c.Key)
		switch {
		case v == "":
		case pg.Criteria.Mode == council.PassFail:
			switch v {
			case "pass", "fail":
				b := v == "pass"
				m.Pass = &b
			default:
				f.errs.Add("c_"+c.Key, "err.choose")
			}
		default:
			n, err := locale.ParseNumber(v)
			if err != nil {
				f.errs.Add("c_"+c.Key, "err.council.score_range", c.Max)
			} else {
				m.Score = &n
			}
		}
		if m.Pass != nil || m.Score != nil || m.Comment != "" {
			sh.Marks[c.Key] = m
		}
	}
	if f.errs != nil {
		s.showSheet(w, r, f.errs)
		return
	}
	submitIt := f.str("submit") == "1"
	err = s.app.SaveSheet(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"), app.SheetInput{Version: f.version(), Sheet: sh, Submit: submitIt})
	to := "/councils/" + r.PathValue("id") + "/proposals/" + r.PathValue("pid") + "/sheet"
	flash := "flash.council.sheet_saved"
	if submitIt {
		flash = "flash.council.sheet_submitted"
	}
	s.outcome(w, r, err, to, flash, func(e valid.Errors) { s.showSheet(w, r, e) })
}

func (s *Server) councilReopen(w http.ResponseWriter, r *http.Request) {
	s.councilPost(w, r, "flash.council.reopened", func(f *form) error {
		return s.app.ReopenSheet(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"), r.PathValue("expert"), f.text("reason"), f.version())
	})
}

// Votes.

func (s *Server) councilVotes(w http.ResponseWriter, r *http.Request) { s.showVotes(w, r, nil) }

func (s *Server) showVotes(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	pg, err := s.app.Council(r.Context(), s.actor(r), r.PathValue("id"))
	if err == nil && !pg.Manage {
		err = app.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var av *app.AssignedView
	for i := range pg.Proposals {
		if pg.Proposals[i].ProposalID == r.PathValue("pid") {
			av = &pg.Proposals[i]
		}
	}
	if av == nil {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	recused := map[string]bool{}
	for _, x := range av.Recused {
		recused[x.ExpertID] = true
	}
	present := map[string]bool{}
	for _, m := range pg.Members {
		present[m.ID] = m.Present != nil && *m.Present
	}
	p := s.page(r, "title.council_votes", map[string]any{"C": pg, "P": av, "Recused": recused, "Present": present, "Methods": proposal.Methods,
		"Choices": []string{"do", "do_changes", "do_not"}})
	p.Form.Set("version", strconv.Itoa(pg.Council.Version))
	for _, b := range av.Ballots {
		pre := "b_" + b.ExpertID + "_"
		p.Form.Set(pre+"choice", string(b.Choice))
		p.Form.Set(pre+"name", b.Name)
		p.Form.Set(pre+"objectives", b.Objectives)
		p.Form.Set(pre+"products", b.Products)
		p.Form.Set(pre+"method", string(b.Method))
		p.Form.Set(pre+"reasons", b.Reasons)
		p.Form.Set(pre+"dissent", b.Dissent)
	}
	s.showStored(w, r, "councils/votes", p, errs)
}

func (s *Server) councilVotesSave(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readFields(w, r, "")
	if !ok {
		return
	}
	var bs []council.Ballot
	for k := range r.PostForm {
		id, ok := strings.CutPrefix(k, "b_")
		if !ok || !strings.HasSuffix(id, "_choice") {
			continue
		}
		id = strings.TrimSuffix(id, "_choice")
		pre := "b_" + id + "_"
		bs = append(bs, council.Ballot{ExpertID: id, Choice: council.Choice(f.str(pre + "choice")), Name: f.str(pre + "name"),
			Objectives: f.text(pre + "objectives"), Products: f.text(pre + "products"), Method: council.Method(f.str(pre + "method")),
			Reasons: f.text(pre + "reasons"), Dissent: f.text(pre + "dissent")})
	}
	err := s.app.RecordVotes(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"), f.version(), bs)
	s.outcome(w, r, err, "/councils/"+r.PathValue("id")+"#p-"+r.PathValue("pid"), "flash.council.votes", func(e valid.Errors) { s.showVotes(w, r, e) })
}

// Budget appraisal.

func (s *Server) councilAppraisal(w http.ResponseWriter, r *http.Request) { s.showAppraisal(w, r, nil) }

func (s *Server) showAppraisal(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	pg, err := s.app.Appraisal(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.council_appraisal", map[string]any{"A": pg, "Rows": seqN(8), "Team": seqN(max(pg.Rules.BudgetTeam, 5)), "Fields": []string{"item", "proposed", "appraised", "reason"}})
	p.Form.Set("version", strconv.Itoa(pg.Appraisal.Version))
	for i, id := range pg.Appraisal.TeamIDs {
		p.Form.Set("t"+strconv.Itoa(i), id)
	}
	for i, l := range pg.Appraisal.Lines {
		n := "l" + strconv.Itoa(i) + "_"
		p.Form.Set(n+"item", l.Item)
		p.Form.Set(n+"proposed", locale.Int(l.Proposed))
		p.Form.Set(n+"appraised", locale.Int(l.Appraised))
		p.Form.Set(n+"reason", l.Reason)
	}
	s.showStored(w, r, "councils/appraisal", p, errs)
}

func (s *Server) councilAppraisalSave(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readFields(w, r, "")
	if !ok {
		return
	}
	in := app.AppraisalInput{Version: f.version()}
	for i := range 9 {
		in.TeamIDs = append(in.TeamIDs, f.str("t"+strconv.Itoa(i)))
	}
	money := func(name string) int64 {
		v := f.str(name)
		if v == "" {
			return 0
		}
		n, err := locale.ParseNumber(v)
		if err != nil || n != float64(int64(n)) {
			f.errs.Add(name, "err.fu.whole_number")
		}
		return int64(n)
	}
	for i := range 8 {
		n := "l" + strconv.Itoa(i) + "_"
		l := council.BudgetLine{Item: f.str(n + "item"), Proposed: money(n + "proposed"), Appraised: money(n + "appraised"), Reason: f.text(n + "reason")}
		if l.Item == "" && l.Proposed == 0 && l.Appraised == 0 && l.Reason == "" {
			continue
		}
		in.Lines = append(in.Lines, l)
	}
	if f.errs != nil {
		s.showAppraisal(w, r, f.errs)
		return
	}
	err := s.app.SaveAppraisal(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"), in)
	s.outcome(w, r, err, "/councils/"+r.PathValue("id")+"/proposals/"+r.PathValue("pid")+"/appraisal", "flash.saved",
		func(e valid.Errors) { s.showAppraisal(w, r, e) })
}

// councilSheetDoc prints one member's sheet as filled: ".../sheets/{expert}"
// with the format in ?format= (docx or pdf); "me" is the reader's own.
func (s *Server) councilSheetDoc(w http.ResponseWriter, r *http.Request) {
	g, err := s.app.SheetDocument(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("pid"), r.PathValue("expert"), r.URL.Query().Get("format"))
	s.sendGenerated(w, r, g, err)
}

func (s *Server) councilExport(w http.ResponseWriter, r *http.Request) {
	kind, format, _ := strings.Cut(r.PathValue("doc"), ".")
	g, err := s.app.CouncilDocument(r.Context(), s.actor(r), r.PathValue("id"), kind, format)
	s.sendGenerated(w, r, g, err)
}

// The expert register.

func (s *Server) experts(w http.ResponseWriter, r *http.Request) { s.showExperts(w, r, nil) }

func (s *Server) showExperts(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	list, err := s.app.Experts(r.Context(), s.actor(r), r.URL.Query().Get("q"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.app.UnitChoices(r.Context(), s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.experts", map[string]any{"List": list, "Units": units, "Manage": s.may(r, council.Manage)})
	p.Form.Set("q", r.URL.Query().Get("q"))
	status := http.StatusOK
	if errs != nil {
		p.Form = r.PostForm
		p.Errors = errs
		status = http.StatusUnprocessableEntity
	}
	s.showPage(w, r, status, "councils/experts", p)
}

func (s *Server) expertPage(w http.ResponseWriter, r *http.Request) { s.showExpert(w, r, nil) }

func (s *Server) showExpert(w http.ResponseWriter, r *http.Request, errs valid.Errors) {
	x, err := s.app.Expert(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.app.UnitChoices(r.Context(), s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, x.Name, map[string]any{"X": x, "Units": units, "Manage": s.may(r, council.Manage)})
	p.Form = expertValues(x)
	s.showStored(w, r, "councils/expert", p, errs)
}

func expertValues(x store.Expert) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"name": x.Name, "title": x.Title, "organisation": x.Organisation, "unit_id": x.UnitID,
		"fields": x.Fields, "email": x.Email, "phone": x.Phone, "login": x.Login, "version": strconv.Itoa(x.Version)} {
		v.Set(k, val)
	}
	if x.CivilServant {
		v.Set("civil_servant", "on")
	}
	return v
}

func (s *Server) expertSave(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	submit(s, w, r, "", func(f *form) app.ExpertInput {
		return app.ExpertInput{ID: id, Version: f.version(), Name: f.str("name"), Title: f.str("title"), Organisation: f.str("organisation"),
			UnitID: f.str("unit_id"), Fields: f.text("fields"), Email: f.str("email"), Phone: f.str("phone"), Login: f.str("login"),
			CivilServant: f.str("civil_servant") == "on"}
	}, func(in app.ExpertInput) (string, error) {
		nid, err := s.app.SaveExpert(r.Context(), s.actor(r), in)
		if id == "" {
			return "/experts", err
		}
		return "/experts/" + nid, err
	}, "flash.saved", func(errs valid.Errors) {
		if id == "" {
			s.showExperts(w, r, errs)
			return
		}
		s.showExpert(w, r, errs)
	})
}

// ruleCompare shows what differs between two rule sets.
func (s *Server) ruleCompare(w http.ResponseWriter, r *http.Request) {
	sets, err := s.app.RuleSetsToCompare(r.Context(), s.actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	find := func(code string) (proposal.RuleSet, bool) {
		for _, x := range sets {
			if x.Code == code {
				return x, true
			}
		}
		return proposal.RuleSet{}, false
	}
	data := map[string]any{"Sets": sets}
	if a, ok := find(q.Get("a")); ok {
		if b, ok := find(q.Get("b")); ok {
			data["A"], data["B"], data["Diff"] = a, b, proposal.Compare(a, b)
		}
	}
	p := s.page(r, "title.rules_compare", data)
	p.Form.Set("a", q.Get("a"))
	p.Form.Set("b", q.Get("b"))
	s.showPage(w, r, http.StatusOK, "councils/compare", p)
}
