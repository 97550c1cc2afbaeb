package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// demoIDs finds the demo's calls and a few proposals by title.
type demoIDs struct {
	c25, c27                          string
	mlDraft27, ssSent27, mlChanges25  string
	gomPublished25, teaApproved25     string
	notRecommended25, awaitingLeader5 string
	minutes                           string
}

func findDemo(t *testing.T, e *webtest.Env) demoIDs {
	t.Helper()
	ctx := context.Background()
	q := e.Store.Read()
	calls, err := q.Calls(ctx, nil)
	if err != nil || len(calls) != 3 { // with the 2027 grant call (councils)
		t.Fatalf("demo calls: %v", err)
	}
	ids := demoIDs{c27: calls[0].ID, c25: calls[2].ID}
	rows, err := q.ListProposals(ctx, store.ProposalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	find := func(call, words string) string {
		for _, r := range rows {
			if r.CallID == call && strings.Contains(r.Title, words) {
				return r.ID
			}
		}
		t.Fatalf("no demo proposal %q", words)
		return ""
	}
	ids.mlDraft27 = find(ids.c27, "sản xuất hoa chất lượng cao tại xã Mê Linh")
	ids.ssSent27 = find(ids.c27, "trang trại xã Sóc Sơn")
	ids.mlChanges25 = find(ids.c25, "chế phẩm sinh học xử lý chất thải chăn nuôi lợn tại các trang trại")
	ids.gomPublished25 = find(ids.c25, "Gốm Bát Tràng")
	ids.teaApproved25 = find(ids.c25, "chè Sóc Sơn")
	ids.notRecommended25 = find(ids.c25, "hộ kinh doanh cá thể")
	ids.awaitingLeader5 = find(ids.c25, "du lịch nông nghiệp")
	files, err := q.FilesOf(ctx, "proposal_minutes", ids.mlChanges25)
	if err != nil || len(files) != 1 {
		t.Fatalf("minutes: %v", err)
	}
	ids.minutes = files[0].ID
	return ids
}

func demoEnv(t *testing.T, fn func(t *testing.T, e *webtest.Env)) {
	webtest.Each(t, webtest.Options{Steps: demo.Steps()}, fn)
}

// Who may open what: each call and proposal page, for every kind of user.
// A unit never sees another unit's draft, nor the Sở's inside.
func TestProposalPagesAuthorisation(t *testing.T) {
	demoEnv(t, func(t *testing.T, e *webtest.Env) {
		ids := findDemo(t, e)
		clients := map[string]*webtest.Client{"public": e.Client()}
		for _, l := range []string{"chuyenvien", "lanhdao.so", "admin", "canbo.melinh", "lanhdao.melinh", "canbo.socson", "canbo.gialam", "chuyengia"} {
			clients[l] = e.Login(l)
		}
		const ok, login, forbidden, missing, back = 200, 303, 403, 404, 303
		cases := []struct {
			path string
			want map[string]int
		}{
			{"/calls", map[string]int{"public": login, "chuyenvien": ok, "canbo.melinh": ok, "chuyengia": forbidden}},
			{"/calls/new", map[string]int{"chuyenvien": ok, "lanhdao.so": ok, "admin": forbidden, "canbo.melinh": forbidden, "public": login}},
			{"/calls/rules", map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden}},
			{"/calls/" + ids.c27, map[string]int{"chuyenvien": ok, "canbo.melinh": ok, "canbo.socson": ok, "chuyengia": forbidden, "public": login}},
			// 2025 was addressed to the former districts: today's communes read it as history.
			{"/calls/" + ids.c25, map[string]int{"canbo.melinh": ok, "canbo.gialam": ok}},
			{"/calls/" + ids.c27 + "/edit", map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden}},
			{"/calls/" + ids.c27 + "/proposals/new", map[string]int{"canbo.melinh": ok, "lanhdao.melinh": ok, "chuyenvien": forbidden}},
			{"/calls/" + ids.c25 + "/proposals/new", map[string]int{"canbo.melinh": forbidden}},
			{"/calls/" + ids.c27 + "/similarity", map[string]int{"chuyenvien": ok, "lanhdao.so": ok, "canbo.melinh": forbidden, "lanhdao.melinh": forbidden}},
			{"/calls/" + ids.c25 + "/export/summary.xlsx", map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden, "public": login}},
			{"/calls/" + ids.c25 + "/export/approved.docx", map[string]int{"lanhdao.so": ok}},
			{"/proposals/" + ids.mlDraft27, map[string]int{"canbo.melinh": ok, "lanhdao.melinh": ok, "canbo.socson": missing, "chuyenvien": missing, "public": login}},
			{"/proposals/" + ids.mlDraft27 + "/edit", map[string]int{"canbo.melinh": ok, "canbo.socson": missing, "lanhdao.so": missing}},
			{"/proposals/" + ids.mlDraft27 + "/print.docx", map[string]int{"canbo.melinh": ok, "canbo.socson": missing}},
			{"/proposals/" + ids.ssSent27, map[string]int{"canbo.socson": ok, "chuyenvien": ok, "canbo.melinh": missing, "canbo.gialam": missing}},
			{"/proposals/" + ids.ssSent27 + "/edit", map[string]int{"canbo.socson": back}},
			{"/proposals/" + ids.mlChanges25 + "/versions", map[string]int{"canbo.melinh": ok, "chuyenvien": ok, "canbo.socson": missing}},
			{"/files/" + ids.minutes, map[string]int{"chuyenvien": ok, "canbo.melinh": missing, "public": login}},
			{"/past-tasks", map[string]int{"canbo.melinh": ok, "chuyenvien": ok, "public": login}},
			{"/public/calls", map[string]int{"public": ok, "canbo.melinh": ok}},
			{"/public/calls/" + ids.c25, map[string]int{"public": ok}},
			{"/public/calls/" + ids.c27, map[string]int{"public": missing, "chuyenvien": missing}},
			{"/public/calls/" + ids.c25 + "/approved.xlsx", map[string]int{"public": ok}},
			{"/public/calls/" + ids.c27 + "/approved.xlsx", map[string]int{"public": missing}},
		}
		for _, c := range cases {
			for who, want := range c.want {
				if got := clients[who].Get(c.path); got.Status != want {
					t.Errorf("%s GET %s = %d, want %d", who, c.path, got.Status, want)
				}
			}
		}

		// The unit's page of a proposal in the Sở's hands shows none of the
		// inside: not the council's recommendation, its minutes or notes.
		unit := clients["canbo.melinh"].Get("/proposals/" + ids.mlChanges25).Body
		so := clients["chuyenvien"].Get("/proposals/" + ids.mlChanges25).Body
		for _, inside := range []string{"Đề nghị thực hiện có điều chỉnh", "Biên bản họp hội đồng", "Ghi chú nội bộ", "Hội đồng tư vấn", "Quyết định chờ"} {
			if strings.Contains(unit, inside) {
				t.Errorf("the unit sees %q", inside)
			}
			if !strings.Contains(so, inside) {
				t.Errorf("the Sở does not see %q", inside)
			}
		}
		if !strings.Contains(unit, "Sở đang xem xét") {
			t.Error("the unit is not told its proposal is under review")
		}
		// A unit's own list folds internal states too.
		list := clients["canbo.melinh"].Get("/proposals?call=" + ids.c25).Body
		if strings.Contains(list, "Hội đồng đề nghị thực hiện") || strings.Contains(list, "Lấy ý kiến chuyên gia") || !strings.Contains(list, "Sở đang xem xét") {
			t.Error("internal states in the unit's list")
		}
		if strings.Contains(list, "Gốm Bát Tràng") {
			t.Error("Mê Linh lists Gia Lâm's proposals")
		}
	})
}

