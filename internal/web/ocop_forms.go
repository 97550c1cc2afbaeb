package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khcn/internal/app"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/valid"
)

// ---- producers

func (s *Server) producerData(r *http.Request, edit bool) func() (any, error) {
	return s.placedData(r, edit, map[string]any{"Kinds": keyOpts(lang(r), "ocop.kind.", ocop.ProducerKinds)})
}

// placedData is the data of a form for a record placed in a unit: a new
// record offers today's communes and the former units.
func (s *Server) placedData(r *http.Request, edit bool, d map[string]any) func() (any, error) {
	return func() (any, error) {
		d["Edit"] = edit
		if !edit {
			c, err := s.app.OcopUnitChoices(r.Context(), s.actor(r))
			if err != nil {
				return nil, err
			}
			d["Current"], d["Former"] = unitOpts(c)
		}
		return d, nil
	}
}

// unitOpts turns unit choices into select options.
func unitOpts(c app.UnitChoices) ([]opt, []opt) {
	var cur, former []opt
	for _, u := range c.Current {
		cur = append(cur, opt{Value: u.ID, Text: u.Name})
	}
	for _, fd := range c.Former {
		g := opt{Text: fd.District.Name}
		for _, cm := range fd.Communes {
			g.Sub = append(g.Sub, opt{Value: cm.ID, Text: cm.Name + " (" + fd.District.Name + ")"})
		}
		former = append(former, g)
	}
	return cur, former
}

func producerInput(f url.Values) app.ProducerForm {
	return app.ProducerForm{ProducerInput: ocop.ProducerInput{Name: f.Get("name"), Kind: f.Get("kind"), RegNo: f.Get("reg_no"),
		Representative: f.Get("representative"), Phone: f.Get("phone"), Address: f.Get("address"), UnitID: f.Get("unit_id"),
		OrigAddress: f.Get("orig_address"), ConfirmDup: f.Get("confirm_dup") == "1"}, OrigUnitID: f.Get("orig_unit_id")}
}

// newForm shows an empty form for a new record placed in a unit: a
// commune's officer starts with their own commune.
func (s *Server) newForm(w http.ResponseWriter, r *http.Request, name, title string, data func() (any, error), prefill url.Values) {
	if !s.allowed(w, r, ocop.Edit, "") {
		return
	}
	d, err := data()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, title, d)
	if u := userOf(r); u != nil && u.Role.IsUnit() {
		p.Form.Set("unit_id", u.UnitID)
	}
	for k, v := range prefill {
		p.Form[k] = v
	}
	s.showPage(w, r, http.StatusOK, name, p)
}

func (s *Server) producerNew(w http.ResponseWriter, r *http.Request) {
	s.newForm(w, r, "ocop/producer_form", "ocop.title.producer_new", s.producerData(r, false), nil)
}

func (s *Server) producerCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	id, err := s.app.SaveProducer(r.Context(), s.actor(r), "", producerInput(r.PostForm))
	s.formDone(w, r, err, "ocop/producer_form", "ocop.title.producer_new", s.producerData(r, false), nil, "/ocop/producers/"+id, "flash.saved")
}

// producerEditData is the edit form's data, with the producer edited, so
// the form shown again after a problem still posts to its edit route.
func (s *Server) producerEditData(r *http.Request, id string) func() (any, error) {
	return func() (any, error) {
		p, err := s.app.Producer(r.Context(), s.actor(r), id)
		if err != nil {
			return nil, err
		}
		d, err := s.producerData(r, true)()
		if err == nil {
			d.(map[string]any)["Producer"] = p
		}
		return d, err
	}
}

func (s *Server) producerEdit(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Producer(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Edit, p.UnitPath) {
		return
	}
	d, err := s.producerEditData(r, p.ID)()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "ocop.title.producer_edit", d)
	pg.Form = producerValues(p)
	s.showPage(w, r, http.StatusOK, "ocop/producer_form", pg)
}

// producerValues is a stored producer as its form's values.
func producerValues(p ocop.Producer) url.Values {
	f := url.Values{}
	f.Set("name", p.Name)
	f.Set("kind", string(p.Kind))
	f.Set("reg_no", p.RegNo)
	f.Set("representative", p.Representative)
	f.Set("phone", p.Phone)
	f.Set("address", p.Address)
	f.Set("version", strconv.Itoa(p.Version))
	return f
}

