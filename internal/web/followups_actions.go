package web

import (
	"net/http"
	"slices"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/document"
	"khcn/internal/followup"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

var actionStatusOrder = []string{"open", "overdue", "not_started", "in_progress", "done", "cancelled", "all"}

// actionList is the Sở's single list of what is open or overdue, by unit,
// source and due date with counts; for a unit, what it owes.
func (s *Server) actionList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := q.Get("status")
	if !slices.Contains(actionStatusOrder, status) {
		status = "open"
	}
	f := store.ActionFilter{Status: status, OwnerUnitID: q.Get("unit"), SourceType: q.Get("source"), Text: q.Get("q")}
	if status == "all" {
		f.Status = ""
	}
	// The page shows listRows rows at a time; the export has them all.
	pg := pageOf(r)
	var rows []int
	if q.Get("format") != "xlsx" {
		f.Offset, rows = pg.Offset(), []int{listRows}
	}
	list, err := s.app.Actions(r.Context(), s.actor(r), f, rows...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.More = list.More
	p := s.page(r, "title.fu.actions", map[string]any{"List": list, "Sources": followup.ActionSources, "Statuses": actionStatusOrder, "Pager": pg})
	if s.sendSheet(w, r, "viec-duoc-giao", func(l i18n.Lang) document.Sheet { return actionSheet(p, l, list) }) {
		return
	}
	p.Form = q
	p.Form.Set("status", status)
	s.showPage(w, r, http.StatusOK, "followups/actions", p)
}

// actionSheet is the list as a workbook, for reports to the leaders.
func actionSheet(p *Page, l i18n.Lang, list app.ActionList) document.Sheet {
	rows := make([][]any, 0, len(list.Items))
	for _, it := range list.Items {
		rows = append(rows, []any{it.Due, it.Title, p.UnitName(it.Owner), i18n.T(l, "fu.type."+it.Source.Type) + " " + it.Source.Label,
			i18n.T(l, "state.action."+string(it.Shown(p.Today))), it.DaysLate(p.Today)})
	}
	columns := cols(l, "fu.due", document.Date, "fu.action", document.Text, "fu.owner_unit", document.Text, "fu.source", document.Text,
		"label.status", document.Text, "fu.days_late_col", document.Int)
	for i, width := range []float64{16, 60, 24, 40, 16, 12} {
		columns[i].Width = width
	}
	return document.Sheet{Name: i18n.T(l, "fu.tab.actions"), Title: i18n.T(l, "title.fu.actions"), Rows: rows, Columns: columns}
}

// actionFormData is what the assign form needs: units one may assign to today.
func (s *Server) actionFormData(r *http.Request) (map[string]any, error) {
	units, err := s.app.UnitChoices(r.Context(), s.today())
	if err != nil {
		return nil, err
	}
	var so []orgunit.Unit
	for _, u := range units {
		if u.Kind == orgunit.Division {
			so = append(so, u)
		}
	}
	return map[string]any{"Units": units, "Assigners": so, "Sources": []string{followup.TypeDirective, followup.TypeInspection, followup.TypeReportReview}}, nil
}

func (s *Server) actionNew(w http.ResponseWriter, r *http.Request) {
	if !s.may(r, followup.ActionAssign) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	data, err := s.actionFormData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "title.fu.action_new", data)
	p.Form.Set("source_type", followup.TypeDirective)
	p.Form.Set("assigner_unit_id", userOf(r).UnitID)
	s.showPage(w, r, http.StatusOK, "followups/action_new", p)
}

func actionInput(f *form) app.ActionItemInput {
	return app.ActionItemInput{Title: f.text("title"), Description: f.text("description"), OwnerUnitID: f.str("owner_unit_id"),
		OwnerUserID: f.str("owner_user_id"), AssignerUnitID: f.str("assigner_unit_id"), AssignerName: f.str("assigner_name"),
		Due: f.date("due"), Source: followup.Ref{Type: f.str("source_type"), Label: f.str("source_label")}, ConfirmPastDue: f.str("confirm_past_due") != ""}
}

func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request) {
	submit(s, w, r, "form", actionInput, func(in app.ActionItemInput) (string, error) {
		id, err := s.app.CreateAction(r.Context(), s.actor(r), in)
		return "/actions/" + id, err
	}, "flash.fu.action_created", func(errs valid.Errors) {
		data, err := s.actionFormData(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showForm(w, r, "followups/action_new", "title.fu.action_new", data, errs)
	})
}

func (s *Server) actionPage(w http.ResponseWriter, r *http.Request) {
	s.showAction(w, r, http.StatusOK, nil)
}

// showAction renders an item's page, with problems of one of its forms.
func (s *Server) showAction(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) {
	v, err := s.app.ActionItem(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	assigner := account.Can(userOf(r), followup.ActionAssign, account.Unit(v.Item.Owner.Path))
	data := map[string]any{"V": v, "Next": nextActionStates(v.Item.Status, assigner)}
	if assigner {
		fd, err := s.actionFormData(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Units"], data["Assigners"] = fd["Units"], fd["Assigners"]
	}
	p := s.page(r, v.Item.Title, data)
	it := v.Item
	for k, val := range map[string]string{"title": it.Title, "description": it.Description, "owner_unit_id": it.OwnerUnitID,
		"owner_user_id": it.OwnerUserID, "assigner_unit_id": it.AssignerUnitID, "assigner_name": it.AssignerName,
		"due": locale.Date(it.Due), "source_label": it.Source.Label, "status": string(it.Status)} {
		p.Form.Set(k, val)
	}
	keepTyped(p, r, errs)
	s.showPage(w, r, status, "followups/action", p)
}

// nextActionStates are the states an update by this user may move an item
// to: cancelling and reopening only for the assigning side.
func nextActionStates(from followup.ActionStatus, assigner bool) []followup.ActionStatus {
	var out []followup.ActionStatus
	for _, to := range followup.ActionStatuses {
		if from.CanMove(to) && (assigner || !followup.AssignerOnly(from, to)) {
			out = append(out, to)
		}
	}
	return out
}

func (s *Server) actionEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	type edit struct {
		in      app.ActionItemInput
		version int
	}
	submit(s, w, r, "form", func(f *form) edit { return edit{actionInput(f), f.version()} }, func(e edit) (string, error) {
		return "/actions/" + id, s.app.EditAction(r.Context(), s.actor(r), id, e.version, e.in)
	}, "flash.saved", func(errs valid.Errors) { s.showAction(w, r, http.StatusUnprocessableEntity, errs) })
}

func (s *Server) actionProgress(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	submit(s, w, r, "evidence", func(f *form) app.ProgressInput {
		return app.ProgressInput{To: followup.ActionStatus(f.str("status")), Note: f.text("note"), Evidence: f.files("evidence"), Version: f.version()}
	}, func(in app.ProgressInput) (string, error) {
		return "/actions/" + id, s.app.UpdateProgress(r.Context(), s.actor(r), id, in)
	}, "flash.fu.progress_saved", func(errs valid.Errors) { s.showAction(w, r, http.StatusUnprocessableEntity, errs) })
}
