package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/demo"
	"khcn/internal/programme"
	"khcn/internal/webtest"
)

func periodID(t *testing.T, e *webtest.Env, programmeID, code string) string {
	t.Helper()
	ps, err := e.Store.Read().Periods(context.Background(), programmeID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == code {
			return p.ID
		}
	}
	t.Fatalf("no period %s", code)
	return ""
}

// Every programme route, for every kind of user.
func TestProgrammeAuthorisation(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demo.ProgrammeSteps()}, func(t *testing.T, e *webtest.Env) {
		clients := map[string]*webtest.Client{"public": e.Client()}
		for _, l := range []string{"chuyenvien", "lanhdao.so", "canbo.melinh", "lanhdao.melinh", "canbo.socson", "chuyengia"} {
			clients[l] = e.Login(l)
		}
		p07, p57 := "/programmes/"+demo.Programme07, "/programmes/"+demo.Programme57
		open := periodID(t, e, demo.Programme57, "2026")
		h1 := periodID(t, e, demo.Programme07, "2024-H1")
		const ok, login, forbidden = 200, 303, 403
		cases := []struct {
			path string
			want map[string]int
		}{
			{"/programmes", map[string]int{"public": login, "canbo.melinh": ok, "chuyenvien": ok, "chuyengia": forbidden}},
			{p07, map[string]int{"public": login, "canbo.melinh": ok, "lanhdao.so": ok}},
			{"/programmes/new", map[string]int{"chuyenvien": ok, "lanhdao.so": forbidden, "canbo.melinh": forbidden}},
			{p07 + "/edit", map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden}},
			{p07 + "/indicators/new", map[string]int{"chuyenvien": ok, "lanhdao.melinh": forbidden}},
			{p07 + "/targets", map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden, "public": login}},
			{p07 + "/dashboard", map[string]int{"public": login, "canbo.melinh": ok, "lanhdao.so": ok, "chuyengia": forbidden}},
			{p07 + "/dashboard?mode=today&view=year-2025", map[string]int{"chuyenvien": ok, "canbo.socson": ok}},
			{p07 + "/units/" + demo.MeLinh, map[string]int{"chuyenvien": ok, "canbo.melinh": ok}},
			// xã Mê Linh's open report: its own people and the Sở only.
			{"/reports/" + open + "/" + demo.MeLinh, map[string]int{"public": login, "canbo.melinh": ok, "lanhdao.melinh": ok, "chuyenvien": ok,
				"canbo.socson": forbidden, "chuyengia": forbidden}},
			// The former Mê Linh district's report is xã Mê Linh's history.
			{"/reports/" + h1 + "/hn-250", map[string]int{"canbo.melinh": ok, "canbo.socson": forbidden, "chuyenvien": ok}},
			{"/reports/" + open + "/" + demo.MeLinh + "/template.xlsx", map[string]int{"canbo.melinh": ok, "canbo.socson": forbidden}},
			{p57 + "/periods/" + open + "/completeness", map[string]int{"chuyenvien": ok, "lanhdao.so": ok, "canbo.melinh": forbidden}},
			{p07 + "/report.docx?view=" + h1, map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden}},
			{"/inspections", map[string]int{"canbo.melinh": ok, "chuyenvien": ok, "public": login}},
			{"/inspections/new", map[string]int{"chuyenvien": ok, "canbo.melinh": forbidden}},
			{"/conclusions", map[string]int{"chuyenvien": ok, "canbo.melinh": ok}},
			{"/reports", map[string]int{"canbo.melinh": ok, "lanhdao.melinh": ok, "chuyenvien": ok, "public": login}},
			{"/reports/" + open + "/hn-no-such", map[string]int{"chuyenvien": 404}},
		}
		for _, c := range cases {
			for who, want := range c.want {
				if got := clients[who].Get(c.path); got.Status != want {
					t.Errorf("%s GET %s = %d, want %d", who, c.path, got.Status, want)
				}
			}
		}
		// Writes are checked too: a commune officer cannot touch another
		// commune's report or configure a programme.
		if r := clients["canbo.socson"].PostForm("/reports/"+open+"/"+demo.MeLinh, url.Values{"version": {"1"}}); r.Status != forbidden {
			t.Errorf("Sóc Sơn saves Mê Linh's report: %d", r.Status)
		}
		if r := clients["canbo.melinh"].PostForm("/programmes", url.Values{"code": {"X"}}); r.Status != forbidden {
			t.Errorf("an officer creates a programme: %d", r.Status)
		}
	})
}

var rawKey = regexp.MustCompile(`>[^<]*\b(prog|dash|report|reports|insp|status|state|lock|vtype|agg|dir|pkind|cstatus|targets|completeness|import|step|err|warn|flash)\.[a-z_]+[a-z0-9_.]*`)