func (s *Server) producerUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	id := r.PathValue("id")
	in := producerInput(r.PostForm)
	in.Version = version(r)
	_, err := s.app.SaveProducer(r.Context(), s.actor(r), id, in)
	s.formDone(w, r, err, "ocop/producer_form", "ocop.title.producer_edit", s.producerEditData(r, id), func() (url.Values, error) {
		p, err := s.app.Producer(r.Context(), s.actor(r), id)
		return producerValues(p), err
	}, "/ocop/producers/"+id, "flash.saved")
}

// ---- products

func (s *Server) productData(r *http.Request, edit bool) func() (any, error) {
	return func() (any, error) {
		v, err := s.ocopView(r)
		if err != nil {
			return nil, err
		}
		producers, err := s.app.Producers(r.Context(), s.actor(r))
		if err != nil {
			return nil, err
		}
		var popts []opt
		for _, p := range producers {
			if strings.HasPrefix(p.UnitPath, userOf(r).ScopePath) {
				popts = append(popts, opt{Value: p.ID, Text: p.Name + " — " + p.UnitName})
			}
		}
		return map[string]any{"Edit": edit, "V": v, "Groups": v.groupOpts(), "Subgroups": v.subgroupOpts(), "Producers": popts}, nil
	}
}

func productInput(r *http.Request) (app.ProductForm, error) {
	f := r.PostForm
	in := app.ProductForm{ProductInput: ocop.ProductInput{Code: f.Get("code"), Name: f.Get("name"), GroupCode: f.Get("group"),
		SubgroupCode: f.Get("subgroup"), Description: f.Get("description"), ProducerID: f.Get("producer_id")}, Version: version(r)}
	ups, err := uploads(r, "photos")
	for _, u := range ups {
		in.Photos = append(in.Photos, app.FileInput{Name: u.Name, Data: u.Data, Field: "photos"})
	}
	return in, err
}

func (s *Server) productNew(w http.ResponseWriter, r *http.Request) {
	s.newForm(w, r, "ocop/product_form", "ocop.title.product_new", s.productData(r, false), url.Values{"producer_id": {r.URL.Query().Get("producer")}})
}

// productEditData is the edit form's data, with the product edited, so the
// form shown again after a problem still posts to its edit route.
func (s *Server) productEditData(r *http.Request, id string) func() (any, error) {
	return func() (any, error) {
		pv, err := s.app.Product(r.Context(), s.actor(r), id)
		if err != nil {
			return nil, err
		}
		d, err := s.productData(r, true)()
		if err == nil {
			d.(map[string]any)["Product"] = pv.Product
		}
		return d, err
	}
}