// Every action refuses the wrong people, by role and by unit.
func TestProposalActionsAuthorisation(t *testing.T) {
	demoEnv(t, func(t *testing.T, e *webtest.Env) {
		ids := findDemo(t, e)
		officer, otherUnit, specialist := e.Login("canbo.melinh"), e.Login("canbo.socson"), e.Login("chuyenvien")
		post := func(c *webtest.Client, path string, form url.Values, want int) webtest.Response {
			t.Helper()
			r := c.PostForm(path, form)
			if r.Status != want {
				t.Errorf("POST %s %v = %d, want %d", path, form, r.Status, want)
			}
			return r
		}
		move := func(event, version string) url.Values { return url.Values{"event": {event}, "version": {version}} }
		post(officer, "/proposals/"+ids.mlDraft27+"/move", move("leader_approve", "1"), http.StatusForbidden)
		post(otherUnit, "/proposals/"+ids.mlDraft27+"/move", move("request_approval", "1"), http.StatusNotFound)
		post(otherUnit, "/proposals/"+ids.mlDraft27+"/edit", url.Values{"title": {"x"}, "version": {"1"}}, http.StatusNotFound)
		post(otherUnit, "/proposals/"+ids.ssSent27+"/move", move("receive", "3"), http.StatusForbidden)
		post(officer, "/proposals/"+ids.mlChanges25+"/notes", url.Values{"note": {"x"}}, http.StatusForbidden)
		post(otherUnit, "/proposals/"+ids.mlChanges25+"/notes", url.Values{"note": {"x"}}, http.StatusNotFound)
		post(officer, "/proposals/"+ids.mlChanges25+"/pending", url.Values{"event": {"reject"}}, http.StatusForbidden)
		post(officer, "/calls/"+ids.c27+"/open", url.Values{"version": {"2"}}, http.StatusForbidden)
		post(e.Login("lanhdao.melinh"), "/calls/"+ids.c27+"/extensions", url.Values{"unit_id": {demo.MeLinh}}, http.StatusForbidden)
		post(officer, "/calls/"+ids.c27+"/publish", url.Values{"decision_ref": {"1/QĐ"}}, http.StatusForbidden)
		post(specialist, "/calls/"+ids.c25+"/publish", url.Values{"decision_ref": {"1/QĐ"}}, http.StatusForbidden)
		post(officer, "/past-tasks/import", url.Values{}, http.StatusForbidden)
		post(officer, "/calls/rules", url.Values{"body": {"{}"}}, http.StatusForbidden)
		// The specialist may screen, but approving into the plan is the leader's.
		post(specialist, "/proposals/"+ids.ssSent27+"/move", move("receive", "3"), http.StatusSeeOther)
		r := post(specialist, "/calls/"+ids.c25+"/apply", url.Values{"ids": {ids.awaitingLeader5}}, http.StatusNotFound)
		_ = r
		// A stale page conflicts instead of acting twice.
		r = post(specialist, "/proposals/"+ids.ssSent27+"/move", move("send_council", "3"), http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "Người khác vừa lưu thay đổi trước bạn") {
			t.Error("stale move without a conflict message")
		}
	})
}

