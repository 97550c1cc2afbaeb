package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"khcn/internal/account"
	"khcn/internal/app"
	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/ocop"
	"khcn/internal/webtest"
)

var idRe = regexp.MustCompile(`/ocop/(?:products|producers|ip)/([0-9a-f-]{36})`)

func idOf(t *testing.T, r webtest.Response) string {
	t.Helper()
	m := idRe.FindStringSubmatch(r.Location)
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("expected a redirect to a record, got %d %s\n%s", r.Status, r.Location, excerpt(r.Body))
	}
	return m[1]
}

func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}

// postMultipart submits a form with files like a browser.
func postMultipart(c *webtest.Client, e *webtest.Env, path string, fields url.Values, files map[string][]byte) webtest.Response {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for name, data := range files {
		field, fname, _ := strings.Cut(name, ":")
		fw, _ := w.CreateFormFile(field, fname)
		fw.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// registerProduct creates a producer and a product as the Mê Linh officer.
func registerProduct(t *testing.T, e *webtest.Env, c *webtest.Client, name string) (producer, product string) {
	t.Helper()
	producer = idOf(t, c.PostForm("/ocop/producers", url.Values{"name": {"HTX Nông nghiệp " + name}, "kind": {"cooperative"},
		"reg_no": {fmt.Sprintf("0109%06d", len(name)*7919%999999)}, "unit_id": {"hn-09022"}}))
	product = idOf(t, postMultipart(c, e, "/ocop/products", url.Values{"name": {name}, "group": {"1"}, "subgroup": {"1.2"},
		"producer_id": {producer}, "description": {"Sản phẩm thử nghiệm"}}, map[string][]byte{"photos:anh.png": pngBytes}))
	return producer, product
}

func TestOcopProductLifecycle(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		officer := e.Login("canbo.melinh")
		_, pid := registerProduct(t, e, officer, "Mật ong hoa nhãn Mê Linh")
		page := officer.Get("/ocop/products/" + pid)
		if page.Status != 200 || !strings.Contains(page.Body, "Mật ong hoa nhãn Mê Linh") || !strings.Contains(page.Body, "Đang soạn") || !strings.Contains(page.Body, "/files/") {
			t.Fatalf("product page: %d\n%s", page.Status, excerpt(page.Body))
		}
		version := func(c *webtest.Client) string {
			m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(c.Get("/ocop/products/" + pid).Body)
			if m == nil {
				t.Fatal("no version on the product page")
			}
			return m[1]
		}
		if r := officer.PostForm("/ocop/products/"+pid+"/status", url.Values{"to": {"propose"}, "version": {version(officer)}}); r.Status != 303 {
			t.Fatalf("propose: %d", r.Status)
		}
		today := locale.Today(e.App.Now())
		issue := today.AddMonths(-34)
		eval := url.Values{"year": {fmt.Sprint(issue.Year)}, "level": {"province"}, "score_a": {"30"}, "score_b": {"15"}, "score_c": {"20"},
			"total": {"66"}, "decision_no": {"12/QĐ-UBND"}, "decision_date": {locale.Date(issue.AddDays(-5))}, "cert_no": {"GCN-12"},
			"issue_date": {locale.Date(issue)}}
		// A total that does not match its parts is refused at the field, keeping what was typed.
		r := officer.PostForm("/ocop/products/"+pid+"/evaluations", eval)
		if r.Status != 422 || !strings.Contains(r.Body, "Tổng điểm phải bằng A &#43; B &#43; C = 65") || !strings.Contains(r.Body, `value="GCN-12"`) {
			t.Fatalf("mismatch: %d\n%s", r.Status, excerpt(r.Body))
		}
		eval.Set("total", "65")
		eval.Set("issue_date", locale.Date(issue.AddDays(-10)))
		if r := officer.PostForm("/ocop/products/"+pid+"/evaluations", eval); r.Status != 422 || !strings.Contains(r.Body, "không được trước ngày quyết định") {
			t.Fatalf("issued before decision accepted: %d", r.Status)
		}
		eval.Set("issue_date", locale.Date(issue))
		if r := officer.PostForm("/ocop/products/"+pid+"/evaluations", eval); r.Status != 303 {
			t.Fatalf("evaluation: %d\n%s", r.Status, excerpt(r.Body))
		}
		plan := url.Values{"target_stars": {"4"}, "deadline": {locale.Date(today.AddMonths(10))}, "status": {"open"},
			"support": {"Bao bì và truy xuất nguồn gốc"}, "action_0": {"Thiết kế bao bì"}, "due_0": {locale.Date(today.AddMonths(3))}}
		if r := officer.PostForm("/ocop/products/"+pid+"/plans", plan); r.Status != 303 {
			t.Fatalf("plan: %d\n%s", r.Status, excerpt(r.Body))
		}
		// Nothing public yet: not confirmed, not verified.
		if strings.Contains(e.Client().Get("/san-pham").Body, "Mật ong hoa nhãn Mê Linh") {
			t.Fatal("unconfirmed product is public")
		}
		leader := e.Login("lanhdao.melinh")
		if r := leader.PostForm("/ocop/products/"+pid+"/status", url.Values{"to": {"confirm"}, "version": {version(leader)}}); r.Status != 303 {
			t.Fatalf("confirm: %d", r.Status)
		}
		if strings.Contains(e.Client().Get("/san-pham").Body, "Mật ong hoa nhãn Mê Linh") {
			t.Fatal("unverified rating is public")
		}
		so := e.Login("chuyenvien")
		pending := so.Get("/ocop/pending")
		m := regexp.MustCompile(`/ocop/evaluations/([0-9a-f-]{36})/verify`).FindStringSubmatch(pending.Body)
		if m == nil {
			t.Fatalf("pending list lacks the evaluation:\n%s", excerpt(pending.Body))
		}
		if r := so.PostForm("/ocop/evaluations/"+m[1]+"/verify", url.Values{"version": {"1"}, "back": {"/ocop/pending"}}); r.Status != 303 {
			t.Fatalf("verify: %d", r.Status)
		}
		for _, path := range []string{"/ocop/expiring", "/ocop/upgrades", "/ocop/products?stars=3", "/ocop"} {
			if body := so.Get(path).Body; !strings.Contains(body, "Mật ong hoa nhãn Mê Linh") && path != "/ocop" {
				t.Errorf("%s does not list the product", path)
			}
		}
		dash := so.Get("/ocop")
		if dash.Status != 200 || strings.Count(dash.Body, `class="chart wide"`) != 4 || strings.Count(dash.Body, `class="chart narrow"`) != 4 || !strings.Contains(dash.Body, "Bảng số liệu") {
			t.Errorf("dashboard: %d, %d charts", dash.Status, strings.Count(dash.Body, "<svg"))
		}
		x := so.Get("/ocop/expiring?format=xlsx")
		table, err := ocop.ReadTable([]byte(x.Body))
		if err != nil || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") || !strings.Contains(fmt.Sprint(table), "Mật ong hoa nhãn Mê Linh") {
			t.Errorf("xlsx export: %v %v", err, table)
		}
		cat := e.Client().Get("/san-pham?q=mat+ong+hoa+nhan")
		if cat.Status != 200 || !strings.Contains(cat.Body, "Mật ong hoa nhãn Mê Linh") || !strings.Contains(cat.Body, "GCN-12") {
			t.Fatalf("catalogue: %d\n%s", cat.Status, excerpt(cat.Body))
		}
		if strings.Contains(e.Client().Get("/san-pham?stars=4").Body, "Mật ong hoa nhãn Mê Linh") {
			t.Error("star filter ignored")
		}
		// Photos of a confirmed product are public; the audit log has the changes.
		if m := regexp.MustCompile(`/files/([0-9a-f-]{36})`).FindStringSubmatch(officer.Get("/ocop/products/" + pid).Body); m == nil ||
			e.Client().Get("/files/"+m[1]).Status != 200 {
			t.Error("photo of a confirmed product not public")
		}
		audit := e.Login("admin").Get("/admin/audit?object=" + pid)
		for _, want := range []string{"ocop.product.create", "ocop.product.propose", "ocop.product.confirm"} {
			if !strings.Contains(audit.Body, want) {
				t.Errorf("audit lacks %s", want)
			}
		}
	})
}