func (s *Server) productSave(w http.ResponseWriter, r *http.Request, id string) {
	title, data := "ocop.title.product_new", s.productData(r, false)
	if id != "" {
		title, data = "ocop.title.product_edit", s.productEditData(r, id)
	}
	err := parseMultipart(w, r, 5*app.MaxFileSize)
	var in app.ProductForm
	if err == nil {
		in, err = productInput(r)
	}
	if err != nil {
		var errs valid.Errors
		if !tooLarge(err, &errs, "photos") {
			s.errorPage(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		err = errs
	} else {
		id, err = s.app.SaveProduct(r.Context(), s.actor(r), id, in)
	}
	var stored func() (url.Values, error)
	if title == "ocop.title.product_edit" {
		stored = func() (url.Values, error) {
			pv, err := s.app.Product(r.Context(), s.actor(r), id)
			return productValues(pv.Product), err
		}
	}
	s.formDone(w, r, err, "ocop/product_form", title, data, stored, "/ocop/products/"+id, "flash.saved")
}

func (s *Server) productCreate(w http.ResponseWriter, r *http.Request) { s.productSave(w, r, "") }
func (s *Server) productUpdate(w http.ResponseWriter, r *http.Request) {
	s.productSave(w, r, r.PathValue("id"))
}

func (s *Server) productEdit(w http.ResponseWriter, r *http.Request) {
	pv, err := s.app.Product(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Edit, pv.Product.UnitPath) {
		return
	}
	d, err := s.productEditData(r, pv.Product.ID)()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "ocop.title.product_edit", d)
	pg.Form = productValues(pv.Product)
	s.showPage(w, r, http.StatusOK, "ocop/product_form", pg)
}

// productValues is a stored product as its form's values.
func productValues(p ocop.Product) url.Values {
	f := url.Values{}
	for k, v := range map[string]string{"code": p.Code, "name": p.Name, "group": p.GroupCode, "subgroup": p.SubgroupCode,
		"description": p.Description, "producer_id": p.ProducerID, "version": strconv.Itoa(p.Version)} {
		f.Set(k, v)
	}
	return f
}

func (s *Server) productStatus(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	id := r.PathValue("id")
	err := s.app.ChangeProductStatus(r.Context(), s.actor(r), id, ocop.Transition(r.PostForm.Get("to")), version(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/ocop/products/"+id, "ocop.flash."+r.PostForm.Get("to"))
}

// ---- evaluations

func (s *Server) evalData(r *http.Request, productID string) func() (any, error) {
	return func() (any, error) {
		pv, err := s.app.Product(r.Context(), s.actor(r), productID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"Product": pv.Product, "Levels": keyOpts(lang(r), "ocop.level.", ocop.Levels)}, nil
	}
}

func evalInput(f url.Values) ocop.EvaluationInput {
	return ocop.EvaluationInput{Year: f.Get("year"), Level: f.Get("level"), A: f.Get("score_a"), B: f.Get("score_b"), C: f.Get("score_c"),
		Total: f.Get("total"), DecisionNo: f.Get("decision_no"), DecisionDate: f.Get("decision_date"), CertNo: f.Get("cert_no"), Issue: f.Get("issue_date")}
}

func (s *Server) evalNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.evalData(r, r.PathValue("id"))()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Evaluate, d.(map[string]any)["Product"].(ocop.Product).UnitPath) {
		return
	}
	p := s.page(r, "ocop.title.eval_new", d)
	p.Form.Set("year", strconv.Itoa(locale.Today(s.app.Now()).Year))
	p.Form.Set("level", string(ocop.Province))
	s.showPage(w, r, http.StatusOK, "ocop/eval_form", p)
}

func (s *Server) evalCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	pid := r.PathValue("id")
	_, err := s.app.SaveEvaluation(r.Context(), s.actor(r), pid, "", evalInput(r.PostForm), 0)
	s.formDone(w, r, err, "ocop/eval_form", "ocop.title.eval_new", s.evalData(r, pid), nil, "/ocop/products/"+pid, "ocop.flash.eval_saved")
}

// evalEditData is the edit form's data, with the evaluation edited, so the
// form shown again after a problem or a conflict posts to the edit route,
// never to the one that adds an evaluation.
func (s *Server) evalEditData(r *http.Request, ev ocop.Evaluation) func() (any, error) {
	data := s.evalData(r, ev.ProductID)
	return func() (any, error) {
		d, err := data()
		if err == nil {
			d.(map[string]any)["Eval"] = ev
		}
		return d, err
	}
}

// evalOf finds an evaluation and its product through the product page,
// which checks the actor may see it.
func (s *Server) evalOf(r *http.Request, id string) (ocop.Evaluation, string, error) {
	ev, err := s.app.Evaluation(r.Context(), s.actor(r), id)
	return ev, ev.ProductID, err
}

func (s *Server) evalEdit(w http.ResponseWriter, r *http.Request) {
	ev, _, err := s.evalOf(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.evalEditData(r, ev)()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Evaluate, d.(map[string]any)["Product"].(ocop.Product).UnitPath) {
		return
	}
	p := s.page(r, "ocop.title.eval_edit", d)
	p.Form = evalValues(ev)
	s.showPage(w, r, http.StatusOK, "ocop/eval_form", p)
}

