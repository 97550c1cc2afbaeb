package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/document/documenttest"
	"khcn/internal/followup"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// withFollowups is the foundation plus the follow-ups of the story.
func withFollowups() webtest.Options {
	var steps []demo.Step
	for i, s := range demo.Steps() {
		if i < 2 || s.Name == "followups" {
			steps = append(steps, s)
		}
	}
	return webtest.Options{Steps: steps}
}

// storyIDs finds demo objects of a unit: an action item, a recommendation
// and a training event, with a file of the item.
type storyIDs struct{ action, actionFile, rec, training, meeting string }

func idsOf(t *testing.T, s *store.Store, unitID string) storyIDs {
	t.Helper()
	ctx := context.Background()
	q := s.Read()
	var ids storyIDs
	items, err := q.Actions(ctx, store.ActionFilter{OwnerUnitID: unitID}, 1000)
	if err != nil || len(items) == 0 {
		t.Fatalf("no action items of %s: %v", unitID, err)
	}
	ids.action = items[0].ID
	for _, it := range items {
		if files, _ := q.FilesOf(ctx, followup.TypeAction, it.ID); len(files) > 0 {
			ids.actionFile = files[0].ID
		}
	}
	if recs, _ := q.Recommendations(ctx, store.RecFilter{UnitID: unitID}); len(recs) > 0 {
		ids.rec = recs[0].ID
	}
	if ts, _ := q.Trainings(ctx, store.TrainingFilter{}); len(ts) > 0 {
		for _, tr := range ts {
			if tr.UnitID == unitID {
				ids.training = tr.ID
			}
		}
	}
	ms, _ := q.Meetings(ctx, store.MeetingFilter{})
	ids.meeting = ms[0].ID
	return ids
}