// A unit edits only its own products; other communes see nothing of them.
func TestOcopAuthorisation(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	mel := e.Login("canbo.melinh")
	_, pid := registerProduct(t, e, mel, "Gạo nếp cái hoa vàng")
	soc := e.Login("canbo.socson")
	for _, path := range []string{"/ocop/products/" + pid, "/ocop/products/" + pid + "/edit", "/ocop/products/" + pid + "/evaluations/new"} {
		if r := soc.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("Sóc Sơn officer GET %s = %d", path, r.Status)
		}
	}
	if r := soc.PostForm("/ocop/products/"+pid+"/evaluations", url.Values{"year": {"2025"}}); r.Status != http.StatusForbidden {
		t.Errorf("Sóc Sơn officer records an evaluation: %d", r.Status)
	}
	if strings.Contains(soc.Get("/ocop/products").Body, "Gạo nếp cái hoa vàng") {
		t.Error("another commune's draft is listed")
	}
	// The leader confirms but does not edit; the council sees nothing.
	if r := e.Login("lanhdao.melinh").Get("/ocop/products/" + pid + "/edit"); r.Status != http.StatusForbidden {
		t.Errorf("leader edits: %d", r.Status)
	}
	if r := e.Login("chuyengia").Get("/ocop/products"); r.Status != http.StatusForbidden {
		t.Errorf("council lists products: %d", r.Status)
	}
	if r := e.Client().Get("/ocop/products/" + pid); r.Status != http.StatusSeeOther {
		t.Errorf("public opens an internal page: %d", r.Status)
	}
	// An officer may not place a producer in another commune.
	r := mel.PostForm("/ocop/producers", url.Values{"name": {"HTX Sóc Sơn"}, "kind": {"cooperative"}, "reg_no": {"0101888777"}, "unit_id": {"hn-00376"}})
	if r.Status != 422 || !strings.Contains(r.Body, "không thuộc phạm vi") {
		t.Errorf("producer in another commune: %d", r.Status)
	}
	// The Sở sees it.
	if r := e.Login("chuyenvien").Get("/ocop/products/" + pid); r.Status != 200 {
		t.Errorf("Sở: %d", r.Status)
	}
}