// evalValues is a stored evaluation as its form's values.
func evalValues(ev ocop.Evaluation) url.Values {
	f := url.Values{}
	for k, v := range map[string]string{"year": strconv.Itoa(ev.Year), "level": string(ev.Level), "score_a": locale.Decimal(ev.A, 2),
		"score_b": locale.Decimal(ev.B, 2), "score_c": locale.Decimal(ev.C, 2), "total": locale.Decimal(ev.Total, 2), "decision_no": ev.DecisionNo,
		"decision_date": locale.Date(ev.DecisionDate), "cert_no": ev.CertNo, "issue_date": locale.Date(ev.IssueDate), "version": strconv.Itoa(ev.Version)} {
		f.Set(k, v)
	}
	return f
}

func (s *Server) evalUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	ev, pid, err := s.evalOf(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.app.SaveEvaluation(r.Context(), s.actor(r), pid, ev.ID, evalInput(r.PostForm), version(r))
	s.formDone(w, r, err, "ocop/eval_form", "ocop.title.eval_edit", s.evalEditData(r, ev), func() (url.Values, error) {
		ev, _, err := s.evalOf(r, ev.ID)
		return evalValues(ev), err
	}, "/ocop/products/"+pid, "ocop.flash.eval_saved")
}

func (s *Server) evalVerify(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	ev, pid, err := s.evalOf(r, r.PathValue("id"))
	if err == nil {
		err = s.app.VerifyEvaluation(r.Context(), s.actor(r), ev.ID, version(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := localPath(r.PostForm.Get("back"))
	if back == "/" {
		back = "/ocop/products/" + pid
	}
	s.redirect(w, r, back, "ocop.flash.verified")
}

// ---- upgrade plans

const planRows = 5

func (s *Server) planData(r *http.Request, productID string) func() (any, error) {
	return func() (any, error) {
		pv, err := s.app.Product(r.Context(), s.actor(r), productID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"Product": pv.Product, "Current": pv.Current, "Rated": pv.Rated, "Rows": planRows,
			"Statuses": keyOpts(lang(r), "ocop.plan.", ocop.PlanStatuses), "Handed": map[string]string{}}, nil
	}
}

func planInput(f url.Values) ocop.PlanInput {
	in := ocop.PlanInput{TargetStars: f.Get("target_stars"), Support: f.Get("support"), Deadline: f.Get("deadline"), Status: f.Get("status")}
	for i := 0; i < planRows; i++ {
		n := strconv.Itoa(i)
		in.Actions = append(in.Actions, ocop.ActionInput{ID: f.Get("aid_" + n), Text: f.Get("action_" + n), Due: f.Get("due_" + n), Done: f.Get("done_"+n) == "1"})
	}
	return in
}

func (s *Server) planNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.planData(r, r.PathValue("id"))()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Plan, d.(map[string]any)["Product"].(ocop.Product).UnitPath) {
		return
	}
	p := s.page(r, "ocop.title.plan_new", d)
	p.Form.Set("status", string(ocop.PlanOpen))
	s.showPage(w, r, http.StatusOK, "ocop/plan_form", p)
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	pid := r.PathValue("id")
	_, err := s.app.SavePlan(r.Context(), s.actor(r), pid, "", planInput(r.PostForm), 0)
	s.formDone(w, r, err, "ocop/plan_form", "ocop.title.plan_new", s.planData(r, pid), nil, "/ocop/products/"+pid, "flash.saved")
}

// planEditData is the edit form's data, with the plan edited and which of
// its steps were handed out as action items (their state is the item's).
func (s *Server) planEditData(r *http.Request, pl ocop.UpgradePlan, productID string) func() (any, error) {
	return func() (any, error) {
		d, err := s.planData(r, productID)()
		if err != nil {
			return nil, err
		}
		handed := d.(map[string]any)["Handed"].(map[string]string)
		for _, a := range pl.Actions {
			if a.ActionItemID != "" {
				handed[a.ID] = a.ActionItemID
			}
		}
		d.(map[string]any)["Plan"] = pl
		return d, nil
	}
}

func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) {
	pl, prod, err := s.app.Plan(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.planEditData(r, pl, prod.ID)()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Plan, prod.UnitPath) {
		return
	}
	p := s.page(r, "ocop.title.plan_edit", d)
	p.Form = planValues(pl)
	s.showPage(w, r, http.StatusOK, "ocop/plan_form", p)
}