// The draft form keeps what was typed, says what is wrong at each field,
// autosaves, and shows both versions when two people edit at once.
func TestProposalFormKeepsInputAndConflicts(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	ids := findDemo(t, e)
	officer, leader := e.Login("canbo.melinh"), e.Login("lanhdao.melinh")
	form := url.Values{"task_type": {"de_tai"}, "title": {"Ứng dụng nhà kính trồng lan hồ điệp"}, "objectives": {"Sản xuất 10.000 chậu lan"},
		"state_budget": {"một tỷ"}, "other_budget": {"200.000.000"}, "duration_months": {"99"}, "contact_email": {"sai@"}}
	r := officer.PostForm("/calls/"+ids.c27+"/proposals", form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", r.Status)
	}
	for _, want := range []string{`value="một tỷ"`, `value="200.000.000"`, "Nhập số tiền bằng đồng", "Nhập số tháng là số nguyên từ 6 đến 36",
		"Địa chỉ thư điện tử không hợp lệ", `id="e-state_budget"`, "Sản xuất 10.000 chậu lan"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	form.Set("state_budget", "1.000.000.000")
	form.Set("duration_months", "18")
	form.Set("contact_email", "hung@melinh.vn")
	r = officer.PostForm("/calls/"+ids.c27+"/proposals", form)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/edit") {
		t.Fatalf("create: %d %s", r.Status, r.Location)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.Location, "/proposals/"), "/edit")

	// Autosave answers in JSON with the new version.
	form.Set("version", "1")
	form.Set("objectives", "Sản xuất 12.000 chậu lan mỗi năm")
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/proposals/"+id+"/autosave", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.URL)
	r = officer.Do(req)
	var reply struct {
		Version int
		Message string
	}
	if err := json.Unmarshal([]byte(r.Body), &reply); err != nil || r.Status != 200 || reply.Version != 2 || !strings.Contains(reply.Message, "Đã tự động lưu") {
		t.Fatalf("autosave: %d %s", r.Status, r.Body)
	}
	// The leader's tab still holds version 1: saving conflicts, names who
	// saved, keeps what was typed and carries the stored version. (A form
	// posted without its base cannot be merged field by field; merge_test.go
	// covers the merge.)
	stale := url.Values{}
	for k, v := range form {
		stale[k] = v
	}
	stale.Set("title", "Tên trong tab cũ")
	r = leader.PostForm("/proposals/"+id+"/edit", stale)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("stale save: %d", r.Status)
	}
	for _, want := range []string{"Lê Văn Hùng đã lưu đề xuất này lúc", `value="Tên trong tab cũ"`, "Trang đã hiện bản mới nhất", "Ứng dụng nhà kính trồng lan hồ điệp",
		`name="version" value="2"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if got := e.Login("chuyenvien").Get("/proposals/" + id); got.Status != http.StatusNotFound {
		t.Error("the Sở reads a draft never sent")
	}
}

// The public page shows the published list and nothing else.
func TestPublicListLeaksNothing(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	ids := findDemo(t, e)
	body := e.Client().Get("/public/calls/" + ids.c25).Body
	for _, want := range []string{"Gốm Bát Tràng", "Hoa Mê Linh", "6789/QĐ-UBND", "Giao trực tiếp"} {
		if !strings.Contains(body, want) {
			t.Errorf("public list lacks %q", want)
		}
	}
	for _, secret := range []string{"chè Sóc Sơn", "hộ kinh doanh cá thể", "Phòng Kinh tế", "0243", "2.500.000.000", "Đã hoàn thiện", "dưa lưới"} {
		if strings.Contains(body, secret) {
			t.Errorf("public list shows %q", secret)
		}
	}
	if n := strings.Count(body, "<tr>") - 1; n != 3 {
		t.Errorf("public list has %d tasks, want 3", n)
	}
}

// Attachments are checked by content and size; a refused file comes back at
// its field with the typed text kept, and removing one keeps the rest.
func TestProposalAttachments(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	ids := findDemo(t, e)
	officer := e.Login("canbo.melinh")
	edit := officer.Get("/proposals/" + ids.mlDraft27 + "/edit").Body
	if !strings.Contains(edit, `name="version" value="1"`) {
		t.Fatal("edit form without version")
	}
	fields := map[string]string{"task_type": "de_tai", "title": "Ứng dụng công nghệ cao trong sản xuất hoa – bản có tệp", "version": "1"}
	r := multipartPost(officer, e, "/proposals/"+ids.mlDraft27+"/edit", fields, "files", "phieu-de-xuat.pdf", []byte("MZ\x90\x00 not a pdf"))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Loại tệp không được chấp nhận") || !strings.Contains(r.Body, "bản có tệp") {
		t.Fatalf("renamed executable: %d", r.Status)
	}
	pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	r = multipartPost(officer, e, "/proposals/"+ids.mlDraft27+"/edit", fields, "files", "Phiếu đề xuất có chữ ký.pdf", pdf)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	page := officer.Get("/proposals/" + ids.mlDraft27).Body
	if !strings.Contains(page, "Phiếu đề xuất có chữ ký.pdf") {
		t.Fatal("attachment not listed")
	}
	files, _ := e.Store.Read().FilesOf(context.Background(), "proposal", ids.mlDraft27)
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	if got := officer.Get("/files/" + files[0].ID); got.Status != http.StatusOK {
		t.Errorf("owner cannot download: %d", got.Status)
	}
	if got := e.Login("canbo.socson").Get("/files/" + files[0].ID); got.Status != http.StatusNotFound {
		t.Errorf("another unit downloads the draft's file: %d", got.Status)
	}
	fields["version"], fields["remove_files"] = "2", files[0].ID
	if r := multipartPost(officer, e, "/proposals/"+ids.mlDraft27+"/edit", fields, "", "", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.Status)
	}
	if files, _ := e.Store.Read().FilesOf(context.Background(), "proposal", ids.mlDraft27); len(files) != 0 {
		t.Fatal("file not removed")
	}
}

// A new legal regime is a new rule set, added as data and used by a call.
func TestNewRuleSetAsData(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	so := e.Login("chuyenvien")
	body := strings.Replace(strings.Replace(proposalDefaultJSON(t), `"A1-ĐXNV"`, `"BM-09"`, 1),
		`"Tên nhiệm vụ khoa học và công nghệ"`, `"Tên nhiệm vụ đề nghị tài trợ"`, 1)
	if r := so.PostForm("/calls/rules", url.Values{"body": {"{ not json"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Bộ mẫu không hợp lệ") {
		t.Fatalf("bad JSON: %d", r.Status)
	}
	if r := so.PostForm("/calls/rules", url.Values{"body": {body}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	form := so.Get("/calls/new").Body
	if !strings.Contains(form, `value="BM-09"`) {
		t.Fatal("new rule set not offered")
	}
	r := so.PostForm("/calls", url.Values{"plan_year": {"2027"}, "title": {"Đợt theo quy định mới"}, "rules": {"BM-09"},
		"start": {"01/11/2026"}, "end_window": {"31/12/2026"}, "end_screening": {"31/01/2027"}, "end_council": {"28/02/2027"},
		"end_approval": {"31/03/2027"}, "end_publication": {"30/04/2027"}, "areas": {"Chuyển đổi số"}, "unit_scope": {"communes"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("call: %d", r.Status)
	}
	if page := so.Get(r.Location).Body; !strings.Contains(page, "BM-09") {
		t.Fatal("call does not carry its rule set")
	}
}

func proposalDefaultJSON(t *testing.T) string {
	r, ok := proposal.Default("A1-ĐXNV")
	if !ok {
		t.Fatal("no A1")
	}
	return r.JSON()
}

// Each role's home page says what waits for it.
func TestProposalAttention(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	for login, want := range map[string]string{
		"lanhdao.so":      "đề xuất chờ phê duyệt vào danh mục",
		"chuyenvien":      "đề xuất mới gửi chờ tiếp nhận",
		"lanhdao.donganh": "đề xuất chờ bạn duyệt",
		"canbo.melinh":    "đề xuất đang soạn",
	} {
		if body := e.Login(login).Get("/").Body; !strings.Contains(body, want) {
			t.Errorf("%s's home lacks %q", login, want)
		}
	}
}