func TestOcopDuplicateProducerFlagged(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("canbo.melinh")
	form := url.Values{"name": {"Hợp tác xã Mật ong Tản Viên"}, "kind": {"cooperative"}, "reg_no": {"0500123456"}, "unit_id": {"hn-09022"}}
	idOf(t, c.PostForm("/ocop/producers", form))
	form.Set("name", "HTX mat ong Tan Vien")
	form.Set("reg_no", "0500999999")
	r := c.PostForm("/ocop/producers", form)
	if r.Status != 422 || !strings.Contains(r.Body, "Có thể trùng với chủ thể đã có") || !strings.Contains(r.Body, "confirm_dup") {
		t.Fatalf("similar name not flagged: %d", r.Status)
	}
	form.Set("confirm_dup", "1")
	id := idOf(t, c.PostForm("/ocop/producers", form))
	if body := c.Get("/ocop/producers/" + id).Body; !strings.Contains(body, "cần rà soát") {
		t.Error("saved duplicate not flagged")
	}
}

// A pre-2025 record is re-homed to today's commune and keeps its address.
func TestOcopRehomedProducer(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("chuyenvien")
	// Xã Tráng Việt (huyện Mê Linh) is one of the former communes of today's xã Mê Linh.
	set, err := e.Store.Read().UnitSet(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var former string
	for _, l := range set.FormedFrom("hn-09022", civil.New(2025, 6, 30)) {
		if len(set.SuccessorsOn(l.Unit.ID, civil.New(2026, 1, 1))) == 1 {
			former = l.Unit.ID
			break
		}
	}
	if former == "" {
		t.Fatal("no whole predecessor of xã Mê Linh")
	}
	id := idOf(t, c.PostForm("/ocop/producers", url.Values{"name": {"Hộ ông Nguyễn Văn Lúa"}, "kind": {"household"},
		"orig_unit_id": {former}, "orig_address": {"Thôn Hạ, huyện Mê Linh"}}))
	body := c.Get("/ocop/producers/" + id).Body
	if !strings.Contains(body, "Xã Mê Linh") || !strings.Contains(body, "Trước đây:") || !strings.Contains(body, "Thôn Hạ, huyện Mê Linh") {
		t.Fatalf("not re-homed:\n%s", excerpt(body))
	}
	// The officer of today's commune now edits it.
	if r := e.Login("canbo.melinh").Get("/ocop/producers/" + id + "/edit"); r.Status != 200 {
		t.Errorf("officer of the successor commune: %d", r.Status)
	}
}

// importAndWait follows an import's redirect to its progress page until
// the job ends, and returns the last page.
func importAndWait(t *testing.T, c *webtest.Client, r webtest.Response) webtest.Response {
	t.Helper()
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/imports/") {
		t.Fatalf("an import answers with its progress page: %d %s\n%s", r.Status, r.Location, excerpt(r.Body))
	}
	for range 500 {
		p := c.Get(r.Location)
		if p.Status != http.StatusOK {
			t.Fatalf("progress page: %d\n%s", p.Status, excerpt(p.Body))
		}
		if !strings.Contains(p.Body, `http-equiv="refresh"`) {
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the import never finished")
	return r
}

// Imports are all or nothing, with errors by row and column in Vietnamese.
func TestOcopImportErrors(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("canbo.melinh")
	products := "Mã sản phẩm,Tên sản phẩm,Nhóm,Phân nhóm,Chủ thể,Loại chủ thể,Số ĐKKD,Xã/phường\n" +
		"ML-01,Rau an toàn Mê Linh,Thực phẩm,1.1,HTX Rau Mê Linh,HTX,0109111222,Xã Mê Linh\n" +
		"ML-02,Hoa hồng Mê Linh,Sinh vật cảnh,Hoa,HTX Hoa Mê Linh,HTX,0109333444,Xã Mê Linh\n"
	bad := products + "ML-01,Trùng mã,Thực phẩm,1.1,HTX X,HTX,0109555666,Xã Mê Linh\n" +
		"ML-03,Sai xã,Thực phẩm,1.1,HTX Y,HTX,0109777888,Xã Sóc Sơn\n"
	r := importAndWait(t, c, postMultipart(c, e, "/ocop/import", url.Values{"kind": {"products"}}, map[string][]byte{"file:sp.csv": []byte(bad)}))
	for _, want := range []string{"không có dữ liệu nào được ghi", "<td>4</td><td>Mã sản phẩm</td>", "trùng với dòng 2",
		"<td>5</td><td>Xã/phường</td>", "không thuộc phạm vi"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("import errors lack %q", want)
		}
	}
	if strings.Contains(c.Get("/ocop/products").Body, "Rau an toàn Mê Linh") {
		t.Fatal("a refused import wrote rows")
	}
	r = importAndWait(t, c, postMultipart(c, e, "/ocop/import", url.Values{"kind": {"products"}}, map[string][]byte{"file:sp.csv": []byte(products)}))
	if !strings.Contains(r.Body, "Đã nhập xong 2 dòng") {
		t.Fatalf("good import: %d\n%s", r.Status, excerpt(r.Body))
	}
	evals := "Mã sản phẩm;Năm;Cấp;Điểm A;Điểm B;Điểm C;Tổng điểm;Số quyết định;Ngày quyết định;Số giấy chứng nhận;Ngày cấp\n" +
		"ML-01;2024;Tỉnh;30;20;25;75;5/QĐ-UBND;10/05/2024;GCN-5;15/05/2024\n" +
		"ML-02;2024;Tỉnh;41;20;25;86;6/QĐ-UBND;10/05/2024;GCN-6;15/05/2024\n"
	r = importAndWait(t, c, postMultipart(c, e, "/ocop/import", url.Values{"kind": {"evaluations"}}, map[string][]byte{"file:dg.csv": []byte(evals)}))
	if !strings.Contains(r.Body, "<td>3</td><td>Điểm A</td><td>Điểm phải từ 0 đến 40.") {
		t.Errorf("score error not at row 3, column Điểm A:\n%s", excerpt(r.Body))
	}
	// The downloaded template has the headers the importer looks for.
	tpl := c.Get("/ocop/import/template?kind=evaluations")
	table, err := ocop.ReadTable([]byte(tpl.Body))
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := ocop.Prepare(ocop.ImportEvaluations, table); len(errs) != 1 || errs[0].Key != "ocop.import.empty" {
		t.Errorf("template headers not recognised: %+v", errs)
	}
	r = postMultipart(c, e, "/ocop/import", url.Values{"kind": {"evaluations"}}, map[string][]byte{"file:dg.csv": []byte("not,a,table\n")})
	if !strings.Contains(r.Body, "Thiếu cột bắt buộc") {
		t.Error("missing columns not reported")
	}
}

// Two people editing the same product: the second save is refused at the
// form, with what they typed kept, instead of overwriting the first.
func TestOcopConcurrentEditRefused(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("canbo.melinh")
	producer, pid := registerProduct(t, e, c, "Chè búp Mê Linh")
	form := url.Values{"name": {"Chè búp khô Mê Linh"}, "group": {"1"}, "subgroup": {"1.5"}, "producer_id": {producer}, "version": {"1"}}
	if r := postMultipart(c, e, "/ocop/products/"+pid, form, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("first save: %d\n%s", r.Status, excerpt(r.Body))
	}
	form.Set("name", "Chè xanh Mê Linh")
	r := postMultipart(c, e, "/ocop/products/"+pid, form, nil)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Người khác vừa lưu thay đổi trước bạn") || !strings.Contains(r.Body, `value="Chè xanh Mê Linh"`) {
		t.Fatalf("stale save: %d", r.Status)
	}
	if body := c.Get("/ocop/products/" + pid).Body; !strings.Contains(body, "Chè búp khô Mê Linh") {
		t.Error("first save overwritten")
	}
}