// planValues is a stored plan as its form's values.
func planValues(pl ocop.UpgradePlan) url.Values {
	f := url.Values{}
	f.Set("target_stars", strconv.Itoa(pl.TargetStars))
	f.Set("support", pl.Support)
	f.Set("deadline", locale.Date(pl.Deadline))
	f.Set("status", string(pl.Status))
	f.Set("version", strconv.Itoa(pl.Version))
	for i, a := range pl.Actions {
		n := strconv.Itoa(i)
		f.Set("aid_"+n, a.ID)
		f.Set("action_"+n, a.Text)
		f.Set("due_"+n, locale.Date(a.Due))
		if a.Done {
			f.Set("done_"+n, "1")
		}
	}
	return f
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	pl, prod, err := s.app.Plan(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.app.SavePlan(r.Context(), s.actor(r), prod.ID, pl.ID, planInput(r.PostForm), version(r))
	s.formDone(w, r, err, "ocop/plan_form", "ocop.title.plan_edit", s.planEditData(r, pl, prod.ID), func() (url.Values, error) {
		pl, _, err := s.app.Plan(r.Context(), s.actor(r), pl.ID)
		return planValues(pl), err
	}, "/ocop/products/"+prod.ID, "flash.saved")
}

// planStepToAction hands a plan step to the product's commune as an action
// item; a stale page (the step already handed out) only gets a notice.
func (s *Server) planStepToAction(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	_, p, err := s.app.Plan(r.Context(), s.actor(r), r.PathValue("id"))
	if err == nil {
		_, err = s.app.PlanStepToAction(r.Context(), s.actor(r), r.PathValue("id"), r.PathValue("step"))
	}
	var errs valid.Errors
	back := "/ocop/products/" + p.ID + "#plan-" + r.PathValue("id")
	switch {
	case err == nil:
		s.redirect(w, r, back, "ocop.flash.step_handed")
	case errors.As(err, &errs), errors.Is(err, app.ErrConflict):
		s.redirect(w, r, back, "ocop.flash.step_not_open")
	default:
		s.fail(w, r, err)
	}
}

// ---- IP titles

// ipData is the IP form's data; the task picker offers the task chosen in
// the form (or stored, chosen) and the tasks matching what was searched.
func (s *Server) ipData(r *http.Request, edit bool, chosen string) func() (any, error) {
	d := map[string]any{"Kinds": keyOpts(lang(r), "ocop.ipkind.", ocop.IPKinds), "Statuses": keyOpts(lang(r), "ocop.ipstatus.", ocop.IPStatuses)}
	placed := s.placedData(r, edit, d)
	return func() (any, error) {
		if r.Method == http.MethodPost {
			chosen = r.PostForm.Get("task_id")
		}
		var err error
		if d["Tasks"], err = s.taskOpts(r, r.FormValue("task_q"), chosen); err != nil {
			return nil, err
		}
		return placed()
	}
}

// taskOpts are the choices of the task picker.
func (s *Server) taskOpts(r *http.Request, text, chosen string) ([]opt, error) {
	tasks, err := s.app.TaskChoices(r.Context(), s.actor(r), text, chosen)
	out := make([]opt, 0, len(tasks))
	for _, t := range tasks {
		if t.Unpublished {
			t.Label = i18n.T(lang(r), "ocop.task_unpublished")
		}
		out = append(out, opt{Value: t.ID, Text: t.Label})
	}
	return out, err
}

// ipTaskOptions answers the picker's script while the user types: the
// options of the task select.
func (s *Server) ipTaskOptions(w http.ResponseWriter, r *http.Request) {
	opts, err := s.taskOpts(r, r.URL.Query().Get("q"), r.URL.Query().Get("chosen"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "", map[string]any{"Tasks": opts})
	p.Form.Set("task_id", r.URL.Query().Get("chosen"))
	if err := s.rd.renderPart(w, "ocop/ip_form", "ocop.task-options", p); err != nil {
		s.fail(w, r, err)
	}
}

// findingTask re-shows the IP form when its "find task" button was pressed
// (without a script): nothing is saved, everything typed stays.
func (s *Server) findingTask(w http.ResponseWriter, r *http.Request, title string, data func() (any, error)) bool {
	if !r.PostForm.Has("find_task") {
		return false
	}
	d, err := data()
	if err != nil {
		s.fail(w, r, err)
		return true
	}
	p := s.page(r, title, d)
	p.Form = r.PostForm
	s.showPage(w, r, http.StatusOK, "ocop/ip_form", p)
	return true
}

func ipInput(r *http.Request) app.IPForm {
	f := r.PostForm
	return app.IPForm{IPInput: ocop.IPInput{Kind: f.Get("kind"), Name: f.Get("name"), Owner: f.Get("owner"), AppNo: f.Get("app_no"),
		AppDate: f.Get("app_date"), GrantNo: f.Get("grant_no"), GrantDate: f.Get("grant_date"), TermUntil: f.Get("term_until"),
		Status: f.Get("status"), ManagingOrg: f.Get("managing_org"), UsageRules: f.Get("usage_rules"), TaskRef: f.Get("task_ref")},
		TaskID: f.Get("task_id"), UnitID: f.Get("unit_id"), OrigUnitID: f.Get("orig_unit_id"), OrigAddress: f.Get("orig_address"),
		ProductCodes: strings.FieldsFunc(f.Get("products"), func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == ' ' }), Version: version(r)}
}

func (s *Server) ipNew(w http.ResponseWriter, r *http.Request) {
	s.newForm(w, r, "ocop/ip_form", "ocop.title.ip_new", s.ipData(r, false, ""), url.Values{"products": {r.URL.Query().Get("product")}})
}

func (s *Server) ipCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) || s.findingTask(w, r, "ocop.title.ip_new", s.ipData(r, false, "")) {
		return
	}
	id, err := s.app.SaveIP(r.Context(), s.actor(r), "", ipInput(r))
	s.formDone(w, r, err, "ocop/ip_form", "ocop.title.ip_new", s.ipData(r, false, ""), nil, "/ocop/ip/"+id, "flash.saved")
}

