package web_test

import (
	"archive/zip"
	"context"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

func mustContain(t *testing.T, r webtest.Response, status int, want ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, excerpt(r.Body))
	}
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Fatalf("page lacks %q\n%s", w, excerpt(r.Body))
		}
	}
}

// The links between areas, page by page, on the demo data: a
// recommendation turned into a commune's draft, the task picker of an IP
// title, and the programme or call a meeting is about.
func TestLinkPages(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	ctx := context.Background()
	q := e.Store.Read()
	so, donganh, socson := e.Login("chuyenvien"), e.Login("canbo.donganh"), e.Login("canbo.socson")

	t.Run("recommendation to draft", func(t *testing.T) {
		recs, err := q.Recommendations(ctx, store.RecFilter{Text: "cụm công nghiệp làng nghề"})
		if err != nil || len(recs) != 1 {
			t.Fatalf("recommendation: %v %v", recs, err)
		}
		rec := "/recommendations/" + recs[0].ID
		links, _ := q.LinksOf(ctx, followup.TypeRecommendation, recs[0].ID)
		draft := "/proposals/" + links[0].ToID
		// The Sở sees what was made, without a way into the unsent draft.
		page := so.Get(rec)
		mustContain(t, page, 200, "Đã tạo", "Đề xuất nhiệm vụ:", "dự thảo, đơn vị chưa gửi Sở", `name="choice_proposal"`, "Xã Đông Anh – Đề xuất, đặt hàng")
		if strings.Contains(page.Body, `href="`+draft+`"`) {
			t.Fatal("the Sở is linked into the unit's draft")
		}
		if r := so.Get(draft); r.Status != 404 {
			t.Fatalf("the Sở opened the draft: %d", r.Status)
		}
		// The commune opens its draft from the recommendation, and back.
		mustContain(t, donganh.Get(rec), 200, `href="`+draft+`"`)
		mustContain(t, donganh.Get(draft), 200, "Được tạo từ", `href="`+rec+`"`)
		if r := socson.Get(draft); r.Status != 404 {
			t.Fatalf("another commune opened the draft: %d", r.Status)
		}
		// Nothing picked: the problem shows at the field; a unit may not convert.
		version := regexp.MustCompile(`id="convert-proposal">\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
		if version == nil {
			t.Fatalf("no conversion form\n%s", excerpt(page.Body))
		}
		form := url.Values{"version": {version[1]}, "choice_proposal": {""}}
		mustContain(t, so.PostForm(rec+"/convert/proposal", form), 422, `id="e-choice_proposal"`)
		if r := donganh.PostForm(rec+"/convert/proposal", form); r.Status != 403 {
			t.Fatalf("a commune converted: %d", r.Status)
		}
		// Another commune formed from the district gets its own draft.
		m := regexp.MustCompile(`<option value="([^"/]+/[^"]+)">Xã (?:Phúc Thịnh|Thư Lâm|Thiên Lộc|Vĩnh Thanh) – `).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("no other successor offered\n%s", excerpt(page.Body))
		}
		form.Set("choice_proposal", m[1])
		if r := so.PostForm(rec+"/convert/proposal", form); r.Status != 303 || r.Location != rec {
			t.Fatalf("convert %s: %d %s\n%s", m[1], r.Status, r.Location, excerpt(r.Body))
		}
		if l, _ := q.LinksOf(ctx, followup.TypeRecommendation, recs[0].ID); len(l) != 2 {
			t.Fatalf("links after the second draft: %+v", l)
		}
	})

	t.Run("IP title task picker", func(t *testing.T) {
		gialam := e.Login("canbo.gialam")
		tasks, err := q.ListProposals(ctx, store.ProposalFilter{Text: "Gốm Bát Tràng", States: []proposal.State{proposal.Published}})
		if err != nil || len(tasks) != 1 {
			t.Fatalf("task: %v %v", tasks, err)
		}
		task := tasks[0]
		mustContain(t, gialam.Get("/ocop/ip/new"), 200, `name="task_q"`, `name="find_task"`, `name="task_ref"`)
		// Without a script, "find" shows the matches and keeps what was typed.
		form := url.Values{"kind": {"collective"}, "name": {"Gốm sứ Bát Tràng"}, "owner": {"Hội Gốm sứ Bát Tràng"}, "app_no": {"4-2025-30001"},
			"app_date": {"10/03/2025"}, "status": {"filed"}, "unit_id": {demo.GiaLam}, "task_q": {"gom bat trang"}, "find_task": {"1"}}
		mustContain(t, gialam.PostForm("/ocop/ip", form), 200, `<option value="`+task.ID+`">`, `value="Gốm sứ Bát Tràng"`)
		if titles, _ := q.IPTitles(ctx, "/", "Gốm sứ Bát Tràng"); len(titles) != 0 {
			t.Fatal("finding a task saved the title")
		}
		// With a script, the options come as a fragment.
		r := gialam.Get("/ocop/ip/task-options?q=" + url.QueryEscape("gốm bát tràng"))
		mustContain(t, r, 200, `<option value="`+task.ID+`">`)
		if strings.Contains(r.Body, "<html") {
			t.Fatal("the fragment is a whole page")
		}
		if r := e.Client().Get("/ocop/ip/task-options?q=gom"); r.Status != 303 {
			t.Fatalf("the public searched tasks: %d", r.Status)
		}
		// An approved task the commune may not see is refused at the field.
		tea, _ := q.ListProposals(ctx, store.ProposalFilter{Text: "chè Sóc Sơn", States: []proposal.State{proposal.Approved}})
		form.Del("find_task")
		form.Set("task_id", tea[0].ID)
		mustContain(t, gialam.PostForm("/ocop/ip", form), 422, "Chỉ chọn được nhiệm vụ đã phê duyệt mà bạn được xem.", `value="Gốm sứ Bát Tràng"`)
		form.Set("task_id", task.ID)
		id := idOf(t, gialam.PostForm("/ocop/ip", form))
		// The commune formed from the proposing district opens the task itself.
		mustContain(t, gialam.Get("/ocop/ip/"+id), 200, `href="/proposals/`+task.ID+`"`, "Xây dựng nhãn hiệu tập thể")
		mustContain(t, so.Get("/proposals/"+task.ID), 200, "Văn bằng sở hữu trí tuệ từ nhiệm vụ", `href="/ocop/ip/`+id+`"`, "Chờ Sở xác minh")
		// The export names the task by its title.
		x := gialam.Get("/ocop/ip?format=xlsx")
		if sheet := documenttest.Squash(documenttest.Text(t, []byte(x.Body), "xlsx")); !strings.Contains(sheet, documenttest.Squash(task.Title)) {
			t.Errorf("the IP export lacks the task's title %q", task.Title)
		}
		// An edit with a mistake comes back to the same title, link kept.
		edit := url.Values{}
		for k, v := range form {
			edit[k] = v
		}
		edit.Set("app_date", "31/02/2025")
		edit.Set("version", "1")
		r = gialam.PostForm("/ocop/ip/"+id, edit)
		mustContain(t, r, 422, `action="/ocop/ip/`+id+`"`, `<option value="`+task.ID+`" selected>`)
	})

	t.Run("meeting concerns", func(t *testing.T) {
		calls, err := q.Calls(ctx, nil)
		if err != nil || len(calls) == 0 {
			t.Fatal(err)
		}
		ps, _ := q.Programmes(ctx)
		page := so.Get("/meetings/new")
		mustContain(t, page, 200, `<optgroup label="Chương trình">`, `value="programme/`+ps[0].ID+`"`, `value="call/`+calls[0].ID+`"`, `name="concerns_label"`)
		form := url.Values{"title": {"Làm việc về đợt đề xuất năm 2027"}, "date": {locale.Date(locale.Today(time.Now()))}, "place": {"Sở KH&CN"},
			"chair": {"Phó Giám đốc Sở"}, "organiser_id": {"hn-skhcn"}, "purpose": {"Rà soát đề xuất"}, "concerns": {"call/" + calls[0].ID}}
		r := so.PostForm("/meetings", form)
		if r.Status != 303 {
			t.Fatalf("create: %d\n%s", r.Status, excerpt(r.Body))
		}
		mustContain(t, so.Get(r.Location), 200, `href="/calls/`+calls[0].ID+`"`, html.EscapeString(calls[0].Title))
		mustContain(t, so.Get(r.Location+"/edit"), 200, `value="call/`+calls[0].ID+`" selected`)
		// A programme is named by code and title, linked to its page.
		form.Set("concerns", "programme/"+ps[0].ID)
		r = so.PostForm("/meetings", form)
		page = so.Get(r.Location)
		mustContain(t, page, 200, `Chương trình:</span> <a href="/programmes/`+ps[0].ID+`">07-CTr/TU – Đẩy mạnh phát triển`)
		if xml := docxXML(t, so.Get(r.Location+"/notice.docx")); !strings.Contains(xml, "Nội dung liên quan: Chương trình 07-CTr/TU – Đẩy mạnh phát triển") {
			t.Error("the conclusion notice does not name the programme")
		}
		// Something not in khcn stays free text; a bad pick is refused at the field.
		form.Set("concerns", "")
		form.Set("concerns_label", "Kế hoạch số 120/KH-UBND")
		mustContain(t, so.Get(so.PostForm("/meetings", form).Location), 200, "Kế hoạch số 120/KH-UBND")
		form.Set("concerns", "programme/khong-co")
		mustContain(t, so.PostForm("/meetings", form), 422, `id="e-concerns"`, `value="Làm việc về đợt đề xuất năm 2027"`)
	})
}

// A commune's upgrade plan step handed to it by the Sở as an action item:
// only the Sở hands out, once; the plan shows the item's state as it moves,
// overdue included, and the item links back to the plan.
func TestPlanStepHandedOut(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		officer, so := e.Login("canbo.melinh"), e.Login("chuyenvien")
		_, pid := registerProduct(t, e, officer, "Nấm sò sấy Mê Linh")
		today := locale.Today(e.App.Now())
		plan := url.Values{"target_stars": {"3"}, "deadline": {locale.Date(today.AddMonths(10))}, "status": {"open"},
			"action_0": {"Hoàn thiện hồ sơ công bố chất lượng"}, "due_0": {locale.Date(today.AddMonths(2))}, "action_1": {"Thiết kế bao bì"}}
		if r := officer.PostForm("/ocop/products/"+pid+"/plans", plan); r.Status != 303 {
			t.Fatalf("plan: %d\n%s", r.Status, excerpt(r.Body))
		}
		product := "/ocop/products/" + pid
		page := so.Get(product)
		hand := regexp.MustCompile(`action="(/ocop/plans/[0-9a-f-]+/steps/[0-9a-f-]+/action)"`).FindAllStringSubmatch(page.Body, -1)
		if len(hand) != 2 || strings.Contains(officer.Get(product).Body, "/action\"") {
			t.Fatalf("hand-out buttons: Sở %d, and the commune's page %v", len(hand), strings.Contains(officer.Get(product).Body, "/action\""))
		}
		if r := officer.PostForm(hand[0][1], nil); r.Status != 403 {
			t.Fatalf("a commune handed out its own step: %d", r.Status)
		}
		r := so.PostForm(hand[0][1], nil)
		if r.Status != 303 || !strings.HasPrefix(r.Location, product+"#plan-") {
			t.Fatalf("hand out: %d %s", r.Status, r.Location)
		}
		handed := func() string {
			t.Helper()
			m := regexp.MustCompile(`(?s)<span class="handed">(.*?)</li>`).FindStringSubmatch(so.Get(product).Body)
			if m == nil {
				t.Fatal("no handed step on the plan")
			}
			return m[1]
		}
		if got := handed(); !strings.Contains(got, "Đã giao thành việc được giao") || !strings.Contains(got, "Chưa thực hiện") || !strings.Contains(got, "Xã Mê Linh") {
			t.Fatalf("handed step: %s", got)
		}
		if r := so.PostForm(hand[0][1], nil); r.Status != 303 || !strings.Contains(so.Get(r.Location).Body, "Bước này đã được giao") {
			t.Fatalf("handed out twice: %d", r.Status)
		}
		items, err := e.Store.Read().Actions(context.Background(), store.ActionFilter{SourceType: followup.TypeOcopPlan}, 10)
		if err != nil || len(items) != 1 || items[0].OwnerUnitID != demo.MeLinh || items[0].Due != today.AddMonths(2) ||
			items[0].Title != "Hoàn thiện hồ sơ công bố chất lượng" {
			t.Fatalf("action item: %+v %v", items, err)
		}
		item := "/actions/" + items[0].ID
		mustContain(t, officer.Get(item), 200, "Kế hoạch nâng hạng OCOP:", `href="`+product+`#plan-`)
		mustContain(t, officer.Get("/actions"), 200, "Hoàn thiện hồ sơ công bố chất lượng")
		// The plan form shows the handed step's item instead of a done box.
		edit := regexp.MustCompile(`href="(/ocop/plans/[0-9a-f-]+/edit)"`).FindStringSubmatch(officer.Get(product).Body)
		mustContain(t, officer.Get(edit[1]), 200, `href="`+item+`"`, `name="done_1"`)
		if strings.Contains(officer.Get(edit[1]).Body, `name="done_0"`) {
			t.Fatal("a handed step can still be ticked done on the plan")
		}
		// The commune reports progress; the plan follows. Past its due date,
		// the step shows overdue without anyone storing it.
		v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(officer.Get(item).Body)
		if r := officer.PostForm(item+"/progress", url.Values{"status": {"in_progress"}, "note": {"Đã gửi mẫu kiểm nghiệm"}, "version": {v[1]}}); r.Status != 303 {
			t.Fatalf("progress: %d\n%s", r.Status, excerpt(r.Body))
		}
		if got := handed(); !strings.Contains(got, "Đang thực hiện") {
			t.Fatalf("in progress: %s", got)
		}
		e.App.Now = func() time.Time { return time.Now().AddDate(0, 3, 0) }
		so = e.Login("chuyenvien") // the old session has run out
		if got := handed(); !strings.Contains(got, "Quá hạn") {
			t.Fatalf("overdue: %s", got)
		}
	})
}

// docxXML is the body of a .docx download, as XML text.
func docxXML(t *testing.T, r webtest.Response) string {
	t.Helper()
	z, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
	if r.Status != 200 || err != nil {
		t.Fatalf("docx: %d %v", r.Status, err)
	}
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