// Who may open what: a commune sees its own follow-ups and the former
// district's meeting it inherited, never another commune's; the public
// sees nothing here.
func TestFollowupsAuthorisation(t *testing.T) {
	webtest.Each(t, withFollowups(), func(t *testing.T, e *webtest.Env) {
		melinh, socson, dongAnh := idsOf(t, e.Store, demo.MeLinh), idsOf(t, e.Store, demo.SocSon), idsOf(t, e.Store, demo.DongAnh)
		if melinh.actionFile == "" || dongAnh.training == "" || socson.rec == "" {
			t.Fatalf("demo lacks objects: %+v %+v %+v", melinh, dongAnh, socson)
		}
		clients := map[string]*webtest.Client{"public": e.Client()}
		for _, l := range []string{"chuyenvien", "admin", "canbo.melinh", "lanhdao.melinh", "canbo.socson", "chuyengia"} {
			clients[l] = e.Login(l)
		}
		const ok, login, no = 200, 303, 403
		cases := []struct {
			path string
			want map[string]int
		}{
			{"/actions", map[string]int{"public": login, "chuyengia": no, "canbo.melinh": ok, "chuyenvien": ok}},
			{"/meetings", map[string]int{"public": login, "chuyengia": no, "canbo.melinh": ok}},
			{"/recommendations", map[string]int{"public": login, "chuyengia": no, "lanhdao.melinh": ok}},
			{"/trainings", map[string]int{"public": login, "chuyengia": no, "canbo.socson": ok}},
			{"/actions/" + melinh.action, map[string]int{"public": login, "canbo.melinh": ok, "lanhdao.melinh": ok, "canbo.socson": no, "chuyenvien": ok, "chuyengia": no}},
			{"/files/" + melinh.actionFile, map[string]int{"public": login, "canbo.melinh": ok, "canbo.socson": no, "chuyenvien": ok}},
			{"/recommendations/" + socson.rec, map[string]int{"public": login, "canbo.socson": ok, "canbo.melinh": no, "chuyenvien": ok}},
			{"/trainings/" + dongAnh.training, map[string]int{"public": login, "canbo.melinh": no, "chuyenvien": ok}},
			// The 2024 meeting was with the former districts: today's communes
			// formed from them read it; a council member does not.
			{"/meetings/" + melinh.meeting, map[string]int{"public": login, "canbo.melinh": ok, "canbo.socson": ok, "chuyenvien": ok, "chuyengia": no}},
			{"/meetings/" + melinh.meeting + "/notice.docx", map[string]int{"public": login, "canbo.melinh": ok, "chuyengia": no}},
			{"/meetings/" + melinh.meeting + "/edit", map[string]int{"canbo.melinh": no, "chuyenvien": ok}},
			{"/actions/new", map[string]int{"public": login, "canbo.melinh": no, "chuyenvien": ok}},
			{"/meetings/new", map[string]int{"canbo.melinh": no, "chuyenvien": ok}},
			{"/recommendations/new", map[string]int{"public": login, "canbo.melinh": ok, "chuyengia": no}},
			{"/admin/notifications", map[string]int{"public": login, "admin": ok, "chuyenvien": no, "canbo.melinh": no}},
			{"/admin/categories", map[string]int{"public": login, "admin": ok, "canbo.melinh": no}},
		}
		for _, c := range cases {
			for who, want := range c.want {
				if got := clients[who].Get(c.path); got.Status != want {
					t.Errorf("%s GET %s = %d, want %d", who, c.path, got.Status, want)
				}
			}
		}
		// Lists hold only the unit's own items.
		body := clients["canbo.melinh"].Get("/actions?status=all").Body
		if !strings.Contains(body, "Xã Mê Linh") || strings.Contains(body, "Xã Sóc Sơn") || strings.Contains(body, "Xã Đông Anh") {
			t.Error("Mê Linh's list shows other communes' items")
		}
		if body := clients["chuyenvien"].Get("/actions?status=all").Body; !strings.Contains(body, "Xã Sóc Sơn") || !strings.Contains(body, "Xã Mê Linh") {
			t.Error("the Sở's list misses units")
		}
		// On the shared meeting page a commune sees only its own items.
		body = clients["canbo.melinh"].Get("/meetings/" + melinh.meeting).Body
		if !strings.Contains(body, "Xã Mê Linh") || strings.Contains(body, "Xã Sóc Sơn") || strings.Contains(body, "Huyện Gia Lâm · 31/12/2024") {
			t.Error("the meeting page shows other communes' items to Mê Linh")
		}
		if body := clients["canbo.melinh"].Get("/recommendations").Body; strings.Contains(body, "gà đồi Sóc Sơn") {
			t.Error("Mê Linh sees Sóc Sơn's recommendation")
		}
		// Changes are refused the same way.
		form := url.Values{"status": {"in_progress"}, "note": {"x"}, "version": {"1"}}
		if r := clients["canbo.melinh"].PostForm("/actions/"+socson.action+"/progress", form); r.Status != no {
			t.Errorf("Mê Linh updated Sóc Sơn's item: %d", r.Status)
		}
		if r := clients["public"].PostForm("/recommendations", url.Values{"title": {"x"}}); r.Status != login {
			t.Errorf("public raised a recommendation: %d", r.Status)
		}
		if r := clients["canbo.melinh"].PostForm("/recommendations/"+melinh.rec+"/step/assigned", url.Values{"version": {"1"}}); r.Status != no {
			t.Errorf("a commune routed a recommendation: %d", r.Status)
		}
	})
}