// Product photos are checked by content: a renamed text file is refused at
// the field.
func TestOcopPhotoCheckedByContent(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	c := e.Login("canbo.melinh")
	producer := idOf(t, c.PostForm("/ocop/producers", url.Values{"name": {"HTX Gạo Mê Linh"}, "kind": {"cooperative"}, "reg_no": {"0109000111"}, "unit_id": {"hn-09022"}}))
	r := postMultipart(c, e, "/ocop/products", url.Values{"name": {"Gạo tám Mê Linh"}, "group": {"1"}, "subgroup": {"1.2"}, "producer_id": {producer}},
		map[string][]byte{"photos:anh.jpg": []byte("không phải ảnh")})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-photos"`) || !strings.Contains(r.Body, "PNG, JPEG") {
		t.Fatalf("fake photo: %d", r.Status)
	}
	if strings.Contains(c.Get("/ocop/products").Body, "Gạo tám Mê Linh") {
		t.Error("product saved with a refused photo")
	}
}

// Every page of the area renders with the full demo data, for each kind of
// user, in both languages, and the exports open.
func TestOcopPagesWithDemo(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.Steps()})
	items, err := e.App.OcopProducts(t.Context(), app.Actor{User: &account.User{Role: account.SoSpecialist, ScopePath: "/hn/"}}, app.OcopFilter{})
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	pid := items[0].ID
	pages := []string{"/ocop", "/ocop?unit=hn-09022", "/ocop/products", "/ocop/products?stars=3&group=1&q=gao", "/ocop/products/" + pid,
		"/ocop/producers", "/ocop/producers/" + items[0].ProducerID, "/ocop/ip", "/ocop/ip?kind=collective", "/ocop/expiring?months=12",
		"/ocop/upgrades?from=80", "/ocop/gaps", "/ocop/pending", "/ocop/import", "/ocop/products/new", "/ocop/producers/new", "/ocop/ip/new",
		"/ocop/products/" + pid + "/evaluations/new", "/ocop/products/" + pid + "/plans/new", "/san-pham", "/san-pham?stars=4&q=mat+ong"}
	for _, login := range []string{"chuyenvien", "lanhdao.so"} {
		c := e.Login(login)
		for _, lang := range []string{"vi", "en"} {
			c.Get("/lang/" + lang)
			for _, p := range pages {
				r := c.Get(p)
				if r.Status != 200 && !(login == "lanhdao.so" && r.Status == 403) {
					t.Errorf("%s %s %s: %d", login, lang, p, r.Status)
				}
				if strings.Contains(r.Body, "ocop.") && strings.Contains(r.Body, ">ocop.") {
					t.Errorf("%s %s: untranslated key", lang, p)
				}
			}
		}
	}
	// Years are labels, not quantities: "2021", never "2.021".
	if dash := e.Login("chuyenvien").Get("/ocop"); regexp.MustCompile(`>2\.0\d\d<|: 2\.0\d\d`).MatchString(dash.Body) || !strings.Contains(dash.Body, ">2024<") {
		t.Error("the OCOP chart by year labels years as numbers with a thousands dot")
	}
	officer := e.Login("canbo.melinh")
	if r := officer.Get("/ocop"); r.Status != 200 || !strings.Contains(r.Body, "Bưởi đỏ Đông Cao") && !strings.Contains(officer.Get("/ocop/products").Body, "Bưởi đỏ Đông Cao") {
		t.Error("Mê Linh officer does not see the product re-homed from Tráng Việt")
	}
	// The IP-title list finds titles by their commune's name: "me linh"
	// lists titles of Xã Mê Linh units whose own name does not say so.
	ipRows := regexp.MustCompile(`(?s)<tr>\s*<td><a href="/ocop/ip/[^"]+">([^<]+)</a>.*?</tr>`).FindAllStringSubmatch(e.Login("chuyenvien").Get("/ocop/ip?q=me+linh").Body, -1)
	byCommune := 0
	for _, row := range ipRows {
		if !strings.Contains(row[0], "Mê Linh") {
			t.Errorf("IP titles for me linh list %q, not of Mê Linh", row[1])
		}
		if !strings.Contains(row[1], "Mê Linh") {
			byCommune++
		}
	}
	if byCommune == 0 {
		t.Errorf("IP titles for me linh: none found by its commune's name among %d", len(ipRows))
	}
	pub := e.Client().Get("/san-pham")
	for _, mark := range []string{"Hoa Đan Phượng", "Gạo Đỗ Động", "Lụa Vạn Phúc", "Mật ong Tản Viên", "Trứng vịt Đông Lỗ", "Bưởi đỏ Đông Cao"} {
		if !strings.Contains(pub.Body, mark) {
			t.Errorf("catalogue lacks %s", mark)
		}
	}
	for _, p := range []string{"/ocop/products?format=xlsx", "/ocop/producers?format=xlsx", "/ocop/ip?format=xlsx", "/ocop/gaps?list=nomark&format=xlsx", "/ocop/pending?format=xlsx"} {
		x := e.Login("chuyenvien").Get(p)
		if table, err := ocop.ReadTable([]byte(x.Body)); err != nil || len(table) < 4 {
			t.Errorf("%s: %v, %d rows", p, err, len(table))
		}
	}
	if x := e.Client().Get("/san-pham?format=xlsx"); !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
		t.Error("public catalogue export")
	}
}