// Every programme page renders for the Sở and a commune in both languages,
// with no untranslated message key.
func TestProgrammePagesRender(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	open := periodID(t, e, demo.Programme57, "2026")
	h1 := periodID(t, e, demo.Programme07, "2024-H1")
	info, _ := e.Store.Read().Indicators(context.Background(), demo.Programme07)
	pages := []string{"/programmes", "/programmes/" + demo.Programme07, "/programmes/" + demo.Programme57, "/programmes/" + demo.Programme07 + "/dashboard",
		"/programmes/" + demo.Programme07 + "/dashboard?mode=today&view=year-2025", "/programmes/" + demo.Programme07 + "/indicators/" + info[2].ID,
		"/programmes/" + demo.Programme07 + "/units/" + demo.MeLinh, "/programmes/" + demo.Programme07 + "/units/hn-250",
		"/reports", "/reports/" + open + "/" + demo.MeLinh, "/reports/" + h1 + "/hn-250", "/inspections", "/conclusions"}
	so := []string{"/programmes/new", "/programmes/" + demo.Programme07 + "/edit", "/programmes/" + demo.Programme07 + "/indicators/" + info[0].ID + "/edit",
		"/programmes/" + demo.Programme07 + "/periods/new", "/programmes/" + demo.Programme07 + "/targets?period=" + h1,
		"/programmes/" + demo.Programme57 + "/periods/" + open + "/completeness", "/inspections/new"}
	for _, who := range []string{"chuyenvien", "canbo.melinh"} {
		c := e.Login(who)
		list := pages
		if who == "chuyenvien" {
			list = append(append([]string{}, pages...), so...)
		}
		for _, lang := range []string{"vi", "en"} {
			c.Get("/lang/" + lang)
			for _, p := range list {
				r := c.Get(p)
				if r.Status != http.StatusOK {
					t.Errorf("%s %s %s: %d", who, lang, p, r.Status)
					continue
				}
				if m := rawKey.FindString(r.Body); m != "" {
					t.Errorf("%s %s %s shows a raw key: %q", who, lang, p, m)
				}
			}
		}
	}
}

// A refused report form comes back with everything typed and the problem
// at the field, naming the indicator.
func TestReportFormKeepsInput(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	open := periodID(t, e, demo.Programme57, "2026")
	c := e.Login("canbo.melinh")
	path := "/reports/" + open + "/" + demo.MeLinh
	page := c.Get(path).Body
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	r := c.PostForm(path, url.Values{"version": {version}, "v.C_ONLINE": {"91,5"}, "v.C_SKILLS": {"N/A"}, "v.C_SKILLS.c": {"chưa có số"},
		"v.C_TASKS": {"12"}, "section1": {"Đã ban hành kế hoạch số 12/KH-UBND"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.Status)
	}
	for _, want := range []string{`value="N/A"`, `value="91,5"`, `value="12"`, "chưa có số", "Đã ban hành kế hoạch số 12/KH-UBND",
		"Số người dân được hướng dẫn kỹ năng số”: “N/A” không phải là số"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
}

// A count of things refuses "1,5" on the web form at its field, like an
// uploaded file does.
func TestReportFormRefusesPartCount(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	open := periodID(t, e, demo.Programme57, "2026")
	c := e.Login("canbo.melinh")
	path := "/reports/" + open + "/" + demo.MeLinh
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(c.Get(path).Body)[1]
	r := c.PostForm(path, url.Values{"version": {version}, "v.C_ONLINE": {"91,5"}, "v.C_TASKS": {"1,5"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.Status)
	}
	for _, want := range []string{`value="1,5"`, `value="91,5"`, `id="e-v.C_TASKS"`, "triển khai trên địa bàn” là số đếm, phải là số nguyên; “1,5” có phần thập phân"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
}

func uploadFile(t *testing.T, c *webtest.Client, e *webtest.Env, path, name string, data []byte) webtest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// The Excel round-trip through the pages: download the pre-filled
// template, upload it with a mistake (nothing saved, the problem by sheet,
// row and column), then corrected.
func TestReportExcelRoundTrip(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{Steps: demo.ProgrammeSteps()})
	open := periodID(t, e, demo.Programme57, "2026")
	c := e.Login("canbo.melinh")
	path := "/reports/" + open + "/" + demo.MeLinh
	tpl := c.Get(path + "/template.xlsx")
	if tpl.Status != 200 || !strings.Contains(tpl.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("template: %d %s", tpl.Status, tpl.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(strings.NewReader(tpl.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Báo cáo")
	skills := 0
	for i, r := range rows {
		if len(r) > 1 && r[1] == "C_SKILLS" {
			skills = i + 1
		}
	}
	cell := "H" + strconv.Itoa(skills)
	f.SetCellValue("Báo cáo", cell, "khoảng 1000")
	bad, _ := f.WriteToBuffer()
	r := uploadFile(t, c, e, path+"/upload", "bao-cao.xlsx", bad.Bytes())
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "<td>"+strconv.Itoa(skills)+"</td><td>H</td>") || !strings.Contains(r.Body, "“khoảng 1000” không phải là số") {
		t.Fatalf("upload with a mistake: %d\n%s", r.Status, r.Body[strings.Index(r.Body, "<main"):])
	}
	f.SetCellValue("Báo cáo", cell, 1000)
	good, _ := f.WriteToBuffer()
	if r := uploadFile(t, c, e, path+"/upload", "bao-cao.xlsx", good.Bytes()); r.Status != http.StatusSeeOther {
		t.Fatalf("corrected upload: %d", r.Status)
	}
	if body := c.Get(path).Body; !strings.Contains(body, `name="`+programme.Field("C_SKILLS")+`" value="1.000"`) {
		t.Error("uploaded value not shown")
	}
	// The same file again is refused: the report moved on since.
	if r := uploadFile(t, c, e, path+"/upload", "bao-cao.xlsx", good.Bytes()); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "đã được sửa sau khi tải mẫu") {
		t.Errorf("stale template accepted: %d", r.Status)
	}
}