func (s *Server) ipEdit(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.IPTitle(r.Context(), s.actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.allowed(w, r, ocop.Edit, v.Title.UnitPath) {
		return
	}
	d, err := s.ipEditData(r, v.Title.ID)()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "ocop.title.ip_edit", d)
	p.Form = ipValues(v)
	s.showPage(w, r, http.StatusOK, "ocop/ip_form", p)
}

// ipValues is a stored IP title as its form's values.
func ipValues(v app.IPView) url.Values {
	f := url.Values{}
	t := v.Title
	var codes []string
	for _, pr := range v.Products {
		codes = append(codes, pr.Code)
	}
	for k, val := range map[string]string{"kind": string(t.Kind), "name": t.Name, "owner": t.Owner, "app_no": t.AppNo,
		"app_date": locale.Date(t.AppDate), "grant_no": t.GrantNo, "grant_date": locale.Date(t.GrantDate), "term_until": locale.Date(t.TermUntil),
		"status": string(t.Status), "managing_org": t.ManagingOrg, "usage_rules": t.UsageRules, "task_ref": t.TaskRef, "task_id": t.TaskID,
		"products": strings.Join(codes, "; "), "version": strconv.Itoa(t.Version)} {
		f.Set(k, val)
	}
	return f
}

// ipEditData is the edit form's data, with the title edited.
func (s *Server) ipEditData(r *http.Request, id string) func() (any, error) {
	return func() (any, error) {
		v, err := s.app.IPTitle(r.Context(), s.actor(r), id)
		if err != nil {
			return nil, err
		}
		d, err := s.ipData(r, true, v.Title.TaskID)()
		if err == nil {
			d.(map[string]any)["IP"] = v.Title
		}
		return d, err
	}
}

func (s *Server) ipUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if s.findingTask(w, r, "ocop.title.ip_edit", s.ipEditData(r, id)) {
		return
	}
	_, err := s.app.SaveIP(r.Context(), s.actor(r), id, ipInput(r))
	s.formDone(w, r, err, "ocop/ip_form", "ocop.title.ip_edit", s.ipEditData(r, id), func() (url.Values, error) {
		v, err := s.app.IPTitle(r.Context(), s.actor(r), id)
		return ipValues(v), err
	}, "/ocop/ip/"+id, "flash.saved")
}

func (s *Server) ipVerify(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := s.app.VerifyIP(r.Context(), s.actor(r), id, version(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/ocop/ip/"+id, "ocop.flash.verified")
}