// multipartPost sends a form with one file, as a browser does.
func multipartPost(c *webtest.Client, e *webtest.Env, path string, fields map[string]string, fileField, name string, data []byte) webtest.Response {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if fileField != "" {
		fw, _ := w.CreateFormFile(fileField, name)
		fw.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Bad input comes back at the field with what was typed; a stale form is a
// conflict shown at the form.
func TestFollowupFormsKeepInput(t *testing.T) {
	e := webtest.SQLite(t, withFollowups())
	melinh := e.Login("canbo.melinh")
	r := melinh.PostForm("/recommendations", url.Values{"category_id": {"training"}, "title": {""}, "description": {"Đề nghị Sở tổ chức tập huấn chuyển đổi số"},
		"desired_by": {"31/02/2026"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Ngày phải có dạng ngày/tháng/năm") ||
		!strings.Contains(r.Body, "Đề nghị Sở tổ chức tập huấn chuyển đổi số") {
		t.Fatalf("bad date: %d", r.Status)
	}
	r = melinh.PostForm("/recommendations", url.Values{"category_id": {"training"}, "title": {""}, "description": {"Đề nghị Sở tổ chức tập huấn chuyển đổi số"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-title"`) || !strings.Contains(r.Body, "tập huấn chuyển đổi số") {
		t.Fatalf("missing title: %d", r.Status)
	}

	ids := idsOf(t, e.Store, demo.MeLinh)
	item, _ := e.Store.Read().Action(context.Background(), ids.action)
	fields := map[string]string{"status": "done", "note": "Đã hoàn thành, có biên bản", "version": itoa(item.Version)}
	// An executable renamed to .pdf is refused by content.
	r = multipartPost(melinh, e, "/actions/"+ids.action+"/progress", fields, "evidence", "bien-ban.pdf", []byte("MZ\x90\x00 not a pdf"))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Loại tệp không được chấp nhận") || !strings.Contains(r.Body, "Đã hoàn thành, có biên bản") {
		t.Fatalf("bad evidence: %d", r.Status)
	}
	fields["version"] = "0"
	r = multipartPost(melinh, e, "/actions/"+ids.action+"/progress", fields, "evidence", "bien-ban.pdf", []byte("%PDF-1.4 biên bản"))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Người khác vừa lưu thay đổi trước bạn") {
		t.Fatalf("stale update: %d", r.Status)
	}
	fields["version"] = itoa(item.Version)
	r = multipartPost(melinh, e, "/actions/"+ids.action+"/progress", fields, "evidence", "bien-ban.pdf", []byte("%PDF-1.4 biên bản"))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	if body := melinh.Get("/actions/" + ids.action).Body; !strings.Contains(body, "bien-ban.pdf") || !strings.Contains(body, "Đã hoàn thành, có biên bản") {
		t.Error("evidence not on the item page")
	}
	// The Sở was told.
	if body := e.Login("chuyenvien").Get("/notifications").Body; !strings.Contains(body, "báo cáo đã hoàn thành") {
		t.Error("no notice to the assigning side")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The conclusion notice opens in LibreOffice and reads as a Decree 30 notice.
func TestConclusionNotice(t *testing.T) {
	e := webtest.SQLite(t, withFollowups())
	ids := idsOf(t, e.Store, demo.MeLinh)
	r := e.Login("chuyenvien").Get("/meetings/" + ids.meeting + "/notice.docx")
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), ".docx") {
		t.Fatalf("notice: %d %s", r.Status, r.Header.Get("Content-Disposition"))
	}
	text := documenttest.Squash(documenttest.Text(t, []byte(r.Body), "docx"))
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 125/TB-SKHCN", "Hà Nội, ngày 24 tháng 7 năm 2024",
		"THÔNG BÁO", "Kết luận của Phó Giám đốc Sở Phạm Văn Đức", "Huyện Mê Linh", "Đẩy mạnh công tác tuyên truyền", "ô nhiễm môi trường",
		"TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Nơi nhận:", "Lưu: VT, QLKH."} {
		if !strings.Contains(text, documenttest.Squash(want)) {
			t.Errorf("notice lacks %q", want)
		}
	}
}

// The Sở handles a commune's recommendation through the page's forms:
// route, answer (a blank answer is refused at its own form), convert into
// an action item; the commune sees each dated step and the link.
func TestRecommendationForms(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	melinh, so := e.Login("canbo.melinh"), e.Login("chuyenvien")
	r := melinh.PostForm("/recommendations", url.Values{"category_id": {"hitech_agri"}, "title": {"Hỗ trợ mô hình trồng hoa công nghệ cao"},
		"description": {"Đề nghị Sở hỗ trợ nhà màng cho hợp tác xã hoa Mê Linh."}, "beneficiaries": {"HTX hoa Mê Linh"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("raise: %d %s", r.Status, r.Body)
	}
	page := r.Location
	soID, _ := e.App.UserIDByLogin(context.Background(), "chuyenvien")
	r = so.PostForm(page+"/step/assigned", url.Values{"version": {"1"}, "division_id_assigned": {"hn-skhcn-qlcn"}, "assignee_id_assigned": {soID},
		"answer_due_assigned": {"01/01/2020"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-answer_due_assigned"`) {
		t.Fatalf("due in the past: %d", r.Status)
	}
	due := e.App.Now().AddDate(0, 0, 10).Format("02/01/2006")
	if r = so.PostForm(page+"/step/assigned", url.Values{"version": {"1"}, "division_id_assigned": {"hn-skhcn-qlcn"}, "assignee_id_assigned": {soID},
		"answer_due_assigned": {due}, "note_assigned": {"Nghiên cứu, trả lời"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("route: %d %s", r.Status, r.Body)
	}
	r = so.PostForm(page+"/step/answered", url.Values{"version": {"2"}, "note_answered": {" "}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-note_answered"`) || strings.Contains(r.Body, `id="e-note_declined"`) {
		t.Fatalf("blank answer: %d", r.Status)
	}
	if r = so.PostForm(page+"/step/answered", url.Values{"version": {"2"}, "note_answered": {"Sở đồng ý hỗ trợ trong năm nay."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d", r.Status)
	}
	r = so.PostForm(page+"/convert/action", url.Values{"version": {"3"}, "a_title": {"Hỗ trợ HTX hoa Mê Linh xây dựng nhà màng"},
		"a_owner_unit_id": {"hn-skhcn-qlcn"}, "a_due": {due}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("convert: %d %s", r.Status, r.Body)
	}
	body := melinh.Get(page).Body
	for _, want := range []string{"Đã tiếp nhận", "Đã giao xử lý", "Đã trả lời", "Đang thực hiện", "Sở đồng ý hỗ trợ trong năm nay.",
		"Đã chuyển thành", "Hỗ trợ HTX hoa Mê Linh xây dựng nhà màng"} {
		if !strings.Contains(body, want) {
			t.Errorf("the commune's page lacks %q", want)
		}
	}
	// The new item points back to the recommendation.
	items, _ := e.Store.Read().Actions(context.Background(), store.ActionFilter{SourceType: followup.TypeRecommendation}, 10)
	if len(items) != 1 || !strings.Contains(so.Get("/actions/"+items[0].ID).Body, "Hỗ trợ mô hình trồng hoa công nghệ cao") {
		t.Fatal("the action item does not link back")
	}
}

// The Sở's list downloads as a workbook that opens in LibreOffice.
func TestActionListExport(t *testing.T) {
	e := webtest.SQLite(t, withFollowups())
	r := e.Login("chuyenvien").Get("/actions?status=overdue&format=xlsx")
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d", r.Status)
	}
	text := documenttest.Squash(documenttest.Text(t, []byte(r.Body), "xlsx"))
	for _, want := range []string{"Theo dõi việc được giao", "Hạn hoàn thành", "31/12/2025", "Xã Mê Linh", "Quá hạn", "ô nhiễm"} {
		if !strings.Contains(text, documenttest.Squash(want)) {
			t.Errorf("workbook lacks %q", want)
		}
	}
	if strings.Contains(text, "Đã hoàn thành") {
		t.Error("done items in the overdue export")
	}
}

// The training list narrows to a unit (and the units under it) and a span,
// as a report's registry link opens it; its totals follow.
func TestTrainingListNarrowedToUnitAndSpan(t *testing.T) {
	e := webtest.SQLite(t, withFollowups())
	so := e.Login("chuyenvien")
	r := so.Get("/trainings?kind=training&status=held&unit=hn-250&from=15/12/2023&to=14/12/2024")
	mustContain(t, r, 200, "Đang lọc theo Huyện Mê Linh", "từ ngày 15/12/2023", "năm 2024", `name="unit" value="hn-250"`)
	for _, other := range []string{"huyện Sóc Sơn", "năm 2023", "năm 2022"} {
		if strings.Contains(r.Body, other) {
			t.Errorf("narrowed list shows %q", other)
		}
	}
	// Two courses held in the span; the 85 people of the answered
	// recommendation's course on 15/10/2024 count too.
	if !strings.Contains(r.Body, "<strong>3</strong>") {
		t.Errorf("held count:\n%s", excerpt(r.Body))
	}
	if r := so.Get("/trainings?unit=nope"); r.Status != http.StatusNotFound {
		t.Errorf("unknown unit: %d", r.Status)
	}
	if r := so.Get("/trainings?from=31/02/2024&to=x"); r.Status != http.StatusOK {
		t.Errorf("bad dates: %d", r.Status)
	}
}
