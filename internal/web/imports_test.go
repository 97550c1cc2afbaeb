package web_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/webtest"
)

// The past-task import fills its messages' arguments, tells a damaged .xlsx
// and an old .xls from a CSV in the wrong encoding, and accepts a title row
// above the header.
func TestPastTaskImportMessages(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		c := e.Login("chuyenvien")
		post := func(name string, data []byte) webtest.Response {
			return postMultipart(c, e, "/past-tasks/import", url.Values{}, map[string][]byte{"file:" + name: data})
		}
		r := post("a.csv", []byte("Mã số,Tên nhiệm vụ\nA-1,Một\nA-1,Hai\n"))
		if r.Status != 422 || !strings.Contains(r.Body, "Mã số trùng với dòng 2.") || strings.Contains(r.Body, "{0}") {
			t.Errorf("repeated code: %d\n%s", r.Status, excerpt(r.Body))
		}

		book := excelize.NewFile()
		for i, row := range [][]any{{"DANH MỤC NHIỆM VỤ ĐÃ THỰC HIỆN"}, {"Mã số", "Tên nhiệm vụ", "Năm bắt đầu"}, {"01C-2019", "Xử lý chất thải chăn nuôi", 2019}} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			book.SetSheetRow("Sheet1", cell, &row)
		}
		buf, _ := book.WriteToBuffer()
		data := buf.Bytes()

		r = post("cut.xlsx", data[:len(data)/2])
		if r.Status != 422 || !strings.Contains(r.Body, "Tệp .xlsx bị hỏng hoặc không đầy đủ") || strings.Contains(r.Body, "UTF-8 (khi lưu") {
			t.Errorf("truncated xlsx: %d\n%s", r.Status, excerpt(r.Body))
		}
		xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 600)...)
		r = post("cu.xls", xls)
		if r.Status != 422 || !strings.Contains(r.Body, "Tệp .xls (Excel 97–2003) không được hỗ trợ") {
			t.Errorf("old xls: %d\n%s", r.Status, excerpt(r.Body))
		}

		r = importAndWait(t, c, post("danh-muc.xlsx", data))
		if !strings.Contains(r.Body, "Nhập danh mục nhiệm vụ đã thực hiện") || !strings.Contains(r.Body, `href="/past-tasks"`) {
			t.Errorf("title row above the header: the job's page\n%s", excerpt(r.Body))
		}
		if !strings.Contains(c.Get("/past-tasks?q=chat+thai").Body, "01C-2019") {
			t.Error("the titled workbook's task was not imported")
		}
	})
}

// The past-task import runs through the background job queue, like the
// OCOP import: a refused file queues nothing and writes nothing; an
// accepted one answers with its progress page, which only its author
// reads, and the job writes every row in one transaction with one audit
// record.
func TestPastTaskImportIsAJob(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		c := e.Login("chuyenvien")
		q := e.Store.Read()
		count := func(query string) int {
			var n int
			if err := q.Scan(context.Background(), query, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		jobs, tasks := count("SELECT COUNT(*) FROM import_jobs"), count("SELECT COUNT(*) FROM past_tasks")
		bad := "Mã số,Tên nhiệm vụ,Năm bắt đầu\nB-1,Mô hình nuôi cá lồng,2020\nB-2,Ứng dụng IoT tưới tiêu,hai nghìn\n"
		r := postMultipart(c, e, "/past-tasks/import", url.Values{}, map[string][]byte{"file:b.csv": []byte(bad)})
		if r.Status != 422 || count("SELECT COUNT(*) FROM import_jobs") != jobs || count("SELECT COUNT(*) FROM past_tasks") != tasks {
			t.Fatalf("a refused file: %d, or it was queued or written", r.Status)
		}
		good := "Mã số,Tên nhiệm vụ,Năm bắt đầu\nB-1,Mô hình nuôi cá lồng,2020\nB-2,Ứng dụng IoT tưới tiêu,2021\nB-3,Chế biến sâu nông sản,2022\n"
		r = postMultipart(c, e, "/past-tasks/import", url.Values{}, map[string][]byte{"file:b.csv": []byte(good)})
		where := r.Location
		done := importAndWait(t, c, r)
		if !strings.Contains(done.Body, "Đã nhập xong 3 dòng.") || strings.Contains(done.Body, `role="alert"`) {
			t.Errorf("the job's outcome:\n%s", excerpt(done.Body))
		}
		if n := count("SELECT COUNT(*) FROM past_tasks"); n != tasks+3 {
			t.Errorf("%d tasks written, want 3", n-tasks)
		}
		if n := count("SELECT COUNT(*) FROM import_jobs WHERE kind = 'pasttasks' AND status = 'done' AND result = 3"); n != 1 {
			t.Errorf("%d done past-task jobs of 3 rows", n)
		}
		if n := count("SELECT COUNT(*) FROM audit_log WHERE action = 'pasttask.import'"); n != 1 {
			t.Errorf("%d audit records of the import", n)
		}
		if r := e.Login("lanhdao.so").Get(where); r.Status != 404 {
			t.Errorf("another person reads the job's page: %d", r.Status)
		}
	})
}

// The OCOP import names an old .xls and a damaged .xlsx at once, on its form.
func TestOcopImportOldAndDamagedFiles(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) { ocopOldAndDamaged(t, e) })
}

func ocopOldAndDamaged(t *testing.T, e *webtest.Env) {
	c := e.Login("canbo.melinh")
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 600)...)
	book := excelize.NewFile()
	buf, _ := book.WriteToBuffer()
	for name, want := range map[string]string{"cu.xls": "Excel 97–2003", "hong.xlsx": "bị hỏng hoặc không đầy đủ"} {
		data := xls
		if name == "hong.xlsx" {
			data = buf.Bytes()[:buf.Len()/2]
		}
		r := postMultipart(c, e, "/ocop/import", url.Values{"kind": {"products"}}, map[string][]byte{"file:" + name: data})
		if r.Status != 422 || !strings.Contains(r.Body, want) {
			t.Errorf("%s: %d\n%s", name, r.Status, excerpt(r.Body))
		}
	}
}
