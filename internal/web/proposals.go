package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// proposalUpload bounds a proposal form with its attachments.
const proposalUpload = 64 << 20

// renderPart executes one named template of a page's set, without the
// layout, for fragments fetched by the page's script.
func (rd *renderer) renderPart(w http.ResponseWriter, page, name string, p *Page) error {
	t, ok := rd.pages[page]
	if !ok {
		return fmt.Errorf("web: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := buf.WriteTo(w)
	return err
}

// proposalInput reads the proposal form. Every single-valued field goes into
// Values; the call's rule set decides which of them count.
func proposalInput(f url.Values) proposal.Input {
	in := proposal.Input{TaskType: f.Get("task_type"), Values: map[string]string{}, StateBudget: f.Get("state_budget"),
		OtherBudget: f.Get("other_budget"), Duration: f.Get("duration_months"), AreaIDs: f["areas"], Indicators: f["indicators"],
		Contact: proposal.Contact{Name: f.Get("contact_name"), Title: f.Get("contact_title"), Phone: f.Get("contact_phone"), Email: f.Get("contact_email")}}
	for k, v := range f {
		if len(v) == 1 {
			in.Values[k] = v[0]
		}
	}
	return in
}

// fillProposalForm puts a stored proposal into form values.
func fillProposalForm(f url.Values, p proposal.Proposal) {
	f.Set("task_type", string(p.TaskType))
	f.Set("title", p.Title)
	f.Set("objectives", p.Objectives)
	for k, v := range p.Fields {
		f.Set(k, v)
	}
	if p.StateBudget > 0 || p.OtherBudget > 0 {
		f.Set("state_budget", locale.Money(p.StateBudget))
		f.Set("other_budget", locale.Money(p.OtherBudget))
	}
	if p.DurationMonths > 0 {
		f.Set("duration_months", strconv.Itoa(p.DurationMonths))
	}
	f["areas"] = p.AreaIDs
	f["indicators"] = p.Indicators
	f.Set("contact_name", p.Contact.Name)
	f.Set("contact_title", p.Contact.Title)
	f.Set("contact_phone", p.Contact.Phone)
	f.Set("contact_email", p.Contact.Email)
	f.Set("version", strconv.Itoa(p.Version))
}

// formFiles reads the attachments of a proposal form.
func formFiles(r *http.Request) ([]app.FileInput, error) {
	ups, err := uploads(r, "files")
	out := make([]app.FileInput, len(ups))
	for i, u := range ups {
		out[i] = app.FileInput{Name: u.Name, Data: u.Data, Field: "files"}
	}
	return out, err
}

func (s *Server) newProposal(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.NewProposalForm(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.proposal_new", proposalFormPage{ProposalForm: app.ProposalForm{Call: c}})
	u := userOf(r)
	p.Form.Set("task_type", string(c.Rules.TaskTypes[0]))
	p.Form.Set("contact_name", u.Name)
	p.Form.Set("contact_title", u.Title)
	p.Form.Set("contact_phone", u.Phone)
	p.Form.Set("contact_email", u.Email)
	s.showPage(w, r, http.StatusOK, "proposals/form", p)
}

func (s *Server) createProposal(w http.ResponseWriter, r *http.Request) {
	callID := r.PathValue("id")
	auto := r.Header.Get("X-Autosave") == "1"
	var errs valid.Errors
	if err := parseMultipart(w, r, proposalUpload); err != nil {
		if !tooLarge(err, &errs, "files") {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
	}
	var files []app.FileInput
	if errs == nil && !auto {
		var err error
		if files, err = formFiles(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var id string
	err := errs.Err()
	if err == nil {
		id, err = s.app.NewProposal(r.Context(), s.actor(r), callID, proposalInput(r.PostForm), files)
	}
	if auto {
		s.autosaveReply(w, r, id, 1, err)
		return
	}
	if errors.As(err, &errs) {
		c, cerr := s.app.NewProposalForm(r.Context(), s.actor(r), callID)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		s.showForm(w, r, "proposals/form", "title.proposal_new", proposalFormPage{ProposalForm: app.ProposalForm{Call: c}}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/proposals/"+id+"/edit", "flash.proposal_created")
}

func (s *Server) editProposal(w http.ResponseWriter, r *http.Request) {
	f, err := s.app.EditProposal(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.failOrView(w, r, err)
		return
	}
	p := s.page(r, "title.proposal_edit", proposalFormPage{ProposalForm: f})
	fillProposalForm(p.Form, f.Proposal)
	s.showPage(w, r, http.StatusOK, "proposals/form", p)
}

// failOrView sends a reader of a proposal that is not editable to its page.
func (s *Server) failOrView(w http.ResponseWriter, r *http.Request, err error) {
	var errs valid.Errors
	if errors.As(err, &errs) && errs.Has("form") {
		s.redirect(w, r, "/proposals/"+r.PathValue("id"), "")
		return
	}
	s.fail(w, r, err)
}

func (s *Server) saveProposal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var errs valid.Errors
	if err := parseMultipart(w, r, proposalUpload); err != nil {
		if !tooLarge(err, &errs, "files") {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		s.showProposalForm(w, r, errs, nil)
		return
	}
	files, err := formFiles(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err = s.app.SaveProposal(r.Context(), s.actor(r), id, version, proposalInput(r.PostForm), files, r.PostForm["remove_files"])
	var conflict *app.ConflictError
	errors.As(err, &conflict)
	switch {
	case errors.Is(err, app.ErrConflict):
		s.showProposalForm(w, r, conflictErrs(), conflict)
	case errors.As(err, &errs):
		s.showProposalForm(w, r, errs, nil)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/proposals/"+id+"/edit", "flash.proposal_saved")
	}
}

// showProposalForm shows the edit form again with what was typed and the
// problems at their fields; after a conflict, merged with what is stored
// now, saying who saved it when that is known.
func (s *Server) showProposalForm(w http.ResponseWriter, r *http.Request, errs valid.Errors, conflict *app.ConflictError) {
	f, err := s.app.EditProposal(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.failOrView(w, r, err)
		return
	}
	p := s.page(r, "title.proposal_edit", proposalFormPage{ProposalForm: f, Conflict: conflict})
	if r.PostForm == nil {
		r.PostForm = url.Values{}
		fillProposalForm(r.PostForm, f.Proposal)
	}
	errs, _ = s.retyped(r, errs, func() (url.Values, error) {
		theirs := url.Values{}
		fillProposalForm(theirs, f.Proposal)
		return theirs, nil
	})
	p.Form, p.Errors = r.PostForm, errs
	s.showPage(w, r, http.StatusUnprocessableEntity, "proposals/form", p)
}

// proposalFormPage is the edit form's data with who saved first after a
// conflict.
type proposalFormPage struct {
	app.ProposalForm
	Conflict *app.ConflictError
}

// MergeLabel names the stored choices shown after a conflict: the task
// type, areas and indicators by name.
func (d proposalFormPage) MergeLabel(p *Page, field, value string) (string, bool) {
	switch field {
	case "task_type":
		return p.T("proposal.type." + value), true
	case "areas":
		for _, a := range d.Call.Areas {
			if a.ID == value {
				return a.Name, true
			}
		}
	case "indicators":
		for _, ind := range d.Call.Indicators() {
			if ind.ID == value {
				return ind.Label(), true
			}
		}
	}
	return "", false
}

// autosaveProposal saves a draft in the background; the reply is JSON for
// the page's script.
func (s *Server) autosaveProposal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := parseMultipart(w, r, formLimit); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	next, err := s.app.SaveProposal(r.Context(), s.actor(r), id, version, proposalInput(r.PostForm), nil, nil)
	s.autosaveReply(w, r, id, next, err)
}

func (s *Server) autosaveReply(w http.ResponseWriter, r *http.Request, id string, version int, err error) {
	lang := lang(r)
	reply := map[string]any{}
	status := http.StatusOK
	var errs valid.Errors
	var conflict *app.ConflictError
	switch {
	case errors.As(err, &conflict):
		// The version saved now, for the page to tell; the page keeps its
		// own, so that saving the form shows the merge.
		status = http.StatusConflict
		reply["version"] = conflict.Version
		reply["message"] = i18n.T(lang, "autosave.conflict", conflict.By, locale.DateTime(conflict.At))
	case errors.Is(err, app.ErrConflict):
		status = http.StatusConflict
		reply["message"] = i18n.T(lang, "autosave.conflict_anon")
		if f, err := s.app.EditProposal(r.Context(), s.actor(r), id); err == nil {
			reply["version"] = f.Proposal.Version
		}
	case errors.As(err, &errs):
		status = http.StatusUnprocessableEntity
		msgs := map[string]string{}
		for f, p := range errs {
			msgs[f] = i18n.T(lang, p.Key, p.Args...)
		}
		reply["errors"] = msgs
		reply["message"] = i18n.T(lang, "autosave.invalid")
	case errors.Is(err, app.ErrForbidden), errors.Is(err, app.ErrNotFound):
		status = http.StatusForbidden
		reply["message"] = i18n.T(lang, "err.forbidden")
	case err != nil:
		s.log.Error("autosave", "err", err, "id", requestID(r))
		status = http.StatusInternalServerError
		reply["message"] = i18n.T(lang, "err.server")
	default:
		reply["version"] = version
		reply["message"] = i18n.T(lang, "autosave.saved", locale.DateTime(s.app.Now()))
		reply["edit"] = "/proposals/" + id + "/edit"
		reply["autosave"] = "/proposals/" + id + "/autosave"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(reply)
}

func (s *Server) proposal(w http.ResponseWriter, r *http.Request) {
	pg, err := s.app.Proposal(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "proposals/view", pg.Proposal.Title, pg)
}

// listFilter reads the list filters from the query.
func listFilter(q url.Values) store.ProposalFilter {
	f := store.ProposalFilter{CallID: q.Get("call"), UnitID: q.Get("unit"), AreaID: q.Get("area"), TaskType: q.Get("type"),
		Text: strings.TrimSpace(q.Get("q")), Pending: q.Get("pending") == "1"}
	for _, s := range q["state"] {
		if s != "" {
			f.States = append(f.States, proposal.State(s))
		}
	}
	return f
}

// pageSize is how many rows a list shows at once.
const pageSize = 100

// listPage is a list of proposals with its paging.
type listPage struct {
	app.ProposalList
	Call    *app.CallPage
	Page    int
	Pages   int
	From    int
	Batch   bool // the Sở's call list, with pending decisions
	Events  []proposal.Event
	Methods []proposal.Method
	Query   url.Values
	Refused []refusal // a batch's refusals, nothing applied
}

// refusal is one proposal a batch refused, with the reason in words.
type refusal struct{ ID, Title, Message string }

// PageQuery is the list's query for page n.
func (l listPage) PageQuery(n int) string {
	q := url.Values{}
	for k, v := range l.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return q.Encode()
}

func (s *Server) proposalList(w http.ResponseWriter, r *http.Request, f store.ProposalFilter, call *app.CallPage, errs valid.Errors, refused []app.BatchItem) {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("page"))
	f.Limit, f.Offset = pageSize, (max(n, 1)-1)*pageSize
	list, err := s.app.Proposals(r.Context(), s.actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lp := listPage{ProposalList: list, Call: call, Page: list.Offset/pageSize + 1, Pages: (list.Total + pageSize - 1) / pageSize,
		From: list.Offset, Query: q, Methods: proposal.Methods}
	for _, it := range refused {
		lp.Refused = append(lp.Refused, refusal{it.ID, it.Title, i18n.T(lang(r), it.Problem.Key, it.Problem.Args...)})
	}
	if call != nil && userOf(r).Role.IsSo() {
		lp.Batch = true
		for _, t := range proposal.Transitions {
			if t.Batch {
				lp.Events = append(lp.Events, t.Event)
			}
		}
	}
	title := "title.proposals"
	if call != nil {
		title = call.Call.Title
	}
	p := s.page(r, title, lp)
	p.Form = q
	if errs != nil {
		p.Form, p.Errors = r.PostForm, errs
		s.showPage(w, r, http.StatusUnprocessableEntity, "proposals/list", p)
		return
	}
	s.showPage(w, r, http.StatusOK, "proposals/list", p)
}

func (s *Server) proposals(w http.ResponseWriter, r *http.Request) {
	s.proposalList(w, r, listFilter(r.URL.Query()), nil, nil, nil)
}

func (s *Server) callProposals(w http.ResponseWriter, r *http.Request) { s.callList(w, r, nil, nil) }

// callList shows a call's list of proposals, with problems of a batch.
func (s *Server) callList(w http.ResponseWriter, r *http.Request, errs valid.Errors, refused []app.BatchItem) {
	pg, err := s.app.Call(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := listFilter(r.URL.Query())
	f.CallID = pg.Call.ID
	s.proposalList(w, r, f, &pg, errs, refused)
}

func (s *Server) compareVersions(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	pg, err := s.app.Proposal(r.Context(), s.actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	last := len(pg.Versions)
	x, errA := strconv.Atoi(q.Get("a"))
	y, errB := strconv.Atoi(q.Get("b"))
	if errA != nil || errB != nil {
		x, y = max(last-1, 1), last
		if last < 2 {
			y = 0 // the only version against the current content
		}
	}
	if x < 0 || y < 0 || x > last || y > last {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	changes, err := s.app.Compare(r.Context(), s.actor(r), id, x, y)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.versions", map[string]any{"Page": pg, "Changes": changes, "A": x, "B": y})
	p.Form.Set("a", strconv.Itoa(x))
	p.Form.Set("b", strconv.Itoa(y))
	s.showPage(w, r, http.StatusOK, "proposals/versions", p)
}
