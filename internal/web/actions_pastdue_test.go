package web_test

import (
	"net/url"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/webtest"
)

// An action item due yesterday is not accepted without a word: the form
// comes back with the warning and what was typed; confirmed, it saves.
func TestPastDueActionIsWarned(t *testing.T) {
	e := webtest.SQLite(t, webtest.Options{})
	so := e.Login("chuyenvien")
	yesterday := locale.Date(locale.Today(e.App.Now()).AddDays(-1))
	form := url.Values{"title": {"Báo cáo kết quả tuyên truyền Chương trình 07"}, "owner_unit_id": {demo.MeLinh}, "due": {yesterday},
		"assigner_unit_id": {"hn-skhcn-qlkh"}, "source_type": {"directive"}, "source_label": {"Chỉ đạo của Giám đốc Sở"}}
	r := so.PostForm("/actions", form)
	mustContain(t, r, 422, "đã qua", `name="confirm_past_due"`, "Báo cáo kết quả tuyên truyền Chương trình 07", yesterday)
	if strings.Count(r.Body, "Hạn hoàn thành "+yesterday+" đã qua") < 1 {
		t.Error("the warning does not name the date")
	}
	form.Set("confirm_past_due", "1")
	if r := so.PostForm("/actions", form); r.Status != 303 {
		t.Fatalf("confirmed: %d\n%s", r.Status, excerpt(r.Body))
	}
	// Today is not in the past.
	form.Del("confirm_past_due")
	form.Set("due", locale.Date(locale.Today(e.App.Now())))
	if r := so.PostForm("/actions", form); r.Status != 303 {
		t.Fatalf("due today: %d\n%s", r.Status, excerpt(r.Body))
	}
}
